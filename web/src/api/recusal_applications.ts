/** 回避申请 (server/modules/recusal_applications): the list, the applicant's choices, and the head's decisions. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EntityChoice } from '../../../server/modules/inspectors/schema';
import type { RecusalApplicant, RecusalApplicationInput, RecusalApplicationRow } from '../../../server/modules/recusal_applications/schema';
import { apiGet, apiPost } from './client';
import { defineResource, useInvalidate } from './resource';

export type { RecusalApplicant, RecusalApplicationRow };
export type RecusalApplicationBody = z.input<typeof RecusalApplicationInput>;

const PATH = '/api/directory/recusal-applications';

export const recusalApplicationsApi = defineResource<RecusalApplicationRow, RecusalApplicationBody, never>({ key: 'recusal-applications', path: PATH, alsoInvalidates: ['inspectors', 'todos'] });

/** The applicant (the caller's own inspector record, or the one a 部门管理员 picked) and its team places. */
export function useRecusalApplicant(inspectorId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['recusal-applications', 'applicant', inspectorId ?? 'self'],
    queryFn: () => apiGet<RecusalApplicant>(`${PATH}/applicant`, { inspectorId }),
    enabled,
    retry: false,
  });
}

export function fetchRecusalEntityChoices(inspectorId: string | undefined, keyword: string): Promise<z.infer<typeof EntityChoice>[]> {
  return apiGet(`${PATH}/entity-choices`, { inspectorId, keyword });
}

export function useDecideRecusal() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ row, decision, comment }: { row: RecusalApplicationRow; decision: 'approve' | 'reject'; comment: string | null }) =>
      apiPost<RecusalApplicationRow>(`${PATH}/${encodeURIComponent(row.id)}/${decision}`, { rowVersion: row.rowVersion, comment }),
    onSuccess: () => invalidate(['recusal-applications', 'inspectors', 'todos']),
  });
}
