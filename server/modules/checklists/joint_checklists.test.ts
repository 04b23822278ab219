import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departments } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import type { ChecklistDetail, ItemRow, VersionDetail } from './schema';
import { addUser } from '../dispatch/test_fixtures';
import { addNode, buildSampleTree, contentBody, createList, itemBody, publish, subitemBody } from './test_fixtures';

let server: TestServer;
let admin: Client;
let joint: Client;
let chaoyang: Client;
const lists = '/api/directory/checklists';
const joints = '/api/directory/joint-checklists';
let market: ChecklistDetail;
let ecology: ChecklistDetail;
let cityJoint: ChecklistDetail;

const get = async <T>(client: Client, url: string) => {
  const response = await client.get(url);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json<T>();
};
const idOf = async (url: string, code: string) => (await get<VersionDetail>(admin, url)).items.find((i) => i.code === code)?.id ?? '';

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
  joint = await server.as('joint');
  chaoyang = await server.as('chaoyang');
  const [eco] = await server.db.insert(departments).values({ name: '长春市生态环境局', type: 'ecology_environment', regionCode: '220100' }).returning({ id: departments.id });
  market = await createList(admin, { name: '长春市市场监管局随机抽查事项清单', departmentId: server.fixture.departments.cityMarket });
  await buildSampleTree(admin, `${lists}/${market.id}/versions/1`, 'SX', '长春市市场监督管理局');
  await publish(admin, `${lists}/${market.id}/versions/1`);
  ecology = await createList(admin, { name: '长春市生态环境局随机抽查事项清单', departmentId: eco?.id });
  await buildSampleTree(admin, `${lists}/${ecology.id}/versions/1`, 'HB', '长春市生态环境局');
  await publish(admin, `${lists}/${ecology.id}/versions/1`);
});
afterAll(async () => { await server.close(); });

