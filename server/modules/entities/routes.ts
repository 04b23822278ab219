/**
 * 检查对象名录库 API. Every department sees the directory of its region (draws need it); a record is edited only by
 * its 登记机关 (owner department) or the 双随机办/administrator whose scope covers its region (渝北 二(三) 谁建立、
 * 谁维护). A record outside the read scope answers 404; a visible record the caller may not edit answers 403, with
 * the owner named: the caller can see it, so pretending it does not exist would only confuse.
 */
import type { z } from 'zod';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { AuthContext } from '../../http/request_context';
import {
  directoryReadScope, ENTITY_STATUSES, industryFilterPrefixes, placementProblem, validateEntityIdentifier,
  validateEntityIndustry, validateEntityRegion, checkRegisteredOn,
} from '../../../domain/directory/entity';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { nameInitials } from '../../../domain/directory/name_initials';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { sendCsv } from '../../export/csv';
import { sendXlsx, type ExportColumn } from '../../export/xlsx';
import { requireAuth } from '../users/routes';
import { entityColumnsFor, type EntityColumn } from './import_pipeline';
import {
  EntityDetail, EntityExportQuery, EntityInput, EntityPage, EntityQuery, EntityStatusInput, entityIdParams, type EntityFilters,
} from './schema';
import { entityPageCache } from './page_cache';
import {
  departmentsByIds, entityBatches, entityEditRefusal, entityValues, getEntity, insertEntity, listEntities, updateEntity, type EntityExportRow, type EntityValues, type ResolvedFilters, type Viewer,
} from './store';

const tags = ['一单两库-检查对象名录库'];

export function viewerOf(auth: AuthContext, now: Date): Viewer {
  return {
    readScope: directoryReadScope(auth.scope, auth.user.regionCode),
    editScope: auth.scope,
    seesInternal: auth.permissions.has('directory:entity:risk'),
    year: Number(shanghaiDate(now).slice(0, 4)),
  };
}

const fieldError = (field: string, message: string) => badRequest('VALIDATION_FAILED', message, [{ field, message }]);

/** Industry code of any level → stored prefixes; a risk-class filter only for those who may see risk classes. */
export function resolveFilters(filters: EntityFilters, viewer: Viewer): ResolvedFilters {
  if (filters.riskClass && !viewer.seesInternal) throw forbidden('没有按信用风险分类筛选的权限（directory:entity:risk）');
  const { industryCode, ...rest } = filters;
  if (!industryCode) return rest;
  const prefixes = industryFilterPrefixes(industryCode);
  if (!prefixes.ok) throw fieldError('industryCode', prefixes.error.message);
  return { ...rest, industryPrefixes: prefixes.value };
}

const UpdateInput = EntityInput.omit({ status: true });
type UpdateInput = z.infer<typeof UpdateInput>;

/** Checks an input against the code tables and the caller's scopes and turns it into stored values. */
async function resolveValues(services: AppServices, viewer: Viewer, input: UpdateInput & { status: string }): Promise<EntityValues> {
  if ((input.riskClass !== undefined || input.complaintsCount !== undefined) && !viewer.seesInternal) {
    throw forbidden('没有维护信用风险分类等内部信息的权限（directory:entity:risk）');
  }
  const id = validateEntityIdentifier(input.code, input.entityType);
  if (!id.ok) throw fieldError('code', id.error.message);
  const region = validateEntityRegion(input.regionCode);
  if (!region.ok) throw fieldError('regionCode', region.error.message);
  let industryCode: string | null = null;
  if (input.industryCode) {
    const industry = validateEntityIndustry(input.industryCode);
    if (!industry.ok) throw fieldError('industryCode', industry.error.message);
    industryCode = industry.value;
  }
  if (input.registeredOn) {
    const date = checkRegisteredOn(input.registeredOn as DateOnly, shanghaiDate(services.now()));
    if (!date.ok) throw fieldError('registeredOn', date.error.message);
  }
  const owner = (await departmentsByIds(services.db, [input.ownerDepartmentId])).get(input.ownerDepartmentId);
  if (!owner) throw fieldError('ownerDepartmentId', '登记机关不存在');
  const placement = placementProblem(viewer.readScope, viewer.editScope, region.value, input.ownerDepartmentId);
  if (placement) throw forbidden(placement);
  return {
    code: id.value.code, codeType: id.value.codeType, name: input.name, nameInitials: nameInitials(input.name), nameBigramKeys: nameBigramKeys(input.name),
    entityType: input.entityType,
    legalRepresentative: input.legalRepresentative, address: input.address, regionCode: region.value, industryCode,
    businessScope: input.businessScope, registeredOn: input.registeredOn, status: input.status, abnormalList: input.abnormalList,
    seriousViolation: input.seriousViolation, ownerDepartmentId: input.ownerDepartmentId,
    ...(input.riskClass !== undefined ? { riskClass: input.riskClass } : {}),
    ...(input.complaintsCount !== undefined ? { complaintsCount: input.complaintsCount } : {}),
  };
}

