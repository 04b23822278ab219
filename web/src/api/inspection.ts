/** 检查实施与结果 (server/modules/results): the inspector's objects and result entry, the department's review and publication. */
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApproveInput, AttachmentView, CorrectionInput, CorrectionView, MyObjectRow, ObjectDetail, ObjectItem, ResultDetail, ResultInput, ResultRow, ResultView, TaskPublishResult,
} from '../../../server/modules/results/schema';
import { cachedGet } from '../offline/offline_cache';
import { apiGet, apiPost, apiPut, apiUpload } from './client';
import { defineResource, useInvalidate } from './resource';

export type { AttachmentView, CorrectionView, MyObjectRow, ObjectDetail, ObjectItem, ResultDetail, ResultRow, ResultView };
/** What the web sends (the schemas' input side: optional notes may be left out). */
export type ResultBody = z.input<typeof ResultInput>;
export type CorrectionBody = z.input<typeof CorrectionInput>;
interface MyObjectsView { rows: MyObjectRow[] }
export type ApproveBody = Omit<z.input<typeof ApproveInput>, 'rowVersion'>;
export type WithheldField = NonNullable<ResultView['withheld']>['fields'][number];

export const INSPECTION_KEY = 'inspection';
const BASE = '/api/inspection';

/**
 * 我的检查: asked even without a connection (networkMode 'always'), so the kept answer of the day is shown offline.
 * The answer carries `offlineSince` when it came from the device.
 */
export function useMyObjects() {
  return useQuery({
    queryKey: [INSPECTION_KEY, 'my-objects'],
    queryFn: () => cachedGet('my-objects', () => apiGet<MyObjectsView>(`${BASE}/my-objects`)),
    networkMode: 'always',
  });
}

/** One object with its team, items and result; kept on the device like the list. */
export function objectQuery(taskObjectId: string) {
  return queryOptions({
    queryKey: [INSPECTION_KEY, 'object', taskObjectId],
    queryFn: () => cachedGet(`object:${taskObjectId}`, () => apiGet<ObjectDetail>(`${BASE}/objects/${encodeURIComponent(taskObjectId)}`)),
    networkMode: 'always',
  });
}

export function useInspectionObject(taskObjectId: string) {
  return useQuery(objectQuery(taskObjectId));
}

/** 保存草稿 on the server (the device keeps its own draft as the user types). */
export function useSaveResultDraft(taskObjectId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ResultBody & { rowVersion: number | null }) => apiPut<ResultView>(`${BASE}/objects/${encodeURIComponent(taskObjectId)}/result`, body),
    onSuccess: () => invalidate([INSPECTION_KEY]),
  });
}

/** The one call the outbox replays: the same clientId answers the same result. */
export function postSubmission(body: { clientId: string; taskObjectId: string; result: ResultBody }): Promise<ResultView> {
  return apiPost<ResultView>(`${BASE}/submissions`, body);
}

/** A photo (or other attachment); the fields come before the file, as the multipart reader expects. */
export function postAttachment(input: { clientId: string; taskObjectId: string; kind: AttachmentView['kind']; blob: Blob; fileName: string }): Promise<AttachmentView> {
  const form = new FormData();
  form.append('clientId', input.clientId);
  form.append('kind', input.kind);
  form.append('file', input.blob, input.fileName);
  return apiUpload<AttachmentView>(`${BASE}/objects/${encodeURIComponent(input.taskObjectId)}/attachments`, form);
}

export function attachmentUrl(id: string): string {
  return `${BASE}/attachments/${encodeURIComponent(id)}`;
}

/** 检查结果 (department side): list with the server's paged shape. */
export const resultsApi = defineResource<ResultRow, never, never>({ key: 'inspection-results', path: `${BASE}/results`, alsoInvalidates: [INSPECTION_KEY] });

export function useResultDetail(id: string | null) {
  return useQuery({
    queryKey: ['inspection-results', 'detail', id],
    queryFn: () => apiGet<ResultDetail>(`${BASE}/results/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
  });
}

function useResultMutation<A>(fn: (arg: A) => Promise<unknown>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: () => invalidate(['inspection-results', INSPECTION_KEY]) });
}

const result = (id: string) => `${BASE}/results/${encodeURIComponent(id)}`;

export const useReturnResult = () => useResultMutation(({ id, rowVersion, comments }: { id: string; rowVersion: number; comments: string }) => apiPost<ResultView>(`${result(id)}/return`, { rowVersion, comments }));
export const useApproveResult = () => useResultMutation(({ id, rowVersion, body }: { id: string; rowVersion: number; body: ApproveBody }) => apiPost<ResultView>(`${result(id)}/approve`, { rowVersion, ...body }));
export const usePublishResult = () => useResultMutation(({ id, rowVersion }: { id: string; rowVersion: number }) => apiPost<ResultView>(`${result(id)}/publish`, { rowVersion }));
export const usePublishResults = () => useResultMutation((ids: string[]) => apiPost(`${BASE}/results/publish`, { ids }));
/**
 * 公示本任务全部已通过结果 with the count the page showed (`expected`). The list refreshes whatever the answer: a 409
 * VERSION_CONFLICT means the count changed meanwhile, and the user retries on the fresh list.
 */
export function usePublishTaskResults() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ taskId, expected }: { taskId: string; expected: number }) => apiPost<z.infer<typeof TaskPublishResult>>(`${BASE}/tasks/${encodeURIComponent(taskId)}/results/publish`, { expected }),
    onSettled: () => invalidate(['inspection-results', INSPECTION_KEY]),
  });
}
export const useRequestCorrection = () => useResultMutation(({ id, body }: { id: string; body: CorrectionBody }) => apiPost<CorrectionView>(`${result(id)}/corrections`, body));
export const useDecideCorrection = () => useResultMutation(({ id, approve, rowVersion, comments }: { id: string; approve: boolean; rowVersion: number; comments: string }) =>
  apiPost<CorrectionView>(`${BASE}/corrections/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, { rowVersion, comments }));
