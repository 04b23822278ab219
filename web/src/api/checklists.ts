/**
 * Hooks for 抽查事项清单 (department lists) and 联合抽查事项清单 (the region's joint list): the same
 * routes under two URLs (server/modules/checklists). Types come from the server's zod schemas.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChecklistKind } from '../../../domain/checklist/types';
import type {
  ChecklistCreateInput, ChecklistDetail, ChecklistRow, DiffResponse, ItemCreateInput, ItemFields, ItemRow, JointChecklistCreateInput, JointSourceList,
  PublishInput, VersionDetail, VersionRow,
} from '../../../server/modules/checklists/schema';
import { apiDelete, apiGet, apiPost, apiPut, downloadUrl } from './client';
import { defineResource, useInvalidate } from './resource';

export type { ChecklistDetail, ChecklistRow, ItemRow, VersionDetail, VersionRow };
export type ChecklistCreateBody = z.input<typeof ChecklistCreateInput>;
export type JointChecklistCreateBody = z.input<typeof JointChecklistCreateInput>;
export type ItemCreateBody = z.input<typeof ItemCreateInput>;
export type ItemFieldsBody = z.input<typeof ItemFields>;
export type PublishBody = z.input<typeof PublishInput>;
export type ChecklistDiff = z.infer<typeof DiffResponse>;
export type JointSources = z.infer<typeof JointSourceList>;

export const CHECKLIST_PATHS: Readonly<Record<ChecklistKind, string>> = {
  department: '/api/directory/checklists',
  joint: '/api/directory/joint-checklists',
};
/** The web page of a list of each kind. */
export const CHECKLIST_PAGES: Readonly<Record<ChecklistKind, string>> = {
  department: '/directory/checklists',
  joint: '/directory/joint-checklists',
};

const KEY = 'checklists';

export const checklistsApi = defineResource<ChecklistRow, ChecklistCreateBody, { name: string }>({ key: KEY, path: CHECKLIST_PATHS.department });
export const jointChecklistsApi = defineResource<ChecklistRow, JointChecklistCreateBody, { name: string }>({ key: KEY, path: CHECKLIST_PATHS.joint });

const listUrl = (kind: ChecklistKind, id: string) => `${CHECKLIST_PATHS[kind]}/${encodeURIComponent(id)}`;
const versionUrl = (kind: ChecklistKind, id: string, version: number) => `${listUrl(kind, id)}/versions/${version}`;

export function useChecklist(kind: ChecklistKind, id: string) {
  return useQuery({ queryKey: [KEY, kind, id], queryFn: () => apiGet<ChecklistDetail>(listUrl(kind, id)) });
}

export function useChecklistVersion(kind: ChecklistKind, id: string, version: number | null) {
  return useQuery({
    queryKey: [KEY, kind, id, 'version', version],
    queryFn: () => apiGet<VersionDetail>(versionUrl(kind, id, version ?? 0)),
    enabled: version !== null,
  });
}

export function useChecklistDiff(kind: ChecklistKind, id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [KEY, kind, id, 'diff', from, to],
    queryFn: () => apiGet<ChecklistDiff>(`${versionUrl(kind, id, from ?? 0)}/diff/${to ?? 0}`),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useJointSources(id: string, version: number, enabled: boolean) {
  return useQuery({ queryKey: [KEY, 'joint', id, 'sources', version], queryFn: () => apiGet<JointSources>(`${versionUrl('joint', id, version)}/sources`), enabled });
}

/** Every change to a list: the mutation and the refresh of all checklist queries. */
function useChecklistMutation<A, R>(run: (args: A) => Promise<R>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: run, onSuccess: () => invalidate([KEY]) });
}

export function useChecklistActions(kind: ChecklistKind, id: string) {
  return {
    revise: useChecklistMutation(() => apiPost<VersionDetail>(`${listUrl(kind, id)}/versions`)),
    discard: useChecklistMutation((version: number) => apiDelete(versionUrl(kind, id, version))),
    publish: useChecklistMutation(({ version, body }: { version: number; body: PublishBody }) => apiPost<VersionDetail>(`${versionUrl(kind, id, version)}/publish`, body)),
    syncBase: useChecklistMutation((version: number) => apiPost<VersionDetail>(`${versionUrl(kind, id, version)}/sync-base`)),
    addItem: useChecklistMutation(({ version, body }: { version: number; body: ItemCreateBody }) => apiPost<ItemRow>(`${versionUrl(kind, id, version)}/items`, body)),
    updateItem: useChecklistMutation(({ version, itemId, body }: { version: number; itemId: string; body: ItemFieldsBody }) =>
      apiPut<ItemRow>(`${versionUrl(kind, id, version)}/items/${encodeURIComponent(itemId)}`, body)),
    deleteItem: useChecklistMutation(({ version, itemId }: { version: number; itemId: string }) => apiDelete(`${versionUrl(kind, id, version)}/items/${encodeURIComponent(itemId)}`)),
    reorder: useChecklistMutation(({ version, parentId, itemIds }: { version: number; parentId: string | null; itemIds: string[] }) =>
      apiPut<undefined>(`${versionUrl(kind, id, version)}/order`, { parentId, itemIds })),
    addSources: useChecklistMutation(({ version, sourceItemIds }: { version: number; sourceItemIds: string[] }) =>
      apiPost<VersionDetail>(`${versionUrl('joint', id, version)}/sources`, { sourceItemIds })),
  };
}

export function checklistExportUrl(kind: ChecklistKind, id: string, version: number): string {
  return downloadUrl(`${versionUrl(kind, id, version)}/export`);
}

export function checklistImportPath(id: string, version: number): string {
  return `${versionUrl('department', id, version)}/import`;
}

export const CHECKLIST_TEMPLATE_URL = `${CHECKLIST_PATHS.department}/import-template`;
