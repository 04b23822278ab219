/**
 * The one way a task changes state (issue #9 item 10): load the row FOR UPDATE, run the domain's transitionTask,
 * write the row (row_version + 1) and the approval history. The draw and dispatch modules call
 * {@link applyTaskEvent} inside their own runChange transaction (start_draw, draw_completed, draw_voided, dispatch…)
 * and record the returned events; a refusal throws the AppError the API answers with, rolling their change back.
 */
import { eq } from 'drizzle-orm';
import type { DomainEvent } from '../../../domain/events';
import type { ActorFacts, WorkflowError } from '../../../domain/workflow/machine';
import { transitionTask, type Task, type TaskEvent } from '../../../domain/workflow/task_states';
import type { Db } from '../../db/database';
import { tasks } from '../../db/schema';
import { AppError, conflict, notFound } from '../../http/errors';
import { taskOfRow } from './domain_map';
import { insertApproval, updateTaskRow } from './store';

/** illegal_transition → 409, not_permitted → 403, invalid → 400 (domain/workflow/machine.ts). */
export function workflowFailure(error: WorkflowError): AppError {
  switch (error.kind) {
    case 'illegal_transition':
      return new AppError(409, error.code, error.message);
    case 'not_permitted':
      return new AppError(403, error.code, error.message);
    case 'invalid':
      return new AppError(400, error.code, error.message);
  }
}

export function staleTask(current: number): AppError {
  return conflict('TASK_STALE', `抽查任务已被他人修改（最新版本号 ${current}），请刷新后重试`);
}

export interface AppliedTaskEvent {
  readonly task: Task;
  /** The row's version after the change. */
  readonly rowVersion: number;
  readonly events: readonly DomainEvent[];
}

export interface ApplyOptions {
  /** The version the caller last read; a different current version answers 409 (TASK_STALE). */
  readonly rowVersion?: number;
  /** The app's clock (services.now()); the database's otherwise. */
  readonly now?: Date;
}

const DECISIONS: Partial<Record<TaskEvent['type'], string>> = { submit: 'submitted', approve: 'approved', return: 'returned' };

export async function applyTaskEvent(tx: Db, taskId: string, event: TaskEvent, actor: ActorFacts, options: ApplyOptions = {}): Promise<AppliedTaskEvent> {
  const [row] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).for('update');
  if (!row) throw notFound('抽查任务');
  if (options.rowVersion !== undefined && options.rowVersion !== row.rowVersion) throw staleTask(row.rowVersion);
  const before = taskOfRow(row);
  const result = transitionTask(before, event, actor);
  if (!result.ok) throw workflowFailure(result.error);
  const after = result.value.task;
  const now = options.now ?? new Date();
  const written = await updateTaskRow(tx, taskId, row.rowVersion, {
    status: after.status, stepIndex: after.stepIndex, submittedBy: after.submittedBy, returnComments: after.returnComments,
    terminationReason: after.terminationReason, ...(after.status === 'published' && before.status !== 'published' ? { publishedAt: now } : {}),
  }, now);
  if (!written) throw staleTask(row.rowVersion + 1);
  const decision = DECISIONS[event.type];
  if (decision && actor.userId) {
    const step = event.type === 'submit' ? after.chain.steps[0] : before.chain.steps[before.stepIndex];
    const comments = event.type === 'return' ? event.comments.trim() : event.type === 'approve' ? event.comment?.trim() || null : null;
    await insertApproval(tx, {
      recordType: 'task', recordId: taskId, version: row.rowVersion + 1, stepIndex: event.type === 'submit' ? null : before.stepIndex,
      stepKey: step?.key ?? null, stepLabel: step?.label ?? null, decision, comments, actorId: actor.userId, createdAt: now,
    });
  }
  return { task: after, rowVersion: row.rowVersion + 1, events: result.value.events };
}
