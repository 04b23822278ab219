/**
 * 执法检查人员导入: upsert by 执法证号 from .xlsx or .csv (UTF-8 or GBK) through the shared import pipeline.
 * Every problem is reported with row, column and reason; all_or_nothing imports nothing when one row is
 * bad, valid_rows imports the good rows. All writes happen in one transaction.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { regionPrefix } from '../../../domain/access/data_scope';
import { genderOfLabel, inspectorStatusOfLabel, type Gender, type InspectorStatus } from '../../../domain/directory/inspector';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses } from '../../http/errors';
import { phoneField } from '../../http/fields';
import { inspectors } from '../../db/schema';
import { ImportModeSchema, type ColumnSpec, type ImportIssue } from '../../import/columns';
import { parseImportDate } from '../../import/dates';
import { sendTemplate } from '../../import/template';
import { ImportResult, readUploadedTable } from '../../import/upload';
import { requireAuth } from '../users/routes';
import { certificateNoField, EXPERTISE_DICTIONARY, INSPECTOR_POST_DICTIONARY } from './schema';
import { departmentsInScope, dictionaryLookup, enabledRegionCodes, inspectorScope, inspectorsByCertificate } from './store';

type Column = 'name' | 'gender' | 'department' | 'post' | 'certificateNo' | 'validUntil' | 'expertise' | 'phone' | 'status' | 'regionCode';

export const INSPECTOR_COLUMNS: readonly ColumnSpec<Column>[] = [
  { key: 'name', header: '姓名', required: true },
  { key: 'gender', header: '性别', required: false, hint: '男 或 女' },
  { key: 'department', header: '部门', aliases: ['单位', '所在单位'], required: true, hint: '部门全称，须在您的数据权限范围内' },
  { key: 'post', header: '执法岗位', aliases: ['岗位'], required: false },
  { key: 'certificateNo', header: '执法证号', aliases: ['行政执法证号'], required: true, hint: '已登记的执法证号将更新该人员' },
  { key: 'validUntil', header: '有效期至', aliases: ['执法证有效期'], required: false, hint: '日期，格式 2028-12-31' },
  { key: 'expertise', header: '业务专长', required: false, hint: '多个用顿号或逗号分隔' },
  { key: 'phone', header: '联系电话', required: false },
  { key: 'status', header: '状态', required: false, hint: '在岗、休假、调离 或 退休，默认在岗' },
  { key: 'regionCode', header: '行政区划代码', required: false, hint: '6 位代码，默认部门所在区划' },
];

const header = (key: Column) => INSPECTOR_COLUMNS.find((c) => c.key === key)?.header ?? key;

interface Plan {
  row: number;
  existingId: string | null;
  values: {
    name: string; gender: Gender | null; departmentId: string; post: string | null; certificateNo: string; certificateValidUntil: string | null;
    expertise: string[]; phone: string | null; status: InspectorStatus; regionCode: string;
  };
}

export function registerInspectorImportRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/directory/inspectors/import-template', {
    config: { access: 'directory:inspector:import' },
    schema: { tags: ['一单两库-执法检查人员'], summary: '下载执法检查人员导入模板' },
  }, async (_request, reply) => sendTemplate(reply, '执法检查人员导入模板.xlsx', INSPECTOR_COLUMNS, {
    name: '张三', gender: '男', department: '长春市朝阳区市场监督管理局', post: '综合执法', certificateNo: '22010420001', validUntil: '2028-12-31',
    expertise: '食品安全、特种设备', phone: '13800000000', status: '在岗', regionCode: '220104',
  }));

  app.post('/api/directory/inspectors/import', {
    config: { access: 'directory:inspector:import', summary: '导入执法检查人员' },
    schema: {
      tags: ['一单两库-执法检查人员'], summary: '导入执法检查人员（multipart，字段 file；按执法证号新增或更新）',
      querystring: z.object({ mode: ImportModeSchema.default('all_or_nothing') }), response: { 200: ImportResult, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { fileName, records } = await readUploadedTable(request, INSPECTOR_COLUMNS, { maxRows: 5000, noun: '名执法检查人员' });
    const [departmentRows, posts, expertiseDictionary] = await Promise.all([
      departmentsInScope(services.db, auth.scope), dictionaryLookup(services.db, INSPECTOR_POST_DICTIONARY), dictionaryLookup(services.db, EXPERTISE_DICTIONARY),
    ]);
    const departmentByName = new Map(departmentRows.map((d) => [d.name, d]));
    const existing = new Map((await inspectorsByCertificate(services.db, records.map((r) => r.values.certificateNo))).map((i) => [i.certificateNo, i]));
    const inScope = new Set((await services.db.select({ id: inspectors.id }).from(inspectors).where(inspectorScope(auth.scope))).map((r) => r.id));
    const regionCodes = await enabledRegionCodes(services.db, [...new Set(records.map((r) => r.values.regionCode).filter((c) => /^\d{6}$/.test(c)))]);
    const byLabel = (dictionary: Map<string, string> | null, text: string) => {
      if (!dictionary) return text;
      if (dictionary.has(text)) return text;
      for (const [value, label] of dictionary) if (label === text) return value;
      return null;
    };

    const issues: ImportIssue[] = [];
    const plans: Plan[] = [];
    const seen = new Map<string, number>();
    for (const { rowNumber: row, values } of records) {
      const before = issues.length;
      const problem = (key: Column, message: string) => issues.push({ row, column: header(key), message });
      if (!values.name) problem('name', '姓名不能为空');
      else if (values.name.length > 32) problem('name', '姓名不能超过 32 个字符');
      const gender = values.gender === '' ? null : genderOfLabel(values.gender);
      if (values.gender !== '' && !gender) problem('gender', '性别只能填写 男 或 女');
      const department = departmentByName.get(values.department);
      if (!department) problem('department', values.department ? `部门「${values.department}」不存在或不在您的权限范围内` : '部门不能为空');
      const post = values.post === '' ? null : byLabel(posts, values.post);
      if (values.post !== '' && (post === null || post.length > 40)) problem('post', post === null ? `执法岗位「${values.post}」不在字典「执法岗位」中` : '执法岗位不能超过 40 个字符');
      const certificate = certificateNoField.safeParse(values.certificateNo);
      if (!certificate.success) problem('certificateNo', values.certificateNo ? certificate.error.issues[0]?.message ?? '执法证号格式不正确' : '执法证号不能为空');
      else if (seen.has(certificate.data)) problem('certificateNo', `与第 ${seen.get(certificate.data) ?? 0} 行执法证号重复`);
      if (certificate.success) seen.set(certificate.data, row);
      const validUntil = values.validUntil === '' ? null : parseImportDate(values.validUntil);
      if (validUntil && !validUntil.ok) problem('validUntil', validUntil.error);
      const tagsText = values.expertise.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean);
      const expertise = tagsText.map((t) => byLabel(expertiseDictionary, t));
      tagsText.forEach((t, i) => { if (expertise[i] === null) problem('expertise', `业务专长「${t}」不在字典「业务专长」中`); else if (t.length > 20) problem('expertise', `业务专长「${t}」超过 20 个字`); });
      if (tagsText.length > 10) problem('expertise', '业务专长最多 10 项');
      const parsedPhone = phoneField.safeParse(values.phone);
      const phone = parsedPhone.success ? parsedPhone.data : undefined;
      if (phone === undefined) problem('phone', '联系电话应为 11 位手机号或带区号的固定电话');
      const status = values.status === '' ? 'on_duty' : inspectorStatusOfLabel(values.status);
      if (!status) problem('status', '状态只能填写 在岗、休假、调离 或 退休');
      const regionCode = values.regionCode || department?.regionCode || '';
      if (department && values.regionCode && (!regionCodes.has(regionCode) || !regionCode.startsWith(regionPrefix(department.regionCode)))) {
        problem('regionCode', `行政区划应为${department.name}所在区划或其下级`);
      }
      const current = certificate.success ? existing.get(certificate.data) : undefined;
      if (current && !inScope.has(current.id)) problem('certificateNo', '该执法证号已由其他部门登记，不在您的数据权限范围内');
      if (issues.length > before || !department || !status || !certificate.success || phone === undefined) continue;
      plans.push({
        row, existingId: current?.id ?? null,
        values: {
          name: values.name, gender, departmentId: department.id, post, certificateNo: certificate.data, certificateValidUntil: validUntil?.ok ? validUntil.value : null,
          expertise: [...new Set(expertise.filter((t): t is string => t !== null))], phone, status, regionCode,
        },
      });
    }
    const rejected = new Set(issues.map((i) => i.row)).size;
    const apply = issues.length === 0 || request.query.mode === 'valid_rows';
    let added = 0;
    let updated = 0;
    if (apply && plans.length > 0) {
      const now = services.now();
      await runChange(request, services, async (tx, record) => {
        for (const plan of plans) {
          if (plan.existingId) {
            await tx.update(inspectors).set({ ...plan.values, updatedAt: now }).where(eq(inspectors.id, plan.existingId));
            updated++;
          } else {
            await tx.insert(inspectors).values({ ...plan.values, createdAt: now, updatedAt: now });
            added++;
          }
        }
        record.detail({ file: fileName, mode: request.query.mode, added, updated, rejected });
        record.event({ type: 'InspectorsImported', added, updated, rejected });
      });
    }
    return { added, updated, unchanged: 0, rejected: apply ? rejected : records.length, errors: issues.slice(0, 1000) };
  });
}
