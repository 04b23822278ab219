/** The columns of each exportable table (the same for the .xlsx export and the year report). */
import type { ExportColumn } from '../../export/xlsx';
import type { Dashboard, ProblemRow, StatisticsTable, UnitRow, WorkloadView } from './schema';

/** A rate as the pages show it: 92.3%, or — when nothing was due. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${rate}%`;
}

const unitColumns = (first: string): ExportColumn<UnitRow>[] => [
  { header: first, width: 28, value: (r) => r.name },
  { header: '检查对象', width: 10, value: (r) => r.objects },
  { header: '已完成', width: 10, value: (r) => r.completed },
  { header: '任务完成率', width: 12, value: (r) => rateText(r.completion) },
  { header: '按期录入率', width: 12, value: (r) => rateText(r.entryOnTime) },
  { header: '按期公示率', width: 12, value: (r) => rateText(r.publicationOnTime) },
  { header: '清单覆盖率', width: 12, value: (r) => rateText(r.coverage) },
  { header: '联合抽查占比', width: 12, value: (r) => rateText(r.jointShare) },
  { header: '逾期未录入', width: 12, value: (r) => r.entryOverdue },
  { header: '逾期未公示', width: 12, value: (r) => r.publicationOverdue },
  { header: '期满无结果', width: 12, value: (r) => r.missingAfterPeriod },
  { header: '问题发现率', width: 12, value: (r) => rateText(r.problemRate) },
  { header: '考核得分', width: 10, value: (r) => r.score },
];

const problemColumns = (first: string): ExportColumn<ProblemRow>[] => [
  { header: first, width: 30, value: (r) => r.label },
  { header: '结果数', width: 10, value: (r) => r.results },
  { header: '已审核结果', width: 12, value: (r) => r.inspected },
  { header: '发现问题', width: 10, value: (r) => r.problems },
  { header: '问题发现率', width: 12, value: (r) => rateText(r.rate) },
];

const workloadColumns: ExportColumn<WorkloadView>[] = [
  { header: '检查人员', width: 14, value: (r) => r.name },
  { header: '所在部门', width: 28, value: (r) => r.departmentName },
  { header: '检查对象', width: 10, value: (r) => r.objects },
  { header: '任组长', width: 10, value: (r) => r.leads },
  { header: '已录入', width: 10, value: (r) => r.completed },
];

type Indicator = Dashboard['indicators'][number];
type Burden = Dashboard['burden'][number];

/** A table of the dashboard: its columns and where its rows come from. */
export interface TableSpec {
  readonly columns: readonly ExportColumn<unknown>[];
  readonly rows: (d: Dashboard) => readonly unknown[];
}

function spec<T>(columns: readonly ExportColumn<T>[], rows: (d: Dashboard) => readonly T[]): TableSpec {
  // The columns are only ever applied to the rows beside them.
  return { columns: columns as readonly ExportColumn<unknown>[], rows };
}

export const TABLES: Readonly<Record<StatisticsTable, TableSpec>> = {
  indicators: spec<Indicator>([
    { header: '指标', width: 18, value: (r) => r.label },
    { header: '数值', width: 10, value: (r) => rateText(r.rate) },
    { header: '分子', width: 10, value: (r) => r.numerator },
    { header: '分母', width: 10, value: (r) => r.denominator },
    { header: '计算方法', width: 50, value: (r) => r.formula },
    { header: '依据', width: 50, value: (r) => r.basis },
  ], (d) => d.indicators),
  departments: spec(unitColumns('部门'), (d) => d.departments),
  regions: spec(unitColumns('区域'), (d) => d.regions),
  credit: spec(problemColumns('信用风险分类'), (d) => d.byCreditClass),
  industry: spec(problemColumns('行业门类（GB/T 4754-2017）'), (d) => d.byIndustry),
  burden: spec<Burden>([
    { header: '本年度受检次数', width: 16, value: (r) => r.label },
    { header: '主体数', width: 10, value: (r) => r.entities },
    { header: '超过每年 2 次上限', width: 18, value: (r) => (r.overCap ? '是' : '否') },
  ], (d) => d.burden),
  workload: spec(workloadColumns, (d) => d.workload),
};
