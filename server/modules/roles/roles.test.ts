import { randomUUID } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../../domain/access/permissions';
import { domainEvents, roles, userRoles, users } from '../../db/schema';
import { addUserWithPermissions } from '../../test/extra_users';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../test/harness';
import { waitForOperation } from '../../test/operations';
import { hashPassword } from '../auth/password';
import type { PermissionEntry, RoleOption, RoleRow } from './schema';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await addUserWithPermissions(server, 'rolemanager', ['system:region:list', 'system:role:list', 'system:role:create', 'system:role:update', 'system:role:delete', 'system:department:list']);
});
afterAll(async () => { await server.close(); });

const valid = { key: 'market_inspector', name: '市场监管执法人员', dataScope: 'department', permissions: ['system:region:list'], status: 'active', remark: '现场检查' };
type Page = { rows: RoleRow[]; total: number };

async function builtin(key: string): Promise<RoleRow> {
  const page = (await (await server.as('admin')).get('/api/system/roles?pageSize=100')).json<Page>();
  const role = page.rows.find((r) => r.key === key);
  if (!role) throw new Error(key);
  return role;
}

describe('roles', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/system/roles', 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/system/permissions', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/roles', 'joint', valid);
    const anyRole = (await builtin('inspector')).id;
    await expectAuthRefusals(server, 'GET', `/api/system/roles/${anyRole}`, 'inspector');
    await expectAuthRefusals(server, 'PUT', `/api/system/roles/${anyRole}`, 'joint', { ...valid, key: 'inspector' });
    await expectAuthRefusals(server, 'DELETE', `/api/system/roles/${anyRole}`, 'joint');
    expect((await (await server.anon()).get('/api/system/roles/options')).statusCode).toBe(401);
  });

  it('lists roles with their user counts and filters by name and status', async () => {
    const joint = await server.as('joint');
    const page = (await joint.get('/api/system/roles?pageSize=100')).json<Page>();
    expect(page.rows.slice(0, 7).map((r) => r.key)).toEqual(['system_admin', 'joint_office', 'dept_admin', 'dept_head', 'justice_reviewer', 'draw_supervisor', 'inspector']);
    expect(page.rows.find((r) => r.key === 'dept_admin')).toMatchObject({ name: '部门管理员', dataScope: 'department', builtin: true, userCount: 3 });
    expect(page.rows.find((r) => r.key === 'system_admin')?.permissions).toHaveLength(ALL_PERMISSIONS.length);
    const named = (await joint.get(`/api/system/roles?name=${encodeURIComponent('管理员')}`)).json<Page>();
    expect(named.rows.map((r) => r.key).sort()).toEqual(['dept_admin', 'system_admin']);
    expect((await joint.get('/api/system/roles?name=draw_')).json<Page>().rows.map((r) => r.key)).toEqual(['draw_supervisor']);
    expect((await joint.get('/api/system/roles?status=disabled')).json<Page>().total).toBe(0);
  });

  it('serves the permission catalog with module labels, and role options to any user', async () => {
    const catalog = (await (await server.as('joint')).get('/api/system/permissions')).json<PermissionEntry[]>();
    expect(catalog).toHaveLength(ALL_PERMISSIONS.length);
    expect(catalog.find((p) => p.key === 'monitor:login-log:list')).toEqual({ key: 'monitor:login-log:list', label: '登录日志-查询', module: 'monitor', moduleLabel: '系统监控' });
    expect(catalog.find((p) => p.key === 'system:role:create')).toMatchObject({ module: 'system', moduleLabel: '系统管理' });
    const options = (await (await server.as('inspector')).get('/api/system/roles/options')).json<RoleOption[]>();
    expect(options.map((o) => o.key)).toContain('inspector');
    expect(Object.keys(options[0] ?? {}).sort()).toEqual(['id', 'key', 'name']);
  });

  it('answers 404 for a role that does not exist', async () => {
    const admin = await server.as('admin');
    const missing = randomUUID();
    expect((await admin.get(`/api/system/roles/${missing}`)).json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/角色/) as unknown });
    expect((await admin.put(`/api/system/roles/${missing}`, valid)).statusCode).toBe(404);
    expect((await admin.delete(`/api/system/roles/${missing}`)).statusCode).toBe(404);
  });

  it('rejects each invalid field with a Chinese message naming it', async () => {
    const admin = await server.as('admin');
    await expectFieldErrors(admin, 'POST', '/api/system/roles', valid, {
      key: ['', 'x', 'Admin', '1abc', 'bad-key', 'a'.repeat(41), 7],
      name: ['', '   ', 'a'.repeat(41), 'bad\u0007name', 42],
      dataScope: ['everything', null],
      customDepartmentIds: ['not-an-array', ['not-a-uuid']],
      permissions: [['system:nonsense'], 'system:role:list'],
      status: ['deleted'],
      remark: ['a'.repeat(201)],
    });
  });

  it('lets no editor grant more than they hold', async () => {
    const manager = await server.as('rolemanager');
    const { chaoyangMarket, jilinMarket } = server.fixture.departments;
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ permissions: ['monitor:audit-chain:verify'] }, 'permissions', /不能授予本人没有的权限：留痕校验-执行/],
      [{ dataScope: 'all' }, 'dataScope', /全部数据/],
      [{ dataScope: 'custom', customDepartmentIds: [] }, 'customDepartmentIds', /至少选择一个部门/],
      [{ dataScope: 'custom', customDepartmentIds: [chaoyangMarket, jilinMarket] }, 'customDepartmentIds', /不在您的数据权限范围内/],
      [{ dataScope: 'custom', customDepartmentIds: [randomUUID()] }, 'customDepartmentIds', /不存在/],
    ];
    for (const [change, field, message] of refusals) {
      const response = await manager.post('/api/system/roles', { ...valid, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      const body = response.json<{ message: string; details: { field: string }[] }>();
      expect(body.details.map((d) => d.field)).toEqual([field]);
      expect(body.message).toMatch(message);
    }
    const created = await manager.post('/api/system/roles', { ...valid, key: 'chaoyang_watch', dataScope: 'custom', customDepartmentIds: [chaoyangMarket] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<RoleRow>()).toMatchObject({ dataScope: 'custom', customDepartmentIds: [chaoyangMarket] });
  });

  it('lets no editor change or delete a role more powerful than themselves (issue #7 item 1)', async () => {
    const manager = await server.as('rolemanager');
    const admin = await builtin('system_admin');
    const seen = (await manager.get('/api/system/roles?pageSize=100')).json<Page>().rows.find((r) => r.id === admin.id);
    const reason = '角色「系统管理员」含有您没有的权限或更大的数据权限范围，不能修改或删除';
    expect(seen?.actions).toEqual({ edit: reason, delete: reason });
    for (const change of [{ name: '平台管理员' }, { status: 'disabled' }, { permissions: ['system:region:list'] }]) {
      const response = await manager.put(`/api/system/roles/${admin.id}`, { ...admin, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(403);
      expect(response.json<{ message: string }>().message).toBe(reason);
    }
    expect(await builtin('system_admin')).toEqual(admin);
    const [beyond] = await server.db.insert(roles).values({ key: 'beyond_manager', name: '审计角色', dataScope: 'department', permissions: ['monitor:audit-chain:verify'] }).returning({ id: roles.id });
    if (!beyond) throw new Error('role');
    const deleted = await manager.delete(`/api/system/roles/${beyond.id}`);
    expect(deleted.statusCode).toBe(403);
    expect(deleted.json<{ message: string }>().message).toBe((await manager.get(`/api/system/roles/${beyond.id}`)).json<RoleRow>().actions.delete);
    // A role within the editor's reach stays editable.
    const own = await manager.post('/api/system/roles', { ...valid, key: 'own_role' });
    expect(own.json<RoleRow>().actions).toEqual({ edit: null, delete: null });
    expect((await manager.put(`/api/system/roles/${own.json<RoleRow>().id}`, { ...valid, key: 'own_role', name: '改名' })).statusCode).toBe(200);
    expect((await manager.delete(`/api/system/roles/${own.json<RoleRow>().id}`)).statusCode).toBe(204);
  });

  it('creates, updates and deletes, logging each change with its event', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/system/roles', { ...valid, name: '<b>执法</b>\'; drop table roles;--', customDepartmentIds: [server.fixture.departments.jilinMarket] });
    expect(created.statusCode, created.body).toBe(201);
    const role = created.json<RoleRow>();
    expect(role).toMatchObject({ key: 'market_inspector', name: '<b>执法</b>\'; drop table roles;--', builtin: false, userCount: 0, customDepartmentIds: [] });
    let op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:role:create', summary: '新增角色', outcome: 'success', targetType: 'role', targetId: role.id, actorName: '系统管理员' });
    const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
    expect(event).toMatchObject({ operationSeq: op?.seq, type: 'RoleCreated', payload: { roleId: role.id, key: 'market_inspector' } });

    const duplicate = await admin.post('/api/system/roles', { ...valid, name: '另一个' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'ROLE_KEY_TAKEN' });
    await waitForOperation(server, { action: 'system:role:create', outcome: 'failure', errorCode: 'ROLE_KEY_TAKEN' });

    const updated = await admin.put(`/api/system/roles/${role.id}`, { ...valid, name: '执法人员', permissions: ['system:department:list', 'system:region:list'] });
    expect(updated.statusCode).toBe(200);
    // Stored in catalog order, whatever the order sent.
    expect(updated.json<RoleRow>()).toMatchObject({ name: '执法人员', permissions: ['system:region:list', 'system:department:list'] });
    op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:role:update', summary: '修改角色', targetId: role.id });
    expect(op?.detail).toEqual({ changed: ['name', 'permissions'], granted: ['system:department:list'], revoked: [] });

    const deleted = await admin.delete(`/api/system/roles/${role.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await admin.get(`/api/system/roles/${role.id}`)).statusCode).toBe(404);
    expect(await lastOperation(server)).toMatchObject({ action: 'system:role:delete', summary: '删除角色', outcome: 'success', targetId: role.id });
    // The key is free again.
    expect((await admin.post('/api/system/roles', valid)).statusCode).toBe(201);
  });

  it('refuses to delete a builtin role, a role with users, or to rename a builtin role\'s key', async () => {
    const admin = await server.as('admin');
    const inspector = await builtin('inspector');
    const builtinDelete = await admin.delete(`/api/system/roles/${inspector.id}`);
    expect(builtinDelete.statusCode).toBe(409);
    expect(builtinDelete.json()).toMatchObject({ code: 'ROLE_BUILTIN', message: inspector.actions.delete });
    expect(inspector.actions).toMatchObject({ edit: null, delete: expect.stringMatching(/内置角色/) as unknown });
    const rekey = await admin.put(`/api/system/roles/${inspector.id}`, { ...inspector, key: 'field_inspector' });
    expect(rekey.statusCode).toBe(400);
    expect(rekey.json()).toMatchObject({ details: [{ field: 'key', message: '内置角色的标识不能修改' }] });

    const custom = (await admin.post('/api/system/roles', { ...valid, key: 'in_use' })).json<RoleRow>();
    const [user] = await server.db.insert(users).values({ account: 'holder', name: '持有人', passwordHash: 'x' }).returning({ id: users.id });
    await server.db.insert(userRoles).values({ userId: user!.id, roleId: custom.id });
    const inUse = await admin.delete(`/api/system/roles/${custom.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'ROLE_HAS_USERS', message: expect.stringMatching(/还有 1 个用户/) as unknown });
    expect((await admin.get(`/api/system/roles/${custom.id}`)).json<RoleRow>().actions.delete).toBe(inUse.json<{ message: string }>().message);
  });

  it('applies a change of permissions or status at the holder\'s next request', async () => {
    const admin = await server.as('admin');
    const role = (await admin.post('/api/system/roles', { ...valid, key: 'growing', dataScope: 'region_and_below' })).json<RoleRow>();
    const [user] = await server.db.insert(users).values({
      account: 'grower', name: '成长', departmentId: server.fixture.departments.cityJointOffice, passwordHash: await hashPassword(TEST_PASSWORD),
    }).returning({ id: users.id });
    await server.db.insert(userRoles).values({ userId: user!.id, roleId: role.id });
    const grower = await server.as('grower');
    expect((await grower.get('/api/system/departments')).statusCode).toBe(403);
    await admin.put(`/api/system/roles/${role.id}`, { ...valid, key: 'growing', dataScope: 'region_and_below', permissions: ['system:region:list', 'system:department:list'] });
    const granted = await grower.get('/api/system/departments');
    expect(granted.statusCode).toBe(200);
    expect(granted.json<{ total: number }>().total).toBe(4); // 长春: city, 朝阳, 南关, joint office
    await admin.put(`/api/system/roles/${role.id}`, { ...valid, key: 'growing', status: 'disabled', permissions: ['system:region:list', 'system:department:list'] });
    expect((await grower.get('/api/system/departments')).statusCode).toBe(403);
    const options = (await admin.get('/api/system/roles/options')).json<RoleOption[]>();
    expect(options.some((o) => o.key === 'growing')).toBe(false);
  });
});
