/**
 * Shared steps of every draw write: the record in the caller's scope (404), the optimistic-concurrency check (409 with
 * the newer version), the transition (409/403/400 from the machine) and the guarded update inside the change.
 */
import { and, eq, sql } from 'drizzle-orm';
import { transitionDraw, type Draw, type DrawEvent, type DrawTransition } from '../../../domain/workflow/draw_states';
import type { Db } from '../../db/database';
import { draws } from '../../db/schema';
import { AppError, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { actorFacts } from './detail';
import { drawOf } from './domain_map';
import { getDraw, getDrawById, lockDraw, type DrawRecord, type DrawTableRow } from './store';
import { workflowFailure } from './task_link';

export async function drawInScope(db: Db, auth: AuthContext, id: string): Promise<DrawRecord> {
  const rec = await getDraw(db, auth.scope, id);
  if (!rec) throw notFound('抽取');
  return rec;
}

export function staleVersion(current: number): AppError {
  return new AppError(409, 'STALE_ROW_VERSION', `该抽取已被他人更新（当前版本 ${current}），请刷新后重试`, [{ field: 'rowVersion', message: String(current) }]);
}

export function checkVersion(rec: Pick<DrawTableRow, 'rowVersion'>, rowVersion: number): void {
  if (rec.rowVersion !== rowVersion) throw staleVersion(rec.rowVersion);
}

/** The machine's answer to `event` by the caller, or the refusal as an HTTP error. */
export function transition(auth: AuthContext, rec: DrawRecord, event: DrawEvent): DrawTransition {
  const moved = transitionDraw(drawOf(rec), event, actorFacts(auth));
  if (!moved.ok) throw workflowFailure(moved.error);
  return moved.value;
}

/** Inside the change: locks the row and re-reads it; refuses when another change moved it meanwhile. */
export async function relock(tx: Db, id: string, rowVersion: number): Promise<DrawRecord> {
  await lockDraw(tx, id);
  const rec = await getDrawById(tx, id);
  if (!rec) throw notFound('抽取');
  checkVersion(rec, rowVersion);
  return rec;
}

type DrawUpdate = Partial<Omit<typeof draws.$inferInsert, 'id' | 'rowVersion'>>;

/** Writes the machine's new state (status, supervisors, void reason) and `extra`, bumping the row version. */
export async function writeDraw(tx: Db, rec: DrawRecord, next: Draw, extra: DrawUpdate, now: Date): Promise<void> {
  const updated = await tx.update(draws).set({
    ...extra, status: next.status, supervisorIds: [...next.supervisorIds], voidReason: next.voidReason,
    rowVersion: sql`${draws.rowVersion} + 1`, updatedAt: now,
  }).where(and(eq(draws.id, rec.id), eq(draws.rowVersion, rec.rowVersion))).returning({ id: draws.id });
  if (updated.length === 0) throw staleVersion(rec.rowVersion + 1);
}
