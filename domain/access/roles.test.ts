import { describe, expect, it } from 'vitest';
import { resolveDataScope, type DataScopeKind } from './data_scope';
import type { Permission } from './permissions';
import { BUILTIN_ROLES, canAssignRole, scopeRank, type RoleAssigner } from './roles';

const assigner = (permissions: readonly Permission[], dataScope: DataScopeKind): RoleAssigner => ({
  permissions: new Set(permissions),
  scopeRank: scopeRank(resolveDataScope({ userId: 'u', departmentId: 'd', regionCode: '220104' }, [{ dataScope, customDepartmentIds: ['d'] }])),
});

describe('canAssignRole', () => {
  it('lets every built-in role assign itself', () => {
    for (const role of BUILTIN_ROLES) expect(canAssignRole(assigner(role.permissions, role.dataScope), role), role.key).toBe(true);
  });

  it('refuses a role with a permission the caller lacks, a broader scope, an unknown permission or an unknown scope', () => {
    const caller = assigner(['system:user:list', 'system:region:list'], 'department');
    expect(canAssignRole(caller, { permissions: ['system:user:list'], dataScope: 'department' })).toBe(true);
    expect(canAssignRole(caller, { permissions: ['system:user:list', 'system:user:create'], dataScope: 'department' })).toBe(false);
    expect(canAssignRole(caller, { permissions: ['system:user:list'], dataScope: 'region_and_below' })).toBe(false);
    expect(canAssignRole(caller, { permissions: ['system:nothing'], dataScope: 'self' })).toBe(false);
    expect(canAssignRole(caller, { permissions: [], dataScope: 'galaxy' })).toBe(false);
  });

  it('counts a 自定义 scope as 本部门 for the caller', () => {
    expect(scopeRank({ kind: 'limited', regionPrefixes: [], departmentIds: ['d'], userId: null })).toBe(scopeRank({ kind: 'limited', regionPrefixes: [], departmentIds: ['e'], userId: 'u' }));
    expect(scopeRank({ kind: 'all' })).toBeGreaterThan(scopeRank({ kind: 'limited', regionPrefixes: ['2201'], departmentIds: [], userId: null }));
  });
});
