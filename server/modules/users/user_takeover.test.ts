/**
 * Issue #7 item 1: a caller may reset, disable, enable, delete, edit or re-role a user only when it
 * could assign every role that user holds. Every pair of built-in roles × every user-mutating route.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../../domain/access/roles';
import { roles, userRoles, users } from '../../db/schema';
import { BUILTIN_ROLE_KEYS, startTestServer, TEST_PASSWORD, type Client, type TestServer } from '../../test/harness';
import { hashPassword } from '../auth/password';
import type { ImportResult, UserRow } from './schema';

let server: TestServer;
let roleId: Map<string, string>;
let passwordHash: string;
beforeAll(async () => {
  server = await startTestServer();
  const rows = await server.db.select({ id: roles.id, key: roles.key }).from(roles).where(inArray(roles.key, BUILTIN_ROLE_KEYS));
  roleId = new Map(rows.map((r) => [r.key, r.id]));
  passwordHash = await hashPassword(TEST_PASSWORD);
}, 120_000);
afterAll(async () => { await server.close(); });

/** Written out by hand from domain/access/roles.ts: which built-in roles each built-in role may assign. */
const MAY_ACT_ON: Record<string, readonly string[]> = {
  system_admin: BUILTIN_ROLE_KEYS,
  joint_office: ['joint_office', 'dept_head', 'justice_reviewer', 'inspector'],
  // Not dept_head: the head approves plans and tasks the administrator drafts (separation of duties).
  dept_admin: ['dept_admin', 'inspector'],
  dept_head: [], justice_reviewer: [], draw_supervisor: [], inspector: [],
};

const ACTIONS = ['reset-password', 'disable', 'enable', 'delete', 'update', 'roles'] as const;
type Action = (typeof ACTIONS)[number];

function id(key: string): string {
  const value = roleId.get(key);
  if (!value) throw new Error(`built-in role ${key}`);
  return value;
}

async function addUser(account: string, roleKey: string, status: 'active' | 'disabled' = 'active'): Promise<string> {
  const [row] = await server.db.insert(users).values({
    account, name: `用户${account}`.slice(0, 32), departmentId: server.fixture.departments.chaoyangMarket, status, passwordHash,
  }).returning({ id: users.id });
  if (!row) throw new Error('test user');
  await server.db.insert(userRoles).values({ userId: row.id, roleId: id(roleKey) });
  return row.id;
}

async function snapshot(userId: string) {
  const [row] = await server.db.select().from(users).where(eq(users.id, userId));
  const held = await server.db.select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, userId));
  return { ...row, roleIds: held.map((r) => r.roleId).sort() };
}

function act(client: Client, action: Action, targetId: string, targetRole: string, callerRole: string) {
  const body = (status: 'active' | 'disabled', roleIds: string[], name = `用户改名`) => ({
    name, departmentId: server.fixture.departments.chaoyangMarket, phone: null, status, roleIds,
  });
  const url = `/api/system/users/${targetId}`;
  switch (action) {
    case 'reset-password': return client.post(`${url}/reset-password`, { password: 'Taken2026x' });
    // An attacker keeps the roleIds assignable, so the role check of 修改用户 alone does not stop it.
    case 'disable': return client.put(url, body('disabled', [id('inspector')]));
    case 'enable': return client.put(url, body('active', [id('inspector')]));
    case 'delete': return client.delete(url);
    case 'update': return client.put(url, body('active', [id(targetRole)]));
    // A second role the caller may assign (a 部门管理员 may not assign 部门负责人).
    case 'roles': return client.put(url, body('active', [id('inspector'), id(callerRole === 'dept_admin' ? 'dept_admin' : 'dept_head')]));
  }
}

