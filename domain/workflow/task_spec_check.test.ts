import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTaskSpec, ratioExample, type SpecProblem, type TaskSpecContext } from './task_spec_check';
import { DEFAULT_ANNUAL_CAP, DEFAULT_TEAM_SETTINGS, type StratumSpec, type TaskSpec } from './task_spec';

const LEAD = 'dept-lead';
const OTHER = 'dept-other';
const CTX: TaskSpecContext = { leadDepartmentId: LEAD, departmentIds: [LEAD, OTHER], regionCode: '220100' };

const stratum = (key: string, value = '3', extra: Partial<StratumSpec> = {}): StratumSpec => ({
  key, mode: 'ratio', value, rounding: 'half_up', minPercent: '', reserve: '', ...extra,
});

const SPEC: TaskSpec = {
  items: [
    { departmentId: LEAD, checklistId: 'c1', checklistVersionId: 'v1', itemId: 'i1', code: 'SX-001', name: '企业公示信息检查' },
    { departmentId: OTHER, checklistId: 'c2', checklistVersionId: 'v2', itemId: 'i2', code: 'HB-001', name: '排污许可检查' },
  ],
  targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
  regionCodes: ['220100'],
  stratifyBy: 'credit_class',
  strata: [stratum('C', '10'), stratum('A', '3')],
  minTotalPercent: '3',
  annualCap: DEFAULT_ANNUAL_CAP,
  methods: ['实地核查'],
  team: { ...DEFAULT_TEAM_SETTINGS, teamSize: 3, departmentQuotas: [{ departmentId: LEAD, members: 2 }, { departmentId: OTHER, members: 1 }] },
  supervisorsRequired: 1,
};

function problems(spec: TaskSpec, ctx = CTX): SpecProblem[] {
  const r = checkTaskSpec(spec, ctx);
  return r.ok ? [] : r.error;
}

const fields = (spec: TaskSpec, ctx = CTX) => problems(spec, ctx).map((p) => p.field);

describe('checkTaskSpec', () => {
  it('accepts a joint task and returns its strata in the draw key order', () => {
    const r = checkTaskSpec(SPEC, CTX);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.strata.map((s) => s.key)).toEqual(['A', 'C']);
  });

  it('needs items, each from a task department and at most once', () => {
    expect(problems({ ...SPEC, items: [] })).toEqual([{ field: 'items', message: '请至少选择一个检查事项' }]);
    const foreign = { ...SPEC.items[0]!, departmentId: 'elsewhere', itemId: 'i9' };
    expect(fields({ ...SPEC, items: [...SPEC.items, foreign, SPEC.items[0]!] })).toEqual(['items.2', 'items.3']);
  });

  it('checks 定向 and 不定向 scopes and the regions inside the task region', () => {
    const targeted = (t: Partial<TaskSpec['targeting']>) => ({ ...SPEC, targeting: { ...SPEC.targeting, mode: 'targeted' as const, ...t } });
    expect(fields(targeted({}))).toEqual(['targeting.mode']);
    expect(fields({ ...SPEC, targeting: { ...SPEC.targeting, scopeKeywords: ['食品'] } })).toEqual(['targeting.mode']);
    expect(problems(targeted({ entityTypes: ['enterprise'], industryCodes: ['51', '5211'], scopeKeywords: ['食品'], entityTagId: 't1' }))).toEqual([]);
    expect(fields(targeted({ entityTypes: ['robot'], industryCodes: ['F51', '1'], scopeKeywords: [' '] }))).toEqual([
      'targeting.entityTypes.0', 'targeting.industryCodes.0', 'targeting.industryCodes.1', 'targeting.scopeKeywords.0',
    ]);
    expect(fields({ ...SPEC, regionCodes: [] })).toEqual(['regionCodes']);
    expect(problems({ ...SPEC, regionCodes: ['220104', '220202'] })).toEqual([{ field: 'regionCodes.1', message: '抽取区域“220202”不在任务所属区划（220100）内' }]);
  });

  it('checks strata keys, ratios, counts, floors and reserves with field paths', () => {
    expect(fields({ ...SPEC, strata: [] })).toEqual(['strata']);
    expect(fields({ ...SPEC, strata: [stratum('A'), stratum('A'), stratum('X')] })).toEqual(['strata.1.key', 'strata.2.key']);
    expect(fields({ ...SPEC, stratifyBy: 'none', strata: [stratum('A')] })).toEqual(['strata.0.key']);
    expect(problems({ ...SPEC, stratifyBy: 'none', strata: [stratum('all', '5')] })).toEqual([]);
    expect(problems({ ...SPEC, strata: [stratum('A', '120')] })).toEqual([{ field: 'strata.0.value', message: '分层“A 类（信用风险低）”的抽查比例“120%”超出 0–100% 的范围' }]);
    expect(fields({ ...SPEC, strata: [stratum('A', '3', { mode: 'count', value: '2.5' }), stratum('B', '3', { minPercent: 'x', reserve: '-1' })] }))
      .toEqual(['strata.0.value', 'strata.1.minPercent', 'strata.1.reserve']);
    expect(fields({ ...SPEC, minTotalPercent: '101' })).toEqual(['minTotalPercent']);
    expect(problems({ ...SPEC, minTotalPercent: '' })).toEqual([]);
  });

  it('checks the yearly cap, methods and supervisors', () => {
    expect(fields({ ...SPEC, annualCap: 0, methods: [], supervisorsRequired: 0 })).toEqual(['annualCap', 'methods', 'supervisorsRequired']);
  });

  it('checks the team: ≥ 2 per object, leader from the lead, quotas of task departments within the team size', () => {
    const team = (t: Partial<TaskSpec['team']>) => ({ ...SPEC, team: { ...SPEC.team, ...t } });
    expect(problems(team({ teamSize: 1 }))).toEqual([{ field: 'team.teamSize', message: '每个检查对象的检查人员应为 2 至 20 人（不少于 2 名执法人员）' }]);
    expect(fields(team({ leaderFromLead: false }))).toEqual(['team.leaderFromLead']);
    expect(problems(team({ teamSize: 2 }))).toEqual([{ field: 'team.departmentQuotas', message: '各部门派员合计 3 人，超过每组 2 人' }]);
    expect(fields(team({ departmentQuotas: [{ departmentId: OTHER, members: 2 }] }))).toEqual(['team.departmentQuotas']);
    expect(fields(team({ departmentQuotas: [{ departmentId: LEAD, members: 1 }, { departmentId: 'x', members: 1 }, { departmentId: LEAD, members: 0 }] })))
      .toEqual(['team.departmentQuotas.1.departmentId', 'team.departmentQuotas.2.departmentId', 'team.departmentQuotas.2.members']);
    expect(fields(team({ expertsPerObject: -1, maxObjectsPerInspector: 0, recusalYears: 1.5 }))).toEqual([
      'team.expertsPerObject', 'team.maxObjectsPerInspector', 'team.recusalYears',
    ]);
    expect(problems(team({ departmentQuotas: [] }))).toEqual([]);
  });
});

