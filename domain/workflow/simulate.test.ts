import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import { computeQuotas } from '../draw/quota';
import { binomialTail, simulatePlan, type DepartmentStaff, type PoolGroup, type SimulatedTask, type SimulationInput } from './simulate';
import { DEFAULT_TEAM_SETTINGS, type StratumSpec } from './task_spec';

const ratio = (key: string, value: string, rounding: StratumSpec['rounding'] = 'half_up'): StratumSpec => ({ key, mode: 'ratio', value, rounding, minPercent: '', reserve: '' });

function task(overrides: Partial<SimulatedTask> = {}): SimulatedTask {
  return {
    key: 'T1', name: '食品经营者抽查', departmentIds: ['market', 'health'], stratifyBy: 'credit_class',
    strata: [ratio('B', '5'), ratio('A', '3'), ratio('unrated', '5')], frequency: 1, windowStart: '2026-03-01', windowEnd: '2026-11-30',
    team: DEFAULT_TEAM_SETTINGS, requiredExpertise: [], ...overrides,
  };
}

const member = (until: string | null, expertise: string[] = []) => ({ certificateValidUntil: until === null ? null : dateOnly(until), expertise });
const staff = (departmentId: string, name: string, members: ReturnType<typeof member>[], total = members.length): DepartmentStaff => ({ departmentId, name, total, onDuty: members });
const many = (n: number, until = '2027-12-31', expertise: string[] = []) => Array.from({ length: n }, () => member(until, expertise));

const POOL: PoolGroup[] = [
  { regionCode: '220102', stratum: 'A', priorDraws: 0, entities: 600 },
  { regionCode: '220104', stratum: 'A', priorDraws: 0, entities: 400 },
  { regionCode: '220104', stratum: 'B', priorDraws: 0, entities: 190 },
  { regionCode: '220104', stratum: 'B', priorDraws: 1, entities: 8 },
  { regionCode: '220104', stratum: 'B', priorDraws: 2, entities: 2 },
  { regionCode: '220102', stratum: 'unrated', priorDraws: 0, entities: 21 },
];

function input(overrides: Partial<SimulationInput> = {}): SimulationInput {
  return {
    asOf: dateOnly('2026-02-10'), annualCap: 2, tasks: [{ task: task(), pool: POOL }],
    departments: [staff('market', '市场监管局', many(20), 25), staff('health', '卫生健康委', many(3))], ...overrides,
  };
}

describe('simulatePlan: pools and quotas per stratum and region', () => {
  it('uses the draw\'s quota rules on the entities below the cap, shares them by region, and multiplies by the frequency', () => {
    const result = simulatePlan(input({ tasks: [{ task: task({ frequency: 2 }), pool: POOL }] }));
    const [t] = result.tasks;
    expect(t?.strata.map((s) => [s.key, s.poolSize, s.atCap, s.eligible, s.quotaPerRound, s.reservePerRound, s.expectedPerYear])).toEqual([
      ['A', 1000, 0, 1000, 30, 3, 60],
      ['B', 200, 2, 198, 10, 1, 20],
      ['unrated', 21, 0, 21, 1, 1, 2],
    ]);
    expect(t?.strata[0]?.regions).toEqual([
      { regionCode: '220102', poolSize: 600, eligible: 600, expectedPerRound: 18 },
      { regionCode: '220104', poolSize: 400, eligible: 400, expectedPerRound: 12 },
    ]);
    expect(t?.strata[0]?.roundingLabel).toBe('四舍五入');
    expect(t).toMatchObject({ poolSize: 1221, objectsPerRound: 41, objectsPerYear: 82 });
    expect(result.totals).toMatchObject({ poolSize: 1221, objectsPerYear: 82 });
  });

  it('gives the same quotas as computeQuotas for every rounding rule', () => {
    for (const rounding of ['half_up', 'ceil', 'floor_min_1'] as const) {
      const strata = [ratio('all', '2.5', rounding)];
      const [t] = simulatePlan(input({ tasks: [{ task: task({ stratifyBy: 'none', strata }), pool: [{ regionCode: '220102', stratum: 'x', priorDraws: 0, entities: 77 }] }] })).tasks;
      const expected = computeQuotas({ strata, minTotalPercent: '' }, new Map([['all', 77]]));
      expect(expected.ok && expected.value[0]?.quota).toBe(t?.strata[0]?.quotaPerRound);
    }
  });

  it('warns about a stratum without a ratio, an empty pool and parameters the draw would refuse', () => {
    const result = simulatePlan(input({
      tasks: [
        { task: task({ strata: [ratio('A', '3')] }), pool: POOL },
        { task: task({ key: 'T2', name: '空任务' }), pool: [] },
        { task: task({ key: 'T3', name: '错误参数', strata: [ratio('A', '3'), ratio('A', '4')] }), pool: POOL },
      ],
    }));
    expect(result.warnings.filter((w) => w.departmentId === null).map((w) => [w.kind, w.taskKey])).toEqual([
      ['stratum_without_ratio', 'T1'], ['stratum_without_ratio', 'T1'], ['empty_pool', 'T2'],
      ['stratum_without_ratio', 'T3'], ['stratum_without_ratio', 'T3'], ['quota_refused', 'T3'],
    ]);
    expect(result.warnings[0]?.message).toBe('食品经营者抽查：分层“B”有 200 户符合条件的检查对象，但计划未设置该分层的抽查比例，这些对象不会被抽取');
  });
});

