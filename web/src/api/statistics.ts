/** 统计分析与考核 (server/modules/statistics): the dashboard, the downloads and the per-region weights. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Dashboard, ProblemRow, StatisticsTable, UnitRow, WeightsView, WorkloadView } from '../../../server/modules/statistics/schema';
import { apiGet, apiPut, downloadUrl } from './client';
import { useInvalidate } from './resource';

export type { Dashboard, ProblemRow, StatisticsTable, UnitRow, WeightsView, WorkloadView };
export type Weights = WeightsView['weights'];

export const STATISTICS_KEY = 'statistics';
const BASE = '/api/statistics';

export interface StatisticsFilter {
  readonly year: number;
  readonly regionCode?: string | undefined;
  readonly departmentId?: string | undefined;
}

const params = (f: StatisticsFilter) => ({ year: f.year, regionCode: f.regionCode, departmentId: f.departmentId });

export function useDashboard(filter: StatisticsFilter) {
  return useQuery({
    queryKey: [STATISTICS_KEY, 'dashboard', filter.year, filter.regionCode ?? null, filter.departmentId ?? null],
    queryFn: () => apiGet<Dashboard>(`${BASE}/dashboard`, params(filter)),
  });
}

export function exportTableUrl(table: StatisticsTable, filter: StatisticsFilter): string {
  return downloadUrl(`${BASE}/export`, { ...params(filter), table });
}

export function yearReportUrl(filter: StatisticsFilter): string {
  return downloadUrl(`${BASE}/report.docx`, params(filter));
}

export function useWeights(regionCode: string | null) {
  return useQuery({
    queryKey: [STATISTICS_KEY, 'weights', regionCode],
    queryFn: () => apiGet<WeightsView>(`${BASE}/weights/${encodeURIComponent(regionCode ?? '')}`),
    enabled: regionCode !== null,
  });
}

export function useSaveWeights(regionCode: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (weights: Weights) => apiPut<WeightsView>(`${BASE}/weights/${encodeURIComponent(regionCode)}`, weights),
    onSuccess: () => invalidate([STATISTICS_KEY]),
  });
}
