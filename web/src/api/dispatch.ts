/** 派发、检查人员匹配与替换 (server/modules/dispatch, server/modules/matching). */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DispatchRow, DispatchTaskRow, MergeOffer, TaskObjectRow } from '../../../server/modules/dispatch/schema';
import type { Appointment, AppointmentCandidate, ExpertReplacementInput, MatchingRunInput, MatchingSummary, ReplacementRequestInput, ReplacementRow, TeamExpertRow } from '../../../server/modules/matching/schema';
import { apiGet, apiPost } from './client';
import { useInvalidate } from './resource';

export type { AppointmentCandidate, DispatchRow, DispatchTaskRow, MatchingSummary, MergeOffer, ReplacementRow, TaskObjectRow, TeamExpertRow };
export type ExpertReplacementBody = z.input<typeof ExpertReplacementInput>;
export type ReplacementRequestBody = z.input<typeof ReplacementRequestInput>;
export type MatchingRunBody = z.input<typeof MatchingRunInput>;
/** 直接委派: one drawn object → one inspector of the task's departments. */
export type AppointmentBody = z.input<typeof Appointment>;

const KEY = 'dispatch';
const task = (id: string) => `/api/workflow/tasks/${id}`;

export function useDispatchTasks() {
  return useQuery({ queryKey: [KEY, 'tasks'], queryFn: () => apiGet<DispatchTaskRow[]>('/api/workflow/dispatch/tasks') });
}

export function useTaskDispatches(id: string) {
  return useQuery({ queryKey: [KEY, id, 'dispatches'], queryFn: () => apiGet<DispatchRow[]>(`${task(id)}/dispatches`) });
}

export function useTaskObjects(id: string) {
  return useQuery({ queryKey: [KEY, id, 'objects'], queryFn: () => apiGet<TaskObjectRow[]>(`${task(id)}/objects`) });
}

export function useMergeOffers(id: string) {
  return useQuery({ queryKey: [KEY, id, 'offers'], queryFn: () => apiGet<MergeOffer[]>(`${task(id)}/merge-offers`) });
}

export function useMatching(id: string) {
  return useQuery({ queryKey: [KEY, id, 'matching'], queryFn: () => apiGet<MatchingSummary | null>(`${task(id)}/matching`) });
}

export function useReplacements(id: string) {
  return useQuery({ queryKey: [KEY, id, 'replacements'], queryFn: () => apiGet<ReplacementRow[]>(`${task(id)}/replacements`) });
}

/** 直接委派: the on-duty inspectors of the task's departments (joint partners included), only where the task declared it. */
export function useAppointmentCandidates(id: string, enabled: boolean) {
  return useQuery({ queryKey: [KEY, id, 'appointment-candidates'], queryFn: () => apiGet<AppointmentCandidate[]>(`${task(id)}/appointment-candidates`), enabled });
}

/** Every write of the page refreshes the whole task view. */
function useTaskMutation<A>(fn: (arg: A) => Promise<unknown>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate([KEY]) });
}

export const useDispatch = (id: string) => useTaskMutation(() => apiPost(`${task(id)}/dispatch`));
export const useConfirmDispatch = (id: string) => useTaskMutation((departmentId: string) => apiPost(`${task(id)}/dispatches/${departmentId}/confirm`));
export const useMerge = (id: string) => useTaskMutation(({ objectId, otherObjectIds }: { objectId: string; otherObjectIds: string[] }) => apiPost(`${task(id)}/objects/${objectId}/merge`, { otherObjectIds }));
export const useRunMatching = (id: string) => useTaskMutation((body: MatchingRunBody) => apiPost<MatchingSummary>(`${task(id)}/matching`, body));
export const useRequestReplacement = (id: string) => useTaskMutation((body: ReplacementRequestBody) => apiPost<ReplacementRow>(`${task(id)}/replacements`, body));
export const useDecideReplacement = () => useTaskMutation(({ id, approve, rowVersion, comment }: { id: string; approve: boolean; rowVersion: number; comment?: string }) =>
  apiPost<ReplacementRow>(`/api/workflow/replacements/${id}/${approve ? 'approve' : 'reject'}`, approve ? { rowVersion } : { rowVersion, comment }));
export const useReplaceExpert = (id: string) => useTaskMutation((body: ExpertReplacementBody) => apiPost<ReplacementRow>(`${task(id)}/expert-replacements`, body));
export const useGoneObject = (id: string) => useTaskMutation((objectId: string) => apiPost(`${task(id)}/objects/${objectId}/gone`, {}));

export const matchingRecordUrl = (id: string) => `${task(id)}/matching/record`;
