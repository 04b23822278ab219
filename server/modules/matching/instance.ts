/**
 * The matching instance of a task (docs/draw-protocol.md §9): its pending objects, the inspector directory of the
 * lead and participating departments as of the inspection date (在岗, 执法证 validity, region, expertise, declared
 * conflicts with these entities, past inspections of them), and the rules from the task's team settings.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Expert, Inspector, MatchObject, MatchRules } from '../../../domain/matching/types';
import { DEFAULT_TEAM_SETTINGS, type TeamSettings } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { departments, expertConflicts, experts, inspectorConflicts, inspectors, marketEntities, matchingRecords, taskObjects, teamExperts, teamMembers, teams } from '../../db/schema';
import type { TaskRecord } from '../dispatch/task_access';

/** 220100 → 2201: the prefix every code of the region starts with. */
export function regionPrefix(code: string): string {
  return code.replace(/(00)+$/, '');
}

export function teamSettingsOf(task: TaskRecord): TeamSettings {
  return { ...DEFAULT_TEAM_SETTINGS, ...(task.spec.team ?? {}) };
}

/**
 * 威海第6条: matching stays within the task's region unless the approved task declared 相邻区域 matching. An inspector
 * of the task's region (or below) is recorded with the task's region code, so the engine's equality test reads
 * "belongs to the task's region".
 */
export function rulesOf(task: TaskRecord, inspectionDate: string): MatchRules {
  const team = teamSettingsOf(task);
  return {
    inspectionDate, teamSize: team.teamSize, maxObjectsPerInspector: team.maxObjectsPerInspector, recusalYears: team.recusalYears, sameRegion: !team.crossArea,
    ...(team.expertsPerObject > 0 ? { expertsPerObject: team.expertsPerObject } : {}),
  };
}

/** The task's departments: lead first, then the participating ones. */
export function taskDepartments(task: TaskRecord): string[] {
  return [...new Set([task.leadDepartmentId, ...task.participatingDepartmentIds])];
}

export async function pendingObjects(db: Db, taskId: string): Promise<{ id: string; entityId: number }[]> {
  return db.select({ id: taskObjects.id, entityId: taskObjects.entityId }).from(taskObjects)
    .where(and(eq(taskObjects.taskId, taskId), eq(taskObjects.status, 'pending'))).orderBy(taskObjects.stratum, taskObjects.rank);
}

/**
 * The engine's objects: the task's departments, its per-department quotas (曲阳第16条, team settings) and the inspectors
 * appointed directly (直接委派, 威海第6条) to each entity, when any.
 */
export function matchObjectsOf(task: TaskRecord, entityIds: readonly number[], appointed: ReadonlyMap<string, readonly string[]> = new Map()): MatchObject[] {
  const participants = task.participatingDepartmentIds.filter((d) => d !== task.leadDepartmentId);
  const quotas = teamSettingsOf(task).departmentQuotas.map((q) => ({ dept: q.departmentId, members: q.members }));
  return entityIds.map((id) => {
    const own = appointed.get(String(id)) ?? [];
    return {
      id: String(id), leadDept: task.leadDepartmentId, participatingDepts: participants, expertise: [], region: task.regionCode,
      ...(quotas.length > 0 ? { quotas } : {}), ...(own.length > 0 ? { appointed: [...own] } : {}),
    };
  });
}

/**
 * The entities among `entityIds` each person (inspector or expert) must not be drawn for (威海第6条 「与检查对象有利害
 * 关系的，应当回避」): an active declaration naming the entity, or naming a person who is the entity's 法定代表人 (name
 * compared exactly — a namesake is excluded too, the safe side of 回避).
 */
export async function declaredConflicts(
  db: Db, table: typeof inspectorConflicts | typeof expertConflicts, subject: AnyPgColumn, ids: readonly string[], entityIds: readonly number[],
): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>();
  if (ids.length === 0 || entityIds.length === 0) return out;
  const rows = await db.select({ subjectId: sql<string>`${subject}`, entityId: marketEntities.id }).from(table)
    .innerJoin(marketEntities, sql`(${marketEntities.id} = ${table.entityId} or ${marketEntities.legalRepresentative} = ${table.personName})`)
    .where(and(inArray(subject, [...ids]), isNull(table.withdrawnAt), inArray(marketEntities.id, [...entityIds])));
  for (const r of rows) out.set(r.subjectId, (out.get(r.subjectId) ?? new Set<number>()).add(r.entityId));
  return out;
}