describe('simulatePlan: the yearly cap (威海第5条、曲阳第17条)', () => {
  it('counts the entities already at the cap and the expected ones the rounds would push past it', () => {
    const pool: PoolGroup[] = [{ regionCode: '220102', stratum: 'all', priorDraws: 1, entities: 10 }, { regionCode: '220102', stratum: 'all', priorDraws: 0, entities: 10 }];
    const [t] = simulatePlan(input({ tasks: [{ task: task({ stratifyBy: 'none', strata: [ratio('all', '50')], frequency: 2 }), pool }] })).tasks;
    // quota 10 of 20, p = 0.5: an entity drawn once already passes the cap when both rounds take it (0.25).
    expect(t?.strata[0]).toMatchObject({ atCap: 0, quotaPerRound: 10, expectedOverCap: 2.5 });
    const result = simulatePlan(input({ tasks: [{ task: task({ stratifyBy: 'none', strata: [ratio('all', '100')], frequency: 3 }), pool }] }));
    expect(result.tasks[0]?.expectedOverCap).toBe(20);
    expect(result.warnings.find((w) => w.kind === 'cap_pressure')?.message).toBe('食品经营者抽查：预计约 20 户会超过每年 2 次的抽查上限，这些主体在后续轮次中将被排除，实际可抽范围缩小');
  });

  it('binomialTail is a probability and matches small cases', () => {
    expect(binomialTail(2, 0.5, 1)).toBeCloseTo(0.25);
    expect(binomialTail(3, 0.5, 0)).toBeCloseTo(0.875);
    expect(binomialTail(1, 0.3, 1)).toBe(0);
    expect(binomialTail(1, 0.3, -1)).toBe(1);
  });
});

describe('simulatePlan: departments and infeasible matching', () => {
  it('computes each department\'s share, workload and capacity from the team composition', () => {
    const result = simulatePlan(input());
    expect(result.tasks[0]?.departments).toEqual([
      { departmentId: 'market', name: '市场监管局', share: 1, demandPerRound: 41, qualified: 20, capacityPerRound: 600, perInspector: 2.05, feasible: true },
      { departmentId: 'health', name: '卫生健康委', share: 1, demandPerRound: 41, qualified: 3, capacityPerRound: 90, perInspector: 13.67, feasible: true },
    ]);
    expect(result.departments[0]).toMatchObject({ departmentId: 'market', total: 25, onDuty: 20, qualified: 20, demandPerYear: 41, perInspectorPerYear: 2.05, feasible: true });
    expect(result.warnings).toEqual([]);
  });

  it('warns when supply is below demand, staff are missing, certificates expire, or nobody has the expertise', () => {
    const team = { ...DEFAULT_TEAM_SETTINGS, teamSize: 3, maxObjectsPerInspector: 10 };
    const result = simulatePlan(input({
      tasks: [{ task: task({ team, requiredExpertise: [{ departmentId: 'health', expertise: '食品安全' }] }), pool: POOL }],
      departments: [staff('market', '市场监管局', many(3)), staff('health', '卫生健康委', [member('2026-01-31'), member(null), member('2027-01-01')])],
    }));
    expect(result.warnings.map((w) => [w.kind, w.departmentId])).toEqual([
      ['supply_below_demand', 'market'],
      ['supply_below_demand', 'health'],
      ['no_expertise', 'health'],
    ]);
    expect(result.warnings[0]?.message).toBe('食品经营者抽查：市场监管局：41 个检查对象共需该部门 82 人次，符合条件的检查人员只有 3 名（每人至多 10 个），最多只能承担 30 人次');
    expect(result.tasks[0]?.departments.map((d) => [d.share, d.qualified, d.feasible])).toEqual([[2, 3, false], [1, 1, false]]);
    const none = simulatePlan(input({ departments: [staff('market', '市场监管局', many(1, '2025-12-31'))] }));
    expect(none.warnings.map((w) => w.kind)).toEqual(['team_larger_than_staff', 'no_qualified_staff', 'unknown_department', 'no_qualified_staff']);
  });
});

describe('simulatePlan invariants', () => {
  const group = fc.record({
    regionCode: fc.constantFrom('220102', '220104', '220112'), stratum: fc.constantFrom('A', 'B', 'C', 'unrated'),
    priorDraws: fc.integer({ min: 0, max: 3 }), entities: fc.integer({ min: 0, max: 5000 }),
  });
  const stratum = fc.record({
    key: fc.constantFrom('A', 'B', 'C', 'unrated'), mode: fc.constantFrom('ratio' as const, 'count' as const),
    value: fc.integer({ min: 0, max: 100 }).map(String), rounding: fc.constantFrom('half_up' as const, 'ceil' as const, 'floor_min_1' as const),
    minPercent: fc.constantFrom('', '1', '10'), reserve: fc.constantFrom('', '0', '3'),
  });
  it('never expects more objects than the eligible pool, and the regions add up to the quota', () => {
    fc.assert(fc.property(fc.array(group, { maxLength: 12 }), fc.uniqueArray(stratum, { selector: (s) => s.key, minLength: 1 }), fc.integer({ min: 1, max: 4 }), (pool, strata, frequency) => {
      const [t] = simulatePlan(input({ tasks: [{ task: task({ strata, frequency }), pool }] })).tasks;
      for (const s of t?.strata ?? []) {
        expect(s.quotaPerRound).toBeLessThanOrEqual(s.eligible);
        expect(s.eligible + s.atCap).toBe(s.poolSize);
        expect(s.expectedOverCap).toBeLessThanOrEqual(s.eligible + 0.01);
        expect(s.expectedOverCap).toBeGreaterThanOrEqual(0);
        for (const r of s.regions) expect(r.expectedPerRound).toBeLessThanOrEqual(r.eligible + 0.005);
        expect(Math.abs(s.regions.reduce((sum, r) => sum + r.expectedPerRound, 0) - s.quotaPerRound)).toBeLessThan(0.01 * Math.max(1, s.regions.length));
      }
      expect(t?.objectsPerRound).toBeLessThanOrEqual(t?.poolSize ?? 0);
    }));
  });
});