describe('the region\'s joint checklist (双随机办)', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'POST', joints, 'chaoyang', { name: '长春市联合清单', regionCode: '220100' });
    const fake = '00000000-0000-4000-8000-000000000000';
    await expectAuthRefusals(server, 'GET', `${joints}/${fake}/versions/1/sources`, 'chaoyang');
    await expectAuthRefusals(server, 'POST', `${joints}/${fake}/versions/1/sources`, 'chaoyang', { sourceItemIds: [fake] });
    await expectAuthRefusals(server, 'POST', `${joints}/${fake}/versions/1/publish`, 'chaoyang', { changeReason: 'initial', changeNote: '首次制定' });
  });

  it('validates the fields, the region and the scope', async () => {
    await expectFieldErrors(joint, 'POST', joints, { name: '长春市联合清单', regionCode: '220100' }, {
      name: ['', 'x'], regionCode: ['2201', 'abcdef', '990000'], baseChecklistId: ['x', market.id],
    });
    const outside = await joint.post(joints, { name: '吉林市联合清单', regionCode: '220202' });
    expect(outside.statusCode).toBe(403);
  });

  it('creates one joint list per region and fills it from the departments\' lists in force', async () => {
    const created = await joint.post(joints, { name: '长春市市场监管领域部门联合抽查事项清单', regionCode: '220100' });
    expect(created.statusCode, created.body).toBe(201);
    cityJoint = created.json<ChecklistDetail>();
    expect(cityJoint).toMatchObject({ kind: 'joint', kindLabel: '部门联合抽查事项清单', departmentId: null, regionName: '长春市', canEdit: true, draftVersion: 1 });
    expect((await joint.post(joints, { name: '另一份', regionCode: '220100' })).json()).toMatchObject({ code: 'JOINT_CHECKLIST_EXISTS' });

    const v1 = `${joints}/${cityJoint.id}/versions/1`;
    const sources = await get<{ checklistName: string; departmentName: string; items: { id: string; code: string; contentCount: number; included: boolean }[] }[]>(joint, `${v1}/sources`);
    expect(sources.map((s) => s.departmentName)).toEqual(['长春市市场监督管理局', '长春市生态环境局']);
    expect(sources[0]?.items.map((i) => [i.code, i.contentCount, i.included])).toEqual([['SX-001', 3, false], ['SX-002', 1, false]]);

    const picked = [sources[1]?.items[0]?.id, sources[0]?.items[0]?.id];
    const added = await joint.post(`${v1}/sources`, { sourceItemIds: picked });
    expect(added.statusCode, added.body).toBe(200);
    const draft = added.json<VersionDetail>();
    expect(draft.items.map((i) => i.code)).toEqual(['LH-001', 'LH-001-01', 'LH-001-01-01', 'LH-001-01-02', 'LH-001-02', 'LH-001-02-01', 'LH-002', 'LH-002-01', 'LH-002-01-01', 'LH-002-01-02', 'LH-002-02', 'LH-002-02-01']);
    expect(draft.items[0]).toMatchObject({ name: '企业公示信息检查', subject: '长春市生态环境局', inherited: false, source: { departmentName: '长春市生态环境局', checklistId: ecology.id, version: 1, versionStatus: 'published', code: 'HB-001' } });
    expect(draft.issues).toEqual([]);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:joint-checklist:manage', summary: '纳入部门检查事项', outcome: 'success' });

    const again = await joint.post(`${v1}/sources`, { sourceItemIds: [picked[1], await idOf(`${lists}/${market.id}/versions/1`, 'SX-001-01')] });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ details: { message: string }[] }>().details.map((d) => d.message)).toEqual([
      '长春市市场监督管理局《长春市市场监管局随机抽查事项清单》第 1 版的检查事项「企业公示信息检查」（SX-001）已在联合清单中',
      '只能选择检查事项（一级），长春市市场监督管理局《长春市市场监管局随机抽查事项清单》第 1 版的检查子项「年度报告公示信息」（SX-001-01）不是检查事项',
    ]);
    expect((await get<typeof sources>(joint, `${v1}/sources`))[0]?.items.map((i) => i.included)).toEqual([true, false]);
  });

  it('only removes or reorders whole 检查事项, then publishes', async () => {
    const v1 = `${joints}/${cityJoint.id}/versions/1`;
    const draft = await get<VersionDetail>(joint, v1);
    const sub = draft.items.find((i) => i.code === 'LH-002-01') as ItemRow;
    expect((await joint.delete(`${v1}/items/${sub.id}`)).json()).toMatchObject({ code: 'JOINT_ITEM_PART' });
    expect((await joint.put(`${v1}/order`, { parentId: sub.parentId, itemIds: [sub.id] })).json()).toMatchObject({ code: 'JOINT_ITEM_PART' });
    expect((await joint.post(`${v1}/items`, itemBody('LH-009', '手工事项'))).statusCode).toBe(404);
    const roots = draft.items.filter((i) => i.depth === 0).map((i) => i.id);
    expect((await joint.put(`${v1}/order`, { parentId: null, itemIds: [...roots].reverse() })).statusCode).toBe(204);
    const published = await publish(joint, v1, 'initial', '首次制定全市联合抽查事项清单');
    expect(published.items[0]?.source?.departmentName).toBe('长春市市场监督管理局');
    const seen = await get<ChecklistDetail>(chaoyang, `${joints}/${cityJoint.id}`);
    expect(seen).toMatchObject({ canEdit: false, currentVersion: 1 });
  });

  it('keeps pointing at the department version it used after the department publishes a new one', async () => {
    const revised = await admin.post(`${lists}/${market.id}/versions`);
    expect(revised.statusCode).toBe(201);
    await publish(admin, `${lists}/${market.id}/versions/2`, 'interpreted', '依据最新释义调整检查方法表述');
    const v1 = await get<VersionDetail>(joint, `${joints}/${cityJoint.id}/versions/1`);
    expect(v1.items[0]?.source).toMatchObject({ version: 1, versionStatus: 'superseded' });
    expect((await joint.post(`${joints}/${cityJoint.id}/versions`)).statusCode).toBe(201);
    const v2 = `${joints}/${cityJoint.id}/versions/2`;
    const sources = await get<{ version: number; items: { id: string; included: boolean }[] }[]>(joint, `${v2}/sources`);
    expect(sources[0]).toMatchObject({ version: 2 });
    expect(sources[0]?.items.map((i) => i.included)).toEqual([true, false]);
    const dup = await joint.post(`${v2}/sources`, { sourceItemIds: [sources[0]?.items[0]?.id] });
    expect(dup.json<{ details: { message: string }[] }>().details[0]?.message).toMatch(/已在联合清单中/);
  });
});

