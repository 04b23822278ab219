/**
 * Who may change or delete a role, as one answer for the role list (greyed-out 修改/删除) and for
 * the routes: the routes refuse with exactly these reasons.
 */
import { canAssignRole, type RoleAssigner } from '../../../domain/access/roles';
import type { RowActions } from '../../http/row_actions';
import type { RoleRecord } from './schema';

/**
 * A role the editor could not assign (`canAssignRole`) is not theirs to change or delete at all:
 * otherwise a lesser role manager could disable or strip the 系统管理员 role (issue #7 item 1).
 */
export function roleEditRefusal(editor: RoleAssigner, role: RoleRecord): string | null {
  return canAssignRole(editor, role) ? null : `角色「${role.name}」含有您没有的权限或更大的数据权限范围，不能修改或删除`;
}

/** Built-in roles are disabled, never deleted; a role still held by users is taken from them first. */
export function roleDeleteConflict(role: RoleRecord): { code: 'ROLE_BUILTIN' | 'ROLE_HAS_USERS'; message: string } | null {
  if (role.builtin) return { code: 'ROLE_BUILTIN', message: `「${role.name}」是内置角色，不能删除；不再使用时可将其停用` };
  if (role.userCount > 0) return { code: 'ROLE_HAS_USERS', message: `角色「${role.name}」还有 ${role.userCount} 个用户，请先为这些用户取消该角色` };
  return null;
}

export function roleActions(editor: RoleAssigner, role: RoleRecord): RowActions {
  const edit = roleEditRefusal(editor, role);
  return { edit, delete: edit ?? roleDeleteConflict(role)?.message ?? null };
}
