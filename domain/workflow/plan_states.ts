import { ok, type Result } from '../basics/result';
import type { DateOnly } from '../calendar/civil_date';
import { deadlineFor } from '../calendar/deadlines';
import type { WorkingDayCalendar, WorkingDayDate } from '../calendar/working_days';
import type { DomainEvent } from '../events';
import { reviewStep, type ApprovalChain } from './approval_chain';
import { hasText, illegalTransition, invalid, isAllowed, notPermitted, type ActorFacts, type TransitionTable, type WorkflowError } from './machine';

/**
 * 年度抽查计划 (annual plan) state machine (issue #9 item 10; domain.md §3 M4).
 *
 * 草稿 → 审核中 (one approval step after another, approving the last step publishes) → 已发布; a reviewer may
 * return it (已退回, with comments) for the drafter to edit and resubmit. An adjustment (调整) of a published plan
 * is a new version with a reason that goes through the whole chain again while the published version stays in
 * force, and must be re-published within 10 working days (东胜 四（三）1). 已作废 ends the plan.
 */
export type PlanStatus = 'draft' | 'in_review' | 'returned' | 'published' | 'void';
export type PlanEventType = 'edit' | 'submit' | 'withdraw' | 'approve' | 'return' | 'adjust' | 'void';
/** 部门计划 or 部门联合抽查计划 (a lead department with participating departments, 长春第9条). */
export type PlanKind = 'department' | 'joint';

export const PLAN_STATUS_LABELS: Readonly<Record<PlanStatus, string>> = {
  draft: '草稿', in_review: '审核中', returned: '已退回', published: '已发布', void: '已作废',
};

export const PLAN_EVENT_LABELS: Readonly<Record<PlanEventType, string>> = {
  edit: '编辑', submit: '提交审核', withdraw: '撤回', approve: '审核通过', return: '退回', adjust: '调整计划', void: '作废',
};

export interface PlanAdjustment {
  readonly reason: string;
  /** The day the adjustment was started: the 10 working days count from here. */
  readonly startedOn: DateOnly;
}

export interface Plan {
  readonly id: string;
  readonly kind: PlanKind;
  readonly year: number;
  readonly name: string;
  readonly leadDepartmentId: string;
  readonly participatingDepartmentIds: readonly string[];
  readonly regionCode: string;
  readonly chain: ApprovalChain;
  readonly status: PlanStatus;
  /** The approval step under way (meaningful in 审核中). */
  readonly stepIndex: number;
  readonly submittedBy: string | null;
  readonly submittedOn: DateOnly | null;
  /** The version being drafted or reviewed; the published one while 已发布. */
  readonly version: number;
  /** The version in force (published), also while an adjustment is drafted; null before the first publication. */
  readonly publishedVersion: number | null;
  readonly adjustment: PlanAdjustment | null;
  /** The reviewer's comments of the last return. */
  readonly returnComments: string | null;
}

export type PlanEvent =
  | { readonly type: 'edit' }
  | { readonly type: 'submit'; readonly on: DateOnly }
  | { readonly type: 'withdraw' }
  | { readonly type: 'approve'; readonly comment?: string | null }
  | { readonly type: 'return'; readonly comments: string }
  | { readonly type: 'adjust'; readonly reason: string; readonly on: DateOnly }
  | { readonly type: 'void'; readonly reason: string };

/** The allowed transitions, for docs and the UI. */
export const PLAN_TRANSITIONS: TransitionTable<PlanStatus, PlanEventType> = {
  draft: { edit: 'draft', submit: 'in_review', void: 'void' },
  in_review: { withdraw: 'draft', approve: ['in_review', 'published'], return: 'returned' },
  returned: { edit: 'draft', submit: 'in_review', void: 'void' },
  published: { adjust: 'draft', void: 'void' },
  void: {},
};

export interface PlanTransition {
  readonly plan: Plan;
  readonly events: readonly DomainEvent[];
}

function inLeadDepartment(plan: Plan, actor: ActorFacts): boolean {
  return actor.departmentId === plan.leadDepartmentId;
}

/**
 * 长春第12条: the lead department drafts, submits and adjusts its plan; 长春第9条 and 东胜 四（四）1: a joint
 * plan names its participating departments (at least one besides the lead).
 */
function checkDrafter(plan: Plan, actor: ActorFacts): Result<true, WorkflowError> {
  if (!inLeadDepartment(plan, actor)) return notPermitted('PLAN_LEAD_DEPARTMENT_ONLY', '只有牵头部门的人员可以编辑、提交或调整计划');
  return ok(true);
}

