import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { entityTags, entityTagMembers, entityTagVersions } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import type { EntityDetail, EntityPage } from './schema';
import { seedEntities, uscc } from './test_entities';

let server: TestServer;
let ids: Record<'own' | 'nanguanHere' | 'nanguan' | 'jilin' | 'grocery', number>;

beforeAll(async () => {
  server = await startTestServer();
  const d = server.fixture.departments;
  const [own, nanguanHere, nanguan, jilin, grocery] = await seedEntities(server, [
    { name: '长春市鑫源商贸有限公司', regionCode: '220104', ownerDepartmentId: d.chaoyangMarket, riskClass: 'C' },
    { name: '长春市南关登记朝阳经营有限公司', regionCode: '220104', ownerDepartmentId: d.nanguanMarket },
    { name: '长春市南关区永利五金店', regionCode: '220102', ownerDepartmentId: d.nanguanMarket, entityType: 'individual_business', industryCode: '5281' },
    { name: '吉林市鑫源化工有限公司', regionCode: '220202', ownerDepartmentId: d.jilinMarket, industryCode: '2614' },
    { name: '长春朝阳重庆路食杂店', regionCode: '220104', ownerDepartmentId: d.chaoyangMarket, status: 'deregistered', industryCode: '5221' },
  ]);
  ids = { own: own!.id, nanguanHere: nanguanHere!.id, nanguan: nanguan!.id, jilin: jilin!.id, grocery: grocery!.id };
  await addUserWithPermissions(server, 'nolist', ['system:region:list']);
});
afterAll(async () => { await server.close(); });