describe('acting on another user needs every role that user holds to be assignable', () => {
  for (const callerRole of BUILTIN_ROLE_KEYS) {
    it(`as ${callerRole}`, async () => {
      await addUser(`c_${callerRole}`, callerRole);
      const caller = await server.as(`c_${callerRole}`);
      for (const targetRole of BUILTIN_ROLE_KEYS) {
        for (const action of ACTIONS) {
          const label = `${callerRole} → ${targetRole} ${action}`;
          const targetId = await addUser(`t${BUILTIN_ROLE_KEYS.indexOf(callerRole)}_${BUILTIN_ROLE_KEYS.indexOf(targetRole)}_${action}`, targetRole, action === 'enable' ? 'disabled' : 'active');
          const before = await snapshot(targetId);
          // The list's answer for the row is the route's: the same refusal, word for word (callers who may list users).
          const shown = await caller.get(`/api/system/users/${targetId}`);
          const offered = shown.statusCode === 200 ? shown.json<UserRow>().actions : null;
          const capability = offered && (action === 'delete' ? offered.delete : action === 'reset-password' ? offered.resetPassword : offered.edit);
          const response = await act(caller, action, targetId, targetRole, callerRole);
          const after = await snapshot(targetId);
          if (!MAY_ACT_ON[callerRole]?.includes(targetRole)) {
            expect(response.statusCode, `${label}: ${response.body}`).toBe(403);
            expect(response.json(), label).toMatchObject({ code: 'FORBIDDEN' });
            const message = response.json<{ message: string }>().message;
            // A caller without the action's permission is refused by the permission, before any row rule.
            if (offered && !message.startsWith('没有权限')) {
              expect(capability, label).toMatch(/无权分配的角色/);
              expect(message, label).toBe(capability);
            }
            expect(after, label).toEqual(before);
            continue;
          }
          expect(capability, label).toBeNull();
          expect(response.statusCode, `${label}: ${response.body}`).toBe(action === 'reset-password' || action === 'delete' ? 204 : 200);
          switch (action) {
            case 'reset-password': expect(after.passwordHash, label).not.toBe(before.passwordHash); break;
            case 'disable': expect(after.status, label).toBe('disabled'); break;
            case 'enable': expect(after.status, label).toBe('active'); break;
            case 'delete': expect(after.deletedAt, label).not.toBeNull(); break;
            case 'update': expect(after.name, label).toBe('用户改名'); break;
            case 'roles': expect(after.roleIds, label).toEqual([id('inspector'), id(callerRole === 'dept_admin' ? 'dept_admin' : 'dept_head')].sort()); break;
          }
        }
      }
    });
  }

  it('has a row for every built-in role', () => {
    expect(Object.keys(MAY_ACT_ON).sort()).toEqual(BUILTIN_ROLES.map((r) => r.key).sort());
  });

  it('stops a 双随机办 account from taking over a 系统管理员 in its region (the reported attack)', async () => {
    const adminId = await addUser('placed_admin', 'system_admin');
    const joint = await server.as('joint');
    const reset = await joint.post(`/api/system/users/${adminId}/reset-password`, { password: 'Taken2026x' });
    expect(reset.statusCode).toBe(403);
    expect(reset.json<{ message: string }>().message).toContain('系统管理员');
    const anon = await server.anon();
    expect((await anon.post('/api/auth/login', { account: 'placed_admin', password: 'Taken2026x' })).statusCode).toBe(401);
  });
});

describe('acting on oneself', () => {
  it('cannot change one\'s own roles or reset one\'s own password, but may edit one\'s name', async () => {
    const selfId = await addUser('self_joint', 'joint_office');
    const self = await server.as('self_joint');
    const body = { name: '本人', departmentId: server.fixture.departments.chaoyangMarket, phone: null, status: 'active', roleIds: [id('joint_office'), id('dept_head')] };
    const escalate = await self.put(`/api/system/users/${selfId}`, body);
    expect(escalate.statusCode).toBe(403);
    const reset = await self.post(`/api/system/users/${selfId}/reset-password`, { password: 'Mine2026pass' });
    expect(reset.statusCode).toBe(403);
    const offered = (await self.get('/api/system/users?pageSize=100')).json<{ rows: UserRow[] }>().rows.find((r) => r.id === selfId)?.actions;
    expect(offered).toEqual({ edit: null, delete: '不能删除自己的账号', resetPassword: reset.json<{ message: string }>().message });
    const removed = await self.delete(`/api/system/users/${selfId}`);
    expect(removed.statusCode).toBe(403);
    expect(removed.json<{ message: string }>().message).toBe(offered?.delete);
    const before = await snapshot(selfId);
    expect(before.roleIds).toEqual([id('joint_office')]);
    const rename = await self.put(`/api/system/users/${selfId}`, { ...body, roleIds: [id('joint_office')] });
    expect(rename.statusCode).toBe(200);
    expect((await snapshot(selfId)).name).toBe('本人');
  });
});

describe('user import', () => {
  function upload(client: Client, csv: string) {
    const boundary = '----suiji-takeover-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from(csv), Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return client.raw('POST', '/api/system/users/import?mode=valid_rows', payload, { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': client.csrf });
  }

  it('does not overwrite an existing account holding a role the importer could not assign, nor the importer\'s own roles', async () => {
    const adminId = await addUser('import_admin', 'system_admin');
    const inspectorId = await addUser('import_inspector', 'inspector');
    const importerId = await addUser('importer', 'dept_admin');
    const importer = await server.as('importer');
    const before = await snapshot(adminId);
    const csv = [
      '账号,姓名,部门,联系电话,角色,状态,初始密码',
      'import_admin,夺权,长春市朝阳区市场监督管理局,,执法检查人员,停用,',
      'importer,本人,长春市朝阳区市场监督管理局,,部门管理员、执法检查人员,正常,',
      'import_inspector,检查员乙,长春市朝阳区市场监督管理局,,执法检查人员,正常,',
    ].join('\r\n');
    const response = await upload(importer, csv);
    expect(response.statusCode).toBe(200);
    const result = response.json<ImportResult>();
    expect(result).toMatchObject({ updated: 1, rejected: 2 });
    expect(result.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 2, column: '账号', message: expect.stringContaining('系统管理员') as unknown }),
      expect.objectContaining({ row: 3, column: '角色', message: '不能修改自己的角色' }),
    ]));
    expect(await snapshot(adminId)).toEqual(before);
    expect((await snapshot(importerId)).roleIds).toEqual([id('dept_admin')]);
    expect((await snapshot(inspectorId)).name).toBe('检查员乙');
  });
});
