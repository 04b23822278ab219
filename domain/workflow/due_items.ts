import { addDays, dateOnly, yearOf, type DateOnly } from '../calendar/civil_date';
import type { WorkingDayCalendar } from '../calendar/working_days';
import { regionPrefix } from '../access/data_scope';
import { canActOnStep } from './approval_chain';
import type { Draw } from './draw_states';
import type { ActorFacts } from './machine';
import { adjustmentDeadline, type Plan } from './plan_states';
import type { Task } from './task_states';

/**
 * 待办: what is due or overdue for one user, fed from the plan, task and draw records (issue #9 item 10).
 * The same function serves every role: a 部门负责人 sees plans awaiting their approval step, the 司法局 the
 * legality reviews, the 双随机办 the plans to publish and the plans not yet submitted by their due dates,
 * a 抽取监督员 the draws awaiting their presence, and drafters their returned plans and pending adjustments.
 */
export type DueItemKind =
  | 'plan_review' | 'plan_returned' | 'plan_not_submitted' | 'joint_plan_missing' | 'plan_adjustment' | 'task_review' | 'draw_presence';

export interface DueItem {
  readonly kind: DueItemKind;
  readonly recordType: 'plan' | 'task' | 'draw' | 'department' | 'region';
  readonly recordId: string;
  readonly title: string;
  /** The deadline, when a rule sets one. */
  readonly dueOn: DateOnly | null;
  readonly overdue: boolean;
  /** 暂定: the deadline was computed through a year without an official holiday schedule. */
  readonly provisional: boolean;
  /**
   * The rule behind the item, in words (issue #8 item 7: a deployment's UI does not quote other cities' articles;
   * the article each rule implements is cited in the code beside it).
   */
  readonly source: string;
}

/** A yearly due date: a month and a day of it, or its last day. */
export interface MonthDay {
  readonly month: number;
  readonly day: number | 'end';
}

export interface PlanDueDates {
  readonly joint: MonthDay;
  readonly department: MonthDay;
}

/**
 * 长春第8条 and 东胜 四（四）1: the joint plan by the end of January; 东胜 四（三）1: department plans by the end
 * of February. Configurable per region (渝北 四（二）: 「于每年3月前报送」 is the same end of February).
 */
export const DEFAULT_PLAN_DUE_DATES: PlanDueDates = { joint: { month: 1, day: 'end' }, department: { month: 2, day: 'end' } };

