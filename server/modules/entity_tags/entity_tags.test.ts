import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityTagMembers, entityTagVersions, marketEntities } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import type { EntityTagRow, ProposalPage, TagVersionRow } from './schema';
import { entityIdsWithTag } from './store';

let server: TestServer;
const ids: Record<string, number> = {};

const entity = (key: string, name: string, regionCode: string, industryCode: string | null, businessScope: string, status = 'active') => ({
  key, row: { code: `TEST${key.padStart(14, '0')}`, codeType: 'uscc', name, entityType: 'enterprise', regionCode, industryCode, businessScope, status },
});

beforeAll(async () => {
  server = await startTestServer();
  await addUserWithPermissions(server, 'no_tags', ['system:region:list'], { departmentId: server.fixture.departments.chaoyangMarket });
  const rows = [
    entity('1', '长春朝阳鑫源超市有限公司', '220104', '5212', '日用百货、预包装食品销售'),
    entity('2', '朝阳区好味道餐饮店', '220104', '6210', '餐饮服务；食品销售'),
    entity('3', '长春朝阳特种锅炉使用有限公司', '220104', '3411', '锅炉制造；特种设备安装'),
    entity('4', '朝阳区五金批发部', '220104', '5174', '五金产品批发'),
    entity('5', '南关区食品商行', '220102', '5123', '食品销售'),
    entity('6', '朝阳区已注销食品店', '220104', '5212', '食品销售', 'deregistered'),
    entity('7', '朝阳区100%_食品', '220104', null, '包装食品 100%_ 销售'),
  ];
  for (const { key, row } of rows) {
    const [inserted] = await server.db.insert(marketEntities).values(row).returning({ id: marketEntities.id });
    ids[key] = inserted!.id;
  }
});
afterAll(async () => { await server.close(); });

const base = '/api/directory/entity-tags';

