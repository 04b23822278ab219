import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import type { ChecklistDetail, ChecklistRow, ItemRow, VersionDetail } from './schema';
import { addNode, addOutsider, buildSampleTree, contentBody, createList, itemBody, publish, subitemBody } from './test_fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
});
afterAll(async () => { await server.close(); });

const base = '/api/directory/checklists';
const strip = (items: readonly ItemRow[]) => items.map(({ id: _id, parentId: _parentId, ...rest }) => rest);

describe('department checklists: lists, versions, publication', () => {
  let list: ChecklistDetail;
  let v1Items: ItemRow[];

  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', base, 'outsider');
    await expectAuthRefusals(server, 'POST', base, 'joint', { name: '清单', departmentId: server.fixture.departments.chaoyangMarket });
    const fake = '00000000-0000-4000-8000-000000000000';
    await expectAuthRefusals(server, 'GET', `${base}/${fake}`, 'outsider');
    await expectAuthRefusals(server, 'POST', `${base}/${fake}/versions/1/publish`, 'outsider', { changeReason: 'initial', changeNote: '首次' });
    await expectAuthRefusals(server, 'GET', `${base}/${fake}/versions/1/diff/2`, 'outsider');
  });

  it('rejects each invalid field with a Chinese message naming it', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', base, { name: '朝阳区清单', departmentId: server.fixture.departments.chaoyangMarket }, {
      name: ['', 'x', 'a'.repeat(101), 42, 'bad\u0001name'],
      departmentId: ['nope', null, server.fixture.departments.nanguanMarket],
      baseChecklistId: ['nope', '00000000-0000-4000-8000-000000000000'],
    });
  });

  it('creates a list with an empty first draft, logged with its events', async () => {
    const chaoyang = await server.as('chaoyang');
    list = await createList(chaoyang, { name: '朝阳区市场监管局随机抽查事项清单', departmentId: server.fixture.departments.chaoyangMarket });
    expect(list).toMatchObject({ kind: 'department', kindLabel: '部门随机抽查事项清单', departmentName: '长春市朝阳区市场监督管理局', regionCode: '220104', regionName: '朝阳区', currentVersion: null, draftVersion: 1, canEdit: true });
    expect(list.versions).toMatchObject([{ version: 1, status: 'draft', statusLabel: '草稿', nodeCount: 0 }]);
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'directory:checklist:create', summary: '新建抽查事项清单', outcome: 'success', targetId: list.id });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events.map((e) => e.type)).toEqual(['ChecklistCreated', 'ChecklistRevisionStarted']);
  });

  it('will not publish an incomplete draft, naming every problem', async () => {
    const chaoyang = await server.as('chaoyang');
    const empty = await chaoyang.post(`${base}/${list.id}/versions/1/publish`, { changeReason: 'initial', changeNote: '首次制定' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'CHECKLIST_INVALID', message: '《朝阳区市场监管局随机抽查事项清单》第 1 版还不能发布：清单中还没有检查事项' });
    const item = await addNode(chaoyang, `${base}/${list.id}/versions/1`, itemBody('SX-009', '价格行为检查'));
    const draft = (await chaoyang.get(`${base}/${list.id}/versions/1`)).json<VersionDetail>();
    expect(draft.issues.map((i) => i.message)).toEqual(['检查事项「价格行为检查」（SX-009）下还没有检查子项']);
    const refused = await chaoyang.post(`${base}/${list.id}/versions/1/publish`, { changeReason: 'initial', changeNote: '首次制定' });
    expect(refused.json()).toMatchObject({ code: 'CHECKLIST_INVALID', details: [{ field: 'SX-009', message: '检查事项「价格行为检查」（SX-009）下还没有检查子项' }] });
    expect(await lastOperation(server)).toMatchObject({ outcome: 'failure', errorCode: 'CHECKLIST_INVALID' });
    expect((await chaoyang.delete(`${base}/${list.id}/versions/1/items/${item.id}`)).statusCode).toBe(204);
  });

  it('publishes a complete draft with its reason (立改废释)', async () => {
    const chaoyang = await server.as('chaoyang');
    await buildSampleTree(chaoyang, `${base}/${list.id}/versions/1`);
    await expectFieldErrors(chaoyang, 'POST', `${base}/${list.id}/versions/1/publish`, { changeReason: 'initial', changeNote: '首次制定' }, {
      changeReason: ['', 'because', null], changeNote: ['', 'x', 'a'.repeat(451)],
    });
    const published = await publish(chaoyang, `${base}/${list.id}/versions/1`);
    expect(published).toMatchObject({ version: 1, status: 'published', statusLabel: '现行', changeReason: 'initial', changeReasonLabel: '首次制定', changeNote: '首次制定本部门随机抽查事项清单', publishedByName: '朝阳区管理员', issues: [] });
    expect(published.items).toHaveLength(9);
    expect(published.items.map((i) => i.depth)).toEqual([0, 1, 2, 2, 1, 2, 0, 1, 2]);
    v1Items = published.items;
    const row = (await chaoyang.get(`${base}/${list.id}`)).json<ChecklistDetail>();
    expect(row).toMatchObject({ currentVersion: 1, draftVersion: null, itemCount: 2 });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:checklist:publish', summary: '发布抽查事项清单', outcome: 'success' });
  });

  it('never changes a published version: every write answers 409', async () => {
    const chaoyang = await server.as('chaoyang');
    const v1 = `${base}/${list.id}/versions/1`;
    const first = v1Items[0] as ItemRow;
    const attempts = [
      await chaoyang.post(`${v1}/items`, itemBody('SX-010', '新增事项')),
      await chaoyang.put(`${v1}/items/${first.id}`, { ...itemBody('SX-001', '改名') }),
      await chaoyang.delete(`${v1}/items/${first.id}`),
      await chaoyang.put(`${v1}/order`, { parentId: null, itemIds: v1Items.filter((i) => i.depth === 0).map((i) => i.id).reverse() }),
      await chaoyang.post(`${v1}/publish`, { changeReason: 'amended', changeNote: '再发布一次' }),
      await chaoyang.delete(v1),
    ];
    for (const response of attempts) {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json<{ code: string }>().code).toMatch(/CHECKLIST_VERSION_LOCKED|CHECKLIST_ONLY_VERSION/);
    }
    expect(attempts[0]?.json()).toMatchObject({ message: '第 1 版已发布，不能修改；如需调整，请「修订」生成新的草稿版本' });
    expect(strip((await chaoyang.get(v1)).json<VersionDetail>().items)).toEqual(strip(v1Items));
  });

  it('revises: version N+1 is a draft copy of the version in force, one draft at a time', async () => {
    const chaoyang = await server.as('chaoyang');
    const revised = await chaoyang.post(`${base}/${list.id}/versions`);
    expect(revised.statusCode, revised.body).toBe(201);
    const v2 = revised.json<VersionDetail>();
    expect(v2).toMatchObject({ version: 2, status: 'draft', changeReason: null, issues: [] });
    expect(strip(v2.items)).toEqual(strip(v1Items));
    expect(v2.items.map((i) => i.id).some((id) => v1Items.some((o) => o.id === id))).toBe(false);
    const again = await chaoyang.post(`${base}/${list.id}/versions`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CHECKLIST_DRAFT_EXISTS', message: '《朝阳区市场监管局随机抽查事项清单》第 2 版草稿尚未发布，请先发布或放弃该草稿' });
    expect(await lastOperation(server)).toMatchObject({ outcome: 'failure', errorCode: 'CHECKLIST_DRAFT_EXISTS' });
  });

  it('publishes the revision, superseding version 1, and the diff shows what changed', async () => {
    const chaoyang = await server.as('chaoyang');
    const v2url = `${base}/${list.id}/versions/2`;
    const v2 = (await chaoyang.get(v2url)).json<VersionDetail>();
    const byCode = new Map(v2.items.map((i) => [i.code, i]));
    const a = byCode.get('SX-001') as ItemRow;
    expect((await chaoyang.put(`${v2url}/items/${a.id}`, { ...itemBody('SX-001', '企业公示信息检查'), category: 'key', basis: '《企业信息公示暂行条例》第十四条、第十八条' })).statusCode).toBe(200);
    expect((await chaoyang.delete(`${v2url}/items/${byCode.get('SX-001-01-02')?.id ?? ''}`)).statusCode).toBe(204);
    const c = await addNode(chaoyang, v2url, itemBody('SX-003', '价格行为检查'));
    const c1 = await addNode(chaoyang, v2url, subitemBody(c.id, 'SX-003-01', '明码标价'));
    await addNode(chaoyang, v2url, contentBody(c1.id, 'SX-003-01-01', '是否按规定明码标价'));

    const initial = await chaoyang.post(`${v2url}/publish`, { changeReason: 'initial', changeNote: '再次首次' });
    expect(initial.statusCode).toBe(400);
    expect(initial.json()).toMatchObject({ details: [{ field: 'changeReason' }] });
    await publish(chaoyang, v2url, 'amended', '依据《企业信息公示暂行条例》修订调整检查依据，新增价格行为检查');
    const detail = (await chaoyang.get(`${base}/${list.id}`)).json<ChecklistDetail>();
    expect(detail.versions.map((v) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    expect(detail).toMatchObject({ currentVersion: 2, itemCount: 3 });
    const op = await lastOperation(server);
    const [event] = await server.db.select().from(domainEvents).where(and(eq(domainEvents.operationSeq, op?.seq ?? -1), eq(domainEvents.type, 'ChecklistPublished')));
    expect(event?.payload).toMatchObject({ version: 2, changeReason: 'amended', added: 3, removed: 1, changed: 1 });

    const diff = await chaoyang.get(`${base}/${list.id}/versions/1/diff/2`);
    expect(diff.statusCode).toBe(200);
    const body = diff.json<{ added: number; removed: number; changed: number; rows: { code: string; status: string; changes: { field: string; before: string; after: string }[] }[] }>();
    expect(body).toMatchObject({ from: 1, to: 2, added: 3, removed: 1, changed: 1, unchanged: 7 });
    expect(body.rows.find((r) => r.code === 'SX-001')?.changes).toEqual([
      { field: 'category', label: '事项类别', before: '一般检查事项', after: '重点检查事项' },
      { field: 'basis', label: '检查依据', before: '《企业信息公示暂行条例》第十四条', after: '《企业信息公示暂行条例》第十四条、第十八条' },
    ]);
    expect(body.rows.find((r) => r.code === 'SX-001-01-02')?.status).toBe('removed');
    expect((await chaoyang.get(`${base}/${list.id}/versions/1/diff/9`)).statusCode).toBe(404);
    expect((await chaoyang.get(`${base}/${list.id}/versions/x/diff/2`)).statusCode).toBe(400);
    // version 1 is exactly what it was when published
    expect(strip((await chaoyang.get(`${base}/${list.id}/versions/1`)).json<VersionDetail>().items)).toEqual(strip(v1Items));
  });

  it('discards a draft, but not a published version or the only version', async () => {
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`${base}/${list.id}/versions`)).statusCode).toBe(201);
    expect((await chaoyang.delete(`${base}/${list.id}/versions/3`)).statusCode).toBe(204);
    expect(await lastOperation(server)).toMatchObject({ summary: '放弃抽查事项清单草稿', outcome: 'success' });
    expect((await chaoyang.get(`${base}/${list.id}/versions/3`)).statusCode).toBe(404);
    expect((await chaoyang.delete(`${base}/${list.id}/versions/2`)).statusCode).toBe(409);
  });

  it('shows published versions to readers in scope and below, drafts only to the maintainer; others get 404', async () => {
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`${base}/${list.id}/versions`)).statusCode).toBe(201);
    const joint = await server.as('joint');
    const seen = (await joint.get(`${base}/${list.id}`)).json<ChecklistDetail>();
    expect(seen).toMatchObject({ canEdit: false, draftVersion: null, currentVersion: 2 });
    expect(seen.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await joint.get(`${base}/${list.id}/versions/3`)).statusCode).toBe(404);
    const inspector = await server.as('inspector');
    expect((await inspector.get(`${base}/${list.id}/versions/2`)).statusCode).toBe(200);
    const inspectorList = (await inspector.get(base)).json<{ rows: ChecklistRow[] }>();
    expect(inspectorList.rows.map((r) => r.id)).toContain(list.id);
    for (const account of ['nanguan', 'jilin']) {
      const other = await server.as(account);
      expect((await other.get(`${base}/${list.id}`)).statusCode, account).toBe(404);
      expect((await other.get(`${base}/${list.id}/versions/2`)).statusCode, account).toBe(404);
      expect((await other.put(`${base}/${list.id}`, { name: '改名' })).statusCode, account).toBe(404);
      expect((await other.post(`${base}/${list.id}/versions/3/publish`, { changeReason: 'amended', changeNote: '越权发布' })).statusCode, account).toBe(404);
      expect((await other.get(base)).json<{ rows: ChecklistRow[] }>().rows.map((r) => r.id)).not.toContain(list.id);
    }
  });

  it('answers 403 when a visible list is maintained by another department', async () => {
    const admin = await server.as('admin');
    const city = await createList(admin, { name: '长春市市场监管局随机抽查事项清单', departmentId: server.fixture.departments.cityMarket });
    await buildSampleTree(admin, `${base}/${city.id}/versions/1`, 'SX', '长春市市场监督管理局');
    await publish(admin, `${base}/${city.id}/versions/1`);
    const chaoyang = await server.as('chaoyang');
    const reason = '《长春市市场监管局随机抽查事项清单》由长春市市场监督管理局维护，您只能查看已发布的版本';
    expect((await chaoyang.get(`${base}/${city.id}`)).json<ChecklistDetail>()).toMatchObject({ canEdit: false, actions: { edit: reason, delete: reason } });
    const listed = (await chaoyang.get(base)).json<{ rows: ChecklistRow[] }>().rows.find((r) => r.id === city.id);
    expect(listed?.actions).toEqual({ edit: reason, delete: reason });
    const refused = await chaoyang.post(`${base}/${city.id}/versions`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', message: reason });
    for (const write of [chaoyang.put(`${base}/${city.id}`, { name: '改名' }), chaoyang.delete(`${base}/${city.id}`)]) {
      const response = await write;
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', message: reason });
    }
  });

  it('renames, filters, and deletes only lists never published', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'PUT', `${base}/${list.id}`, { name: '新名称' }, { name: ['', 'a'.repeat(101)] });
    const renamed = await chaoyang.put(`${base}/${list.id}`, { name: '朝阳区市场监管局随机抽查事项清单（2026年版）' });
    expect(renamed.json<ChecklistDetail>().name).toBe('朝阳区市场监管局随机抽查事项清单（2026年版）');
    const filtered = (await chaoyang.get(`${base}?name=${encodeURIComponent('2026年版')}`)).json<{ rows: ChecklistRow[]; total: number }>();
    expect(filtered.rows.map((r) => r.id)).toEqual([list.id]);
    expect((await chaoyang.get(`${base}?regionCode=220100`)).json<{ total: number }>().total).toBe(2);
    expect((await chaoyang.get(`${base}?departmentId=${server.fixture.departments.cityMarket}`)).json<{ total: number }>().total).toBe(1);
    const listed = filtered.rows[0];
    expect(listed?.actions.edit).toBeNull();
    expect(listed?.actions.delete).toMatch(/^《朝阳区市场监管局随机抽查事项清单（2026年版）》已发布过，/);
    const published = await chaoyang.delete(`${base}/${list.id}`);
    expect(published.statusCode).toBe(409);
    expect(published.json()).toMatchObject({ code: 'CHECKLIST_PUBLISHED', message: listed?.actions.delete });
    const scratch = await createList(chaoyang, { name: '临时清单', departmentId: server.fixture.departments.chaoyangMarket });
    expect(scratch.actions).toEqual({ edit: null, delete: null });
    expect((await chaoyang.delete(`${base}/${scratch.id}/versions/1`)).json()).toMatchObject({ code: 'CHECKLIST_ONLY_VERSION' });
    expect((await chaoyang.delete(`${base}/${scratch.id}`)).statusCode).toBe(204);
    expect((await chaoyang.get(`${base}/${scratch.id}`)).statusCode).toBe(404);
    expect((await chaoyang.post(`${base}/${list.id}/versions/3/sync-base`)).json()).toMatchObject({ code: 'CHECKLIST_HAS_NO_BASE' });
  });
});
