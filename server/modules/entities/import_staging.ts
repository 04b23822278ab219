/**
 * Where an entity import keeps its rows between validation and apply (entity_import_rows), and the bulk-load handling
 * of the directory's secondary indexes. Used by import_pipeline.ts.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/database';
import { PGliteWorkerClient } from '../../db/pglite_client';
import { marketEntities } from '../../db/schema';
import { keysLiteral } from '../../../domain/directory/name_bigrams';

/** A staged row: the complete values the record will have (blank cells already resolved to the stored values). */
export interface Staged {
  rowNumber: number; code: string; codeType: string; name: string; nameInitials: string; nameBigramKeys: number[]; entityType: string;
  legalRepresentative: string | null; address: string | null; regionCode: string; industryCode: string | null;
  businessScope: string | null; registeredOn: string | null; status: string; riskClass: string | null;
  abnormalList: boolean; seriousViolation: boolean; complaintsCount: number; ownerDepartmentId: string;
}

/** The node-postgres pool behind a drizzle handle, or null on the embedded database. */
export function postgresPool(db: Db): pg.Pool | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

const STAGE_COLUMNS = ['job_id', 'row_number', 'code', 'code_type', 'name', 'name_initials', 'name_bigram_keys', 'entity_type', 'legal_representative', 'address', 'region_code',
  'industry_code', 'business_scope', 'registered_on', 'status', 'risk_class', 'abnormal_list', 'serious_violation', 'complaints_count', 'owner_department_id'];

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;

/** COPY text format: \N for null, backslash escapes for the few characters that need them. */
function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  // Most fields need no escape: test once rather than run a replace with a callback on every field.
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** The rows as COPY text (one line per row, tab-separated). */
function copyText(jobId: string, rows: readonly Staged[]): string {
  return `${rows.map((r) => [jobId, r.rowNumber, r.code, r.codeType, r.name, r.nameInitials, keysLiteral(r.nameBigramKeys), r.entityType, r.legalRepresentative, r.address, r.regionCode,
    r.industryCode, r.businessScope, r.registeredOn, r.status, r.riskClass, r.abnormalList, r.seriousViolation, r.complaintsCount, r.ownerDepartmentId]
    .map(copyField).join('\t')).join('\n')}\n`;
}

const COPY_STAGE = `copy entity_import_rows (${STAGE_COLUMNS.join(', ')}) from stdin`;

/**
 * Staging goes through COPY on both databases (about twice as fast as INSERT … FROM unnest for these wide rows): a
 * stream on PostgreSQL, a blob handed to the embedded database's thread. Staging is scratch space, so the faster path
 * changes nothing that is kept.
 */
async function copyRows(pool: pg.Pool, text: string): Promise<void> {
  const client = await pool.connect();
  try {
    await pipeline(Readable.from([text]), client.query(copyFrom(COPY_STAGE)));
  } finally {
    client.release();
  }
}

export const ANALYZE_AFTER_ROWS = 10_000;

/** A bulk load: at least `minRows` rows, and more than the directory holds already. Tests lower it. */
export const BULK_LOAD = { minRows: 50_000 };

export async function isBulkLoad(tx: Db, staged: number): Promise<boolean> {
  if (staged < BULK_LOAD.minRows) return false;
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(sql`(select 1 from ${marketEntities} limit ${staged}) capped`);
  return (row?.n ?? 0) < staged;
}

/**
 * For a bulk load, building the secondary indexes (initials, region, industry, status, owner, name pieces) once after
 * the rows are in is two to three times faster than maintaining them row by row; likewise the foreign key to the
 * owner department is checked by one join when it is added back rather than by a trigger per row. They are dropped
 * and re-created from their own definitions (pg_indexes, pg_get_constraintdef), inside the import's transaction, so
 * the schema stays the migrations' and a failure rolls the drop back. The primary key stays; the code index stays too
 * unless the directory is empty (a first load): ON CONFLICT needs it, and an empty directory has nothing to conflict
 * with (duplicates within the file were removed before apply, so re-creating the unique index cannot fail).
 *
 * Returns the statements that put everything back, indexes first (the foreign key check then reads the owner index).
 */
export async function dropSecondaryIndexes(tx: Db, options: { readonly keepCode: boolean }): Promise<string[]> {
  const kept = options.keepCode ? ['market_entities_pkey', 'market_entities_code_uq'] : ['market_entities_pkey'];
  const indexes = await rowsOf<{ name: string; definition: string }>(tx, sql`select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and tablename = 'market_entities' and indexname <> all(${sql.param(kept)}::text[])`);
  const foreignKeys = await rowsOf<{ name: string; definition: string }>(tx, sql`select conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = 'market_entities'::regclass and contype = 'f' order by conname`);
  const quoted = (name: string) => `"${name.replaceAll('"', '')}"`;
  for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table market_entities drop constraint ${quoted(fk.name)}`));
  for (const index of indexes) await tx.execute(sql.raw(`drop index ${quoted(index.name)}`));
  return [
    ...indexes.map((i) => i.definition),
    ...foreignKeys.map((fk) => `alter table market_entities add constraint ${quoted(fk.name)} ${fk.definition}`),
  ];
}

/** True when the directory holds no record at all. */
export async function directoryIsEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(marketEntities).limit(1);
  return rows.length === 0;
}

/** Rows a raw INSERT/UPDATE wrote: node-postgres says rowCount, PGlite affectedRows. */
export function affectedRows(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}

/** Rows of a raw statement (node-postgres and PGlite both answer `{ rows }`). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** Writes validated rows to the job's staging rows with COPY. */
export async function stageRows(db: Db, jobId: string, rows: readonly Staged[]): Promise<void> {
  if (rows.length === 0) return;
  const text = copyText(jobId, rows);
  const pool = postgresPool(db);
  if (pool) {
    await copyRows(pool, text);
    return;
  }
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof PGliteWorkerClient)) throw new Error('stageRows: unknown database client');
  await client.query(COPY_STAGE.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([text]) });
}
