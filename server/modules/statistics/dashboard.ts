/**
 * The dashboard assembled from the aggregate counts (store.ts): the indicators with their formulas (domain/statistics),
 * the per-department and per-region rows with each one's year-end score under its region's weights (长春第27条), the
 * problem-discovery rates by credit class and industry section (渝北 六), the burden and the workload.
 */
import { RISK_CLASSES } from '../../../domain/directory/entity_lists';
import { assessmentScore, type AssessmentWeights, type ScoredIndicator } from '../../../domain/statistics/assessment';
import { burdenBuckets, bySection, indicator, percent } from '../../../domain/statistics/indicators';
import type { DataScope } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import type { Dashboard, ProblemRow, UnitRow } from './schema';
import {
  burdenCounts, coverageCounts, namesOf, problemCounts, unitCounts, workloadRows, type ClassCounts, type CoverageCounts, type StatisticsFilter, type UnitCounts,
} from './store';
import { refreshStatistics } from './maintained';
import { storedWeights, weightsFor } from './weights';

/** The dashboard lists the busiest inspectors; the export lists them all. */
export const WORKLOAD_ROWS_SHOWN = 50;

interface Sums {
  objects: number; doneWithoutCheck: number; jointObjects: number; missingAfterPeriod: number;
  entered: number; entryDue: number; entryOnTime: number; publicationDue: number; publishedOnTime: number; published: number;
  entryOverdue: number; publicationOverdue: number; reviewed: number; problems: number; inForce: number; used: number;
}

const zero = (): Sums => ({
  objects: 0, doneWithoutCheck: 0, jointObjects: 0, missingAfterPeriod: 0, entered: 0, entryDue: 0, entryOnTime: 0, publicationDue: 0,
  publishedOnTime: 0, published: 0, entryOverdue: 0, publicationOverdue: 0, reviewed: 0, problems: 0, inForce: 0, used: 0,
});

function add(target: Sums, row: UnitCounts | CoverageCounts): void {
  for (const key of Object.keys(target) as (keyof Sums)[]) {
    const value: unknown = (row as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') target[key] += value;
  }
}

function rates(s: Sums): Record<ScoredIndicator, number | null> & { problemRate: number | null } {
  return {
    completion: percent(Math.min(s.entered + s.doneWithoutCheck, s.objects), s.objects),
    entry_on_time: percent(s.entryOnTime, s.entryDue),
    publication_on_time: percent(s.publishedOnTime, s.publicationDue),
    coverage: percent(s.used, s.inForce),
    joint_share: percent(s.jointObjects, s.objects),
    problemRate: percent(s.problems, s.reviewed),
  };
}

function unitRow(key: string, name: string, regionCode: string | null, s: Sums, weights: AssessmentWeights): UnitRow {
  const r = rates(s);
  return {
    key, name, regionCode, objects: s.objects, completed: Math.min(s.entered + s.doneWithoutCheck, s.objects),
    completion: r.completion, entryOnTime: r.entry_on_time, publicationOnTime: r.publication_on_time, coverage: r.coverage, jointShare: r.joint_share,
    entryOverdue: s.entryOverdue, publicationOverdue: s.publicationOverdue, missingAfterPeriod: s.missingAfterPeriod,
    published: s.published, reviewed: s.reviewed, problems: s.problems, problemRate: r.problemRate,
    // A department that led no task this year has nothing to be scored on (its checklist coverage still shows).
    score: s.objects === 0 ? null : assessmentScore(r, weights).score,
  };
}

function problemRows(rows: readonly { key: string | null; results: number; inspected: number; problems: number }[], label: (key: string | null) => string): ProblemRow[] {
  return rows.map((row) => ({ key: row.key ?? '', label: label(row.key), results: row.results, inspected: row.inspected, problems: row.problems, rate: percent(row.problems, row.inspected) }))
    .sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key)));
}

/** The class × division counts summed by one of the two. */
function sumBy(rows: readonly ClassCounts[], keyOf: (row: ClassCounts) => string | null): { key: string | null; results: number; inspected: number; problems: number }[] {
  const sums = new Map<string | null, { key: string | null; results: number; inspected: number; problems: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const current = sums.get(key) ?? { key, results: 0, inspected: 0, problems: 0 };
    current.results += row.results;
    current.inspected += row.inspected;
    current.problems += row.problems;
    sums.set(key, current);
  }
  return [...sums.values()];
}

