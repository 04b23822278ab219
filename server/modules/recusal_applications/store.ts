/**
 * Storage of 回避申请. Every query takes the caller's data scope: an application is scoped like its inspector (region,
 * department, or the inspector's own account for 仅本人), so an inspector sees only their own applications.
 */
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../../domain/access/data_scope';
import { recusalDecideRefusal, type RecusalDecider } from '../../../domain/directory/recusal_application';
import type { Db } from '../../db/database';
import { departments, inspectorConflicts, inspectors, marketEntities, recusalApplications, replacements, taskObjects, tasks, teamMembers, teams, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { offsetOf, type Page } from '../../http/paging';
import { RECUSAL_APPLICATION_STATUS_LABELS, RECUSAL_APPLICATION_STATUSES, type RecusalApplicationQuery, type RecusalApplicationRow, type RecusalAssignment } from './schema';

const applicant = alias(users, 'applicant');
const decider = alias(users, 'decider');

export function applicationScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: recusalApplications.regionCode, departmentId: recusalApplications.departmentId, ownerUserId: inspectors.userId });
}

function baseQuery(db: Db) {
  return db.select({
    id: recusalApplications.id, inspectorId: recusalApplications.inspectorId, inspectorName: inspectors.name, certificateNo: inspectors.certificateNo,
    inspectorUserId: inspectors.userId, departmentId: recusalApplications.departmentId, departmentName: departments.name, regionCode: recusalApplications.regionCode,
    entityId: recusalApplications.entityId, entityCode: marketEntities.code, entityName: marketEntities.name, teamMemberId: recusalApplications.teamMemberId,
    taskId: teams.taskId, taskName: tasks.name, reason: recusalApplications.reason, status: recusalApplications.status,
    appliedBy: recusalApplications.appliedBy, appliedByName: applicant.name, appliedAt: recusalApplications.appliedAt,
    decidedByName: decider.name, decidedAt: recusalApplications.decidedAt, decisionComment: recusalApplications.decisionComment,
    conflictId: recusalApplications.conflictId, replacementId: recusalApplications.replacementId, rowVersion: recusalApplications.rowVersion,
  }).from(recusalApplications)
    .innerJoin(inspectors, eq(inspectors.id, recusalApplications.inspectorId))
    .innerJoin(departments, eq(departments.id, recusalApplications.departmentId))
    .innerJoin(marketEntities, eq(marketEntities.id, recusalApplications.entityId))
    .innerJoin(applicant, eq(applicant.id, recusalApplications.appliedBy))
    .leftJoin(decider, eq(decider.id, recusalApplications.decidedBy))
    .leftJoin(teamMembers, eq(teamMembers.id, recusalApplications.teamMemberId))
    .leftJoin(teams, eq(teams.id, teamMembers.teamId))
    .leftJoin(tasks, eq(tasks.id, teams.taskId));
}

export type ApplicationRecord = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function statusOf(value: string): RecusalApplicationRow['status'] {
  const known = RECUSAL_APPLICATION_STATUSES.find((s) => s === value);
  if (!known) throw new Error(`unknown recusal application status ${value}`);
  return known;
}

export function present(row: ApplicationRecord, viewer: RecusalDecider | null): RecusalApplicationRow {
  const status = statusOf(row.status);
  return {
    id: row.id, inspectorId: row.inspectorId, inspectorName: row.inspectorName, certificateNo: row.certificateNo, departmentId: row.departmentId,
    departmentName: row.departmentName, entityId: Number(row.entityId), entityCode: row.entityCode, entityName: row.entityName, teamMemberId: row.teamMemberId,
    taskId: row.taskId, taskName: row.taskName, reason: row.reason, status, statusLabel: RECUSAL_APPLICATION_STATUS_LABELS[status], appliedByName: row.appliedByName,
    appliedAt: row.appliedAt.toISOString(), decidedByName: row.decidedByName, decidedAt: row.decidedAt?.toISOString() ?? null, decisionComment: row.decisionComment,
    replacementId: row.replacementId, rowVersion: row.rowVersion,
    decideRefusal: viewer ? recusalDecideRefusal(row, viewer) : '没有审批回避申请的权限',
  };
}

