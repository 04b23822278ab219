import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/calendar/civil_date';
import { dictionaryItems } from '../../db/schema';
import { shanghaiDate } from '../../http/today';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import type { InspectorRow, PublicInspectorRow } from './schema';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await addUserWithPermissions(server, 'no_inspectors', ['system:region:list'], { departmentId: server.fixture.departments.chaoyangMarket });
});
afterAll(async () => { await server.close(); });

const base = '/api/directory/inspectors';
const inDays = (days: number) => addDays(shanghaiDate(server.now), days);

describe('执法检查人员名录库', () => {
  const valid = () => ({
    name: '王执法', gender: 'male', departmentId: server.fixture.departments.chaoyangMarket, post: '综合执法', certificateNo: '吉22010400001',
    certificateValidUntil: inDays(300), expertise: ['食品安全', '特种设备'], phone: '13912345678', status: 'on_duty', regionCode: null, userId: null,
  });
  let wang: InspectorRow;

  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', base, 'no_inspectors');
    await expectAuthRefusals(server, 'GET', `${base}/export`, 'inspector');
    await expectAuthRefusals(server, 'POST', base, 'inspector', valid());
    await expectAuthRefusals(server, 'PUT', `${base}/${server.fixture.users.admin}`, 'inspector', valid());
    await expectAuthRefusals(server, 'DELETE', `${base}/${server.fixture.users.admin}`, 'inspector');
    await expectAuthRefusals(server, 'GET', `${base}/import-template`, 'inspector');
  });

  it('rejects each invalid field', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', base, valid(), {
      name: ['', 'a'.repeat(33), 7],
      gender: ['unknown'],
      departmentId: ['x', server.fixture.departments.nanguanMarket],
      post: ['a'.repeat(41)],
      certificateNo: ['', 'ab', 'a'.repeat(41), '22 01', "1' or '1'='1"],
      certificateValidUntil: ['2026-02-30', '20260101'],
      expertise: ['食品', [''], Array.from({ length: 11 }, (_, i) => `专长${i}`), ['a'.repeat(21)]],
      phone: ['123'],
      status: ['dismissed'],
      regionCode: ['2201', '220102', '999999'],
      userId: ['nope', server.fixture.users.nanguan],
    });
  });

  it('creates, shows the certificate state, and refuses a duplicate 执法证号', async () => {
    const chaoyang = await server.as('chaoyang');
    const created = await chaoyang.post(base, { ...valid(), userId: server.fixture.users.inspector });
    expect(created.statusCode).toBe(201);
    wang = created.json<InspectorRow>();
    expect(wang).toMatchObject({
      name: '王执法', departmentName: '长春市朝阳区市场监督管理局', regionCode: '220104', regionName: '朝阳区', certificateState: 'valid',
      certificateDaysLeft: 300, expertise: ['食品安全', '特种设备'], userAccount: 'inspector', activeRecusalCount: 0,
    });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:inspector:create', summary: '新增执法检查人员', targetId: wang.id, outcome: 'success' });
    const duplicate = await chaoyang.post(base, { ...valid(), name: '李四' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'CERTIFICATE_TAKEN' });
    const sameUser = await chaoyang.post(base, { ...valid(), certificateNo: '吉22010400099', userId: server.fixture.users.inspector });
    expect(sameUser.json()).toMatchObject({ code: 'INSPECTOR_USER_TAKEN' });
    for (const [certificateNo, validUntil, name] of [['吉22010400002', inDays(10), '赵将到期'], ['吉22010400003', inDays(-1), '钱已过期'], ['吉22010400004', null, '孙未填']] as const) {
      expect((await chaoyang.post(base, { ...valid(), certificateNo, certificateValidUntil: validUntil, name, userId: null, expertise: [], status: name === '孙未填' ? 'retired' : 'on_duty' })).statusCode).toBe(201);
    }
  });

  it('filters by name, status, expertise and certificate expiry', async () => {
    const chaoyang = await server.as('chaoyang');
    const names = async (query: string) => (await chaoyang.get(`${base}?${query}`)).json<{ rows: InspectorRow[] }>().rows.map((r) => r.name).sort();
    expect(await names('')).toEqual(['孙未填', '王执法', '赵将到期', '钱已过期'].sort());
    expect(await names(`name=${encodeURIComponent('执法')}`)).toEqual(['王执法']);
    expect(await names('status=retired')).toEqual(['孙未填']);
    expect(await names(`expertise=${encodeURIComponent('特种设备')}`)).toEqual(['王执法']);
    expect(await names('certificate=expiring')).toEqual(['赵将到期']);
    expect(await names('certificate=expired')).toEqual(['钱已过期']);
    expect(await names('certificate=missing')).toEqual(['孙未填']);
    expect(await names('certificate=valid')).toEqual(['王执法']);
    expect(await names('certificate=expiring&expiringWithinDays=366')).toEqual(['王执法', '赵将到期'].sort());
    expect((await chaoyang.get(`${base}?certificate=soon`)).statusCode).toBe(400);
    expect((await chaoyang.get(`${base}?expiringWithinDays=0`)).statusCode).toBe(400);
    const row = (await chaoyang.get(`${base}?certificate=expiring`)).json<{ rows: InspectorRow[] }>().rows[0];
    expect(row).toMatchObject({ certificateState: 'expiring', certificateDaysLeft: 10 });
  });

  it('keeps inspectors inside the data scope: 本部门, 本区域及下级, 仅本人', async () => {
    const joint = await server.as('joint');
    expect((await joint.get(base)).json<{ total: number }>().total).toBe(4);
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get(base)).json<{ total: number }>().total).toBe(0);
    expect((await nanguan.get(`${base}/${wang.id}`)).statusCode).toBe(404);
    expect((await nanguan.put(`${base}/${wang.id}`, { ...valid(), departmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(404);
    expect((await nanguan.delete(`${base}/${wang.id}`)).statusCode).toBe(404);
    const jilin = await server.as('jilin');
    expect((await jilin.get(`${base}/${wang.id}`)).statusCode).toBe(404);
    const self = await server.as('inspector');
    expect((await self.get(base)).json<{ rows: InspectorRow[] }>().rows.map((r) => r.name)).toEqual(['王执法']);
    expect((await server.as('chaoyang').then((c) => c.get(`${base}/00000000-0000-4000-8000-000000000000`))).statusCode).toBe(404);
  });

  it('updates (a transfer to a district inside the region) and logs the changed fields', async () => {
    const joint = await server.as('joint');
    const moved = await joint.put(`${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector, departmentId: server.fixture.departments.cityMarket, regionCode: '220102', post: '特种设备安全监察' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<InspectorRow>()).toMatchObject({ departmentName: '长春市市场监督管理局', regionCode: '220102', post: '特种设备安全监察' });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'directory:inspector:update', outcome: 'success' });
    expect((op?.detail as { changed: string[] }).changed.sort()).toEqual(['departmentId', 'post', 'regionCode']);
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`${base}/${wang.id}`)).statusCode).toBe(404);
    const back = await joint.put(`${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector });
    expect(back.json<InspectorRow>()).toMatchObject({ departmentName: '长春市朝阳区市场监督管理局', regionCode: '220104' });
  });

  it('checks post and expertise against the dictionaries once they have items, and offers them', async () => {
    await server.db.insert(dictionaryItems).values([
      { typeKey: 'inspector_post', value: '综合执法', label: '综合执法' },
      { typeKey: 'expertise', value: 'food', label: '食品安全' },
    ]);
    const chaoyang = await server.as('chaoyang');
    const refused = await chaoyang.put(`${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ details: { field: string }[] }>().details[0]?.field).toBe('expertise');
    const post = await chaoyang.put(`${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector, expertise: ['food'], post: '稽查' });
    expect(post.json<{ details: { field: string }[] }>().details[0]?.field).toBe('post');
    expect((await chaoyang.put(`${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector, expertise: ['food'] })).statusCode).toBe(200);
    const options = (await chaoyang.get(`${base}/field-options`)).json<{ posts: { value: string }[]; expertise: { value: string; label: string }[] }>();
    expect(options.posts.map((o) => o.value)).toEqual(['综合执法']);
    expect(options.expertise).toEqual([{ value: 'food', label: '食品安全' }]);
  });

  it('answers 401, 403 and 404 on every route of an inspector', async () => {
    const routes: ['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['GET', `${base}/${wang.id}`], ['PUT', `${base}/${wang.id}`, valid()], ['DELETE', `${base}/${wang.id}`],
      ['GET', `${base}/${wang.id}/recusals`], ['POST', `${base}/${wang.id}/recusals`, { personName: '某人', reason: '亲属关系' }],
      ['GET', `${base}/${wang.id}/entity-choices?keyword=${encodeURIComponent('公司')}`],
      ['POST', `${base}/${wang.id}/recusals/${wang.id}/withdraw`, {}],
    ];
    const jilin = await server.as('jilin');
    for (const [method, url, body] of routes) {
      await expectAuthRefusals(server, method, url, 'no_inspectors', body);
      const call = method === 'GET' ? jilin.get(url) : method === 'POST' ? jilin.post(url, body) : method === 'PUT' ? jilin.put(url, body) : jilin.delete(url);
      expect((await call).statusCode, `${method} ${url} out of scope`).toBe(404);
    }
    await expectAuthRefusals(server, 'GET', `${base}/field-options`, 'no_inspectors');
    await expectAuthRefusals(server, 'POST', `${base}/import`, 'no_inspectors', {});
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`${base}/not-a-uuid`)).statusCode).toBe(400);
    await expectFieldErrors(chaoyang, 'PUT', `${base}/${wang.id}`, { ...valid(), userId: server.fixture.users.inspector }, { name: [''], certificateNo: ['x'], status: ['gone'] });
  });

  it('exports the filtered list and deletes', async () => {
    const chaoyang = await server.as('chaoyang');
    const exported = await chaoyang.get(`${base}/export?certificate=expired`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const expired = (await chaoyang.get(`${base}?certificate=expired`)).json<{ rows: InspectorRow[] }>().rows[0]!;
    expect((await chaoyang.delete(`${base}/${expired.id}`)).statusCode).toBe(204);
    expect((await chaoyang.get(`${base}/${expired.id}`)).statusCode).toBe(404);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:inspector:delete', outcome: 'success', targetId: expired.id });
    expect((await chaoyang.post(base, { ...valid(), userId: null, certificateNo: expired.certificateNo, expertise: ['food'] })).statusCode).toBe(201);
  });

  it('publishes name, department and 执法证号 only, without login, and never private fields', async () => {
    const anon = await server.anon();
    const response = await anon.get('/api/public/inspectors?pageSize=200');
    expect(response.statusCode).toBe(200);
    const page = response.json<{ rows: PublicInspectorRow[]; total: number }>();
    expect(page.rows.map((r) => r.name).sort()).toEqual(['王执法', '王执法', '赵将到期'].sort());
    for (const row of page.rows) expect(Object.keys(row).sort()).toEqual(['certificateNo', 'departmentName', 'name']);
    const body = response.body;
    for (const secret of ['13912345678', 'phone', 'food', '食品安全', 'expertise', 'recusal', 'userId', 'regionCode', server.fixture.users.inspector]) {
      expect(body).not.toContain(secret);
    }
    expect(page.rows.some((r) => r.name === '孙未填')).toBe(false);
    const filtered = (await anon.get(`/api/public/inspectors?departmentId=${server.fixture.departments.chaoyangMarket}&name=${encodeURIComponent('赵')}`)).json<{ rows: PublicInspectorRow[] }>();
    expect(filtered.rows).toEqual([{ name: '赵将到期', departmentName: '长春市朝阳区市场监督管理局', certificateNo: '吉22010400002' }]);
    expect((await anon.get('/api/public/inspectors?departmentId=x')).statusCode).toBe(400);
    expect((await anon.get('/api/public/inspectors?pageSize=500')).statusCode).toBe(400);
    const departments = (await anon.get('/api/public/inspector-departments')).json<{ id: string; name: string }[]>();
    expect(departments).toEqual([{ id: server.fixture.departments.chaoyangMarket, name: '长春市朝阳区市场监督管理局' }]);
  });
});
