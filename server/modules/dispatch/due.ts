/**
 * 待办 feeds of dispatch and replacement, for the 待办 builder: the dispatches a department still has to confirm
 * (overdue ones flagged), and the replacement requests awaiting its head's approval.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { dispatches, replacements, tasks } from '../../db/schema';

export interface DueDispatch {
  readonly taskId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly dueDate: string;
  readonly dueProvisional: boolean;
  readonly overdue: boolean;
}

export interface DueReplacement {
  readonly replacementId: string;
  readonly taskId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
}

/** 曲阳第17条: the dispatches `departmentId` has not confirmed yet, earliest due first; `today` is YYYY-MM-DD. */
export async function dispatchConfirmationsDue(db: Db, departmentId: string, today: string): Promise<DueDispatch[]> {
  const rows = await db.select({ taskId: tasks.id, taskCode: tasks.code, taskName: tasks.name, dueDate: dispatches.dueDate, dueProvisional: dispatches.dueProvisional })
    .from(dispatches).innerJoin(tasks, eq(tasks.id, dispatches.taskId))
    .where(and(eq(dispatches.departmentId, departmentId), isNull(dispatches.confirmedAt)))
    .orderBy(asc(dispatches.dueDate), asc(tasks.code));
  return rows.map((r) => ({ ...r, overdue: r.dueDate < today }));
}

/**
 * Replacement requests of `departmentId` waiting for its head (长春第13条). `excludeRequester` leaves out the head's own
 * requests, which another head must approve.
 */
export async function replacementsAwaitingApproval(db: Db, departmentId: string, excludeRequester?: string): Promise<DueReplacement[]> {
  const rows = await db.select({
    replacementId: replacements.id, taskId: tasks.id, taskCode: tasks.code, taskName: tasks.name, reason: replacements.reason,
    requestedBy: replacements.requestedBy, requestedAt: replacements.requestedAt,
  }).from(replacements).innerJoin(tasks, eq(tasks.id, replacements.taskId))
    .where(and(eq(replacements.departmentId, departmentId), eq(replacements.status, 'pending')))
    .orderBy(asc(replacements.requestedAt));
  return rows.filter((r) => r.requestedBy !== excludeRequester).map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() }));
}
