import { z } from 'zod';
import { PERMISSIONS } from '../../../domain/access/permissions';

export const LoginBody = z.object({
  account: z.string({ error: '请输入账号' }).trim().min(1, { error: '请输入账号' }).max(32, { error: '账号不能超过 32 个字符' }),
  password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(64, { error: '密码不能超过 64 个字符' }),
});

export const ChangePasswordBody = z.object({
  oldPassword: z.string({ error: '请输入原密码' }).min(1, { error: '请输入原密码' }).max(64),
  newPassword: z.string({ error: '请输入新密码' }).min(1, { error: '请输入新密码' }).max(64, { error: '密码长度应为 8–64 位' }),
});

const permissionKeys = Object.keys(PERMISSIONS) as [keyof typeof PERMISSIONS, ...(keyof typeof PERMISSIONS)[]];

/** The signed-in user as the web app sees it. */
export const MeSchema = z.object({
  id: z.string(),
  account: z.string(),
  name: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  region: z.object({ code: z.string(), name: z.string() }).nullable(),
  roles: z.array(z.object({ key: z.string(), name: z.string() })),
  permissions: z.array(z.enum(permissionKeys)),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

export const CsrfSchema = z.object({ csrfToken: z.string() });
