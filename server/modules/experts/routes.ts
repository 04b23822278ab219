/**
 * 专家库 (威海第6条 「某些检查事项需要专家参与的，可根据实际情况从专家库中随机抽取或直接委派」; 东胜 四(二)2; 渝北 二(四)):
 * experts from 检测机构、科研院所、高校 who assist specialised checks, maintained per department.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { EXPERT_STATUSES, expertStatusOfLabel } from '../../../domain/directory/expert';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { allPages, sendXlsx } from '../../export/xlsx';
import { departments, experts } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { ImportModeSchema, type ColumnSpec, type ImportIssue } from '../../import/columns';
import { sendTemplate } from '../../import/template';
import { ImportResult, readUploadedTable } from '../../import/upload';
import { requireAuth } from '../users/routes';
import { registerExpertConflictRoutes } from './conflict_routes';
import { ExpertFilters, ExpertInput, ExpertPage, ExpertQuery, ExpertRow } from './schema';
import { expertKey, expertsOfDepartments, getExpertInScope, insertExpert, listExperts, softDeleteExpert, updateExpert } from './store';

const tags = ['一单两库-专家库'];

type Column = 'name' | 'organisation' | 'specialty' | 'contact' | 'status' | 'department';
export const EXPERT_COLUMNS: readonly ColumnSpec<Column>[] = [
  { key: 'name', header: '姓名', required: true },
  { key: 'organisation', header: '工作单位', aliases: ['单位'], required: true },
  { key: 'specialty', header: '专业领域', aliases: ['专业'], required: true },
  { key: 'contact', header: '联系方式', aliases: ['联系电话'], required: false },
  { key: 'status', header: '状态', required: false, hint: '可用 或 暂停，默认可用' },
  { key: 'department', header: '维护部门', aliases: ['部门'], required: true, hint: '部门全称，须在您的数据权限范围内；同一部门下姓名与工作单位相同的专家将被更新' },
];

async function departmentsInScope(services: AppServices, auth: AuthContext): Promise<{ id: string; name: string }[]> {
  return services.db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(and(isNull(departments.deletedAt), scopeWhere(auth.scope, { regionCode: departments.regionCode, departmentId: departments.id })));
}

export function registerExpertRoutes(app: TypedApp, services: AppServices): void {
  async function checkDepartment(auth: AuthContext, departmentId: string): Promise<void> {
    const [row] = await services.db.select({ id: departments.id }).from(departments)
      .where(and(eq(departments.id, departmentId), isNull(departments.deletedAt), scopeWhere(auth.scope, { regionCode: departments.regionCode, departmentId: departments.id })));
    if (!row) throw badRequest('VALIDATION_FAILED', '所选部门不存在或不在您的数据权限范围内', [{ field: 'departmentId', message: '部门不存在或不在您的权限范围内' }]);
  }

  app.get('/api/directory/experts', {
    config: { access: 'directory:expert:list' },
    schema: { tags, summary: '专家列表', querystring: ExpertQuery, response: { 200: ExpertPage, ...errorResponses } },
  }, async (request) => listExperts(services.db, requireAuth(request.auth).scope, request.query));

  app.get('/api/directory/experts/export', {
    config: { access: 'directory:expert:export' },
    schema: { tags, summary: '导出专家（按当前筛选条件）', querystring: ExpertFilters },
  }, async (request, reply) => {
    const scope = requireAuth(request.auth).scope;
    return sendXlsx(reply, '专家库.xlsx', '专家', [
      { header: '姓名', value: (r: ExpertRow) => r.name },
      { header: '工作单位', width: 32, value: (r) => r.organisation },
      { header: '专业领域', width: 28, value: (r) => r.specialty },
      { header: '联系方式', width: 20, value: (r) => r.contact },
      { header: '状态', width: 10, value: (r) => EXPERT_STATUSES[r.status] },
      { header: '维护部门', width: 36, value: (r) => r.departmentName },
    ], allPages((page, pageSize) => listExperts(readDb(services), scope, { ...request.query, page, pageSize })));
  });

  app.get('/api/directory/experts/import-template', {
    config: { access: 'directory:expert:import' },
    schema: { tags, summary: '下载专家导入模板' },
  }, async (_request, reply) => sendTemplate(reply, '专家导入模板.xlsx', EXPERT_COLUMNS, {
    name: '李教授', organisation: '吉林省特种设备检验研究院', specialty: '承压类特种设备检验', contact: '0431-88888888', status: '可用', department: '长春市朝阳区市场监督管理局',
  }));

  app.get('/api/directory/experts/:id', {
    config: { access: 'directory:expert:list' },
    schema: { tags, summary: '专家详情', params: idParams, response: { 200: ExpertRow, ...errorResponses } },
  }, async (request) => {
    const row = await getExpertInScope(services.db, requireAuth(request.auth).scope, request.params.id);
    if (!row) throw notFound('专家');
    return row;
  });

  app.post('/api/directory/experts', {
    config: { access: 'directory:expert:create', summary: '新增专家' },
    schema: { tags, summary: '新增专家', body: ExpertInput, response: { 201: ExpertRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    await checkDepartment(auth, request.body.departmentId);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertExpert(tx, request.body, services.now());
      record.target('expert', created);
      record.event({ type: 'ExpertCreated', expertId: created, name: request.body.name, departmentId: request.body.departmentId });
      return created;
    });
    const row = await getExpertInScope(services.db, auth.scope, id);
    if (!row) throw new Error('created expert is outside the creator\'s scope');
    return reply.status(201).send(row);
  });

  app.put('/api/directory/experts/:id', {
    config: { access: 'directory:expert:update', summary: '修改专家' },
    schema: { tags, summary: '修改专家', params: idParams, body: ExpertInput, response: { 200: ExpertRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await getExpertInScope(services.db, auth.scope, request.params.id);
    if (!before) throw notFound('专家');
    await checkDepartment(auth, request.body.departmentId);
    await runChange(request, services, async (tx, record) => {
      await updateExpert(tx, before.id, request.body, services.now());
      const changed = (Object.keys(request.body) as (keyof ExpertInput)[]).filter((k) => request.body[k] !== before[k]);
      record.target('expert', before.id);
      record.detail({ changed });
      record.event({ type: 'ExpertUpdated', expertId: before.id, name: request.body.name, changed });
    });
    const row = await getExpertInScope(services.db, auth.scope, before.id);
    if (!row) throw notFound('专家');
    return row;
  });

  app.delete('/api/directory/experts/:id', {
    config: { access: 'directory:expert:delete', summary: '删除专家' },
    schema: { tags, summary: '删除专家', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await getExpertInScope(services.db, auth.scope, request.params.id);
    if (!before) throw notFound('专家');
    await runChange(request, services, async (tx, record) => {
      await softDeleteExpert(tx, before.id, services.now());
      record.target('expert', before.id);
      record.event({ type: 'ExpertDeleted', expertId: before.id, name: before.name });
    });
    return reply.status(204).send(null);
  });

  app.post('/api/directory/experts/import', {
    config: { access: 'directory:expert:import', summary: '导入专家' },
    schema: {
      tags, summary: '导入专家（multipart，字段 file；同一部门下姓名与工作单位相同者更新）',
      querystring: z.object({ mode: ImportModeSchema.default('all_or_nothing') }), response: { 200: ImportResult, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { fileName, records } = await readUploadedTable(request, EXPERT_COLUMNS, { maxRows: 5000, noun: '名专家' });
    const departmentByName = new Map((await departmentsInScope(services, auth)).map((d) => [d.name, d.id]));
    const existing = await expertsOfDepartments(services.db, auth.scope);
    const issues: ImportIssue[] = [];
    const plans: { existingId: string | null; unchanged: boolean; values: ExpertInput }[] = [];
    const seen = new Map<string, number>();
    for (const { rowNumber: row, values } of records) {
      const before = issues.length;
      const problem = (key: Column, message: string) => issues.push({ row, column: EXPERT_COLUMNS.find((c) => c.key === key)?.header ?? key, message });
      for (const [key, label, max] of [['name', '姓名', 32], ['organisation', '工作单位', 100], ['specialty', '专业领域', 100]] as const) {
        if (!values[key]) problem(key, `${label}不能为空`);
        else if (values[key].length > max) problem(key, `${label}不能超过 ${max} 个字符`);
      }
      if (values.contact.length > 40) problem('contact', '联系方式不能超过 40 个字符');
      const status = values.status === '' ? 'available' : expertStatusOfLabel(values.status);
      if (!status) problem('status', '状态只能填写 可用 或 暂停');
      const departmentId = departmentByName.get(values.department);
      if (!departmentId) problem('department', values.department ? `部门「${values.department}」不存在或不在您的权限范围内` : '维护部门不能为空');
      const key = departmentId ? expertKey(values.name, values.organisation, departmentId) : null;
      if (key && seen.has(key)) problem('name', `与第 ${seen.get(key) ?? 0} 行是同一专家`);
      if (key) seen.set(key, row);
      if (issues.length > before || !status || !departmentId || !key) continue;
      const current = existing.get(key);
      const input: ExpertInput = { name: values.name, organisation: values.organisation, specialty: values.specialty, contact: values.contact || null, status, departmentId };
      plans.push({
        existingId: current?.id ?? null, values: input,
        unchanged: Boolean(current && current.specialty === input.specialty && current.contact === input.contact && current.status === input.status),
      });
    }
    const rejected = new Set(issues.map((i) => i.row)).size;
    const apply = issues.length === 0 || request.query.mode === 'valid_rows';
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    if (apply && plans.length > 0) {
      const now = services.now();
      await runChange(request, services, async (tx, record) => {
        for (const plan of plans) {
          if (plan.existingId && plan.unchanged) unchanged++;
          else if (plan.existingId) { await tx.update(experts).set({ ...plan.values, updatedAt: now }).where(eq(experts.id, plan.existingId)); updated++; }
          else { await insertExpert(tx, plan.values, now); added++; }
        }
        record.detail({ file: fileName, mode: request.query.mode, added, updated, unchanged, rejected });
        record.event({ type: 'ExpertsImported', added, updated, rejected });
      });
    }
    return { added, updated, unchanged, rejected: apply ? rejected : records.length, errors: issues.slice(0, 1000) };
  });
  registerExpertConflictRoutes(app, services);
}
