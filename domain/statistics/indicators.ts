/**
 * 统计分析指标 (issue #11 item 4): what each number on the dashboard means, how it is computed and which rule makes it
 * count. The counts come from the database (GROUP BY, server/modules/statistics/store.ts); the rates, the grouping of
 * industry divisions into GB/T 4754 sections and the burden buckets are computed here.
 */
import type { ResultCategory } from '../inspection/categories';
import { industrySectionOf } from '../codes/industries';

export const INDICATOR_KEYS = [
  'coverage', 'completion', 'entry_on_time', 'publication_on_time', 'joint_share', 'problem_rate',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorDefinition {
  readonly key: IndicatorKey;
  readonly label: string;
  /** The formula in words, shown beside the number and in the year report. */
  readonly formula: string;
  /** The seed article it rests on (for the code and the docs). */
  readonly citation: string;
  /** The same rule in deployment-neutral words: what users see (no city's article number; web/src/rule_citations.test.ts). */
  readonly basis: string;
}

/**
 * 东胜 四(三)1 (年度抽查事项要涵盖本部门随机抽查事项清单); 长春第26条 (未在规定时间内录入数据的，视为未完成任务); 曲阳第20条
 * (5 个工作日内录入); 长春第19条、东胜 四(三)3 (20 个工作日内公示); 长春第27条 (联合抽查的参与与完成计入考核);
 * 渝北 六 (汇总统计抽查结果，有针对性地开展随机抽查).
 */
export const INDICATORS: Readonly<Record<IndicatorKey, IndicatorDefinition>> = {
  coverage: {
    key: 'coverage', label: '抽查事项清单覆盖率', formula: '本年度任务使用的检查事项数 ÷ 现行有效清单的检查事项数',
    citation: '东胜 四(三)1：年度抽查事项要涵盖本部门随机抽查事项清单', basis: '年度抽查事项要涵盖本部门随机抽查事项清单',
  },
  completion: {
    key: 'completion', label: '任务完成率', formula: '已录入结果（或无需检查即完成）的检查对象数 ÷ 抽取的检查对象数（不含已替换）',
    citation: '长春第26条：未在规定时间内录入数据的，视为未完成任务', basis: '未在规定时间内录入数据的，视为未完成任务',
  },
  entry_on_time: {
    key: 'entry_on_time', label: '按期录入率', formula: '在录入期限（默认检查后 5 个工作日）内提交的结果数 ÷ 已提交或已到期的结果数',
    citation: '曲阳第20条：检查结果在 5 个工作日内录入', basis: '检查结果在 5 个工作日内录入',
  },
  publication_on_time: {
    key: 'publication_on_time', label: '按期公示率', formula: '在公示期限（检查后 20 个工作日）内公示的结果数 ÷ 已公示或已到期的结果数',
    citation: '长春第19条、东胜 四(三)3：检查结果 20 个工作日内公示', basis: '检查结果 20 个工作日内公示',
  },
  joint_share: {
    key: 'joint_share', label: '联合抽查占比', formula: '部门联合抽查任务的检查对象数 ÷ 全部检查对象数',
    citation: '长春第27条：积极参与并完成联合双随机抽查任务，年底绩效考核时得相应分数', basis: '积极参与并完成联合双随机抽查任务，年底绩效考核时得相应分数',
  },
  problem_rate: {
    key: 'problem_rate', label: '问题发现率', formula: '结果为发现问题类别的数量 ÷ 已审核通过或已公示的结果数',
    citation: '渝北 六：汇总统计抽查结果，掌握违法活动特征，有针对性地开展随机抽查', basis: '汇总统计抽查结果，掌握违法活动特征，有针对性地开展随机抽查',
  },
};

/**
 * The national categories that record a problem found (domain.md §4.7): the undisclosed or false information, the
 * registered address that cannot be reached (a ground for 经营异常名录), a problem corrected or awaiting follow-up, and
 * serious non-cooperation. A closed, deregistered or moved entity is not a finding about its conduct.
 */
export const PROBLEM_CATEGORIES: ReadonlySet<ResultCategory> = new Set<ResultCategory>([
  'undisclosed', 'false_disclosure', 'unreachable', 'corrected', 'pending_followup', 'uncooperative',
]);

export function isProblemCategory(category: string): boolean {
  return (PROBLEM_CATEGORIES as ReadonlySet<string>).has(category);
}

/** A rate in percent with one decimal, or null when there is nothing to divide by (shown as “—”, never as 0 %). */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

export interface RateCount {
  readonly numerator: number;
  readonly denominator: number;
}

export interface Indicator extends IndicatorDefinition, RateCount {
  readonly rate: number | null;
}

export function indicator(key: IndicatorKey, count: RateCount): Indicator {
  return { ...INDICATORS[key], ...count, rate: percent(count.numerator, count.denominator) };
}

export interface ProblemCount {
  /** Results in any state. */
  readonly results: number;
  /** Results reviewed or published: the denominator of the problem-discovery rate. */
  readonly inspected: number;
  readonly problems: number;
}

export interface SectionRow extends ProblemCount {
  /** GB/T 4754 门类 letter, or '' for entities without an industry code. */
  readonly section: string;
  readonly label: string;
  readonly rate: number | null;
}

/**
 * 渝北 六 by industry: the database groups by the first two characters of the entity's industry code (a 大类 like
 * '51', or a letter stored alone); here the divisions are summed into their GB/T 4754-2017 门类 (domain.md §4.5).
 */
export function bySection(rows: readonly ({ readonly prefix: string | null } & ProblemCount)[]): SectionRow[] {
  const sums = new Map<string, { label: string; results: number; inspected: number; problems: number }>();
  for (const row of rows) {
    const section = row.prefix ? industrySectionOf(/^[A-T]/.test(row.prefix) ? row.prefix.slice(0, 1) : row.prefix) : undefined;
    const key = section?.code ?? '';
    const current = sums.get(key) ?? { label: section ? `${section.code} ${section.name}` : '未登记行业', results: 0, inspected: 0, problems: 0 };
    current.results += row.results;
    current.inspected += row.inspected;
    current.problems += row.problems;
    sums.set(key, current);
  }
  return [...sums.entries()]
    .map(([section, s]) => ({ section, label: s.label, results: s.results, inspected: s.inspected, problems: s.problems, rate: percent(s.problems, s.inspected) }))
    .sort((a, b) => (a.section === '' ? 1 : b.section === '' ? -1 : a.section.localeCompare(b.section)));
}

export interface BurdenBucket {
  /** '1', '2' or '3+' inspections in the year. */
  readonly bucket: string;
  readonly label: string;
  readonly entities: number;
  /** Above the cap of two random inspections per entity per year (威海第5条、曲阳第17条). */
  readonly overCap: boolean;
}

/** 威海第5条、曲阳第17条 (原则上每年不超过 2 次): entities by how often they were drawn this year. */
export const ANNUAL_CAP = 2;

export function burdenBuckets(rows: readonly { readonly inspections: number; readonly entities: number }[]): BurdenBucket[] {
  const counts = new Map<string, number>([['1', 0], ['2', 0], ['3+', 0]]);
  for (const row of rows) {
    if (row.inspections <= 0) continue;
    const key = row.inspections >= 3 ? '3+' : String(row.inspections);
    counts.set(key, (counts.get(key) ?? 0) + row.entities);
  }
  return [...counts.entries()].map(([bucket, entities]) => ({
    bucket, entities, label: bucket === '3+' ? '3 次及以上' : `${bucket} 次`, overCap: bucket === '3+' && ANNUAL_CAP < 3,
  }));
}