describe('district lists on top of the city list (长春第6条)', () => {
  let district: ChecklistDetail;

  it('checks the base: a visible list of the same kind, published, in a region above', async () => {
    const own = await createList(chaoyang, { name: '草稿清单', departmentId: server.fixture.departments.chaoyangMarket });
    const draftOnly = await createList(admin, { name: '未发布的市级清单', departmentId: server.fixture.departments.cityMarket });
    for (const [baseChecklistId, message] of [
      [own.id, '上级清单《草稿清单》不属于上级行政区划'],
      [cityJoint.id, '上级清单不存在或不在您的数据权限范围内'],
      [draftOnly.id, '上级清单不存在或不在您的数据权限范围内'],
    ]) {
      const response = await chaoyang.post(lists, { name: '朝阳区清单', departmentId: server.fixture.departments.chaoyangMarket, baseChecklistId });
      expect(response.json(), message).toMatchObject({ code: 'VALIDATION_FAILED', message });
    }
    const unpublished = await admin.post(lists, { name: '朝阳区清单', departmentId: server.fixture.departments.chaoyangMarket, baseChecklistId: draftOnly.id });
    expect(unpublished.json()).toMatchObject({ message: '上级清单《未发布的市级清单》还没有发布的版本' });
  });

  it('inherits the city items read-only and adds local items after them', async () => {
    district = await createList(chaoyang, { name: '朝阳区市场监管局随机抽查事项清单', departmentId: server.fixture.departments.chaoyangMarket, baseChecklistId: market.id });
    expect(district).toMatchObject({ baseChecklistId: market.id, baseChecklistName: '长春市市场监管局随机抽查事项清单' });
    const v1 = `${lists}/${district.id}/versions/1`;
    const draft = await get<VersionDetail>(chaoyang, v1);
    expect(draft.items).toHaveLength(9);
    expect(draft.items.every((i) => i.inherited && i.source?.version === 2 && i.source.departmentName === '长春市市场监督管理局')).toBe(true);
    const first = draft.items[0] as ItemRow;
    for (const response of [
      await chaoyang.put(`${v1}/items/${first.id}`, itemBody('SX-001', '改名')),
      await chaoyang.delete(`${v1}/items/${first.id}`),
      await chaoyang.post(`${v1}/items`, subitemBody(first.id, 'SX-001-09', '本级补充子项')),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'CHECKLIST_ITEM_INHERITED' });
    }
    const local = await addNode(chaoyang, v1, itemBody('QX-001', '农贸市场经营秩序检查'));
    const sub = await addNode(chaoyang, v1, subitemBody(local.id, 'QX-001-01', '市场开办者责任'));
    await addNode(chaoyang, v1, contentBody(sub.id, 'QX-001-01-01', '是否建立入场销售者档案'));
    const published = await publish(chaoyang, v1);
    expect(published.items.map((i) => i.code).slice(-3)).toEqual(['QX-001', 'QX-001-01', 'QX-001-01-01']);
  });

  it('shows the district list to the department whose list it builds on, whatever that department\'s data scope (issue #8 item 8)', async () => {
    // A city department's administrator sees 本部门 only; another city department sees neither.
    await addUser(server, 'city_market_admin', '市局管理员', server.fixture.departments.cityMarket, ['dept_admin']);
    await addUser(server, 'city_market_head', '市局负责人', server.fixture.departments.cityMarket, ['dept_head']);
    const [other] = await server.db.insert(departments).values({ name: '长春市应急管理局', type: 'emergency_management', regionCode: '220100' }).returning({ id: departments.id });
    await addUser(server, 'city_emergency_admin', '应急局管理员', other?.id ?? '', ['dept_admin']);
    for (const account of ['city_market_admin', 'city_market_head']) {
      const client = await server.as(account);
      const rows = (await get<{ rows: ChecklistDetail[] }>(client, lists)).rows;
      expect(rows.map((r) => r.name), account).toContain('朝阳区市场监管局随机抽查事项清单');
      expect(await get<ChecklistDetail>(client, `${lists}/${district.id}`), account).toMatchObject({ canEdit: false, currentVersion: 1 });
      expect((await client.get(`${lists}/${district.id}/versions/1`)).statusCode, account).toBe(200);
    }
    const emergency = await server.as('city_emergency_admin');
    expect((await emergency.get(`${lists}/${district.id}`)).statusCode).toBe(404);
    expect((await get<{ rows: ChecklistDetail[] }>(emergency, lists)).rows.map((r) => r.id)).not.toContain(district.id);
  });

  it('asks for a sync when the city publishes a new version, then publishes', async () => {
    expect((await admin.post(`${lists}/${market.id}/versions`)).statusCode).toBe(201);
    const cityV3 = `${lists}/${market.id}/versions/3`;
    const c = await addNode(admin, cityV3, itemBody('SX-003', '价格行为检查', '长春市市场监督管理局'));
    const c1 = await addNode(admin, cityV3, subitemBody(c.id, 'SX-003-01', '明码标价'));
    await addNode(admin, cityV3, contentBody(c1.id, 'SX-003-01-01', '是否按规定明码标价'));
    await publish(admin, cityV3, 'enacted', '依据新施行的《明码标价和禁止价格欺诈规定》新增价格行为检查');

    expect((await chaoyang.post(`${lists}/${district.id}/versions`)).statusCode).toBe(201);
    const v2 = `${lists}/${district.id}/versions/2`;
    const stale = await get<VersionDetail>(chaoyang, v2);
    expect(stale.issues.map((i) => i.message)).toEqual(['上级清单《长春市市场监管局随机抽查事项清单》已发布第 3 版，请先「同步上级清单」']);
    expect((await chaoyang.post(`${v2}/publish`, { changeReason: 'amended', changeNote: '同步市级清单' })).json()).toMatchObject({ code: 'CHECKLIST_INVALID' });
    const synced = await chaoyang.post(`${v2}/sync-base`);
    expect(synced.statusCode, synced.body).toBe(200);
    const after = synced.json<VersionDetail>();
    expect(after.issues).toEqual([]);
    expect(after.items.map((i) => i.code)).toContain('SX-003-01-01');
    expect(after.items.filter((i) => !i.inherited).map((i) => i.code)).toEqual(['QX-001', 'QX-001-01', 'QX-001-01-01']);
    await publish(chaoyang, v2, 'amended', '同步市级清单第 3 版');
    const diff = await get<{ added: number; removed: number }>(chaoyang, `${lists}/${district.id}/versions/1/diff/2`);
    expect(diff).toMatchObject({ added: 3, removed: 0 });
  });

  it('builds a district joint list on the city joint list, adding the district departments\' items', async () => {
    const created = await joint.post(joints, { name: '朝阳区市场监管领域部门联合抽查事项清单', regionCode: '220104', baseChecklistId: cityJoint.id });
    expect(created.statusCode, created.body).toBe(201);
    const districtJoint = created.json<ChecklistDetail>();
    const v1 = `${joints}/${districtJoint.id}/versions/1`;
    const sources = await get<{ checklistName: string; items: { id: string; code: string }[] }[]>(joint, `${v1}/sources`);
    expect(sources.map((s) => s.checklistName)).toEqual(['朝阳区市场监管局随机抽查事项清单']);
    expect(sources[0]?.items.map((i) => i.code)).toEqual(['QX-001']);
    const local = sources[0]?.items[0];
    const draft = (await joint.post(`${v1}/sources`, { sourceItemIds: [local?.id] })).json<VersionDetail>();
    expect(draft.items.filter((i) => i.inherited)).toHaveLength(12);
    expect(draft.items.filter((i) => !i.inherited).map((i) => [i.code, i.source?.code])).toEqual([['LH-003', 'QX-001'], ['LH-003-01', 'QX-001-01'], ['LH-003-01-01', 'QX-001-01-01']]);
    const districtList = (await get<{ rows: ChecklistDetail[] }>(chaoyang, `${lists}?name=${encodeURIComponent('朝阳区市场监管局')}`)).rows[0];
    const inherited = await idOf(`${lists}/${districtList?.id ?? ''}/versions/2`, 'SX-001');
    const foreign = await joint.post(`${v1}/sources`, { sourceItemIds: [inherited, await idOf(`${lists}/${ecology.id}/versions/1`, 'HB-002')] });
    expect(foreign.json<{ details: { message: string }[] }>().details.map((d) => d.message)).toEqual([
      '长春市朝阳区市场监督管理局《朝阳区市场监管局随机抽查事项清单》第 2 版的检查事项「企业公示信息检查」（SX-001）继承自上级清单，应纳入上级的联合清单',
      expect.stringMatching(/不存在或不在可选范围内/),
    ]);
    await publish(joint, v1, 'initial', '在全市联合清单基础上补充本区事项');
  });
});

