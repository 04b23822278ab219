/**
 * Database side of bench/draw_e2e_bench.ts: a fresh migrated database per run (PostgreSQL: its own
 * database; PGlite: a temporary directory), a fast synthetic entity load (COPY), the pool freeze
 * (eligible entities of the scope, streamed into a packed pool in SharedArrayBuffers) and the
 * persist step behind `DrawnListStore`, so the real draw store can replace the bench's table.
 */
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Database } from '../server/db/database';
import { PGliteWorkerClient } from '../server/db/pglite_client';
import { writeUscc } from './draw_pool_data';
import { sharedBytes, type SharedPackedPool } from './pool_commit_parallel';

const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDb {
  readonly kind: 'pg' | 'pglite';
  readonly label: string;
  readonly database: Database;
  /** Runs COPY … FROM STDIN with the given text chunks. */
  copyIn(sql: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Streams `select code, risk_class …` rows (already in code byte order) to `onRow`. */
  eachRow(select: string, onRow: (code: string, riskClass: string) => void): Promise<void>;
  drop(): Promise<void>;
}

function pgPool(db: Database): pg.Pool {
  return (db.db as unknown as { $client: pg.Pool }).$client;
}

function pgliteClient(db: Database): PGliteWorkerClient {
  const c = (db.db as unknown as { $client?: unknown }).$client;
  if (!(c instanceof PGliteWorkerClient)) throw new Error('not a PGlite client');
  return c;
}

export async function openBenchDb(kind: 'pg' | 'pglite', n: number, keep: boolean): Promise<BenchDb> {
  if (kind === 'pg') {
    const name = `suiji_bench_draw_${n}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    const pool = pgPool(database);
    return {
      kind, label: `PostgreSQL ${version.split(' ')[0] ?? ''}`, database,
      async copyIn(sql, chunks) {
        const client = await pool.connect();
        try {
          await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
        } finally {
          client.release();
        }
      },
      async query<T>(sql: string, params: unknown[] = []) {
        return (await pool.query(sql, params)).rows as T[];
      },
      async eachRow(select, onRow) {
        const client = await pool.connect();
        let rest = '';
        try {
          const sink = new Writable({
            write(chunk: Buffer, _enc, done) {
              const text = rest + chunk.toString('utf8');
              let at = 0;
              for (;;) {
                const nl = text.indexOf('\n', at);
                if (nl < 0) break;
                const tab = text.indexOf('\t', at);
                onRow(text.slice(at, tab), text.slice(tab + 1, nl));
                at = nl + 1;
              }
              rest = text.slice(at);
              done();
            },
          });
          await pipeline(client.query(copyTo(`copy (${select}) to stdout`)), sink);
        } finally {
          client.release();
        }
      },
      async drop() {
        await database.close();
        if (keep) return;
        const c = new pg.Client({ connectionString: PG_ADMIN });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'suiji-bench-draw-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  const client = pgliteClient(database);
  return {
    kind, label: 'embedded (PGlite)', database,
    async copyIn(sql, chunks) {
      for await (const text of chunks) await client.query(sql.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([text]) });
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async eachRow(select, onRow) {
      // COPY … TO '/dev/blob' in keyset pages of code byte order (the unique index on code uses
      // varchar_pattern_ops), so at most one page of text is held at a time.
      const PAGE = 500_000;
      let last = '';
      for (;;) {
        const literal = last.replace(/'/g, "''");
        const page = await client.query(`copy (select * from (${select}) s where code ~>~ '${literal}' order by code using ~<~ limit ${PAGE}) to '/dev/blob'`);
        const text = page.blob ? await page.blob.text() : '';
        let at = 0;
        let rows = 0;
        for (;;) {
          const nl = text.indexOf('\n', at);
          if (nl < 0) break;
          const tab = text.indexOf('\t', at);
          last = text.slice(at, tab);
          onRow(last, text.slice(tab + 1, nl));
          at = nl + 1;
          rows++;
        }
        if (rows < PAGE) return;
      }
    },
    async drop() {
      await database.close();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Regions of the synthetic directory: five districts of 长春市 (in scope) and two outside. */
const REGIONS = ['220102', '220103', '220104', '220105', '220112', '310115', '440305'];
const STATUSES = ['active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'active', 'deregistered'];
const CLASSES = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'D'];

/** COPY text for N entities in code order (90% 存续, 5/7 in 长春市, credit classes A 40/B 30/C 20/D 10%). */
export function* entityCopyText(n: number, rowsPerChunk = 100_000): Generator<string> {
  const perRegion = Math.ceil(n / REGIONS.length);
  const code = Buffer.alloc(18);
  let lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const region = REGIONS[Math.floor(i / perRegion)] as string;
    writeUscc(region, i % perRegion, code, 0);
    const h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
    lines.push(`${code.toString('latin1')}\tuscc\t基准主体${i}\tenterprise\t${region}\t${STATUSES[h % 10] as string}\t${CLASSES[(h >>> 8) % 10] as string}`);
    if (lines.length === rowsPerChunk) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

export const ENTITY_COPY = 'copy market_entities (code, code_type, name, entity_type, region_code, status, risk_class) from stdin';

/** The eligible entities of the scope: 存续, registered in 长春市 (2201…), with a credit class. */
export const FREEZE_SELECT = "select code, risk_class from market_entities where status = 'active' and region_code like '2201%' and risk_class is not null order by code using ~<~";

/** Streams the eligible entities into a packed pool (SharedArrayBuffers, grown by doubling) with fresh random salts. */
export async function freezePool(db: BenchDb, keys: readonly string[]): Promise<SharedPackedPool> {
  let cap = 1 << 16;
  let idBytes = sharedBytes(18 * cap);
  let idOffsets = new Uint32Array(new SharedArrayBuffer(4 * (cap + 1)));
  let strata = new Uint16Array(new SharedArrayBuffer(2 * cap));
  const keyIndex = new Map(keys.map((k, i) => [k, i]));
  let n = 0;
  let used = 0;
  await db.eachRow(db.kind === 'pg' ? FREEZE_SELECT : FREEZE_SELECT.replace(' order by code using ~<~', ''), (code, risk) => {
    if (n === cap || used + 4 * code.length > idBytes.length) {
      cap *= 2;
      const b = sharedBytes(Math.max(2 * idBytes.length, used + 4 * code.length));
      b.set(idBytes.subarray(0, used));
      const o = new Uint32Array(new SharedArrayBuffer(4 * (cap + 1)));
      o.set(idOffsets.subarray(0, n + 1));
      const s = new Uint16Array(new SharedArrayBuffer(2 * cap));
      s.set(strata.subarray(0, n));
      [idBytes, idOffsets, strata] = [b, o, s];
    }
    used += Buffer.from(idBytes.buffer, idBytes.byteOffset + used, idBytes.length - used).write(code, 'utf8');
    idOffsets[n + 1] = used;
    strata[n] = keyIndex.get(risk) ?? 0;
    n++;
  });
  const salts = sharedBytes(16 * n);
  randomFillSync(salts);
  return { size: n, idBytes: idBytes.subarray(0, used), idOffsets: idOffsets.subarray(0, n + 1), strata: strata.subarray(0, n), keys, saltMode: 'salted', salts };
}

/** One row of the drawn list. */
export interface DrawnRow {
  readonly stratum: string;
  readonly rank: number;
  readonly entityCode: string;
  readonly ticket: string;
  readonly reserve: boolean;
  readonly team: number | null;
}

/** Where the drawn list goes; the bench writes a table of its own until the real draw store exists. */
export interface DrawnListStore {
  persist(taskId: string, rows: readonly DrawnRow[]): Promise<void>;
}

export async function benchDrawnListStore(db: BenchDb): Promise<DrawnListStore> {
  await db.query('create table if not exists bench_draw_drawn (task_id text not null, stratum text not null, rank integer not null, entity_code varchar(32) not null, ticket text not null, reserve boolean not null, team integer, primary key (task_id, stratum, reserve, rank))');
  return {
    async persist(taskId, rows) {
      const text = rows.map((r) => `${taskId}\t${r.stratum}\t${r.rank}\t${r.entityCode}\t${r.ticket}\t${r.reserve ? 't' : 'f'}\t${r.team ?? '\\N'}`).join('\n');
      await db.copyIn('copy bench_draw_drawn (task_id, stratum, rank, entity_code, ticket, reserve, team) from stdin', [`${text}\n`]);
    },
  };
}
