import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeQuotas, parsePercent, roundQuota, type DrawParams, type RoundingRule, type StratumParams } from './quota';

const stratum = (key: string, extra: Partial<StratumParams> = {}): StratumParams => ({ key, mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '', ...extra });
const params = (strata: StratumParams[], minTotalPercent = ''): DrawParams => ({ strata, minTotalPercent });
const sizes = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));

describe('roundQuota', () => {
  const p = (s: string) => {
    const r = parsePercent(s, 'x', 'x');
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  it('applies 四舍五入, 向上取整 and 向下取整但至少 1 exactly (no floating point)', () => {
    // 3% of 50 = 1.5
    expect(roundQuota(50, p('3'), 'half_up')).toBe(2);
    expect(roundQuota(50, p('3'), 'ceil')).toBe(2);
    expect(roundQuota(50, p('3'), 'floor_min_1')).toBe(1);
    // 3% of 49 = 1.47
    expect(roundQuota(49, p('3'), 'half_up')).toBe(1);
    // 3% of 10 = 0.3
    expect(roundQuota(10, p('3'), 'half_up')).toBe(0);
    expect(roundQuota(10, p('3'), 'ceil')).toBe(1);
    expect(roundQuota(10, p('3'), 'floor_min_1')).toBe(1);
    // 0% and empty strata stay 0 under every rule
    for (const rule of ['half_up', 'ceil', 'floor_min_1'] as RoundingRule[]) {
      expect(roundQuota(10, p('0'), rule)).toBe(0);
      expect(roundQuota(0, p('50'), rule)).toBe(0);
    }
    // 0.1 + 0.2 style traps: 2.55% of 200 = 5.1 exactly
    expect(roundQuota(200, p('2.55'), 'floor_min_1')).toBe(5);
    expect(roundQuota(1_000_000, p('0.000001'), 'ceil')).toBe(1);
  });

  it('counts follow the rounding rule (property against exact rational arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom<RoundingRule>('half_up', 'ceil', 'floor_min_1'), (n, micro, rule) => {
        // percent = micro / 10^6
        const s = `${Math.floor(micro / 1e6)}.${String(micro % 1e6).padStart(6, '0')}`;
        const k = roundQuota(n, p(s), rule);
        const num = BigInt(n) * BigInt(micro); // exact = num / 10^8
        const den = 100_000_000n;
        const floor = Number(num / den);
        const rem = num % den;
        const expected = rule === 'ceil' ? floor + (rem > 0n ? 1 : 0) : rule === 'half_up' ? floor + (2n * rem >= den ? 1 : 0) : num > 0n ? Math.max(1, floor) : 0;
        expect(k).toBe(expected);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('computeQuotas', () => {
  it('computes quota and default reserve per stratum, including empty strata', () => {
    const r = computeQuotas(params([stratum('A', { value: '1' }), stratum('B'), stratum('C', { value: '100' }), stratum('D', { mode: 'count', value: '7' })]), sizes({ A: 1000, B: 200, D: 5 }));
    expect(r).toEqual({
      ok: true,
      value: [
        { key: 'A', size: 1000, quota: 10, reserve: 1 },
        { key: 'B', size: 200, quota: 6, reserve: 1 },
        { key: 'C', size: 0, quota: 0, reserve: 0 },
        { key: 'D', size: 5, quota: 5, reserve: 0 },
      ],
    });
  });

  it('raises a stratum to its floor and caps the reserve at what is left', () => {
    const r = computeQuotas(params([stratum('A', { value: '1', minPercent: '3', reserve: '100' })]), sizes({ A: 101 }));
    expect(r.ok && r.value[0]).toEqual({ key: 'A', size: 101, quota: 4, reserve: 97 });
  });

  it('refuses a sample below the overall floor (曲阳第17条)', () => {
    const r = computeQuotas(params([stratum('A', { value: '1' })], '3'), sizes({ A: 1000 }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('BELOW_MIN_TOTAL');
    expect(!r.ok && r.error.message).toContain('低于总体最低比例 3%');
  });

  it.each([
    ['101', 'RATIO_OUT_OF_RANGE'],
    ['-3', 'RATIO_OUT_OF_RANGE'],
    ['100.5', 'RATIO_OUT_OF_RANGE'],
    ['3%', 'INVALID_PARAMS'],
    ['03', 'INVALID_PARAMS'],
    ['1.1234567', 'INVALID_PARAMS'],
    ['', 'INVALID_PARAMS'],
  ])('rejects ratio "%s" with %s', (value, code) => {
    const r = computeQuotas(params([stratum('A', { value })]), sizes({ A: 10 }));
    expect(!r.ok && r.error.code).toBe(code);
    expect(!r.ok && r.error.path).toBe('params.strata[0].value');
  });

  it('rejects unknown strata in the pool, duplicate and unsorted keys, bad modes', () => {
    expect(computeQuotas(params([stratum('A')]), sizes({ A: 1, Z: 2 }))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_STRATUM' } });
    expect(computeQuotas(params([stratum('A'), stratum('A')]), sizes({}))).toMatchObject({ ok: false, error: { code: 'DUPLICATE_STRATUM' } });
    expect(computeQuotas(params([stratum('B'), stratum('A')]), sizes({}))).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(computeQuotas(params([stratum('A', { mode: 'count', value: '2.5' })]), sizes({}))).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(computeQuotas(params([stratum('A', { rounding: 'bankers' as RoundingRule })]), sizes({}))).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    expect(computeQuotas(params([stratum('A,B')]), sizes({}))).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
  });
});
