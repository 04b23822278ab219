/**
 * The inspector's side of results (谁检查、谁录入): which objects the caller inspects (an ACTIVE member of the object's
 * team through inspectors.user_id), the object with its entity, team and checklist items, and writing the result.
 * Every read of an object goes through objectContext, which says whether the caller is on its team and leads it.
 */
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { RESULT_STATUS_LABELS } from '../../../domain/inspection/categories';
import type { ResultStatus } from '../../../domain/inspection/result_states';
import type { Db } from '../../db/database';
import { checklistItems, departments, inspectionResults, inspectors, marketEntities, tasks, taskObjects, teamMembers, teams } from '../../db/schema';
import { entityVisible } from '../entities/pending_import';
import type { MyObjectRow, ObjectItem } from './schema';

/** Tasks whose objects the workbench lists: dispatched, being inspected, or completed (read only). */
export const WORKBENCH_TASK_STATUSES = ['dispatched', 'inspecting', 'completed'] as const;
/** Tasks whose results may still be entered. */
export const ENTRY_TASK_STATUSES: readonly string[] = ['dispatched', 'inspecting'];

export interface ObjectContext {
  readonly taskObjectId: string;
  readonly objectStatus: string;
  readonly visitId: string | null;
  readonly task: {
    readonly id: string; readonly code: string; readonly name: string; readonly status: string; readonly periodStart: string; readonly periodEnd: string;
    readonly regionCode: string; readonly leadDepartmentId: string; readonly spec: TaskSpec;
  };
  readonly entity: {
    readonly id: number; readonly name: string; readonly creditCode: string; readonly address: string | null; readonly regionCode: string;
    readonly legalRepresentative: string | null; readonly industryCode: string | null; readonly entityType: string; readonly status: string;
  };
  /** null: the caller is not an active member of the object's team. */
  readonly membership: { readonly isLeader: boolean } | null;
}

/** The object as `userId` may see it; null when it does not exist. */
export async function objectContext(db: Db, userId: string, taskObjectId: string): Promise<ObjectContext | null> {
  const [row] = await db.select({
    taskObjectId: taskObjects.id, objectStatus: taskObjects.status, visitId: taskObjects.visitId,
    taskId: tasks.id, code: tasks.code, taskName: tasks.name, taskStatus: tasks.status, periodStart: tasks.periodStart, periodEnd: tasks.periodEnd,
    taskRegion: tasks.regionCode, leadDepartmentId: tasks.leadDepartmentId, spec: tasks.spec,
    entityId: marketEntities.id, entityName: marketEntities.name, creditCode: marketEntities.code, address: marketEntities.address, entityRegion: marketEntities.regionCode,
    legalRepresentative: marketEntities.legalRepresentative, industryCode: marketEntities.industryCode, entityType: marketEntities.entityType, entityStatus: marketEntities.status,
  }).from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
    .innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .where(eq(taskObjects.id, taskObjectId));
  if (!row) return null;
  const roles = await db.select({ role: teamMembers.role }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .where(and(eq(teams.taskObjectId, taskObjectId), eq(teamMembers.active, true), eq(inspectors.userId, userId), isNull(inspectors.deletedAt)));
  return {
    taskObjectId: row.taskObjectId, objectStatus: row.objectStatus, visitId: row.visitId,
    task: {
      id: row.taskId, code: row.code, name: row.taskName, status: row.taskStatus, periodStart: row.periodStart, periodEnd: row.periodEnd,
      regionCode: row.taskRegion, leadDepartmentId: row.leadDepartmentId, spec: row.spec as TaskSpec,
    },
    entity: {
      id: row.entityId, name: row.entityName, creditCode: row.creditCode, address: row.address, regionCode: row.entityRegion,
      legalRepresentative: row.legalRepresentative, industryCode: row.industryCode, entityType: row.entityType, status: row.entityStatus,
    },
    membership: roles.length === 0 ? null : { isLeader: roles.some((r) => r.role === 'leader') },
  };
}

const ROLE_LABELS = { leader: '组长', member: '组员', expert: '专家' } as const;
type Role = keyof typeof ROLE_LABELS;

export interface TeamMember { taskObjectId: string; name: string; role: Role; roleLabel: string; departmentName: string; certificateNo: string }

/** The active members of the objects' teams, leader first. */
export async function teamsOf(db: Db, taskObjectIds: readonly string[]): Promise<TeamMember[]> {
  if (taskObjectIds.length === 0) return [];
  const rows = await db.select({
    taskObjectId: teams.taskObjectId, name: inspectors.name, role: teamMembers.role, departmentName: departments.name, certificateNo: inspectors.certificateNo,
  }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .innerJoin(departments, eq(departments.id, teamMembers.departmentId))
    .where(and(inArray(teams.taskObjectId, [...taskObjectIds]), eq(teamMembers.active, true)))
    .orderBy(sql`${teamMembers.role} = 'leader' desc`, sql`${teamMembers.role} = 'expert'`, asc(departments.name), asc(teamMembers.createdAt));
  return rows.map((r) => ({ ...r, role: r.role as Role, roleLabel: ROLE_LABELS[r.role as Role] ?? r.role }));
}

export function teamSummary(members: readonly TeamMember[]): string {
  return members.map((m) => (m.role === 'member' ? m.name : `${m.name}（${m.roleLabel}）`)).join('、');
}

/**
 * The checklist items of the task (every participating department's, 进一次门、查多项事), in the task's order, with the
 * basis and method of the pinned checklist version.
 */
export async function objectItems(db: Db, spec: TaskSpec): Promise<ObjectItem[]> {
  if (spec.items.length === 0) return [];
  const ids = spec.items.map((i) => i.itemId);
  const [details, names] = await Promise.all([
    db.select({ id: checklistItems.id, basis: checklistItems.basis, method: checklistItems.checkMethod }).from(checklistItems).where(inArray(checklistItems.id, ids)),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, [...new Set(spec.items.map((i) => i.departmentId))])),
  ]);
  return spec.items.map((i) => {
    const d = details.find((x) => x.id === i.itemId);
    return {
      itemId: i.itemId, departmentId: i.departmentId, departmentName: names.find((n) => n.id === i.departmentId)?.name ?? '', code: i.code, name: i.name,
      basis: d?.basis ?? null, method: d?.method ?? null,
    };
  });
}

