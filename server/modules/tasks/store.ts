/**
 * 抽查任务 store. A task is visible to the lead department and to every participating department (and to a
 * region-wide scope covering its region); outside that it is not found. The content (TaskSpec) is one JSON
 * column; the approval history of submit/approve/return lives in `approvals` (record_type 'task').
 */
import { and, arrayOverlaps, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { chainForRegion, DEFAULT_TASK_CHAIN, type ApprovalChain, type RegionChainSetting } from '../../../domain/workflow/approval_chain';
import type { PlanContent } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import {
  approvalChainSettings, approvals, checklistItems, checklists, checklistVersions, departments, entityTags, plans, planVersions, tasks, users,
} from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { TaskItemOption, TaskQuery } from './schema';

export type TaskRecord = typeof tasks.$inferSelect & { planName: string | null; leadDepartmentName: string };

/** The lead or a participating department in the caller's scope, or the task's region inside a region-wide scope. */
export function taskVisible(scope: DataScope): SQL {
  const base = scopeWhere(scope, { regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId, ownerUserId: tasks.createdBy });
  if (scope.kind === 'all' || scope.departmentIds.length === 0) return base;
  return or(base, arrayOverlaps(tasks.participatingDepartmentIds, [...scope.departmentIds])) ?? base;
}

const recordColumns = { task: tasks, planName: plans.name, leadDepartmentName: departments.name };

function record(row: { task: typeof tasks.$inferSelect; planName: string | null; leadDepartmentName: string }): TaskRecord {
  return { ...row.task, planName: row.planName, leadDepartmentName: row.leadDepartmentName };
}

export async function listTasks(db: Db, scope: DataScope, query: TaskQuery): Promise<Page<TaskRecord>> {
  const where = and(
    taskVisible(scope),
    query.year !== undefined ? eq(tasks.year, query.year) : undefined,
    query.status ? eq(tasks.status, query.status) : undefined,
    query.planId ? eq(tasks.planId, query.planId) : undefined,
    query.departmentId ? or(eq(tasks.leadDepartmentId, query.departmentId), arrayOverlaps(tasks.participatingDepartmentIds, [query.departmentId])) : undefined,
    query.keyword ? or(ilike(tasks.name, likeContains(query.keyword)), ilike(tasks.code, likeContains(query.keyword))) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db.select(recordColumns).from(tasks).innerJoin(departments, eq(departments.id, tasks.leadDepartmentId)).leftJoin(plans, eq(plans.id, tasks.planId))
      .where(where).orderBy(desc(tasks.createdAt), desc(tasks.code)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(tasks).where(where),
  ]);
  return { rows: rows.map(record), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getTask(db: Db, scope: DataScope, id: string): Promise<TaskRecord | null> {
  const [row] = await db.select(recordColumns).from(tasks).innerJoin(departments, eq(departments.id, tasks.leadDepartmentId))
    .leftJoin(plans, eq(plans.id, tasks.planId)).where(and(eq(tasks.id, id), taskVisible(scope)));
  return row ? record(row) : null;
}

/** Task rows visible in `scope`, optionally only those in the given statuses (for 待办 and the draw modules). */
export async function taskRows(db: Db, scope: DataScope, statuses?: readonly string[]): Promise<(typeof tasks.$inferSelect)[]> {
  return db.select().from(tasks).where(and(taskVisible(scope), statuses ? inArray(tasks.status, [...statuses]) : undefined)).orderBy(asc(tasks.code));
}

/** Arbitrary but fixed key space of the task-number lock (pg_advisory_xact_lock(int, int)). */
const TASK_CODE_LOCK = 73_090_004;

/**
 * 任务编号 `<region>-<year>-<4-digit sequence>`, unique. Parallel creates in one region and year queue on a
 * transaction-scoped advisory lock, so each reads the highest number committed before it.
 */
export async function nextTaskCode(tx: Db, regionCode: string, year: number): Promise<string> {
  const prefix = `${regionCode}-${year}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(${TASK_CODE_LOCK}, hashtext(${prefix}))`);
  const [row] = await tx.select({ last: sql<string | null>`max(${tasks.code})` }).from(tasks).where(sql`${tasks.code} like ${`${prefix}%`}`);
  const next = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

export async function insertTask(tx: Db, values: typeof tasks.$inferInsert): Promise<string> {
  const [row] = await tx.insert(tasks).values(values).returning({ id: tasks.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** Writes the row if it is still at `rowVersion` (moving it on by one); false when someone changed it first. */
export async function updateTaskRow(tx: Db, id: string, rowVersion: number, values: Partial<typeof tasks.$inferInsert>, now: Date): Promise<boolean> {
  const rows = await tx.update(tasks).set({ ...values, rowVersion: rowVersion + 1, updatedAt: now })
    .where(and(eq(tasks.id, id), eq(tasks.rowVersion, rowVersion))).returning({ id: tasks.id });
  return rows.length === 1;
}

export async function insertApproval(tx: Db, values: typeof approvals.$inferInsert): Promise<void> {
  await tx.insert(approvals).values(values);
}

export async function taskApprovals(db: Db, taskId: string) {
  return db.select({
    id: approvals.id, decision: approvals.decision, stepLabel: approvals.stepLabel, comments: approvals.comments, actorName: users.name, createdAt: approvals.createdAt,
  }).from(approvals).innerJoin(users, eq(users.id, approvals.actorId))
    .where(and(eq(approvals.recordType, 'task'), eq(approvals.recordId, taskId))).orderBy(asc(approvals.createdAt), asc(approvals.version));
}

/** The task approval chain of a region (威海第6条 by default; a region's setting applies below it). */
export async function taskChainFor(db: Db, regionCode: string): Promise<ApprovalChain> {
  const rows = await db.select({ regionCode: approvalChainSettings.regionCode, chain: approvalChainSettings.chain })
    .from(approvalChainSettings).where(eq(approvalChainSettings.recordType, 'task'));
  const settings: RegionChainSetting[] = rows.map((r) => ({ regionCode: r.regionCode, chain: r.chain as ApprovalChain }));
  return chainForRegion(settings, regionCode, DEFAULT_TASK_CHAIN);
}

export interface DepartmentFacts {
  readonly id: string;
  readonly name: string;
  readonly regionCode: string;
}

export async function departmentFacts(db: Db, ids: readonly string[]): Promise<Map<string, DepartmentFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(inArray(departments.id, [...new Set(ids)]), isNull(departments.deletedAt), eq(departments.status, 'active')));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active departments of a region and the regions below it: who may take part in a task led there. */
export async function departmentsInRegion(db: Db, prefix: string): Promise<DepartmentFacts[]> {
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(sql`${departments.regionCode} like ${`${prefix}%`}`, isNull(departments.deletedAt), eq(departments.status, 'active')))
    .orderBy(asc(departments.regionCode), asc(departments.sortOrder), asc(departments.name));
}

/** The named checklist items with their list, version and department, as stored. */
export async function itemFacts(db: Db, itemIds: readonly string[]) {
  if (itemIds.length === 0) return new Map<string, never>();
  const rows = await db.select({
    itemId: checklistItems.id, versionId: checklistItems.versionId, level: checklistItems.level, code: checklistItems.code, name: checklistItems.name,
    checklistId: checklistVersions.checklistId, versionStatus: checklistVersions.status, departmentId: checklists.departmentId,
  }).from(checklistItems)
    .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId))
    .innerJoin(checklists, and(eq(checklists.id, checklistVersions.checklistId), isNull(checklists.deletedAt)))
    .where(inArray(checklistItems.id, [...new Set(itemIds)]));
  return new Map(rows.map((r) => [r.itemId, r]));
}

/** 检查事项 (top level) of the published department lists of `departmentIds`, for the task's item picker. */
export async function itemOptions(db: Db, departmentIds: readonly string[]): Promise<TaskItemOption[]> {
  if (departmentIds.length === 0) return [];
  return db.select({
    departmentId: sql<string>`${checklists.departmentId}`, departmentName: departments.name, checklistId: checklists.id, checklistName: checklists.name,
    checklistVersionId: checklistVersions.id, version: checklistVersions.version, itemId: checklistItems.id, code: checklistItems.code,
    name: checklistItems.name, category: checklistItems.category,
  }).from(checklistItems)
    .innerJoin(checklistVersions, and(eq(checklistVersions.id, checklistItems.versionId), eq(checklistVersions.status, 'published')))
    .innerJoin(checklists, and(eq(checklists.id, checklistVersions.checklistId), isNull(checklists.deletedAt), eq(checklists.kind, 'department')))
    .innerJoin(departments, eq(departments.id, checklists.departmentId))
    .where(and(inArray(checklists.departmentId, [...departmentIds]), eq(checklistItems.level, 'item')))
    .orderBy(asc(departments.name), asc(checklists.name), asc(checklistItems.sortOrder), asc(checklistItems.code));
}

export async function entityTagFacts(db: Db, id: string) {
  const [row] = await db.select({ id: entityTags.id, name: entityTags.name, currentVersion: entityTags.currentVersion, regionCode: departments.regionCode })
    .from(entityTags).innerJoin(departments, eq(departments.id, entityTags.departmentId))
    .where(and(eq(entityTags.id, id), isNull(entityTags.deletedAt)));
  return row ?? null;
}

export interface PublishedPlan {
  readonly id: string;
  readonly name: string;
  readonly year: number;
  readonly regionCode: string;
  readonly leadDepartmentId: string;
  readonly participatingDepartmentIds: readonly string[];
  readonly content: PlanContent;
}

const planColumns = {
  id: plans.id, name: plans.name, year: plans.year, regionCode: plans.regionCode, leadDepartmentId: plans.leadDepartmentId,
  participatingDepartmentIds: plans.participatingDepartmentIds, content: planVersions.content,
};

/** Plans in force (a published version, not voided) whose lead or participants include `departmentId`. */
function publishedPlanQuery(db: Db, where: SQL | undefined) {
  return db.select(planColumns).from(plans)
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, plans.publishedVersion)))
    .where(and(sql`${plans.publishedVersion} is not null`, sql`${plans.status} <> 'void'`, where));
}

const asPlan = (r: { content: unknown } & Omit<PublishedPlan, 'content'>): PublishedPlan => ({ ...r, content: r.content as PlanContent });

export async function publishedPlan(db: Db, id: string): Promise<PublishedPlan | null> {
  const [row] = await publishedPlanQuery(db, eq(plans.id, id));
  return row ? asPlan(row) : null;
}

export async function publishedPlansOf(db: Db, departmentId: string): Promise<PublishedPlan[]> {
  const rows = await publishedPlanQuery(db, or(eq(plans.leadDepartmentId, departmentId), arrayOverlaps(plans.participatingDepartmentIds, [departmentId])))
    .orderBy(desc(plans.year), asc(plans.name));
  return rows.map(asPlan);
}
