/**
 * 专项库 (长春第7条 辅助建库): a department creates a tag, asks the platform for candidates by industry
 * code and 经营范围 keywords within its region, removes what does not belong and confirms: each
 * confirmation is a new version; earlier versions stay listable. Only the owning department changes a
 * tag; others in the region see it and filter entities by it.
 */
import { z } from 'zod';
import { normaliseTagCriteria } from '../../../domain/directory/entity_tag';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { allPages, sendXlsx } from '../../export/xlsx';
import { requireAuth } from '../users/routes';
import {
  ConfirmInput, EntityTagCreateInput, EntityTagOption, EntityTagPage, EntityTagQuery, EntityTagRow, EntityTagUpdateInput, MemberPage, MemberQuery,
  ProposalPage, ProposeInput, TagVersionParams, TagVersionRow, type MemberRow,
} from './schema';
import {
  confirmTagVersion, departmentForTag, getTagInView, insertTag, listTagMembers, listTags, listTagVersions, ownsTag, proposeCandidates, tagEditRefusal,
  softDeleteTag, tagOptions, tagRegionPrefix, updateTag, type ProposalCriteria,
} from './store';

const tags = ['一单两库-专项库'];
const base = '/api/directory/entity-tags';

function viewerOf(auth: AuthContext) {
  return { scope: auth.scope, regionCode: auth.user.regionCode, departmentId: auth.user.departmentId };
}

function criteriaOf(input: { industryCodes: string[]; keywords: string[]; includeInactive: boolean }, regionCode: string): ProposalCriteria {
  const result = normaliseTagCriteria(input);
  if (!result.ok) throw badRequest('VALIDATION_FAILED', result.error.message, [{ field: result.error.field, message: result.error.message }]);
  return { ...result.value, includeInactive: input.includeInactive, regionPrefix: tagRegionPrefix(regionCode) };
}

function duplicateName(error: unknown): never {
  if (uniqueViolation(error) !== null) throw conflict('ENTITY_TAG_NAME_TAKEN', '本部门已有同名专项库');
  throw error;
}

