import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, regions } from '../../db/schema';
import { addUserWithPermissions } from '../../test/extra_users';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import type { RegionRow } from './schema';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await addUserWithPermissions(server, 'noregion', []);
  await addUserWithPermissions(server, 'regionkeeper', ['system:region:list', 'system:region:update']);
});
afterAll(async () => { await server.close(); });

async function list(account: string, query = ''): Promise<RegionRow[]> {
  const response = await (await server.as(account)).get(`/api/system/regions${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<RegionRow[]>();
}
const codes = (rows: RegionRow[]) => rows.map((r) => r.code);

describe('regions', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/system/regions', 'noregion');
    await expectAuthRefusals(server, 'PUT', '/api/system/regions/220104', 'chaoyang', { enabled: false });
  });

  it('starts the tree at the top of the caller\'s scope', async () => {
    const admin = await list('admin');
    expect(codes(admin)).toEqual(['220000']);
    expect(admin[0]).toMatchObject({ name: '吉林省', parentCode: null, level: 1, enabled: true, hasChildren: true });
    expect(codes(await list('joint'))).toEqual(['220100']); // 本区域及下级
    expect(codes(await list('chaoyang'))).toEqual(['220104']); // 本部门: the department's region
    expect(codes(await list('inspector'))).toEqual(['220104']); // 仅本人: the caller's own department's region
  });

  it('lists children within the scope, with hasChildren', async () => {
    const provinces = await list('admin', '?parentCode=220000');
    expect(provinces.map((r) => [r.code, r.hasChildren])).toEqual([['220100', true], ['220200', true]]);
    const districts = await list('joint', '?parentCode=220100');
    expect(districts.map((r) => [r.code, r.name, r.hasChildren])).toEqual([['220102', '南关区', false], ['220104', '朝阳区', false]]);
    // Above the scope's top only the branch leading into the scope shows.
    expect(codes(await list('joint', '?parentCode=220000'))).toEqual(['220100']);
    expect(await list('joint', '?parentCode=220104')).toEqual([]);
  });

  it('answers 404 for a region outside the scope', async () => {
    const joint = await server.as('joint');
    const children = await joint.get('/api/system/regions?parentCode=220200');
    expect(children.statusCode).toBe(404);
    expect(children.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/行政区划/) as unknown });
    expect((await joint.get('/api/system/regions?parentCode=990000')).statusCode).toBe(404);
    const keeper = await server.as('regionkeeper');
    expect((await keeper.put('/api/system/regions/220202', { enabled: false })).statusCode).toBe(404);
    expect((await keeper.put('/api/system/regions/990100', { enabled: false })).statusCode).toBe(404);
  });

  it('searches names within the scope, at most 200 rows', async () => {
    expect(codes(await list('joint', `?keyword=${encodeURIComponent('区')}`))).toEqual(['220102', '220104']);
    expect(codes(await list('admin', `?keyword=${encodeURIComponent('区')}`))).toEqual(['220102', '220104', '220202']);
    expect(codes(await list('admin', `?keyword=${encodeURIComponent('区')}&parentCode=220200`))).toEqual(['220202']);
    expect(await list('joint', `?keyword=${encodeURIComponent('昌邑')}`)).toEqual([]);
    // 50%_ are matched literally, not as LIKE wildcards.
    expect(await list('admin', `?keyword=${encodeURIComponent('%')}`)).toEqual([]);

    const many = Array.from({ length: 250 }, (_, i) => {
      const code = `23${String(Math.floor(i / 99) + 1).padStart(2, '0')}${String((i % 99) + 1).padStart(2, '0')}`;
      return { code, name: `测试县${i}`, parentCode: '230000', level: 3 };
    });
    await server.db.insert(regions).values([{ code: '230000', name: '测试省', parentCode: null, level: 1 }, ...many]);
    const found = await list('admin', `?keyword=${encodeURIComponent('测试县')}`);
    expect(found).toHaveLength(200);
    expect(found[0]?.code).toBe('230101');
  });

  it('rejects each invalid field with a Chinese message naming it', async () => {
    const admin = await server.as('admin');
    for (const [query, field] of [['?parentCode=2201', 'parentCode'], ['?parentCode=abcdef', 'parentCode'], [`?keyword=${'区'.repeat(21)}`, 'keyword']] as const) {
      const response = await admin.get(`/api/system/regions${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toContain(field);
    }
    await expectFieldErrors(admin, 'PUT', '/api/system/regions/220202', { enabled: false }, { enabled: ['yes', 0, null] });
    const badCode = await admin.put('/api/system/regions/22020', { enabled: false });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json<{ message: string }>().message).toMatch(/行政区划代码应为 6 位数字/);
  });

  it('disables and re-enables a region, logging the change with its event', async () => {
    const admin = await server.as('admin');
    const response = await admin.put('/api/system/regions/220202', { enabled: false });
    expect(response.statusCode).toBe(200);
    expect(response.json<RegionRow>()).toMatchObject({ code: '220202', name: '昌邑区', enabled: false, hasChildren: false });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:region:update', summary: '修改行政区划', outcome: 'success', targetType: 'region', targetId: '220202', actorName: '系统管理员' });
    const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
    expect(event).toMatchObject({ operationSeq: op?.seq, type: 'RegionUpdated', payload: { type: 'RegionUpdated', code: '220202', enabled: false } });
    expect((await list('admin', '?parentCode=220200'))[0]?.enabled).toBe(false);

    const keeper = await server.as('regionkeeper');
    expect((await keeper.put('/api/system/regions/220102', { enabled: false })).statusCode).toBe(200);
    expect((await admin.put('/api/system/regions/220102', { enabled: true })).json<RegionRow>().enabled).toBe(true);
    const [row] = await server.db.select().from(regions).where(eq(regions.code, '220102'));
    expect(row?.enabled).toBe(true);
  });
});
