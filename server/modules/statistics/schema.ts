/** The API shapes of 统计分析与考核 (issue #11 item 4). The web pages import their types from here. */
import { z } from 'zod';
import { SCORED_INDICATORS, WEIGHT_LABELS } from '../../../domain/statistics/assessment';
import { INDICATOR_KEYS } from '../../../domain/statistics/indicators';
import { regionCodeField, uuidField } from '../../http/fields';

export const StatisticsQuery = z.object({
  year: z.coerce.number({ error: '年度应为 2000–2100 的整数' }).int({ error: '年度应为整数' }).min(2000, { error: '年度不能早于 2000 年' }).max(2100, { error: '年度不能晚于 2100 年' }),
  regionCode: regionCodeField.optional(),
  departmentId: uuidField('部门').optional(),
});
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

export const STATISTICS_TABLES = {
  indicators: '指标汇总', departments: '部门考核', regions: '区域汇总', credit: '按信用风险分类', industry: '按行业门类', burden: '主体受检频次', workload: '检查人员工作量',
} as const;
export type StatisticsTable = keyof typeof STATISTICS_TABLES;

export const ExportQuery = StatisticsQuery.extend({
  table: z.enum(Object.keys(STATISTICS_TABLES) as [StatisticsTable, ...StatisticsTable[]], { error: `统计表只能是：${Object.entries(STATISTICS_TABLES).map(([k, v]) => `${k}（${v}）`).join('、')}` }),
});

const rate = z.number().nullable();

export const IndicatorView = z.object({
  key: z.enum(INDICATOR_KEYS), label: z.string(), formula: z.string(), basis: z.string(),
  numerator: z.number().int(), denominator: z.number().int(), rate,
});

const scoredKey = z.enum(SCORED_INDICATORS);
export const WeightsShape = z.object(Object.fromEntries(SCORED_INDICATORS.map((k) => [k, z.number().int()])) as Record<(typeof SCORED_INDICATORS)[number], z.ZodNumber>);

export const UnitRow = z.object({
  key: z.string(), name: z.string(), regionCode: z.string().nullable(),
  objects: z.number().int(), completed: z.number().int(), completion: rate, entryOnTime: rate, publicationOnTime: rate,
  coverage: rate, jointShare: rate, entryOverdue: z.number().int(), publicationOverdue: z.number().int(), missingAfterPeriod: z.number().int(),
  published: z.number().int(), reviewed: z.number().int(), problems: z.number().int(), problemRate: rate,
  score: z.number().nullable(),
});
export type UnitRow = z.infer<typeof UnitRow>;

export const ProblemRow = z.object({ key: z.string(), label: z.string(), results: z.number().int(), inspected: z.number().int(), problems: z.number().int(), rate });
export type ProblemRow = z.infer<typeof ProblemRow>;

export const BurdenRow = z.object({ bucket: z.string(), label: z.string(), entities: z.number().int(), overCap: z.boolean() });
export const WorkloadView = z.object({ inspectorId: z.string(), name: z.string(), departmentName: z.string(), objects: z.number().int(), leads: z.number().int(), completed: z.number().int() });
export type WorkloadView = z.infer<typeof WorkloadView>;

export const Dashboard = z.object({
  year: z.number().int(), today: z.string(), regionCode: z.string().nullable(), departmentId: z.string().nullable(),
  indicators: z.array(IndicatorView),
  overdue: z.object({ entry: z.number().int(), publication: z.number().int(), missingAfterPeriod: z.number().int() }),
  assessment: z.object({
    score: z.number().nullable(), weightsSource: z.string().nullable(), weights: WeightsShape,
    lines: z.array(z.object({ key: scoredKey, label: z.string(), weight: z.number().int(), rate, points: z.number() })),
  }),
  departments: z.array(UnitRow),
  regions: z.array(UnitRow),
  byCreditClass: z.array(ProblemRow),
  byIndustry: z.array(ProblemRow),
  burden: z.array(BurdenRow),
  workload: z.array(WorkloadView),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const WeightsParams = z.object({ regionCode: regionCodeField });
const weight = (label: string) => z.number({ error: `“${label}”的权重须为 0–100 的整数` }).int({ error: `“${label}”的权重须为整数` })
  .min(0, { error: `“${label}”的权重不能小于 0` }).max(100, { error: `“${label}”的权重不能大于 100` });
export const WeightsInput = z.strictObject(
  Object.fromEntries(SCORED_INDICATORS.map((k) => [k, weight(WEIGHT_LABELS[k])])) as Record<(typeof SCORED_INDICATORS)[number], z.ZodNumber>,
  { error: '考核权重的字段不正确' },
);
export const WeightsView = z.object({
  regionCode: z.string(), source: z.string().nullable(), weights: WeightsShape,
  labels: z.record(z.string(), z.string()), defaults: WeightsShape,
});
export type WeightsView = z.infer<typeof WeightsView>;
