import { err, ok, type Result } from '../basics/result';
import { regionPrefix } from '../access/data_scope';
import { ENTITY_TYPES } from '../directory/entity_lists';
import { parseDecimal } from '../draw/encoding';
import { parsePercent, ROUNDING_LABELS, roundQuota, type RoundingRule } from '../draw/quota';
import type { StratumSpec, TaskSpec } from './task_spec';

/**
 * The rules of a 抽查任务 / 实施方案's content (issue #9 item 4; 威海第6条; 渝北 四（三）–（五）; 曲阳第16–17条;
 * 长春第14条), checked before a task is saved. Pure: the server looks up the facts (which checklist versions are
 * published, whether the 专项库 has a confirmed version) and passes them in. Every problem names the field by
 * its path inside the spec (`strata.1.value`) and says in Chinese what is wrong, so the form can mark it.
 */
export interface SpecProblem {
  readonly field: string;
  readonly message: string;
}

/** What the check needs to know about the task the spec belongs to. */
export interface TaskSpecContext {
  readonly leadDepartmentId: string;
  /** The lead and the participating departments. */
  readonly departmentIds: readonly string[];
  /** The task's region (GB/T 2260); the pool's regions must lie inside it. */
  readonly regionCode: string;
}

/** 企业信用风险分类 (国市监信发〔2022〕6号) classes A–D (E kept for regions with a fifth class) and the unrated stratum. */
export const CREDIT_STRATUM_KEYS = ['A', 'B', 'C', 'D', 'E', 'unrated'] as const;
export const CREDIT_STRATUM_LABELS: Readonly<Record<string, string>> = {
  A: 'A 类（信用风险低）', B: 'B 类（信用风险一般）', C: 'C 类（信用风险较高）', D: 'D 类（信用风险高）', E: 'E 类', unrated: '未分类', all: '全部',
};
/** The one stratum of an unstratified task. */
export const SINGLE_STRATUM_KEY = 'all';

export const TEAM_LIMITS = { teamSize: [2, 20], expertsPerObject: [0, 10], maxObjectsPerInspector: [1, 1000], recusalYears: [0, 10] } as const;
export const ANNUAL_CAP_LIMITS = [1, 12] as const;
export const SUPERVISOR_LIMITS = [1, 5] as const;

const INDUSTRY_CODE = /^\d{2,4}$/;
const REGION_CODE = /^\d{6}$/;

