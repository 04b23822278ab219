/**
 * The database a bench's server runs on, shared by bench/api_bench.ts, bench/results_bench.ts and
 * bench/portal_bench.ts: PostgreSQL (BENCH_PG_URL, one database per bench and size) or the embedded database, each
 * with its DATA_DIR (which also holds the checkpoint key) under the system temp folder, kept between runs unless `fresh`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../server/db/database';

export const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchTarget {
  /** The server's environment: DATA_DIR, and DATABASE_URL on PostgreSQL. */
  readonly env: NodeJS.ProcessEnv;
  /** Opens the same database from the bench process (only while the server is stopped, for the embedded one). */
  readonly open: () => Promise<Database>;
  readonly label: string;
  /** PostgreSQL: the database's name (a replica serves it under the same name). */
  readonly pgName: string | null;
}

/** `name` like `api_20000`: database suiji_bench_api_20000, folder suiji-bench-api-20000. */
export async function benchTarget(backend: string, name: string, fresh: boolean, extra: NodeJS.ProcessEnv = {}): Promise<BenchTarget> {
  const dir = join(tmpdir(), `suiji-bench-${name.replace(/_/g, '-')}`);
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, DATA_DIR: dir };
  if (backend !== 'pg') {
    delete env['DATABASE_URL'];
    return { env, open: () => openDatabase({ kind: 'pglite', dataDir: dir }), label: 'embedded (PGlite)', pgName: null };
  }
  const pgName = `suiji_bench_${name}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [pgName])).rowCount === 1;
  if (exists && fresh) await admin.query(`drop database ${pgName} with (force)`);
  if (!exists || fresh) await admin.query(`create database ${pgName}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${pgName}`;
  env['DATABASE_URL'] = url.toString();
  return { env, open: () => openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 }), label: 'PostgreSQL', pgName };
}
