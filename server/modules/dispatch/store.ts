/**
 * Storage of dispatch: the task's inspection objects (copied from the published draw), the dispatches per department,
 * the per-region settings and the joint-visit merge offers. Entities are read through entityVisible() like every
 * query on market_entities (rows of an unfinished import stay hidden).
 */
import { and, asc, count, eq, gte, inArray, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import {
  departments, dispatches, dispatchSettings, drawObjects, inspectors, marketEntities, matchingRecords, tasks, taskObjects, teamMembers, teams, users, visits,
} from '../../db/schema';
import { entityVisible } from '../entities/pending_import';
import { OBJECT_STATUS_LABELS, type DispatchRow, type DispatchSettingsRow, type MergeOffer, type ObjectStatus, type TaskObjectRow, type TeamMemberRow } from './schema';
import { taskScope } from './task_access';

/** 曲阳第17条: receipt confirmed within 1 working day unless the region set otherwise; 注销/迁出 objects come from the reserve list. */
export const DEFAULT_DISPATCH_SETTINGS = { confirmWorkingDays: 1, goneEntityRule: 'reserve' as const };

/** The settings of the region or its nearest ancestor (district → city → province), else the defaults. */
export async function dispatchSettingsFor(db: Db, regionCode: string): Promise<DispatchSettingsRow> {
  const chain = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  const rows = await db.select().from(dispatchSettings).where(inArray(dispatchSettings.regionCode, chain));
  for (const code of chain) {
    const row = rows.find((r) => r.regionCode === code);
    if (row) return { regionCode: code, confirmWorkingDays: row.confirmWorkingDays, goneEntityRule: row.goneEntityRule === 'count_done' ? 'count_done' : 'reserve' };
  }
  return { regionCode, ...DEFAULT_DISPATCH_SETTINGS };
}

export async function saveDispatchSettings(tx: Db, row: DispatchSettingsRow, actorId: string, now: Date): Promise<void> {
  await tx.insert(dispatchSettings).values({ ...row, updatedBy: actorId, updatedAt: now }).onConflictDoUpdate({
    target: dispatchSettings.regionCode, set: { confirmWorkingDays: row.confirmWorkingDays, goneEntityRule: row.goneEntityRule, updatedBy: actorId, updatedAt: now },
  });
}

/** Copies the draw's selected entities (not its reserve list) into the task's objects; returns how many. */
export async function copyDrawnObjects(tx: Db, taskId: string, drawId: string): Promise<number> {
  const rows = await tx.select({ entityId: drawObjects.entityId, stratum: drawObjects.stratum, rank: drawObjects.rank }).from(drawObjects)
    .where(and(eq(drawObjects.drawId, drawId), eq(drawObjects.reserve, false))).orderBy(asc(drawObjects.stratum), asc(drawObjects.rank));
  if (rows.length === 0) return 0;
  await tx.insert(taskObjects).values(rows.map((r) => ({ taskId, drawId, ...r })));
  return rows.length;
}

export async function insertDispatches(tx: Db, values: { taskId: string; departmentId: string; sentBy: string; sentAt: Date; dueDate: string; dueProvisional: boolean }[]): Promise<void> {
  await tx.insert(dispatches).values(values);
}

const confirmer = sql<string | null>`(select u.name from ${users} u where u.id = ${dispatches.confirmedBy})`;

/** Dispatches of one task, or, for the coordinator, every unconfirmed dispatch of the tasks in scope. */
export async function listDispatches(db: Db, filter: { taskId: string } | { scope: DataScope; unconfirmedOnly: true }, today: string, actorDepartmentId: string | null): Promise<DispatchRow[]> {
  const rows = await db.select({
    id: dispatches.id, taskId: dispatches.taskId, taskCode: tasks.code, taskName: tasks.name, departmentId: dispatches.departmentId, departmentName: departments.name,
    sentAt: dispatches.sentAt, dueDate: dispatches.dueDate, dueProvisional: dispatches.dueProvisional, confirmedAt: dispatches.confirmedAt, confirmedByName: confirmer,
  }).from(dispatches).innerJoin(tasks, eq(tasks.id, dispatches.taskId)).innerJoin(departments, eq(departments.id, dispatches.departmentId))
    .where('taskId' in filter ? eq(dispatches.taskId, filter.taskId) : and(isNull(dispatches.confirmedAt), taskScope(filter.scope)))
    .orderBy(asc(dispatches.dueDate), asc(tasks.code), asc(departments.name));
  return rows.map((r) => ({
    ...r, sentAt: r.sentAt.toISOString(), confirmedAt: r.confirmedAt?.toISOString() ?? null,
    overdue: r.confirmedAt === null && r.dueDate < today,
    canConfirm: r.confirmedAt === null && actorDepartmentId === r.departmentId,
  }));
}

export async function getDispatch(db: Db, taskId: string, departmentId: string): Promise<{ id: string; dueDate: string; confirmedAt: Date | null } | null> {
  const [row] = await db.select({ id: dispatches.id, dueDate: dispatches.dueDate, confirmedAt: dispatches.confirmedAt }).from(dispatches)
    .where(and(eq(dispatches.taskId, taskId), eq(dispatches.departmentId, departmentId)));
  return row ?? null;
}

/** Marks receipt; false when another confirmation got there first. */
export async function confirmDispatch(tx: Db, id: string, userId: string, now: Date): Promise<boolean> {
  const rows = await tx.update(dispatches).set({ confirmedAt: now, confirmedBy: userId }).where(and(eq(dispatches.id, id), isNull(dispatches.confirmedAt))).returning({ id: dispatches.id });
  return rows.length > 0;
}

/** The task's objects with their entity, joint visit and team (active members first: leader, then by department). */
export async function listTaskObjects(db: Db, taskId: string): Promise<TaskObjectRow[]> {
  const objects = await db.select({
    id: taskObjects.id, entityId: taskObjects.entityId, entityCode: marketEntities.code, entityName: marketEntities.name, entityStatus: marketEntities.status,
    stratum: taskObjects.stratum, rank: taskObjects.rank, fromReserve: taskObjects.fromReserve, status: taskObjects.status, visitId: taskObjects.visitId,
  }).from(taskObjects).innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .where(eq(taskObjects.taskId, taskId)).orderBy(asc(taskObjects.fromReserve), asc(taskObjects.stratum), asc(taskObjects.rank));
  if (objects.length === 0) return [];
  const members = await db.select({
    taskObjectId: teams.taskObjectId, memberId: teamMembers.id, inspectorId: teamMembers.inspectorId, name: inspectors.name, certificateNo: inspectors.certificateNo,
    departmentId: teamMembers.departmentId, departmentName: departments.name, role: teamMembers.role, active: teamMembers.active, replacementId: teamMembers.replacementId,
    createdAt: teamMembers.createdAt,
  }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .innerJoin(departments, eq(departments.id, teamMembers.departmentId)).where(eq(teams.taskId, taskId))
    .orderBy(sql`${teamMembers.active} desc`, sql`${teamMembers.role} = 'leader' desc`, asc(departments.name), asc(teamMembers.createdAt));
  const visitIds = [...new Set(objects.map((o) => o.visitId).filter((v): v is string => v !== null))];
  const partners = visitIds.length === 0 ? [] : await db.select({ visitId: taskObjects.visitId, taskId: taskObjects.taskId, code: tasks.code })
    .from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId)).where(and(inArray(taskObjects.visitId, visitIds), ne(taskObjects.taskId, taskId)));
  return objects.map((o) => {
    const status = o.status as ObjectStatus;
    return {
      ...o, entityId: String(o.entityId), status, statusLabel: OBJECT_STATUS_LABELS[status] ?? o.status,
      visitTaskCodes: partners.filter((p) => p.visitId === o.visitId).map((p) => p.code).sort(),
      team: members.filter((m) => m.taskObjectId === o.id).map(({ taskObjectId: _t, createdAt: _c, ...m }): TeamMemberRow => ({ ...m, role: m.role as TeamMemberRow['role'] })),
    };
  });
}

