import { ok, type Result } from '../basics/result';
import type { DomainEvent } from '../events';
import { hasText, illegalTransition, invalid, isAllowed, notPermitted, type TransitionTable, type WorkflowError } from '../workflow/machine';
import type { Disposal, ResultCategory } from './categories';

/**
 * 后续处置 (issue #10 item 7): what happens to a finding after the result is approved.
 *
 * 谁主管、谁负责 (曲阳第22条: 依法做出是否予以行政处罚、移送其他行政机关、移送司法机关等决定; 长春第18条: 需要进行后续处置的，
 * 移交给负有监管职责的相关部门; 渝北 五（一）（二）: 本部门衔接 to the competent unit inside the department, 其他部门衔接 to the
 * department in charge; 东胜 四（四）3: 涉嫌犯罪的要及时移送司法机关，并做好告知移送记录). A follow-up belongs to the department
 * that approved the result (the owner). It is handled inside the department (责令改正 with a deadline and 复查, 行政指导,
 * 立案查处/行政处罚, 行政强制), transferred to another department — which accepts it or returns it with a reason — or
 * transferred to a judicial organ (公安机关、检察机关), an external receiver recorded by name whose 回执 the owner records
 * when closing. Every follow-up ends 已完结 with an outcome; until then it counts as 未完结 (domain.md: 处置 未完结/已完结).
 */
export const FOLLOW_UP_STATUS_LABELS = {
  open: '本部门处置中',
  awaiting: '待接收',
  accepted: '已接收',
  returned: '已退回',
  sent_judicial: '已移送司法机关',
  closed: '已完结',
} as const;
export type FollowUpStatus = keyof typeof FOLLOW_UP_STATUS_LABELS;

/** 内部处置措施 (the disposals handled inside the department). */
export const FOLLOW_UP_MEASURES = {
  order_correction: '责令改正',
  guidance: '行政指导',
  penalty: '立案查处（行政处罚）',
  enforcement: '行政强制',
} as const;
export type FollowUpMeasure = keyof typeof FOLLOW_UP_MEASURES;

/** 司法机关 kinds (东胜 四（四）3, 威海第10条: 涉嫌犯罪的，及时移送司法机关). */
export const JUDICIAL_ORGAN_KINDS = { public_security: '公安机关', procuratorate: '检察机关', other: '其他司法机关' } as const;
export type JudicialOrganKind = keyof typeof JUDICIAL_ORGAN_KINDS;

export type FollowUpEventType = 'transfer' | 'transfer_judicial' | 'accept' | 'return' | 'resume' | 'close';

export const FOLLOW_UP_EVENT_LABELS: Readonly<Record<FollowUpEventType, string>> = {
  transfer: '移送其他部门', transfer_judicial: '移送司法机关', accept: '接收', return: '退回', resume: '收回本部门处置', close: '办结',
};

export const FOLLOW_UP_TRANSITIONS: TransitionTable<FollowUpStatus, FollowUpEventType> = {
  open: { transfer: 'awaiting', transfer_judicial: 'sent_judicial', close: 'closed' },
  awaiting: { accept: 'accepted', return: 'returned' },
  accepted: { close: 'closed' },
  returned: { transfer: 'awaiting', transfer_judicial: 'sent_judicial', resume: 'open', close: 'closed' },
  sent_judicial: { close: 'closed' },
  closed: {},
};

/** What each state allows, for the UI and docs. */
export const FOLLOW_UP_STATUS_ALLOWS: Readonly<Record<FollowUpStatus, string>> = {
  open: '发起部门内部处置后办结（责令改正须先复查），或移送其他部门、司法机关',
  awaiting: '接收部门接收，或说明理由退回',
  accepted: '接收部门处置后办结并填写处理结果',
  returned: '发起部门改移送其他部门、司法机关，或收回本部门处置、办结',
  sent_judicial: '发起部门收到回执后登记回执并办结',
  closed: '只读',
};

/** 未完结 / 已完结 (the two states the national platform shows, domain.md §cs_pub_scent_result). */
export function completionLabel(status: FollowUpStatus): '未完结' | '已完结' {
  return status === 'closed' ? '已完结' : '未完结';
}

export function isFollowUpStatus(value: string): value is FollowUpStatus {
  return Object.hasOwn(FOLLOW_UP_TRANSITIONS, value);
}