/** Applies `event` to `plan` as `actor`. Illegal transitions fail with kind 'illegal_transition' (409). */
export function transitionPlan(plan: Plan, event: PlanEvent, actor: ActorFacts): Result<PlanTransition, WorkflowError> {
  if (!isAllowed(PLAN_TRANSITIONS, plan.status, event.type)) {
    return illegalTransition('PLAN_ILLEGAL_TRANSITION', '计划', PLAN_STATUS_LABELS[plan.status], PLAN_EVENT_LABELS[event.type]);
  }
  const base = { planId: plan.id, version: plan.version };
  const done = (next: Partial<Plan>, events: DomainEvent[]): Result<PlanTransition, WorkflowError> => ok({ plan: { ...plan, ...next }, events });
  switch (event.type) {
    case 'edit': {
      const allowed = checkDrafter(plan, actor);
      if (!allowed.ok) return allowed;
      return done({ status: 'draft' }, [{ type: 'PlanEdited', ...base }]);
    }
    case 'submit': {
      const allowed = checkDrafter(plan, actor);
      if (!allowed.ok) return allowed;
      if (plan.kind === 'joint' && !plan.participatingDepartmentIds.some((id) => id !== plan.leadDepartmentId)) {
        return invalid('JOINT_PLAN_NEEDS_PARTNERS', '联合抽查计划至少要有一个牵头部门以外的参与部门');
      }
      return done({ status: 'in_review', stepIndex: 0, submittedBy: actor.userId, submittedOn: event.on, returnComments: null }, [
        { type: 'PlanSubmitted', ...base, kind: plan.kind, firstStep: plan.chain.steps[0]?.label ?? '' },
      ]);
    }
    case 'withdraw':
      if (actor.userId !== plan.submittedBy) return notPermitted('PLAN_WITHDRAW_SUBMITTER_ONLY', '只有提交人可以撤回审核中的计划');
      return done({ status: 'draft', stepIndex: 0 }, [{ type: 'PlanWithdrawn', ...base }]);
    case 'approve': {
      const review = reviewStep(plan.chain, plan.stepIndex, actor, plan);
      if (!review.ok) return review;
      const comment = hasText(event.comment) ? event.comment.trim() : null;
      const approved: DomainEvent = { type: 'PlanStepApproved', ...base, step: review.value.step.label, comment };
      if (!review.value.last) return done({ stepIndex: plan.stepIndex + 1 }, [approved]);
      return done({ status: 'published', stepIndex: 0, publishedVersion: plan.version, adjustment: null }, [
        approved, { type: 'PlanPublished', ...base, adjusted: plan.adjustment !== null },
      ]);
    }
    case 'return': {
      const review = reviewStep(plan.chain, plan.stepIndex, actor, plan);
      if (!review.ok) return review;
      if (!hasText(event.comments)) return invalid('RETURN_COMMENTS_REQUIRED', '退回时须填写退回意见');
      const comments = event.comments.trim();
      return done({ status: 'returned', stepIndex: 0, returnComments: comments }, [{ type: 'PlanReturned', ...base, step: review.value.step.label, comments }]);
    }
    case 'adjust': {
      const allowed = checkDrafter(plan, actor);
      if (!allowed.ok) return allowed;
      if (!hasText(event.reason)) return invalid('ADJUST_REASON_REQUIRED', '调整计划须填写调整原因');
      const adjustment = { reason: event.reason.trim(), startedOn: event.on };
      return done({ status: 'draft', version: plan.version + 1, adjustment, submittedBy: null, submittedOn: null, returnComments: null }, [
        { type: 'PlanAdjustmentStarted', planId: plan.id, fromVersion: plan.version, version: plan.version + 1, reason: adjustment.reason, startedOn: event.on },
      ]);
    }
    case 'void': {
      const office = actor.roleKeys.includes('joint_office') && actor.regionCode === plan.regionCode;
      const head = actor.roleKeys.includes('dept_head') && inLeadDepartment(plan, actor);
      if (!office && !head) return notPermitted('PLAN_VOID_NOT_PERMITTED', '只有牵头部门负责人或同级双随机办可以作废计划');
      if (!hasText(event.reason)) return invalid('VOID_REASON_REQUIRED', '作废计划须填写原因');
      return done({ status: 'void' }, [{ type: 'PlanVoided', ...base, reason: event.reason.trim() }]);
    }
  }
}

/**
 * 东胜 四（三）1: 「年度抽查计划可根据实际动态调整，调整后10个工作日内录入协同监管平台，需再次公示并备案」 —
 * the day by which an adjustment must be published again; null when no adjustment is under way.
 */
export function adjustmentDeadline(plan: Plan, calendar: WorkingDayCalendar): WorkingDayDate | null {
  if (!plan.adjustment || plan.status === 'void') return null;
  return deadlineFor('plan_change_entry', plan.adjustment.startedOn, calendar);
}
