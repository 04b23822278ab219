/** 后续处置 (server/modules/follow_ups): the list, one follow-up, and its transitions. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CloseFollowUpInput, CreateFollowUpInput, FollowUpDetail, FollowUpRow, JudicialTransferInput, PlanFollowUpInput, TransferInput } from '../../../server/modules/follow_ups/schema';
import { apiGet, apiPost, apiPut } from './client';
import { defineResource, useInvalidate } from './resource';

export type { FollowUpDetail, FollowUpRow };
export type TransferBody = Omit<z.input<typeof TransferInput>, 'rowVersion'>;
export type JudicialTransferBody = Omit<z.input<typeof JudicialTransferInput>, 'rowVersion'>;
export type CloseBody = Omit<z.input<typeof CloseFollowUpInput>, 'rowVersion'>;
export type PlanBody = Omit<z.input<typeof PlanFollowUpInput>, 'rowVersion'>;
export type CreateFollowUpBody = z.input<typeof CreateFollowUpInput>;

const KEY = 'follow-ups';
const BASE = '/api/inspection/follow-ups';
const item = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

export const followUpsApi = defineResource<FollowUpRow, never, never>({ key: KEY, path: BASE, alsoInvalidates: ['todos'] });

export function useFollowUp(id: string | null) {
  return useQuery({ queryKey: [KEY, 'detail', id], queryFn: () => apiGet<FollowUpDetail>(item(id ?? '')), enabled: id !== null });
}

/** The follow-up of one result (the result drawer's section), or none. */
export function useFollowUpOfResult(resultId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'of-result', resultId],
    queryFn: async () => (await apiGet<{ rows: FollowUpRow[] }>(BASE, { resultId: resultId ?? '', pageSize: 1 })).rows[0] ?? null,
    enabled: resultId !== null && enabled,
  });
}

export function useReceiverOptions(id: string, enabled: boolean) {
  return useQuery({ queryKey: [KEY, 'receivers', id], queryFn: () => apiGet<{ id: string; name: string; regionCode: string }[]>(`${item(id)}/receiver-options`), enabled });
}

function useFollowUpMutation<A>(fn: (arg: A) => Promise<FollowUpDetail>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate([KEY, 'todos', 'inspection-results']) });
}

interface Versioned { id: string; rowVersion: number }

export const useCreateFollowUp = () => useFollowUpMutation((body: CreateFollowUpBody) => apiPost<FollowUpDetail>(BASE, body));
export const usePlanFollowUp = () => useFollowUpMutation(({ id, rowVersion, body }: Versioned & { body: PlanBody }) => apiPut<FollowUpDetail>(item(id), { rowVersion, ...body }));
export const useTransferFollowUp = () => useFollowUpMutation(({ id, rowVersion, body }: Versioned & { body: TransferBody }) => apiPost<FollowUpDetail>(`${item(id)}/transfer`, { rowVersion, ...body }));
export const useJudicialTransfer = () => useFollowUpMutation(({ id, rowVersion, body }: Versioned & { body: JudicialTransferBody }) => apiPost<FollowUpDetail>(`${item(id)}/transfer-judicial`, { rowVersion, ...body }));
export const useAcceptFollowUp = () => useFollowUpMutation(({ id, rowVersion }: Versioned) => apiPost<FollowUpDetail>(`${item(id)}/accept`, { rowVersion }));
export const useReturnFollowUp = () => useFollowUpMutation(({ id, rowVersion, reason }: Versioned & { reason: string }) => apiPost<FollowUpDetail>(`${item(id)}/return`, { rowVersion, reason }));
export const useResumeFollowUp = () => useFollowUpMutation(({ id, rowVersion }: Versioned) => apiPost<FollowUpDetail>(`${item(id)}/resume`, { rowVersion }));
export const useCloseFollowUp = () => useFollowUpMutation(({ id, rowVersion, body }: Versioned & { body: CloseBody }) => apiPost<FollowUpDetail>(`${item(id)}/close`, { rowVersion, ...body }));
