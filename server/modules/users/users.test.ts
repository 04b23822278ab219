import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import type { ImportResult, UserRow } from './schema';

let server: TestServer;
let inspectorRole: string;
let adminRole: string;
beforeAll(async () => {
  server = await startTestServer();
  const roles = (await (await server.as('admin')).get('/api/system/users/assignable-roles')).json<{ id: string; key: string }[]>();
  inspectorRole = roles.find((r) => r.key === 'inspector')?.id ?? '';
  adminRole = roles.find((r) => r.key === 'system_admin')?.id ?? '';
});
afterAll(async () => { await server.close(); });

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----suiji-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('users', () => {
  const valid = () => ({ account: 'zhang.san', name: '张三', departmentId: server.fixture.departments.chaoyangMarket, phone: '13912345678', status: 'active', roleIds: [inspectorRole], password: 'Start2026pass' });

  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/system/users', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/users', 'inspector', valid());
    await expectAuthRefusals(server, 'POST', `/api/system/users/${server.fixture.users.nanguan}/reset-password`, 'inspector', { password: 'Abcdef123' });
  });

  it('shows a department administrator only the users of the department', async () => {
    const chaoyang = await server.as('chaoyang');
    const page = (await chaoyang.get('/api/system/users')).json<{ rows: UserRow[] }>();
    expect(page.rows.map((r) => r.account).sort()).toEqual(['chaoyang', 'inspector']);
    const other = await chaoyang.get(`/api/system/users/${server.fixture.users.nanguan}`);
    expect(other.statusCode).toBe(404);
    expect((await chaoyang.put(`/api/system/users/${server.fixture.users.nanguan}`, { ...valid(), departmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(404);
    expect((await chaoyang.delete(`/api/system/users/${server.fixture.users.jilin}`)).statusCode).toBe(404);
  });

  it('rejects each invalid field', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', '/api/system/users', valid(), {
      account: ['', 'ab', '1abc', 'a'.repeat(33), "x' or 1=1--"],
      name: ['', 'a'.repeat(33)],
      departmentId: ['not-a-uuid', server.fixture.departments.nanguanMarket],
      phone: ['123'],
      status: ['gone'],
      roleIds: [[], ['nope'], [adminRole]],
      password: ['short', 'onlyletters', 'zhang.san1'.replace('1', '')],
    });
  });

  it('creates a user who must change the password, logs it, and refuses a duplicate account', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post('/api/system/users', { ...valid(), name: '<b>李四</b>' });
    expect(response.statusCode).toBe(201);
    const user = response.json<UserRow>();
    expect(user).toMatchObject({ account: 'zhang.san', name: '<b>李四</b>', mustChangePassword: true, departmentName: '长春市朝阳区市场监督管理局' });
    expect(await lastOperation(server)).toMatchObject({ action: 'system:user:create', summary: '新增用户', targetId: user.id, outcome: 'success' });
    const again = await chaoyang.post('/api/system/users', valid());
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_TAKEN' });

    const fresh = await server.anon();
    const login = await fresh.post('/api/auth/login', { account: 'zhang.san', password: 'Start2026pass' });
    expect(login.statusCode).toBe(200);
    const blocked = await fresh.get('/api/system/departments/options');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
  });

  it('updates, resets the password and deletes, but never the caller themself', async () => {
    const chaoyang = await server.as('chaoyang');
    const page = (await chaoyang.get('/api/system/users?account=zhang')).json<{ rows: UserRow[] }>();
    const id = page.rows[0]?.id ?? '';
    const updated = await chaoyang.put(`/api/system/users/${id}`, { ...valid(), name: '张三丰', status: 'disabled' });
    expect(updated.json<UserRow>()).toMatchObject({ name: '张三丰', status: 'disabled' });
    expect((await chaoyang.post(`/api/system/users/${id}/reset-password`, { password: 'Reset2026pass' })).statusCode).toBe(204);
    expect((await chaoyang.delete(`/api/system/users/${server.fixture.users.chaoyang}`)).statusCode).toBe(403);
    expect((await chaoyang.delete(`/api/system/users/${id}`)).statusCode).toBe(204);
    expect((await chaoyang.get(`/api/system/users/${id}`)).statusCode).toBe(404);
  });

  it('imports a GBK CSV: all-or-nothing refuses everything on one bad row, valid-rows imports the rest', async () => {
    const chaoyang = await server.as('chaoyang');
    const csv = [
      '账号,姓名,部门,联系电话,角色,状态,初始密码',
      'wang.wu,王五,长春市朝阳区市场监督管理局,13800000001,执法检查人员,正常,Wang2026pass',
      'zhao.liu,赵六,长春市南关区市场监督管理局,,执法检查人员,正常,Zhao2026pass',
      'sun.qi,孙七,长春市朝阳区市场监督管理局,123,系统管理员,正常,',
    ].join('\r\n');
    const body = multipart('用户.csv', iconv.encode(csv, 'gbk'));
    const all = await chaoyang.raw('POST', '/api/system/users/import?mode=all_or_nothing', body.payload, { ...body.headers, 'x-csrf-token': chaoyang.csrf });
    expect(all.statusCode).toBe(200);
    const allResult = all.json<ImportResult>();
    expect(allResult).toMatchObject({ added: 0, updated: 0, rejected: 3 });
    expect(allResult.errors).toEqual(expect.arrayContaining([
      { row: 3, column: '部门', message: '部门「长春市南关区市场监督管理局」不存在或不在您的权限范围内' },
      { row: 4, column: '联系电话', message: '联系电话格式不正确' },
      expect.objectContaining({ row: 4, column: '角色' }),
      { row: 4, column: '初始密码', message: '新账号须填写初始密码' },
    ]));
    expect((await chaoyang.get('/api/system/users?account=wang.wu')).json<{ total: number }>().total).toBe(0);
    const some = await chaoyang.raw('POST', '/api/system/users/import?mode=valid_rows', body.payload, { ...body.headers, 'x-csrf-token': chaoyang.csrf });
    expect(some.json<ImportResult>()).toMatchObject({ added: 1, rejected: 2 });
    expect((await chaoyang.get('/api/system/users?account=wang.wu')).json<{ rows: UserRow[] }>().rows[0]).toMatchObject({ name: '王五' });
  });

  it('rejects files that are not tables', async () => {
    const chaoyang = await server.as('chaoyang');
    for (const [name, content, code] of [
      ['empty.csv', Buffer.alloc(0), 'IMPORT_FILE_INVALID'],
      ['users.pdf', Buffer.from('%PDF-1.4'), 'IMPORT_FILE_INVALID'],
      ['broken.xlsx', Buffer.from('PK\u0003\u0004garbage'), 'IMPORT_FILE_INVALID'],
      ['headers.csv', Buffer.from('姓名,部门\n张三,x\n'), 'IMPORT_FILE_INVALID'],
    ] as const) {
      const body = multipart(name, content);
      const response = await chaoyang.raw('POST', '/api/system/users/import', body.payload, { ...body.headers, 'x-csrf-token': chaoyang.csrf });
      expect(response.statusCode, name).toBe(400);
      expect(response.json<{ code: string; message: string }>().code, name).toBe(code);
    }
  });

  it('downloads the import template and exports the filtered list', async () => {
    const chaoyang = await server.as('chaoyang');
    const template = await chaoyang.get('/api/system/users/import-template');
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exported = await chaoyang.get('/api/system/users/export?name=%E7%8E%8B');
    expect(exported.statusCode).toBe(200);
  });
});
