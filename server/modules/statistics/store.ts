/**
 * 统计分析的聚合查询 (issue #11 item 4): every number is summed by the database from the counts kept per task
 * (maintained.ts, decision 0014; refreshed by the dashboard before it reads), never by loading rows into the server. A task belongs to the numbers of its lead department
 * and its region; the caller sees the tasks its data scope covers (双随机办: its region and below; a department: the
 * tasks it leads), narrowed by the region and department filters.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { regionPrefix } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import {
  checklistItems, checklists, checklistVersions, departments, inspectors, regions, statisticsClassCounts, statisticsRepeatObjects, statisticsTaskCounts,
  statisticsWorkloadCounts, tasks,
} from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';

export interface StatisticsFilter {
  readonly year: number;
  readonly regionCode?: string | undefined;
  readonly departmentId?: string | undefined;
}

/** Tasks that were approved (a draft, a task under review or a terminated one is not work done or due). */
export const COUNTED_TASK_STATUSES = ['published', 'drawing', 'drawn', 'dispatched', 'inspecting', 'completed'] as const;

const n = (expression: SQL) => sql<number>`${expression}`.mapWith(Number);

/** The year's counted tasks the caller sees, narrowed by the filters. */
export function taskWhere(scope: DataScope, filter: StatisticsFilter): SQL {
  return and(
    eq(tasks.year, filter.year),
    inArray(tasks.status, [...COUNTED_TASK_STATUSES]),
    scopeWhere(scope, { regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId }),
    filter.regionCode ? sql`${tasks.regionCode} like ${`${regionPrefix(filter.regionCode)}%`}` : undefined,
    filter.departmentId ? eq(tasks.leadDepartmentId, filter.departmentId) : undefined,
  ) ?? sql`true`;
}

export interface UnitCounts {
  readonly regionCode: string;
  readonly departmentId: string;
  readonly objects: number;
  readonly doneWithoutCheck: number;
  readonly jointObjects: number;
  /** Objects with no result at all although the task's period has ended. */
  readonly missingAfterPeriod: number;
  readonly entered: number;
  readonly entryDue: number;
  readonly entryOnTime: number;
  readonly publicationDue: number;
  readonly publishedOnTime: number;
  readonly published: number;
  readonly entryOverdue: number;
  readonly publicationOverdue: number;
  readonly reviewed: number;
  readonly problems: number;
}

/** A sum over the kept rows, 0 when none (or none passes the filter). */
const total = (expression: SQL) => n(sql`coalesce(${expression}, 0)`);

/**
 * Drawn objects (not the replaced ones) and their results per region and lead department, summed from the counts kept
 * per task (maintained.ts): the task's region, department, joint flag and period come from tasks, and what depends
 * on the day — overdue, due — compares the due dates kept as keys with `today`.
 * 按期录入: submitted on or before the entry deadline (曲阳第20条), counted once submitted or once the deadline has
 * passed; 按期公示 likewise with the publication deadline (长春第19条).
 */
export async function unitCounts(db: Db, scope: DataScope, filter: StatisticsFilter, today: string): Promise<UnitCounts[]> {
  const c = statisticsTaskCounts;
  const entryPassed = sql`${c.entryDue} < ${today}`;
  const publishPassed = sql`${c.publishDue} < ${today}`;
  return db.select({
    regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId,
    objects: total(sql`sum(${c.objects})`),
    doneWithoutCheck: total(sql`sum(${c.doneNoCheck})`),
    jointObjects: total(sql`sum(${c.objects}) filter (where cardinality(${tasks.participatingDepartmentIds}) > 0)`),
    missingAfterPeriod: total(sql`sum(${c.pendingWithoutResult}) filter (where ${tasks.periodEnd} < ${today})`),
    entered: total(sql`sum(${c.entered})`),
    entryDue: total(sql`sum(${c.submitted}) + coalesce(sum(${c.notSubmitted}) filter (where ${entryPassed}), 0)`),
    entryOnTime: total(sql`sum(${c.entryOnTime})`),
    publicationDue: total(sql`sum(${c.published}) + coalesce(sum(${c.notPublished}) filter (where ${publishPassed}), 0)`),
    publishedOnTime: total(sql`sum(${c.publishedOnTime})`),
    published: total(sql`sum(${c.published})`),
    entryOverdue: total(sql`sum(${c.notEntered}) filter (where ${entryPassed})`),
    publicationOverdue: total(sql`sum(${c.notPublished}) filter (where ${publishPassed})`),
    reviewed: total(sql`sum(${c.reviewed})`),
    problems: total(sql`sum(${c.problems})`),
  }).from(c).innerJoin(tasks, eq(tasks.id, c.taskId))
    .where(taskWhere(scope, filter))
    .groupBy(tasks.regionCode, tasks.leadDepartmentId);
}

export interface CoverageCounts {
  readonly departmentId: string | null;
  readonly inForce: number;
  readonly used: number;
}

/**
 * 东胜 四(三)1: the items (检查事项, the first level) of the department lists in force (published versions) that the
 * year's tasks use, directly or through the city item a district list inherited.
 */
