import { describe, expect, it } from 'vitest';
import { evaluationFigures, MIN_EVALUATION_GROUP } from './evaluation';

describe('evaluationFigures', () => {
  it('suppresses a group below the minimum, count included', () => {
    const sums = { lawful: 20, civil: 20, integrity: 20, efficiency: 20 };
    expect(evaluationFigures({ count: MIN_EVALUATION_GROUP - 1, sums, satisfied: 16 })).toEqual({ suppressed: true, count: null, averages: null, satisfiedPercent: null });
  });

  it('gives means to one decimal and the share of 满意 ratings', () => {
    const figures = evaluationFigures({ count: 6, sums: { lawful: 30, civil: 25, integrity: 24, efficiency: 19 }, satisfied: 17 });
    expect(figures).toEqual({ suppressed: false, count: 6, averages: { lawful: 5, civil: 4.2, integrity: 4, efficiency: 3.2 }, satisfiedPercent: 70.8 });
  });
});
