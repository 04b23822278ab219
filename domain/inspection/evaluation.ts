/**
 * 检查对象满意度评价 (issue #11 item 3): the inspected entity rates one of its published results once, anonymously, on a
 * few fixed aspects of how it was inspected — the aspects are 曲阳第二十九条's duties ("依法行政，廉洁执法") and 渝北
 * （九）'s results open to 社会监督 — with an optional comment. Staff see aggregates only, and a group smaller than MIN_EVALUATION_GROUP is suppressed so that
 * one evaluation cannot be singled out.
 */

/** The aspects rated, in display order. */
export const EVALUATION_ASPECTS = ['lawful', 'civil', 'integrity', 'efficiency'] as const;
export type EvaluationAspect = (typeof EVALUATION_ASPECTS)[number];

export const EVALUATION_ASPECT_LABELS: Record<EvaluationAspect, string> = {
  lawful: '依法规范',
  civil: '文明执法',
  integrity: '廉洁自律',
  efficiency: '高效便民',
};

/** 5 is best. */
export const EVALUATION_SCORE_LABELS: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '一般',
  2: '不满意',
  1: '非常不满意',
};

export const EVALUATION_COMMENT_MAX = 200;

/** Fewer evaluations than this in a group (department × year) are not shown at all. */
export const MIN_EVALUATION_GROUP = 5;

export type EvaluationScores = Record<EvaluationAspect, number>;

export interface EvaluationGroupSums {
  readonly count: number;
  /** Sum of the scores per aspect. */
  readonly sums: EvaluationScores;
  /** How many single ratings (over all aspects) were 4 or 5. */
  readonly satisfied: number;
}

export interface EvaluationGroupFigures {
  readonly suppressed: boolean;
  readonly count: number | null;
  /** Mean score per aspect, to one decimal; null when suppressed. */
  readonly averages: EvaluationScores | null;
  /** Share of ratings 满意 or 非常满意, in percent to one decimal; null when suppressed. */
  readonly satisfiedPercent: number | null;
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

/** The figures shown for one group: nothing, not even the count, below MIN_EVALUATION_GROUP. */
export function evaluationFigures(group: EvaluationGroupSums): EvaluationGroupFigures {
  if (group.count < MIN_EVALUATION_GROUP) return { suppressed: true, count: null, averages: null, satisfiedPercent: null };
  const averages = Object.fromEntries(EVALUATION_ASPECTS.map((a) => [a, oneDecimal(group.sums[a] / group.count)])) as EvaluationScores;
  return { suppressed: false, count: group.count, averages, satisfiedPercent: oneDecimal((group.satisfied * 100) / (group.count * EVALUATION_ASPECTS.length)) };
}
