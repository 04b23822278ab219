import { ok, type Result } from '../basics/result';
import type { DomainEvent } from '../events';
import { reviewStep, type ApprovalChain } from './approval_chain';
import { hasText, illegalTransition, invalid, isAllowed, notPermitted, type ActorFacts, type TransitionTable, type WorkflowError } from './machine';

/**
 * 抽查任务 / 实施方案 state machine (issue #9 item 10; domain.md §3 M5).
 *
 * 草稿 → 审核中 → 已发布 (威海第6条: 实施方案报分管局长审批后公示) → 抽取中 → 已抽取 (东胜 四（四）2: the lead
 * department draws objects and inspectors in the platform) → 已派发 (曲阳第17条: the list goes to the units) →
 * 检查中 → 已完成; 已终止 with a reason from any state with no draw running and not under review.
 */
export type TaskStatus = 'draft' | 'in_review' | 'published' | 'drawing' | 'drawn' | 'dispatched' | 'inspecting' | 'completed' | 'terminated';
export type TaskEventType =
  | 'edit' | 'submit' | 'approve' | 'return' | 'start_draw' | 'draw_voided' | 'draw_completed' | 'dispatch' | 'start_inspection' | 'complete' | 'terminate';

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  draft: '草稿', in_review: '审核中', published: '已发布', drawing: '抽取中', drawn: '已抽取', dispatched: '已派发',
  inspecting: '检查中', completed: '已完成', terminated: '已终止',
};

export const TASK_EVENT_LABELS: Readonly<Record<TaskEventType, string>> = {
  edit: '编辑', submit: '提交审核', approve: '审核通过', return: '退回', start_draw: '开始抽取', draw_voided: '抽取作废',
  draw_completed: '完成抽取', dispatch: '派发', start_inspection: '开始检查', complete: '完成', terminate: '终止',
};

/** What each state allows, for the UI and docs (the events of {@link TASK_TRANSITIONS} in words). */
export const TASK_STATUS_ALLOWS: Readonly<Record<TaskStatus, string>> = {
  draft: '编辑实施方案（事项、对象范围与比例、检查人员范围、时间），提交审核或终止',
  in_review: '按审批链审核通过或退回；方案内容不能修改',
  published: '方案已公示，可开始抽取或终止',
  drawing: '抽取进行中：只能完成或作废本次抽取（作废后可重新抽取）',
  drawn: '查看抽取结果，派发给检查单位；抽取作废后回到已发布',
  dispatched: '检查单位确认名单后开始检查，或终止',
  inspecting: '录入检查结果，全部完成后标记完成，或终止',
  completed: '只读；结果公示与后续处置另行办理',
  terminated: '只读；记录终止原因',
};

export const TASK_TRANSITIONS: TransitionTable<TaskStatus, TaskEventType> = {
  draft: { edit: 'draft', submit: 'in_review', terminate: 'terminated' },
  in_review: { approve: ['in_review', 'published'], return: 'draft' },
  published: { start_draw: 'drawing', terminate: 'terminated' },
  drawing: { draw_completed: 'drawn', draw_voided: 'published' },
  drawn: { dispatch: 'dispatched', draw_voided: 'published', terminate: 'terminated' },
  dispatched: { start_inspection: 'inspecting', terminate: 'terminated' },
  inspecting: { complete: 'completed', terminate: 'terminated' },
  completed: {},
  terminated: {},
};

export interface Task {
  readonly id: string;
  /** The annual plan it implements; null for a 临时任务 (威海第5条: 临时抽查参照年度计划任务执行). */
  readonly planId: string | null;
  readonly name: string;
  readonly leadDepartmentId: string;
  readonly participatingDepartmentIds: readonly string[];
  readonly regionCode: string;
  readonly chain: ApprovalChain;
  readonly status: TaskStatus;
  readonly stepIndex: number;
  readonly submittedBy: string | null;
  readonly returnComments: string | null;
  readonly terminationReason: string | null;
}

export type TaskEvent =
  | { readonly type: 'edit' | 'submit' | 'start_draw' | 'draw_completed' | 'dispatch' | 'start_inspection' | 'complete' }
  | { readonly type: 'approve'; readonly comment?: string | null }
  | { readonly type: 'return'; readonly comments: string }
  | { readonly type: 'draw_voided'; readonly reason: string }
  | { readonly type: 'terminate'; readonly reason: string };

export interface TaskTransition {
  readonly task: Task;
  readonly events: readonly DomainEvent[];
}

/** Applies `event` to `task` as `actor`. Illegal transitions fail with kind 'illegal_transition' (409). */
export function transitionTask(task: Task, event: TaskEvent, actor: ActorFacts): Result<TaskTransition, WorkflowError> {
  if (!isAllowed(TASK_TRANSITIONS, task.status, event.type)) {
    return illegalTransition('TASK_ILLEGAL_TRANSITION', '抽查任务', TASK_STATUS_LABELS[task.status], TASK_EVENT_LABELS[event.type]);
  }
  const moved = (status: TaskStatus, next: Partial<Task> = {}, extra: Partial<{ reason: string; step: string }> = {}): Result<TaskTransition, WorkflowError> => ok({
    task: { ...task, ...next, status },
    events: [{ type: 'TaskStatusChanged', taskId: task.id, from: task.status, to: status, event: event.type, ...extra }],
  });
  if (event.type === 'approve' || event.type === 'return') {
    const review = reviewStep(task.chain, task.stepIndex, actor, task);
    if (!review.ok) return review;
    const step = review.value.step.label;
    if (event.type === 'return') {
      if (!hasText(event.comments)) return invalid('RETURN_COMMENTS_REQUIRED', '退回时须填写退回意见');
      return moved('draft', { stepIndex: 0, returnComments: event.comments.trim() }, { reason: event.comments.trim(), step });
    }
    return review.value.last ? moved('published', { stepIndex: 0 }, { step }) : moved('in_review', { stepIndex: task.stepIndex + 1 }, { step });
  }
  // 东胜 四（四）2: 联合抽查发起部门 draws and dispatches; the other events are the lead department's too.
  if (actor.departmentId !== task.leadDepartmentId) return notPermitted('TASK_LEAD_DEPARTMENT_ONLY', '只有牵头部门的人员可以办理该任务');
  switch (event.type) {
    case 'edit':
      return moved('draft');
    case 'submit':
      return moved('in_review', { stepIndex: 0, submittedBy: actor.userId, returnComments: null });
    case 'start_draw':
      return moved('drawing');
    case 'draw_completed':
      return moved('drawn');
    case 'draw_voided':
      if (!hasText(event.reason)) return invalid('VOID_REASON_REQUIRED', '作废抽取须填写原因');
      return moved('published', {}, { reason: event.reason.trim() });
    case 'dispatch':
      return moved('dispatched');
    case 'start_inspection':
      return moved('inspecting');
    case 'complete':
      return moved('completed');
    case 'terminate':
      if (!actor.roleKeys.includes('dept_head')) return notPermitted('TASK_TERMINATE_HEAD_ONLY', '只有牵头部门负责人可以终止任务');
      if (!hasText(event.reason)) return invalid('TERMINATE_REASON_REQUIRED', '终止任务须填写原因');
      return moved('terminated', { terminationReason: event.reason.trim() }, { reason: event.reason.trim() });
  }
}
