import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOperation } from '../../audit/chain';
import { loginLog } from '../../db/schema';
import { addUserWithPermissions } from '../../test/extra_users';
import { expectAuthRefusals } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import type { LoginLogRow, OperationLogRow } from './schema';

let server: TestServer;
type Page<T> = { rows: T[]; total: number };

beforeAll(async () => {
  server = await startTestServer();
  for (const account of ['admin', 'joint', 'chaoyang', 'nanguan', 'jilin', 'inspector']) await server.as(account);
  const anon = await server.anon();
  expect((await anon.post('/api/auth/login', { account: 'chaoyang', password: 'wrong-password-1' })).statusCode).toBe(401);
  expect((await anon.post('/api/auth/login', { account: 'ghost', password: 'wrong-password-1' })).statusCode).toBe(401);
  await addUserWithPermissions(server, 'selfwatch', ['monitor:login-log:list', 'monitor:operation-log:list'], { dataScope: 'self', departmentId: server.fixture.departments.nanguanMarket });
  // Two rows one second apart across midnight in Asia/Shanghai (16:00 UTC).
  const actor = { id: server.fixture.users.chaoyang, name: '朝阳区管理员', departmentId: server.fixture.departments.chaoyangMarket, regionCode: '220104' };
  const entry = { actor, action: 'system:department:update', targetType: null, targetId: null, outcome: 'success' as const, errorCode: null, ip: '10.0.0.1', method: 'PUT', path: '/x', detail: {} };
  await server.db.transaction(async (tx) => {
    await appendOperation(tx, { ...entry, summary: '三月一日深夜' }, new Date('2025-03-01T15:59:59Z'));
    await appendOperation(tx, { ...entry, summary: '三月二日零点' }, new Date('2025-03-01T16:00:00Z'));
  });
});
afterAll(async () => { await server.close(); });