/** The measure a result's disposal starts the follow-up with; 移送 has none until the owner transfers it. */
export function initialMeasure(disposal: Disposal | null): FollowUpMeasure | null {
  switch (disposal) {
    case 'order_correction': case 'guidance': case 'penalty': case 'enforcement': return disposal;
    case 'transfer': case 'none': case null: return null;
  }
}

export interface ListingSuggestion {
  /** 列入情形. */
  readonly ground: string;
  /** What the owner should do. */
  readonly advice: string;
  readonly basis: string;
}

const LISTING_BASIS = '《企业经营异常名录管理办法》列入情形；《企业信息公示暂行条例》；长春第28条（建立列入经营异常名录等后续处理工作机制）';

/**
 * 经营异常名录 suggestion (长春第28条: 建立抽查问题线索移交移送、列入经营异常名录、立案查处等后续处理工作机制). The listing
 * grounds (《企业经营异常名录管理办法》, domain.md "经营异常 listing grounds"): 未在责令期限内公示有关企业信息, 公示信息隐瞒真实情况、
 * 弄虚作假, 通过登记的住所或者经营场所无法联系. An undisclosed item is first ordered disclosed; only a missed deadline lists it.
 * The listing itself is decided by the registration authority (市场监管部门), so this is a suggestion, never an act.
 */
export function listingSuggestion(category: ResultCategory | null): ListingSuggestion | null {
  switch (category) {
    case 'false_disclosure':
      return { ground: '公示信息隐瞒真实情况、弄虚作假', advice: '建议由登记机关（市场监管部门）列入经营异常名录', basis: LISTING_BASIS };
    case 'unreachable':
      return { ground: '通过登记的住所（经营场所）无法联系', advice: '建议由登记机关（市场监管部门）核实后列入经营异常名录', basis: LISTING_BASIS };
    case 'undisclosed':
      return { ground: '未按规定公示应当公示的信息', advice: '责令限期公示；逾期仍未公示的，建议由登记机关（市场监管部门）列入经营异常名录', basis: LISTING_BASIS };
    case 'no_problem': case 'corrected': case 'pending_followup': case 'no_activity': case 'closed': case 'uncooperative':
    case 'deregistered': case 'revoked': case 'cancelled': case 'moved_out': case null:
      return null;
  }
}

/**
 * A result needs a follow-up when its disposal is other than 无需后续处置 (曲阳第22条) or its category calls for a listing
 * suggestion (长春第28条).
 */
export function needsFollowUp(disposal: Disposal | null, category: ResultCategory | null): boolean {
  return (disposal !== null && disposal !== 'none') || listingSuggestion(category) !== null;
}

export interface FollowUpState {
  readonly id: string;
  readonly resultId: string;
  readonly status: FollowUpStatus;
  readonly measure: FollowUpMeasure | null;
}

/** Which side the caller acts for: the department that owns the follow-up, or the department it was transferred to. */
export interface FollowUpActor {
  readonly isOwner: boolean;
  readonly isReceiver: boolean;
}

/** 复查 of a 责令改正: when, and whether the entity corrected within the deadline. */
export interface Recheck { readonly date: string; readonly rectified: boolean }
/** 回执 of a transfer to a judicial organ (告知移送记录, 东胜 四（四）3). */
export interface Receipt { readonly number: string; readonly date: string }

export type FollowUpEvent =
  | { readonly type: 'transfer'; readonly toDepartmentId: string; readonly ownerDepartmentId: string; readonly reason: string }
  | { readonly type: 'transfer_judicial'; readonly organName: string; readonly reason: string }
  | { readonly type: 'accept' | 'resume' }
  | { readonly type: 'return'; readonly reason: string }
  | { readonly type: 'close'; readonly outcome: string; readonly recheck: Recheck | null; readonly receipt: Receipt | null; readonly today: string };

export interface FollowUpTransition {
  readonly status: FollowUpStatus;
  readonly events: readonly DomainEvent[];
}

/** Who acts on each event: the receiver accepts, returns and closes what it accepted; the owner does the rest. */
function actingSide(status: FollowUpStatus, event: FollowUpEventType): 'owner' | 'receiver' {
  switch (event) {
    case 'accept': case 'return': return 'receiver';
    case 'close': return status === 'accepted' ? 'receiver' : 'owner';
    case 'transfer': case 'transfer_judicial': case 'resume': return 'owner';
  }
}

