/**
 * Hooks for the 系统管理 / 系统监控 resources. Every type comes from the server's zod schemas
 * (type-only imports): request bodies are the schemas' input types, rows their output types.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChainReportSchema, LoginLogRow, OperationLogRow } from '../../../server/modules/audit_log/schema';
import type { DepartmentInput, DepartmentOption, DepartmentRow, DepartmentTypeOption } from '../../../server/modules/departments/schema';
import type { DictionaryItemInput, DictionaryItemRow, DictionaryTypeInput, DictionaryTypeRow } from '../../../server/modules/dictionaries/schema';
import type { RegionRow } from '../../../server/modules/regions/schema';
import type { PermissionEntry, RoleInput, RoleOption, RoleRow } from '../../../server/modules/roles/schema';
import type { ImportResult, UserCreateInput, UserRow, UserUpdateInput } from '../../../server/modules/users/schema';
import { apiGet, apiPost, apiPut, apiUpload } from './client';
import { defineResource, useInvalidate } from './resource';

export type UserCreateBody = z.input<typeof UserCreateInput>;
export type UserUpdateBody = z.input<typeof UserUpdateInput>;
export type DepartmentBody = z.input<typeof DepartmentInput>;
export type RoleBody = z.input<typeof RoleInput>;
export type DictionaryTypeBody = z.input<typeof DictionaryTypeInput>;
export type DictionaryItemBody = z.input<typeof DictionaryItemInput>;
export type ChainReport = z.infer<typeof ChainReportSchema>;
export type ImportMode = 'all_or_nothing' | 'valid_rows';
export type { DepartmentOption, DepartmentRow, DictionaryItemRow, DictionaryTypeRow, ImportResult, LoginLogRow, OperationLogRow, PermissionEntry, RegionRow, RoleOption, RoleRow, UserRow };

export const usersApi = defineResource<UserRow, UserCreateBody, UserUpdateBody>({
  key: 'users', path: '/api/system/users', alsoInvalidates: ['departments', 'roles'],
});
export const departmentsApi = defineResource<DepartmentRow, DepartmentBody>({
  key: 'departments', path: '/api/system/departments', alsoInvalidates: ['department-options'],
});
export const rolesApi = defineResource<RoleRow, RoleBody>({
  key: 'roles', path: '/api/system/roles', alsoInvalidates: ['role-options'],
});
export const dictionaryTypesApi = defineResource<DictionaryTypeRow, DictionaryTypeBody>({
  key: 'dictionaries', path: '/api/system/dictionaries',
});
export const operationLogsApi = defineResource<OperationLogRow, never>({ key: 'operation-logs', path: '/api/monitor/operation-logs' });
export const loginLogsApi = defineResource<LoginLogRow, never>({ key: 'login-logs', path: '/api/monitor/login-logs' });

/** Items of one dictionary type; the path depends on the type key. */
export function dictionaryItemsApi(typeKey: string) {
  return defineResource<DictionaryItemRow, DictionaryItemBody>({
    key: `dictionary-items:${typeKey}`, path: `/api/system/dictionaries/${encodeURIComponent(typeKey)}/items`, alsoInvalidates: ['dictionaries'],
  });
}

const OPTIONS_STALE_MS = 60_000;

export function useDepartmentOptions(enabled = true) {
  return useQuery({
    queryKey: ['department-options'],
    queryFn: () => apiGet<DepartmentOption[]>('/api/system/departments/options'),
    staleTime: OPTIONS_STALE_MS,
    enabled,
  });
}

export function useDepartmentTypes() {
  return useQuery({
    queryKey: ['department-types'],
    queryFn: () => apiGet<DepartmentTypeOption[]>('/api/system/department-types'),
    staleTime: Infinity,
  });
}

/** Roles the caller may give to a user: none with a permission or data scope beyond the caller's own. */
export function useAssignableRoles(enabled = true) {
  return useQuery({
    queryKey: ['assignable-roles'],
    queryFn: () => apiGet<RoleOption[]>('/api/system/users/assignable-roles'),
    staleTime: OPTIONS_STALE_MS,
    enabled,
  });
}

export function usePermissionCatalog() {
  return useQuery({
    queryKey: ['permission-catalog'],
    queryFn: () => apiGet<PermissionEntry[]>('/api/system/permissions'),
    staleTime: Infinity,
  });
}

/** Regions below `parentCode` (or the top of the caller's scope), for the lazy region tree. */
export function fetchRegions(parentCode: string | null, keyword?: string): Promise<RegionRow[]> {
  return apiGet<RegionRow[]>('/api/system/regions', { parentCode, keyword });
}

export function regionQueryKey(parentCode: string | null, keyword?: string) {
  return ['regions', parentCode ?? 'top', keyword ?? ''] as const;
}

export function useSetRegionEnabled() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ code, enabled }: { code: string; enabled: boolean }) => apiPut<RegionRow>(`/api/system/regions/${code}`, { enabled }),
    onSuccess: () => invalidate(['regions']),
  });
}

export function useResetUserPassword() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      apiPost<undefined>(`/api/system/users/${encodeURIComponent(id)}/reset-password`, { password }),
    onSuccess: () => invalidate(['users']),
  });
}

/** Posts a spreadsheet to an import route (multipart field `file`). */
export function useImport(path: string, invalidates: readonly string[]) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: ImportMode }) => {
      const form = new FormData();
      form.append('file', file);
      return apiUpload<ImportResult>(path, form, { mode });
    },
    onSuccess: () => invalidate(invalidates),
  });
}

export function useVerifyAuditChain() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => apiPost<ChainReport>('/api/monitor/audit-chain/verify'),
    onSuccess: () => invalidate([]),
  });
}
