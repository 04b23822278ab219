import { z } from 'zod';
import type { DataScope } from '../../../domain/access/data_scope';
import { DEPARTMENT_TYPES, isDepartmentType } from '../../../domain/org/department_types';
import { uniqueViolation } from '../../http/errors';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { allPages, sendXlsx } from '../../export/xlsx';
import { DepartmentFilters, DepartmentInput, DepartmentOption, DepartmentPage, DepartmentQuery, DepartmentRow, DepartmentTypeOption } from './schema';
import {
  departmentDeleteRefusal, departmentOptions, getDepartmentInScope, insertDepartment, listDepartments, regionExists, softDeleteDepartment, updateDepartment,
} from './store';

const tags = ['系统管理-部门'];

function requireAuth<T>(value: T | null): T {
  if (!value) throw new Error('access hook let an anonymous request through');
  return value;
}

/** A caller may only place a department inside the regions of their own scope. */
function regionAllowed(scope: DataScope, regionCode: string): boolean {
  return scope.kind === 'all' || scope.regionPrefixes.some((p) => regionCode.startsWith(p));
}

export function registerDepartmentRoutes(app: TypedApp, services: AppServices): void {
  async function validateInput(scope: DataScope, input: DepartmentInput): Promise<void> {
    if (!isDepartmentType(input.type)) throw badRequest('VALIDATION_FAILED', `部门类型「${input.type}」不存在`, [{ field: 'type', message: '部门类型不存在' }]);
    if (!(await regionExists(services.db, input.regionCode))) {
      throw badRequest('VALIDATION_FAILED', `行政区划代码 ${input.regionCode} 不存在或已停用`, [{ field: 'regionCode', message: '行政区划不存在或已停用' }]);
    }
    if (!regionAllowed(scope, input.regionCode)) throw forbidden('只能在本人数据权限范围内的行政区划设立部门');
  }

  function duplicateName(error: unknown): never {
    if (uniqueViolation(error) !== null) throw conflict('DEPARTMENT_NAME_TAKEN', '同一行政区划下已有同名部门');
    throw error;
  }

  app.get('/api/system/department-types', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '部门类型', response: { 200: z.array(DepartmentTypeOption), ...errorResponses } },
  }, async () => Object.entries(DEPARTMENT_TYPES).map(([key, label]) => ({ key, label })));

  app.get('/api/system/departments', {
    config: { access: 'system:department:list' },
    schema: { tags, summary: '部门列表', querystring: DepartmentQuery, response: { 200: DepartmentPage, ...errorResponses } },
  }, async (request) => listDepartments(services.db, requireAuth(request.auth).scope, request.query));

  app.get('/api/system/departments/options', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '部门选项（本人数据权限内）', response: { 200: z.array(DepartmentOption), ...errorResponses } },
  }, async (request) => departmentOptions(services.db, requireAuth(request.auth).scope));

  app.get('/api/system/departments/export', {
    config: { access: 'system:department:export' },
    schema: { tags, summary: '导出部门（按当前筛选条件）', querystring: DepartmentFilters },
  }, async (request, reply) => {
    const scope = requireAuth(request.auth).scope;
    return sendXlsx(reply, '部门列表.xlsx', '部门', [
      { header: '部门名称', width: 36, value: (r: DepartmentRow) => r.name },
      { header: '简称', value: (r) => r.shortName },
      { header: '部门类型', value: (r) => r.typeLabel },
      { header: '行政区划代码', value: (r) => r.regionCode },
      { header: '行政区划', value: (r) => r.regionName },
      { header: '联系电话', value: (r) => r.phone },
      { header: '用户数', value: (r) => r.userCount },
      { header: '状态', value: (r) => (r.status === 'active' ? '正常' : '停用') },
    ], allPages((page, pageSize) => listDepartments(services.db, scope, { ...request.query, page, pageSize })));
  });

  app.get('/api/system/departments/:id', {
    config: { access: 'system:department:list' },
    schema: { tags, summary: '部门详情', params: idParams, response: { 200: DepartmentRow, ...errorResponses } },
  }, async (request) => {
    const row = await getDepartmentInScope(services.db, requireAuth(request.auth).scope, request.params.id);
    if (!row) throw notFound('部门');
    return row;
  });

  app.post('/api/system/departments', {
    config: { access: 'system:department:create', summary: '新增部门' },
    schema: { tags, summary: '新增部门', body: DepartmentInput, response: { 201: DepartmentRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    await validateInput(auth.scope, request.body);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertDepartment(tx, request.body, services.now());
      record.target('department', created);
      record.event({ type: 'DepartmentCreated', departmentId: created, name: request.body.name, regionCode: request.body.regionCode });
      return created;
    }).catch(duplicateName);
    const row = await getDepartmentInScope(services.db, auth.scope, id);
    if (!row) throw new Error('created department is outside the creator\'s scope');
    return reply.status(201).send(row);
  });

  app.put('/api/system/departments/:id', {
    config: { access: 'system:department:update', summary: '修改部门' },
    schema: { tags, summary: '修改部门', params: idParams, body: DepartmentInput, response: { 200: DepartmentRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await getDepartmentInScope(services.db, auth.scope, request.params.id);
    if (!before) throw notFound('部门');
    await validateInput(auth.scope, request.body);
    await runChange(request, services, async (tx, record) => {
      await updateDepartment(tx, before.id, request.body, services.now());
      const changed = (Object.keys(request.body) as (keyof DepartmentInput)[]).filter((k) => request.body[k] !== before[k]);
      record.target('department', before.id);
      record.detail({ changed });
      record.event({ type: 'DepartmentUpdated', departmentId: before.id, name: request.body.name, changed });
    }).catch(duplicateName);
    const row = await getDepartmentInScope(services.db, auth.scope, before.id);
    if (!row) throw notFound('部门');
    return row;
  });

  app.delete('/api/system/departments/:id', {
    config: { access: 'system:department:delete', summary: '删除部门' },
    schema: { tags, summary: '删除部门（仅限无用户的部门）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await getDepartmentInScope(services.db, auth.scope, request.params.id);
    if (!before) throw notFound('部门');
    const refused = departmentDeleteRefusal(before);
    if (refused) throw conflict('DEPARTMENT_HAS_USERS', refused);
    await runChange(request, services, async (tx, record) => {
      await softDeleteDepartment(tx, before.id, services.now());
      record.target('department', before.id);
      record.event({ type: 'DepartmentDeleted', departmentId: before.id, name: before.name });
    });
    return reply.status(204).send(null);
  });
}
