import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../import/upload';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { uploadFile } from '../../test/upload';
import type { ExpertRow } from './schema';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const base = '/api/directory/experts';

describe('专家库', () => {
  const valid = () => ({ name: '李教授', organisation: '吉林省特种设备检验研究院', specialty: '承压类特种设备', contact: '0431-88886666', status: 'available', departmentId: server.fixture.departments.chaoyangMarket });
  let expert: ExpertRow;

  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', base, 'inspector');
    await expectAuthRefusals(server, 'GET', `${base}/export`, 'inspector');
    await expectAuthRefusals(server, 'POST', base, 'inspector', valid());
    await expectAuthRefusals(server, 'PUT', `${base}/${server.fixture.users.admin}`, 'inspector', valid());
    await expectAuthRefusals(server, 'DELETE', `${base}/${server.fixture.users.admin}`, 'inspector');
    await expectAuthRefusals(server, 'GET', `${base}/import-template`, 'inspector');
  });

  it('rejects each invalid field', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', base, valid(), {
      name: ['', 'a'.repeat(33)],
      organisation: ['', 'a'.repeat(101)],
      specialty: ['', 'a'.repeat(101)],
      contact: ['a'.repeat(41)],
      status: ['active'],
      departmentId: ['x', server.fixture.departments.jilinMarket],
    });
  });

  it('creates, lists with filters, updates and keeps experts inside the scope', async () => {
    const chaoyang = await server.as('chaoyang');
    const created = await chaoyang.post(base, valid());
    expect(created.statusCode).toBe(201);
    expert = created.json<ExpertRow>();
    expect(expert).toMatchObject({ name: '李教授', departmentName: '长春市朝阳区市场监督管理局', status: 'available' });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:expert:create', summary: '新增专家', targetId: expert.id });
    await chaoyang.post(base, { ...valid(), name: '王研究员', organisation: '长春市食品药品检验所', specialty: '食品检验', status: 'unavailable' });
    const page = async (client: Awaited<ReturnType<TestServer['as']>>, query = '') => (await client.get(`${base}?${query}`)).json<{ rows: ExpertRow[]; total: number }>();
    expect((await page(chaoyang)).total).toBe(2);
    expect((await page(chaoyang, 'status=unavailable')).rows.map((r) => r.name)).toEqual(['王研究员']);
    expect((await page(chaoyang, `specialty=${encodeURIComponent('特种')}`)).rows.map((r) => r.name)).toEqual(['李教授']);
    expect((await page(chaoyang, `organisation=${encodeURIComponent('检验所')}`)).total).toBe(1);
    expect((await page(await server.as('joint'))).total).toBe(2);
    const nanguan = await server.as('nanguan');
    expect((await page(nanguan)).total).toBe(0);
    expect((await nanguan.get(`${base}/${expert.id}`)).statusCode).toBe(404);
    expect((await nanguan.put(`${base}/${expert.id}`, { ...valid(), departmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(404);
    expect((await nanguan.delete(`${base}/${expert.id}`)).statusCode).toBe(404);
    const updated = await chaoyang.put(`${base}/${expert.id}`, { ...valid(), status: 'unavailable', contact: null });
    expect(updated.json<ExpertRow>()).toMatchObject({ status: 'unavailable', contact: null });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:expert:update', outcome: 'success' });
  });

  it('answers 401, 403 and 404 on every route of an expert, and 400 on an invalid update', async () => {
    const jilin = await server.as('jilin');
    for (const [method, body] of [['GET'], ['PUT', valid()], ['DELETE']] as const) {
      const url = `${base}/${expert.id}`;
      await expectAuthRefusals(server, method, url, 'inspector', body);
      const call = method === 'GET' ? jilin.get(url) : method === 'PUT' ? jilin.put(url, body) : jilin.delete(url);
      expect((await call).statusCode, `${method} out of scope`).toBe(404);
    }
    await expectAuthRefusals(server, 'POST', `${base}/import`, 'inspector', {});
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'PUT', `${base}/${expert.id}`, valid(), { name: [''], status: ['x'], departmentId: [server.fixture.departments.nanguanMarket] });
  });

  it('imports (update by name + organisation within a department), exports and deletes', async () => {
    const chaoyang = await server.as('chaoyang');
    const csv = [
      '姓名,工作单位,专业领域,联系方式,状态,维护部门',
      '李教授,吉林省特种设备检验研究院,承压类特种设备,13900000000,可用,长春市朝阳区市场监督管理局',
      '赵工,长春工业大学,电梯安全,,暂停,长春市朝阳区市场监督管理局',
      '钱工,长春工业大学,起重机械,,停用,长春市南关区市场监督管理局',
    ].join('\n');
    const all = (await uploadFile(chaoyang, `${base}/import`, '专家.csv', csv)).json<ImportResult>();
    expect(all).toMatchObject({ added: 0, updated: 0, rejected: 3 });
    expect(all.errors).toEqual([
      { row: 4, column: '状态', message: '状态只能填写 可用 或 暂停' },
      { row: 4, column: '维护部门', message: '部门「长春市南关区市场监督管理局」不存在或不在您的权限范围内' },
    ]);
    const some = (await uploadFile(chaoyang, `${base}/import?mode=valid_rows`, '专家.csv', csv)).json<ImportResult>();
    expect(some).toMatchObject({ added: 1, updated: 1, rejected: 1 });
    expect((await chaoyang.get(`${base}/${expert.id}`)).json<ExpertRow>()).toMatchObject({ status: 'available', contact: '13900000000' });
    const again = (await uploadFile(chaoyang, `${base}/import?mode=valid_rows`, '专家.csv', csv)).json<ImportResult>();
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const exported = await chaoyang.get(`${base}/export?status=available`);
    expect(exported.statusCode).toBe(200);
    expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await chaoyang.get(`${base}/import-template`)).statusCode).toBe(200);
    expect((await chaoyang.delete(`${base}/${expert.id}`)).statusCode).toBe(204);
    expect((await chaoyang.get(`${base}/${expert.id}`)).statusCode).toBe(404);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:expert:delete', outcome: 'success' });
  });
});
