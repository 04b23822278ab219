/**
 * What every installation needs before the first request: the code tables, the built-in roles and
 * one system administrator. Idempotent: it only adds what is missing.
 */
import { randomBytes } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { BUILTIN_ROLES } from '../domain/access/roles';
import type { Db } from './db/database';
import { regions, roles, userRoles, users } from './db/schema';
import { hashPassword } from './modules/auth/password';

export interface RegionSeed { code: string; name: string; parentCode: string | null; level: number }

export async function ensureRegions(db: Db, table: readonly RegionSeed[]): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(regions);
  if ((existing?.n ?? 0) >= table.length) return 0;
  for (let i = 0; i < table.length; i += 1000) {
    await db.insert(regions).values(table.slice(i, i + 1000).map((r) => ({ ...r }))).onConflictDoNothing();
  }
  return table.length;
}

export async function ensureBuiltinRoles(db: Db): Promise<Map<string, string>> {
  const keys = BUILTIN_ROLES.map((r) => r.key);
  const present = await db.select({ id: roles.id, key: roles.key }).from(roles).where(inArray(roles.key, keys));
  const byKey = new Map(present.map((r) => [r.key, r.id]));
  for (const role of BUILTIN_ROLES) {
    if (byKey.has(role.key)) continue;
    const [row] = await db.insert(roles).values({
      key: role.key, name: role.name, dataScope: role.dataScope, permissions: [...role.permissions], builtin: true, remark: role.remark,
    }).returning({ id: roles.id });
    if (row) byKey.set(role.key, row.id);
  }
  return byKey;
}

/**
 * Creates the first system administrator when there are no users. In production the password is
 * random, printed once, and must be changed at first login; in development it is the demo password.
 */
export async function ensureAdministrator(db: Db, options: { production: boolean; demoPassword: string }): Promise<{ account: string; password: string } | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;
  const roleIds = await ensureBuiltinRoles(db);
  const password = options.production ? `${randomBytes(9).toString('base64url')}a1` : options.demoPassword;
  const [admin] = await db.insert(users).values({
    account: 'admin', name: '系统管理员', passwordHash: await hashPassword(password), mustChangePassword: options.production,
  }).returning({ id: users.id });
  const roleId = roleIds.get('system_admin');
  if (!admin || !roleId) throw new Error('bootstrap could not create the administrator');
  await db.insert(userRoles).values({ userId: admin.id, roleId });
  return { account: 'admin', password };
}

export async function userIdByAccount(db: Db, account: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.account, account));
  return row?.id ?? null;
}