describe('专项库 entity tags', () => {
  let tag: EntityTagRow;

  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', base, 'no_tags');
    await expectAuthRefusals(server, 'GET', `${base}/options`, 'no_tags');
    await expectAuthRefusals(server, 'POST', base, 'inspector', { name: '食品经营者' });
    await expectAuthRefusals(server, 'POST', `${base}/${server.fixture.departments.chaoyangMarket}/propose`, 'inspector', { keywords: ['食品'] });
    await expectAuthRefusals(server, 'POST', `${base}/${server.fixture.departments.chaoyangMarket}/versions`, 'inspector', { keywords: ['食品'] });
    await expectAuthRefusals(server, 'DELETE', `${base}/${server.fixture.departments.chaoyangMarket}`, 'inspector');
  });

  it('creates a tag owned by the caller\'s department, refusing bad fields, duplicates and other departments', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', base, { name: '食品经营者' }, {
      name: ['', 'x', 'a'.repeat(61), 'bad\u0000'],
      description: ['a'.repeat(301)],
      departmentId: ['not-a-uuid'],
    });
    const created = await chaoyang.post(base, { name: '食品经营者', description: '<b>持证</b>食品经营者' });
    expect(created.statusCode).toBe(201);
    tag = created.json<EntityTagRow>();
    expect(tag).toMatchObject({ name: '食品经营者', description: '<b>持证</b>食品经营者', departmentName: '长春市朝阳区市场监督管理局', currentVersion: null, memberCount: 0, canEdit: true, actions: { edit: null, delete: null } });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity-tag:create', outcome: 'success', targetId: tag.id });
    expect((await chaoyang.post(base, { name: '食品经营者' })).statusCode).toBe(409);
    expect((await chaoyang.post(base, { name: '其他', departmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(400);
    const joint = await server.as('joint');
    const forOther = await joint.post(base, { name: '特种设备使用单位', departmentId: server.fixture.departments.chaoyangMarket });
    expect(forOther.statusCode).toBe(403);
  });

  it('shows the tag to its region and the city, hides it elsewhere, and lets only the owner change it', async () => {
    const joint = await server.as('joint');
    const seen = await joint.get(`${base}/${tag.id}`);
    const reason = '专项库「食品经营者」由长春市朝阳区市场监督管理局维护，其他部门只能查看和使用';
    expect(seen.json<EntityTagRow>()).toMatchObject({ id: tag.id, canEdit: false, actions: { edit: reason, delete: reason } });
    const listed = (await joint.get(base)).json<{ rows: EntityTagRow[] }>().rows.find((r) => r.id === tag.id);
    expect(listed?.actions).toEqual({ edit: reason, delete: reason });
    const put = await joint.put(`${base}/${tag.id}`, { name: '改名' });
    expect(put.statusCode).toBe(403);
    expect(put.json<{ message: string }>().message).toBe(reason);
    const removed = await joint.delete(`${base}/${tag.id}`);
    expect(removed.statusCode).toBe(403);
    expect(removed.json<{ message: string }>().message).toBe(reason);
    expect((await joint.post(`${base}/${tag.id}/propose`, { keywords: ['食品'] })).statusCode).toBe(403);
    const inspector = await server.as('inspector');
    expect((await inspector.get(base)).json<{ rows: EntityTagRow[] }>().rows.map((r) => r.id)).toContain(tag.id);
    expect((await inspector.get(`${base}/options`)).json<{ id: string }[]>().map((r) => r.id)).toContain(tag.id);
    for (const account of ['nanguan', 'jilin']) {
      const other = await server.as(account);
      expect((await other.get(`${base}/${tag.id}`)).statusCode, account).toBe(404);
      expect((await other.put(`${base}/${tag.id}`, { name: '改名' })).statusCode, account).toBe(404);
      expect((await other.get(`${base}/${tag.id}/versions`)).statusCode, account).toBe(404);
      expect((await other.get(base)).json<{ rows: EntityTagRow[] }>().rows.map((r) => r.id)).not.toContain(tag.id);
    }
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const updated = await chaoyang.put(`${base}/${tag.id}`, { name: '食品经营者（含餐饮）', description: null });
    expect(updated.json<EntityTagRow>()).toMatchObject({ name: '食品经营者（含餐饮）', description: null });
  });

  it('proposes candidates by industry prefix and keyword within the department\'s region, with counts', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', `${base}/${tag.id}/propose`, { industryCodes: ['52'], keywords: [] }, {
      industryCodes: [['9999'], ['Z'], 'F', [1]],
      keywords: [['特'.repeat(21)], 'x'],
      page: [0, 'x'],
      pageSize: [201],
      includeInactive: ['yes'],
    });
    expect((await chaoyang.post(`${base}/${tag.id}/propose`, { industryCodes: [], keywords: [] })).statusCode).toBe(400);
    const response = await chaoyang.post(`${base}/${tag.id}/propose`, { industryCodes: ['H', '52'], keywords: ['食品销售', '100%_'] });
    expect(response.statusCode).toBe(200);
    const page = response.json<ProposalPage>();
    expect(page.rows.map((r) => r.id).sort()).toEqual([ids['1'], ids['2'], ids['7']].sort());
    expect(page.counts).toEqual({ total: 3, matchedIndustry: 2, matchedKeyword: 3, inCurrentVersion: 0, currentMemberCount: 0 });
    expect(page.regionPrefix).toBe('220104');
    // Region names, not codes (issue #8 item 8).
    expect(page.regionName).toBe('朝阳区');
    expect(page.rows.map((r) => r.regionName)).toEqual(['朝阳区', '朝阳区', '朝阳区']);
    expect(page.industryPrefixes).toEqual(['52', '61', '62']);
    expect(page.rows.find((r) => r.id === ids['2'])).toMatchObject({ industryName: '正餐服务', matchedIndustry: true, matchedKeyword: true, inCurrentVersion: false });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity-tag:update', summary: '生成专项库候选名单', outcome: 'success' });
    const withInactive = (await chaoyang.post(`${base}/${tag.id}/propose`, { keywords: ['食品'], includeInactive: true, pageSize: 1 })).json<ProposalPage>();
    expect(withInactive).toMatchObject({ total: 4, pageSize: 1 });
    expect(withInactive.rows).toHaveLength(1);
  });

  let v1Members: number[] = [];

  it('confirms the candidates minus the removed ones as version 1', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', `${base}/${tag.id}/versions`, { keywords: ['食品'] }, {
      excludedEntityIds: [[0], ['a'], 'x'],
      note: ['a'.repeat(201)],
    });
    const empty = await chaoyang.post(`${base}/${tag.id}/versions`, { keywords: ['不存在的经营范围'] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'ENTITY_TAG_EMPTY' });
    const response = await chaoyang.post(`${base}/${tag.id}/versions`, { industryCodes: ['52'], keywords: ['食品销售'], excludedEntityIds: [ids['7'], ids['5']], note: '首次建库' });
    expect(response.statusCode).toBe(201);
    const version = response.json<TagVersionRow>();
    expect(version).toMatchObject({ version: 1, memberCount: 2, current: true, confirmedByName: '朝阳区管理员' });
    expect(version.criteria).toMatchObject({ industryCodes: ['52'], keywords: ['食品销售'], regionPrefix: '220104', note: '首次建库' });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity-tag:update', summary: '确认专项库版本', targetId: tag.id });
    const members = (await chaoyang.get(`${base}/${tag.id}/versions/1/members`)).json<{ rows: { id: number; regionName: string | null }[]; total: number }>();
    v1Members = members.rows.map((r) => r.id).sort();
    expect(members.rows.map((r) => r.regionName)).toEqual(['朝阳区', '朝阳区']);
    expect(v1Members).toEqual([ids['1'], ids['2']].sort());
    expect((await chaoyang.get(`${base}/${tag.id}`)).json<EntityTagRow>()).toMatchObject({ currentVersion: 1, memberCount: 2, confirmedByName: '朝阳区管理员' });
  });

  it('a second confirmation creates version 2 and leaves version 1 untouched', async () => {
    const chaoyang = await server.as('chaoyang');
    const proposal = (await chaoyang.post(`${base}/${tag.id}/propose`, { keywords: ['食品'] })).json<ProposalPage>();
    expect(proposal.counts).toMatchObject({ total: 3, inCurrentVersion: 2, currentMemberCount: 2 });
    const v1Before = await server.db.select().from(entityTagVersions).where(eq(entityTagVersions.version, 1));
    const response = await chaoyang.post(`${base}/${tag.id}/versions`, { keywords: ['食品'], excludedEntityIds: [ids['2']] });
    expect(response.json<TagVersionRow>()).toMatchObject({ version: 2, memberCount: 2, current: true });
    const versions = (await chaoyang.get(`${base}/${tag.id}/versions`)).json<TagVersionRow[]>();
    expect(versions.map((v) => [v.version, v.memberCount, v.current])).toEqual([[2, 2, true], [1, 2, false]]);
    const v1After = await server.db.select().from(entityTagVersions).where(eq(entityTagVersions.version, 1));
    expect(v1After).toEqual(v1Before);
    const v1Rows = await server.db.select({ id: entityTagMembers.entityId }).from(entityTagMembers).where(eq(entityTagMembers.tagVersionId, v1Before[0]!.id));
    expect(v1Rows.map((r) => r.id).sort()).toEqual(v1Members);
    expect((await chaoyang.get(`${base}/${tag.id}/versions/1/members`)).json<{ total: number }>().total).toBe(2);
    expect((await chaoyang.get(`${base}/${tag.id}/versions/3/members`)).statusCode).toBe(404);
    expect((await chaoyang.get(`${base}/${tag.id}/versions/0/members`)).statusCode).toBe(400);
    expect(await entityIdsWithTag(server.db, tag.id)).toEqual([ids['1'], ids['7']].sort((a, b) => a! - b!));
    const exported = await chaoyang.get(`${base}/${tag.id}/versions/2/members/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('answers 401, 403 and 404 on every route of a tag, and 400 for a malformed id', async () => {
    const routes: ['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['GET', `${base}/${tag.id}`], ['PUT', `${base}/${tag.id}`, { name: '改名' }], ['DELETE', `${base}/${tag.id}`],
      ['POST', `${base}/${tag.id}/propose`, { keywords: ['食品'] }], ['POST', `${base}/${tag.id}/versions`, { keywords: ['食品'] }],
      ['GET', `${base}/${tag.id}/versions`], ['GET', `${base}/${tag.id}/versions/1/members`], ['GET', `${base}/${tag.id}/versions/1/members/export`],
    ];
    const jilin = await server.as('jilin');
    for (const [method, url, body] of routes) {
      await expectAuthRefusals(server, method, url, 'no_tags', body);
      const call = method === 'GET' ? jilin.get(url) : method === 'POST' ? jilin.post(url, body) : method === 'PUT' ? jilin.put(url, body) : jilin.delete(url);
      expect((await call).statusCode, `${method} ${url} out of scope`).toBe(404);
    }
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`${base}/not-a-uuid`)).statusCode).toBe(400);
    await expectFieldErrors(chaoyang, 'PUT', `${base}/${tag.id}`, { name: '食品经营者（含餐饮）' }, { name: ['', 'a'.repeat(61)], description: ['a'.repeat(301)] });
  });

  it('deletes a tag, keeps its versions, and the tag filter then matches nothing', async () => {
    const joint = await server.as('joint');
    expect((await joint.delete(`${base}/${tag.id}`)).statusCode).toBe(403);
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.delete(`${base}/${tag.id}`)).statusCode).toBe(204);
    expect((await chaoyang.get(`${base}/${tag.id}`)).statusCode).toBe(404);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity-tag:delete', outcome: 'success' });
    expect((await server.db.select().from(entityTagVersions)).length).toBe(2);
    expect(await entityIdsWithTag(server.db, tag.id)).toEqual([]);
  });
});
