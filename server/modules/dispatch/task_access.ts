/**
 * The task as dispatch, matching and replacement see it: read within the caller's data scope (the lead department,
 * a participating department, or the task's region), its published draw, and the one guarded status update
 * this module needs (已抽取 → 已派发) through server/modules/tasks/transition.ts (applyTaskEvent).
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { ActorFacts, WorkflowError } from '../../../domain/workflow/machine';
import type { Task, TaskEvent, TaskStatus } from '../../../domain/workflow/task_states';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import type { ChangeRecorder } from '../../http/change';
import type { Db } from '../../db/database';
import { departments, draws, tasks } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { AppError, conflict, forbidden } from '../../http/errors';
import { applyTaskEvent } from '../tasks/transition';
import type { AuthContext } from '../../http/request_context';

export interface TaskRecord extends Task {
  readonly code: string;
  readonly year: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly spec: TaskSpec;
  readonly rowVersion: number;
  readonly leadDepartmentName: string;
}

/** A task is visible to its lead and participating departments and to whoever covers its region. */
export function taskScope(scope: DataScope): SQL {
  const base = scopeWhere(scope, { regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId });
  if (scope.kind === 'all' || scope.departmentIds.length === 0) return base;
  const ids = sql.join(scope.departmentIds.map((id) => sql`${id}::uuid`), sql`, `);
  return sql`(${base} or ${tasks.participatingDepartmentIds} && array[${ids}])`;
}

const columns = {
  id: tasks.id, code: tasks.code, planId: tasks.planId, name: tasks.name, year: tasks.year, leadDepartmentId: tasks.leadDepartmentId,
  participatingDepartmentIds: tasks.participatingDepartmentIds, regionCode: tasks.regionCode, chain: tasks.chain, status: tasks.status,
  stepIndex: tasks.stepIndex, submittedBy: tasks.submittedBy, returnComments: tasks.returnComments, terminationReason: tasks.terminationReason,
  periodStart: tasks.periodStart, periodEnd: tasks.periodEnd, spec: tasks.spec, rowVersion: tasks.rowVersion, leadDepartmentName: departments.name,
};

type Raw = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

function selectTasks(db: Db) {
  return db.select(columns).from(tasks).innerJoin(departments, eq(departments.id, tasks.leadDepartmentId));
}

function present(row: Raw): TaskRecord {
  return { ...row, chain: row.chain as ApprovalChain, status: row.status as TaskStatus, spec: row.spec as TaskSpec };
}

export async function getTaskInScope(db: Db, scope: DataScope, id: string): Promise<TaskRecord | null> {
  const [row] = await selectTasks(db).where(and(eq(tasks.id, id), taskScope(scope)));
  return row ? present(row) : null;
}

/** Tasks in scope that are drawn, dispatched or being inspected: the 派发与匹配 list. */
export async function listDispatchTasks(db: Db, scope: DataScope): Promise<TaskRecord[]> {
  const rows = await selectTasks(db)
    .where(and(sql`${tasks.status} in ('drawn', 'dispatched', 'inspecting')`, taskScope(scope)))
    .orderBy(desc(tasks.periodStart), tasks.code);
  return rows.map(present);
}

export interface PublishedDraw {
  readonly id: string;
  readonly attempt: number;
  readonly seed: string;
  readonly receiptHash: string | null;
  readonly inspectorPoolHash: string;
}

/** The task's latest published draw (its receipt carries the seed matching derives from). */
export async function publishedDraw(db: Db, taskId: string): Promise<PublishedDraw | null> {
  const [row] = await db.select({ id: draws.id, attempt: draws.attempt, receipt: draws.receipt, receiptHash: draws.receiptHash, commitment: draws.commitment })
    .from(draws).where(and(eq(draws.taskId, taskId), eq(draws.status, 'published'))).orderBy(desc(draws.attempt)).limit(1);
  if (!row) return null;
  const receipt = (row.receipt ?? {}) as { seed?: unknown };
  const commitment = (row.commitment ?? {}) as { inspectorPoolHash?: unknown };
  return {
    id: row.id, attempt: row.attempt, seed: typeof receipt.seed === 'string' ? receipt.seed : '', receiptHash: row.receiptHash,
    inspectorPoolHash: typeof commitment.inspectorPoolHash === 'string' ? commitment.inspectorPoolHash : '',
  };
}

export function actorFacts(auth: AuthContext): ActorFacts {
  return { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys: auth.roles.map((r) => r.key) };
}

export function workflowError(e: WorkflowError): AppError {
  switch (e.kind) {
    case 'illegal_transition': return conflict(e.code, e.message);
    case 'not_permitted': return new AppError(403, 'FORBIDDEN', e.message);
    case 'invalid': return new AppError(400, e.code, e.message);
  }
}

/** Only the lead department runs the task's dispatch and matching (东胜 四（四）2). */
export function requireLead(auth: AuthContext, task: TaskRecord): void {
  if (auth.user.departmentId !== task.leadDepartmentId) throw forbidden('只有牵头部门的人员可以办理该任务');
}

/**
 * Applies a task event through the tasks module's one transition (server/modules/tasks/transition.ts: row locked,
 * row_version + 1, approval history kept), guarded by the version this request read, and records its events.
 */
export async function applyTaskEventGuarded(tx: Db, record: ChangeRecorder, task: TaskRecord, event: TaskEvent, actor: ActorFacts, now: Date): Promise<void> {
  const applied = await applyTaskEvent(tx, task.id, event, actor, { rowVersion: task.rowVersion, now });
  for (const e of applied.events) record.event(e);
}
