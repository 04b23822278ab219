/**
 * Hooks for 检查对象名录库: the list resource, one record, status changes, the GB/T 4754 industry table, and the
 * background import jobs (upload → poll the job → error file). Types come from server/modules/entities/schema.ts
 * and server/import/jobs.ts (type-only imports).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ImportJobView } from '../../../server/import/jobs';
import type { EntityDetail, EntityInput, EntityRow, EntityStatusInput } from '../../../server/modules/entities/schema';
import type { EntityTagOption } from '../../../server/modules/entity_tags/schema';
import { apiGet, apiPut, apiUpload, downloadUrl, type QueryParams } from './client';
import { defineResource, useInvalidate } from './resource';
import type { ImportMode } from './system';

export type { EntityDetail, EntityRow, ImportJobView };
export type EntityBody = z.input<typeof EntityInput>;
export type EntityUpdateBody = Omit<EntityBody, 'status'>;
export type EntityStatusBody = z.input<typeof EntityStatusInput>;

const ENTITIES = '/api/directory/entities';
const entityUrl = (id: string) => `${ENTITIES}/${encodeURIComponent(id)}`;

export const entitiesApi = defineResource<EntityRow, EntityBody, EntityUpdateBody>({ key: 'entities', path: ENTITIES, alsoInvalidates: ['entity'] });

export function useEntity(id: string | null) {
  return useQuery({ queryKey: ['entity', id], queryFn: () => apiGet<EntityDetail>(entityUrl(id ?? '')), enabled: id !== null });
}

export function useChangeEntityStatus() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: EntityStatusBody }) => apiPut<EntityDetail>(`${entityUrl(id)}/status`, body),
    onSuccess: () => invalidate(['entities', 'entity']),
  });
}

/** Export following the current filters; `format: 'csv'` for the cheaper CSV. */
export function entityExportUrl(filters: QueryParams, format: 'xlsx' | 'csv'): string {
  return downloadUrl(`${ENTITIES}/export`, { ...filters, format });
}

export interface IndustryOption {
  code: string;
  name: string;
  level: 'section' | 'division' | 'group' | 'class';
  isLeaf: boolean;
  path: { code: string; name: string }[];
}

export function fetchIndustries(parent: string | null, keyword?: string): Promise<IndustryOption[]> {
  return apiGet<IndustryOption[]>('/api/codes/industries', { parent: parent ?? undefined, keyword: keyword || undefined });
}

export function industryQueryKey(parent: string | null, keyword?: string) {
  return ['industries', parent ?? '', keyword ?? ''];
}

export function useEntityTagOptions() {
  return useQuery({ queryKey: ['entity-tags', 'options'], queryFn: () => apiGet<EntityTagOption[]>('/api/directory/entity-tags/options'), staleTime: 60_000 });
}

// ── import jobs ──

const JOBS = '/api/directory/import-jobs';

/** Where the entity import dialog sends the file and reads the job (components/import_job_dialog.tsx). */
export const ENTITY_IMPORT = {
  noun: '检查对象',
  templateUrl: `${ENTITIES}/import-template`,
  upload: (file: File, mode: ImportMode) => {
    const form = new FormData();
    form.append('file', file);
    return apiUpload<ImportJobView>(`${ENTITIES}/import`, form, { mode });
  },
  job: (id: string) => apiGet<ImportJobView>(`${JOBS}/${encodeURIComponent(id)}`),
  recent: () => apiGet<ImportJobView[]>(JOBS),
  errorFileUrl: (id: string) => downloadUrl(`${JOBS}/${encodeURIComponent(id)}/errors.xlsx`),
  invalidates: ['entities', 'entity'],
} as const;
