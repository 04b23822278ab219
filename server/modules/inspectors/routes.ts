/**
 * 执法检查人员名录库 (东胜 四(二)2, 曲阳第12条): a department maintains its own inspectors, the 双随机办 sees
 * and maintains its region's. Phone numbers and 回避 stay inside; the public list is in public_routes.ts.
 */
import { z } from 'zod';
import { regionPrefix } from '../../../domain/access/data_scope';
import { CERTIFICATE_STATES, GENDERS, INSPECTOR_STATUSES } from '../../../domain/directory/inspector';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { createShortCache, invalidateOnChange } from '../../http/short_cache';
import { shanghaiDate } from '../../http/today';
import { allPages, sendXlsx } from '../../export/xlsx';
import { requireAuth } from '../users/routes';
import { registerInspectorImportRoutes } from './import_routes';
import { registerPublicInspectorRoutes } from './public_routes';
import { registerRecusalRoutes } from './recusal_routes';
import { EXPERTISE_DICTIONARY, INSPECTOR_POST_DICTIONARY, InspectorFieldOptions, InspectorFilters, InspectorInput, InspectorPage, InspectorQuery, InspectorRow } from './schema';
import {
  departmentInScope, dictionaryLookup, enabledRegionCodes, getInspectorInScope, insertInspector, inspectorOfUser, listInspectors, type InspectorPageIds,
  softDeleteInspector, updateInspector, userInScope, valuesInUse,
} from './store';

const tags = ['一单两库-执法检查人员'];

/** How long a page's count and ids are kept (a change made by another instance or a script shows within this). */
export const INSPECTOR_PAGE_CACHE_TTL_MS = 5_000;

