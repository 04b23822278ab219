import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import type { DepartmentRow } from './schema';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const valid = { name: '长春市朝阳区生态环境分局', type: 'ecology_environment', regionCode: '220104', sortOrder: 3, status: 'active', phone: '0431-88886666' };

describe('departments', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/system/departments', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/departments', 'chaoyang', valid);
    await expectAuthRefusals(server, 'DELETE', `/api/system/departments/${server.fixture.departments.nanguanMarket}`, 'chaoyang');
  });

  it('lists only the departments in the caller\'s scope', async () => {
    const joint = await server.as('joint');
    const page = (await joint.get('/api/system/departments?pageSize=50')).json<{ rows: DepartmentRow[]; total: number }>();
    expect(page.rows.map((r) => r.regionCode).every((c) => c.startsWith('2201'))).toBe(true);
    expect(page.rows.some((r) => r.name === '吉林市市场监督管理局')).toBe(false);
    const chaoyang = await server.as('chaoyang');
    const own = (await chaoyang.get('/api/system/departments')).json<{ rows: DepartmentRow[]; total: number }>();
    expect(own.rows.map((r) => r.name)).toEqual(['长春市朝阳区市场监督管理局']);
    expect(own.total).toBe(1);
  });

  it('answers 404 for a department outside the scope', async () => {
    const joint = await server.as('joint');
    const response = await joint.get(`/api/system/departments/${server.fixture.departments.jilinMarket}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    const put = await joint.put(`/api/system/departments/${server.fixture.departments.jilinMarket}`, { ...valid, regionCode: '220202' });
    expect(put.statusCode).toBe(404);
  });

  it('rejects each invalid field with a Chinese message naming it', async () => {
    const joint = await server.as('joint');
    await expectFieldErrors(joint, 'POST', '/api/system/departments', valid, {
      name: ['', 'x', 'a'.repeat(101), 'bad\u0000name', 42],
      type: ['', 'unknown_type'],
      regionCode: ['2201', 'abcdef', '999999'],
      sortOrder: [-1, 'first', 1.5],
      status: ['deleted'],
      phone: ['12345'],
    });
  });

  it('refuses a region outside the caller\'s own scope', async () => {
    const joint = await server.as('joint');
    const response = await joint.post('/api/system/departments', { ...valid, regionCode: '220202' });
    expect(response.statusCode).toBe(403);
  });

  it('creates, updates, exports and deletes, logging each change in the same transaction', async () => {
    const joint = await server.as('joint');
    const created = await joint.post('/api/system/departments', { ...valid, name: '<script>alert(1)</script>局\'; drop table users;--' });
    expect(created.statusCode).toBe(201);
    const row = created.json<DepartmentRow>();
    expect(row.name).toBe('<script>alert(1)</script>局\'; drop table users;--');
    expect(row.typeLabel).toBe('生态环境');
    let op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:department:create', summary: '新增部门', outcome: 'success', targetId: row.id, actorName: '长春双随机办' });

    const duplicate = await joint.post('/api/system/departments', { ...valid, name: '<script>alert(1)</script>局\'; drop table users;--' });
    expect(duplicate.statusCode).toBe(409);
    op = await lastOperation(server);
    expect(op).toMatchObject({ outcome: 'failure', errorCode: 'DEPARTMENT_NAME_TAKEN' });

    const updated = await joint.put(`/api/system/departments/${row.id}`, { ...valid, name: '朝阳区生态环境分局' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<DepartmentRow>().name).toBe('朝阳区生态环境分局');

    const exported = await joint.get('/api/system/departments/export?name=%E7%94%9F%E6%80%81');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const deleted = await joint.delete(`/api/system/departments/${row.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await joint.get(`/api/system/departments/${row.id}`)).statusCode).toBe(404);
    op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:department:delete', outcome: 'success' });
  });

  it('refuses to delete a department that still has users', async () => {
    const admin = await server.as('admin');
    const response = await admin.delete(`/api/system/departments/${server.fixture.departments.chaoyangMarket}`);
    expect(response.statusCode).toBe(409);
    const listed = (await admin.get('/api/system/departments?pageSize=100')).json<{ rows: DepartmentRow[] }>().rows.find((r) => r.id === server.fixture.departments.chaoyangMarket);
    expect(listed?.actions.delete).toMatch(/下还有 \d+ 个用户/);
    expect(response.json()).toMatchObject({ code: 'DEPARTMENT_HAS_USERS', message: listed?.actions.delete });
  });
});