export interface DashboardOptions {
  readonly today: string;
  /** The region whose weights score the whole (the filter's, else the caller's). */
  readonly weightsRegion: string | null;
  readonly workloadLimit: number;
  /** Where the kept counts are brought up to date first (the primary when `db` is a replica); default `db`. */
  readonly primary?: Db;
}

export async function buildDashboard(db: Db, scope: DataScope, filter: StatisticsFilter, options: DashboardOptions): Promise<Dashboard> {
  // The tasks written since the last dashboard are recounted before anything is read (maintained.ts).
  await refreshStatistics(options.primary ?? db);
  const [units, coverage, classes, burden, workload, stored] = await Promise.all([
    unitCounts(db, scope, filter, options.today), coverageCounts(db, scope, filter), problemCounts(db, scope, filter), burdenCounts(db, scope, filter),
    workloadRows(db, scope, filter, options.workloadLimit), storedWeights(db),
  ]);
  const credit = sumBy(classes, (c) => c.riskClass);
  const industry = sumBy(classes, (c) => c.industryPrefix);
  const total = zero();
  const byDepartment = new Map<string, Sums>();
  const byRegion = new Map<string, Sums>();
  const regionOfDepartment = new Map<string, string>();
  const slot = (map: Map<string, Sums>, key: string) => {
    const current = map.get(key) ?? zero();
    map.set(key, current);
    return current;
  };
  for (const row of units) {
    add(total, row);
    add(slot(byDepartment, row.departmentId), row);
    add(slot(byRegion, row.regionCode), row);
    regionOfDepartment.set(row.departmentId, row.regionCode);
  }
  for (const row of coverage) {
    add(total, row);
    if (row.departmentId) add(slot(byDepartment, row.departmentId), row);
  }
  const names = await namesOf(db, [...byDepartment.keys()], [...byRegion.keys()]);
  const overall = weightsFor(stored, options.weightsRegion);
  const r = rates(total);
  const assessment = assessmentScore(r, overall.weights);
  const byName = (a: UnitRow, b: UnitRow) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'zh-CN');
  return {
    year: filter.year, today: options.today, regionCode: filter.regionCode ?? null, departmentId: filter.departmentId ?? null,
    indicators: [
      indicator('coverage', { numerator: total.used, denominator: total.inForce }),
      indicator('completion', { numerator: Math.min(total.entered + total.doneWithoutCheck, total.objects), denominator: total.objects }),
      indicator('entry_on_time', { numerator: total.entryOnTime, denominator: total.entryDue }),
      indicator('publication_on_time', { numerator: total.publishedOnTime, denominator: total.publicationDue }),
      indicator('joint_share', { numerator: total.jointObjects, denominator: total.objects }),
      indicator('problem_rate', { numerator: total.problems, denominator: total.reviewed }),
    ],
    overdue: { entry: total.entryOverdue, publication: total.publicationOverdue, missingAfterPeriod: total.missingAfterPeriod },
    assessment: { score: assessment.score, weightsSource: overall.source, weights: { ...overall.weights }, lines: [...assessment.lines] },
    departments: [...byDepartment.entries()].map(([id, s]) => {
      const region = regionOfDepartment.get(id) ?? names.departmentRegions.get(id) ?? null;
      return unitRow(id, names.departments.get(id) ?? '（未知部门）', region, s, weightsFor(stored, region).weights);
    }).sort(byName),
    regions: [...byRegion.entries()].map(([code, s]) => unitRow(code, names.regions.get(code) ?? code, code, s, weightsFor(stored, code).weights)).sort(byName),
    byCreditClass: problemRows(credit, (key) => (key && key in RISK_CLASSES ? `${key} 类（${RISK_CLASSES[key as keyof typeof RISK_CLASSES]}）` : key ? `${key} 类` : '未分类')),
    byIndustry: bySection(industry.map((row) => ({ ...row, prefix: row.key }))).map(({ section, ...row }) => ({ key: section, ...row })),
    burden: burdenBuckets(burden),
    workload: workload.map((w) => ({ ...w })),
  };
}
