/**
 * Reads of 年度抽查计划: the list (search form + data scope), one plan (404 outside the scope), its
 * versions and approval history, and the published checklists the item picker offers.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { PlanContent } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { approvals, checklistItems, checklists, checklistVersions, departments, plans, planVersions, users } from '../../db/schema';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import { planScopeWhere, type PlanRecord } from './domain_map';
import type { ApprovalRow, PlanQuery, VersionRow } from './schema';

export async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listPlanRecords(db: Db, scope: DataScope, query: PlanQuery): Promise<Page<PlanRecord>> {
  const filters: SQL[] = [planScopeWhere(scope)];
  if (query.year !== undefined) filters.push(eq(plans.year, query.year));
  if (query.kind) filters.push(eq(plans.kind, query.kind));
  if (query.status) filters.push(eq(plans.status, query.status));
  if (query.departmentId) filters.push(sql`(${plans.leadDepartmentId} = ${query.departmentId} or ${query.departmentId}::uuid = any(${plans.participatingDepartmentIds}))`);
  if (query.name) filters.push(ilike(plans.name, likeContains(query.name)));
  const where = and(...filters);
  const [rows, [count]] = await Promise.all([
    db.select().from(plans).where(where).orderBy(desc(plans.year), desc(plans.updatedAt), asc(plans.id)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: sql<number>`count(*)::int` }).from(plans).where(where),
  ]);
  return { rows, total: count?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** One plan inside the caller's scope, or null (the route answers 404). */
export async function getPlanRecord(db: Db, scope: DataScope, id: string): Promise<PlanRecord | null> {
  const [row] = await db.select().from(plans).where(and(eq(plans.id, id), planScopeWhere(scope)));
  return row ?? null;
}

export async function loadContent(db: Db, planId: string, version: number): Promise<PlanContent | null> {
  const [row] = await db.select({ content: planVersions.content }).from(planVersions).where(and(eq(planVersions.planId, planId), eq(planVersions.version, version)));
  return row ? (row.content as PlanContent) : null;
}

export async function listVersionRows(db: Db, planId: string): Promise<VersionRow[]> {
  const rows = await db.select({
    version: planVersions.version, content: planVersions.content, reason: planVersions.reason, createdByName: users.name,
    createdAt: planVersions.createdAt, publishedAt: planVersions.publishedAt,
  }).from(planVersions).leftJoin(users, eq(users.id, planVersions.createdBy)).where(eq(planVersions.planId, planId)).orderBy(desc(planVersions.version));
  return rows.map((r) => ({
    ...r, content: r.content as VersionRow['content'], createdAt: r.createdAt.toISOString(), publishedAt: r.publishedAt?.toISOString() ?? null,
  }));
}

export async function listApprovalRows(db: Db, planId: string): Promise<ApprovalRow[]> {
  const rows = await db.select({
    id: approvals.id, version: approvals.version, stepIndex: approvals.stepIndex, stepLabel: approvals.stepLabel, decision: approvals.decision,
    comments: approvals.comments, actorName: users.name, createdAt: approvals.createdAt,
  }).from(approvals).innerJoin(users, eq(users.id, approvals.actorId))
    .where(and(eq(approvals.recordType, 'plan'), eq(approvals.recordId, planId))).orderBy(asc(approvals.createdAt), asc(approvals.id));
  return rows.map((r) => ({ ...r, decision: r.decision as ApprovalRow['decision'], createdAt: r.createdAt.toISOString() }));
}

/** The published (现行) checklist versions of the given departments, with their 检查事项, for the item picker. */
export async function publishedChecklists(db: Db, departmentIds: readonly string[]) {
  if (departmentIds.length === 0) return [];
  const lists = await db.select({
    departmentId: checklists.departmentId, departmentName: departments.name, checklistId: checklists.id, checklistName: checklists.name,
    checklistVersionId: checklistVersions.id, version: checklistVersions.version,
  }).from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .innerJoin(departments, eq(departments.id, checklists.departmentId))
    .where(and(eq(checklistVersions.status, 'published'), isNull(checklists.deletedAt), inArray(checklists.departmentId, [...departmentIds])))
    .orderBy(asc(departments.name), asc(checklists.name));
  if (lists.length === 0) return [];
  const items = await db.select({ id: checklistItems.id, versionId: checklistItems.versionId, code: checklistItems.code, name: checklistItems.name, category: checklistItems.category })
    .from(checklistItems).where(and(inArray(checklistItems.versionId, lists.map((l) => l.checklistVersionId)), eq(checklistItems.level, 'item')))
    .orderBy(asc(checklistItems.sortOrder), asc(checklistItems.code));
  return lists.map((l) => ({
    ...l, departmentId: l.departmentId ?? '', items: items.filter((i) => i.versionId === l.checklistVersionId).map(({ versionId: _v, ...i }) => i),
  }));
}
