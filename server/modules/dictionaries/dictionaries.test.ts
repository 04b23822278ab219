import { randomUUID } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { waitForOperation } from '../../test/operations';
import type { DictionaryItemRow, DictionaryOption, DictionaryTypeRow } from './schema';
import { ensureDictionaries } from './store';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  expect(await ensureDictionaries(server.db)).toEqual(['inspector_post', 'expertise', 'entity_tag', 'notice_method']);
});
afterAll(async () => { await server.close(); });

type Page<T> = { rows: T[]; total: number };
const validType = { key: 'risk_grade', name: '风险等级', remark: '信用风险分类' };
const validItem = { value: 'high', label: '高风险', sortOrder: 1, tagColor: 'red', status: 'active' };

async function typeOf(key: string): Promise<DictionaryTypeRow> {
  const response = await (await server.as('admin')).get(`/api/system/dictionaries/${key}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DictionaryTypeRow>();
}

async function itemsOf(key: string, query = ''): Promise<Page<DictionaryItemRow>> {
  return (await (await server.as('admin')).get(`/api/system/dictionaries/${key}/items?pageSize=100${query}`)).json<Page<DictionaryItemRow>>();
}

describe('dictionaries', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    const expertise = await typeOf('expertise');
    const item = (await itemsOf('expertise')).rows[0]!;
    await expectAuthRefusals(server, 'GET', '/api/system/dictionaries', 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/system/dictionaries/expertise', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/dictionaries', 'joint', validType);
    await expectAuthRefusals(server, 'PUT', `/api/system/dictionaries/${expertise.id}`, 'joint', { key: 'expertise', name: '专长' });
    await expectAuthRefusals(server, 'DELETE', `/api/system/dictionaries/${expertise.id}`, 'joint');
    await expectAuthRefusals(server, 'GET', '/api/system/dictionaries/expertise/items', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/system/dictionaries/expertise/items', 'joint', validItem);
    await expectAuthRefusals(server, 'PUT', `/api/system/dictionaries/expertise/items/${item.id}`, 'joint', validItem);
    await expectAuthRefusals(server, 'DELETE', `/api/system/dictionaries/expertise/items/${item.id}`, 'joint');
    expect((await (await server.anon()).get('/api/system/dictionaries/expertise/options')).statusCode).toBe(401);
  });

  it('seeds the built-in open code lists once', async () => {
    const page = (await (await server.as('joint')).get('/api/system/dictionaries')).json<Page<DictionaryTypeRow>>();
    expect(page.rows.map((t) => [t.key, t.name, t.builtin, t.itemCount])).toEqual([
      ['inspector_post', '执法岗位', true, 4], ['expertise', '业务专长', true, 20], ['entity_tag', '专项库标签', true, 6], ['notice_method', '通知方式', true, 5],
    ]);
    expect((await itemsOf('inspector_post')).rows.map((i) => i.label)).toEqual(['执法人员', '科室负责人', '分管领导', '协管员']);
    // Idempotent, and an administrator's deletion is not undone by the next start.
    const admin = await server.as('admin');
    const fax = (await itemsOf('notice_method')).rows.find((i) => i.value === 'fax')!;
    expect((await admin.delete(`/api/system/dictionaries/notice_method/items/${fax.id}`)).statusCode).toBe(204);
    expect(await ensureDictionaries(server.db)).toEqual([]);
    expect((await itemsOf('notice_method')).rows.map((i) => i.label)).toEqual(['书面', '电话', '短信', '平台推送']);
    const search = (await admin.get(`/api/system/dictionaries?keyword=${encodeURIComponent('专')}`)).json<Page<DictionaryTypeRow>>();
    expect(search.rows.map((t) => t.key)).toEqual(['expertise', 'entity_tag']);
  });

  it('serves the active items of a dictionary as options to any user', async () => {
    const options = (await (await server.as('inspector')).get('/api/system/dictionaries/entity_tag/options')).json<DictionaryOption[]>();
    expect(options[0]).toEqual({ value: 'special_equipment_user', label: '特种设备使用单位', tagColor: null });
    expect(options).toHaveLength(6);
  });

  it('answers 404 for a dictionary or item that does not exist or belongs to another dictionary', async () => {
    const admin = await server.as('admin');
    expect((await admin.get('/api/system/dictionaries/no_such_type')).json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/字典类型/) as unknown });
    expect((await admin.get('/api/system/dictionaries/no_such_type/items')).statusCode).toBe(404);
    expect((await admin.get('/api/system/dictionaries/no_such_type/options')).statusCode).toBe(404);
    expect((await admin.post('/api/system/dictionaries/no_such_type/items', validItem)).statusCode).toBe(404);
    expect((await admin.put(`/api/system/dictionaries/${randomUUID()}`, validType)).statusCode).toBe(404);
    expect((await admin.delete(`/api/system/dictionaries/${randomUUID()}`)).statusCode).toBe(404);
    const post = (await itemsOf('inspector_post')).rows[0]!;
    const elsewhere = await admin.put(`/api/system/dictionaries/expertise/items/${post.id}`, validItem);
    expect(elsewhere.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/字典数据/) as unknown });
    expect((await admin.delete(`/api/system/dictionaries/expertise/items/${post.id}`)).statusCode).toBe(404);
  });

  it('rejects each invalid field with a Chinese message naming it', async () => {
    const admin = await server.as('admin');
    await expectFieldErrors(admin, 'POST', '/api/system/dictionaries', validType, {
      key: ['', 'x', 'Risk', '9risk', 'risk-grade', 'a'.repeat(61), 3],
      name: ['', 'a'.repeat(61), 'bad\u0000name', 42],
      remark: ['a'.repeat(201)],
    });
    await expectFieldErrors(admin, 'POST', '/api/system/dictionaries/expertise/items', validItem, {
      value: ['', '   ', 'a'.repeat(61), 5],
      label: ['', 'a'.repeat(101), null],
      sortOrder: [-1, 'first', 1.5, 10000],
      tagColor: ['pink', 3],
      status: ['deleted'],
    });
    const badKey = await admin.get('/api/system/dictionaries/Bad-Key/items');
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json<{ details: { field: string; message: string }[] }>().details[0]).toMatchObject({ field: 'typeKey', message: expect.stringMatching(/字典标识/) as unknown });
    expect((await admin.put('/api/system/dictionaries/expertise/items/not-a-uuid', validItem)).statusCode).toBe(400);
  });

  it('creates, updates and deletes types and items, logging each change with its event', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/system/dictionaries', validType);
    expect(created.statusCode, created.body).toBe(201);
    const type = created.json<DictionaryTypeRow>();
    expect(type).toMatchObject({ key: 'risk_grade', name: '风险等级', builtin: false, itemCount: 0 });
    expect(await lastOperation(server)).toMatchObject({ action: 'system:dictionary:create', summary: '新增字典类型', outcome: 'success', targetId: type.id });
    expect((await admin.post('/api/system/dictionaries', validType)).json()).toMatchObject({ code: 'DICTIONARY_KEY_TAKEN' });
    await waitForOperation(server, { outcome: 'failure', errorCode: 'DICTIONARY_KEY_TAKEN' });

    const high = await admin.post('/api/system/dictionaries/risk_grade/items', { ...validItem, label: '=HYPERLINK("x")<b>' });
    expect(high.statusCode, high.body).toBe(201);
    expect(high.json<DictionaryItemRow>()).toMatchObject({ typeKey: 'risk_grade', value: 'high', label: '=HYPERLINK("x")<b>', tagColor: 'red', status: 'active' });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'system:dictionary:create', summary: '新增字典数据', targetType: 'dictionary_item' });
    const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
    expect(event).toMatchObject({ operationSeq: op?.seq, type: 'DictionaryItemCreated', payload: { typeKey: 'risk_grade', value: 'high' } });
    const duplicate = await admin.post('/api/system/dictionaries/risk_grade/items', { ...validItem, label: '高' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'DICTIONARY_VALUE_TAKEN', message: '字典「风险等级」中已有字典值「high」' });
    // The same value in another dictionary is fine.
    expect((await admin.post('/api/system/dictionaries/expertise/items', { ...validItem, label: '高危行业' })).statusCode).toBe(201);
    const low = (await admin.post('/api/system/dictionaries/risk_grade/items', { value: 'low', label: '低风险', sortOrder: 0 })).json<DictionaryItemRow>();
    expect(low).toMatchObject({ tagColor: null, status: 'active', sortOrder: 0 });
    expect((await itemsOf('risk_grade')).rows.map((i) => i.value)).toEqual(['low', 'high']);

    const disabled = await admin.put(`/api/system/dictionaries/risk_grade/items/${low.id}`, { value: 'low', label: '低风险', sortOrder: 5, status: 'disabled' });
    expect(disabled.statusCode).toBe(200);
    expect(await lastOperation(server)).toMatchObject({ summary: '修改字典数据', detail: { typeKey: 'risk_grade', changed: ['sortOrder', 'status'] } });
    expect((await itemsOf('risk_grade', '&status=disabled')).rows.map((i) => i.value)).toEqual(['low']);
    expect((await itemsOf('risk_grade', `&label=${encodeURIComponent('HYPER')}`)).rows.map((i) => i.value)).toEqual(['high']);
    expect((await (await server.as('inspector')).get('/api/system/dictionaries/risk_grade/options')).json<DictionaryOption[]>().map((o) => o.value)).toEqual(['high']);

    // Re-keying a type moves its items with it.
    const rekeyed = await admin.put(`/api/system/dictionaries/${type.id}`, { key: 'credit_risk', name: '信用风险等级', remark: null });
    expect(rekeyed.statusCode, rekeyed.body).toBe(200);
    expect(rekeyed.json<DictionaryTypeRow>()).toMatchObject({ key: 'credit_risk', remark: null, itemCount: 2 });
    expect(await lastOperation(server)).toMatchObject({ detail: { changed: ['key', 'name', 'remark'], key: { from: 'risk_grade', to: 'credit_risk' }, itemsMoved: 2 } });
    expect((await itemsOf('credit_risk')).total).toBe(2);
    expect((await admin.get('/api/system/dictionaries/risk_grade/items')).statusCode).toBe(404);
    expect((await admin.put(`/api/system/dictionaries/${type.id}`, { key: 'expertise', name: 'x' })).json()).toMatchObject({ code: 'DICTIONARY_KEY_TAKEN' });

    const hasItems = await admin.delete(`/api/system/dictionaries/${type.id}`);
    expect(hasItems.statusCode).toBe(409);
    expect(hasItems.json()).toMatchObject({ code: 'DICTIONARY_TYPE_HAS_ITEMS', message: expect.stringMatching(/还有 2 条字典数据/) as unknown });
    expect((await typeOf('credit_risk')).actions).toEqual({ edit: null, delete: hasItems.json<{ message: string }>().message });
    for (const item of (await itemsOf('credit_risk')).rows) {
      expect((await admin.delete(`/api/system/dictionaries/credit_risk/items/${item.id}`)).statusCode).toBe(204);
    }
    expect(await lastOperation(server)).toMatchObject({ action: 'system:dictionary:delete', summary: '删除字典数据', outcome: 'success' });
    expect((await admin.delete(`/api/system/dictionaries/${type.id}`)).statusCode).toBe(204);
    expect(await lastOperation(server)).toMatchObject({ summary: '删除字典类型', targetId: type.id });
    expect((await admin.get('/api/system/dictionaries/credit_risk')).statusCode).toBe(404);
  });

  it('keeps the built-in types: no deletion, no new key', async () => {
    const admin = await server.as('admin');
    const expertise = await typeOf('expertise');
    const removal = await admin.delete(`/api/system/dictionaries/${expertise.id}`);
    expect(removal.statusCode).toBe(409);
    expect(removal.json()).toMatchObject({ code: 'DICTIONARY_TYPE_BUILTIN', message: expertise.actions.delete });
    expect(expertise.actions.delete).toMatch(/内置字典/);
    const rekey = await admin.put(`/api/system/dictionaries/${expertise.id}`, { key: 'skills', name: '业务专长' });
    expect(rekey.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'key', message: '内置字典的标识不能修改' }] });
    const renamed = await admin.put(`/api/system/dictionaries/${expertise.id}`, { key: 'expertise', name: '业务专长（执法）', remark: null });
    expect(renamed.json<DictionaryTypeRow>()).toMatchObject({ key: 'expertise', name: '业务专长（执法）', builtin: true });
  });
});