describe('公示 of the lists in force', () => {
  it('lists a region\'s published lists without login, with whitelisted fields only', async () => {
    await createList(admin, { name: '仅有草稿的清单', departmentId: server.fixture.departments.cityMarket });
    const anon = await server.anon();
    const response = await anon.get('/api/public/checklists?regionCode=220100');
    expect(response.statusCode).toBe(200);
    const body = response.json<{ name: string; version: number; changeReasonLabel: string | null; items: Record<string, unknown>[] }[]>();
    // Department lists by pinyin of the department (生态环境局 sheng before 市场监督管理局 shi), then the joint list.
    expect(body.map((l) => [l.name, l.version])).toEqual([
      ['长春市生态环境局随机抽查事项清单', 1], ['长春市市场监管局随机抽查事项清单', 3], ['长春市市场监管领域部门联合抽查事项清单', 1],
    ]);
    expect(Object.keys(body[0] ?? {}).sort()).toEqual(['changeNote', 'changeReasonLabel', 'departmentName', 'items', 'kindLabel', 'name', 'publishedAt', 'regionCode', 'regionName', 'version']);
    const market = body.find((l) => l.name === '长春市市场监管局随机抽查事项清单');
    expect(market?.changeReasonLabel).toBe('法律法规规章制定（立）');
    expect(Object.keys(market?.items[0] ?? {}).sort()).toEqual(['basis', 'categoryLabel', 'code', 'level', 'levelLabel', 'methodLabels', 'name', 'parentCode', 'subject', 'target']);
    expect(market?.items[0]).toMatchObject({ code: 'SX-001', levelLabel: '检查事项', categoryLabel: '一般检查事项', methodLabels: ['实地核查', '书面检查'] });
    expect(JSON.stringify(body)).not.toMatch(/yesWording|公示信息真实、及时|"id"/);
    expect((await anon.get('/api/public/checklists?regionCode=abc')).statusCode).toBe(400);
    expect((await anon.get('/api/public/checklists?regionCode=220202')).json()).toEqual([]);
  });

  it('lists, without login, the regions that have lists in force (city first, then districts)', async () => {
    const anon = await server.anon();
    const response = await anon.get('/api/public/checklist-regions');
    expect(response.statusCode).toBe(200);
    const regions = response.json<{ code: string; name: string }[]>();
    expect(regions[0]).toEqual({ code: '220100', name: '长春市' });
    expect(regions.map((r) => r.code)).not.toContain('220202');
    expect(Object.keys(regions[0] ?? {}).sort()).toEqual(['code', 'name']);
  });
});