export interface DueInput {
  readonly today: DateOnly;
  /** The calendar of the user's region (calendarForRegion). */
  readonly calendar: WorkingDayCalendar;
  readonly plans: readonly Plan[];
  readonly tasks: readonly Task[];
  readonly draws: readonly Draw[];
  /** The departments expected to file an annual plan (checked for the 双随机办). */
  readonly departments: readonly { readonly id: string; readonly name: string; readonly regionCode: string }[];
  readonly dueDates?: PlanDueDates;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function dueDateOf(year: number, md: MonthDay): DateOnly {
  if (md.day !== 'end') return dateOnly(`${year}-${pad(md.month)}-${pad(md.day)}`);
  return md.month === 12 ? dateOnly(`${year}-12-31`) : addDays(dateOnly(`${year}-${pad(md.month + 1)}-01`), -1);
}

function within(actor: ActorFacts, regionCode: string): boolean {
  return actor.regionCode !== null && regionCode.startsWith(regionPrefix(actor.regionCode));
}

/** A plan counts as submitted once it reached review or was ever published. */
function submitted(plan: Plan): boolean {
  return plan.status === 'in_review' || plan.status === 'published' || plan.publishedVersion !== null;
}

function reviewItems(actor: ActorFacts, input: DueInput): DueItem[] {
  const out: DueItem[] = [];
  for (const plan of input.plans) {
    const step = plan.chain.steps[plan.stepIndex];
    if (plan.status !== 'in_review' || !step || !canActOnStep(step, actor, plan).ok) continue;
    out.push({
      kind: 'plan_review', recordType: 'plan', recordId: plan.id, title: `待${step.label}：${plan.name}`,
      dueOn: null, overdue: false, provisional: false, source: `审批流程：${plan.chain.label}`,
    });
  }
  for (const task of input.tasks) {
    const step = task.chain.steps[task.stepIndex];
    if (task.status !== 'in_review' || !step || !canActOnStep(step, actor, task).ok) continue;
    out.push({
      kind: 'task_review', recordType: 'task', recordId: task.id, title: `待${step.label}（实施方案）：${task.name}`,
      dueOn: null, overdue: false, provisional: false, source: `审批流程：${task.chain.label}`,
    });
  }
  return out;
}

function drafterItems(actor: ActorFacts, input: DueInput): DueItem[] {
  const out: DueItem[] = [];
  const office = actor.roleKeys.includes('joint_office');
  for (const plan of input.plans) {
    const lead = actor.departmentId === plan.leadDepartmentId;
    if (plan.status === 'returned' && lead && actor.roleKeys.includes('dept_admin')) {
      out.push({
        kind: 'plan_returned', recordType: 'plan', recordId: plan.id, title: `计划已退回，待修改后重新提交：${plan.name}（${plan.returnComments ?? ''}）`,
        dueOn: null, overdue: false, provisional: false, source: `审批流程：${plan.chain.label}`,
      });
    }
    const deadline = adjustmentDeadline(plan, input.calendar);
    if (deadline && plan.status !== 'published' && (lead || (office && within(actor, plan.regionCode)))) {
      out.push({
        kind: 'plan_adjustment', recordType: 'plan', recordId: plan.id,
        title: `计划调整须在${deadline.date}${deadline.provisional ? '（暂定）' : ''}前重新发布：${plan.name}`,
        dueOn: deadline.date, overdue: input.today > deadline.date, provisional: deadline.provisional, source: '计划调整后须在10个工作日内录入平台并再次公示', // 东胜 四（三）1
      });
    }
  }
  return out;
}

/** 长春第8条, 东胜 四（四）1: the joint plan is drawn up and submitted by its due date. */
const JOINT_PLAN_RULE = '年度部门联合抽查计划须在规定日期前编制并报送审核';
/** 东胜 四（三）1: each department files its yearly plan with the joint office by its due date. */
const DEPARTMENT_PLAN_RULE = '部门年度抽查计划须在规定日期前报送联席会议办公室';

/** 长春第8条, 东胜 四（三）1 and 四（四）1: the 双随机办 follows up plans not submitted by their due dates. */
function officeItems(actor: ActorFacts, input: DueInput): DueItem[] {
  if (!actor.roleKeys.includes('joint_office') || actor.regionCode === null) return [];
  const year = yearOf(input.today);
  const dates = input.dueDates ?? DEFAULT_PLAN_DUE_DATES;
  const jointDue = dueDateOf(year, dates.joint);
  const departmentDue = dueDateOf(year, dates.department);
  const plans = input.plans.filter((p) => p.year === year && p.status !== 'void' && within(actor, p.regionCode));
  const out: DueItem[] = [];
  const item = (kind: DueItemKind, recordType: DueItem['recordType'], recordId: string, title: string, dueOn: DateOnly, source: string): DueItem => ({
    kind, recordType, recordId, title: `${title}（${dueOn}前）`, dueOn, overdue: input.today > dueOn, provisional: false, source,
  });
  const joint = plans.filter((p) => p.kind === 'joint');
  if (!joint.some((p) => p.regionCode === actor.regionCode)) {
    out.push(item('joint_plan_missing', 'region', actor.regionCode, `${year}年度部门联合抽查计划尚未编制`, jointDue, JOINT_PLAN_RULE));
  }
  for (const plan of joint) {
    if (!submitted(plan)) out.push(item('plan_not_submitted', 'plan', plan.id, `联合抽查计划尚未提交：${plan.name}`, jointDue, JOINT_PLAN_RULE));
  }
  for (const department of input.departments) {
    if (!within(actor, department.regionCode)) continue;
    const own = plans.filter((p) => p.kind === 'department' && p.leadDepartmentId === department.id);
    if (!own.some(submitted)) {
      out.push(item('plan_not_submitted', 'department', department.id, `${department.name}的${year}年度抽查计划尚未提交`, departmentDue, DEPARTMENT_PLAN_RULE));
    }
  }
  return out;
}

/** 威海第3、6条: draws whose pool is committed and which await this supervisor's presence. */
function supervisorItems(actor: ActorFacts, input: DueInput): DueItem[] {
  if (!actor.roleKeys.includes('draw_supervisor')) return [];
  return input.draws
    .filter((d) => d.status === 'committed' && d.regionCode === actor.regionCode
      && d.operatorId !== actor.userId && !d.supervisorIds.includes(actor.userId))
    .map((d) => ({
      kind: 'draw_presence' as const, recordType: 'draw' as const, recordId: d.id, title: `抽取待到场监督确认（任务 ${d.taskId}，第${d.attempt}次）`,
      dueOn: null, overdue: false, provisional: false, source: '随机抽取须有监督人员到场见证并确认', // 威海第3条、第6条
    }));
}

const KIND_ORDER: readonly DueItemKind[] = [
  'joint_plan_missing', 'plan_not_submitted', 'plan_adjustment', 'plan_returned', 'plan_review', 'task_review', 'draw_presence',
];

/** Everything due for `actor`: overdue first, then by due date (undated last), then by kind, else in input order. */
export function dueItems(actor: ActorFacts, input: DueInput): DueItem[] {
  const items = [...reviewItems(actor, input), ...drafterItems(actor, input), ...officeItems(actor, input), ...supervisorItems(actor, input)];
  return items.sort((a, b) => Number(b.overdue) - Number(a.overdue)
    || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999')
    || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