/**
 * 进一次门、查多项事: the objects of this task whose entity another live task also drew for an overlapping period,
 * not yet in the same visit.
 */
export async function mergeOffers(db: Db, task: { id: string; periodStart: string; periodEnd: string }): Promise<MergeOffer[]> {
  const other = alias(taskObjects, 'other');
  const rows = await db.select({
    objectId: taskObjects.id, entityId: taskObjects.entityId, entityName: marketEntities.name, otherId: other.id, taskId: tasks.id, code: tasks.code, name: tasks.name,
    periodStart: tasks.periodStart, periodEnd: tasks.periodEnd, visitId: other.visitId,
  }).from(taskObjects)
    .innerJoin(other, and(eq(other.entityId, taskObjects.entityId), ne(other.taskId, taskObjects.taskId), eq(other.status, 'pending')))
    .innerJoin(tasks, and(eq(tasks.id, other.taskId), notInArray(tasks.status, ['terminated', 'completed'])))
    .innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .where(and(
      eq(taskObjects.taskId, task.id), eq(taskObjects.status, 'pending'), lte(tasks.periodStart, task.periodEnd), gte(tasks.periodEnd, task.periodStart),
      sql`(${taskObjects.visitId} is null or ${other.visitId} is null or ${taskObjects.visitId} <> ${other.visitId})`,
    ))
    .orderBy(asc(marketEntities.name), asc(tasks.code));
  const offers = new Map<string, MergeOffer>();
  for (const r of rows) {
    const offer = offers.get(r.objectId) ?? { taskObjectId: r.objectId, entityId: String(r.entityId), entityName: r.entityName, others: [] };
    offer.others.push({ taskObjectId: r.otherId, taskId: r.taskId, taskCode: r.code, taskName: r.name, periodStart: r.periodStart, periodEnd: r.periodEnd, visitId: r.visitId });
    offers.set(r.objectId, offer);
  }
  return [...offers.values()];
}

