import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taggedHash } from '../draw/encoding';
import { hashInspectorPool, matchInspectors, matchSeed, teamComposition, yearsBefore } from './match';
import type { Inspector, MatchObject, MatchRules, Team } from './types';

const seedOf = (n: number): Uint8Array => taggedHash('test/match-seed', [new TextEncoder().encode(String(n))]);

const RULES: MatchRules = { inspectionDate: '2025-06-01', teamSize: 2, maxObjectsPerInspector: 10, recusalYears: 3, sameRegion: false };

function inspector(id: string, dept: string, extra: Partial<Inspector> = {}): Inspector {
  return { id, dept, region: 'R1', expertise: [], certificateValidUntil: '2026-12-31', onDuty: true, conflicts: [], history: [], ...extra };
}

/** Independent check of every rule on an outcome; returns the first violation. */
function violation(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules, teams: readonly Team[]): string | undefined {
  const byId = new Map(inspectors.map((i) => [i.id, i]));
  const load = new Map<string, number>();
  if (teams.length !== objects.length) return 'team count';
  for (const [k, o] of objects.entries()) {
    const t = teams[k];
    if (!t || t.objectId !== o.id) return `team order at ${k}`;
    const members = t.members.map((m) => byId.get(m.inspectorId));
    if (members.some((m) => m === undefined)) return 'unknown inspector';
    const ms = members as Inspector[];
    if (new Set(ms.map((m) => m.id)).size !== ms.length) return `${o.id}: duplicate member`;
    const participants = [...new Set(o.participatingDepts)].filter((d) => d !== o.leadDept);
    if (ms.length < Math.max(rules.teamSize, 1 + participants.length)) return `${o.id}: team too small`;
    if (ms.length < 2) return `${o.id}: fewer than 2 (威海第6条)`;
    if (t.members[0]?.role !== 'leader' || t.members.filter((m) => m.role === 'leader').length !== 1) return `${o.id}: leader`;
    if (ms[0]?.dept !== o.leadDept) return `${o.id}: leader not from lead dept (长春第14条)`;
    for (const d of participants) if (!ms.some((m) => m.dept === d)) return `${o.id}: no member of ${d}`;
    for (const m of ms) {
      if (m.dept !== o.leadDept && !participants.includes(m.dept)) return `${o.id}: ${m.id} from an unrelated dept`;
      if (!m.onDuty) return `${o.id}: ${m.id} off duty`;
      if (m.certificateValidUntil === '' || m.certificateValidUntil < rules.inspectionDate) return `${o.id}: ${m.id} certificate (威海第6条)`;
      if (m.conflicts.includes(o.id)) return `${o.id}: ${m.id} conflict`;
      if (rules.recusalYears > 0 && m.history.some((h) => h.entityId === o.id && h.date >= yearsBefore(rules.inspectionDate, rules.recusalYears))) return `${o.id}: ${m.id} inspected recently`;
      if (rules.sameRegion && m.region !== o.region) return `${o.id}: ${m.id} region`;
      load.set(m.id, (load.get(m.id) ?? 0) + 1);
    }
    for (const x of o.expertise) if (!ms.some((m) => m.dept === x.dept && m.expertise.includes(x.expertise))) return `${o.id}: no ${x.expertise} from ${x.dept}`;
  }
  for (const [id, n] of load) {
    const i = byId.get(id) as Inspector;
    if (n > Math.min(rules.maxObjectsPerInspector, i.maxObjects ?? Infinity)) return `${id}: workload ${n}`;
  }
  return undefined;
}

/** Brute force over the rules themselves (not over the flow model): does any valid assignment exist? */
function bruteForceFeasible(objects: readonly MatchObject[], inspectors: readonly Inspector[], rules: MatchRules): boolean {
  const candidateTeams = objects.map((o) => {
    const comp = teamComposition(o, rules.teamSize);
    const size = comp.reduce((n, c) => n + c.count, 0);
    const out: number[][] = [];
    const pick = (start: number, chosen: number[]) => {
      if (chosen.length === size) {
        const t = chosen.map((k) => inspectors[k] as Inspector);
        const ok = comp.every((c) => t.filter((m) => m.dept === c.dept).length === c.count) && violation([o], inspectors, { ...rules, maxObjectsPerInspector: Infinity }, [{ objectId: o.id, members: t.map((m, j) => ({ inspectorId: m.id, dept: m.dept, role: j === 0 ? 'leader' : 'member', covers: [] })).sort((a, b) => (a.dept === o.leadDept ? 0 : 1) - (b.dept === o.leadDept ? 0 : 1)).map((m, j) => ({ ...m, role: j === 0 ? 'leader' : 'member' })) }]) === undefined;
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
});

type Instance = typeof instanceArb extends fc.Arbitrary<infer T> ? T : never;

function build(inst: Instance): { objects: MatchObject[]; inspectors: Inspector[]; rules: MatchRules } {
  const objects: MatchObject[] = inst.objects.map((o, k) => {
    const other = DEPTS.find((d) => d !== o.lead) as string;
    const participatingDepts = o.joint ? [other] : [];
    const expertise = o.expert === 'lead' ? [{ dept: o.lead, expertise: '特种设备' }] : o.expert === 'other' && o.joint ? [{ dept: other, expertise: '特种设备' }] : [];
    return { id: `O${k}`, leadDept: o.lead, participatingDepts, expertise };
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
  return { objects, inspectors, rules: { ...RULES, teamSize: inst.teamSize, maxObjectsPerInspector: inst.maxObjects } };
}

describe('matchInspectors: exactness', () => {
  it('finds a valid assignment exactly when brute force finds one, and every rule holds', () => {
    let feasible = 0;
    let infeasible = 0;
    fc.assert(
      fc.property(instanceArb, fc.nat(), (inst, s) => {
        const { objects, inspectors, rules } = build(inst);
        const r = matchInspectors(objects, inspectors, rules, seedOf(s));
        const expected = bruteForceFeasible(objects, inspectors, rules);
        if (r.ok) {
          feasible++;
          expect(violation(objects, inspectors, rules, r.value.teams)).toBeUndefined();
        } else {
          infeasible++;
          expect(r.error.code).toBe('INFEASIBLE');
          expect(r.error.reasons?.length).toBeGreaterThan(0);
        }
        expect(r.ok).toBe(expected);
      }),
      { numRuns: 600 },
    );
    // Both outcomes must actually be exercised.
    expect(feasible).toBeGreaterThan(100);
    expect(infeasible).toBeGreaterThan(100);
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
        const { objects, inspectors, rules } = build(inst);
        const r = matchInspectors(objects, inspectors, rules, seedOf(s));
        if (r.ok) for (const [k, t] of r.value.teams.entries()) expect(t.members.length).toBe(teamComposition(objects[k] as MatchObject, rules.teamSize).reduce((n, c) => n + c.count, 0));
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
