import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { resolveDataScope, type DataScopeKind } from '../../../domain/access/data_scope';
import { isPermission, type Permission } from '../../../domain/access/permissions';
import type { Db } from '../../db/database';
import { departments, regions, roles, sessions, userRoles, users } from '../../db/schema';
import type { AuthContext } from '../../http/request_context';

export const SESSION_COOKIE = 'suiji_sid';
export const CSRF_COOKIE = 'suiji_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface SessionPolicy {
  readonly ttlHours: number;
  readonly idleMinutes: number;
}

export async function createSession(
  tx: Db, userId: string, now: Date, policy: SessionPolicy, client: { ip: string; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + policy.ttlHours * 3_600_000);
  await tx.insert(sessions).values({
    tokenHash: sha256Hex(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt,
    ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export async function deleteSession(tx: Db, tokenHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user, except the one whose hash is `keep` (the caller's own). */
export async function deleteUserSessions(tx: Db, userId: string, keep?: string): Promise<void> {
  await tx.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep)) : eq(sessions.userId, userId));
}

/** The roles, permissions and data scope of an active user. */
export async function loadGrants(db: Db, userId: string): Promise<{ roles: { key: string; name: string }[]; permissions: Set<Permission>; grants: { dataScope: DataScopeKind; customDepartmentIds: string[] }[] }> {
  const rows = await db
    .select({ key: roles.key, name: roles.name, permissions: roles.permissions, dataScope: roles.dataScope, customDepartmentIds: roles.customDepartmentIds })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.userId, userId), eq(roles.status, 'active'), isNull(roles.deletedAt)));
  const permissions = new Set<Permission>();
  for (const row of rows) for (const p of row.permissions) if (isPermission(p)) permissions.add(p);
  return {
    roles: rows.map((r) => ({ key: r.key, name: r.name })),
    permissions,
    grants: rows.map((r) => ({ dataScope: r.dataScope as DataScopeKind, customDepartmentIds: r.customDepartmentIds })),
  };
}

/**
 * Resolves a session cookie to the caller. Expired, idle or disabled-user sessions resolve to null
 * (and are deleted). `lastSeenAt` is refreshed at most once a minute.
 */
export async function loadAuthContext(db: Db, token: string, now: Date, policy: SessionPolicy): Promise<AuthContext | null> {
  return (await loadSession(db, sha256Hex(token), now, policy))?.context ?? null;
}

/** loadAuthContext by the token's hash, with the session's expiry (for the per-request cache, auth_cache.ts). */
export async function loadSession(db: Db, tokenHash: string, now: Date, policy: SessionPolicy): Promise<{ context: AuthContext; expiresAt: Date } | null> {
  const [row] = await db
    .select({
      session: sessions, userId: users.id, account: users.account, name: users.name, status: users.status,
      deletedAt: users.deletedAt, mustChangePassword: users.mustChangePassword,
      departmentId: users.departmentId, departmentName: departments.name, regionCode: departments.regionCode, regionName: regions.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(regions, eq(regions.code, departments.regionCode))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return null;
  const idleLimit = new Date(now.getTime() - policy.idleMinutes * 60_000);
  if (row.session.expiresAt <= now || row.session.lastSeenAt < idleLimit || row.status !== 'active' || row.deletedAt) {
    await deleteSession(db, tokenHash);
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  const { roles: roleList, permissions, grants } = await loadGrants(db, row.userId);
  const context: AuthContext = {
    user: {
      id: row.userId, account: row.account, name: row.name, departmentId: row.departmentId,
      departmentName: row.departmentName, regionCode: row.regionCode, regionName: row.regionName,
    },
    roles: roleList,
    permissions,
    scope: resolveDataScope({ userId: row.userId, departmentId: row.departmentId, regionCode: row.regionCode }, grants),
    sessionTokenHash: tokenHash,
    csrfToken: row.session.csrfToken,
    mustChangePassword: row.mustChangePassword,
  };
  return { context, expiresAt: row.session.expiresAt };
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.expiresAt} <= ${now}`);
}

export async function usersWithRoles(db: Db, userIds: string[]): Promise<Map<string, { key: string; name: string }[]>> {
  const map = new Map<string, { key: string; name: string }[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select({ userId: userRoles.userId, key: roles.key, name: roles.name }).from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId)).where(inArray(userRoles.userId, userIds));
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), { key: row.key, name: row.name }]);
  return map;
}
