/**
 * 年终考核评分 (长春第27条; 曲阳第32条、东胜 六(二): 纳入重点工作考评): a weighted sum of the indicators, each weight
 * 0–100 and all weights summing to 100, configurable per region (a region without its own uses its parent's, then
 * these defaults).
 */
import { err, ok, type Result } from '../basics/result';
import type { IndicatorKey } from './indicators';

export const SCORED_INDICATORS = ['completion', 'entry_on_time', 'publication_on_time', 'coverage', 'joint_share'] as const satisfies readonly IndicatorKey[];
export type ScoredIndicator = (typeof SCORED_INDICATORS)[number];

export type AssessmentWeights = Readonly<Record<ScoredIndicator, number>>;

/**
 * The defaults: completion weighs most, as 长春第26–27条 score participation and completion and count what was not
 * entered in time as not done; entry and publication on time follow (曲阳第20条, 长春第19条); coverage of the
 * checklist (东胜 四(三)1) and the share of joint inspections (长春第27条) complete the hundred.
 */
export const DEFAULT_WEIGHTS: AssessmentWeights = {
  completion: 30, entry_on_time: 20, publication_on_time: 20, coverage: 15, joint_share: 15,
};

export const WEIGHT_LABELS: Readonly<Record<ScoredIndicator, string>> = {
  completion: '任务完成率', entry_on_time: '按期录入率', publication_on_time: '按期公示率', coverage: '抽查事项清单覆盖率', joint_share: '联合抽查占比',
};

export interface WeightError {
  readonly field: string;
  readonly message: string;
}

/** Each weight an integer 0–100, every indicator weighted, the sum exactly 100. */
export function validateWeights(input: Readonly<Record<string, unknown>>): Result<AssessmentWeights, WeightError[]> {
  const errors: WeightError[] = [];
  const weights: Partial<Record<ScoredIndicator, number>> = {};
  for (const key of SCORED_INDICATORS) {
    const value = input[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
      errors.push({ field: key, message: `“${WEIGHT_LABELS[key]}”的权重须为 0–100 的整数` });
    } else {
      weights[key] = value;
    }
  }
  for (const key of Object.keys(input)) {
    if (!(SCORED_INDICATORS as readonly string[]).includes(key)) errors.push({ field: key, message: `未知的考核指标：${key}` });
  }
  if (errors.length > 0) return err(errors);
  const complete = weights as AssessmentWeights;
  const sum = SCORED_INDICATORS.reduce((total, key) => total + complete[key], 0);
  if (sum !== 100) return err([{ field: 'weights', message: `各项权重之和须为 100（当前为 ${sum}）` }]);
  return ok(complete);
}

export interface ScoreLine {
  readonly key: ScoredIndicator;
  readonly label: string;
  readonly weight: number;
  /** The indicator's rate in percent, or null when nothing was due (the weight then goes to the other lines). */
  readonly rate: number | null;
  readonly points: number;
}

export interface Assessment {
  /** 0–100, one decimal; null when no indicator had anything to measure. */
  readonly score: number | null;
  readonly lines: readonly ScoreLine[];
}

/**
 * Σ weight × rate / 100 over the indicators that have a rate. An indicator with nothing to measure (no results due
 * yet, no checklist in force) is left out and the others are scaled up to 100, so a department is neither rewarded
 * nor punished for work that was not yet due (长春第27条 deducts only for what was not done without reason).
 */
export function assessmentScore(rates: Readonly<Record<ScoredIndicator, number | null>>, weights: AssessmentWeights): Assessment {
  const measured = SCORED_INDICATORS.filter((key) => rates[key] !== null);
  const measuredWeight = measured.reduce((total, key) => total + weights[key], 0);
  const lines = SCORED_INDICATORS.map((key) => {
    const rate = rates[key];
    const points = rate === null || measuredWeight === 0 ? 0 : Math.round(((weights[key] * rate) / measuredWeight) * 10) / 10;
    return { key, label: WEIGHT_LABELS[key], weight: weights[key], rate, points };
  });
  if (measuredWeight === 0) return { score: null, lines };
  const raw = measured.reduce((total, key) => total + (weights[key] * (rates[key] ?? 0)) / measuredWeight, 0);
  return { score: Math.round(raw * 10) / 10, lines };
}
