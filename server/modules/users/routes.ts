import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { scopeRank, type RoleAssigner } from '../../../domain/access/roles';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { allPages, sendXlsx } from '../../export/xlsx';
import { users } from '../../db/schema';
import { hashPassword, passwordProblem } from '../auth/password';
import { deleteUserSessions } from '../auth/session_store';
import { accountKey, clearAttempts } from '../auth/throttle';
import { SELF_DELETE, SELF_RESET, targetRefusal, userActions } from './actions';
import { ResetPasswordInput, UserCreateInput, UserFilters, UserPage, UserQuery, UserRow, UserUpdateInput, type UserRecord } from './schema';
import { assignableRoles, departmentInScope, getUserInScope, listUsers, rolesBeyondCaller, setUserRoles } from './store';
import { registerUserImportRoutes } from './import_routes';

const tags = ['系统管理-用户'];

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return [...new Set(a)].sort().join() === [...new Set(b)].sort().join();
}

export function requireAuth(auth: AuthContext | null): AuthContext {
  if (!auth) throw new Error('access hook let an anonymous request through');
  return auth;
}

/** The caller as an assigner of roles. */
export function assignerOf(auth: AuthContext): RoleAssigner {
  return { permissions: auth.permissions, scopeRank: scopeRank(auth.scope) };
}

