/**
 * The 公示 portal's data (no login): results with corrections, published plans and tasks, matching records, the
 * audit checkpoints and the open-data index. Types come from the server's zod schemas.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Page } from '../../../server/http/paging';
import type { PublicMatching } from '../../../server/modules/matching/schema';
import type { z } from 'zod';
import type { OpenDataIndex, OpenDataManifest, PublicPlanRow, PublicTaskDetail, PublicTaskRow } from '../../../server/modules/portal/schema';
import type { PublicResultRow } from '../../../server/modules/results/schema';
import { apiGet, type QueryParams } from './client';

export type { OpenDataManifest, PublicMatching, PublicPlanRow, PublicResultRow, PublicTaskDetail, PublicTaskRow };

export interface PublicCheckpoint {
  format: string;
  seq: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
}

export type OpenDataRow = z.infer<typeof OpenDataIndex>['rows'][number];

const list = <T,>(key: string, url: string, filters: QueryParams) => ({
  queryKey: ['public', key, filters],
  queryFn: () => apiGet<Page<T>>(url, { ...filters }),
  placeholderData: keepPreviousData,
});

/** Results search: keyword (entity name) or creditCode; nothing is listed before a search. A common keyword's total is a lower bound. */
export function usePublicResults(filters: QueryParams, enabled: boolean) {
  return useQuery({
    queryKey: ['public', 'results', filters], enabled, placeholderData: keepPreviousData,
    queryFn: () => apiGet<Page<PublicResultRow> & { totalIsLowerBound?: boolean }>('/api/public/results', { ...filters }),
  });
}

export function usePublicPlans(filters: QueryParams) {
  return useQuery(list<PublicPlanRow>('plans', '/api/public/plans', filters));
}

export function usePublicTasks(filters: QueryParams) {
  return useQuery(list<PublicTaskRow>('tasks', '/api/public/tasks', filters));
}

export function usePublicTask(id: string) {
  return useQuery({ queryKey: ['public', 'task', id], queryFn: () => apiGet<PublicTaskDetail>(`/api/public/tasks/${encodeURIComponent(id)}`), retry: false });
}

export function usePublicMatching(taskId: string, enabled: boolean) {
  return useQuery({ queryKey: ['public', 'matching', taskId], queryFn: () => apiGet<PublicMatching>(`/api/public/matching/${encodeURIComponent(taskId)}`), enabled, retry: false });
}

export function usePublicCheckpoints(filters: QueryParams) {
  return useQuery(list<PublicCheckpoint>('checkpoints', '/api/public/audit/checkpoints', filters));
}

export function useCheckpointKey() {
  return useQuery({ queryKey: ['public', 'checkpoint-key'], queryFn: () => apiGet<{ keyId: string; publicKeyBase64: string; publicKeyPem: string }>('/api/public/audit/checkpoint-key'), retry: false, staleTime: 5 * 60_000 });
}

export function useOpenDataIndex() {
  return useQuery({ queryKey: ['public', 'open-data'], queryFn: () => apiGet<z.infer<typeof OpenDataIndex>>('/api/public/open-data'), staleTime: 60_000 });
}

/** Every year × department file with its rows, bytes and SHA-256 (docs/open-data.md). */
export function useOpenDataManifest() {
  return useQuery({ queryKey: ['public', 'open-data-manifest'], queryFn: () => apiGet<OpenDataManifest>('/api/public/open-data/manifest'), staleTime: 60_000 });
}

export function openDataUrl(format: 'csv' | 'json', year: number, departmentId?: string): string {
  const q = new URLSearchParams({ year: String(year), ...(departmentId ? { departmentId } : {}) });
  return `/api/public/open-data/results.${format}?${q.toString()}`;
}
