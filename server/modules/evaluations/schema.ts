/**
 * The API shapes of 检查对象满意度评价 and the entity's yearly count against the cap (issue #11 item 3). The staff
 * answer holds aggregates only: no result, entity or inspector.
 */
import { z } from 'zod';
import { EVALUATION_ASPECT_LABELS, EVALUATION_COMMENT_MAX } from '../../../domain/inspection/evaluation';
import { optionalText, regionCodeField, uuidField } from '../../http/fields';

const score = (aspect: keyof typeof EVALUATION_ASPECT_LABELS) => {
  const label = `“${EVALUATION_ASPECT_LABELS[aspect]}”的评分`;
  return z.number({ error: `${label}必须是 1–5 的整数` }).int({ error: `${label}必须是整数` })
    .min(1, { error: `${label}最低为 1（非常不满意）` }).max(5, { error: `${label}最高为 5（非常满意）` });
};

export const EvaluationInput = z.object({
  lawful: score('lawful'),
  civil: score('civil'),
  integrity: score('integrity'),
  efficiency: score('efficiency'),
  comment: optionalText('意见建议', EVALUATION_COMMENT_MAX),
});
export type EvaluationInput = z.infer<typeof EvaluationInput>;

export const EvaluationParams = z.object({ id: uuidField('检查结果编号') });

export const EvaluationState = z.object({
  resultId: z.string(),
  evaluated: z.boolean(),
  evaluatedOn: z.string().nullable(),
});
export type EvaluationState = z.infer<typeof EvaluationState>;

export const EntitySummary = z.object({
  year: z.number().int(),
  /** Random draws of this year that selected the entity, counted as the draw counts the cap (威海第5条). */
  inspectionsThisYear: z.number().int(),
  annualCap: z.number().int(),
  /** Its published results it has already evaluated. */
  evaluatedResultIds: z.array(z.string()),
});
export type EntitySummary = z.infer<typeof EntitySummary>;

export const EvaluationQuery = z.object({
  year: z.coerce.number({ error: '年度应为 2000–2100 的整数' }).int({ error: '年度应为整数' }).min(2000, { error: '年度不能早于 2000 年' }).max(2100, { error: '年度不能晚于 2100 年' }),
  regionCode: regionCodeField.optional(),
});
export type EvaluationQuery = z.infer<typeof EvaluationQuery>;

const Scores = z.object({ lawful: z.number(), civil: z.number(), integrity: z.number(), efficiency: z.number() });

export const EvaluationAggregateRow = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  /** True below the minimum group: then count, averages and comments are all null. */
  suppressed: z.boolean(),
  count: z.number().int().nullable(),
  averages: Scores.nullable(),
  satisfiedPercent: z.number().nullable(),
  /** Only for the 双随机办 (a region-wide data scope), never for the inspecting department; in no particular order. */
  comments: z.array(z.string()).nullable(),
});

export const EvaluationAggregates = z.object({
  year: z.number().int(),
  minGroup: z.number().int(),
  commentsVisible: z.boolean(),
  aspects: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(EvaluationAggregateRow),
});
export type EvaluationAggregates = z.infer<typeof EvaluationAggregates>;
