import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taggedHash } from '../draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed, teamComposition, yearsBefore } from './match';
import { validateMatchInput } from './rules';
import type { Expert, Inspector, MatchObject, MatchRules, Team } from './types';

const seedOf = (n: number): Uint8Array => taggedHash('test/match-seed', [new TextEncoder().encode(String(n))]);

const RULES: MatchRules = { inspectionDate: '2025-06-01', teamSize: 2, maxObjectsPerInspector: 10, recusalYears: 3, sameRegion: false };

function inspector(id: string, dept: string, extra: Partial<Inspector> = {}): Inspector {
  return { id, dept, region: 'R1', expertise: [], certificateValidUntil: '2026-12-31', onDuty: true, conflicts: [], history: [], ...extra };
}

/** Independent check of every rule on an outcome; returns the first violation. */
function violation(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, teams: readonly Team[], experts: readonly Expert[] = []): string | undefined {
  const byId = new Map(inspectors.map((i) => [i.id, i]));
  const expertById = new Map(experts.map((x) => [x.id, x]));
  const load = new Map<string, number>();
  const expertLoad = new Map<string, number>();
  if (teams.length !== objects.length) return 'team count';
  for (const [k, o] of objects.entries()) {
    const t = teams[k];
    if (!t || t.objectId !== o.id) return `team order at ${k}`;
    // 专家库: exactly expertsPerObject distinct available experts without a conflict, after the inspectors.
    const ex = t.members.filter((m) => m.role === 'expert');
    if (t.members.slice(t.members.length - ex.length).some((m) => m.role !== 'expert')) return `${o.id}: experts not last`;
    if (ex.length !== (rules.expertsPerObject ?? 0) || new Set(ex.map((m) => m.inspectorId)).size !== ex.length) return `${o.id}: ${ex.length} experts`;
    for (const m of ex) {
      const x = expertById.get(m.inspectorId);
      if (!x || x.dept !== m.dept || !x.available || x.conflicts.includes(o.id)) return `${o.id}: expert ${m.inspectorId}`;
      expertLoad.set(x.id, (expertLoad.get(x.id) ?? 0) + 1);
    }
    const staff = t.members.filter((m) => m.role !== 'expert');
    const members = staff.map((m) => byId.get(m.inspectorId));
    if (members.some((m) => m === undefined)) return 'unknown inspector';
    const ms = members as Inspector[];
    if (new Set(ms.map((m) => m.id)).size !== ms.length) return `${o.id}: duplicate member`;
    const participants = [...new Set(o.participatingDepts)].filter((d) => d !== o.leadDept);
    if (ms.length < Math.max(rules.teamSize, 1 + participants.length)) return `${o.id}: team too small`;
    if (ms.length < 2) return `${o.id}: fewer than 2 (威海第6条)`;
    // 曲阳第16条 per-department quotas: a participant sends exactly its quota (1 without), the lead at least its quota.
    const quota = new Map((o.quotas ?? []).map((q) => [q.dept, q.members]));
    for (const d of participants) if (ms.filter((m) => m.dept === d).length !== (quota.get(d) ?? 1)) return `${o.id}: share of ${d}`;
    const leadCount = ms.filter((m) => m.dept === o.leadDept).length;
    if (leadCount < (quota.get(o.leadDept) ?? 1) || (leadCount > (quota.get(o.leadDept) ?? 1) && ms.length !== rules.teamSize)) return `${o.id}: share of the lead`;
    // 直接委派: the appointed are on the team, marked, and nobody else is marked.
    const appointed = new Set(o.appointed ?? []);
    for (const id of appointed) if (!staff.some((m) => m.inspectorId === id && m.appointed === true)) return `${o.id}: appointed ${id} missing`;
    if (staff.some((m) => m.appointed === true && !appointed.has(m.inspectorId))) return `${o.id}: wrongly marked appointed`;
    if (t.members[0]?.role !== 'leader' || t.members.filter((m) => m.role === 'leader').length !== 1) return `${o.id}: leader`;
    if (ms[0]?.dept !== o.leadDept) return `${o.id}: leader not from lead dept (长春第14条)`;
    for (const d of participants) if (!ms.some((m) => m.dept === d)) return `${o.id}: no member of ${d}`;
    for (const m of ms) {
      if (m.dept !== o.leadDept && !participants.includes(m.dept)) return `${o.id}: ${m.id} from an unrelated dept`;
      if (!m.onDuty) return `${o.id}: ${m.id} off duty`;
      if (m.certificateValidUntil === '' || m.certificateValidUntil < rules.inspectionDate) return `${o.id}: ${m.id} certificate (威海第6条)`;
      if (m.conflicts.includes(o.id)) return `${o.id}: ${m.id} conflict`;
      if (rules.recusalYears > 0 && m.history.some((h) => h.entityId === o.id && h.date >= yearsBefore(rules.inspectionDate, rules.recusalYears))) return `${o.id}: ${m.id} inspected recently`;
      if (rules.sameRegion && m.region !== o.region && !appointed.has(m.id)) return `${o.id}: ${m.id} region`;
      load.set(m.id, (load.get(m.id) ?? 0) + 1);
    }
    for (const x of o.expertise) if (!ms.some((m) => m.dept === x.dept && m.expertise.includes(x.expertise))) return `${o.id}: no ${x.expertise} from ${x.dept}`;
  }
  for (const [id, n] of load) {
    const i = byId.get(id) as Inspector;
    if (n > Math.min(rules.maxObjectsPerInspector, i.maxObjects ?? Infinity)) return `${id}: workload ${n}`;
  }
  for (const [id, n] of expertLoad) if (n > rules.maxObjectsPerInspector) return `${id}: expert workload ${n}`;
  return undefined;
}