describe('the ratio grammar (property)', () => {
  const valid = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }))
    .map(([whole, frac]) => (frac === undefined ? String(whole) : `${whole}.${frac}`));

  it('accepts every percentage 0–100 with up to 6 decimals', () => {
    fc.assert(fc.property(valid, (value) => problems({ ...SPEC, strata: [stratum('A', value)] }).length === 0));
    expect(problems({ ...SPEC, strata: [stratum('A', '100')] })).toEqual([]);
  });

  it('refuses anything else on the value field, never another', () => {
    const bad = fc.oneof(
      fc.integer({ min: 101, max: 100_000 }).map(String),
      fc.integer({ min: 1, max: 100 }).map((n) => `-${n}`),
      fc.tuple(valid, fc.constantFrom(' ', '%', ',', 'e1', '.', '.0000000')).map(([v, s]) => `${v}${s}`),
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `0${a}${b}`),
      fc.string({ maxLength: 8 }).filter((s) => !/^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?$/.test(s)),
    );
    fc.assert(fc.property(bad, (value) => {
      const found = problems({ ...SPEC, strata: [stratum('B', value)] });
      return found.length === 1 && found[0]?.field === 'strata.0.value' && /[\u4e00-\u9fa5]/.test(found[0].message);
    }));
  });
});

describe('ratioExample', () => {
  it('shows the product and the rounded count under each rule', () => {
    expect(ratioExample(1234, '3', 'half_up')).toBe('1,234 户 × 3% = 37.02 → 37 户（四舍五入）');
    expect(ratioExample(1234, '3', 'ceil')).toBe('1,234 户 × 3% = 37.02 → 38 户（向上取整）');
    expect(ratioExample(20, '3', 'floor_min_1')).toBe('20 户 × 3% = 0.60 → 1 户（向下取整但至少 1）');
    expect(ratioExample(1000, '2.345', 'half_up')).toBe('1,000 户 × 2.345% = 23.45 → 23 户（四舍五入）');
    expect(ratioExample(333, '3.333', 'half_up')).toBe('333 户 × 3.333% = ≈11.10 → 11 户（四舍五入）');
    expect(ratioExample(10, 'x', 'half_up')).toBeNull();
  });
});
