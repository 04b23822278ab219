/**
 * The rules of inspector matching that do not depend on the seed (docs/draw-protocol.md §9.1, §9.2, §9.5): which
 * inputs are accepted, the recusal date, each department's share of a team, and the inspector pool hash.
 */
import { err, ok, type Result } from '../basics/result';
import { ce, compareUtf8, taggedHash, TAG, toHex } from '../draw/encoding';
import type { Expert, Inspector, MatchError, MatchObject, MatchRules } from './types';

const DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

function invalid(message: string): Result<never, MatchError> {
  return err({ code: 'INVALID_INPUT', message });
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The same calendar date `years` earlier (29 Feb → 28 Feb in a common year). */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(4);
  return `${String(y).padStart(4, '0')}${md === '-02-29' && !isLeap(y) ? '-02-28' : md}`;
}

/** The name under which the expert directory's draw is reported (its infeasibility, its members' slot). */
export const EXPERT_POOL = '专家库';

/** Why an inspector may not be on an object's team whatever the draw (在岗, 执法证, 回避), or undefined. */
export function personalExclusion(i: Inspector, objectId: string, rules: MatchRules): string | undefined {
  if (!i.onDuty) return '不在岗';
  if (i.certificateValidUntil === '' || i.certificateValidUntil < rules.inspectionDate) return `执法证在 ${rules.inspectionDate} 无效`;
  if (i.conflicts.includes(objectId)) return '申报了利害关系须回避';
  if (rules.recusalYears > 0) {
    const since = yearsBefore(rules.inspectionDate, rules.recusalYears);
    if (i.history.some((h) => h.entityId === objectId && h.date >= since)) return `${rules.recusalYears} 年内检查过该主体须回避`;
  }
  return undefined;
}

