/**
 * Optimistic concurrency for plan writes: every write names the row_version it read; the UPDATE only
 * matches that version, so of two concurrent writes exactly one wins and the other answers 409 with the
 * newer version number.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { plans } from '../../db/schema';
import { AppError } from '../../http/errors';
import type { PlanRecord } from './domain_map';

export function staleError(current: number): AppError {
  return new AppError(409, 'PLAN_STALE', `计划已被他人修改（最新版本号 ${current}），请刷新后重试`, [{ field: 'rowVersion', message: String(current) }]);
}

export function checkRowVersion(record: PlanRecord, rowVersion: number): void {
  if (record.rowVersion !== rowVersion) throw staleError(record.rowVersion);
}

/** Writes `set` to the plan if its row_version is still `expected`; otherwise 409 (the transaction rolls back). */
export async function writePlan(tx: Db, id: string, expected: number, set: Partial<PlanRecord>, now: Date): Promise<void> {
  const updated = await tx.update(plans).set({ ...set, rowVersion: sql`${plans.rowVersion} + 1`, updatedAt: now })
    .where(and(eq(plans.id, id), eq(plans.rowVersion, expected))).returning({ id: plans.id });
  if (updated.length === 0) {
    const [current] = await tx.select({ rowVersion: plans.rowVersion }).from(plans).where(eq(plans.id, id));
    throw staleError(current?.rowVersion ?? expected);
  }
}