/** The other tasks' objects of the same joint visit. */
export async function visitPartners(db: Db, visitId: string | null, taskObjectId: string): Promise<{ taskObjectId: string; taskCode: string; taskName: string }[]> {
  if (!visitId) return [];
  return db.select({ taskObjectId: taskObjects.id, taskCode: tasks.code, taskName: tasks.name }).from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
    .where(and(eq(taskObjects.visitId, visitId), ne(taskObjects.id, taskObjectId))).orderBy(asc(tasks.code));
}

/** The objects where `userId` is an active team member, of tasks dispatched, being inspected or completed. */
export async function listMyObjects(db: Db, userId: string): Promise<MyObjectRow[]> {
  const rows = await db.select({
    taskObjectId: taskObjects.id, objectStatus: taskObjects.status, role: teamMembers.role,
    taskId: tasks.id, taskCode: tasks.code, taskName: tasks.name, taskStatus: tasks.status, periodStart: tasks.periodStart, periodEnd: tasks.periodEnd,
    entityId: marketEntities.id, entityName: marketEntities.name, creditCode: marketEntities.code, address: marketEntities.address, regionCode: marketEntities.regionCode,
    resultId: inspectionResults.id, status: inspectionResults.status, rowVersion: inspectionResults.rowVersion, checkDate: inspectionResults.checkDate,
    entryDue: inspectionResults.entryDue, publishDue: inspectionResults.publishDue, dueProvisional: inspectionResults.dueProvisional,
  }).from(teamMembers)
    .innerJoin(inspectors, and(eq(inspectors.id, teamMembers.inspectorId), eq(inspectors.userId, userId), isNull(inspectors.deletedAt)))
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(taskObjects, eq(taskObjects.id, teams.taskObjectId))
    .innerJoin(tasks, and(eq(tasks.id, taskObjects.taskId), inArray(tasks.status, [...WORKBENCH_TASK_STATUSES])))
    .innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .leftJoin(inspectionResults, eq(inspectionResults.taskObjectId, taskObjects.id))
    .where(eq(teamMembers.active, true))
    .orderBy(asc(tasks.periodEnd), asc(tasks.code), asc(marketEntities.name));
  const byObject = new Map<string, (typeof rows)[number] & { leader: boolean }>();
  for (const r of rows) {
    const seen = byObject.get(r.taskObjectId);
    byObject.set(r.taskObjectId, { ...(seen ?? r), leader: (seen?.leader ?? false) || r.role === 'leader' });
  }
  const members = await teamsOf(db, [...byObject.keys()]);
  return [...byObject.values()].map((r) => ({
    taskObjectId: r.taskObjectId, taskId: r.taskId, taskCode: r.taskCode, taskName: r.taskName, taskStatus: r.taskStatus,
    entity: { id: String(r.entityId), name: r.entityName, creditCode: r.creditCode, address: r.address, regionCode: r.regionCode },
    isLeader: r.leader, teamSummary: teamSummary(members.filter((m) => m.taskObjectId === r.taskObjectId)),
    periodStart: r.periodStart, periodEnd: r.periodEnd, objectStatus: r.objectStatus,
    result: r.resultId === null || r.status === null || r.rowVersion === null ? null : {
      id: r.resultId, status: r.status as ResultStatus, statusLabel: RESULT_STATUS_LABELS[r.status as ResultStatus] ?? r.status, rowVersion: r.rowVersion, checkDate: r.checkDate,
    },
    entryDue: r.entryDue, publishDue: r.publishDue, dueProvisional: r.dueProvisional ?? false,
  }));
}
