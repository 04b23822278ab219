/**
 * Hooks for 年度抽查计划 (server/modules/plans): the list, one plan, its versions, transitions, the item
 * picker, the region's approval chains and due dates, and the regional joint plan. Types come from the
 * server's zod schemas.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ChainSettings, ChainSettingsInput, JointSummary, PickerList, PlanContentInput, PlanCreateInput, PlanDepartmentList, PlanDetail, PlannedTaskInput, PlanRow,
  PlanUpdateInput, VersionRow,
} from '../../../server/modules/plans/schema';
import { apiGet, apiPost, apiPut, downloadUrl } from './client';
import { defineResource, useInvalidate } from './resource';

export type { PlanDetail, PlanRow, VersionRow };
export type PlanCreateBody = z.input<typeof PlanCreateInput>;
export type PlanUpdateBody = z.input<typeof PlanUpdateInput>;
export type PlanContentBody = z.input<typeof PlanContentInput>;
export type PlannedTaskBody = z.input<typeof PlannedTaskInput>;
export type PickerLists = z.infer<typeof PickerList>;
export type ChainSettingsData = z.infer<typeof ChainSettings>;
export type ChainSettingsBody = z.input<typeof ChainSettingsInput>;
export type JointSummaryData = JointSummary;
export type PlanDepartments = z.infer<typeof PlanDepartmentList>;

const KEY = 'plans';
export const PLAN_PATH = '/api/workflow/plans';
export const PLAN_PAGE = '/workflow/plans';

export const plansApi = defineResource<PlanRow, PlanCreateBody, PlanUpdateBody>({ key: KEY, path: PLAN_PATH });

export function usePlan(id: string) {
  return useQuery({ queryKey: [KEY, 'detail', id], queryFn: () => apiGet<PlanDetail>(`${PLAN_PATH}/${encodeURIComponent(id)}`), enabled: id !== '' });
}

export function usePlanVersions(id: string) {
  return useQuery({ queryKey: [KEY, 'versions', id], queryFn: () => apiGet<VersionRow[]>(`${PLAN_PATH}/${encodeURIComponent(id)}/versions`) });
}

export type PlanAction = 'submit' | 'withdraw' | 'approve' | 'return' | 'adjust' | 'void';

export function usePlanAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ action, body }: { action: PlanAction; body: Record<string, unknown> }) => apiPost<PlanDetail>(`${PLAN_PATH}/${encodeURIComponent(id)}/${action}`, body),
    onSuccess: () => invalidate([KEY]),
  });
}

export function useSavePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: PlanCreateBody | PlanUpdateBody }) => (id === null
      ? apiPost<PlanDetail>(PLAN_PATH, body)
      : apiPut<PlanDetail>(`${PLAN_PATH}/${encodeURIComponent(id)}`, body)),
    onSuccess: () => invalidate([KEY]),
  });
}

export function useChecklistPicker(departmentIds: readonly string[]) {
  const ids = [...departmentIds].sort().join(',');
  return useQuery({ queryKey: [KEY, 'picker', ids], queryFn: () => apiGet<PickerLists>('/api/workflow/plan-checklist-items', { departmentIds: ids }), enabled: ids !== '' });
}

export function usePlanDepartments() {
  return useQuery({ queryKey: [KEY, 'departments'], queryFn: () => apiGet<PlanDepartments>('/api/workflow/plan-departments') });
}

export function useChainSettings(regionCode: string | null) {
  return useQuery({
    queryKey: ['chain-settings', regionCode], queryFn: () => apiGet<ChainSettingsData>(`/api/workflow/chain-settings/${regionCode ?? ''}`), enabled: regionCode !== null,
  });
}

export function useSaveChainSettings(regionCode: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ChainSettingsBody) => apiPut<ChainSettingsData>(`/api/workflow/chain-settings/${regionCode}`, body),
    onSuccess: () => invalidate(['chain-settings']),
  });
}

export function useJointSummary(year: number) {
  return useQuery({ queryKey: [KEY, 'joint-summary', year], queryFn: () => apiGet<JointSummary>('/api/workflow/joint-plan-summary', { year }) });
}

export function jointSummaryExportUrl(year: number): string {
  return downloadUrl('/api/workflow/joint-plan-summary/export', { year });
}
