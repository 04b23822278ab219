/**
 * Where an entity import keeps its rows between validation and apply (entity_import_rows). Used by import_pipeline.ts
 * and pending_import.ts.
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
import { addPhase, timed } from '../../import/phase_times';

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
  const started = performance.now();
  const text = copyText(jobId, rows);
  addPhase('stage: COPY text (JS)', performance.now() - started);
  const pool = postgresPool(db);
  if (pool) {
    await timed('stage: COPY into staging (db)', () => copyRows(pool, text));
    return;
  }
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof PGliteWorkerClient)) throw new Error('stageRows: unknown database client');
  await timed('stage: COPY into staging (db)', () => client.query(COPY_STAGE.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([text]) }));
}
