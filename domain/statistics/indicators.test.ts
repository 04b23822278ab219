import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RESULT_CATEGORIES } from '../inspection/categories';
import { burdenBuckets, bySection, indicator, INDICATOR_KEYS, INDICATORS, isProblemCategory, percent } from './indicators';

describe('statistics indicators', () => {
  it('defines every indicator with a formula and a citation of a seed article', () => {
    for (const key of INDICATOR_KEYS) {
      expect(INDICATORS[key].formula).toMatch(/÷/);
      expect(INDICATORS[key].citation).toMatch(/长春|东胜|曲阳|渝北|威海/);
      // What users see names no city's rule: the platform serves every deployment.
      expect(INDICATORS[key].basis).not.toMatch(/长春|东胜|曲阳|渝北|威海/);
      expect(INDICATORS[key].citation).toContain(INDICATORS[key].basis);
    }
  });

  it('gives a rate in percent with one decimal, and no rate when there is nothing to divide by', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(8, 13)).toBe(61.5);
    expect(percent(0, 0)).toBeNull();
    expect(indicator('completion', { numerator: 12, denominator: 13 })).toMatchObject({ label: '任务完成率', rate: 92.3, numerator: 12, denominator: 13 });
  });

  it('keeps every rate between 0 and 100', () => {
    fc.assert(fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
      const rate = percent(Math.min(a, b), Math.max(a, b));
      return rate === null ? Math.max(a, b) === 0 : rate >= 0 && rate <= 100;
    }));
  });

  it('counts the national categories that record a problem, not the closed or deregistered entity', () => {
    const problems = Object.keys(RESULT_CATEGORIES).filter(isProblemCategory);
    expect(problems).toEqual(['undisclosed', 'false_disclosure', 'unreachable', 'corrected', 'pending_followup', 'uncooperative']);
    expect(isProblemCategory('deregistered')).toBe(false);
    expect(isProblemCategory('no_problem')).toBe(false);
  });

  it('sums industry divisions into GB/T 4754 sections, the unregistered last', () => {
    const rows = bySection([
      { prefix: '51', results: 5, inspected: 4, problems: 1 },
      { prefix: '52', results: 6, inspected: 6, problems: 2 },
      { prefix: '13', results: 2, inspected: 2, problems: 2 },
      { prefix: 'F5', results: 1, inspected: 1, problems: 0 },
      { prefix: null, results: 4, inspected: 3, problems: 0 },
    ]);
    expect(rows).toEqual([
      { section: 'C', label: expect.stringMatching(/^C 制造业/) as unknown, results: 2, inspected: 2, problems: 2, rate: 100 },
      { section: 'F', label: expect.stringMatching(/^F 批发和零售业/) as unknown, results: 12, inspected: 11, problems: 3, rate: 27.3 },
      { section: '', label: '未登记行业', results: 4, inspected: 3, problems: 0, rate: 0 },
    ]);
  });

  it('buckets entities by inspections this year and flags those above the yearly cap of two (威海第5条)', () => {
    expect(burdenBuckets([{ inspections: 1, entities: 10 }, { inspections: 2, entities: 3 }, { inspections: 3, entities: 1 }, { inspections: 5, entities: 2 }])).toEqual([
      { bucket: '1', label: '1 次', entities: 10, overCap: false },
      { bucket: '2', label: '2 次', entities: 3, overCap: false },
      { bucket: '3+', label: '3 次及以上', entities: 3, overCap: true },
    ]);
  });
});