const list = async (account: string, query = '') => {
  const response = await (await server.as(account)).get(`/api/directory/entities${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<EntityPage>();
};
const names = (page: EntityPage) => page.rows.map((r) => r.name).sort();

const valid = () => ({
  code: uscc('220104', 9001), name: '长春市恒泰科技有限公司', entityType: 'enterprise', regionCode: '220104', industryCode: 'I6513',
  legalRepresentative: '李四', address: '长春市朝阳区红旗街1号', registeredOn: '2019-05-06', status: 'active',
  abnormalList: false, seriousViolation: false, ownerDepartmentId: server.fixture.departments.chaoyangMarket,
});

describe('entity directory: access and scope', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/directory/entities', 'nolist');
    await expectAuthRefusals(server, 'GET', `/api/directory/entities/${ids.own}`, 'nolist');
    await expectAuthRefusals(server, 'POST', '/api/directory/entities', 'inspector', valid());
    await expectAuthRefusals(server, 'PUT', `/api/directory/entities/${ids.own}`, 'inspector', valid());
    await expectAuthRefusals(server, 'PUT', `/api/directory/entities/${ids.own}/status`, 'inspector', { status: 'revoked', reason: '吊销' });
    await expectAuthRefusals(server, 'GET', '/api/directory/entities/export', 'inspector');
  });

  it('lets every department see the directory of its region, whatever its data scope', async () => {
    expect(names(await list('chaoyang'))).toEqual(['长春市南关登记朝阳经营有限公司', '长春市鑫源商贸有限公司', '长春朝阳重庆路食杂店']);
    expect(names(await list('inspector'))).toHaveLength(3);
    expect(names(await list('nanguan'))).toEqual(['长春市南关区永利五金店', '长春市南关登记朝阳经营有限公司']);
    expect((await list('joint')).total).toBe(4);
    expect(names(await list('jilin'))).toEqual(['吉林市鑫源化工有限公司']);
    expect((await list('admin')).total).toBe(5);
  });

  it('answers 404 outside the read scope', async () => {
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`/api/directory/entities/${ids.jilin}`)).statusCode).toBe(404);
    expect((await chaoyang.put(`/api/directory/entities/${ids.jilin}`, valid())).statusCode).toBe(404);
    expect((await chaoyang.put(`/api/directory/entities/${ids.nanguan}/status`, { status: 'revoked', reason: '吊销' })).statusCode).toBe(404);
    expect((await chaoyang.get('/api/directory/entities/99999999')).statusCode).toBe(404);
  });

  it('lets only the owner department (or the 双随机办 of the region) edit: 403 naming the owner otherwise', async () => {
    const chaoyang = await server.as('chaoyang');
    const visible = await chaoyang.get(`/api/directory/entities/${ids.nanguanHere}`);
    expect(visible.json<EntityDetail>().canEdit).toBe(false);
    const reason = visible.json<EntityDetail>().actions.edit;
    expect(reason).toContain('长春市南关区市场监督管理局');
    const refused = await chaoyang.put(`/api/directory/entities/${ids.nanguanHere}`, { ...valid(), code: uscc('220104', 9101), ownerDepartmentId: server.fixture.departments.nanguanMarket });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ message: string }>().message).toBe(reason);
    expect((await chaoyang.put(`/api/directory/entities/${ids.nanguanHere}/status`, { status: 'suspended', reason: '停业' })).statusCode).toBe(403);
    const joint = await server.as('joint');
    const current = (await joint.get(`/api/directory/entities/${ids.nanguanHere}`)).json<EntityDetail>();
    expect(current).toMatchObject({ canEdit: true, actions: { edit: null } });
    const ok = await joint.put(`/api/directory/entities/${ids.nanguanHere}`, { ...valid(), code: current.code, name: current.name, ownerDepartmentId: server.fixture.departments.nanguanMarket });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('entity directory: validation and changes', () => {
  it('rejects each invalid field with a Chinese message naming it', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', '/api/directory/entities', valid(), {
      code: ['', '91350100M000100Y44', '12345', 'A'.repeat(41)],
      name: ['', '鑫', 'x'.repeat(201), 'bad\u0000name'],
      entityType: ['company', ''],
      regionCode: ['2201', 'abcdef', '229999'],
      industryCode: ['9999', 'F', 'C5121'],
      registeredOn: ['2020-02-30', '2099-01-01', 'yesterday'],
      status: ['closed'],
      ownerDepartmentId: ['x', '00000000-0000-4000-8000-000000000000'],
      abnormalList: ['是'],
      complaintsCount: [-1, 1.5],
    });
  });

  it('refuses a region or an owner outside the caller\'s scope, and internal fields without the permission', async () => {
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post('/api/directory/entities', { ...valid(), regionCode: '220202' })).statusCode).toBe(403);
    expect((await chaoyang.post('/api/directory/entities', { ...valid(), ownerDepartmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(403);
    await addUserWithPermissions(server, 'norisk', ['directory:entity:list', 'directory:entity:create'], { departmentId: server.fixture.departments.chaoyangMarket, dataScope: 'department' });
    const norisk = await server.as('norisk');
    const refused = await norisk.post('/api/directory/entities', { ...valid(), riskClass: 'A' });
    expect(refused.statusCode).toBe(403);
    expect((await norisk.get('/api/directory/entities?riskClass=C')).statusCode).toBe(403);
  });

  it('creates, updates and changes the status, logging each change; a duplicate code is 409', async () => {
    const chaoyang = await server.as('chaoyang');
    const created = await chaoyang.post('/api/directory/entities', { ...valid(), name: '=HYPERLINK("http://x")恒泰', riskClass: 'B', complaintsCount: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json<EntityDetail>();
    expect(row).toMatchObject({ industryCode: '6513', codeType: 'uscc', entityTypeLabel: '企业', regionName: '吉林省长春市朝阳区', canEdit: true, ownerDepartmentName: '长春市朝阳区市场监督管理局' });
    expect(row.internal).toEqual({ riskClass: 'B', riskClassLabel: '信用风险一般', complaintsCount: 2 });
    expect(row.nameInitials).toBe('hyperlinkhttpxht');
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity:create', summary: '新增检查对象', outcome: 'success', targetId: row.id });

    const duplicate = await chaoyang.post('/api/directory/entities', { ...valid(), name: '另一家公司' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'ENTITY_CODE_TAKEN' });

    const updated = await chaoyang.put(`/api/directory/entities/${row.id}`, { ...valid(), name: '长春市恒泰信息科技有限公司', industryCode: '6513' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json<EntityDetail>()).toMatchObject({ name: '长春市恒泰信息科技有限公司', nameInitials: 'ccshtxxkjyxgs', internal: { riskClass: 'B' } });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'directory:entity:update', outcome: 'success' });
    expect((op?.detail as { changed: string[] }).changed).toEqual(expect.arrayContaining(['name', 'nameInitials']));

    const status = await chaoyang.put(`/api/directory/entities/${row.id}/status`, { status: 'moved_out', reason: '迁往吉林市' });
    expect(status.statusCode).toBe(200);
    expect(status.json<EntityDetail>()).toMatchObject({ status: 'moved_out', statusLabel: '迁出' });
    expect(await lastOperation(server)).toMatchObject({ summary: '变更检查对象登记状态', detail: { from: 'active', to: 'moved_out', reason: '迁往吉林市' } });
    expect((await chaoyang.put(`/api/directory/entities/${row.id}/status`, { status: 'moved_out', reason: '再次' })).statusCode).toBe(409);
    await expectFieldErrors(chaoyang, 'PUT', `/api/directory/entities/${row.id}/status`, { status: 'active', reason: '恢复' }, { status: ['gone'], reason: [''] });
  });

  it('shows the risk class only to holders of directory:entity:risk', async () => {
    const chaoyangRow = (await list('chaoyang', `?code=${encodeURIComponent((await list('chaoyang', '?name=鑫源商贸')).rows[0]!.code)}`)).rows[0];
    expect(chaoyangRow?.internal?.riskClass).toBe('C');
    const inspectorPage = await list('inspector', '?name=鑫源商贸');
    expect(inspectorPage.rows[0]).toBeDefined();
    expect(inspectorPage.rows[0]).not.toHaveProperty('internal');
    expect(JSON.stringify(inspectorPage)).not.toContain('信用风险');
    expect((await (await server.as('inspector')).get('/api/directory/entities?riskClass=C')).statusCode).toBe(403);
  });
});

describe('entity directory: search', () => {
  it('finds by 3+ characters, 1–2 characters, pinyin initials, code prefix, region, industry of any level, status and type', async () => {
    expect(names(await list('joint', '?name=鑫源商'))).toEqual(['长春市鑫源商贸有限公司']);
    expect(names(await list('admin', `?name=${encodeURIComponent('五金店')}`))).toEqual(['长春市南关区永利五金店']);
    expect(names(await list('admin', `?name=${encodeURIComponent('市南关登记')}`))).toEqual(['长春市南关登记朝阳经营有限公司']);
    await seedEntities(server, [{ name: '长春市南关区李记食杂店（个体工商户）', regionCode: '220203', ownerDepartmentId: server.fixture.departments.cityMarket, industryCode: '8010' }]);
    expect(names(await list('admin', `?name=${encodeURIComponent('杂店（个体工商户')}`))).toEqual(['长春市南关区李记食杂店（个体工商户）']);
    expect((await list('admin', `?name=${encodeURIComponent('店（个体工商户）')}`)).total).toBe(1);
    expect(names(await list('admin', '?name=鑫源'))).toEqual(['吉林市鑫源化工有限公司', '长春市鑫源商贸有限公司']);
    expect(names(await list('admin', '?name=五'))).toEqual(['长春市南关区永利五金店']);
    expect(names(await list('admin', '?name=xysm'))).toEqual(['长春市鑫源商贸有限公司']);
    expect(names(await list('admin', '?name=CCCYCQL'))).toEqual(['长春朝阳重庆路食杂店']);
    expect(names(await list('admin', `?code=${uscc('220202', 0).slice(0, 8).toLowerCase()}`))).toEqual(['吉林市鑫源化工有限公司']);
    expect((await list('admin', '?regionCode=220100')).total).toBeGreaterThanOrEqual(4);
    expect(names(await list('admin', '?regionCode=220102'))).toEqual(['长春市南关区永利五金店']);
    expect(names(await list('admin', '?industryCode=C'))).toEqual(['吉林市鑫源化工有限公司']);
    expect(names(await list('admin', '?industryCode=F5281'))).toEqual(['长春市南关区永利五金店']);
    expect(names(await list('admin', '?industryCode=52'))).toEqual(['长春市南关区永利五金店', '长春朝阳重庆路食杂店']);
    expect(names(await list('admin', '?status=deregistered'))).toEqual(['长春朝阳重庆路食杂店']);
    expect(names(await list('admin', '?entityType=individual_business'))).toEqual(['长春市南关区永利五金店']);
    expect(names(await list('admin', `?ownerDepartmentId=${server.fixture.departments.jilinMarket}`))).toEqual(['吉林市鑫源化工有限公司']);
    expect((await (await server.as('admin')).get('/api/directory/entities?industryCode=Z9')).statusCode).toBe(400);
  });

  it('filters by the version in force of a 专项库', async () => {
    const [tag] = await server.db.insert(entityTags).values({ departmentId: server.fixture.departments.chaoyangMarket, name: '食品经营者', currentVersion: 2 }).returning({ id: entityTags.id });
    const versions = await server.db.insert(entityTagVersions).values([1, 2].map((version) => ({
      tagId: tag!.id, version, criteria: {}, memberCount: 1, confirmedAt: new Date(), confirmedBy: server.fixture.users.chaoyang,
    }))).returning({ id: entityTagVersions.id, version: entityTagVersions.version });
    const v1 = versions.find((v) => v.version === 1)!.id;
    const v2 = versions.find((v) => v.version === 2)!.id;
    await server.db.insert(entityTagMembers).values([{ tagVersionId: v1, entityId: ids.own }, { tagVersionId: v2, entityId: ids.grocery }]);
    expect(names(await list('chaoyang', `?tagId=${tag!.id}`))).toEqual(['长春朝阳重庆路食杂店']);
    const detail = (await (await server.as('chaoyang')).get(`/api/directory/entities/${ids.grocery}`)).json<EntityDetail>();
    expect(detail.tags).toEqual([{ id: tag!.id, name: '食品经营者' }]);
  });

  it('finds two characters through the name pieces; stops counting at the cap for a one-character scan, and says so', async () => {
    await seedEntities(server, Array.from({ length: 1_050 }, (_, i) => ({ name: `长春市批量测试${i}号店`, regionCode: '220102', ownerDepartmentId: server.fixture.departments.nanguanMarket })));
    expect(await list('admin', '?name=批量&pageSize=10')).toMatchObject({ total: 1050, totalIsLowerBound: false });
    const page = await list('admin', '?name=批&pageSize=10');
    expect(page).toMatchObject({ total: 1000, totalIsLowerBound: true });
    expect(page.rows).toHaveLength(10);
    // 批量测试10, 100–109 and 1000–1049: a trigram search, counted exactly.
    expect(await list('admin', '?name=批量测试10')).toMatchObject({ total: 61, totalIsLowerBound: false });
  });
});

describe('entity directory: name pieces', () => {
  it('the migrations that filled name_bigram_keys for stored names (0008, then 0043) make the same keys as nameBigramKeys', async () => {
    const updatesOf = (file: string) => readFileSync(new URL(`../../db/migrations/${file}`, import.meta.url), 'utf8')
      .split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.startsWith('UPDATE "market_entities"'));
    const updates = [...updatesOf('0008_name_bigram_keys.sql'), ...updatesOf('0043_name_quad_keys.sql')];
    expect(updates).toHaveLength(2);
    const names = ['长春市鑫源商贸有限公司', 'ABC科技（长春）有限公司', '鑫', '𠮷野家长春店', 'Ａ座 咖啡', '鑫源鑫源', '😀😁店', '鑫源商'];
    const ids = (await seedEntities(server, names.map((name) => ({ name, regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket })))).map((r) => r.id);
    await server.db.execute(sql`update market_entities set name_bigram_keys = '{}' where id = any(${sql.param(ids)}::bigint[])`);
    for (const update of updates) await server.db.execute(sql.raw(update));
    const result: unknown = await server.db.execute(sql`select name, name_bigram_keys as keys from market_entities where id = any(${sql.param(ids)}::bigint[])`);
    const rows = (result as { rows: { name: string; keys: number[] }[] }).rows;
    expect(rows).toHaveLength(names.length);
    for (const row of rows) expect(row.keys, row.name).toEqual(nameBigramKeys(row.name));
  });
});

describe('entity directory: export and code tables', () => {
  it('exports the filtered list as xlsx and as csv, formulas neutralised, internal columns only with the permission', async () => {
    await seedEntities(server, [{ name: '=SUM(1,2)测试店', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket }]);
    const chaoyang = await server.as('chaoyang');
    const xlsx = await chaoyang.get('/api/directory/entities/export?name=%E6%81%92%E6%B3%B0');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const csv = await chaoyang.get('/api/directory/entities/export?format=csv&regionCode=220104');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('信用风险分类');
    expect(lines).toHaveLength(1 + (await list('chaoyang', '?regionCode=220104')).total);
    expect(csv.body).toContain('"\'=SUM(1,2)测试店"');
    const inspectorCsv = await (await server.as('inspector')).get('/api/directory/entities/export?format=csv');
    expect(inspectorCsv.statusCode).toBe(403);
    const head = await (await server.as('joint')).get('/api/directory/entities/export?format=csv&regionCode=220102');
    expect(head.body.split('\r\n')[0]).toContain('登记机关');
  });

  it('serves the GB/T 4754 industry table level by level and by keyword', async () => {
    const client = await server.as('inspector');
    const sections = (await client.get('/api/codes/industries')).json<{ code: string; isLeaf: boolean }[]>();
    expect(sections).toHaveLength(20);
    const divisions = (await client.get('/api/codes/industries?parent=F')).json<{ code: string }[]>();
    expect(divisions.map((d) => d.code)).toEqual(['51', '52']);
    const found = (await client.get('/api/codes/industries?keyword=%E4%BA%94%E9%87%91')).json<{ code: string; path: unknown[] }[]>();
    expect(found.map((f) => f.code)).toEqual(expect.arrayContaining(['517', '5174', '528', '5281']));
    expect((await client.get('/api/codes/industries?parent=99')).statusCode).toBe(404);
    expect((await (await server.anon()).get('/api/codes/industries')).statusCode).toBe(401);
  });
});
