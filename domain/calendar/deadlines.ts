import type { DateOnly } from './civil_date';
import { addWorkingDays, type WorkingDayCalendar, type WorkingDayDate } from './working_days';

/**
 * Named working-day deadlines of the 双随机、一公开 procedure, each with its source (domain.md §4.1).
 * All go through {@link addWorkingDays}: counting starts the day after the trigger, the deadline is a
 * working day, and `provisional` is set when the period runs into a year without a holiday schedule.
 */
export interface DeadlineRule {
  readonly key: DeadlineKey;
  readonly label: string;
  readonly workingDays: number;
  readonly source: string;
}

export type DeadlineKey =
  | 'disclosure'
  | 'result_entry'
  | 'dispatch_confirmation'
  | 'objection_review'
  | 'objection_feedback'
  | 'plan_change_entry';

/** The catalog, for display next to each deadline. */
export const DEADLINE_RULES: Readonly<Record<DeadlineKey, DeadlineRule>> = {
  disclosure: {
    key: 'disclosure',
    label: '检查结果公示',
    workingDays: 20,
    source: '《长春市市场监管领域部门联合“双随机、一公开”监管工作实施细则（试行）》第十九条（检查结果应于20个工作日内公示）',
  },
  result_entry: {
    key: 'result_entry',
    label: '抽查结果录入',
    workingDays: 5,
    source: '《2022年曲阳县“双随机、一公开”联合抽查实施细则》第二十条（完成抽查后5个工作日内录入平台）',
  },
  dispatch_confirmation: {
    key: 'dispatch_confirmation',
    label: '派发名单比对确认',
    workingDays: 1,
    source: '《2022年曲阳县“双随机、一公开”联合抽查实施细则》第十七条（1个工作日内完成比对和确认）',
  },
  objection_review: {
    key: 'objection_review',
    label: '异议复查',
    workingDays: 20,
    source: '《临港区市场监督管理局“双随机、一公开”监管工作实施细则》第十一条（收到申请材料之日起20个工作日内复查）',
  },
  objection_feedback: {
    key: 'objection_feedback',
    label: '复查情况反馈',
    workingDays: 15,
    source: '《临港区市场监督管理局“双随机、一公开”监管工作实施细则》第十一条（作出复查结果之日起15个工作日内反馈）',
  },
  plan_change_entry: {
    key: 'plan_change_entry',
    label: '计划调整录入平台',
    workingDays: 10,
    source: '《东胜区市场监管领域部门联合“双随机、一公开”监管工作实施方案》四（三）1（计划调整10个工作日内录入平台并重新公示）',
  },
};

/** The deadline of `rule` for a trigger date. */
export function deadlineFor(key: DeadlineKey, trigger: DateOnly, calendar: WorkingDayCalendar): WorkingDayDate {
  return addWorkingDays(trigger, DEADLINE_RULES[key].workingDays, calendar);
}

/** 长春第19条: results are disclosed within 20 working days of the check's completion. */
export function disclosureDeadline(checkCompletedOn: DateOnly, calendar: WorkingDayCalendar): WorkingDayDate {
  return deadlineFor('disclosure', checkCompletedOn, calendar);
}

/** 曲阳第20条: inspectors enter results within 5 working days of finishing the joint check. */
export function resultEntryDeadline(checkCompletedOn: DateOnly, calendar: WorkingDayCalendar): WorkingDayDate {
  return deadlineFor('result_entry', checkCompletedOn, calendar);
}

/** 曲阳第17条: units compare and confirm a dispatched list within 1 working day. */
export function dispatchConfirmationDeadline(dispatchedOn: DateOnly, calendar: WorkingDayCalendar): WorkingDayDate {
  return deadlineFor('dispatch_confirmation', dispatchedOn, calendar);
}

export interface ObjectionDeadlines {
  /** 20 working days from receipt of the materials. */
  readonly review: WorkingDayDate;
  /**
   * 15 working days from the review decision: from `reviewDecidedOn` when known, otherwise the latest
   * possible date (15 working days after the review deadline, i.e. 35 after receipt).
   */
  readonly feedback: WorkingDayDate;
}

/** 威海第11条: objection review within 20 working days of receipt, feedback within 15 of the review result. */
export function objectionDeadlines(
  materialsReceivedOn: DateOnly,
  calendar: WorkingDayCalendar,
  reviewDecidedOn?: DateOnly,
): ObjectionDeadlines {
  const review = deadlineFor('objection_review', materialsReceivedOn, calendar);
  const feedbackFrom = reviewDecidedOn ?? review.date;
  const feedback = deadlineFor('objection_feedback', feedbackFrom, calendar);
  const years = [...new Set([...review.unscheduledYears, ...feedback.unscheduledYears])].sort((a, b) => a - b);
  return {
    review,
    feedback: reviewDecidedOn ? feedback : { date: feedback.date, provisional: years.length > 0, unscheduledYears: years },
  };
}
