/**
 * Who may see and act on an inspection object's notice and record form. Acting (issuing, recording delivery) needs the
 * caller's department to take part in the task (lead or participating) or the caller to be an active member of the
 * object's team (through inspectors.user_id); reading also admits whoever covers the task in their data scope (the
 * 双随机办 of the region). Anyone else gets 403 for the object.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { departments, inspectors, marketEntities, regions, taskObjects, tasks, teamMembers, teams } from '../../db/schema';
import { conflict, forbidden, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { entityVisible } from '../entities/pending_import';
import { taskScope } from '../dispatch/task_access';

export interface InspectionObject {
  readonly id: string;
  readonly status: string;
  readonly entityId: number;
  readonly task: {
    readonly id: string; readonly code: string; readonly name: string; readonly status: string; readonly year: number; readonly regionCode: string; readonly regionName: string;
    readonly leadDepartmentId: string; readonly participatingDepartmentIds: readonly string[]; readonly periodStart: string; readonly periodEnd: string; readonly spec: TaskSpec;
  };
  readonly entity: { readonly name: string; readonly code: string; readonly codeType: string; readonly address: string | null; readonly legalRepresentative: string | null; readonly regionCode: string };
  /** The caller may issue the notice and record its delivery. */
  readonly mayAct: boolean;
}

const taskRegion = sql<string>`(select r.name from ${regions} r where r.code = ${tasks.regionCode})`;

/** The object as the caller may see it: 404 when it does not exist, 403 when it is outside the caller's reach. */
export async function objectForCaller(db: Db, auth: AuthContext, objectId: string): Promise<InspectionObject> {
  const userId = auth.user.id;
  const departmentId = auth.user.departmentId;
  const participates = departmentId
    ? sql<boolean>`(${tasks.leadDepartmentId} = ${departmentId}::uuid or ${departmentId}::uuid = any(${tasks.participatingDepartmentIds}))`
    : sql<boolean>`false`;
  const member = sql<boolean>`exists (select 1 from ${teamMembers} tm join ${teams} t on t.id = tm.team_id join ${inspectors} i on i.id = tm.inspector_id
    where t.task_object_id = ${taskObjects.id} and tm.active and i.user_id = ${userId}::uuid and i.deleted_at is null)`;
  const [row] = await db.select({
    id: taskObjects.id, status: taskObjects.status, entityId: taskObjects.entityId,
    taskId: tasks.id, code: tasks.code, name: tasks.name, taskStatus: tasks.status, year: tasks.year, regionCode: tasks.regionCode, regionName: taskRegion,
    leadDepartmentId: tasks.leadDepartmentId, participatingDepartmentIds: tasks.participatingDepartmentIds, periodStart: tasks.periodStart, periodEnd: tasks.periodEnd, spec: tasks.spec,
    entityName: marketEntities.name, entityCode: marketEntities.code, codeType: marketEntities.codeType, address: marketEntities.address,
    legalRepresentative: marketEntities.legalRepresentative, entityRegion: marketEntities.regionCode,
    participates, member, covered: sql<boolean>`${taskScope(auth.scope)}`,
  }).from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
    .innerJoin(marketEntities, and(eq(marketEntities.id, taskObjects.entityId), entityVisible()))
    .where(eq(taskObjects.id, objectId));
  if (!row) throw notFound('检查对象');
  const mayAct = Boolean(row.participates) || Boolean(row.member);
  if (!mayAct && !row.covered) throw forbidden('该检查对象不属于本部门参与的任务，您也不是其检查组成员');
  return {
    id: row.id, status: row.status, entityId: row.entityId, mayAct,
    task: {
      id: row.taskId, code: row.code, name: row.name, status: row.taskStatus, year: row.year, regionCode: row.regionCode, regionName: row.regionName,
      leadDepartmentId: row.leadDepartmentId, participatingDepartmentIds: row.participatingDepartmentIds, periodStart: row.periodStart, periodEnd: row.periodEnd,
      spec: row.spec as TaskSpec,
    },
    entity: { name: row.entityName, code: row.entityCode, codeType: row.codeType, address: row.address, legalRepresentative: row.legalRepresentative, regionCode: row.entityRegion },
  };
}

const LIVE_TASK = new Set(['dispatched', 'inspecting']);

/** Why the caller may not issue (or record delivery) for this object, or null. */
export function issueRefusal(object: InspectionObject): string | null {
  if (!object.mayAct) return '只有参与该任务的部门人员或该检查对象的检查组成员可以办理通知书';
  if (!LIVE_TASK.has(object.task.status)) return `抽查任务“${object.task.name}”不在已派发或检查中，不能办理通知书`;
  if (object.status !== 'pending') return '该检查对象已替换或已完成无需检查，不能办理通知书';
  return null;
}

/** Throws the refusal: 403 for who the caller is, 409 for the state of the task or object. */
export function requireMayIssue(object: InspectionObject): void {
  const refusal = issueRefusal(object);
  if (refusal === null) return;
  if (!object.mayAct) throw forbidden(refusal);
  throw conflict(LIVE_TASK.has(object.task.status) ? 'NOTICE_OBJECT_NOT_PENDING' : 'NOTICE_TASK_NOT_LIVE', refusal);
}

/** Department names by id (for the task's departments, lead first). */
export async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The task's departments, lead first, without repeats. */
export function taskDepartmentIds(task: InspectionObject['task']): string[] {
  return [...new Set([task.leadDepartmentId, ...task.participatingDepartmentIds])];
}