/** Brute force over the rules themselves (not over the flow model): does any valid assignment exist? */
function bruteForceFeasible(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, experts: readonly Expert[] = []): boolean {
  return bruteForceStaff(objects, inspectors, rules) && bruteForceExperts(objects, experts, rules);
}

/** Brute force of the expert draw alone: expertsPerObject distinct available experts per object, none conflicted, within the cap. */
function bruteForceExperts(objects: readonly MatchObject[], experts: readonly Expert[], rules: MatchRules): boolean {
  const e = rules.expertsPerObject ?? 0;
  if (e === 0) return true;
  const load = new Array<number>(experts.length).fill(0);
  const go = (j: number, start: number, chosen: number): boolean => {
    if (j === objects.length) return true;
    if (chosen === e) return go(j + 1, 0, 0);
    const o = objects[j] as MatchObject;
    for (let k = start; k < experts.length; k++) {
      const x = experts[k] as Expert;
      if (!x.available || x.conflicts.includes(o.id) || (load[k] as number) >= rules.maxObjectsPerInspector) continue;
      load[k] = (load[k] as number) + 1;
      if (go(j, k + 1, chosen + 1)) return true;
      load[k] = (load[k] as number) - 1;
    }
    return false;
  };
  return go(0, 0, 0);
}

function bruteForceStaff(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules): boolean {
  const candidateTeams = objects.map((o) => {
    const comp = teamComposition(o, rules.teamSize);
    const size = comp.reduce((n, c) => n + c.count, 0);
    const out: number[][] = [];
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === size) {
        const t = chosen.map((k) => inspectors[k] as Inspector);
        if ((o.appointed ?? []).some((id) => !t.some((m) => m.id === id))) return;
        const ok = comp.every((c) => t.filter((m) => m.dept === c.dept).length === c.count) && violation([o], inspectors, { ...rules, maxObjectsPerInspector: Infinity, expertsPerObject: 0 }, [{ objectId: o.id, members: t.map((m, j) => ({ inspectorId: m.id, dept: m.dept, role: j === 0 ? 'leader' : 'member', covers: [], ...(o.appointed?.includes(m.id) ? { appointed: true as const } : {}) })).sort((a, b) => (a.dept === o.leadDept ? 0 : 1) - (b.dept === o.leadDept ? 0 : 1)).map((m, j) => ({ ...m, role: j === 0 ? 'leader' : 'member' })) }]) === undefined;
        if (ok) out.push([...chosen]);
        return;
      }
      for (let k = start; k < inspectors.length; k++) pick(k + 1, [...chosen, k]);
    };
    pick(0, []);
    return out;
  });
  const load = new Array<number>(inspectors.length).fill(0);
  const capOf = (k: number) => Math.min(rules.maxObjectsPerInspector, (inspectors[k] as Inspector).maxObjects ?? Infinity);
  const go = (j: number): boolean => {
    if (j === objects.length) return true;
    for (const t of candidateTeams[j] as number[][]) {
      if (t.some((k) => (load[k] as number) >= capOf(k))) continue;
      for (const k of t) load[k] = (load[k] as number) + 1;
      if (go(j + 1)) return true;
      for (const k of t) load[k] = (load[k] as number) - 1;
    }
    return false;
  };
  return go(0);
}

const DEPTS = ['市场监管局', '生态环境局'];

