/**
 * How a task is shown: its row with the caller's allowed actions (answered by the same transitionTask the write
 * runs, after the same permission the route requires), its detail, and the public-safe summary for the portal.
 */
import type { Permission } from '../../../domain/access/permissions';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { ActorFacts } from '../../../domain/workflow/machine';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { TASK_STATUS_LABELS, transitionTask, type Task, type TaskEvent } from '../../../domain/workflow/task_states';
import type { AuthContext } from '../../http/request_context';
import { taskOfRow } from './domain_map';
import type { PublicTaskSummary, TaskAction, TaskRow, TaskRowActions } from './schema';
import type { TaskRecord } from './store';

export function actorOf(auth: AuthContext): ActorFacts {
  return { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys: auth.roles.map((r) => r.key) };
}

/** The permission each task action's route requires. */
export const ACTION_PERMISSION: Readonly<Record<TaskAction, Permission>> = {
  edit: 'workflow:task:update', submit: 'workflow:task:update', approve: 'workflow:task:approve', return: 'workflow:task:approve', terminate: 'workflow:task:terminate',
};

/** A well-formed event of each action, to ask the state machine whether it would be accepted. */
const PROBE: Readonly<Record<TaskAction, TaskEvent>> = {
  edit: { type: 'edit' }, submit: { type: 'submit' }, approve: { type: 'approve' }, return: { type: 'return', comments: '-' }, terminate: { type: 'terminate', reason: '-' },
};

/** Null when `auth` may do `action` on `task` now, else the reason the write would refuse with. */
export function taskActionRefusal(task: Task, action: TaskAction, auth: AuthContext): string | null {
  if (!auth.permissions.has(ACTION_PERMISSION[action])) return '没有执行此操作的权限';
  const result = transitionTask(task, PROBE[action], actorOf(auth));
  return result.ok ? null : result.error.message;
}

export function rowActions(task: Task, auth: AuthContext): TaskRowActions {
  return {
    edit: taskActionRefusal(task, 'edit', auth),
    delete: '抽查任务不能删除；不再实施的任务由牵头部门负责人终止',
    submit: taskActionRefusal(task, 'submit', auth),
    approve: taskActionRefusal(task, 'approve', auth),
    return: taskActionRefusal(task, 'return', auth),
    terminate: taskActionRefusal(task, 'terminate', auth),
  };
}

export function presentRow(record: TaskRecord, names: ReadonlyMap<string, string>, auth: AuthContext): TaskRow {
  const task = taskOfRow(record);
  const chain = record.chain as ApprovalChain;
  return {
    id: record.id, code: record.code, kind: record.kind === 'planned' ? 'planned' : 'ad_hoc', year: record.year, name: record.name,
    planId: record.planId, planName: record.planName, planTaskKey: record.planTaskKey,
    leadDepartmentId: record.leadDepartmentId, leadDepartmentName: record.leadDepartmentName,
    participatingDepartmentIds: record.participatingDepartmentIds,
    participatingDepartmentNames: record.participatingDepartmentIds.map((id) => names.get(id) ?? '（已删除的部门）'),
    regionCode: record.regionCode, periodStart: record.periodStart, periodEnd: record.periodEnd, status: task.status, stepIndex: record.stepIndex,
    currentStepLabel: task.status === 'in_review' ? chain.steps[record.stepIndex]?.label ?? null : null,
    rowVersion: record.rowVersion, publishedAt: record.publishedAt?.toISOString() ?? null, createdAt: record.createdAt.toISOString(),
    actions: rowActions(task, auth),
  };
}

/** Every department id a list of records mentions (lead, participants, item owners, quotas). */
export function departmentIdsOf(records: readonly TaskRecord[]): string[] {
  const ids = new Set<string>();
  for (const r of records) {
    ids.add(r.leadDepartmentId);
    for (const id of r.participatingDepartmentIds) ids.add(id);
    const spec = r.spec as TaskSpec;
    for (const item of spec.items) ids.add(item.departmentId);
    for (const q of spec.team.departmentQuotas) ids.add(q.departmentId);
  }
  return [...ids];
}

/**
 * What the public portal shows of a task (渝北 四（五）: 抽查事项、抽查对象、检查时间 are made public): number, name,
 * departments, period, item names and whether it is targeted — never the strata, ratios, team, approvals or people.
 */
export function publicTaskSummary(task: TaskRecord, names: ReadonlyMap<string, string>): PublicTaskSummary {
  const spec = task.spec as TaskSpec;
  return {
    code: task.code, name: task.name, year: task.year, leadDepartmentName: task.leadDepartmentName,
    participatingDepartmentNames: task.participatingDepartmentIds.map((id) => names.get(id) ?? ''),
    periodStart: task.periodStart, periodEnd: task.periodEnd, itemNames: spec.items.map((i) => i.name),
    targeted: spec.targeting.mode === 'targeted', status: TASK_STATUS_LABELS[task.status as keyof typeof TASK_STATUS_LABELS] ?? task.status,
  };
}