export function validateMatchInput(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, seed: Uint8Array, experts: readonly Expert[] = []): Result<true, MatchError> {
  if (seed.length !== 32) return invalid('匹配种子须为 32 字节');
  if (!DATE.test(rules.inspectionDate)) return invalid(`检查日期“${rules.inspectionDate}”不是 YYYY-MM-DD`);
  if (!Number.isInteger(rules.teamSize) || rules.teamSize < 2) {
    return invalid(`每个检查对象的检查人员数为 ${rules.teamSize}，不得少于 2 名`);
  }
  if (!Number.isInteger(rules.maxObjectsPerInspector) || rules.maxObjectsPerInspector < 1) {
    return invalid(`每名检查人员的任务上限“${rules.maxObjectsPerInspector}”须为正整数`);
  }
  if (!Number.isInteger(rules.recusalYears) || rules.recusalYears < 0) return invalid(`回避年限“${rules.recusalYears}”须为非负整数`);
  const inspectorIds = new Set<string>();
  for (const i of inspectors) {
    if (i.id === '' || inspectorIds.has(i.id)) return invalid(`检查人员编号“${i.id}”为空或重复`);
    inspectorIds.add(i.id);
    if (i.dept === '') return invalid(`检查人员“${i.id}”未填写所属部门`);
    if (i.certificateValidUntil !== '' && !DATE.test(i.certificateValidUntil)) return invalid(`检查人员“${i.id}”的执法证有效期“${i.certificateValidUntil}”不是 YYYY-MM-DD`);
    if (i.maxObjects !== undefined && (!Number.isInteger(i.maxObjects) || i.maxObjects < 0)) return invalid(`检查人员“${i.id}”的个人任务上限须为非负整数`);
    for (const h of i.history) if (!DATE.test(h.date)) return invalid(`检查人员“${i.id}”的检查记录日期“${h.date}”不是 YYYY-MM-DD`);
  }
  const e = rules.expertsPerObject;
  if (e !== undefined && (!Number.isInteger(e) || e < 0)) return invalid(`每个检查对象的专家人数“${e}”须为非负整数`);
  const expertIds = new Set<string>();
  for (const x of experts) {
    if (x.id === '' || expertIds.has(x.id) || inspectorIds.has(x.id)) return invalid(`专家编号“${x.id}”为空、重复或与检查人员编号相同`);
    expertIds.add(x.id);
    if (x.dept === '') return invalid(`专家“${x.id}”未填写维护部门`);
    for (const h of x.history ?? []) if (!DATE.test(h.date)) return invalid(`专家“${x.id}”的检查记录日期“${h.date}”不是 YYYY-MM-DD`);
  }
  const byId = new Map(inspectors.map((i) => [i.id, i]));
  const appointedLoad = new Map<string, number>();
  const objectIds = new Set<string>();
  for (const o of objects) {
    if (o.id === '' || objectIds.has(o.id)) return invalid(`检查对象“${o.id}”为空或重复`);
    objectIds.add(o.id);
    if (o.leadDept === '') return invalid(`检查对象“${o.id}”未指定牵头部门`);
    if (rules.sameRegion && (o.region === undefined || o.region === '')) return invalid(`要求同区域匹配，但检查对象“${o.id}”未填写区域`);
    const depts = new Set([o.leadDept, ...o.participatingDepts]);
    const seen = new Set<string>();
    for (const x of o.expertise) {
      if (!depts.has(x.dept)) return invalid(`检查对象“${o.id}”要求“${x.dept}”派出具备“${x.expertise}”专长的人员，但该部门不是牵头或参与部门`);
      if (seen.has(x.dept)) return invalid(`检查对象“${o.id}”对“${x.dept}”提出了多项专长要求；每个部门至多一项（可改由不同部门提供，或拆分检查事项）`);
      seen.add(x.dept);
      if (x.expertise === '') return invalid(`检查对象“${o.id}”的专长要求为空`);
    }
    const quotaDepts = new Set<string>();
    for (const q of o.quotas ?? []) {
      if (!depts.has(q.dept)) return invalid(`检查对象“${o.id}”规定“${q.dept}”派员，但该部门不是牵头或参与部门`);
      if (quotaDepts.has(q.dept)) return invalid(`检查对象“${o.id}”对“${q.dept}”规定了多个派员人数`);
      quotaDepts.add(q.dept);
      if (!Number.isInteger(q.members) || q.members < 1) return invalid(`检查对象“${o.id}”规定“${q.dept}”派员 ${q.members} 人，须为正整数`);
    }
    const problem = appointmentProblem(o, byId, rules, appointedLoad);
    if (problem) return invalid(problem);
  }
  for (const [id, n] of appointedLoad) {
    const i = byId.get(id) as Inspector;
    const cap = i.maxObjects === undefined ? rules.maxObjectsPerInspector : Math.min(i.maxObjects, rules.maxObjectsPerInspector);
    if (n > cap) return invalid(`直接委派的检查人员“${id}”共 ${n} 个检查对象，超过每人任务上限 ${cap} 个`);
  }
  return ok(true);
}

/** 直接委派 (威海第6条): known inspectors of the object's departments, within each share, eligible but for the region. */
function appointmentProblem(o: MatchObject, byId: ReadonlyMap<string, Inspector>, rules: MatchRules, load: Map<string, number>): string | undefined {
  const appointed = o.appointed ?? [];
  if (new Set(appointed).size !== appointed.length) return `检查对象“${o.id}”重复委派了同一名检查人员`;
  const composition = teamComposition(o, rules.teamSize);
  for (const id of appointed) {
    const i = byId.get(id);
    if (!i) return `检查对象“${o.id}”直接委派的“${id}”不在检查人员名录中`;
    const share = composition.find((c) => c.dept === i.dept);
    if (!share) return `检查对象“${o.id}”直接委派的检查人员“${id}”不属于牵头或参与部门`;
    const why = personalExclusion(i, o.id, rules);
    if (why) return `检查对象“${o.id}”直接委派的检查人员“${id}”${why}`;
    load.set(id, (load.get(id) ?? 0) + 1);
  }
  for (const { dept, count } of composition) {
    const mine = appointed.map((id) => byId.get(id) as Inspector).filter((i) => i.dept === dept);
    if (mine.length > count) return `检查对象“${o.id}”直接委派“${dept}”${mine.length} 人，超过该部门应派的 ${count} 人`;
    const need = o.expertise.find((x) => x.dept === dept)?.expertise;
    if (need !== undefined && mine.length === count && !mine.some((i) => i.expertise.includes(need))) {
      return `检查对象“${o.id}”直接委派的“${dept}”人员已占满该部门名额，但无人具备所需的“${need}”专长`;
    }
  }
  return undefined;
}

