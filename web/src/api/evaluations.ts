/**
 * 检查对象满意度评价 (server/modules/evaluations; issue #11 item 3): the entity's summary (inspections this year against
 * the cap, what it has evaluated) and its evaluation of one published result; the staff's aggregates.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EntitySummary, EvaluationAggregates, EvaluationInput, EvaluationState } from '../../../server/modules/evaluations/schema';
import { apiGet, apiPost } from './client';
import { useInvalidate } from './resource';

export type { EntitySummary, EvaluationAggregates, EvaluationState };
export type EvaluationBody = z.input<typeof EvaluationInput>;

/** Same key prefix as the entity's other queries (web/src/api/objections.ts): signing in or out refreshes it. */
const ENTITY_KEY = 'entity-portal';

export function useEntitySummary(enabled: boolean) {
  return useQuery({ queryKey: [ENTITY_KEY, 'summary'], queryFn: () => apiGet<EntitySummary>('/api/entity/summary'), enabled });
}

export function useEvaluate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ resultId, body }: { resultId: string; body: EvaluationBody }) =>
      apiPost<EvaluationState>(`/api/entity/results/${encodeURIComponent(resultId)}/evaluation`, body),
    onSuccess: () => invalidate([ENTITY_KEY]),
  });
}

export function useEvaluationAggregates(filter: { year: number; regionCode?: string | undefined }) {
  return useQuery({
    queryKey: ['statistics', 'evaluations', filter.year, filter.regionCode ?? null],
    queryFn: () => apiGet<EvaluationAggregates>('/api/statistics/evaluations', { year: filter.year, regionCode: filter.regionCode }),
  });
}