function duplicateCode(code: string) {
  return (error: unknown): never => {
    if (uniqueViolation(error) !== null) throw conflict('ENTITY_CODE_TAKEN', `代码 ${code} 已在名录中，请勿重复登记`);
    throw error;
  };
}

/** The export's value of each import column, written the way the import reads it back. */
const EXPORT_VALUES: Record<EntityColumn, (r: EntityExportRow) => string | number | null> = {
  code: (r) => r.code, name: (r) => r.name, entityType: (r) => r.entityTypeLabel, regionCode: (r) => r.regionCode,
  industryCode: (r) => r.industryCode, status: (r) => r.statusLabel, legalRepresentative: (r) => r.legalRepresentative,
  address: (r) => r.address, registeredOn: (r) => r.registeredOn, businessScope: (r) => r.businessScope,
  ownerDepartment: (r) => r.ownerDepartmentName, abnormalList: (r) => (r.abnormalList ? '是' : '否'),
  seriousViolation: (r) => (r.seriousViolation ? '是' : '否'), riskClass: (r) => r.internal?.riskClass ?? null,
  complaintsCount: (r) => r.internal?.complaintsCount ?? null,
};
const WIDTHS: Partial<Record<EntityColumn, number>> = { code: 24, name: 36, address: 40, businessScope: 40, ownerDepartment: 28 };

/**
 * Every import column the viewer may import, under the template's headers and in its order, so an exported file
 * re-imports unchanged; then the read-only columns (names of the codes, inspection counts), which the import ignores.
 */
export function exportColumns(viewer: Viewer): ExportColumn<EntityExportRow>[] {
  return [
    ...entityColumnsFor(viewer.seesInternal).map((spec) => ({ header: spec.header, width: WIDTHS[spec.key], value: EXPORT_VALUES[spec.key] })),
    { header: '行政区划', width: 24, value: (r) => r.regionName },
    { header: '行业', width: 24, value: (r) => r.industryName },
    { header: '最近检查日期', value: (r) => r.lastInspectedOn },
    { header: '本年检查次数', value: (r) => r.inspectionsThisYear },
  ];
}

