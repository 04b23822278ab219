/**
 * Reads that may run at once: in parallel on the pool (each on its own connection), one after another on a
 * transaction, whose single connection must not be handed a query while it runs one (node-postgres queues it today
 * with a deprecation warning, and pg@9 removes that: "Calling client.query() when the client is already executing a
 * query"). A store function that is given either a pool or a transaction reads through this.
 */
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './database';

export function isTransaction(db: Db): boolean {
  return db instanceof PgTransaction;
}

export async function readTogether<T extends readonly unknown[]>(db: Db, reads: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!isTransaction(db)) return Promise.all(reads.map((read) => read())) as unknown as Promise<T>;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}