/** A fact the event needs, or null when it is complete. */
function missingFact(follow: FollowUpState, event: FollowUpEvent): Result<null, WorkflowError> | null {
  switch (event.type) {
    case 'transfer':
      if (event.toDepartmentId === event.ownerDepartmentId) return invalid('FOLLOW_UP_SAME_DEPARTMENT', '不能移送给本部门；本部门内部处置请直接办理（渝北 五（一））');
      if (!hasText(event.reason)) return invalid('FOLLOW_UP_REASON_REQUIRED', '移送时须写明移送理由与线索（reason）');
      return null;
    case 'transfer_judicial':
      if (!hasText(event.organName)) return invalid('FOLLOW_UP_ORGAN_REQUIRED', '移送司法机关时须写明接收机关名称（organName）');
      if (!hasText(event.reason)) return invalid('FOLLOW_UP_REASON_REQUIRED', '移送时须写明移送理由与线索（reason）');
      return null;
    case 'return':
      return hasText(event.reason) ? null : invalid('FOLLOW_UP_REASON_REQUIRED', '退回时须写明退回理由（reason）');
    case 'accept': case 'resume':
      return null;
    case 'close':
      if (!hasText(event.outcome)) return invalid('FOLLOW_UP_OUTCOME_REQUIRED', '办结时须填写处理结果（outcome）');
      if (follow.status === 'sent_judicial') {
        if (!event.receipt || !hasText(event.receipt.number)) return invalid('FOLLOW_UP_RECEIPT_REQUIRED', '移送司法机关的后续处置须登记回执（编号与日期）后办结');
        if (event.receipt.date > event.today) return invalid('FOLLOW_UP_DATE_FUTURE', '回执日期不能晚于今天');
      }
      if ((follow.status === 'open' || follow.status === 'returned') && follow.measure === 'order_correction') {
        if (!event.recheck) return invalid('FOLLOW_UP_RECHECK_REQUIRED', '责令改正的后续处置须在整改期限届满后复查，登记复查日期与是否已改正后办结');
        if (event.recheck.date > event.today) return invalid('FOLLOW_UP_DATE_FUTURE', '复查日期不能晚于今天');
      }
      return null;
  }
}

/**
 * Applies `event`: an event the status does not accept is 409, the wrong side acting 403, a missing reason, organ,
 * outcome, 复查 or 回执 400.
 */
export function transitionFollowUp(follow: FollowUpState, event: FollowUpEvent, actor: FollowUpActor): Result<FollowUpTransition, WorkflowError> {
  if (!isAllowed(FOLLOW_UP_TRANSITIONS, follow.status, event.type)) {
    return illegalTransition('FOLLOW_UP_ILLEGAL_TRANSITION', '后续处置', FOLLOW_UP_STATUS_LABELS[follow.status], FOLLOW_UP_EVENT_LABELS[event.type]);
  }
  const side = actingSide(follow.status, event.type);
  if (side === 'owner' && !actor.isOwner) return notPermitted('FOLLOW_UP_OWNER_ONLY', '只有发起后续处置的部门可以执行此操作');
  if (side === 'receiver' && !actor.isReceiver) return notPermitted('FOLLOW_UP_RECEIVER_ONLY', '只有接收移送的部门可以接收、退回或办结');
  const missing = missingFact(follow, event);
  if (missing && !missing.ok) return missing;
  const target = FOLLOW_UP_TRANSITIONS[follow.status][event.type] as FollowUpStatus;
  const reason = event.type === 'return' || event.type === 'transfer' || event.type === 'transfer_judicial' ? event.reason.trim()
    : event.type === 'close' ? event.outcome.trim() : undefined;
  return ok({
    status: target,
    events: [{ type: 'FollowUpStatusChanged', followUpId: follow.id, resultId: follow.resultId, from: follow.status, to: target, event: event.type, ...(reason ? { reason } : {}) }],
  });
}

/** 未完结 past its due date (整改期限 or 办理期限): shown in the owner's or the receiver's 待办. */
export function isFollowUpOverdue(status: FollowUpStatus, dueDate: string | null, today: string): boolean {
  return status !== 'closed' && dueDate !== null && dueDate < today;
}
