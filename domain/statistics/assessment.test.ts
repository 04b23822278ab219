import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessmentScore, DEFAULT_WEIGHTS, SCORED_INDICATORS, validateWeights } from './assessment';

describe('assessment weights (长春第27条)', () => {
  it('has defaults that sum to 100', () => {
    expect(validateWeights(DEFAULT_WEIGHTS)).toEqual({ ok: true, value: DEFAULT_WEIGHTS });
  });

  it('names each bad field: out of range, not an integer, missing, unknown', () => {
    const result = validateWeights({ ...DEFAULT_WEIGHTS, completion: 101, coverage: 1.5, joint_share: undefined, extra: 3 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((e) => e.field)).toEqual(['completion', 'coverage', 'joint_share', 'extra']);
  });

  it('refuses weights that do not sum to 100', () => {
    const result = validateWeights({ ...DEFAULT_WEIGHTS, completion: 40 });
    expect(result).toEqual({ ok: false, error: [{ field: 'weights', message: '各项权重之和须为 100（当前为 110）' }] });
  });

  it('scores the weighted sum of the rates', () => {
    const all = { completion: 100, entry_on_time: 50, publication_on_time: 80, coverage: 40, joint_share: 0 };
    expect(assessmentScore(all, DEFAULT_WEIGHTS).score).toBe(30 + 10 + 16 + 6 + 0);
  });

  it('leaves out an indicator with nothing to measure and scales the others up to 100', () => {
    const result = assessmentScore({ completion: 100, entry_on_time: null, publication_on_time: null, coverage: 50, joint_share: 100 }, DEFAULT_WEIGHTS);
    // (30×100 + 15×50 + 15×100) / 60
    expect(result.score).toBe(87.5);
    expect(result.lines.find((l) => l.key === 'entry_on_time')).toMatchObject({ rate: null, points: 0 });
    expect(assessmentScore({ completion: null, entry_on_time: null, publication_on_time: null, coverage: null, joint_share: null }, DEFAULT_WEIGHTS).score).toBeNull();
  });

  it('always scores between 0 and 100 for valid weights', () => {
    const rate = fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 10));
    fc.assert(fc.property(fc.tuple(rate, rate, rate, rate, rate), (rates) => {
      const byKey = Object.fromEntries(SCORED_INDICATORS.map((k, i) => [k, rates[i] ?? null])) as Record<(typeof SCORED_INDICATORS)[number], number | null>;
      const { score } = assessmentScore(byKey, DEFAULT_WEIGHTS);
      return score === null || (score >= 0 && score <= 100);
    }));
  });
});