/**
 * The expert directory (专家库) of the task's departments, as the engine sees it (可用 = available), for these
 * entities: 回避 of a declared conflict (the entity, or a person who is its 法定代表人) and the expert's past
 * inspections of them in other tasks (dated by their matching's inspection date), as for inspectors.
 */
export async function expertPool(db: Db, task: TaskRecord, entityIds: readonly number[]): Promise<Expert[]> {
  const rows = await db.select({ id: experts.id, dept: experts.departmentId, status: experts.status }).from(experts)
    .where(and(isNull(experts.deletedAt), inArray(experts.departmentId, taskDepartments(task)))).orderBy(experts.id);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const entities = entityIds.length > 0 ? [...entityIds] : [-1];
  const [conflicts, history] = await Promise.all([
    declaredConflicts(db, expertConflicts, expertConflicts.expertId, ids, entityIds),
    db.select({ expertId: teamExperts.expertId, entityId: taskObjects.entityId, date: sql<string>`${matchingRecords.record}->'rules'->>'inspectionDate'` })
      .from(teamExperts).innerJoin(teams, eq(teams.id, teamExperts.teamId)).innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId))
      .innerJoin(matchingRecords, eq(matchingRecords.id, teams.matchingRecordId))
      .where(and(inArray(teamExperts.expertId, ids), eq(teamExperts.active, true), inArray(taskObjects.entityId, entities), sql`${teams.taskId} <> ${task.id}`)),
  ]);
  return rows.map((r) => {
    const past = history.filter((h) => h.expertId === r.id).map((h) => ({ entityId: String(h.entityId), date: h.date }))
      .sort((a, b) => a.entityId.localeCompare(b.entityId) || a.date.localeCompare(b.date));
    return {
      id: r.id, dept: r.dept, available: r.status === 'available',
      conflicts: [...(conflicts.get(r.id) ?? [])].map(String).sort(),
      // Left out when empty: a record without it hashes as before (decision 0011 addendum).
      ...(past.length > 0 ? { history: past } : {}),
    };
  });
}

/** The directory of the task's departments, as the engine sees it, for these entities. */
export async function inspectorPool(db: Db, task: TaskRecord, entityIds: readonly number[]): Promise<Inspector[]> {
  const rows = await db.select({
    id: inspectors.id, dept: inspectors.departmentId, region: inspectors.regionCode, expertise: inspectors.expertise,
    certificateValidUntil: inspectors.certificateValidUntil, status: inspectors.status,
  }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId))
    .where(and(isNull(inspectors.deletedAt), inArray(inspectors.departmentId, taskDepartments(task)))).orderBy(inspectors.id);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const entities = entityIds.length > 0 ? [...entityIds] : [-1];
  const [conflicts, history] = await Promise.all([
    declaredConflicts(db, inspectorConflicts, inspectorConflicts.inspectorId, ids, entityIds),
    db.select({ inspectorId: teamMembers.inspectorId, entityId: taskObjects.entityId, date: sql<string>`${matchingRecords.record}->'rules'->>'inspectionDate'` })
      .from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId))
      .innerJoin(matchingRecords, eq(matchingRecords.id, teams.matchingRecordId))
      .where(and(inArray(teamMembers.inspectorId, ids), eq(teamMembers.active, true), inArray(taskObjects.entityId, entities), sql`${teams.taskId} <> ${task.id}`)),
  ]);
  const prefix = regionPrefix(task.regionCode);
  return rows.map((r) => ({
    id: r.id,
    dept: r.dept,
    region: r.region.startsWith(prefix) ? task.regionCode : r.region,
    expertise: [...r.expertise].sort(),
    certificateValidUntil: r.certificateValidUntil ?? '',
    onDuty: r.status === 'on_duty',
    conflicts: [...(conflicts.get(r.id) ?? [])].map(String).sort(),
    history: history.filter((h) => h.inspectorId === r.id).map((h) => ({ entityId: String(h.entityId), date: h.date })).sort((a, b) => a.entityId.localeCompare(b.entityId) || a.date.localeCompare(b.date)),
  }));
}