/** Links the objects into one visit: an existing visit of any of them, or a new one. Returns the visit id. */
export async function mergeIntoVisit(tx: Db, entityId: number, objectIds: readonly string[], existingVisitIds: readonly string[], actorId: string, now: Date): Promise<string> {
  let visitId = existingVisitIds[0];
  if (!visitId) {
    const [row] = await tx.insert(visits).values({ entityId, createdBy: actorId, createdAt: now }).returning({ id: visits.id });
    if (!row) throw new Error('insert returned no row');
    visitId = row.id;
  }
  const all = existingVisitIds.length > 1
    ? or(inArray(taskObjects.id, [...objectIds]), inArray(taskObjects.visitId, [...existingVisitIds]))
    : inArray(taskObjects.id, [...objectIds]);
  await tx.update(taskObjects).set({ visitId }).where(all);
  return visitId;
}

export async function objectsByIds(db: Db, ids: readonly string[]): Promise<{ id: string; taskId: string; entityId: number; status: string; visitId: string | null }[]> {
  if (ids.length === 0) return [];
  return db.select({ id: taskObjects.id, taskId: taskObjects.taskId, entityId: taskObjects.entityId, status: taskObjects.status, visitId: taskObjects.visitId })
    .from(taskObjects).where(inArray(taskObjects.id, [...ids]));
}

/** Per task in the list: objects, unconfirmed dispatches, and whether matching ran. */
export async function taskCounts(db: Db, taskIds: readonly string[]): Promise<Map<string, { objects: number; unconfirmed: number; matched: boolean }>> {
  const result = new Map<string, { objects: number; unconfirmed: number; matched: boolean }>();
  if (taskIds.length === 0) return result;
  const ids = [...taskIds];
  const [objects, open, matched] = await Promise.all([
    db.select({ taskId: taskObjects.taskId, n: count() }).from(taskObjects).where(and(inArray(taskObjects.taskId, ids), eq(taskObjects.status, 'pending'))).groupBy(taskObjects.taskId),
    db.select({ taskId: dispatches.taskId, n: count() }).from(dispatches).where(and(inArray(dispatches.taskId, ids), isNull(dispatches.confirmedAt))).groupBy(dispatches.taskId),
    db.select({ taskId: matchingRecords.taskId }).from(matchingRecords).where(inArray(matchingRecords.taskId, ids)),
  ]);
  for (const id of ids) {
    result.set(id, {
      objects: objects.find((r) => r.taskId === id)?.n ?? 0,
      unconfirmed: open.find((r) => r.taskId === id)?.n ?? 0,
      matched: matched.some((r) => r.taskId === id),
    });
  }
  return result;
}
