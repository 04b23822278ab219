/**
 * Synthetic matching instance for bench/draw_bench.ts, and an independent check of every rule on
 * the result (written against the rules, not against the matcher's internals).
 */
import { teamComposition, yearsBefore } from '../domain/matching/match';
import type { Inspector, MatchObject, MatchRules, Team } from '../domain/matching/types';

const DEPARTMENTS = ['市场监管局', '生态环境局', '卫生健康委', '应急管理局', '商务局', '交通运输局', '农业农村局', '文化和旅游局', '住房城乡建设局', '消防救援支队'];
const REGIONS = ['临港区东片', '临港区中片', '临港区西片'];
const EXPERTISE = ['特种设备', '食品安全', '危险化学品'];

export interface MatchingInstance {
  readonly objects: MatchObject[];
  readonly inspectors: Inspector[];
  readonly rules: MatchRules;
  readonly stats: Record<string, number>;
}

/** `ids`: object identifiers to use (e.g. the drawn entities), else synthetic ones. */
export function buildMatchingInstance(size: { objects: number; inspectors: number; departments: number; ids?: readonly string[] }): MatchingInstance {
  let x = 0x2545f491;
  const rnd = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  const depts = DEPARTMENTS.slice(0, size.departments);
  const objects: MatchObject[] = [];
  let joint = 0;
  let withExpert = 0;
  for (let k = 0; k < size.objects; k++) {
    const lead = depts[Math.floor(rnd() * depts.length)] as string;
    const u = rnd();
    const others = depts.filter((d) => d !== lead);
    const first = Math.floor(rnd() * others.length);
    const second = (first + 1 + Math.floor(rnd() * (others.length - 1))) % others.length;
    const participatingDepts = u < 0.3 ? [others[first] as string] : u < 0.35 ? [others[first] as string, others[second] as string] : [];
    if (participatingDepts.length > 0) joint++;
    const expertise = rnd() < 0.1 ? [{ dept: lead, expertise: EXPERTISE[Math.floor(rnd() * EXPERTISE.length)] as string }] : [];
    if (expertise.length > 0) withExpert++;
    objects.push({ id: size.ids?.[k] ?? `91370213MA${String(k).padStart(7, '0')}X`, leadDept: lead, participatingDepts, expertise, region: REGIONS[Math.floor(rnd() * REGIONS.length)] });
  }
  const inspectors: Inspector[] = [];
  let conflicts = 0;
  let history = 0;
  for (let k = 0; k < size.inspectors; k++) {
    const c: string[] = [];
    const h: { entityId: string; date: string }[] = [];
    for (let j = 0; j < 2; j++) {
      if (rnd() < 0.75) {
        c.push((objects[Math.floor(rnd() * objects.length)] as MatchObject).id);
        conflicts++;
      }
      h.push({ entityId: (objects[Math.floor(rnd() * objects.length)] as MatchObject).id, date: rnd() < 0.5 ? '2023-04-18' : '2021-09-30' });
      history++;
    }
    inspectors.push({
      id: `执法${String(k).padStart(5, '0')}`,
      dept: depts[k % depts.length] as string,
      region: REGIONS[Math.floor(k / depts.length) % REGIONS.length] as string,
      expertise: EXPERTISE.filter(() => rnd() < 0.2),
      certificateValidUntil: rnd() < 0.04 ? '2025-03-31' : '2027-12-31',
      onDuty: rnd() > 0.05,
      conflicts: c,
      history: h,
      ...(rnd() < 0.05 ? { maxObjects: 20 } : {}),
    });
  }
  return {
    objects,
    inspectors,
    rules: { inspectionDate: '2025-06-01', teamSize: 2, maxObjectsPerInspector: 45, recusalYears: 3, sameRegion: true },
    stats: { jointObjects: joint, objectsNeedingExpert: withExpert, declaredConflicts: conflicts, historyRecords: history },
  };
}

/** The first rule a set of teams breaks, or undefined. */
export function checkTeams(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, teams: readonly Team[]): string | undefined {
  const byId = new Map(inspectors.map((i) => [i.id, i]));
  const load = new Map<string, number>();
  const since = yearsBefore(rules.inspectionDate, rules.recusalYears);
  for (const [k, o] of objects.entries()) {
    const t = teams[k];
    if (!t || t.objectId !== o.id) return `team ${k} missing`;
    const ms = t.members.map((m) => byId.get(m.inspectorId));
    if (ms.some((m) => !m)) return `${o.id}: unknown inspector`;
    const members = ms as Inspector[];
    const need = teamComposition(o, rules.teamSize);
    if (members.length !== need.reduce((n, c) => n + c.count, 0) || members.length < 2) return `${o.id}: team size ${members.length}`;
    if (new Set(members.map((m) => m.id)).size !== members.length) return `${o.id}: duplicate member`;
    if (t.members[0]?.role !== 'leader' || members[0]?.dept !== o.leadDept) return `${o.id}: leader not from the lead department`;
    for (const c of need) if (members.filter((m) => m.dept === c.dept).length !== c.count) return `${o.id}: ${c.dept} sends ${c.count}`;
    for (const m of members) {
      if (!m.onDuty) return `${o.id}: ${m.id} off duty`;
      if (m.certificateValidUntil < rules.inspectionDate) return `${o.id}: ${m.id} certificate expired`;
      if (m.conflicts.includes(o.id)) return `${o.id}: ${m.id} declared a conflict`;
      if (m.history.some((h) => h.entityId === o.id && h.date >= since)) return `${o.id}: ${m.id} inspected it recently`;
      if (rules.sameRegion && m.region !== o.region) return `${o.id}: ${m.id} other region`;
      load.set(m.id, (load.get(m.id) ?? 0) + 1);
    }
    for (const x of o.expertise) if (!members.some((m) => m.dept === x.dept && m.expertise.includes(x.expertise))) return `${o.id}: no ${x.expertise}`;
  }
  for (const [id, n] of load) if (n > Math.min(rules.maxObjectsPerInspector, byId.get(id)?.maxObjects ?? Infinity)) return `${id}: workload ${n}`;
  return undefined;
}
