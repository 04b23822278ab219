/**
 * 角色. Roles are not region-scoped records: who may see and edit them is decided by permission
 * alone. What a role may grant is bounded by the editor (routes.ts), not by a scope predicate.
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { DATA_SCOPE_KINDS, type DataScope, type DataScopeKind } from '../../../domain/access/data_scope';
import { ALL_PERMISSIONS, isPermission } from '../../../domain/access/permissions';
import type { Db } from '../../db/database';
import { departments, roles, userRoles, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { RoleInput, RoleOption, RoleQuery, RoleRecord } from './schema';

const userCount = sql<number>`(select count(*)::int from ${userRoles} ur join ${users} u on u.id = ur.user_id where ur.role_id = ${roles}.id and u.deleted_at is null)`;

const rowColumns = {
  id: roles.id, key: roles.key, name: roles.name, dataScope: roles.dataScope, customDepartmentIds: roles.customDepartmentIds,
  permissions: roles.permissions, builtin: roles.builtin, status: roles.status, remark: roles.remark, userCount, createdAt: roles.createdAt,
};

type RawRow = Omit<RoleRecord, 'dataScope' | 'permissions' | 'status' | 'createdAt' | 'userCount'> & {
  dataScope: string; permissions: string[]; status: string; createdAt: Date; userCount: unknown;
};

/** Permissions in the order of the catalog (as the role editor shows them), without duplicates. */
function inCatalogOrder<T extends string>(keys: readonly T[]): T[] {
  const wanted = new Set<string>(keys);
  return ALL_PERMISSIONS.filter((p) => wanted.has(p)) as string[] as T[];
}

function present(row: RawRow): RoleRecord {
  return {
    ...row,
    // A key dropped from the catalog (or a scope kind from the code) is ignored here, as loadGrants ignores it.
    dataScope: (DATA_SCOPE_KINDS as readonly string[]).includes(row.dataScope) ? row.dataScope as DataScopeKind : 'self',
    permissions: inCatalogOrder(row.permissions.filter(isPermission)),
    status: row.status === 'disabled' ? 'disabled' : 'active',
    userCount: Number(row.userCount),
    createdAt: row.createdAt.toISOString(),
  };
}

function filtersWhere(query: Partial<RoleQuery>): SQL | undefined {
  return and(
    isNull(roles.deletedAt),
    query.name ? or(sql`${roles.name} ilike ${likeContains(query.name)}`, sql`${roles.key} ilike ${likeContains(query.name)}`) : undefined,
    query.status ? eq(roles.status, query.status) : undefined,
  );
}

export async function listRoles(db: Db, query: RoleQuery): Promise<Page<RoleRecord>> {
  const where = filtersWhere(query);
  const [rows, totals] = await Promise.all([
    db.select(rowColumns).from(roles).where(where).orderBy(desc(roles.builtin), asc(roles.createdAt), asc(roles.key))
      .limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(roles).where(where),
  ]);
  return { rows: rows.map(present), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getRole(db: Db, id: string): Promise<RoleRecord | null> {
  const [row] = await db.select(rowColumns).from(roles).where(and(eq(roles.id, id), isNull(roles.deletedAt)));
  return row ? present(row) : null;
}

export async function roleOptions(db: Db): Promise<RoleOption[]> {
  return db.select({ id: roles.id, key: roles.key, name: roles.name }).from(roles)
    .where(and(isNull(roles.deletedAt), eq(roles.status, 'active'))).orderBy(desc(roles.builtin), asc(roles.createdAt), asc(roles.key));
}

/** Of `ids`, the departments that exist and lie in the caller's scope. */
export async function departmentsInScope(db: Db, scope: DataScope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: departments.id }).from(departments).where(and(
    inArray(departments.id, [...ids]), isNull(departments.deletedAt),
    scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id }),
  ));
  return new Set(rows.map((r) => r.id));
}

function values(input: RoleInput) {
  return {
    key: input.key, name: input.name, dataScope: input.dataScope,
    customDepartmentIds: input.dataScope === 'custom' ? [...new Set(input.customDepartmentIds)] : [],
    permissions: inCatalogOrder(input.permissions), status: input.status, remark: input.remark,
  };
}

export async function insertRole(tx: Db, input: RoleInput, now: Date): Promise<string> {
  const [row] = await tx.insert(roles).values({ ...values(input), createdAt: now, updatedAt: now }).returning({ id: roles.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateRole(tx: Db, id: string, input: RoleInput, now: Date): Promise<void> {
  await tx.update(roles).set({ ...values(input), updatedAt: now }).where(eq(roles.id, id));
}

export async function softDeleteRole(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(roles).set({ deletedAt: now, updatedAt: now }).where(eq(roles.id, id));
}

/** The fields of a role an update changes (sets compared as sets). */
export function changedFields(before: RoleRecord, input: RoleInput): string[] {
  const after = values(input);
  const sameSet = (a: readonly string[], b: readonly string[]) => [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
  const changed: string[] = [];
  for (const field of ['key', 'name', 'dataScope', 'status', 'remark'] as const) if (before[field] !== after[field]) changed.push(field);
  if (!sameSet(before.customDepartmentIds, after.customDepartmentIds)) changed.push('customDepartmentIds');
  if (!sameSet(before.permissions, after.permissions)) changed.push('permissions');
  return changed;
}
