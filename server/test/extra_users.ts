/**
 * Test users beyond the fixture: a user holding exactly the given permissions and data scope, so a
 * test can show a 403 (no permission) or a 404 (permission, but the record is out of scope).
 */
import type { DataScopeKind } from '../../domain/access/data_scope';
import type { Permission } from '../../domain/access/permissions';
import { roles, userRoles, users } from '../db/schema';
import { hashPassword } from '../modules/auth/password';
import { TEST_PASSWORD, type TestServer } from './harness';

export async function addUserWithPermissions(
  server: TestServer,
  account: string,
  permissions: readonly Permission[],
  options: { departmentId?: string | null; dataScope?: DataScopeKind } = {},
): Promise<string> {
  const [role] = await server.db.insert(roles).values({
    key: `t_${account.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 40), name: `测试角色 ${account}`.slice(0, 40),
    dataScope: options.dataScope ?? 'region_and_below', permissions: [...permissions],
  }).returning({ id: roles.id });
  const [user] = await server.db.insert(users).values({
    account, name: `测试 ${account}`.slice(0, 32), departmentId: options.departmentId === undefined ? server.fixture.departments.cityJointOffice : options.departmentId,
    passwordHash: await hashPassword(TEST_PASSWORD),
  }).returning({ id: users.id });
  if (!role || !user) throw new Error('test user');
  await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  return user.id;
}
