/**
 * The draw's side of the task state machine (domain/workflow/task_states.ts): 已发布 → 抽取中 when an attempt starts,
 * 抽取中 → 已发布 when it is voided, 抽取中 → 已抽取 when its receipt is published.
 *
 * LEAD: a minimal local stand-in for server/modules/tasks/transition.ts `applyTaskEvent(tx, taskId, event, actor)`
 * (written by the tasks engineer). Once that is merged, replace the body of {@link applyTaskEvent} below by a call to
 * it (same arguments); nothing else in this module touches the tasks table's status.
 */
import { eq, sql } from 'drizzle-orm';
import type { DomainEvent } from '../../../domain/events';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { ActorFacts, WorkflowError } from '../../../domain/workflow/machine';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { transitionTask, type Task, type TaskEvent, type TaskStatus } from '../../../domain/workflow/task_states';
import type { Db } from '../../db/database';
import { tasks } from '../../db/schema';
import { AppError } from '../../http/errors';

export type TaskRow = typeof tasks.$inferSelect;

/** A refusal of a state machine as an HTTP error: illegal_transition → 409, not_permitted → 403, invalid → 400. */
export function workflowFailure(error: WorkflowError): AppError {
  const status = error.kind === 'illegal_transition' ? 409 : error.kind === 'not_permitted' ? 403 : 400;
  return new AppError(status, error.code, error.message);
}

export function taskOf(row: TaskRow): Task {
  return {
    id: row.id, planId: row.planId, name: row.name, leadDepartmentId: row.leadDepartmentId, participatingDepartmentIds: row.participatingDepartmentIds,
    regionCode: row.regionCode, chain: row.chain as ApprovalChain, status: row.status as TaskStatus, stepIndex: row.stepIndex,
    submittedBy: row.submittedBy, returnComments: row.returnComments, terminationReason: row.terminationReason,
  };
}

export function specOf(row: TaskRow): TaskSpec {
  return row.spec as TaskSpec;
}

export async function taskById(db: Db, taskId: string): Promise<TaskRow | null> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, taskId)).limit(1);
  return row ?? null;
}

/** Applies `event` to the task in `tx` (the row locked first) and returns its domain events; refusals throw. */
export async function applyTaskEvent(tx: Db, taskId: string, event: TaskEvent, actor: ActorFacts): Promise<readonly DomainEvent[]> {
  await tx.execute(sql`select 1 from ${tasks} where ${tasks.id} = ${taskId} for update`);
  const row = await taskById(tx, taskId);
  if (!row) throw new AppError(404, 'NOT_FOUND', '抽查任务不存在或不在您的数据权限范围内');
  const moved = transitionTask(taskOf(row), event, actor);
  if (!moved.ok) throw workflowFailure(moved.error);
  await tx.update(tasks).set({ status: moved.value.task.status, rowVersion: sql`${tasks.rowVersion} + 1`, updatedAt: sql`now()` }).where(eq(tasks.id, taskId));
  return moved.value.events;
}