function between(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function checkStratum(s: StratumSpec, path: string, label: string, out: SpecProblem[]): void {
  if (s.mode === 'ratio') {
    const r = parsePercent(s.value, `${label}的抽查比例`, `${path}.value`);
    if (!r.ok) out.push({ field: `${path}.value`, message: r.error.message });
  } else if (parseDecimal(s.value) === undefined) {
    out.push({ field: `${path}.value`, message: `${label}的抽查户数“${s.value}”不是非负整数` });
  }
  if (!(s.rounding in ROUNDING_LABELS)) out.push({ field: `${path}.rounding`, message: `${label}的取整规则无效` });
  if (s.minPercent !== '') {
    const r = parsePercent(s.minPercent, `${label}的最低比例`, `${path}.minPercent`);
    if (!r.ok) out.push({ field: `${path}.minPercent`, message: r.error.message });
  }
  if (s.reserve !== '' && parseDecimal(s.reserve) === undefined) {
    out.push({ field: `${path}.reserve`, message: `${label}的备选名单长度“${s.reserve}”不是非负整数` });
  }
}

/**
 * 渝北 四（四）: 差异化抽查比例 by 信用风险分类 — strata keyed by credit class (each at most once) or the one
 * stratum 'all'; each ratio a percentage 0–100 in the draw protocol's grammar (docs/draw-protocol.md §4.1).
 */
function checkStrata(spec: TaskSpec, out: SpecProblem[]): void {
  if (spec.strata.length === 0) {
    out.push({ field: 'strata', message: '请至少设置一个分层的抽查比例或户数' });
    return;
  }
  const seen = new Set<string>();
  for (const [i, s] of spec.strata.entries()) {
    const path = `strata.${i}`;
    const allowed: readonly string[] = spec.stratifyBy === 'credit_class' ? CREDIT_STRATUM_KEYS : [SINGLE_STRATUM_KEY];
    if (!allowed.includes(s.key)) {
      out.push({
        field: `${path}.key`,
        message: spec.stratifyBy === 'credit_class' ? `分层“${s.key}”不是信用风险分类（A、B、C、D、E 或未分类）` : '不分层时只能有一个“全部”分层',
      });
      continue;
    }
    if (seen.has(s.key)) {
      out.push({ field: `${path}.key`, message: `分层“${CREDIT_STRATUM_LABELS[s.key] ?? s.key}”重复` });
      continue;
    }
    seen.add(s.key);
    checkStratum(s, path, `分层“${CREDIT_STRATUM_LABELS[s.key] ?? s.key}”`, out);
  }
  if (spec.minTotalPercent !== '') {
    const r = parsePercent(spec.minTotalPercent, '总体最低抽查比例', 'minTotalPercent');
    if (!r.ok) out.push({ field: 'minTotalPercent', message: r.error.message });
  }
}

/** 渝北 四（四）: 定向 narrows the pool by type, industry, 专项库 or 经营范围; 不定向 takes every active entity. */
function checkTargeting(spec: TaskSpec, ctx: TaskSpecContext, out: SpecProblem[]): void {
  const t = spec.targeting;
  const criteria = t.entityTypes.length + t.industryCodes.length + t.scopeKeywords.length + (t.entityTagId === null ? 0 : 1);
  if (t.mode === 'untargeted' && criteria > 0) {
    out.push({ field: 'targeting.mode', message: '不定向抽查不能设置主体类型、行业、专项库或经营范围条件' });
  }
  if (t.mode === 'targeted' && criteria === 0) {
    out.push({ field: 'targeting.mode', message: '定向抽查须至少设置一项条件（主体类型、行业、专项库或经营范围关键字）' });
  }
  for (const [i, type] of t.entityTypes.entries()) {
    if (!Object.hasOwn(ENTITY_TYPES, type)) out.push({ field: `targeting.entityTypes.${i}`, message: `主体类型“${type}”不存在` });
  }
  for (const [i, code] of t.industryCodes.entries()) {
    if (!INDUSTRY_CODE.test(code)) out.push({ field: `targeting.industryCodes.${i}`, message: `行业代码“${code}”应为 GB/T 4754 的 2 至 4 位数字代码` });
  }
  for (const [i, keyword] of t.scopeKeywords.entries()) {
    if (keyword.trim() === '' || keyword.length > 20) out.push({ field: `targeting.scopeKeywords.${i}`, message: '经营范围关键字不能为空，且不超过 20 个字' });
  }
  if (spec.regionCodes.length === 0) out.push({ field: 'regionCodes', message: '请至少选择一个抽取区域' });
  const prefix = regionPrefix(ctx.regionCode);
  for (const [i, code] of spec.regionCodes.entries()) {
    if (!REGION_CODE.test(code) || !code.startsWith(prefix)) {
      out.push({ field: `regionCodes.${i}`, message: `抽取区域“${code}”不在任务所属区划（${ctx.regionCode}）内` });
    }
  }
}

/**
 * 威海第6条: 每个检查对象不少于2名执法人员; 长春第14条: 组长由牵头部门人员担任; 曲阳第16条: 各部门按比例派员 —
 * the quotas name only the task's departments and add up to at most the team size.
 */
function checkTeam(spec: TaskSpec, ctx: TaskSpecContext, out: SpecProblem[]): void {
  const team = spec.team;
  if (!between(team.teamSize, TEAM_LIMITS.teamSize)) out.push({ field: 'team.teamSize', message: '每个检查对象的检查人员应为 2 至 20 人（不少于 2 名执法人员）' });
  if (!team.leaderFromLead) out.push({ field: 'team.leaderFromLead', message: '检查组组长须由牵头部门人员担任' });
  const seen = new Set<string>();
  let total = 0;
  for (const [i, q] of team.departmentQuotas.entries()) {
    const path = `team.departmentQuotas.${i}`;
    if (!ctx.departmentIds.includes(q.departmentId)) out.push({ field: `${path}.departmentId`, message: '派员部门须是本任务的牵头或参与部门' });
    else if (seen.has(q.departmentId)) out.push({ field: `${path}.departmentId`, message: '派员部门重复' });
    seen.add(q.departmentId);
    if (!between(q.members, [1, 20])) out.push({ field: `${path}.members`, message: '派员人数应为 1 至 20 的整数' });
    else total += q.members;
  }
  if (team.departmentQuotas.length > 0 && between(team.teamSize, TEAM_LIMITS.teamSize)) {
    if (total > team.teamSize) out.push({ field: 'team.departmentQuotas', message: `各部门派员合计 ${total} 人，超过每组 ${team.teamSize} 人` });
    if (team.leaderFromLead && !seen.has(ctx.leadDepartmentId)) {
      out.push({ field: 'team.departmentQuotas', message: '组长由牵头部门人员担任，牵头部门至少派员 1 人' });
    }
  }
  if (!between(team.expertsPerObject, TEAM_LIMITS.expertsPerObject)) out.push({ field: 'team.expertsPerObject', message: '每个检查对象的专家人数应为 0 至 10 的整数' });
  if (!between(team.maxObjectsPerInspector, TEAM_LIMITS.maxObjectsPerInspector)) {
    out.push({ field: 'team.maxObjectsPerInspector', message: '每名检查人员的检查对象上限应为 1 至 1000 的整数' });
  }
  if (!between(team.recusalYears, TEAM_LIMITS.recusalYears)) out.push({ field: 'team.recusalYears', message: '回避年限应为 0 至 10 的整数（0 表示不回避）' });
}

/**
 * Checks a task's content against its task: items from the task's departments, each at most once; a
 * 定向/不定向 scope inside the task's region; strata and ratios; the yearly cap (威海第5条、曲阳第17条: ≤ 2 by
 * default); the team; at least one 抽取监督员. Returns the spec with its strata in the draw's key order.
 */
export function checkTaskSpec(spec: TaskSpec, ctx: TaskSpecContext): Result<TaskSpec, SpecProblem[]> {
  const out: SpecProblem[] = [];
  if (spec.items.length === 0) out.push({ field: 'items', message: '请至少选择一个检查事项' });
  const items = new Set<string>();
  for (const [i, item] of spec.items.entries()) {
    if (!ctx.departmentIds.includes(item.departmentId)) out.push({ field: `items.${i}`, message: `检查事项“${item.name}”不属于本任务的牵头或参与部门` });
    else if (items.has(item.itemId)) out.push({ field: `items.${i}`, message: `检查事项“${item.name}”重复` });
    items.add(item.itemId);
  }
  checkTargeting(spec, ctx, out);
  checkStrata(spec, out);
  if (!between(spec.annualCap, ANNUAL_CAP_LIMITS)) out.push({ field: 'annualCap', message: '同一对象每年抽查次数上限应为 1 至 12 的整数' });
  if (spec.methods.length === 0) out.push({ field: 'methods', message: '请至少选择一种检查方式' });
  checkTeam(spec, ctx, out);
  if (!between(spec.supervisorsRequired, SUPERVISOR_LIMITS)) out.push({ field: 'supervisorsRequired', message: '抽取监督员人数应为 1 至 5 的整数（至少 1 名）' });
  if (out.length > 0) return err(out);
  const order = (key: string) => (CREDIT_STRATUM_KEYS as readonly string[]).indexOf(key);
  return ok({ ...spec, strata: [...spec.strata].sort((a, b) => order(a.key) - order(b.key)) });
}

function formatCount(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * How a ratio turns into a count, in words for the form: 「1,234 户 × 3% = 37.02 → 37 户（四舍五入）」. The
 * product is shown to two decimals (「≈」 when it has more); the count is the draw's own rounding (quota.ts).
 */
export function ratioExample(size: number, percent: string, rounding: RoundingRule): string | null {
  const p = parsePercent(percent, '抽查比例', 'value');
  if (!p.ok || !Number.isInteger(size) || size < 0) return null;
  const num = BigInt(size) * p.value.num * 100n;
  const den = p.value.den;
  const hundredths = (2n * num + den) / (2n * den);
  const exact = num % den === 0n;
  const product = `${exact ? '' : '≈'}${formatCount(hundredths / 100n)}.${String(hundredths % 100n).padStart(2, '0')}`;
  return `${formatCount(BigInt(size))} 户 × ${percent}% = ${product} → ${roundQuota(size, p.value, rounding)} 户（${ROUNDING_LABELS[rounding]}）`;
}
