import { ok, type Result } from '../basics/result';
import type { DateOnly } from '../calendar/civil_date';
import { objectionDeadlines } from '../calendar/deadlines';
import type { WorkingDayCalendar } from '../calendar/working_days';
import type { DomainEvent } from '../events';
import { hasText, illegalTransition, invalid, isAllowed, type TransitionTable, type WorkflowError } from '../workflow/machine';

/**
 * 异议与复核 state machine (issue #10 item 6), in the style of result_states.ts.
 *
 * 威海第11条: 检查对象对检查结果有异议的，相关监管科室在收到申请材料之日起20个工作日内进行复查，经复查确有错误的予以更正。
 * 复查情况自作出复查结果之日起15个工作日内反馈检查对象.
 *
 * 已受理 (filed online by the entity, or entered by staff from the counter or the mail) → 复核中 (a reviewer takes it up)
 * → 异议成立 (the result was wrong: a correction is requested through the correction flow, 长春第20条) or 异议不成立
 * (with the reasons) → 已反馈 (the review's outcome told to the entity). Nothing leaves 已反馈.
 */
export const OBJECTION_STATUS_LABELS = {
  received: '已受理', reviewing: '复核中', upheld: '异议成立', dismissed: '异议不成立', answered: '已反馈',
} as const;
export type ObjectionStatus = keyof typeof OBJECTION_STATUS_LABELS;
export type ObjectionEventType = 'start_review' | 'uphold' | 'dismiss' | 'feed_back';

export const OBJECTION_EVENT_LABELS: Readonly<Record<ObjectionEventType, string>> = {
  start_review: '开始复核', uphold: '认定异议成立', dismiss: '认定异议不成立', feed_back: '反馈复核结果',
};

export const OBJECTION_TRANSITIONS: TransitionTable<ObjectionStatus, ObjectionEventType> = {
  received: { start_review: 'reviewing' },
  reviewing: { uphold: 'upheld', dismiss: 'dismissed' },
  upheld: { feed_back: 'answered' },
  dismissed: { feed_back: 'answered' },
  answered: {},
};

/** 'online' 网上提交 | 'counter' 窗口受理 | 'mail' 邮寄. */
export const OBJECTION_CHANNELS = { online: '网上提交', counter: '窗口受理', mail: '邮寄' } as const;
export type ObjectionChannel = keyof typeof OBJECTION_CHANNELS;

/** How the review's outcome reached the entity. */
export const FEEDBACK_METHODS = { online: '网上查看', sms: '短信告知', phone: '电话告知', mail: '邮寄', counter: '窗口送达' } as const;
export type FeedbackMethod = keyof typeof FEEDBACK_METHODS;

/** 证明材料 an entity may attach to one objection (威海第11条 申请材料), and only before the decision. */
export const MAX_OBJECTION_ATTACHMENTS = 5;
export function acceptsObjectionAttachments(status: string): boolean {
  return status === 'received' || status === 'reviewing';
}

export function isObjectionStatus(value: string): value is ObjectionStatus {
  return Object.hasOwn(OBJECTION_TRANSITIONS, value);
}

export interface ObjectionState {
  readonly id: string;
  readonly resultId: string;
  readonly status: ObjectionStatus;
}

export type ObjectionEvent =
  | { readonly type: 'start_review' }
  | { readonly type: 'uphold' | 'dismiss'; readonly comments: string | null; readonly decidedOn: DateOnly; readonly receivedOn: DateOnly }
  | { readonly type: 'feed_back'; readonly feedback: string | null };

export interface ObjectionTransition {
  readonly status: ObjectionStatus;
  readonly events: readonly DomainEvent[];
}

/**
 * Applies `event`: an event the status does not accept is 409; a decision without its reasons, a decision dated before
 * the objection was received, and a feedback without its text are 400.
 */
export function transitionObjection(objection: ObjectionState, event: ObjectionEvent): Result<ObjectionTransition, WorkflowError> {
  if (!isAllowed(OBJECTION_TRANSITIONS, objection.status, event.type)) {
    return illegalTransition('OBJECTION_ILLEGAL_TRANSITION', '异议', OBJECTION_STATUS_LABELS[objection.status], OBJECTION_EVENT_LABELS[event.type]);
  }
  let reason: string | undefined;
  if (event.type === 'uphold' || event.type === 'dismiss') {
    if (!hasText(event.comments)) return invalid('OBJECTION_COMMENTS_REQUIRED', '作出复核结论时须填写复核意见（comments）');
    if (event.decidedOn < event.receivedOn) return invalid('OBJECTION_DECIDED_BEFORE_RECEIPT', `复核结论日期不能早于收到异议的日期（${event.receivedOn}）`);
    reason = event.comments.trim();
  }
  if (event.type === 'feed_back') {
    if (!hasText(event.feedback)) return invalid('OBJECTION_FEEDBACK_REQUIRED', '反馈时须填写反馈内容（feedback）');
    reason = event.feedback.trim();
  }
  const target = OBJECTION_TRANSITIONS[objection.status][event.type] as ObjectionStatus;
  return ok({
    status: target,
    events: [{
      type: 'ObjectionStatusChanged', objectionId: objection.id, resultId: objection.resultId,
      from: objection.status, to: target, event: event.type, ...(reason ? { reason } : {}),
    }],
  });
}

export interface ObjectionDue {
  readonly reviewDue: DateOnly;
  readonly feedbackDue: DateOnly;
  /** Either deadline runs through a year without an official holiday schedule (暂定). */
  readonly provisional: boolean;
}

/**
 * 威海第11条: review within 20 working days of receipt; feedback within 15 working days of the decision — before the
 * decision, the latest it can be (15 after the review deadline).
 */
export function objectionDue(receivedOn: DateOnly, calendar: WorkingDayCalendar, decidedOn?: DateOnly): ObjectionDue {
  const d = objectionDeadlines(receivedOn, calendar, decidedOn);
  return { reviewDue: d.review.date, feedbackDue: d.feedback.date, provisional: d.review.provisional || d.feedback.provisional };
}

/** The deadline that applies now: the review's until decided, then the feedback's; none once answered. */
export function currentDue(status: ObjectionStatus, due: { reviewDue: DateOnly; feedbackDue: DateOnly }): DateOnly | null {
  switch (status) {
    case 'received':
    case 'reviewing':
      return due.reviewDue;
    case 'upheld':
    case 'dismissed':
      return due.feedbackDue;
    case 'answered':
      return null;
  }
}

/** An objection is overdue when the deadline that applies lies before today. */
export function isOverdue(status: ObjectionStatus, due: { reviewDue: DateOnly; feedbackDue: DateOnly }, today: DateOnly): boolean {
  const at = currentDue(status, due);
  return at !== null && at < today;
}

/** An objection may be filed against a published result only (威海第11条: 对检查结果有异议), not before the check. */
export function receiptProblem(resultStatus: string, checkDate: DateOnly | null, receivedOn: DateOnly, today: DateOnly): string | null {
  if (resultStatus !== 'published') return '只能对已公示的检查结果提出异议';
  if (receivedOn > today) return '收到异议的日期不能晚于今天';
  if (checkDate !== null && receivedOn < checkDate) return `收到异议的日期不能早于检查日期（${checkDate}）`;
  return null;
}
