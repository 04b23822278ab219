/**
 * 用户导入: upsert by 账号 from .xlsx or .csv (UTF-8 or GBK). Every problem is reported with row,
 * column and reason; in "all_or_nothing" mode one bad row imports nothing, in "valid_rows" mode the
 * good rows are imported and the bad ones reported. All writes happen in one transaction.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses } from '../../http/errors';
import { departments, userRoles, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { ImportModeSchema, type ColumnSpec, type ImportIssue } from '../../import/columns';
import { readUploadedTable } from '../../import/upload';
import { sendTemplate } from '../../import/template';
import { hashPassword, passwordProblem } from '../auth/password';
import { ImportResult } from './schema';
import { assignerOf, requireAuth, sameRoles } from './routes';
import { assignableRoles, rolesBeyondCaller, setUserRoles } from './store';

type Column = 'account' | 'name' | 'department' | 'phone' | 'roles' | 'status' | 'password';

export const USER_COLUMNS: readonly ColumnSpec<Column>[] = [
  { key: 'account', header: '账号', required: true, hint: '字母开头，3–32 位字母、数字、下划线、点或短横线；已存在的账号将被更新' },
  { key: 'name', header: '姓名', required: true },
  { key: 'department', header: '部门', aliases: ['部门名称'], required: true, hint: '填写部门全称，须在您的数据权限范围内' },
  { key: 'phone', header: '联系电话', aliases: ['手机号'], required: false },
  { key: 'roles', header: '角色', required: true, hint: '角色名称，多个用顿号或逗号分隔' },
  { key: 'status', header: '状态', required: false, hint: '正常 或 停用，默认正常' },
  { key: 'password', header: '初始密码', required: false, hint: '新账号必填：8–64 位，含字母和数字；用户首次登录须修改' },
];

const MAX_ROWS = 5000;

export function registerUserImportRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/system/users/import-template', {
    config: { access: 'system:user:import' },
    schema: { tags: ['系统管理-用户'], summary: '下载用户导入模板' },
  }, async (_request, reply) => sendTemplate(reply, '用户导入模板.xlsx', USER_COLUMNS, {
    account: 'zhangsan', name: '张三', department: '长春市朝阳区市场监督管理局', phone: '13800000000', roles: '执法检查人员', status: '正常', password: 'Init2026abc',
  }));

  app.post('/api/system/users/import', {
    config: { access: 'system:user:import', summary: '导入用户' },
    schema: { tags: ['系统管理-用户'], summary: '导入用户（multipart，字段 file）', querystring: z.object({ mode: ImportModeSchema.default('all_or_nothing') }), response: { 200: ImportResult, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { fileName, records: rows } = await readUploadedTable(request, USER_COLUMNS, { maxRows: MAX_ROWS, noun: '个用户' });
    const issues: ImportIssue[] = [];

    const deptRows = await services.db.select({ id: departments.id, name: departments.name }).from(departments)
      .where(and(isNull(departments.deletedAt), scopeWhere(auth.scope, { regionCode: departments.regionCode, departmentId: departments.id })));
    const deptByName = new Map(deptRows.map((d) => [d.name, d.id]));
    const roleByName = new Map((await assignableRoles(services.db, assignerOf(auth))).map((r) => [r.name, r.id]));
    const accounts = rows.map((r) => r.values.account);
    const existing = await services.db.select({ id: users.id, account: users.account, name: users.name, departmentId: users.departmentId, phone: users.phone, status: users.status })
      .from(users).where(and(inArray(users.account, accounts), isNull(users.deletedAt)));
    const existingByAccount = new Map(existing.map((u) => [u.account, u]));
    // An existing account is overwritten only under the rules of 修改用户 (routes.ts).
    const beyondCaller = await rolesBeyondCaller(services.db, assignerOf(auth), existing.map((u) => u.id));
    const ownRoleIds = (await services.db.select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, auth.user.id))).map((r) => r.roleId);
    const inScopeDepartments = new Set(deptRows.map((d) => d.id));

    const seen = new Map<string, number>();
    const plans: { row: number; account: string; name: string; departmentId: string; phone: string | null; roleIds: string[]; status: 'active' | 'disabled'; password: string | null; existingId: string | null; unchanged: boolean }[] = [];
    for (const { rowNumber: row, values } of rows) {
      const before = issues.length;
      const col = (key: Column) => USER_COLUMNS.find((c) => c.key === key)?.header ?? key;
      if (!/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(values.account)) issues.push({ row, column: col('account'), message: values.account ? '账号格式不正确' : '账号不能为空' });
      else if (seen.has(values.account)) issues.push({ row, column: col('account'), message: `与第 ${seen.get(values.account) ?? 0} 行账号重复` });
      seen.set(values.account, row);
      if (!values.name) issues.push({ row, column: col('name'), message: '姓名不能为空' });
      else if (values.name.length > 32) issues.push({ row, column: col('name'), message: '姓名不能超过 32 个字符' });
      const departmentId = deptByName.get(values.department);
      if (!departmentId) issues.push({ row, column: col('department'), message: values.department ? `部门「${values.department}」不存在或不在您的权限范围内` : '部门不能为空' });
      if (values.phone && !/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(values.phone)) issues.push({ row, column: col('phone'), message: '联系电话格式不正确' });
      const roleNames = values.roles.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean);
      const roleIds = roleNames.map((n) => roleByName.get(n));
      if (roleNames.length === 0) issues.push({ row, column: col('roles'), message: '角色不能为空' });
      roleNames.forEach((n, i) => { if (!roleIds[i]) issues.push({ row, column: col('roles'), message: `角色「${n}」不存在或您无权分配` }); });
      const status = values.status === '' || values.status === '正常' ? 'active' : values.status === '停用' ? 'disabled' : null;
      if (!status) issues.push({ row, column: col('status'), message: '状态只能填写 正常 或 停用' });
      const current = existingByAccount.get(values.account);
      if (current && !(current.departmentId && inScopeDepartments.has(current.departmentId))) issues.push({ row, column: col('account'), message: '账号已存在且不在您的数据权限范围内' });
      else if (current && beyondCaller.has(current.id)) issues.push({ row, column: col('account'), message: `账号已存在且拥有您无权分配的角色（${beyondCaller.get(current.id)?.join('、') ?? ''}）` });
      else if (current?.id === auth.user.id && status === 'disabled') issues.push({ row, column: col('status'), message: '不能停用自己的账号' });
      else if (current?.id === auth.user.id && roleIds.every(Boolean) && !sameRoles(ownRoleIds, roleIds.filter((id): id is string => Boolean(id)))) issues.push({ row, column: col('roles'), message: '不能修改自己的角色' });
      if (!current) {
        const problem = values.password ? passwordProblem(values.password, values.account) : '新账号须填写初始密码';
        if (problem) issues.push({ row, column: col('password'), message: problem });
      }
      if (issues.length > before || !departmentId || !status) continue;
      const ids = roleIds.filter((id): id is string => Boolean(id));
      const phone = values.phone || null;
      plans.push({
        row, account: values.account, name: values.name, departmentId, phone, roleIds: ids, status, password: current ? null : values.password,
        existingId: current?.id ?? null,
        unchanged: Boolean(current && current.name === values.name && current.departmentId === departmentId && current.phone === phone && current.status === status),
      });
    }
    const rejectedRows = new Set(issues.map((i) => i.row)).size;
    const apply = issues.length === 0 || request.query.mode === 'valid_rows';
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    if (apply && plans.length > 0) {
      const hashes = new Map<number, string>();
      for (const plan of plans) if (plan.password) hashes.set(plan.row, await hashPassword(plan.password));
      await runChange(request, services, async (tx, record) => {
        for (const plan of plans) {
          if (plan.existingId) {
            await tx.update(users).set({ name: plan.name, departmentId: plan.departmentId, phone: plan.phone, status: plan.status, updatedAt: services.now() }).where(eq(users.id, plan.existingId));
            await setUserRoles(tx, plan.existingId, plan.roleIds);
            if (plan.unchanged) unchanged++; else updated++;
          } else {
            const [row] = await tx.insert(users).values({
              account: plan.account, name: plan.name, departmentId: plan.departmentId, phone: plan.phone, status: plan.status,
              passwordHash: hashes.get(plan.row) ?? '', mustChangePassword: true, createdBy: auth.user.id,
            }).returning({ id: users.id });
            if (!row) throw new Error('insert returned no row');
            await setUserRoles(tx, row.id, plan.roleIds);
            added++;
          }
        }
        record.detail({ file: fileName, mode: request.query.mode, added, updated, unchanged, rejected: rejectedRows });
        record.event({ type: 'UsersImported', added, rejected: rejectedRows });
      });
    }
    return { added, updated, unchanged, rejected: apply ? rejectedRows : rows.length, errors: issues.slice(0, 1000) };
  });
}