export async function coverageCounts(db: Db, scope: DataScope, filter: StatisticsFilter): Promise<CoverageCounts[]> {
  const used = sql`(select distinct (e->>'itemId') from ${tasks}, jsonb_array_elements(${tasks.spec}->'items') e where ${taskWhere(scope, filter)})`;
  return db.select({
    departmentId: checklists.departmentId,
    inForce: n(sql`count(*)`),
    used: n(sql`count(*) filter (where ${checklistItems.id}::text in ${used} or ${checklistItems.sourceItemId}::text in ${used})`),
  }).from(checklistItems)
    .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(and(
      eq(checklistVersions.status, 'published'), eq(checklistItems.level, 'item'), eq(checklists.kind, 'department'), sql`${checklists.deletedAt} is null`,
      scopeWhere(scope, { regionCode: checklists.regionCode, departmentId: checklists.departmentId }),
      filter.regionCode ? sql`${checklists.regionCode} like ${`${regionPrefix(filter.regionCode)}%`}` : undefined,
      filter.departmentId ? eq(checklists.departmentId, filter.departmentId) : undefined,
    ))
    .groupBy(checklists.departmentId);
}

export interface ClassCounts {
  readonly riskClass: string | null;
  /** The first two characters of the industry code (a GB/T 4754 大类, or a section letter stored alone). */
  readonly industryPrefix: string | null;
  readonly results: number;
  readonly inspected: number;
  readonly problems: number;
}

/**
 * 渝北 六: results, reviewed results and problems found per credit-risk class × industry division, summed from the
 * counts kept per task (at most a few hundred groups); the dashboard sums them by class and by GB/T 4754 section.
 */
export async function problemCounts(db: Db, scope: DataScope, filter: StatisticsFilter): Promise<ClassCounts[]> {
  const c = statisticsClassCounts;
  return db.select({
    riskClass: c.riskClass, industryPrefix: c.industryPrefix,
    results: total(sql`sum(${c.results})`), inspected: total(sql`sum(${c.inspected})`), problems: total(sql`sum(${c.problems})`),
  }).from(c).innerJoin(tasks, eq(tasks.id, c.taskId))
    .where(taskWhere(scope, filter))
    .groupBy(c.riskClass, c.industryPrefix);
}

/**
 * 威海第5条、曲阳第17条: how many entities were drawn once, twice, … this year (objects of the visible tasks). The
 * entities with two or more objects in the year are kept with their objects per task; every other drawn entity has
 * one object, so the entities drawn once are the visible objects less those of the kept entities, plus the kept
 * entities that have a single object among the visible tasks.
 */
export async function burdenCounts(db: Db, scope: DataScope, filter: StatisticsFilter): Promise<{ inspections: number; entities: number }[]> {
  const p = statisticsRepeatObjects;
  const perEntity = db.select({ entityId: p.entityId, inspections: sql<number>`sum(${p.objects})`.as('inspections') })
    .from(p).innerJoin(tasks, eq(tasks.id, p.taskId))
    .where(and(taskWhere(scope, filter), eq(p.year, filter.year)))
    .groupBy(p.entityId).as('per_entity');
  const [repeated, [objects]] = await Promise.all([
    db.select({ inspections: n(sql`${perEntity.inspections}`), entities: n(sql`count(*)`) }).from(perEntity).groupBy(perEntity.inspections),
    db.select({ objects: total(sql`sum(${statisticsTaskCounts.objects})`) }).from(statisticsTaskCounts)
      .innerJoin(tasks, eq(tasks.id, statisticsTaskCounts.taskId)).where(taskWhere(scope, filter)),
  ]);
  const ofRepeated = repeated.reduce((sum, row) => sum + row.inspections * row.entities, 0);
  return [...repeated, { inspections: 1, entities: (objects?.objects ?? 0) - ofRepeated }];
}

export interface WorkloadRow {
  readonly inspectorId: string;
  readonly name: string;
  readonly departmentName: string;
  readonly objects: number;
  readonly leads: number;
  readonly completed: number;
}

/**
 * 检查人员工作量: objects per active team member in the visible tasks (not the replaced objects), the busiest first,
 * summed from the counts kept per task and inspector.
 */
export async function workloadRows(db: Db, scope: DataScope, filter: StatisticsFilter, limit: number): Promise<WorkloadRow[]> {
  const w = statisticsWorkloadCounts;
  const perInspector = db.select({
    inspectorId: w.inspectorId,
    objects: sql<number>`sum(${w.objects})`.as('objects'),
    leads: sql<number>`sum(${w.leads})`.as('leads'),
    completed: sql<number>`sum(${w.completed})`.as('completed'),
  }).from(w).innerJoin(tasks, eq(tasks.id, w.taskId))
    .where(taskWhere(scope, filter))
    .groupBy(w.inspectorId).as('per_inspector');
  // Names are joined to the grouped rows (a few hundred), not to every team member.
  return db.select({
    inspectorId: perInspector.inspectorId, name: inspectors.name, departmentName: departments.name,
    objects: n(sql`${perInspector.objects}`), leads: n(sql`${perInspector.leads}`), completed: n(sql`${perInspector.completed}`),
  }).from(perInspector)
    .innerJoin(inspectors, eq(inspectors.id, perInspector.inspectorId))
    .innerJoin(departments, eq(departments.id, inspectors.departmentId))
    .orderBy(sql`${perInspector.objects} desc`, inspectors.nameSortKey, perInspector.inspectorId)
    .limit(limit);
}

/** Names of the departments and regions the numbers mention. */
export async function namesOf(db: Db, departmentIds: readonly string[], regionCodes: readonly string[]): Promise<{ departments: Map<string, string>; departmentRegions: Map<string, string>; regions: Map<string, string> }> {
  const [deps, regs] = await Promise.all([
    departmentIds.length === 0 ? [] : db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments).where(inArray(departments.id, [...departmentIds])),
    regionCodes.length === 0 ? [] : db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, [...regionCodes])),
  ]);
  return { departments: new Map(deps.map((d) => [d.id, d.name])), departmentRegions: new Map(deps.map((d) => [d.id, d.regionCode])), regions: new Map(regs.map((r) => [r.code, r.name])) };
}
