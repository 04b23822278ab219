import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { canAssignRole, type RoleAssigner } from '../../../domain/access/roles';
import type { Db } from '../../db/database';
import { departments, loginThrottle, regions, roles, userRoles, users } from '../../db/schema';
import { ACCOUNT_KEY_PREFIX } from '../auth/throttle';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { UserQuery, UserRecord } from './schema';
import { byPinyin } from '../../db/pinyin_order';

/** A user is in scope through their department's region or department, or as the caller themself. */
export function userScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: departments.regionCode, departmentId: users.departmentId, ownerUserId: users.id });
}

const columns = {
  id: users.id, account: users.account, name: users.name, departmentId: users.departmentId, departmentName: departments.name,
  regionName: regions.name, phone: users.phone, status: users.status, mustChangePassword: users.mustChangePassword,
  lockedUntil: loginThrottle.lockedUntil, lastLoginAt: users.lastLoginAt, createdAt: users.createdAt,
};

async function attachRoles(db: Db, rows: { id: string }[]): Promise<Map<string, UserRecord['roles']>> {
  const map = new Map<string, UserRecord['roles']>();
  if (rows.length === 0) return map;
  const links = await db.select({ userId: userRoles.userId, id: roles.id, key: roles.key, name: roles.name }).from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId)).where(inArray(userRoles.userId, rows.map((r) => r.id))).orderBy(asc(roles.name));
  for (const link of links) map.set(link.userId, [...(map.get(link.userId) ?? []), { id: link.id, key: link.key, name: link.name }]);
  return map;
}

function baseQuery(db: Db) {
  return db.select(columns).from(users).leftJoin(departments, eq(departments.id, users.departmentId)).leftJoin(regions, eq(regions.code, departments.regionCode))
    .leftJoin(loginThrottle, eq(loginThrottle.key, sql`${ACCOUNT_KEY_PREFIX}::text || ${users.account}`));
}

function present(row: Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number], roleMap: Map<string, UserRecord['roles']>, now: Date): UserRecord {
  return {
    id: row.id, account: row.account, name: row.name, departmentId: row.departmentId, departmentName: row.departmentName,
    regionName: row.regionName, phone: row.phone, status: row.status === 'disabled' ? 'disabled' : 'active',
    roles: roleMap.get(row.id) ?? [], mustChangePassword: row.mustChangePassword,
    locked: Boolean(row.lockedUntil && row.lockedUntil > now), lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listUsers(db: Db, scope: DataScope, query: UserQuery, now: Date): Promise<Page<UserRecord>> {
  const where = and(
    isNull(users.deletedAt), userScope(scope),
    query.account ? sql`${users.account} ilike ${likeContains(query.account)}` : undefined,
    query.name ? sql`${users.name} ilike ${likeContains(query.name)}` : undefined,
    query.phone ? sql`${users.phone} like ${likeContains(query.phone)}` : undefined,
    query.departmentId ? eq(users.departmentId, query.departmentId) : undefined,
    query.status ? eq(users.status, query.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    baseQuery(db).where(where).orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), asc(users.account)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(users).leftJoin(departments, eq(departments.id, users.departmentId)).where(where),
  ]);
  const roleMap = await attachRoles(db, rows);
  return { rows: rows.map((r) => present(r, roleMap, now)), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getUserInScope(db: Db, scope: DataScope, id: string, now: Date): Promise<UserRecord | null> {
  const [row] = await baseQuery(db).where(and(eq(users.id, id), isNull(users.deletedAt), userScope(scope)));
  if (!row) return null;
  return present(row, await attachRoles(db, [row]), now);
}

export async function findUserByAccount(db: Db, account: string): Promise<{ id: string; departmentId: string | null } | null> {
  const [row] = await db.select({ id: users.id, departmentId: users.departmentId }).from(users).where(and(eq(users.account, account), isNull(users.deletedAt)));
  return row ?? null;
}

export interface AssignableRole { id: string; key: string; name: string }

/** Roles the caller may give to others (`canAssignRole`): nobody creates an account more powerful than themselves. */
export async function assignableRoles(db: Db, caller: RoleAssigner): Promise<AssignableRole[]> {
  const rows = await db.select({ id: roles.id, key: roles.key, name: roles.name, permissions: roles.permissions, dataScope: roles.dataScope })
    .from(roles).where(and(isNull(roles.deletedAt), eq(roles.status, 'active'))).orderBy(asc(roles.name));
  return rows.filter((r) => canAssignRole(caller, r)).map(({ id, key, name }) => ({ id, key, name }));
}

/**
 * The roles each user holds that the caller could not assign. A disabled role counts (it may be
 * enabled again); a deleted one grants nothing and does not.
 */
export async function rolesBeyondCaller(db: Db, caller: RoleAssigner, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const beyond = new Map<string, string[]>();
  if (userIds.length === 0) return beyond;
  const rows = await db.select({ userId: userRoles.userId, name: roles.name, permissions: roles.permissions, dataScope: roles.dataScope })
    .from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(inArray(userRoles.userId, [...userIds]), isNull(roles.deletedAt))).orderBy(asc(roles.name));
  for (const row of rows) if (!canAssignRole(caller, row)) beyond.set(row.userId, [...(beyond.get(row.userId) ?? []), row.name]);
  return beyond;
}

export async function departmentInScope(db: Db, scope: DataScope, departmentId: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(and(eq(departments.id, departmentId), isNull(departments.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })));
  return row ?? null;
}

export async function setUserRoles(tx: Db, userId: string, roleIds: readonly string[]): Promise<void> {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleIds.length > 0) await tx.insert(userRoles).values([...new Set(roleIds)].map((roleId) => ({ userId, roleId })));
}
