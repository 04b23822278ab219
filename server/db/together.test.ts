/**
 * readTogether (together.ts): on the pool the reads run at once; on a transaction one after another, so its single
 * connection is never handed a query while it runs one (node-postgres warns and pg@9 refuses) — on both databases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/harness';
import type { Database } from './database';
import { isTransaction, readTogether } from './together';

let database: Database;
let drop: () => Promise<void>;
const warnings: string[] = [];
const onWarning = (w: Error) => { warnings.push(w.message); };

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  process.on('warning', onWarning);
});
afterAll(async () => { process.off('warning', onWarning); await drop(); });

const value = async (db: Database['db'], n: number): Promise<number> => {
  const result: unknown = await db.execute(sql`select ${n}::int as n, pg_sleep(0.01)`);
  return (result as { rows: { n: number }[] }).rows[0]?.n ?? -1;
};

describe('readTogether', () => {
  it('answers in the order asked, on the pool and inside a transaction, without handing a busy connection a query', async () => {
    expect(isTransaction(database.db)).toBe(false);
    expect(await readTogether(database.db, [() => value(database.db, 1), () => value(database.db, 2), () => value(database.db, 3)] as const)).toEqual([1, 2, 3]);
    const inside = await database.db.transaction(async (tx) => {
      expect(isTransaction(tx)).toBe(true);
      return readTogether(tx, [() => value(tx, 4), () => value(tx, 5), () => value(tx, 6)] as const);
    });
    expect(inside).toEqual([4, 5, 6]);
    // Let a queued warning reach the listener.
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.includes('already executing a query'))).toEqual([]);
  });
});