export function registerEntityTagRoutes(app: TypedApp, services: AppServices): void {
  async function visibleTag(auth: AuthContext, id: string): Promise<EntityTagRow> {
    const row = await getTagInView(services.db, viewerOf(auth), id);
    if (!row) throw notFound('专项库');
    return row;
  }

  /** A visible tag the caller's department owns; a tag of another department is a 403. */
  async function ownedTag(auth: AuthContext, id: string): Promise<EntityTagRow> {
    const row = await visibleTag(auth, id);
    const refused = tagEditRefusal(row);
    if (refused) throw forbidden(refused);
    return row;
  }

  app.get(base, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '专项库列表', querystring: EntityTagQuery, response: { 200: EntityTagPage, ...errorResponses } },
  }, async (request) => listTags(services.db, viewerOf(requireAuth(request.auth)), request.query));

  app.get(`${base}/options`, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '专项库选项（检查对象筛选用）', response: { 200: z.array(EntityTagOption), ...errorResponses } },
  }, async (request) => tagOptions(services.db, viewerOf(requireAuth(request.auth))));

  app.get(`${base}/:id`, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '专项库详情', params: idParams, response: { 200: EntityTagRow, ...errorResponses } },
  }, async (request) => visibleTag(requireAuth(request.auth), request.params.id));

  app.post(base, {
    config: { access: 'directory:entity-tag:create', summary: '新增专项库' },
    schema: { tags, summary: '新增专项库（属于本部门）', body: EntityTagCreateInput, response: { 201: EntityTagRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const departmentId = request.body.departmentId ?? auth.user.departmentId;
    if (!departmentId) throw badRequest('VALIDATION_FAILED', '请选择专项库所属部门', [{ field: 'departmentId', message: '请选择部门' }]);
    const department = await departmentForTag(services.db, auth.scope, departmentId);
    if (!department) throw badRequest('VALIDATION_FAILED', '所选部门不存在或不在您的数据权限范围内', [{ field: 'departmentId', message: '部门不存在或不在您的权限范围内' }]);
    if (!ownsTag(auth.scope, auth.user.departmentId, department.id)) throw forbidden('专项库由各部门自行建立：只能为本部门新增专项库');
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertTag(tx, { name: request.body.name, description: request.body.description, departmentId: department.id }, services.now());
      record.target('entity_tag', created);
      record.event({ type: 'EntityTagCreated', tagId: created, name: request.body.name, departmentId: department.id });
      return created;
    }).catch(duplicateName);
    return reply.status(201).send(await visibleTag(auth, id));
  });

  app.put(`${base}/:id`, {
    config: { access: 'directory:entity-tag:update', summary: '修改专项库' },
    schema: { tags, summary: '修改专项库名称与说明', params: idParams, body: EntityTagUpdateInput, response: { 200: EntityTagRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await ownedTag(auth, request.params.id);
    await runChange(request, services, async (tx, record) => {
      await updateTag(tx, before.id, request.body, services.now());
      const changed = (['name', 'description'] as const).filter((k) => request.body[k] !== before[k]);
      record.target('entity_tag', before.id);
      record.event({ type: 'EntityTagUpdated', tagId: before.id, name: request.body.name, changed: [...changed] });
    }).catch(duplicateName);
    return visibleTag(auth, before.id);
  });

  app.delete(`${base}/:id`, {
    config: { access: 'directory:entity-tag:delete', summary: '删除专项库' },
    schema: { tags, summary: '删除专项库（历史版本保留）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await ownedTag(auth, request.params.id);
    await runChange(request, services, async (tx, record) => {
      await softDeleteTag(tx, before.id, services.now());
      record.target('entity_tag', before.id);
      record.event({ type: 'EntityTagDeleted', tagId: before.id, name: before.name });
    });
    return reply.status(204).send(null);
  });

  app.post(`${base}/:id/propose`, {
    config: { access: 'directory:entity-tag:update', summary: '生成专项库候选名单' },
    schema: {
      tags, summary: '按行业代码与经营范围关键字生成候选检查对象（本部门区划内，分页，含统计）', params: idParams, body: ProposeInput,
      response: { 200: ProposalPage, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const tag = await ownedTag(auth, request.params.id);
    const criteria = criteriaOf(request.body, tag.regionCode);
    const page = await proposeCandidates(services.db, tag.id, criteria, request.body);
    // A read, but it is a POST (the criteria are a body): log it like any other request that changes nothing.
    await runChange(request, services, (_tx, record) => {
      record.target('entity_tag', tag.id);
      record.detail({ industryCodes: criteria.industryCodes, keywords: criteria.keywords, includeInactive: criteria.includeInactive, total: page.total, page: page.page });
      return Promise.resolve();
    });
    return page;
  });

  app.post(`${base}/:id/versions`, {
    config: { access: 'directory:entity-tag:update', summary: '确认专项库版本' },
    schema: {
      tags, summary: '确认候选名单（去除排除项）为专项库新版本', params: idParams, body: ConfirmInput, response: { 201: TagVersionRow, ...errorResponses },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const tag = await ownedTag(auth, request.params.id);
    const criteria = criteriaOf(request.body, tag.regionCode);
    const excludedEntityIds = [...new Set(request.body.excludedEntityIds)].sort((a, b) => a - b);
    const stored = {
      industryCodes: [...criteria.industryCodes], keywords: [...criteria.keywords], includeInactive: criteria.includeInactive,
      regionPrefix: criteria.regionPrefix, excludedEntityIds, note: request.body.note,
    };
    const confirmed = await runChange(request, services, async (tx, record) => {
      const result = await confirmTagVersion(tx, tag.id, criteria, stored, auth.user.id, services.now());
      if (result.memberCount === 0) throw badRequest('ENTITY_TAG_EMPTY', result.candidateCount === 0 ? '按当前条件没有找到检查对象，请调整行业代码或关键字' : '候选检查对象已全部排除，不能确认空的专项库');
      record.target('entity_tag', tag.id);
      record.detail({ version: result.version, memberCount: result.memberCount, candidates: result.candidateCount });
      record.event({ type: 'EntityTagVersionConfirmed', tagId: tag.id, version: result.version, memberCount: result.memberCount, excluded: result.candidateCount - result.memberCount });
      return result;
    });
    const versions = await listTagVersions(services.db, tag.id, confirmed.version);
    const row = versions.find((v) => v.version === confirmed.version);
    if (!row) throw new Error('confirmed version not found');
    return reply.status(201).send(row);
  });

  app.get(`${base}/:id/versions`, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '专项库历史版本', params: idParams, response: { 200: z.array(TagVersionRow), ...errorResponses } },
  }, async (request) => {
    const tag = await visibleTag(requireAuth(request.auth), request.params.id);
    return listTagVersions(services.db, tag.id, tag.currentVersion);
  });

  app.get(`${base}/:id/versions/:version/members`, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '专项库某一版本的检查对象', params: TagVersionParams, querystring: MemberQuery, response: { 200: MemberPage, ...errorResponses } },
  }, async (request) => {
    const tag = await visibleTag(requireAuth(request.auth), request.params.id);
    const page = await listTagMembers(services.db, tag.id, request.params.version, request.query);
    if (!page) throw notFound('专项库版本');
    return page;
  });

  app.get(`${base}/:id/versions/:version/members/export`, {
    config: { access: 'directory:entity-tag:list' },
    schema: { tags, summary: '导出专项库某一版本的检查对象', params: TagVersionParams, querystring: MemberQuery.pick({ name: true }) },
  }, async (request, reply) => {
    const tag = await visibleTag(requireAuth(request.auth), request.params.id);
    const first = await listTagMembers(services.db, tag.id, request.params.version, { ...request.query, page: 1, pageSize: 1 });
    if (!first) throw notFound('专项库版本');
    return sendXlsx(reply, `${tag.name}-第${request.params.version}版.xlsx`, '检查对象', [
      { header: '统一社会信用代码/注册号', width: 24, value: (r: MemberRow) => r.code },
      { header: '名称', width: 40, value: (r) => r.name },
      { header: '行政区划代码', value: (r) => r.regionCode },
      { header: '行政区划', value: (r) => r.regionName },
      { header: '行业代码', value: (r) => r.industryCode },
      { header: '行业', width: 28, value: (r) => r.industryName },
    ], allPages(async (page, pageSize) => (await listTagMembers(services.db, tag.id, request.params.version, { ...request.query, page, pageSize })) ?? { rows: [], total: 0 }));
  });
}