export function registerUserRoutes(app: TypedApp, services: AppServices): void {
  /** The department must be in the caller's scope and every role assignable by the caller. */
  async function checkAssignment(auth: AuthContext, departmentId: string, roleIds: readonly string[]): Promise<void> {
    if (!(await departmentInScope(services.db, auth.scope, departmentId))) {
      throw badRequest('VALIDATION_FAILED', '所选部门不存在或不在您的数据权限范围内', [{ field: 'departmentId', message: '部门不存在或不在您的权限范围内' }]);
    }
    const allowed = new Set((await assignableRoles(services.db, assignerOf(auth))).map((r) => r.id));
    if (roleIds.some((id) => !allowed.has(id))) {
      throw badRequest('VALIDATION_FAILED', '所选角色不存在，或其权限超出了您本人的权限', [{ field: 'roleIds', message: '含有您无权分配的角色' }]);
    }
  }

  /** The caller may change a user only when it could assign every role that user holds (`targetRefusal`). */
  async function checkTarget(auth: AuthContext, target: UserRecord): Promise<void> {
    const refused = targetRefusal((await rolesBeyondCaller(services.db, assignerOf(auth), [target.id])).get(target.id));
    if (refused) throw forbidden(refused);
  }

  /** The users with what the caller may do with each. */
  async function seenBy(auth: AuthContext, rows: readonly UserRecord[]): Promise<UserRow[]> {
    const beyond = await rolesBeyondCaller(services.db, assignerOf(auth), rows.map((r) => r.id));
    return rows.map((row) => ({ ...row, actions: userActions(auth.user.id, row.id, beyond.get(row.id)) }));
  }

  async function oneSeenBy(auth: AuthContext, row: UserRecord): Promise<UserRow> {
    const [seen] = await seenBy(auth, [row]);
    if (!seen) throw new Error('seenBy dropped a row');
    return seen;
  }

  app.get('/api/system/users', {
    config: { access: 'system:user:list' },
    schema: { tags, summary: '用户列表', querystring: UserQuery, response: { 200: UserPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const page = await listUsers(services.db, auth.scope, request.query, services.now());
    return { ...page, rows: await seenBy(auth, page.rows) };
  });

  app.get('/api/system/users/assignable-roles', {
    config: { access: 'system:user:list' },
    schema: { tags, summary: '本人可分配的角色', response: { 200: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return assignableRoles(services.db, assignerOf(auth));
  });

  app.get('/api/system/users/export', {
    config: { access: 'system:user:export' },
    schema: { tags, summary: '导出用户（按当前筛选条件）', querystring: UserFilters },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    return sendXlsx(reply, '用户列表.xlsx', '用户', [
      { header: '账号', value: (r: UserRecord) => r.account },
      { header: '姓名', value: (r) => r.name },
      { header: '部门', width: 36, value: (r) => r.departmentName },
      { header: '行政区划', value: (r) => r.regionName },
      { header: '联系电话', value: (r) => r.phone },
      { header: '角色', width: 30, value: (r) => r.roles.map((x) => x.name).join('、') },
      { header: '状态', value: (r) => (r.status === 'active' ? '正常' : '停用') },
      { header: '最后登录', width: 22, value: (r) => r.lastLoginAt },
    ], allPages((page, pageSize) => listUsers(services.db, auth.scope, { ...request.query, page, pageSize }, services.now())));
  });

  app.get('/api/system/users/:id', {
    config: { access: 'system:user:list' },
    schema: { tags, summary: '用户详情', params: idParams, response: { 200: UserRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const row = await getUserInScope(services.db, auth.scope, request.params.id, services.now());
    if (!row) throw notFound('用户');
    return oneSeenBy(auth, row);
  });

  app.post('/api/system/users', {
    config: { access: 'system:user:create', summary: '新增用户' },
    schema: { tags, summary: '新增用户', body: UserCreateInput, response: { 201: UserRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const problem = passwordProblem(input.password, input.account);
    if (problem) throw badRequest('VALIDATION_FAILED', problem, [{ field: 'password', message: problem }]);
    await checkAssignment(auth, input.departmentId, input.roleIds);
    const passwordHash = await hashPassword(input.password);
    const now = services.now();
    const id = await runChange(request, services, async (tx, record) => {
      const [row] = await tx.insert(users).values({
        account: input.account, name: input.name, departmentId: input.departmentId, phone: input.phone, status: input.status,
        passwordHash, mustChangePassword: true, createdBy: auth.user.id, createdAt: now, updatedAt: now,
      }).returning({ id: users.id });
      if (!row) throw new Error('insert returned no row');
      await setUserRoles(tx, row.id, input.roleIds);
      record.target('user', row.id);
      record.detail({ account: input.account });
      record.event({ type: 'UserCreated', userId: row.id, account: input.account, departmentId: input.departmentId, roleIds: input.roleIds });
      return row.id;
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('ACCOUNT_TAKEN', `账号「${input.account}」已被使用`);
      throw error;
    });
    const row = await getUserInScope(services.db, auth.scope, id, now);
    if (!row) throw new Error('created user is outside the creator\'s scope');
    return reply.status(201).send(await oneSeenBy(auth, row));
  });

  app.put('/api/system/users/:id', {
    config: { access: 'system:user:update', summary: '修改用户' },
    schema: { tags, summary: '修改用户', params: idParams, body: UserUpdateInput, response: { 200: UserRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await getUserInScope(services.db, auth.scope, request.params.id, services.now());
    if (!before) throw notFound('用户');
    await checkTarget(auth, before);
    const input = request.body;
    if (before.id === auth.user.id && input.status === 'disabled') throw forbidden('不能停用自己的账号');
    if (before.id === auth.user.id && !sameRoles(before.roles.map((r) => r.id), input.roleIds)) throw forbidden('不能修改自己的角色，请由其他管理员调整');
    await checkAssignment(auth, input.departmentId, input.roleIds);
    await runChange(request, services, async (tx, record) => {
      await tx.update(users).set({ name: input.name, departmentId: input.departmentId, phone: input.phone, status: input.status, updatedAt: services.now() }).where(eq(users.id, before.id));
      await setUserRoles(tx, before.id, input.roleIds);
      if (input.status === 'disabled') await deleteUserSessions(tx, before.id);
      const changed = [
        ...(['name', 'departmentId', 'phone', 'status'] as const).filter((k) => input[k] !== before[k]),
        ...(sameRoles(before.roles.map((r) => r.id), input.roleIds) ? [] : ['roles']),
      ];
      record.target('user', before.id);
      record.detail({ account: before.account, changed });
      record.event({ type: 'UserUpdated', userId: before.id, account: before.account, changed });
    });
    const row = await getUserInScope(services.db, auth.scope, before.id, services.now());
    if (!row) throw notFound('用户');
    return oneSeenBy(auth, row);
  });

  app.delete('/api/system/users/:id', {
    config: { access: 'system:user:delete', summary: '删除用户' },
    schema: { tags, summary: '删除用户', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await getUserInScope(services.db, auth.scope, request.params.id, services.now());
    if (!before) throw notFound('用户');
    if (before.id === auth.user.id) throw forbidden(SELF_DELETE);
    await checkTarget(auth, before);
    await runChange(request, services, async (tx, record) => {
      await tx.update(users).set({ deletedAt: services.now(), status: 'disabled' }).where(eq(users.id, before.id));
      await deleteUserSessions(tx, before.id);
      record.target('user', before.id);
      record.detail({ account: before.account });
      record.event({ type: 'UserDeleted', userId: before.id, account: before.account });
    });
    return reply.status(204).send(null);
  });

  app.post('/api/system/users/:id/reset-password', {
    config: { access: 'system:user:reset-password', summary: '重置用户密码' },
    schema: { tags, summary: '重置密码（用户下次登录须修改）', params: idParams, body: ResetPasswordInput, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const before = await getUserInScope(services.db, auth.scope, request.params.id, services.now());
    if (!before) throw notFound('用户');
    if (before.id === auth.user.id) throw forbidden(SELF_RESET);
    await checkTarget(auth, before);
    const problem = passwordProblem(request.body.password, before.account);
    if (problem) throw badRequest('VALIDATION_FAILED', problem, [{ field: 'password', message: problem }]);
    const passwordHash = await hashPassword(request.body.password);
    await runChange(request, services, async (tx, record) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: true, updatedAt: services.now() }).where(eq(users.id, before.id));
      await clearAttempts(tx, accountKey(before.account));
      await deleteUserSessions(tx, before.id);
      record.target('user', before.id);
      record.detail({ account: before.account });
      record.event({ type: 'UserPasswordReset', userId: before.id, account: before.account });
    });
    return reply.status(204).send(null);
  });

  registerUserImportRoutes(app, services);
}
