import { z } from 'zod';
import { RowActions } from '../../http/row_actions';
import { accountField, phoneField, statusField, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

/** A user as stored. */
export const UserRecord = z.object({
  id: z.string(),
  account: z.string(),
  name: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionName: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  roles: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserRecord = z.infer<typeof UserRecord>;
/** What the caller may do with the user (null) or why not; 重置密码 besides 修改 and 删除. */
export const UserActions = RowActions.extend({ resetPassword: z.string().nullable() });
export type UserActions = z.infer<typeof UserActions>;
/** A user as the caller sees it. */
export const UserRow = UserRecord.extend({ actions: UserActions });
export type UserRow = z.infer<typeof UserRow>;
export const UserPage = pageOf(UserRow);

export const UserFilters = z.object({
  account: z.string().trim().max(32).optional(),
  name: z.string().trim().max(32).optional(),
  phone: z.string().trim().max(20).optional(),
  departmentId: uuidField('部门').optional(),
  status: statusField.optional(),
});
export const UserQuery = UserFilters.extend(pageQuery);
export type UserQuery = z.infer<typeof UserQuery>;

const passwordField = z.string({ error: '请输入密码' }).min(8, { error: '密码长度应为 8–64 位' }).max(64, { error: '密码长度应为 8–64 位' });

export const UserCreateInput = z.object({
  account: accountField,
  name: text('姓名', 32),
  departmentId: uuidField('部门'),
  phone: phoneField,
  status: statusField.default('active'),
  roleIds: z.array(uuidField('角色')).min(1, { error: '至少选择一个角色' }).max(10),
  password: passwordField,
});
export type UserCreateInput = z.infer<typeof UserCreateInput>;

export const UserUpdateInput = UserCreateInput.omit({ account: true, password: true });
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const ResetPasswordInput = z.object({ password: passwordField });

/** Import: one row per user; the result tells what happened to each row (shared by every small import). */
export { ImportResult } from '../../import/upload';
