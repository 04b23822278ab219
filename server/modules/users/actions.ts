/**
 * What the caller may do with a user, as one answer for the user list (greyed-out 修改/删除/重置密码)
 * and for the routes: the routes refuse with exactly these reasons.
 */
import type { UserActions } from './schema';

export const SELF_DELETE = '不能删除自己的账号';
/** Resetting one's own password here would skip the old-password check of 修改密码. */
export const SELF_RESET = '不能在此重置本人密码，请使用「修改密码」';

/**
 * A caller may act on a user only when it could assign every role that user holds (`canAssignRole`),
 * so nobody takes over an account more powerful than themselves. `beyond`: the user's roles it could not.
 */
export function targetRefusal(beyond: readonly string[] | undefined): string | null {
  return beyond && beyond.length > 0 ? `该用户拥有您无权分配的角色（${beyond.join('、')}），不能对其操作` : null;
}

export function userActions(callerId: string, userId: string, beyond: readonly string[] | undefined): UserActions {
  const refused = targetRefusal(beyond);
  const self = userId === callerId;
  return { edit: refused, delete: self ? SELF_DELETE : refused, resetPassword: self ? SELF_RESET : refused };
}
