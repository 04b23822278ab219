/**
 * The public pages' data (no login): the lists in force (抽查事项清单公示) and the inspector directory (执法检查人员名录公示).
 * Types come from the server's zod schemas (server/modules/checklists, server/modules/inspectors).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PublicChecklist, PublicChecklistRegion } from '../../../server/modules/checklists/schema';
import type { PublicInspectorRow } from '../../../server/modules/inspectors/schema';
import type { Page } from '../../../server/http/paging';
import { apiGet, type QueryParams } from './client';

export type { PublicChecklist, PublicChecklistRegion, PublicInspectorRow };

export function usePublicChecklistRegions() {
  return useQuery({ queryKey: ['public', 'checklist-regions'], queryFn: () => apiGet<PublicChecklistRegion[]>('/api/public/checklist-regions'), staleTime: 5 * 60_000 });
}

export function usePublicChecklists(regionCode: string | null) {
  return useQuery({
    queryKey: ['public', 'checklists', regionCode],
    queryFn: () => apiGet<PublicChecklist[]>('/api/public/checklists', { regionCode }),
    enabled: regionCode !== null,
    staleTime: 60_000,
  });
}

export function usePublicInspectorDepartments() {
  return useQuery({ queryKey: ['public', 'inspector-departments'], queryFn: () => apiGet<{ id: string; name: string }[]>('/api/public/inspector-departments'), staleTime: 5 * 60_000 });
}

/** The URL's filters (name, departmentId) and page. */
export function usePublicInspectors(filters: QueryParams) {
  return useQuery({
    queryKey: ['public', 'inspectors', filters],
    queryFn: () => apiGet<Page<PublicInspectorRow>>('/api/public/inspectors', { ...filters }),
    placeholderData: keepPreviousData,
  });
}
