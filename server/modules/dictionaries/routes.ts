import { z } from 'zod';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import {
  DictionaryItemInput, DictionaryItemPage, DictionaryItemParams, DictionaryItemQuery, DictionaryItemRow, DictionaryOption,
  DictionaryTypeInput, DictionaryTypeKeyParams, DictionaryTypePage, DictionaryTypeQuery, DictionaryTypeRow,
} from './schema';
import {
  deleteItem, deleteType, dictionaryOptions, getItem, getType, insertItem, insertType, listItems, listTypes, typeDeleteConflict, updateItem, updateType,
} from './store';

const tags = ['系统管理-字典'];

export function registerDictionaryRoutes(app: TypedApp, services: AppServices): void {
  async function typeById(id: string): Promise<DictionaryTypeRow> {
    const row = await getType(services.db, { id });
    if (!row) throw notFound('字典类型');
    return row;
  }

  async function typeByKey(key: string): Promise<DictionaryTypeRow> {
    const row = await getType(services.db, { key });
    if (!row) throw notFound('字典类型');
    return row;
  }

  async function itemOf(typeKey: string, id: string): Promise<DictionaryItemRow> {
    const row = await getItem(services.db, typeKey, id);
    if (!row) throw notFound('字典数据');
    return row;
  }

  function duplicateKey(error: unknown): never {
    if (uniqueViolation(error) !== null) throw conflict('DICTIONARY_KEY_TAKEN', '字典标识已被其他字典使用');
    throw error;
  }

  const duplicateValue = (type: DictionaryTypeRow, value: string) => (error: unknown): never => {
    if (uniqueViolation(error) !== null) throw conflict('DICTIONARY_VALUE_TAKEN', `字典「${type.name}」中已有字典值「${value}」`);
    throw error;
  };

  // ---- 字典类型 ----

  app.get('/api/system/dictionaries', {
    config: { access: 'system:dictionary:list' },
    schema: { tags, summary: '字典类型列表', querystring: DictionaryTypeQuery, response: { 200: DictionaryTypePage, ...errorResponses } },
  }, async (request) => listTypes(services.db, request.query));

  app.get('/api/system/dictionaries/:typeKey', {
    config: { access: 'system:dictionary:list' },
    schema: { tags, summary: '字典类型详情（按字典标识）', params: DictionaryTypeKeyParams, response: { 200: DictionaryTypeRow, ...errorResponses } },
  }, async (request) => typeByKey(request.params.typeKey));

  app.post('/api/system/dictionaries', {
    config: { access: 'system:dictionary:create', summary: '新增字典类型' },
    schema: { tags, summary: '新增字典类型', body: DictionaryTypeInput, response: { 201: DictionaryTypeRow, ...errorResponses } },
  }, async (request, reply) => {
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertType(tx, request.body, services.now());
      record.target('dictionary_type', created);
      record.detail({ key: request.body.key, name: request.body.name });
      record.event({ type: 'DictionaryTypeCreated', key: request.body.key });
      return created;
    }).catch(duplicateKey);
    return reply.status(201).send(await typeById(id));
  });

  app.put('/api/system/dictionaries/:id', {
    config: { access: 'system:dictionary:update', summary: '修改字典类型' },
    schema: { tags, summary: '修改字典类型（改标识时其字典数据随之迁移；内置字典不能改标识）', params: idParams, body: DictionaryTypeInput, response: { 200: DictionaryTypeRow, ...errorResponses } },
  }, async (request) => {
    const before = await typeById(request.params.id);
    const input = request.body;
    if (before.builtin && input.key !== before.key) {
      throw badRequest('VALIDATION_FAILED', '内置字典的标识不能修改', [{ field: 'key', message: '内置字典的标识不能修改' }]);
    }
    await runChange(request, services, async (tx, record) => {
      await updateType(tx, before, input, services.now());
      const changed = (['key', 'name', 'remark'] as const).filter((k) => input[k] !== before[k]);
      record.target('dictionary_type', before.id);
      record.detail({ changed, ...(changed.includes('key') ? { key: { from: before.key, to: input.key }, itemsMoved: before.itemCount } : {}) });
      record.event({ type: 'DictionaryTypeUpdated', key: input.key });
    }).catch(duplicateKey);
    return typeById(before.id);
  });

  app.delete('/api/system/dictionaries/:id', {
    config: { access: 'system:dictionary:delete', summary: '删除字典类型' },
    schema: { tags, summary: '删除字典类型（内置字典和仍有字典数据的字典不能删除）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const before = await typeById(request.params.id);
    const blocked = typeDeleteConflict(before);
    if (blocked) throw conflict(blocked.code, blocked.message);
    await runChange(request, services, async (tx, record) => {
      await deleteType(tx, before.id);
      record.target('dictionary_type', before.id);
      record.detail({ key: before.key, name: before.name });
      record.event({ type: 'DictionaryTypeDeleted', key: before.key });
    });
    return reply.status(204).send(null);
  });

  // ---- 字典数据 ----

  app.get('/api/system/dictionaries/:typeKey/items', {
    config: { access: 'system:dictionary:list' },
    schema: { tags, summary: '字典数据列表', params: DictionaryTypeKeyParams, querystring: DictionaryItemQuery, response: { 200: DictionaryItemPage, ...errorResponses } },
  }, async (request) => {
    const type = await typeByKey(request.params.typeKey);
    return listItems(services.db, type.key, request.query);
  });

  app.get('/api/system/dictionaries/:typeKey/options', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '字典选项（启用的字典数据，供其他表单选择）', params: DictionaryTypeKeyParams, response: { 200: z.array(DictionaryOption), ...errorResponses } },
  }, async (request) => {
    const type = await typeByKey(request.params.typeKey);
    return dictionaryOptions(services.db, type.key);
  });

  app.post('/api/system/dictionaries/:typeKey/items', {
    config: { access: 'system:dictionary:create', summary: '新增字典数据' },
    schema: { tags, summary: '新增字典数据', params: DictionaryTypeKeyParams, body: DictionaryItemInput, response: { 201: DictionaryItemRow, ...errorResponses } },
  }, async (request, reply) => {
    const type = await typeByKey(request.params.typeKey);
    const input = request.body;
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertItem(tx, type.key, input, services.now());
      record.target('dictionary_item', created);
      record.detail({ typeKey: type.key, value: input.value, label: input.label });
      record.event({ type: 'DictionaryItemCreated', typeKey: type.key, value: input.value });
      return created;
    }).catch(duplicateValue(type, input.value));
    return reply.status(201).send(await itemOf(type.key, id));
  });

  app.put('/api/system/dictionaries/:typeKey/items/:id', {
    config: { access: 'system:dictionary:update', summary: '修改字典数据' },
    schema: { tags, summary: '修改字典数据', params: DictionaryItemParams, body: DictionaryItemInput, response: { 200: DictionaryItemRow, ...errorResponses } },
  }, async (request) => {
    const type = await typeByKey(request.params.typeKey);
    const before = await itemOf(type.key, request.params.id);
    const input = request.body;
    await runChange(request, services, async (tx, record) => {
      await updateItem(tx, before.id, input, services.now());
      const changed = (['value', 'label', 'sortOrder', 'tagColor', 'status'] as const).filter((k) => input[k] !== before[k]);
      record.target('dictionary_item', before.id);
      record.detail({ typeKey: type.key, changed, ...(changed.includes('value') ? { value: { from: before.value, to: input.value } } : {}) });
      record.event({ type: 'DictionaryItemUpdated', typeKey: type.key, value: input.value });
    }).catch(duplicateValue(type, input.value));
    return itemOf(type.key, before.id);
  });

  app.delete('/api/system/dictionaries/:typeKey/items/:id', {
    config: { access: 'system:dictionary:delete', summary: '删除字典数据' },
    schema: { tags, summary: '删除字典数据（仍在使用的值宜停用而不删除）', params: DictionaryItemParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const type = await typeByKey(request.params.typeKey);
    const before = await itemOf(type.key, request.params.id);
    await runChange(request, services, async (tx, record) => {
      await deleteItem(tx, before.id);
      record.target('dictionary_item', before.id);
      record.detail({ typeKey: type.key, value: before.value, label: before.label });
      record.event({ type: 'DictionaryItemDeleted', typeKey: type.key, value: before.value });
    });
    return reply.status(204).send(null);
  });
}