export function registerInspectorRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());
  const pages = createShortCache<InspectorPageIds>(INSPECTOR_PAGE_CACHE_TTL_MS, 2_000);
  invalidateOnChange(app, pages);
  const field = (name: string, message: string) => badRequest('VALIDATION_FAILED', message, [{ field: name, message }]);

  /** Checks what the schema cannot: department and region in scope, account, dictionaries. Returns the region to store. */
  async function validate(auth: AuthContext, input: InspectorInput, selfId: string | null): Promise<string> {
    const department = await departmentInScope(services.db, auth.scope, input.departmentId);
    if (!department) throw field('departmentId', '所选部门不存在或不在您的数据权限范围内');
    const regionCode = input.regionCode ?? department.regionCode;
    if (!regionCode.startsWith(regionPrefix(department.regionCode)) || !(await enabledRegionCodes(services.db, [regionCode])).has(regionCode)) {
      throw field('regionCode', `行政区划应为${department.name}所在区划或其下级，且未停用`);
    }
    if (input.userId) {
      if (!(await userInScope(services.db, auth.scope, input.userId))) throw field('userId', '关联账号不存在或不在您的数据权限范围内');
      const linked = await inspectorOfUser(services.db, input.userId);
      if (linked && linked.id !== selfId) throw conflict('INSPECTOR_USER_TAKEN', `该账号已关联执法检查人员「${linked.name}」`);
    }
    const posts = await dictionaryLookup(services.db, INSPECTOR_POST_DICTIONARY);
    if (posts && input.post !== null && !posts.has(input.post)) throw field('post', `执法岗位「${input.post}」不在字典「执法岗位」中`);
    const expertise = await dictionaryLookup(services.db, EXPERTISE_DICTIONARY);
    const unknown = expertise ? input.expertise.filter((tag) => !expertise.has(tag)) : [];
    if (unknown.length > 0) throw field('expertise', `业务专长「${unknown.join('、')}」不在字典「业务专长」中`);
    return regionCode;
  }

  function duplicateCertificate(certificateNo: string) {
    return (error: unknown): never => {
      if (uniqueViolation(error) !== null) throw conflict('CERTIFICATE_TAKEN', `执法证号 ${certificateNo} 已登记`);
      throw error;
    };
  }

  app.get('/api/directory/inspectors', {
    config: { access: 'directory:inspector:list' },
    schema: { tags, summary: '执法检查人员列表', querystring: InspectorQuery, response: { 200: InspectorPage, ...errorResponses } },
  }, async (request) => listInspectors(services.db, requireAuth(request.auth).scope, request.query, today(), { cache: pages, now: services.now() }));

  app.get('/api/directory/inspectors/field-options', {
    config: { access: 'directory:inspector:list' },
    schema: { tags, summary: '执法岗位与业务专长选项（字典及已使用的值）', response: { 200: InspectorFieldOptions, ...errorResponses } },
  }, async (request) => {
    const [posts, expertise, used] = await Promise.all([
      dictionaryLookup(services.db, INSPECTOR_POST_DICTIONARY), dictionaryLookup(services.db, EXPERTISE_DICTIONARY), valuesInUse(services.db, requireAuth(request.auth).scope),
    ]);
    const merge = (dictionary: Map<string, string> | null, inUse: string[]) => {
      const options = [...(dictionary ?? new Map<string, string>())].map(([value, label]) => ({ value, label }));
      for (const value of inUse) if (!dictionary?.has(value)) options.push({ value, label: value });
      return options;
    };
    return { posts: merge(posts, used.posts), expertise: merge(expertise, used.expertise) };
  });

  app.get('/api/directory/inspectors/export', {
    config: { access: 'directory:inspector:export' },
    schema: { tags, summary: '导出执法检查人员（按当前筛选条件）', querystring: InspectorFilters },
  }, async (request, reply) => {
    const scope = requireAuth(request.auth).scope;
    const day = today();
    const [posts, expertise] = await Promise.all([dictionaryLookup(readDb(services), INSPECTOR_POST_DICTIONARY), dictionaryLookup(readDb(services), EXPERTISE_DICTIONARY)]);
    return sendXlsx(reply, '执法检查人员名录库.xlsx', '执法检查人员', [
      { header: '姓名', value: (r: InspectorRow) => r.name },
      { header: '性别', width: 8, value: (r) => (r.gender ? GENDERS[r.gender] : null) },
      { header: '部门', width: 36, value: (r) => r.departmentName },
      { header: '执法岗位', value: (r) => (r.post ? posts?.get(r.post) ?? r.post : null) },
      { header: '执法证号', width: 22, value: (r) => r.certificateNo },
      { header: '有效期至', width: 14, value: (r) => r.certificateValidUntil },
      { header: '证件状态', width: 12, value: (r) => CERTIFICATE_STATES[r.certificateState] },
      { header: '业务专长', width: 30, value: (r) => r.expertise.map((t) => expertise?.get(t) ?? t).join('、') },
      { header: '联系电话', width: 16, value: (r) => r.phone },
      { header: '状态', width: 10, value: (r) => INSPECTOR_STATUSES[r.status] },
      { header: '行政区划', value: (r) => r.regionName ?? r.regionCode },
      { header: '有效回避登记', width: 14, value: (r) => r.activeRecusalCount },
    ], allPages((page, pageSize) => listInspectors(readDb(services), scope, { ...request.query, page, pageSize }, day)));
  });

  app.get('/api/directory/inspectors/:id', {
    config: { access: 'directory:inspector:list' },
    schema: { tags, summary: '执法检查人员详情', params: idParams, response: { 200: InspectorRow, ...errorResponses } },
  }, async (request) => {
    const row = await getInspectorInScope(services.db, requireAuth(request.auth).scope, request.params.id, today());
    if (!row) throw notFound('执法检查人员');
    return row;
  });

  app.post('/api/directory/inspectors', {
    config: { access: 'directory:inspector:create', summary: '新增执法检查人员' },
    schema: { tags, summary: '新增执法检查人员', body: InspectorInput, response: { 201: InspectorRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const regionCode = await validate(auth, input, null);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertInspector(tx, { ...input, regionCode }, services.now());
      record.target('inspector', created);
      record.event({ type: 'InspectorCreated', inspectorId: created, name: input.name, departmentId: input.departmentId, certificateNo: input.certificateNo });
      return created;
    }).catch(duplicateCertificate(input.certificateNo));
    const row = await getInspectorInScope(services.db, auth.scope, id, today());
    if (!row) throw new Error('created inspector is outside the creator\'s scope');
    return reply.status(201).send(row);
  });

  app.put('/api/directory/inspectors/:id', {
    config: { access: 'directory:inspector:update', summary: '修改执法检查人员' },
    schema: { tags, summary: '修改执法检查人员（调动、岗位调整、证件换发）', params: idParams, body: InspectorInput, response: { 200: InspectorRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await getInspectorInScope(services.db, auth.scope, request.params.id, today());
    if (!before) throw notFound('执法检查人员');
    const input = request.body;
    const regionCode = await validate(auth, input, before.id);
    await runChange(request, services, async (tx, record) => {
      await updateInspector(tx, before.id, { ...input, regionCode }, services.now());
      const after: Record<string, unknown> = { ...input, regionCode };
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k as keyof InspectorRow]));
      record.target('inspector', before.id);
      record.detail({ changed });
      record.event({ type: 'InspectorUpdated', inspectorId: before.id, name: input.name, changed });
    }).catch(duplicateCertificate(input.certificateNo));
    const row = await getInspectorInScope(services.db, auth.scope, before.id, today());
    if (!row) throw notFound('执法检查人员');
    return row;
  });

  app.delete('/api/directory/inspectors/:id', {
    config: { access: 'directory:inspector:delete', summary: '删除执法检查人员' },
    schema: { tags, summary: '删除执法检查人员（调离、退休请改状态；误录才删除）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await getInspectorInScope(services.db, auth.scope, request.params.id, today());
    if (!before) throw notFound('执法检查人员');
    await runChange(request, services, async (tx, record) => {
      await softDeleteInspector(tx, before.id, services.now());
      record.target('inspector', before.id);
      record.event({ type: 'InspectorDeleted', inspectorId: before.id, name: before.name });
    });
    return reply.status(204).send(null);
  });

  registerRecusalRoutes(app, services);
  registerInspectorImportRoutes(app, services);
  registerPublicInspectorRoutes(app, services);
}
