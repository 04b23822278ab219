import { ok, type Result } from '../basics/result';
import type { DomainEvent } from '../events';
import { hasText, illegalTransition, invalid, isAllowed, notPermitted, type TransitionTable, type WorkflowError } from '../workflow/machine';
import { RESULT_STATUS_LABELS } from './categories';

/**
 * 检查结果 state machine (issue #10 items 3–5), in the style of domain/workflow/task_states.ts.
 *
 * 草稿 → 待审核 (the team leader submits the joint record: 谁检查、谁录入, 曲阳第20条) → 已退回 (with the review's
 * comments; the leader corrects and submits again) or 已通过 → 已公示 (长春第19条). A published result never changes
 * (长春第20条): the table has no event out of 已公示, and the database refuses any change of such a row (migration 0026);
 * it is corrected only by an approved correction shown beside it.
 */
export type ResultStatus = keyof typeof RESULT_STATUS_LABELS;
export type ResultEventType = 'save' | 'submit' | 'return' | 'approve' | 'publish';

export { RESULT_STATUS_LABELS };

export const RESULT_EVENT_LABELS: Readonly<Record<ResultEventType, string>> = {
  save: '保存', submit: '提交审核', return: '退回', approve: '审核通过', publish: '公示',
};

export const RESULT_TRANSITIONS: TransitionTable<ResultStatus, ResultEventType> = {
  draft: { save: 'draft', submit: 'submitted' },
  submitted: { return: 'returned', approve: 'approved' },
  returned: { save: 'returned', submit: 'submitted' },
  approved: { publish: 'published' },
  published: {},
};

/** What each state allows, for the UI and docs. */
export const RESULT_STATUS_ALLOWS: Readonly<Record<ResultStatus, string>> = {
  draft: '检查组组长录入、保存并提交审核',
  submitted: '部门审核：退回（须填写意见）或通过',
  returned: '检查组组长按退回意见修改后重新提交',
  approved: '部门公示（可批量公示）',
  published: '只读，不可修改或删除；如有错误，经主要负责人批准后另行公示更正',
};

export interface InspectionResultState {
  readonly id: string;
  readonly taskId: string;
  readonly taskObjectId: string;
  readonly status: ResultStatus;
}

/** The facts about the actor the machine needs; scope (which department reviews) is checked by the server. */
export interface ResultActor {
  /** The caller is the ACTIVE leader of the object's team. */
  readonly isLeader: boolean;
}

export type ResultEvent =
  | { readonly type: 'save' | 'submit' | 'approve' | 'publish' }
  | { readonly type: 'return'; readonly comments: string };

export interface ResultTransition {
  readonly status: ResultStatus;
  readonly events: readonly DomainEvent[];
}

export function isResultStatus(value: string): value is ResultStatus {
  return Object.hasOwn(RESULT_TRANSITIONS, value);
}

/** Applies `event`; an event the status does not accept is 409, a non-leader entering 403, a return without comments 400. */
export function transitionResult(result: InspectionResultState, event: ResultEvent, actor: ResultActor): Result<ResultTransition, WorkflowError> {
  if (!isAllowed(RESULT_TRANSITIONS, result.status, event.type)) {
    return illegalTransition('RESULT_ILLEGAL_TRANSITION', '检查结果', RESULT_STATUS_LABELS[result.status], RESULT_EVENT_LABELS[event.type]);
  }
  if ((event.type === 'save' || event.type === 'submit') && !actor.isLeader) {
    return notPermitted('RESULT_LEADER_ONLY', '只有检查组组长可以录入和提交检查结果（谁检查、谁录入）');
  }
  let reason: string | undefined;
  if (event.type === 'return') {
    if (!hasText(event.comments)) return invalid('RETURN_COMMENTS_REQUIRED', '退回时须填写退回意见（comments）');
    reason = event.comments.trim();
  }
  const target = RESULT_TRANSITIONS[result.status][event.type] as ResultStatus;
  if (event.type === 'save') return ok({ status: target, events: [] });
  return ok({
    status: target,
    events: [{
      type: 'InspectionResultStatusChanged', resultId: result.id, taskId: result.taskId, taskObjectId: result.taskObjectId,
      from: result.status, to: target, event: event.type, ...(reason ? { reason } : {}),
    }],
  });
}