const instanceArb = fc.record({
  objects: fc.array(
    fc.record({
      lead: fc.constantFrom(...DEPTS),
      joint: fc.boolean(),
      expert: fc.constantFrom<'none' | 'lead' | 'other'>('none', 'none', 'none', 'lead', 'other'),
      quota: fc.constantFrom<'none' | 'lead2' | 'other2' | 'both'>('none', 'none', 'none', 'none', 'none', 'none', 'lead2', 'other2', 'both'),
      appoint: fc.integer({ min: -8, max: 8 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  inspectors: fc.array(
    fc.record({
      dept: fc.constantFrom(...DEPTS),
      expert: fc.constantFrom(true, false, false),
      cert: fc.constantFrom('2026-12-31', '2026-12-31', '2026-12-31', '2026-12-31', '2026-12-31', '2025-06-01', '2025-05-31', ''),
      onDuty: fc.constantFrom(true, true, true, true, true, true, false),
      cap: fc.constantFrom(undefined, undefined, 1, 2),
      conflict: fc.integer({ min: -8, max: 3 }),
      recent: fc.integer({ min: -8, max: 3 }),
    }),
    { minLength: 3, maxLength: 9 },
  ),
  teamSize: fc.constantFrom(2, 2, 3),
  maxObjects: fc.constantFrom(1, 2, 3, 4, 4),
  experts: fc.array(fc.record({ available: fc.constantFrom(true, true, true, true, false), conflict: fc.integer({ min: -8, max: 3 }) }), { maxLength: 5 }),
  expertsPerObject: fc.constantFrom(0, 0, 0, 0, 1, 1, 2),
});

type Instance = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function build(inst: Instance): { objects: MatchObject[]; inspectors: Inspector[]; rules: MatchRules; experts: Expert[] } {
  const rules: MatchRules = { ...RULES, teamSize: inst.teamSize, maxObjectsPerInspector: inst.maxObjects, ...(inst.expertsPerObject > 0 ? { expertsPerObject: inst.expertsPerObject } : {}) };
  const drafts: MatchObject[] = inst.objects.map((o, k) => {
    const other = DEPTS.find((d) => d !== o.lead) as string;
    const participatingDepts = o.joint ? [other] : [];
    const expertise = o.expert === 'lead' ? [{ dept: o.lead, expertise: '特种设备' }] : o.expert === 'other' && o.joint ? [{ dept: other, expertise: '特种设备' }] : [];
    const quotas = [
      ...(o.quota === 'lead2' ? [{ dept: o.lead, members: 2 }] : o.quota === 'both' ? [{ dept: o.lead, members: 1 }] : []),
      ...((o.quota === 'other2' || o.quota === 'both') && o.joint ? [{ dept: other, members: 2 }] : []),
    ];
    return { id: `O${k}`, leadDept: o.lead, participatingDepts, expertise, ...(quotas.length > 0 ? { quotas } : {}), ...(o.appoint >= 0 && o.appoint < inst.inspectors.length ? { appointed: [`I${o.appoint}`] } : {}) };
  });
  const inspectors = inst.inspectors.map((i, k) =>
    inspector(`I${k}`, i.dept, {
      expertise: i.expert ? ['特种设备'] : [],
      certificateValidUntil: i.cert,
      onDuty: i.onDuty,
      ...(i.cap === undefined ? {} : { maxObjects: i.cap }),
      conflicts: i.conflict >= 0 ? [`O${i.conflict}`] : [],
      history: i.recent >= 0 ? [{ entityId: `O${i.recent}`, date: k % 2 === 0 ? '2023-01-01' : '2020-01-01' }] : [],
    }),
  );
  const experts: Expert[] = inst.experts.map((x, k) => ({ id: `X${k}`, dept: DEPTS[k % 2] as string, available: x.available, conflicts: x.conflict >= 0 ? [`O${x.conflict}`] : [] }));
  // Keep only the appointments the rules accept (the refusals have their own tests), all of them or none across objects.
  const seed = seedOf(0);
  const withoutAppointed = ({ appointed: _a, ...o }: MatchObject): MatchObject => o;
  const objects = drafts.map((o) => (o.appointed && !validateMatchInput([o], inspectors, rules, seed).ok ? withoutAppointed(o) : o));
  const all = validateMatchInput(objects, inspectors, rules, seed, experts).ok ? objects : objects.map(withoutAppointed);
  return { objects: all, inspectors, rules, experts };
}

describe('matchInspectors: exactness', () => {
  it('finds a valid assignment exactly when brute force finds one, and every rule holds', () => {
    let feasible = 0;
    let infeasible = 0;
    const withNewRules = { quota: 0, appointed: 0, experts: 0 };
    fc.assert(
      fc.property(instanceArb, fc.nat(), (inst, s) => {
        const { objects, inspectors, rules, experts } = build(inst);
        const r = matchInspectors(objects, inspectors, rules, seedOf(s), experts);
        const expected = bruteForceFeasible(objects, inspectors, rules, experts);
        if (r.ok) {
          feasible++;
          if (objects.some((o) => o.quotas)) withNewRules.quota++;
          if (objects.some((o) => o.appointed)) withNewRules.appointed++;
          if ((rules.expertsPerObject ?? 0) > 0) withNewRules.experts++;
          expect(violation(objects, inspectors, rules, r.value.teams, experts)).toBeUndefined();
        } else {
          infeasible++;
          expect(r.error.code).toBe('INFEASIBLE');
          expect(r.error.reasons?.length).toBeGreaterThan(0);
        }
        expect(r.ok).toBe(expected);
      }),
      { numRuns: 800 },
    );
    // Both outcomes must actually be exercised.
    expect(feasible).toBeGreaterThan(100);
    expect(infeasible).toBeGreaterThan(100);
    // …including staffed instances with quotas, direct appointments and experts.
    expect(Math.min(withNewRules.quota, withNewRules.appointed, withNewRules.experts), JSON.stringify(withNewRules)).toBeGreaterThan(20);
  });

  it('staffs a tight case the greedy sliding window gets wrong', () => {
    // Greedy would give the only expert to whichever object comes first; only one object may use him.
    const objects: MatchObject[] = [
      { id: 'O1', leadDept: 'A', participatingDepts: [], expertise: [] },
      { id: 'O2', leadDept: 'A', participatingDepts: [], expertise: [{ dept: 'A', expertise: '锅炉' }] },
      { id: 'O3', leadDept: 'A', participatingDepts: [], expertise: [] },
    ];
    const inspectors = [inspector('x', 'A', { expertise: ['锅炉'] }), inspector('y', 'A'), inspector('z', 'A'), inspector('w', 'A', { conflicts: ['O3'] })];
    for (let s = 0; s < 50; s++) {
      const r = matchInspectors(objects, inspectors, { ...RULES, maxObjectsPerInspector: 2 }, seedOf(s));
      expect(r.ok).toBe(true);
      if (r.ok) expect(violation(objects, inspectors, { ...RULES, maxObjectsPerInspector: 2 }, r.value.teams)).toBeUndefined();
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    const objects: MatchObject[] = Array.from({ length: 12 }, (_, k) => ({ id: `O${k}`, leadDept: 'A', participatingDepts: k % 3 === 0 ? ['B'] : [], expertise: [] }));
    const inspectors = [...Array.from({ length: 8 }, (_, k) => inspector(`a${k}`, 'A')), ...Array.from({ length: 4 }, (_, k) => inspector(`b${k}`, 'B'))];
    const a = matchInspectors(objects, inspectors, RULES, seedOf(1));
    const b = matchInspectors([...objects].reverse(), [...inspectors].reverse(), RULES, seedOf(1));
    const c = matchInspectors(objects, inspectors, RULES, seedOf(2));
    const teamsOf = (r: typeof a) => (r.ok ? Object.fromEntries(r.value.teams.map((t) => [t.objectId, t.members.map((m) => m.inspectorId)])) : {});
    expect(teamsOf(a)).toEqual(teamsOf(b));
    expect(teamsOf(a)).not.toEqual(teamsOf(c));
  });
});

describe('matchInspectors: infeasible inputs are explained', () => {
  it('names the department, the rule and the numbers (3 qualified inspectors for 40 objects at most 10 each)', () => {
    const objects: MatchObject[] = Array.from({ length: 40 }, (_, k) => ({ id: `E${k}`, leadDept: '市场监管局', participatingDepts: ['生态环境局'], expertise: [] }));
    const inspectors = [
      ...Array.from({ length: 10 }, (_, k) => inspector(`M${k}`, '市场监管局')),
      ...['H1', 'H2', 'H3'].map((id) => inspector(id, '生态环境局')),
      inspector('H4', '生态环境局', { certificateValidUntil: '2025-01-01' }),
    ];
    const r = matchInspectors(objects, inspectors, RULES, seedOf(0));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reasons).toHaveLength(1);
    expect(r.error.reasons?.[0]).toMatchObject({ dept: '生态环境局', rule: 'capacity', demand: 40, supply: 30 });
    expect(r.error.message).toContain('生态环境局：40 个检查对象');
    expect(r.error.message).toContain('符合条件的检查人员只有 3 名（每人至多 10 个）');
    expect(r.error.message).toContain('1 名执法证在 2025-06-01 无效');
  });

  it('explains a missing expert, a lone object and a team size below 2', () => {
    const objects: MatchObject[] = [{ id: 'O1', leadDept: 'A', participatingDepts: [], expertise: [{ dept: 'A', expertise: '电梯' }] }];
    const r1 = matchInspectors(objects, [inspector('a', 'A'), inspector('b', 'A')], RULES, seedOf(0));
    expect(!r1.ok && r1.error.reasons?.[0]).toMatchObject({ dept: 'A', rule: 'expertise' });
    expect(!r1.ok && r1.error.message).toContain('“电梯”');
    const r2 = matchInspectors([{ id: 'O1', leadDept: 'A', participatingDepts: [], expertise: [] }], [inspector('a', 'A'), inspector('b', 'A', { conflicts: ['O1'] })], RULES, seedOf(0));
    expect(!r2.ok && r2.error.message).toContain('符合条件的只有 1 名');
    expect(!r2.ok && r2.error.message).toContain('申报了利害关系');
    const r3 = matchInspectors(objects, [], { ...RULES, teamSize: 1 }, seedOf(0));
    expect(r3).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!r3.ok && r3.error.message).toContain('不得少于 2 名');
    const r4 = matchInspectors([{ id: 'O1', leadDept: 'A', participatingDepts: ['B'], expertise: [] }], [inspector('a', 'A'), inspector('b', 'A')], RULES, seedOf(0));
    expect(!r4.ok && r4.error.reasons?.[0]).toMatchObject({ dept: 'B', rule: 'no-inspectors' });
  });

  it('never under-staffs silently: either every object is fully staffed or the result is an error', () => {
    fc.assert(
      fc.property(instanceArb, fc.nat(), (inst, s) => {
        const { objects, inspectors, rules, experts } = build(inst);
        const r = matchInspectors(objects, inspectors, rules, seedOf(s), experts);
        if (r.ok) for (const [k, t] of r.value.teams.entries()) expect(t.members.length).toBe(teamComposition(objects[k] as MatchObject, rules.teamSize).reduce((n, c) => n + c.count, 0) + (rules.expertsPerObject ?? 0));
      }),
      { numRuns: 200 },
    );
  });
});

describe('matchInspectors: fairness', () => {
  // Chi-square over fixed seeds; critical value at p = 0.001 for df 9 is 27.88, for df 5 is 20.52.
  it('every eligible inspector gets a fair share (per object and overall)', () => {
    const objects: MatchObject[] = Array.from({ length: 12 }, (_, k) => ({ id: `O${k}`, leadDept: 'A', participatingDepts: [], expertise: [] }));
    // i0 has a conflict with O0: among the other nine, each should still get O0 equally often.
    const inspectors = Array.from({ length: 10 }, (_, k) => inspector(`i${k}`, 'A', k === 0 ? { conflicts: ['O0'] } : {}));
    const onO0 = new Map<string, number>();
    const overall = new Map<string, number>();
    const SEEDS = 1500;
    for (let s = 0; s < SEEDS; s++) {
      const r = matchInspectors(objects, inspectors, { ...RULES, maxObjectsPerInspector: 4 }, seedOf(10_000 + s));
      if (!r.ok) throw new Error(r.error.message);
      for (const m of r.value.teams[0]?.members ?? []) onO0.set(m.inspectorId, (onO0.get(m.inspectorId) ?? 0) + 1);
      for (const t of r.value.teams.slice(1)) for (const m of t.members) overall.set(m.inspectorId, (overall.get(m.inspectorId) ?? 0) + 1);
    }
    expect(onO0.get('i0')).toBeUndefined();
    const eligible = inspectors.slice(1).map((i) => i.id);
    const e1 = (SEEDS * 2) / eligible.length;
    expect(eligible.reduce((x, id) => x + ((onO0.get(id) ?? 0) - e1) ** 2 / e1, 0)).toBeLessThan(26.12); // df 8
    // Over the other 11 objects all ten are symmetric except i0, who is never used on O0 and so has more room: compare the nine.
    const e2 = eligible.reduce((x, id) => x + (overall.get(id) ?? 0), 0) / eligible.length;
    expect(eligible.reduce((x, id) => x + ((overall.get(id) ?? 0) - e2) ** 2 / e2, 0)).toBeLessThan(26.12);
  });

  it('leaders rotate fairly among the lead department', () => {
    const objects: MatchObject[] = [{ id: 'O', leadDept: 'A', participatingDepts: ['B'], expertise: [] }];
    const inspectors = [...Array.from({ length: 6 }, (_, k) => inspector(`a${k}`, 'A')), inspector('b0', 'B')];
    const leaders = new Map<string, number>();
    const SEEDS = 1200;
    for (let s = 0; s < SEEDS; s++) {
      const r = matchInspectors(objects, inspectors, { ...RULES, teamSize: 3 }, seedOf(20_000 + s));
      if (!r.ok) throw new Error(r.error.message);
      const leader = r.value.teams[0]?.members[0];
      expect(leader?.dept).toBe('A');
      leaders.set(leader?.inspectorId ?? '', (leaders.get(leader?.inspectorId ?? '') ?? 0) + 1);
    }
    const e = SEEDS / 6;
    expect([...leaders.values()].reduce((x, c) => x + (c - e) ** 2 / e, 0)).toBeLessThan(20.52);
  });
});

describe('helpers', () => {
  it('yearsBefore handles 29 February', () => {
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2025-06-01', 3)).toBe('2022-06-01');
  });
  it('matchSeed and the inspector-pool hash are deterministic and order-independent', () => {
    expect(matchSeed(seedOf(1))).toEqual(matchSeed(seedOf(1)));
    const a = [inspector('x', 'A', { expertise: ['b', 'a'] }), inspector('y', 'B')];
    expect(hashInspectorPool(a, RULES)).toBe(hashInspectorPool([...a].reverse().map((i) => ({ ...i, expertise: [...i.expertise].reverse() })), RULES));
    expect(hashInspectorPool(a, RULES)).not.toBe(hashInspectorPool(a, { ...RULES, teamSize: 3 }));
  });
});

describe('matchInspectors: per-department quotas, direct appointment and experts', () => {
  const A = '市场监管局';
  const B = '生态环境局';
  const joint = (id: string, over: Partial<MatchObject> = {}): MatchObject => ({ id, leadDept: A, participatingDepts: [B], expertise: [], ...over });
  const staff = [...Array.from({ length: 6 }, (_, k) => inspector(`a${k}`, A)), ...Array.from({ length: 4 }, (_, k) => inspector(`b${k}`, B))];

  it('composes teams from the quotas (曲阳第16条): a participant sends its quota, the lead its quota raised to the team size', () => {
    expect(teamComposition(joint('O', { quotas: [{ dept: B, members: 2 }] }), 3)).toEqual([{ dept: A, count: 1 }, { dept: B, count: 2 }]);
    expect(teamComposition(joint('O', { quotas: [{ dept: A, members: 1 }, { dept: B, members: 1 }] }), 4)).toEqual([{ dept: A, count: 3 }, { dept: B, count: 1 }]);
    expect(teamComposition(joint('O', { quotas: [{ dept: A, members: 3 }, { dept: B, members: 2 }] }), 2)).toEqual([{ dept: A, count: 3 }, { dept: B, count: 2 }]);
    expect(teamComposition(joint('O'), 3)).toEqual([{ dept: A, count: 2 }, { dept: B, count: 1 }]);
    const objects = [joint('O1', { quotas: [{ dept: B, members: 2 }] }), joint('O2', { quotas: [{ dept: B, members: 2 }] })];
    const r = matchInspectors(objects, staff, { ...RULES, teamSize: 3 }, seedOf(1));
    if (!r.ok) throw new Error(r.error.message);
    for (const t of r.value.teams) expect(t.members.map((m) => m.dept)).toEqual([A, B, B]);
  });

  it('explains a quota the department cannot meet, in Chinese with the numbers', () => {
    const objects = Array.from({ length: 3 }, (_, k) => joint(`O${k}`, { quotas: [{ dept: B, members: 3 }] }));
    const r = matchInspectors(objects, staff, { ...RULES, teamSize: 3, maxObjectsPerInspector: 2 }, seedOf(1));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reasons?.[0]).toMatchObject({ dept: B, rule: 'capacity', demand: 9, supply: 8 });
    expect(r.error.message).toContain('生态环境局：3 个检查对象');
    expect(r.error.message).toContain('共需该部门 9 人次');
  });

  it('refuses quotas that name a department outside the team or are not whole numbers', () => {
    const bad = (quotas: MatchObject['quotas']) => matchInspectors([joint('O', { quotas })], staff, RULES, seedOf(1));
    expect(bad([{ dept: '税务局', members: 1 }])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '检查对象“O”规定“税务局”派员，但该部门不是牵头或参与部门' } });
    expect(bad([{ dept: B, members: 0 }])).toMatchObject({ ok: false, error: { message: '检查对象“O”规定“生态环境局”派员 0 人，须为正整数' } });
    expect(bad([{ dept: B, members: 1 }, { dept: B, members: 2 }])).toMatchObject({ ok: false, error: { message: '检查对象“O”对“生态环境局”规定了多个派员人数' } });
  });

  it('keeps directly appointed members (直接委派, 威海第6条) on the team, marked, outside the region rule, and draws the rest', () => {
    const far = inspector('far', A, { region: 'R9' });
    const objects: MatchObject[] = [{ id: 'O1', leadDept: A, participatingDepts: [], expertise: [], region: 'R1', appointed: ['far'] }, { id: 'O2', leadDept: A, participatingDepts: [], expertise: [], region: 'R1' }];
    const pool = [far, inspector('a1', A), inspector('a2', A)];
    const rules = { ...RULES, sameRegion: true, maxObjectsPerInspector: 1 };
    // Without the appointment two objects need four places from two local inspectors with one object each: infeasible.
    expect(matchInspectors(objects.map(({ appointed: _a, ...o }) => o), pool, rules, seedOf(1)).ok).toBe(false);
    for (let s = 0; s < 20; s++) {
      const r = matchInspectors(objects, pool, rules, seedOf(s));
      expect(r.ok).toBe(false); // O2 still needs two and only one local inspector is left with capacity
    }
    const r = matchInspectors(objects, [...pool, inspector('a3', A)], rules, seedOf(2));
    if (!r.ok) throw new Error(r.error.message);
    const o1 = r.value.teams[0]?.members ?? [];
    expect(o1.filter((m) => m.appointed === true).map((m) => m.inspectorId)).toEqual(['far']);
    expect(o1).toHaveLength(2);
    expect(r.value.teams[1]?.members.some((m) => m.appointed)).toBe(false);
    expect(r.value.loads.find((l) => l.inspectorId === 'far')?.objects).toBe(1);
    expect(violation(objects, [...pool, inspector('a3', A)], rules, r.value.teams)).toBeUndefined();
  });

  it('refuses an appointment the rules forbid, naming the object, the inspector and the rule', () => {
    const pool = [...staff, inspector('off', A, { onDuty: false }), inspector('conf', A, { conflicts: ['O'] }), inspector('old', A, { certificateValidUntil: '2025-01-01' }),
      inspector('recent', A, { history: [{ entityId: 'O', date: '2024-01-01' }] }), inspector('busy', A, { maxObjects: 1 })];
    const tryAppoint = (appointed: string[], over: Partial<MatchObject> = {}) => matchInspectors([joint('O', { appointed, ...over })], pool, RULES, seedOf(1));
    const msg = (r: ReturnType<typeof tryAppoint>) => (r.ok ? '' : r.error.message);
    expect(msg(tryAppoint(['nobody']))).toBe('检查对象“O”直接委派的“nobody”不在检查人员名录中');
    expect(msg(tryAppoint(['off']))).toBe('检查对象“O”直接委派的检查人员“off”不在岗');
    expect(msg(tryAppoint(['conf']))).toBe('检查对象“O”直接委派的检查人员“conf”申报了利害关系须回避');
    expect(msg(tryAppoint(['old']))).toBe('检查对象“O”直接委派的检查人员“old”执法证在 2025-06-01 无效');
    expect(msg(tryAppoint(['recent']))).toBe('检查对象“O”直接委派的检查人员“recent”3 年内检查过该主体须回避');
    expect(msg(tryAppoint(['b0', 'b1']))).toBe('检查对象“O”直接委派“生态环境局”2 人，超过该部门应派的 1 人');
    expect(msg(tryAppoint(['a0', 'a0']))).toBe('检查对象“O”重复委派了同一名检查人员');
    expect(msg(tryAppoint(['b0'], { expertise: [{ dept: B, expertise: '环评' }] }))).toBe('检查对象“O”直接委派的“生态环境局”人员已占满该部门名额，但无人具备所需的“环评”专长');
    const twice = matchInspectors([joint('O1', { appointed: ['busy'] }), joint('O2', { appointed: ['busy'] })], pool, RULES, seedOf(1));
    expect(!twice.ok && twice.error.message).toBe('直接委派的检查人员“busy”共 2 个检查对象，超过每人任务上限 1 个');
    expect(matchInspectors([{ id: 'O', leadDept: '税务局', participatingDepts: [], expertise: [], appointed: ['a0'] }], pool, RULES, seedOf(1))).toMatchObject({ ok: false, error: { message: '检查对象“O”直接委派的检查人员“a0”不属于牵头或参与部门' } });
  });

  it('an appointed expert satisfies the expertise requirement; otherwise the engine still draws an expert', () => {
    const pool = [inspector('x', A, { expertise: ['电梯'] }), inspector('y', A), inspector('z', A), inspector('w', A, { expertise: ['电梯'] })];
    const object: MatchObject = { id: 'O', leadDept: A, participatingDepts: [], expertise: [{ dept: A, expertise: '电梯' }], appointed: ['y'] };
    for (let s = 0; s < 20; s++) {
      const r = matchInspectors([object], pool, { ...RULES, teamSize: 2 }, seedOf(s));
      if (!r.ok) throw new Error(r.error.message);
      const ids = r.value.teams[0]?.members.map((m) => m.inspectorId) ?? [];
      expect(ids).toContain('y');
      expect(ids.some((id) => id === 'x' || id === 'w')).toBe(true);
    }
    const r = matchInspectors([{ ...object, appointed: ['x'] }], [inspector('x', A, { expertise: ['电梯'] }), inspector('y', A)], { ...RULES, teamSize: 2 }, seedOf(3));
    expect(r.ok && r.value.teams[0]?.members.find((m) => m.inspectorId === 'x')).toMatchObject({ appointed: true, covers: ['电梯'] });
  });

  it('draws expertsPerObject experts from the expert directory (专家库), after the inspectors, fairly and within the cap', () => {
    const experts: Expert[] = [
      ...Array.from({ length: 4 }, (_, k) => ({ id: `x${k}`, dept: A, available: true, conflicts: k === 0 ? ['O0'] : [] })),
      { id: 'paused', dept: B, available: false, conflicts: [] },
    ];
    const objects = Array.from({ length: 3 }, (_, k) => joint(`O${k}`));
    const rules = { ...RULES, expertsPerObject: 1, maxObjectsPerInspector: 3 };
    const seen = new Map<string, number>();
    for (let s = 0; s < 600; s++) {
      const r = matchInspectors(objects, staff, rules, seedOf(30_000 + s), experts);
      if (!r.ok) throw new Error(r.error.message);
      expect(violation(objects, staff, rules, r.value.teams, experts)).toBeUndefined();
      const ex = r.value.teams[0]?.members.at(-1);
      expect(ex).toMatchObject({ role: 'expert', dept: A, covers: [] });
      seen.set(ex?.inspectorId ?? '', (seen.get(ex?.inspectorId ?? '') ?? 0) + 1);
      expect(r.value.loads.map((l) => l.inspectorId)).toEqual(staff.map((i) => i.id));
    }
    expect(seen.has('x0')).toBe(false);
    const e = 600 / 3;
    expect([...seen.values()].reduce((x, c) => x + (c - e) ** 2 / e, 0)).toBeLessThan(13.82); // df 2, p = 0.001
  });

  it('explains an expert directory that cannot staff every object, and refuses bad expert input', () => {
    const objects = Array.from({ length: 4 }, (_, k) => joint(`O${k}`));
    const experts: Expert[] = [{ id: 'x0', dept: A, available: true, conflicts: [] }, { id: 'x1', dept: A, available: false, conflicts: [] }];
    const r = matchInspectors(objects, staff, { ...RULES, expertsPerObject: 1, maxObjectsPerInspector: 3 }, seedOf(1), experts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reasons?.map((x) => x.dept)).toEqual(['专家库']);
    expect(r.error.message).toContain('专家库：4 个检查对象');
    expect(r.error.message).toContain('符合条件的专家只有 1 名（每人至多 3 个）');
    expect(r.error.message).toContain('1 名暂停');
    const none = matchInspectors(objects, staff, { ...RULES, expertsPerObject: 1 }, seedOf(1), []);
    expect(!none.ok && none.error.message).toContain('专家库：没有专家，但 4 个检查对象');
    expect(matchInspectors(objects, staff, { ...RULES, expertsPerObject: -1 }, seedOf(1), experts)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(matchInspectors(objects, staff, { ...RULES, expertsPerObject: 1 }, seedOf(1), [{ id: 'a0', dept: A, available: true, conflicts: [] }])).toMatchObject({ ok: false, error: { message: '专家编号“a0”为空、重复或与检查人员编号相同' } });
  });

  it('hashes experts and expertsPerObject only when present, so older records keep their pool hash', () => {
    const x: Expert[] = [{ id: 'x0', dept: A, available: true, conflicts: [] }];
    expect(hashInspectorPool(staff, RULES, [])).toBe(hashInspectorPool(staff, RULES));
    expect(hashInspectorPool(staff, RULES, x)).not.toBe(hashInspectorPool(staff, RULES));
    expect(hashInspectorPool(staff, { ...RULES, expertsPerObject: 1 }, x)).not.toBe(hashInspectorPool(staff, RULES, x));
    expect(hashInspectorPool(staff, RULES, [{ ...x[0] as Expert, available: false }])).not.toBe(hashInspectorPool(staff, RULES, x));
  });
});
