import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { DATA_SCOPE_LABELS } from '../../../domain/access/data_scope';
import { scopeKindRank, scopeRank } from '../../../domain/access/roles';
import { ALL_PERMISSIONS, PERMISSIONS, PERMISSION_MODULES, permissionModule } from '../../../domain/access/permissions';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { assignerOf } from '../users/routes';
import { roleActions, roleDeleteConflict, roleEditRefusal } from './actions';
import { PermissionEntry, RoleInput, RoleOption, RolePage, RoleQuery, RoleRow, type RoleRecord } from './schema';
import { changedFields, departmentsInScope, getRole, insertRole, listRoles, roleOptions, softDeleteRole, updateRole } from './store';

const tags = ['系统管理-角色'];

const PERMISSION_CATALOG = ALL_PERMISSIONS.map((key) => {
  const module = permissionModule(key);
  return { key, label: PERMISSIONS[key], module, moduleLabel: PERMISSION_MODULES[module] };
});

function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('access hook let an anonymous request through');
  return request.auth;
}

const fieldError = (field: string, message: string) => badRequest('VALIDATION_FAILED', message, [{ field, message }]);

function duplicateKey(error: unknown): never {
  if (uniqueViolation(error) !== null) throw conflict('ROLE_KEY_TAKEN', '角色标识已被其他角色使用');
  throw error;
}

export function registerRoleRoutes(app: TypedApp, services: AppServices): void {
  /** Only a role the editor could assign is theirs to change or delete (`roleEditRefusal`). */
  function requireAssignable(auth: AuthContext, role: RoleRecord): void {
    const refused = roleEditRefusal(assignerOf(auth), role);
    if (refused) throw forbidden(refused);
  }

  /**
   * No escalation through a role: the editor cannot add a permission they do not hold, set a data
   * scope broader than their own, or add a 自定义 department outside their own scope.
   */
  async function validateInput(auth: AuthContext, input: RoleInput, before: RoleRecord | null): Promise<void> {
    if (before?.builtin && input.key !== before.key) throw fieldError('key', '内置角色的标识不能修改');
    const added = input.permissions.filter((p) => !before?.permissions.includes(p) && !auth.permissions.has(p));
    if (added.length > 0) throw fieldError('permissions', `不能授予本人没有的权限：${[...new Set(added)].map((p) => PERMISSIONS[p]).join('、')}`);
    if (input.dataScope !== before?.dataScope && input.dataScope !== 'custom' && scopeKindRank(input.dataScope) > scopeRank(auth.scope)) {
      throw fieldError('dataScope', `不能设置比本人更大的数据权限范围（${DATA_SCOPE_LABELS[input.dataScope]}）`);
    }
    if (input.dataScope !== 'custom') return;
    if (input.customDepartmentIds.length === 0) throw fieldError('customDepartmentIds', '自定义数据权限须至少选择一个部门');
    const fresh = input.customDepartmentIds.filter((id) => !before?.customDepartmentIds.includes(id));
    const allowed = await departmentsInScope(services.db, auth.scope, fresh);
    if (fresh.some((id) => !allowed.has(id))) throw fieldError('customDepartmentIds', '所选部门不存在或不在您的数据权限范围内');
  }

  async function existing(id: string): Promise<RoleRecord> {
    const row = await getRole(services.db, id);
    if (!row) throw notFound('角色');
    return row;
  }

  /** The role with what the caller may do with it. */
  function seenBy(request: FastifyRequest, role: RoleRecord): RoleRow {
    return { ...role, actions: roleActions(assignerOf(requireAuth(request)), role) };
  }

  app.get('/api/system/permissions', {
    config: { access: 'system:role:list' },
    schema: { tags, summary: '权限目录（按模块）', response: { 200: z.array(PermissionEntry), ...errorResponses } },
  }, () => Promise.resolve(PERMISSION_CATALOG));

  app.get('/api/system/roles', {
    config: { access: 'system:role:list' },
    schema: { tags, summary: '角色列表', querystring: RoleQuery, response: { 200: RolePage, ...errorResponses } },
  }, async (request) => {
    const page = await listRoles(services.db, request.query);
    return { ...page, rows: page.rows.map((role) => seenBy(request, role)) };
  });

  app.get('/api/system/roles/options', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '角色选项（启用的角色）', response: { 200: z.array(RoleOption), ...errorResponses } },
  }, async () => roleOptions(services.db));

  app.get('/api/system/roles/:id', {
    config: { access: 'system:role:list' },
    schema: { tags, summary: '角色详情', params: idParams, response: { 200: RoleRow, ...errorResponses } },
  }, async (request) => seenBy(request, await existing(request.params.id)));

  app.post('/api/system/roles', {
    config: { access: 'system:role:create', summary: '新增角色' },
    schema: { tags, summary: '新增角色', body: RoleInput, response: { 201: RoleRow, ...errorResponses } },
  }, async (request, reply) => {
    await validateInput(requireAuth(request), request.body, null);
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertRole(tx, request.body, services.now());
      record.target('role', created);
      record.detail({ key: request.body.key, dataScope: request.body.dataScope, permissions: [...new Set(request.body.permissions)].sort() });
      record.event({ type: 'RoleCreated', roleId: created, key: request.body.key });
      return created;
    }).catch(duplicateKey);
    return reply.status(201).send(seenBy(request, await existing(id)));
  });

  app.put('/api/system/roles/:id', {
    config: { access: 'system:role:update', summary: '修改角色' },
    schema: { tags, summary: '修改角色（权限变更在其用户的下一次请求生效）', params: idParams, body: RoleInput, response: { 200: RoleRow, ...errorResponses } },
  }, async (request) => {
    const before = await existing(request.params.id);
    requireAssignable(requireAuth(request), before);
    await validateInput(requireAuth(request), request.body, before);
    await runChange(request, services, async (tx, record) => {
      await updateRole(tx, before.id, request.body, services.now());
      const changed = changedFields(before, request.body);
      const permissions = new Set(request.body.permissions);
      record.target('role', before.id);
      record.detail({
        changed,
        ...(changed.includes('permissions') ? {
          granted: [...permissions].filter((p) => !before.permissions.includes(p)).sort(),
          revoked: before.permissions.filter((p) => !permissions.has(p)).sort(),
        } : {}),
        ...(changed.includes('dataScope') ? { dataScope: { from: before.dataScope, to: request.body.dataScope } } : {}),
      });
      record.event({ type: 'RoleUpdated', roleId: before.id, key: request.body.key, changed });
    }).catch(duplicateKey);
    return seenBy(request, await existing(before.id));
  });

  app.delete('/api/system/roles/:id', {
    config: { access: 'system:role:delete', summary: '删除角色' },
    schema: { tags, summary: '删除角色（内置角色和仍有用户的角色不能删除）', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const before = await existing(request.params.id);
    requireAssignable(requireAuth(request), before);
    const blocked = roleDeleteConflict(before);
    if (blocked) throw conflict(blocked.code, blocked.message);
    await runChange(request, services, async (tx, record) => {
      await softDeleteRole(tx, before.id, services.now());
      record.target('role', before.id);
      record.detail({ key: before.key, name: before.name });
      record.event({ type: 'RoleDeleted', roleId: before.id, key: before.key });
    });
    return reply.status(204).send(null);
  });
}
