import { ok, type Result } from '../basics/result';
import { regionPrefix } from '../access/data_scope';
import { notPermitted, type ActorFacts, type WorkflowError } from './machine';

/**
 * An approval chain: the ordered steps a plan (or 实施方案) passes before it is published, configurable per
 * region because the seeds differ (domain.md §3 M4 item 3). Approving the last step publishes.
 */
export interface ApprovalStep {
  readonly key: string;
  /** Shown in the UI and the log, e.g. 司法行政合法性审核. */
  readonly label: string;
  /** The role key the approver must hold (built-in or one an administrator added, e.g. 分管领导). */
  readonly role: string;
  /**
   * Where the approver must sit: `lead_department` — in the plan's lead department; `same_region` — a
   * department of the plan's own region (同级); `region_and_above` — the plan's region or one above it.
   */
  readonly scope: 'lead_department' | 'same_region' | 'region_and_above';
}

export interface ApprovalChain {
  readonly key: string;
  readonly label: string;
  /** The seed article the chain follows. */
  readonly source: string;
  readonly steps: readonly ApprovalStep[];
}

/** What a chain step needs to know about the record being approved. */
export interface ApprovalSubject {
  readonly leadDepartmentId: string;
  readonly regionCode: string;
  /** Who submitted it; they act on no step (nobody approves their own plan). */
  readonly submittedBy: string | null;
}

const DEPT_HEAD: ApprovalStep = { key: 'dept_head', label: '部门负责人审核', role: 'dept_head', scope: 'lead_department' };
const LEGALITY: ApprovalStep = { key: 'legality', label: '司法行政合法性审核', role: 'justice_reviewer', scope: 'same_region' };
const PUBLISH: ApprovalStep = { key: 'publish', label: '双随机办发布', role: 'joint_office', scope: 'same_region' };

/**
 * 长春第8条: 年度抽查计划「通过协同监管平台报同级司法行政部门审核后实施」; 第12条: the lead department drafts.
 * The platform's default: the lead department's head, the same-level justice bureau, then the 双随机办 publishes.
 */
export const DEFAULT_PLAN_CHAIN: ApprovalChain = {
  key: 'default', label: '部门负责人 → 司法行政合法性审核 → 发布',
  source: '长春第8条、第12条', steps: [DEPT_HEAD, LEGALITY, PUBLISH],
};

/**
 * 威海第4条: 「工作计划需经分管局长审批签字后，报信用监管科汇总，经局长办公会批准后制定实施」. Roles
 * deputy_head (分管局长), credit_section (信用监管科) and bureau_head (局长办公会) are added by the administrator.
 */
export const WEIHAI_PLAN_CHAIN: ApprovalChain = {
  key: 'weihai', label: '分管局长 → 信用监管科汇总 → 局长办公会',
  source: '威海第4条',
  steps: [
    { key: 'deputy_head', label: '分管局长审批', role: 'deputy_head', scope: 'lead_department' },
    { key: 'credit_section', label: '信用监管科汇总', role: 'credit_section', scope: 'lead_department' },
    { key: 'bureau_meeting', label: '局长办公会批准', role: 'bureau_head', scope: 'lead_department' },
  ],
};

/**
 * 东胜 四（三）1、四（四）1: plans 「报区“双随机、一公开”工作联席会议办公室备案」; the office aggregates and
 * publishes. The department head approves, the joint office files and publishes.
 */
export const DONGSHENG_PLAN_CHAIN: ApprovalChain = {
  key: 'dongsheng', label: '部门负责人 → 联席会议办公室备案发布',
  source: '东胜 四（三）1、四（四）1',
  steps: [DEPT_HEAD, { key: 'joint_filing', label: '联席会议办公室备案发布', role: 'joint_office', scope: 'same_region' }],
};

/**
 * 威海第6条: 实施方案「报分管局长审批后，在临港区管委网站公示」 — one approval by the lead department's head.
 */
export const DEFAULT_TASK_CHAIN: ApprovalChain = {
  key: 'task_default', label: '部门负责人审批', source: '威海第6条', steps: [{ ...DEPT_HEAD, label: '分管负责人审批' }],
};

/** A chain with one more step at `index`, e.g. a 分管领导 step before the legality review. */
export function withStep(chain: ApprovalChain, index: number, step: ApprovalStep, label = chain.label): ApprovalChain {
  const steps = [...chain.steps];
  steps.splice(Math.max(0, Math.min(index, steps.length)), 0, step);
  return { ...chain, key: `${chain.key}+${step.key}`, label, steps };
}

function inScope(step: ApprovalStep, actor: ActorFacts, subject: ApprovalSubject): boolean {
  switch (step.scope) {
    case 'lead_department':
      return actor.departmentId !== null && actor.departmentId === subject.leadDepartmentId;
    case 'same_region':
      return actor.regionCode === subject.regionCode;
    case 'region_and_above':
      return actor.regionCode !== null && subject.regionCode.startsWith(regionPrefix(actor.regionCode));
  }
}

/**
 * Whether `actor` may approve or return at `step`: never the submitter (nobody approves their own
 * plan), and only a holder of the step's role in the right department or region.
 */
export function canActOnStep(step: ApprovalStep, actor: ActorFacts, subject: ApprovalSubject): Result<true, WorkflowError> {
  if (subject.submittedBy !== null && actor.userId === subject.submittedBy) {
    return notPermitted('OWN_SUBMISSION', '不能审批本人提交的事项');
  }
  if (!actor.roleKeys.includes(step.role)) return notPermitted('STEP_ROLE_REQUIRED', `“${step.label}”须由相应角色办理，您没有该角色`);
  if (!inScope(step, actor, subject)) {
    const where = step.scope === 'lead_department' ? '牵头部门' : step.scope === 'same_region' ? '同级' : '本级或上级';
    return notPermitted('STEP_SCOPE', `“${step.label}”须由${where}的人员办理`);
  }
  return ok(true);
}

/** The current step of a record under review, checked for `actor`; `last` when approving it publishes. */
export function reviewStep(
  chain: ApprovalChain, stepIndex: number, actor: ActorFacts, subject: ApprovalSubject,
): Result<{ step: ApprovalStep; last: boolean }, WorkflowError> {
  const step = chain.steps[stepIndex];
  if (!step) throw new RangeError(`approval step ${stepIndex} is outside chain ${chain.key}`);
  const allowed = canActOnStep(step, actor, subject);
  if (!allowed.ok) return allowed;
  return ok({ step, last: stepIndex === chain.steps.length - 1 });
}

/** A region's configured chain: it applies to the region and the regions below it (GB/T 2260 prefix). */
export interface RegionChainSetting {
  readonly regionCode: string;
  readonly chain: ApprovalChain;
}

/**
 * The chain for a record of `regionCode`: the setting of the nearest region containing it (a district's
 * own setting wins over its city's), else `fallback` (domain.md §3 M4 item 3: chains differ by locality).
 */
export function chainForRegion(settings: readonly RegionChainSetting[], regionCode: string, fallback: ApprovalChain = DEFAULT_PLAN_CHAIN): ApprovalChain {
  let best: { prefix: string; chain: ApprovalChain } | null = null;
  for (const s of settings) {
    const prefix = regionPrefix(s.regionCode);
    if (regionCode.startsWith(prefix) && (best === null || prefix.length > best.prefix.length)) best = { prefix, chain: s.chain };
  }
  return best?.chain ?? fallback;
}
