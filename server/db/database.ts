/**
 * Opens the database: PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in a
 * worker thread with its data in DATA_DIR. Both are driven through drizzle with one schema and
 * one migration set (server/db/migrations), applied here at start.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as schema from './schema';
import { lockDataDir } from './lock';
import { PGliteWorkerClient } from './pglite_client';

export type Schema = typeof schema;
/** The handle every store takes: the same type on both drivers (and for a transaction). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Embedded only: the migrated data directory as a tarball (a template for tests). */
  dumpDataDir?(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null; template?: Uint8Array };

const migrationsFolder = join(fileURLToPath(new URL('.', import.meta.url)), 'migrations');
const MIGRATION_LOCK = 73_010_001;

// int8 and numeric come back as strings from node-postgres; counts are cast in SQL, ids are uuids.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover) must not crash the app: the pool
    // drops it and opens a new one on the next query.
    pool.on('error', (error) => { process.stderr.write(`PostgreSQL 空闲连接中断：${error.message}\n`); });
    // Several app instances may start at once against one PostgreSQL: migrate under a lock.
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
    return { kind: 'postgres', db, close: () => pool.end() };
  }
  const release = target.dataDir ? lockDataDir(target.dataDir) : () => undefined;
  let client: PGliteWorkerClient;
  try {
    client = await PGliteWorkerClient.open(target.dataDir ? join(target.dataDir, 'pgdata') : null, target.template);
  } catch (error) {
    release();
    throw error;
  }
  // The worker client implements the part of PGlite's interface drizzle uses (query, exec, transaction).
  const db = drizzlePglite({ client: client as unknown as PGlite, schema }) as unknown as Db;
  await migratePglite(db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    dumpDataDir: () => client.dumpDataDir(),
    close: async () => {
      await client.close();
      release();
    },
  };
}
