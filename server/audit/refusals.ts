/**
 * Refusals that must not grow the log without bound. An anonymous caller is not accountable and can
 * send refused requests as fast as the network allows; a 429 is by definition one of many. These are
 * counted per (minute, client IP, caller, route, error code): the first of each such minute is a
 * normal hash-chained operation-log row, so a single real refusal stays visible; the others only
 * raise that row's count in `refusal_counts` (shown as 「匿名请求被拒绝 N 次」).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { refusalCounts } from '../db/schema';
import { appendOperation, type OperationEntry } from './chain';

const MINUTE_MS = 60_000;

/** The route a refusal counts against: its template, not the raw URL, so query strings and ids do not make new keys. */
export interface RefusalEntry extends OperationEntry {
  readonly route: string;
  readonly errorCode: string;
}

/**
 * Counts one refusal and appends an operation-log row only for the first of its minute. Returns the
 * row's seq when one was appended, else null. The upsert locks the counter row, so two concurrent
 * first refusals append one log row, not two.
 */
export async function recordCountedRefusal(db: Db, entry: RefusalEntry, at: Date): Promise<number | null> {
  const minute = new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
  const key = {
    minute, ip: (entry.ip ?? '').slice(0, 64), actorKey: entry.actor?.id ?? '',
    route: entry.route.slice(0, 300), errorCode: entry.errorCode.slice(0, 60),
  };
  return db.transaction(async (tx) => {
    const [counted] = await tx.insert(refusalCounts).values({ ...key, count: 1, lastAt: at.toISOString() })
      .onConflictDoUpdate({
        target: [refusalCounts.minute, refusalCounts.ip, refusalCounts.actorKey, refusalCounts.route, refusalCounts.errorCode],
        set: { count: sql`${refusalCounts.count} + 1`, lastAt: at.toISOString() },
      })
      .returning({ count: refusalCounts.count });
    if (counted?.count !== 1) return null;
    const seq = await appendOperation(tx, entry, at);
    await tx.update(refusalCounts).set({ firstSeq: seq }).where(and(
      eq(refusalCounts.minute, minute), eq(refusalCounts.ip, key.ip), eq(refusalCounts.actorKey, key.actorKey),
      eq(refusalCounts.route, key.route), eq(refusalCounts.errorCode, key.errorCode),
    ));
    return seq;
  });
}

/** How many refusals each of these log rows stands for (only rows that started a count). */
export async function refusalCountsOf(db: Db, seqs: readonly number[]): Promise<Map<number, number>> {
  if (seqs.length === 0) return new Map();
  const rows = await db.select({ seq: refusalCounts.firstSeq, count: refusalCounts.count }).from(refusalCounts)
    .where(inArray(refusalCounts.firstSeq, [...seqs]));
  return new Map(rows.flatMap((r) => (r.seq === null ? [] : [[r.seq, r.count] as const])));
}
