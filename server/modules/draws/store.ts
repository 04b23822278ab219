/**
 * Reads of draws (抽取) in a caller's data scope: a draw lies in the scope by its region, by its task's lead department
 * or by one of the task's participating departments. Out-of-scope records are not found (404).
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import { drawObjects, draws, marketEntities, tasks, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import type { DrawQuery } from './schema';

export type DrawTableRow = typeof draws.$inferSelect;

export interface DrawRecord extends DrawTableRow {
  readonly taskCode: string;
  readonly taskName: string;
  readonly taskStatus: string;
  readonly leadDepartmentId: string;
  readonly participatingDepartmentIds: readonly string[];
  readonly operatorName: string | null;
}

export function drawScope(scope: DataScope): SQL {
  const base = scopeWhere(scope, { regionCode: draws.regionCode, departmentId: tasks.leadDepartmentId });
  if (scope.kind === 'all' || scope.departmentIds.length === 0) return base;
  const ids = sql.join(scope.departmentIds.map((d) => sql`${d}`), sql`, `);
  return sql`(${base} or ${tasks.participatingDepartmentIds} && array[${ids}]::uuid[])`;
}

const recordColumns = {
  draw: draws, taskCode: tasks.code, taskName: tasks.name, taskStatus: tasks.status, leadDepartmentId: tasks.leadDepartmentId,
  participatingDepartmentIds: tasks.participatingDepartmentIds, operatorName: users.name,
};

type Joined = { draw: DrawTableRow; taskCode: string; taskName: string; taskStatus: string; leadDepartmentId: string; participatingDepartmentIds: string[]; operatorName: string | null };
const recordOf = (r: Joined): DrawRecord => ({
  ...r.draw, taskCode: r.taskCode, taskName: r.taskName, taskStatus: r.taskStatus, leadDepartmentId: r.leadDepartmentId,
  participatingDepartmentIds: r.participatingDepartmentIds, operatorName: r.operatorName,
});

function joined(db: Db) {
  return db.select(recordColumns).from(draws).innerJoin(tasks, eq(tasks.id, draws.taskId)).leftJoin(users, eq(users.id, draws.operatorId));
}

export async function listDraws(db: Db, scope: DataScope, query: DrawQuery): Promise<{ rows: DrawRecord[]; total: number }> {
  const where = and(drawScope(scope), query.taskId ? eq(draws.taskId, query.taskId) : undefined, query.status ? eq(draws.status, query.status) : undefined);
  const [rows, totals] = await Promise.all([
    joined(db).where(where).orderBy(desc(draws.createdAt), desc(draws.attempt)).limit(query.pageSize).offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(draws).innerJoin(tasks, eq(tasks.id, draws.taskId)).where(where),
  ]);
  return { rows: rows.map(recordOf), total: totals[0]?.n ?? 0 };
}

export async function getDraw(db: Db, scope: DataScope, id: string): Promise<DrawRecord | null> {
  const [row] = await joined(db).where(and(eq(draws.id, id), drawScope(scope))).limit(1);
  return row ? recordOf(row) : null;
}

/** Unscoped, for the public routes and inside a change (after the scoped check). */
export async function getDrawById(db: Db, id: string): Promise<DrawRecord | null> {
  const [row] = await joined(db).where(eq(draws.id, id)).limit(1);
  return row ? recordOf(row) : null;
}

/** Every attempt of a task, oldest first. */
export async function drawsOfTask(db: Db, taskId: string): Promise<DrawTableRow[]> {
  return db.select().from(draws).where(eq(draws.taskId, taskId)).orderBy(asc(draws.attempt));
}

export async function lockDraw(tx: Db, id: string): Promise<void> {
  await tx.execute(sql`select 1 from ${draws} where ${draws.id} = ${id} for update`);
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function objectCounts(db: Db, drawId: string): Promise<{ selected: number; reserve: number }> {
  const rows = await db.select({ reserve: drawObjects.reserve, n: count() }).from(drawObjects).where(eq(drawObjects.drawId, drawId)).groupBy(drawObjects.reserve);
  return { selected: rows.find((r) => !r.reserve)?.n ?? 0, reserve: rows.find((r) => r.reserve)?.n ?? 0 };
}

export async function listObjects(db: Db, drawId: string, query: { reserve?: boolean | undefined; page: number; pageSize: number }) {
  const where = and(eq(drawObjects.drawId, drawId), query.reserve === undefined ? undefined : eq(drawObjects.reserve, query.reserve));
  const [rows, totals] = await Promise.all([
    db.select({
      entityId: drawObjects.entityId, identifier: marketEntities.code, name: marketEntities.name, regionCode: marketEntities.regionCode,
      stratum: drawObjects.stratum, rank: drawObjects.rank, reserve: drawObjects.reserve,
    }).from(drawObjects).innerJoin(marketEntities, eq(marketEntities.id, drawObjects.entityId)).where(where)
      .orderBy(asc(drawObjects.reserve), asc(drawObjects.stratum), asc(drawObjects.rank)).limit(query.pageSize).offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(drawObjects).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}
