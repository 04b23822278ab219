/**
 * Hooks for 一单两库: 执法检查人员 (with 回避), 专家库, 专项库 (propose → confirm versions) and 两库确认.
 * Types come from the server's zod schemas (server/modules/{inspectors,experts,entity_tags,directory_confirmations}).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ConfirmationInput, ConfirmationOverview, ConfirmationRow, DirectorySettings, FreshnessReport, OverviewRow } from '../../../server/modules/directory_confirmations/schema';
import type {
  ConfirmInput, EntityTagCreateInput, EntityTagOption, EntityTagRow, EntityTagUpdateInput, MemberRow, ProposalPage, ProposeInput, TagVersionRow,
} from '../../../server/modules/entity_tags/schema';
import type { ExpertInput, ExpertRow } from '../../../server/modules/experts/schema';
import type { EntityChoice, InspectorFieldOptions, InspectorInput, InspectorRow, RecusalInput, RecusalRow } from '../../../server/modules/inspectors/schema';
import type { Page } from '../../../server/http/paging';
import { apiGet, apiPost, apiPut, downloadUrl, type QueryParams } from './client';
import { defineResource, useInvalidate } from './resource';

export type { ConfirmationOverview, OverviewRow };
export type { ConfirmationRow, EntityTagOption, EntityTagRow, ExpertRow, FreshnessReport, InspectorRow, MemberRow, ProposalPage, RecusalRow, TagVersionRow };
export type InspectorBody = z.input<typeof InspectorInput>;
export type ExpertBody = z.input<typeof ExpertInput>;
export type RecusalBody = z.input<typeof RecusalInput>;
export type EntityTagCreateBody = z.input<typeof EntityTagCreateInput>;
export type EntityTagUpdateBody = z.input<typeof EntityTagUpdateInput>;
export type ProposeBody = z.input<typeof ProposeInput>;
export type ConfirmBody = z.input<typeof ConfirmInput>;
export type ConfirmationBody = z.input<typeof ConfirmationInput>;
export type FieldOptions = z.infer<typeof InspectorFieldOptions>;
export type EntityChoiceRow = z.infer<typeof EntityChoice>;
export type Settings = z.infer<typeof DirectorySettings>;

const INSPECTORS = '/api/directory/inspectors';
const TAGS = '/api/directory/entity-tags';

export const inspectorsApi = defineResource<InspectorRow, InspectorBody>({ key: 'inspectors', path: INSPECTORS });
export const expertsApi = defineResource<ExpertRow, ExpertBody>({ key: 'experts', path: '/api/directory/experts' });
export const entityTagsApi = defineResource<EntityTagRow, EntityTagCreateBody, EntityTagUpdateBody>({ key: 'entity-tags', path: TAGS });
export const confirmationsApi = defineResource<ConfirmationRow, ConfirmationBody>({ key: 'directory-confirmations', path: '/api/directory/confirmations', alsoInvalidates: ['directory-freshness'] });

export function useInspectorFieldOptions() {
  return useQuery({ queryKey: ['inspectors', 'field-options'], queryFn: () => apiGet<FieldOptions>(`${INSPECTORS}/field-options`), staleTime: 60_000 });
}

/** Whose 回避 declarations: an inspector's (…/recusals) or an expert's (…/conflicts); same input, same rows but the owner id. */
export type RecusalOwner = 'inspectors' | 'experts';
/** A declaration as the drawer shows it, for either owner. */
export type DeclarationRow = Omit<RecusalRow, 'inspectorId'>;
const declarationsUrl = (owner: RecusalOwner, id: string) => `/api/directory/${owner}/${encodeURIComponent(id)}/${owner === 'inspectors' ? 'recusals' : 'conflicts'}`;

export function useRecusals(owner: RecusalOwner, ownerId: string | null) {
  return useQuery({
    queryKey: [owner, 'recusals', ownerId],
    queryFn: () => apiGet<DeclarationRow[]>(declarationsUrl(owner, ownerId ?? '')),
    enabled: ownerId !== null,
  });
}

export function fetchEntityChoices(owner: RecusalOwner, ownerId: string, keyword: string): Promise<EntityChoiceRow[]> {
  return apiGet<EntityChoiceRow[]>(`/api/directory/${owner}/${encodeURIComponent(ownerId)}/entity-choices`, { keyword });
}

export function useDeclareRecusal(owner: RecusalOwner, ownerId: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: RecusalBody) => apiPost<DeclarationRow>(declarationsUrl(owner, ownerId), body), onSuccess: () => invalidate([owner]) });
}

export function useWithdrawRecusal(owner: RecusalOwner, ownerId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string | null }) => apiPost<DeclarationRow>(`${declarationsUrl(owner, ownerId)}/${encodeURIComponent(id)}/withdraw`, { reason }),
    onSuccess: () => invalidate([owner]),
  });
}

const tagUrl = (id: string) => `${TAGS}/${encodeURIComponent(id)}`;

export function useEntityTag(id: string) {
  return useQuery({ queryKey: ['entity-tags', 'detail', id], queryFn: () => apiGet<EntityTagRow>(tagUrl(id)) });
}

export function useTagVersions(id: string) {
  return useQuery({ queryKey: ['entity-tags', 'versions', id], queryFn: () => apiGet<TagVersionRow[]>(`${tagUrl(id)}/versions`) });
}

export function useTagMembers(id: string, version: number | null, params: QueryParams) {
  return useQuery({
    queryKey: ['entity-tags', 'members', id, version, params],
    queryFn: () => apiGet<Page<MemberRow>>(`${tagUrl(id)}/versions/${version ?? 0}/members`, params),
    enabled: version !== null,
    placeholderData: keepPreviousData,
  });
}

export function tagMembersExportUrl(id: string, version: number): string {
  return downloadUrl(`${tagUrl(id)}/versions/${version}/members/export`);
}

/** Proposals are a POST (the criteria are a body) but change nothing: a mutation the page calls per page. */
export function usePropose(id: string) {
  return useMutation({ mutationFn: (body: ProposeBody) => apiPost<ProposalPage>(`${tagUrl(id)}/propose`, body) });
}

export function useConfirmTagVersion(id: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: ConfirmBody) => apiPost<TagVersionRow>(`${tagUrl(id)}/versions`, body), onSuccess: () => invalidate(['entity-tags']) });
}

export function useFreshness(departmentId: string | undefined) {
  return useQuery({
    queryKey: ['directory-freshness', departmentId ?? 'own'],
    queryFn: () => apiGet<FreshnessReport>('/api/directory/freshness', { departmentId }),
    retry: false,
  });
}

/** 各部门两库确认情况: every department of the caller's scope, confirmed, due or overdue. */
export function useConfirmationOverview(status: OverviewRow['status'] | undefined) {
  return useQuery({
    queryKey: ['directory-freshness', 'overview', status ?? 'all'],
    queryFn: () => apiGet<ConfirmationOverview>('/api/directory/confirmations/overview', { status }),
    placeholderData: keepPreviousData,
  });
}

export function useDirectorySettings() {
  return useQuery({ queryKey: ['directory-settings'], queryFn: () => apiGet<Settings>('/api/directory/settings') });
}

export function useUpdateDirectorySettings() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: Settings) => apiPut<Settings>('/api/directory/settings', body), onSuccess: () => invalidate(['directory-settings', 'directory-freshness']) });
}