export function registerEntityRoutes(app: TypedApp, services: AppServices): void {
  const viewer = (auth: AuthContext | null) => viewerOf(requireAuth(auth), services.now());
  const pages = entityPageCache(app);

  app.get('/api/directory/entities', {
    config: { access: 'directory:entity:list' },
    schema: { tags, summary: '检查对象名录（名称≥3 字走三元组索引，1–2 字与拼音首字母为限量扫描；总数超过上限时 totalIsLowerBound）', querystring: EntityQuery, response: { 200: EntityPage, ...errorResponses } },
  }, async (request) => {
    const v = viewer(request.auth);
    return listEntities(services.db, v, { ...request.query, ...resolveFilters(request.query, v) }, { cache: pages, now: services.now() });
  });

  app.get('/api/directory/entities/export', {
    config: { access: 'directory:entity:export' },
    schema: { tags, summary: '导出检查对象（按当前筛选条件；xlsx 或 csv）', querystring: EntityExportQuery },
  }, async (request, reply) => {
    const v = viewer(request.auth);
    const { format, ...filters } = request.query;
    const batches = entityBatches(readDb(services), v, resolveFilters(filters, v));
    return format === 'csv'
      ? sendCsv(reply, '检查对象名录.csv', exportColumns(v), batches)
      : sendXlsx(reply, '检查对象名录.xlsx', '检查对象名录', exportColumns(v), batches);
  });

  app.get('/api/directory/entities/:id', {
    config: { access: 'directory:entity:list' },
    schema: { tags, summary: '检查对象详情', params: entityIdParams, response: { 200: EntityDetail, ...errorResponses } },
  }, async (request) => {
    const row = await getEntity(services.db, viewer(request.auth), Number(request.params.id));
    if (!row) throw notFound('检查对象');
    return row;
  });

  app.post('/api/directory/entities', {
    config: { access: 'directory:entity:create', summary: '新增检查对象' },
    schema: { tags, summary: '新增检查对象', body: EntityInput, response: { 201: EntityDetail, ...errorResponses } },
  }, async (request, reply) => {
    const v = viewer(request.auth);
    const values = await resolveValues(services, v, request.body);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertEntity(tx, values, services.now());
      record.target('market_entity', String(created));
      record.event({ type: 'EntityCreated', entityId: created, code: values.code, name: values.name, ownerDepartmentId: values.ownerDepartmentId });
      return created;
    }).catch(duplicateCode(values.code));
    const row = await getEntity(services.db, v, id);
    if (!row) throw new Error('a created entity is outside its creator\'s read scope');
    return reply.status(201).send(row);
  });

  app.put('/api/directory/entities/:id', {
    config: { access: 'directory:entity:update', summary: '修改检查对象' },
    schema: { tags, summary: '修改检查对象（登记状态请用「变更登记状态」）', params: entityIdParams, body: UpdateInput, response: { 200: EntityDetail, ...errorResponses } },
  }, async (request) => {
    const v = viewer(request.auth);
    const id = Number(request.params.id);
    const current = await getEntity(services.db, v, id);
    if (!current) throw notFound('检查对象');
    const refused = entityEditRefusal(current);
    if (refused) throw forbidden(refused);
    const values = await resolveValues(services, v, { ...request.body, status: current.status });
    const stored = await entityValues(services.db, id);
    const changed = (Object.keys(values) as (keyof EntityValues)[]).filter((k) => k !== 'nameBigramKeys' && stored?.[k] !== values[k]);
    await runChange(request, services, async (tx, record) => {
      await updateEntity(tx, id, values, services.now());
      record.target('market_entity', String(id));
      record.detail({ changed });
      record.event({ type: 'EntityUpdated', entityId: id, code: values.code, changed });
    }).catch(duplicateCode(values.code));
    const row = await getEntity(services.db, v, id);
    if (!row) throw notFound('检查对象');
    return row;
  });

  app.put('/api/directory/entities/:id/status', {
    config: { access: 'directory:entity:update', summary: '变更检查对象登记状态' },
    schema: { tags, summary: '变更登记状态（注销、吊销、迁出等），须填写原因', params: entityIdParams, body: EntityStatusInput, response: { 200: EntityDetail, ...errorResponses } },
  }, async (request) => {
    const v = viewer(request.auth);
    const id = Number(request.params.id);
    const current = await getEntity(services.db, v, id);
    if (!current) throw notFound('检查对象');
    const refused = entityEditRefusal(current);
    if (refused) throw forbidden(refused);
    const { status, reason } = request.body;
    if (status === current.status) throw conflict('STATUS_UNCHANGED', `登记状态已是「${ENTITY_STATUSES[status]}」`);
    await runChange(request, services, async (tx, record) => {
      await updateEntity(tx, id, { status }, services.now());
      record.target('market_entity', String(id));
      record.detail({ from: current.status, to: status, reason });
      record.event({ type: 'EntityStatusChanged', entityId: id, code: current.code, from: current.status, to: status });
    });
    const row = await getEntity(services.db, v, id);
    if (!row) throw notFound('检查对象');
    return row;
  });
}
