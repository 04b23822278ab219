/**
 * The rules of inspector matching that do not depend on the seed (docs/draw-protocol.md §9.1, §9.2, §9.5): which
 * inputs are accepted, the recusal date, each department's share of a team, and the inspector pool hash.
 */
import { err, ok, type Result } from '../basics/result';
import { ce, compareUtf8, taggedHash, TAG, toHex } from '../draw/encoding';
import type { Inspector, MatchError, MatchObject, MatchRules } from './types';

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

export function validateMatchInput(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, seed: Uint8Array): Result<true, MatchError> {
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
  }
  return ok(true);
}

/** Departments of an object with the number of members each sends: lead first, then participants in UTF-8 order. */
export function teamComposition(object: MatchObject, teamSize: number): { dept: string; count: number }[] {
  const participants = [...new Set(object.participatingDepts)].filter((d) => d !== object.leadDept).sort(compareUtf8);
  return [{ dept: object.leadDept, count: Math.max(1, teamSize - participants.length) }, ...participants.map((dept) => ({ dept, count: 1 }))];
}

/**
 * inspectorPoolHash = SHA-256(field("suiji/match/v1/inspector-pool") ‖ ce({inspectors, rules})),
 * inspectors sorted by id with list fields sorted — frozen in the draw's commitment.
 */
export function hashInspectorPool(inspectors: readonly Inspector[], rules: MatchRules): string {
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
  };
  return toHex(taggedHash(TAG.inspectorPool, [ce({ inspectors: list, rules: r })]));
}