async function operations(account: string, query = ''): Promise<Page<OperationLogRow>> {
  const response = await (await server.as(account)).get(`/api/monitor/operation-logs?pageSize=200${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page<OperationLogRow>>();
}

async function logins(account: string, query = ''): Promise<Page<LoginLogRow>> {
  const response = await (await server.as(account)).get(`/api/monitor/login-logs?pageSize=200${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page<LoginLogRow>>();
}

const actors = (page: Page<OperationLogRow>) => [...new Set(page.rows.map((r) => r.actorName))].sort();
const accounts = (page: Page<LoginLogRow>) => [...new Set(page.rows.map((r) => r.account))].sort();

describe('operation logs and login logs', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/monitor/operation-logs', 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/monitor/operation-logs/export', 'chaoyang');
    await expectAuthRefusals(server, 'GET', '/api/monitor/login-logs', 'chaoyang');
    await expectAuthRefusals(server, 'POST', '/api/monitor/audit-chain/verify', 'joint');
  });

  it('shows the operations of actors in the caller\'s scope, newest first, with their events', async () => {
    const all = await operations('admin');
    expect(all.rows.map((r) => r.seq)).toEqual([...all.rows.map((r) => r.seq)].sort((a, b) => b - a));
    expect(actors(all)).toEqual(expect.arrayContaining(['吉林市管理员', '系统管理员', '朝阳区管理员']));
    expect(all.rows.some((r) => r.actorName === null && r.errorCode === 'INVALID_CREDENTIALS')).toBe(true);
    const login = all.rows.find((r) => r.action === 'auth:login' && r.actorName === '南关区管理员');
    expect(login).toMatchObject({ summary: '登录', outcome: 'success', targetType: 'user', events: [{ type: 'LoggedIn', label: '用户登录' }] });
    expect(login?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(login?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    // 本区域及下级 (长春): the logins of 朝阳/南关 users count by their department's region.
    expect(actors(await operations('joint'))).toEqual(['南关区管理员', '朝阳区管理员', '检查员甲', '长春双随机办'].sort());
    // 本部门 (朝阳区局): its own users only.
    expect(actors(await operations('chaoyang'))).toEqual(['朝阳区管理员', '检查员甲'].sort());
    // 仅本人.
    expect(actors(await operations('selfwatch'))).toEqual(['测试 selfwatch']);
  });

  it('filters by actor, summary, outcome and Asia/Shanghai calendar days', async () => {
    const byActor = await operations('admin', `&actorName=${encodeURIComponent('朝阳')}`);
    expect(actors(byActor)).toEqual(['朝阳区管理员']);
    const bySummary = await operations('admin', `&summary=${encodeURIComponent('三月')}`);
    expect(bySummary.rows.map((r) => r.summary)).toEqual(['三月二日零点', '三月一日深夜']);
    const failures = await operations('admin', '&outcome=failure');
    expect(failures.total).toBeGreaterThan(0);
    expect(failures.rows.every((r) => r.outcome === 'failure')).toBe(true);
    expect((await operations('admin', '&from=2025-03-02&to=2025-03-02')).rows.map((r) => r.summary)).toEqual(['三月二日零点']);
    expect((await operations('admin', '&from=2025-03-01&to=2025-03-01')).rows.map((r) => r.summary)).toEqual(['三月一日深夜']);
    expect((await operations('admin', '&to=2025-03-02')).total).toBe(2);
    expect((await operations('admin', '&from=2025-03-03&to=2025-12-31')).total).toBe(0);
    // Rows out of scope stay out whatever the filter.
    expect((await operations('joint', `&actorName=${encodeURIComponent('吉林')}`)).total).toBe(0);
  });

  it('rejects each invalid filter with a Chinese message naming it', async () => {
    const admin = await server.as('admin');
    const cases: [string, string][] = [
      ['outcome=maybe', 'outcome'], ['from=2025/03/01', 'from'], ['to=20250301', 'to'], ['from=2025-02-30', 'from'],
      ['to=2025-13-01', 'to'], ['from=2025-03-02&to=2025-03-01', 'to'], ['pageSize=500', 'pageSize'], [`actorName=${'a'.repeat(65)}`, 'actorName'],
    ];
    for (const path of ['/api/monitor/operation-logs', '/api/monitor/operation-logs/export']) {
      for (const [query, field] of cases) {
        if (path.endsWith('export') && field === 'pageSize') continue;
        const response = await admin.get(`${path}?${query}`);
        expect(response.statusCode, `${path}?${query}`).toBe(400);
        const body = response.json<{ message: string; details: { field: string }[] }>();
        expect(body.details.map((d) => d.field), query).toContain(field);
        expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
    }
    const login = await admin.get('/api/monitor/login-logs?outcome=hacked');
    expect(login.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toContain('outcome');
  });

  it('says in Chinese why a refused request failed, with the message the caller was shown', async () => {
    expect((await (await server.as('inspector')).post('/api/system/departments', { name: '无权新增' })).statusCode).toBe(403);
    expect((await (await server.as('admin')).post('/api/system/departments', {})).statusCode).toBe(400);
    const failures = (await operations('admin', '&outcome=failure')).rows;
    const refused = failures.find((r) => r.actorName === '检查员甲' && r.errorCode === 'FORBIDDEN');
    expect(refused).toMatchObject({
      actorDepartmentName: '长春市朝阳区市场监督管理局', actionLabel: '部门管理-新增', errorLabel: '没有执行此操作的权限',
      detail: { status: 403, message: '没有权限：system:department:create' },
      sentence: '检查员甲（长春市朝阳区市场监督管理局）新增部门失败：没有执行此操作的权限（FORBIDDEN）。系统提示：没有权限：system:department:create',
    });
    const invalid = failures.find((r) => r.actorName === '系统管理员' && r.errorCode === 'VALIDATION_FAILED');
    expect(invalid?.detail).toMatchObject({ status: 400, message: expect.stringMatching(/^参数校验失败：/) as unknown });
    expect(invalid?.sentence).toMatch(/^系统管理员新增部门失败：填写的内容不符合要求（VALIDATION_FAILED）。系统提示：参数校验失败：/);
    const login = failures.find((r) => r.action === 'auth:login' && r.detail.account === 'chaoyang');
    expect(login).toMatchObject({ actionLabel: '登录', targetTypeLabel: '用户', errorLabel: '账号或密码错误' });
    expect(login?.sentence).toMatch(/^未登录用户（账号「chaoyang」）登录失败：账号或密码错误（INVALID_CREDENTIALS）。系统提示：账号或密码错误，再错 \d+ 次将锁定账号$/);

    const exported = await (await server.as('admin')).get('/api/monitor/operation-logs/export?outcome=failure');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('操作日志')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cells = (column: string) => sheet.getColumn(headers.indexOf(column) + 1).values.slice(2);
    expect(cells('结果')).toContain('失败：没有执行此操作的权限');
    expect(cells('对象类型')).toContain('用户');
    expect(cells('说明')).toContain(refused?.sentence);
  });

  it('exports the filtered, scoped operations as a spreadsheet', async () => {
    const joint = await server.as('joint');
    const response = await joint.get('/api/monitor/operation-logs/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('操作日志.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('操作日志')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['序号', '时间', '操作人']);
    const names = new Set<unknown>();
    sheet.eachRow((row, n) => { if (n > 1) names.add(row.getCell(3).value); });
    expect(names.has('吉林市管理员')).toBe(false);
    expect(names.has('长春双随机办')).toBe(true);

    const filtered = await joint.get(`/api/monitor/operation-logs/export?summary=${encodeURIComponent('三月')}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(filtered.rawPayload as unknown as ArrayBuffer);
    const rows = book.getWorksheet('操作日志')!;
    expect(rows.rowCount).toBe(3);
    expect(rows.getRow(2).getCell(2).value).toBe('2025-03-02 00:00:00');
    expect(rows.getRow(3).getCell(2).value).toBe('2025-03-01 23:59:59');
  });

  it('records the region of the user\'s department on login rows and scopes login logs by it', async () => {
    const chaoyangRows = await server.db.select().from(loginLog).where(eq(loginLog.account, 'chaoyang'));
    expect(chaoyangRows.length).toBeGreaterThanOrEqual(2);
    expect(chaoyangRows.every((r) => r.regionCode === '220104' && r.departmentId === server.fixture.departments.chaoyangMarket)).toBe(true);
    const [adminRow] = await server.db.select().from(loginLog).where(eq(loginLog.account, 'admin'));
    expect(adminRow?.regionCode).toBeNull();

    const all = await logins('admin');
    expect(accounts(all)).toEqual(expect.arrayContaining(['admin', 'ghost', 'jilin']));
    expect(all.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].sort((a, b) => b - a));
    expect(accounts(await logins('joint'))).toEqual(['chaoyang', 'inspector', 'joint', 'nanguan', 'selfwatch'].sort());
    expect(accounts(await logins('selfwatch'))).toEqual(['selfwatch']);

    const failed = await logins('joint', '&outcome=failure');
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]).toMatchObject({ account: 'chaoyang', outcome: 'failure', ip: '127.0.0.1', reason: expect.stringMatching(/密码错误/) as unknown });
    expect(accounts(await logins('joint', '&account=yang'))).toEqual(['chaoyang']);
    expect((await logins('joint', '&ip=127.0')).total).toBeGreaterThan(0);
    expect((await logins('joint', '&ip=10.9')).total).toBe(0);
    expect((await logins('admin', '&from=2025-01-01&to=2025-01-02')).total).toBe(0);

    const nanguan = await server.as('nanguan');
    expect((await nanguan.post('/api/auth/logout')).statusCode).toBe(204);
    const logout = (await logins('joint', '&outcome=logout')).rows[0];
    expect(logout).toMatchObject({ account: 'nanguan', outcome: 'logout' });
    const [row] = await server.db.select().from(loginLog).where(eq(loginLog.id, logout!.id));
    expect(row?.regionCode).toBe('220102');
  });
});
