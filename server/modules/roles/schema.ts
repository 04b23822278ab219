import { z } from 'zod';
import { DATA_SCOPE_KINDS } from '../../../domain/access/data_scope';
import { ALL_PERMISSIONS, type Permission } from '../../../domain/access/permissions';
import { RowActions } from '../../http/row_actions';
import { optionalText, statusField, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const permissionEnum = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]], { error: '未知的权限' });

/** A role as stored. */
export const RoleRecord = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  dataScope: z.enum(DATA_SCOPE_KINDS),
  customDepartmentIds: z.array(z.string()),
  permissions: z.array(permissionEnum),
  builtin: z.boolean(),
  status: z.enum(['active', 'disabled']),
  remark: z.string().nullable(),
  userCount: z.number().int(),
  createdAt: z.string(),
});
export type RoleRecord = z.infer<typeof RoleRecord>;
/** A role as the caller sees it: with what the caller may do with it (null) or why not. */
export const RoleRow = RoleRecord.extend({ actions: RowActions });
export type RoleRow = z.infer<typeof RoleRow>;
export const RolePage = pageOf(RoleRow);

export const RoleFilters = z.object({ name: z.string().trim().max(40).optional(), status: statusField.optional() });
export const RoleQuery = RoleFilters.extend(pageQuery);
export type RoleQuery = z.infer<typeof RoleQuery>;

export const RoleInput = z.object({
  key: z.string({ error: '请输入角色标识' }).trim().regex(/^[a-z][a-z0-9_]{1,39}$/, { error: '角色标识为 2–40 位小写字母、数字或下划线，以字母开头' }),
  name: text('角色名称', 40),
  dataScope: z.enum(DATA_SCOPE_KINDS, { error: '请选择数据权限范围' }),
  customDepartmentIds: z.array(uuidField('部门')).max(500).default([]),
  permissions: z.array(permissionEnum).max(200).default([]),
  status: statusField.default('active'),
  remark: optionalText('备注', 200),
});
export type RoleInput = z.infer<typeof RoleInput>;

export const PermissionEntry = z.object({ key: permissionEnum, label: z.string(), module: z.string(), moduleLabel: z.string() });
export type PermissionEntry = z.infer<typeof PermissionEntry>;

export const RoleOption = z.object({ id: z.string(), key: z.string(), name: z.string() });
export type RoleOption = z.infer<typeof RoleOption>;
