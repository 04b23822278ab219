/**
 * 统计分析的聚合查询 (issue #11 item 4): every number is counted by the database (GROUP BY over the year's tasks, their
 * objects and results), never by loading rows into the server. A task belongs to the numbers of its lead department
 * and its region; the caller sees the tasks its data scope covers (双随机办: its region and below; a department: the
 * tasks it leads), narrowed by the region and department filters.
 */
import { and, eq, inArray, notExists, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { regionPrefix } from '../../../domain/access/data_scope';
import { PROBLEM_CATEGORIES } from '../../../domain/statistics/indicators';
import type { Db } from '../../db/database';
import {
  checklistItems, checklists, checklistVersions, departments, inspectionResults, inspectors, marketEntities, regions, tasks, taskObjects, teamMembers, teams,
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

const problemList = sql.join([...PROBLEM_CATEGORIES].map((c) => sql`${c}`), sql`, `);
const shanghaiDay = (column: SQLWrapper) => sql`(${column} at time zone 'Asia/Shanghai')::date`;

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

/**
 * Drawn objects (not the replaced ones) and their results per region and lead department, in one pass: the results
 * come in by a left join (one hash join), so an object without a result is a null row, not a lookup per object.
 * 按期录入: submitted on or before the entry deadline (曲阳第20条), counted once submitted or once the deadline has
 * passed; 按期公示 likewise with the publication deadline (长春第19条).
 */
export async function unitCounts(db: Db, scope: DataScope, filter: StatisticsFilter, today: string): Promise<UnitCounts[]> {
  const r = inspectionResults;
  const entered = sql`${r.status} in ('submitted', 'approved', 'published')`;
  return db.select({
    regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId,
    objects: n(sql`count(*)`),
    doneWithoutCheck: n(sql`count(*) filter (where ${taskObjects.status} = 'done_no_check')`),
    jointObjects: n(sql`count(*) filter (where cardinality(${tasks.participatingDepartmentIds}) > 0)`),
    missingAfterPeriod: n(sql`count(*) filter (where ${tasks.periodEnd} < ${today} and ${taskObjects.status} = 'pending' and ${r.id} is null)`),
    entered: n(sql`count(*) filter (where ${entered})`),
    entryDue: n(sql`count(*) filter (where ${r.submittedAt} is not null or ${r.entryDue} < ${today})`),
    entryOnTime: n(sql`count(*) filter (where ${r.submittedAt} is not null and ${shanghaiDay(r.submittedAt)} <= ${r.entryDue})`),
    publicationDue: n(sql`count(*) filter (where ${r.status} = 'published' or ${r.publishDue} < ${today})`),
    publishedOnTime: n(sql`count(*) filter (where ${r.status} = 'published' and ${shanghaiDay(r.publishedAt)} <= ${r.publishDue})`),
    published: n(sql`count(*) filter (where ${r.status} = 'published')`),
    entryOverdue: n(sql`count(*) filter (where ${r.id} is not null and not (${entered}) and ${r.entryDue} < ${today})`),
    publicationOverdue: n(sql`count(*) filter (where ${r.id} is not null and ${r.status} <> 'published' and ${r.publishDue} < ${today})`),
    reviewed: n(sql`count(*) filter (where ${r.status} in ('approved', 'published'))`),
    problems: n(sql`count(*) filter (where ${r.status} in ('approved', 'published') and ${r.resultCategory} in (${problemList}))`),
  }).from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
    .leftJoin(r, eq(r.taskObjectId, taskObjects.id))
    .where(and(taskWhere(scope, filter), sql`${taskObjects.status} <> 'replaced'`))
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
 * 渝北 六: results, reviewed results and problems found per credit-risk class × industry division, in one pass (at
 * most a few hundred groups); the dashboard sums them by class and by GB/T 4754 section.
 */
export async function problemCounts(db: Db, scope: DataScope, filter: StatisticsFilter): Promise<ClassCounts[]> {
  const r = inspectionResults;
  const prefix = sql<string | null>`left(${marketEntities.industryCode}, 2)`;
  return db.select({
    riskClass: marketEntities.riskClass, industryPrefix: prefix,
    results: n(sql`count(*)`),
    inspected: n(sql`count(*) filter (where ${r.status} in ('approved', 'published'))`),
    problems: n(sql`count(*) filter (where ${r.status} in ('approved', 'published') and ${r.resultCategory} in (${problemList}))`),
  }).from(r).innerJoin(tasks, eq(tasks.id, r.taskId)).innerJoin(marketEntities, eq(marketEntities.id, r.entityId))
    .where(taskWhere(scope, filter))
    .groupBy(marketEntities.riskClass, prefix);
}

/** 威海第5条、曲阳第17条: how many entities were drawn once, twice, … this year (objects of the visible tasks). */
export async function burdenCounts(db: Db, scope: DataScope, filter: StatisticsFilter): Promise<{ inspections: number; entities: number }[]> {
  const perEntity = db.select({ entityId: taskObjects.entityId, inspections: sql<number>`count(*)`.as('inspections') })
    .from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
    .where(and(taskWhere(scope, filter), sql`${taskObjects.status} <> 'replaced'`))
    .groupBy(taskObjects.entityId).as('per_entity');
  return db.select({ inspections: n(sql`${perEntity.inspections}`), entities: n(sql`count(*)`) }).from(perEntity).groupBy(perEntity.inspections);
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
 * 检查人员工作量: objects per active team member in the visible tasks, the busiest first. The members reach their tasks
 * through the team (teams.task_id, the task of the team's object) and meet only the entered results (a narrow hash),
 * not every object and result: the replaced objects are taken out by an anti join on the few of them. Same rows as
 * joining task_objects (dashboard_answer.test.ts), a third less time (docs/workflow.md, bench:stats).
 */
export async function workloadRows(db: Db, scope: DataScope, filter: StatisticsFilter, limit: number): Promise<WorkloadRow[]> {
  const entered = db.select({ taskObjectId: inspectionResults.taskObjectId }).from(inspectionResults)
    .where(inArray(inspectionResults.status, ['submitted', 'approved', 'published'])).as('entered');
  const replaced = db.select({ one: sql`1` }).from(taskObjects).where(and(eq(taskObjects.id, teams.taskObjectId), eq(taskObjects.status, 'replaced')));
  // An inspector sits at most once on an object's team (one active row per team and inspector), so rows are objects.
  const perInspector = db.select({
    inspectorId: teamMembers.inspectorId,
    objects: sql<number>`count(*)`.as('objects'),
    leads: sql<number>`count(*) filter (where ${teamMembers.role} = 'leader')`.as('leads'),
    completed: sql<number>`count(${entered.taskObjectId})`.as('completed'),
  }).from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(tasks, eq(tasks.id, teams.taskId))
    .leftJoin(entered, eq(entered.taskObjectId, teams.taskObjectId))
    .where(and(taskWhere(scope, filter), eq(teamMembers.active, true), notExists(replaced)))
    .groupBy(teamMembers.inspectorId).as('per_inspector');
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
