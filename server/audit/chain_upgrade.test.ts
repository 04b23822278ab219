/**
 * Upgrading a database with rows written before migration 0009 (row-hash version 1, events not
 * covered): it verifies after migrating, new rows use version 2, and tampering is still found —
 * including moving a new row back to version 1. Runs on the database SUIJI_TEST_DB selects.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { operationLog, roles } from '../db/schema';
import { rowHash, type HashedFields } from '../../domain/audit/row_hash';
import { appendOperation, GENESIS_HASH, storedRowHash, verifyChain } from './chain';

const TIMEOUT = 180_000;
const work = mkdtempSync(join(tmpdir(), 'suiji-chain-upgrade-'));
const onPg = process.env['SUIJI_TEST_DB'] === 'pg';
const adminUrl = process.env['SUIJI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `suiji_upgrade_${process.pid}`;
const pgUrl = (() => { const u = new URL(adminUrl); u.pathname = `/${dbName}`; return u.toString(); })();

/** The migration set as it was before 0009. */
function migrationsBefore0009(): string {
  const folder = join(work, 'migrations');
  cpSync(fileURLToPath(new URL('../db/migrations', import.meta.url)), folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx < 9) }));
  return folder;
}

const v1Row = (seq: number, summary: string): HashedFields => ({
  hashVersion: 1, seq, at: '2025-06-01T08:00:00.000Z', actorId: null, actorName: '旧系统', actorDepartmentId: null, actorRegionCode: null,
  action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null, ip: '10.0.0.1', method: 'POST', path: '/old', detail: { n: seq },
});

/** Writes two version-1 rows (the second with an event) the way the code before 0009 did. */
async function writeOldRows(query: (text: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (const [seq, summary] of [[1, '旧一'], [2, '旧二']] as const) {
    const row = v1Row(seq, summary);
    const hash = rowHash(prevHash, row);
    await query(
      `insert into operation_log (seq, at, actor_name, action, summary, outcome, ip, method, path, detail, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [row.seq, row.at, row.actorName, row.action, row.summary, row.outcome, row.ip, row.method, row.path, JSON.stringify(row.detail), prevHash, hash],
    );
    prevHash = hash;
  }
  await query(`insert into roles (key, name, data_scope, permissions, builtin) values ('system_admin', '系统管理员', 'all', '{monitor:operation-log:list}', true)`, []);
  await query(`insert into domain_events (operation_seq, type, payload, at) values (2, 'DemoDataLoaded', '{"type":"DemoDataLoaded","seed":"s","entities":1}'::jsonb, $1)`, ['2025-06-01T08:00:00.000Z']);
}

async function oldDatabase(): Promise<Database> {
  const migrationsFolder = migrationsBefore0009();
  if (onPg) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName} template template0 encoding 'UTF8'`);
    await admin.end();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await migrateNodePg(drizzleNodePg({ client }), { migrationsFolder });
    await writeOldRows((text, params) => client.query(text, params));
    await client.end();
    return openDatabase({ kind: 'postgres', url: pgUrl, poolSize: 2 });
  }
  mkdirSync(join(work, 'data'), { recursive: true });
  const client = await PGlite.create(join(work, 'data', 'pgdata'), { extensions: { pg_trgm } });
  await migratePglite(drizzlePglite({ client }), { migrationsFolder });
  await writeOldRows((text, params) => client.query(text, params));
  await client.close();
  return openDatabase({ kind: 'pglite', dataDir: join(work, 'data') });
}

describe('row-hash versions across migration 0009', () => {
  let database: Database;
  beforeAll(async () => { database = await oldDatabase(); }, TIMEOUT);
  afterAll(async () => {
    await database?.close();
    if (onPg) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    rmSync(work, { recursive: true, force: true });
  });

  const asSuperuser = (statement: ReturnType<typeof sql>) => database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });

  it('verifies the old rows after migrating, and chains new rows with version 2 over them', async () => {
    const old = await database.db.select({ seq: operationLog.seq, hashVersion: operationLog.hashVersion }).from(operationLog).orderBy(asc(operationLog.seq));
    expect(old).toEqual([{ seq: 1, hashVersion: 1 }, { seq: 2, hashVersion: 1 }]);
    expect(await verifyChain(database.db)).toMatchObject({ ok: true, rows: 2 });
    // The built-in 系统管理员 of an existing installation gets the new permission (later migrations may add others).
    const [admin] = await database.db.select({ permissions: roles.permissions }).from(roles).where(eq(roles.key, 'system_admin'));
    expect(admin?.permissions.slice(0, 2)).toEqual(['monitor:operation-log:list', 'monitor:audit:checkpoint']);
    for (const summary of ['新一', '新二']) {
      await database.db.transaction((tx) => appendOperation(tx, {
        actor: null, action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null, ip: null, method: 'POST', path: '/new', detail: {},
      }, new Date('2026-12-06T08:00:00Z'), [{ type: 'DemoDataLoaded', seed: 'new', entities: 2 }]));
    }
    const [row] = await database.db.select().from(operationLog).where(eq(operationLog.seq, 3));
    expect(row).toMatchObject({ hashVersion: 2 });
    expect(await verifyChain(database.db)).toMatchObject({ ok: true, rows: 4 });
  });

  it('still finds an edited old row, an edited new event, and a new row moved back to version 1', async () => {
    await asSuperuser(sql`update operation_log set summary = '旧一（改）' where seq = 1`);
    expect(await verifyChain(database.db)).toMatchObject({ ok: false, seq: 1, problem: 'edited' });
    await asSuperuser(sql`update operation_log set summary = '旧一' where seq = 1`);

    await asSuperuser(sql`update domain_events set payload = jsonb_set(payload, '{seed}', '"forged"') where operation_seq = 3`);
    expect(await verifyChain(database.db)).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
    await asSuperuser(sql`update domain_events set payload = jsonb_set(payload, '{seed}', '"new"') where operation_seq = 3`);
    expect((await verifyChain(database.db)).ok).toBe(true);

    // Version 1 ignores events: the last row moved back to it, with its hash recomputed so, would
    // hide a forged event — but a row after a version-2 row can never be version 1.
    const [last] = await database.db.select().from(operationLog).where(eq(operationLog.seq, 4));
    const downgraded = storedRowHash(last!.prevHash, { ...last!, hashVersion: 1, detail: {}, outcome: 'success' });
    await asSuperuser(sql`update operation_log set hash_version = 1, hash = ${downgraded} where seq = 4`);
    expect(await verifyChain(database.db)).toMatchObject({ ok: false, seq: 4, problem: 'edited', message: expect.stringMatching(/哈希版本/) as unknown });
  });
});
