/**
 * The floor of an import (issue #8 item 4b): the same CSV file loaded with one plain `COPY … (format csv, header)` into
 * an unindexed table of text columns, on the same database and through the same connection the server uses (the pool on
 * PostgreSQL, the worker on the embedded database), timed just before the import it is compared with. No parsing,
 * validation, lookup or index: what the machine can do at that moment. The table is dropped afterwards.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../server/db/database';

const TABLE = 'bench_copy_floor';
/** The import file's 14 columns (bench/import_fixture.ts writeCsv). */
const COLUMNS = 14;
const CREATE = `create table ${TABLE} (${Array.from({ length: COLUMNS }, (_, i) => `c${i + 1} text`).join(', ')})`;

interface PgliteClient { query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ affectedRows?: number }> }

/** Milliseconds the plain COPY of `file` took (the create and drop of the table are not counted). */
export async function copyFloor(database: Database, file: string): Promise<number> {
  const client = (database.db as unknown as { $client: pg.Pool | PgliteClient }).$client;
  if (database.kind === 'postgres') {
    const connection = await (client as pg.Pool).connect();
    try {
      await connection.query(`drop table if exists ${TABLE}`);
      await connection.query(CREATE);
      const started = performance.now();
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), connection.query(copyFrom(`copy ${TABLE} from stdin with (format csv, header true)`)));
      const ms = performance.now() - started;
      await connection.query(`drop table ${TABLE}`);
      return ms;
    } finally {
      connection.release();
    }
  }
  const worker = client;
  await worker.query(`drop table if exists ${TABLE}`);
  await worker.query(CREATE);
  // PGlite reads COPY input from a Blob ('/dev/blob'); reading the file into it is part of the floor.
  const started = performance.now();
  await worker.query(`copy ${TABLE} from '/dev/blob' with (format csv, header true)`, [], { blob: new Blob([readFileSync(file)]) });
  const ms = performance.now() - started;
  await worker.query(`drop table ${TABLE}`);
  return ms;
}
