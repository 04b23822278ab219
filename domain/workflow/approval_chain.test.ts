import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_CHAIN, DONGSHENG_PLAN_CHAIN, WEIHAI_PLAN_CHAIN, canActOnStep, chainForRegion, reviewStep, withStep } from './approval_chain';
import { ACTORS, DEPT, REGION } from './test_support';

const subject = { leadDepartmentId: DEPT.market, regionCode: REGION, submittedBy: ACTORS.drafter.userId };

describe('approval chains', () => {
  it('picks the nearest configured region, else the default', () => {
    const settings = [{ regionCode: '150000', chain: DONGSHENG_PLAN_CHAIN }, { regionCode: '371000', chain: WEIHAI_PLAN_CHAIN }, { regionCode: '150602', chain: DEFAULT_PLAN_CHAIN }];
    expect(chainForRegion(settings, '150603')).toBe(DONGSHENG_PLAN_CHAIN);
    expect(chainForRegion(settings, '150602')).toBe(DEFAULT_PLAN_CHAIN);
    expect(chainForRegion(settings, '371071')).toBe(WEIHAI_PLAN_CHAIN);
    expect(chainForRegion(settings, '220102')).toBe(DEFAULT_PLAN_CHAIN);
    expect(chainForRegion([], '220102', WEIHAI_PLAN_CHAIN)).toBe(WEIHAI_PLAN_CHAIN);
  });
  it('withStep inserts at a clamped index and names the chain', () => {
    const step = { key: 'deputy', label: '分管领导审批', role: 'deputy_leader', scope: 'lead_department' as const };
    expect(withStep(DEFAULT_PLAN_CHAIN, 99, step).steps.at(-1)).toBe(step);
    expect(withStep(DEFAULT_PLAN_CHAIN, -3, step, '分管领导 → …')).toMatchObject({ key: 'default+deputy', label: '分管领导 → …', steps: [step, ...DEFAULT_PLAN_CHAIN.steps] });
  });
  it('canActOnStep: the submitter never, the role in the right place always', () => {
    const [head, legality, publish] = DEFAULT_PLAN_CHAIN.steps;
    expect(canActOnStep(head!, ACTORS.head, subject)).toEqual({ ok: true, value: true });
    expect(canActOnStep(head!, ACTORS.head, { ...subject, submittedBy: ACTORS.head.userId })).toMatchObject({ ok: false, error: { code: 'OWN_SUBMISSION' } });
    expect(canActOnStep(legality!, ACTORS.justice, subject).ok).toBe(true);
    expect(canActOnStep(publish!, ACTORS.office, subject).ok).toBe(true);
    expect(canActOnStep(publish!, { ...ACTORS.office, regionCode: null }, subject)).toMatchObject({ ok: false, error: { code: 'STEP_SCOPE', message: '“双随机办发布”须由同级的人员办理' } });
  });
  it('reviewStep throws for a step outside the chain (a bug)', () => {
    expect(() => reviewStep(DEFAULT_PLAN_CHAIN, 3, ACTORS.head, subject)).toThrow(RangeError);
    expect(reviewStep(DEFAULT_PLAN_CHAIN, 2, ACTORS.office, subject)).toMatchObject({ ok: true, value: { last: true } });
  });
});