/**
 * Departments of an object with the number of members each sends: lead first, then participants in UTF-8 order.
 * A participating department sends its quota (曲阳第16条 各部门按比例派员), or 1 without one; the lead department sends
 * its quota (or 1), raised to whatever the team still needs to reach `teamSize` (威海第6条 不少于2名).
 */
export function teamComposition(object: MatchObject, teamSize: number): { dept: string; count: number }[] {
  const participants = [...new Set(object.participatingDepts)].filter((d) => d !== object.leadDept).sort(compareUtf8);
  const quota = new Map((object.quotas ?? []).map((q) => [q.dept, q.members]));
  const others = participants.map((dept) => ({ dept, count: quota.get(dept) ?? 1 }));
  const othersTotal = others.reduce((n, c) => n + c.count, 0);
  return [{ dept: object.leadDept, count: Math.max(quota.get(object.leadDept) ?? 1, teamSize - othersTotal) }, ...others];
}

/**
 * inspectorPoolHash = SHA-256(field("suiji/match/v1/inspector-pool") ‖ ce({inspectors, rules})),
 * inspectors sorted by id with list fields sorted — frozen in the draw's commitment.
 */
export function hashInspectorPool(inspectors: readonly Inspector[], rules: MatchRules, experts: readonly Expert[] = []): string {
  const list = [...inspectors]
    .sort((a, b) => compareUtf8(a.id, b.id))
    .map((i) => ({
      id: i.id,
      dept: i.dept,
      region: i.region,
      expertise: [...i.expertise].sort(compareUtf8),
      certificateValidUntil: i.certificateValidUntil,
      onDuty: i.onDuty ? 'true' : 'false',
      conflicts: [...i.conflicts].sort(compareUtf8),
      history: [...i.history].sort((a, b) => compareUtf8(a.entityId, b.entityId) || compareUtf8(a.date, b.date)).map((h) => ({ entityId: h.entityId, date: h.date })),
      maxObjects: i.maxObjects === undefined ? '' : String(i.maxObjects),
    }));
  const r = {
    inspectionDate: rules.inspectionDate,
    teamSize: String(rules.teamSize),
    maxObjectsPerInspector: String(rules.maxObjectsPerInspector),
    recusalYears: String(rules.recusalYears),
    sameRegion: rules.sameRegion ? 'true' : 'false',
    // Added with the expert directory; absent from older records, whose hashes stay as they were.
    ...(rules.expertsPerObject === undefined ? {} : { expertsPerObject: String(rules.expertsPerObject) }),
  };
  const expertList = [...experts].sort((a, b) => compareUtf8(a.id, b.id))
    .map((x) => ({
      id: x.id, dept: x.dept, available: x.available ? 'true' : 'false', conflicts: [...x.conflicts].sort(compareUtf8),
      // Added with experts' 回避 of recent inspections; absent when empty, so earlier records keep their hashes.
      ...(x.history && x.history.length > 0
        ? { history: [...x.history].sort((a, b) => compareUtf8(a.entityId, b.entityId) || compareUtf8(a.date, b.date)).map((h) => ({ entityId: h.entityId, date: h.date })) }
        : {}),
    }));
  return toHex(taggedHash(TAG.inspectorPool, [ce({ inspectors: list, rules: r, ...(experts.length > 0 ? { experts: expertList } : {}) })]));
}
