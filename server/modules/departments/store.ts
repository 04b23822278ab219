import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { departmentTypeLabel } from '../../../domain/org/department_types';
import type { Db } from '../../db/database';
import { departments, regions, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { DepartmentInput, DepartmentOption, DepartmentQuery, DepartmentRow } from './schema';
import { byPinyin } from '../../db/pinyin_order';

/** A department is in scope by its region (本区域及下级) or by itself (本部门/自定义). */
export function departmentScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id });
}

const userCount = sql<number>`(select count(*)::int from ${users} u where u.department_id = ${departments.id} and u.deleted_at is null)`;

const rowColumns = {
  id: departments.id, name: departments.name, shortName: departments.shortName, type: departments.type,
  regionCode: departments.regionCode, regionName: regions.name, sortOrder: departments.sortOrder, status: departments.status,
  phone: departments.phone, userCount, createdAt: departments.createdAt,
};

type RawRow = { [K in keyof typeof rowColumns]: unknown } & { createdAt: Date; regionName: string | null; status: string; type: string };

/** A department with users is not deleted: they would lose their data scope. The delete route refuses with this. */
export function departmentDeleteRefusal(department: { name: string; userCount: number }): string | null {
  return department.userCount > 0 ? `部门「${department.name}」下还有 ${department.userCount} 个用户，请先调出或删除这些用户` : null;
}

function present(row: RawRow): DepartmentRow {
  const userCount = Number(row.userCount);
  return {
    id: row.id as string, name: row.name as string, shortName: row.shortName as string | null, type: row.type,
    typeLabel: departmentTypeLabel(row.type), regionCode: row.regionCode as string, regionName: row.regionName ?? '',
    sortOrder: row.sortOrder as number, status: row.status === 'disabled' ? 'disabled' : 'active', phone: row.phone as string | null,
    userCount, actions: { edit: null, delete: departmentDeleteRefusal({ name: row.name as string, userCount }) }, createdAt: row.createdAt.toISOString(),
  };
}

function filtersWhere(scope: DataScope, query: Partial<DepartmentQuery>): SQL | undefined {
  return and(
    isNull(departments.deletedAt),
    departmentScope(scope),
    query.name ? sql`${departments.name} ilike ${likeContains(query.name)}` : undefined,
    query.type ? eq(departments.type, query.type) : undefined,
    query.regionCode ? sql`${departments.regionCode} like ${`${query.regionCode.replace(/(00)+$/, '')}%`}` : undefined,
    query.status ? eq(departments.status, query.status) : undefined,
  );
}

export async function listDepartments(db: Db, scope: DataScope, query: DepartmentQuery): Promise<Page<DepartmentRow>> {
  const where = filtersWhere(scope, query);
  const [rows, totals] = await Promise.all([
    db.select(rowColumns).from(departments).leftJoin(regions, eq(regions.code, departments.regionCode)).where(where)
      .orderBy(asc(departments.regionCode), asc(departments.sortOrder), ...byPinyin(departments.nameSortKey, departments.name)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(departments).where(where),
  ]);
  return { rows: rows.map(present), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getDepartmentInScope(db: Db, scope: DataScope, id: string): Promise<DepartmentRow | null> {
  const [row] = await db.select(rowColumns).from(departments).leftJoin(regions, eq(regions.code, departments.regionCode))
    .where(and(eq(departments.id, id), isNull(departments.deletedAt), departmentScope(scope)));
  return row ? present(row) : null;
}

export async function departmentOptions(db: Db, scope: DataScope): Promise<DepartmentOption[]> {
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode, type: departments.type })
    .from(departments).where(and(isNull(departments.deletedAt), eq(departments.status, 'active'), departmentScope(scope)))
    .orderBy(asc(departments.regionCode), asc(departments.sortOrder), ...byPinyin(departments.nameSortKey, departments.name));
}

export async function insertDepartment(tx: Db, input: DepartmentInput, now: Date): Promise<string> {
  const [row] = await tx.insert(departments).values({ ...input, createdAt: now, updatedAt: now }).returning({ id: departments.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateDepartment(tx: Db, id: string, input: DepartmentInput, now: Date): Promise<void> {
  await tx.update(departments).set({ ...input, updatedAt: now }).where(eq(departments.id, id));
}

export async function softDeleteDepartment(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(departments).set({ deletedAt: now, updatedAt: now }).where(eq(departments.id, id));
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ code: regions.code }).from(regions).where(and(eq(regions.code, code), eq(regions.enabled, true)));
  return Boolean(row);
}
