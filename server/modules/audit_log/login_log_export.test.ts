import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUserWithPermissions } from '../../test/extra_users';
import { expectAuthRefusals } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  for (const account of ['admin', 'joint', 'chaoyang', 'jilin']) await server.as(account);
  const anon = await server.anon();
  expect((await anon.post('/api/auth/login', { account: 'chaoyang', password: 'wrong-password-1' })).statusCode).toBe(401);
  // May list login logs but not export them.
  await addUserWithPermissions(server, 'listonly', ['monitor:login-log:list'], { dataScope: 'all', departmentId: server.fixture.departments.nanguanMarket });
});
afterAll(async () => { await server.close(); });

async function exported(account: string, query = ''): Promise<{ header: unknown[]; rows: unknown[][] }> {
  const response = await (await server.as(account)).get(`/api/monitor/login-logs/export${query}`);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('spreadsheetml');
  expect(response.headers['content-disposition']).toContain(encodeURIComponent('登录日志.xlsx'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('登录日志')!;
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => { if (n > 1) rows.push((row.values as unknown[]).slice(1)); });
  return { header: (sheet.getRow(1).values as unknown[]).slice(1), rows };
}

describe('login log export', () => {
  it('refuses anonymous callers and callers without the export permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/monitor/login-logs/export', 'chaoyang');
    expect((await (await server.as('listonly')).get('/api/monitor/login-logs/export')).statusCode).toBe(403);
  });

  it('exports the scoped rows under the current filters, with Chinese headers and outcome labels', async () => {
    const all = await exported('admin');
    expect(all.header).toEqual(['时间', '账号', '结果', '说明', 'IP', '浏览器']);
    expect(all.rows.map((r) => r[1])).toEqual(expect.arrayContaining(['admin', 'jilin', 'chaoyang']));

    // 本区域及下级 (长春): 吉林's logins are out of scope.
    const joint = await exported('joint');
    expect(joint.rows.map((r) => r[1])).not.toContain('jilin');
    expect(joint.rows.map((r) => r[1])).toContain('chaoyang');

    const failed = await exported('joint', '?outcome=failure');
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]?.slice(1, 3)).toEqual(['chaoyang', '登录失败']);
    expect(String(failed.rows[0]?.[0])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await exported('admin', '?from=2025-01-01&to=2025-01-02')).rows).toEqual([]);
  });

  it('rejects an invalid filter with a Chinese message naming it', async () => {
    const admin = await server.as('admin');
    for (const [query, field] of [['outcome=hacked', 'outcome'], ['from=2025-02-30', 'from'], ['from=2025-03-02&to=2025-03-01', 'to']] as const) {
      const response = await admin.get(`/api/monitor/login-logs/export?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ message: string; details: { field: string }[] }>();
      expect(body.details.map((d) => d.field)).toContain(field);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