export async function listApplications(db: Db, scope: DataScope, query: RecusalApplicationQuery, viewer: RecusalDecider | null): Promise<Page<RecusalApplicationRow>> {
  const where = and(applicationScope(scope), query.status ? eq(recusalApplications.status, query.status) : undefined);
  const [rows, totals] = await Promise.all([
    baseQuery(db).where(where).orderBy(sql`${recusalApplications.status} <> 'pending'`, desc(recusalApplications.appliedAt), asc(recusalApplications.id))
      .limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(recusalApplications).innerJoin(inspectors, eq(inspectors.id, recusalApplications.inspectorId)).where(where),
  ]);
  return { rows: rows.map((r) => present(r, viewer)), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getApplication(db: Db, scope: DataScope, id: string): Promise<ApplicationRecord | null> {
  const [row] = await baseQuery(db).where(and(eq(recusalApplications.id, id), applicationScope(scope)));
  return row ?? null;
}

/** Pending applications in the caller's scope this decider may decide (the head's 待办). */
export async function applicationsToDecide(db: Db, scope: DataScope, viewer: RecusalDecider): Promise<RecusalApplicationRow[]> {
  const rows = await baseQuery(db).where(and(applicationScope(scope), eq(recusalApplications.status, 'pending'))).orderBy(asc(recusalApplications.appliedAt)).limit(50);
  return rows.map((r) => present(r, viewer)).filter((r) => r.decideRefusal === null);
}

/** The inspector record linked to this user account. */
export async function inspectorOfUser(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ id: inspectors.id }).from(inspectors).where(and(eq(inspectors.userId, userId), isNull(inspectors.deletedAt))).limit(1);
  return row?.id ?? null;
}

/** The inspector's places in the teams of tasks being inspected (派发后、检查中), which a recusal may still change. */
export async function activeAssignments(db: Db, inspectorId: string): Promise<RecusalAssignment[]> {
  const rows = await db.select({
    teamMemberId: teamMembers.id, taskId: tasks.id, taskName: tasks.name, taskCode: tasks.code, entityId: marketEntities.id, entityName: marketEntities.name, entityCode: marketEntities.code,
  }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(tasks, eq(tasks.id, teams.taskId))
    .innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId)).innerJoin(marketEntities, eq(marketEntities.id, taskObjects.entityId))
    .where(and(eq(teamMembers.inspectorId, inspectorId), eq(teamMembers.active, true), inArray(tasks.status, ['dispatched', 'inspecting'])))
    .orderBy(asc(tasks.code), asc(marketEntities.name)).limit(200);
  return rows.map((r) => ({ ...r, entityId: Number(r.entityId) }));
}

export async function hasActiveConflict(db: Db, inspectorId: string, entityId: number): Promise<string | null> {
  const [row] = await db.select({ id: inspectorConflicts.id }).from(inspectorConflicts)
    .where(and(eq(inspectorConflicts.inspectorId, inspectorId), eq(inspectorConflicts.entityId, entityId), isNull(inspectorConflicts.withdrawnAt))).limit(1);
  return row?.id ?? null;
}

export async function hasPendingApplication(db: Db, inspectorId: string, entityId: number): Promise<boolean> {
  const [row] = await db.select({ id: recusalApplications.id }).from(recusalApplications)
    .where(and(eq(recusalApplications.inspectorId, inspectorId), eq(recusalApplications.entityId, entityId), eq(recusalApplications.status, 'pending'))).limit(1);
  return row !== undefined;
}

export async function pendingReplacementOf(db: Db, teamMemberId: string): Promise<string | null> {
  const [row] = await db.select({ id: replacements.id }).from(replacements).where(and(eq(replacements.teamMemberId, teamMemberId), eq(replacements.status, 'pending'))).limit(1);
  return row?.id ?? null;
}

export async function insertApplication(tx: Db, values: typeof recusalApplications.$inferInsert): Promise<string> {
  const [row] = await tx.insert(recusalApplications).values(values).returning({ id: recusalApplications.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** Moves a pending application to its decision if nobody changed it since `rowVersion`; false when someone did. */
export async function decideApplication(tx: Db, id: string, rowVersion: number, values: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: Date; decisionComment: string | null }): Promise<boolean> {
  const rows = await tx.update(recusalApplications).set({ ...values, rowVersion: sql`${recusalApplications.rowVersion} + 1` })
    .where(and(eq(recusalApplications.id, id), eq(recusalApplications.rowVersion, rowVersion), eq(recusalApplications.status, 'pending')))
    .returning({ id: recusalApplications.id });
  return rows.length === 1;
}

export async function linkOutcome(tx: Db, id: string, conflictId: string, replacementId: string | null): Promise<void> {
  await tx.update(recusalApplications).set({ conflictId, replacementId }).where(eq(recusalApplications.id, id));
}

export async function taskStatusOf(db: Db, taskId: string): Promise<string | null> {
  const [row] = await db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, taskId));
  return row?.status ?? null;
}
