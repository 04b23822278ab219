/**
 * The draw ceremony (随机抽取, issue #9 item 5): list, detail, the ceremony's writes and the public
 * commitment/receipt. Types come from the server's zod schemas (server/modules/draws/schema.ts); every
 * write answers the updated DrawDetail, which replaces the cached one.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttemptListDocument, CommitDrawInput, DrawDetail, DrawObjectPage, DrawObjectRow, DrawPage, DrawRow, EnterSourceValuesInput,
  PublicCommitment, PublicReceipt, StartDrawInput, VoidDrawInput,
} from '../../../server/modules/draws/schema';
import type { Page } from '../../../server/http/paging';
import { apiGet, apiPost, downloadUrl, type QueryParams } from './client';
import { useInvalidate, type ResourceApi } from './resource';

export type { AttemptListDocument, DrawDetail, DrawObjectPage, DrawObjectRow, DrawRow, PublicCommitment, PublicReceipt };
export type CommitBody = z.input<typeof CommitDrawInput>;
export type SourceValuesBody = z.input<typeof EnterSourceValuesInput>;
export type VoidBody = z.input<typeof VoidDrawInput>;
export type StartBody = z.input<typeof StartDrawInput>;
export type DrawEvent = DrawRow['actions'][number];
export type DrawStatus = DrawRow['status'];

const DRAWS = '/api/draws';
const KEY = 'draws';
const drawUrl = (id: string) => `${DRAWS}/${encodeURIComponent(id)}`;

export function fetchDraws(params: QueryParams): Promise<Page<DrawRow>> {
  return apiGet<DrawPage>(DRAWS, params);
}

export function useDrawList(params: QueryParams, enabled = true) {
  return useQuery({ queryKey: [KEY, 'list', params], queryFn: () => fetchDraws(params), placeholderData: keepPreviousData, enabled });
}

function useStartDraw() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (body: StartBody) => apiPost<DrawDetail>(DRAWS, body), onSuccess: () => invalidate([KEY, 'tasks']) });
}

/** The ListPage's view of draws: a list and 开始抽取; there is no edit or delete of a draw (作废 is its own event). */
export const drawsApi: ResourceApi<DrawRow, StartBody, never> = {
  key: KEY,
  path: DRAWS,
  useList: useDrawList,
  useCreate: useStartDraw,
  // ListPage calls every hook; without update/delete permissions it shows no button that would reach these.
  useUpdate() { return useMutation({ mutationFn: () => Promise.reject(new Error('抽取没有修改操作')) }); },
  useRemove() { return useMutation({ mutationFn: () => Promise.reject(new Error('抽取不能删除，只能作废')) }); },
  exportUrl: () => DRAWS,
};

export { useStartDraw };

/**
 * One draw; while a ceremony is under way (another screen may confirm presence or enter values), it is
 * re-read every few seconds so the projector and the supervisor's page follow without a reload.
 */
export function useDraw(id: string | undefined, live = false) {
  return useQuery({
    queryKey: [KEY, 'detail', id],
    queryFn: () => apiGet<DrawDetail>(drawUrl(id ?? '')),
    enabled: Boolean(id),
    refetchInterval: (query) => (live && query.state.data && !['published', 'void'].includes(query.state.data.status) ? 3000 : false),
  });
}

export function useDrawObjects(id: string, reserve: boolean, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [KEY, 'objects', id, reserve, page, pageSize],
    queryFn: () => apiGet<DrawObjectPage>(`${drawUrl(id)}/objects`, { reserve: String(reserve), page, pageSize }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

type Write =
  | { readonly kind: 'commit'; readonly body: CommitBody }
  | { readonly kind: 'presence' | 'execute' | 'publish'; readonly body: { rowVersion: number } }
  | { readonly kind: 'source-values'; readonly body: SourceValuesBody }
  | { readonly kind: 'void'; readonly body: VoidBody };

/** The ceremony's writes on one draw: each answers the updated draw, put straight into the cache. */
export function useDrawWrite(id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (write: Write) => apiPost<DrawDetail>(`${drawUrl(id)}/${write.kind}`, write.body),
    onSuccess: async (draw) => {
      client.setQueryData([KEY, 'detail', id], draw);
      await invalidate([KEY, 'tasks']);
    },
  });
}

export const drawDownloads = {
  receipt: (id: string) => downloadUrl(`${drawUrl(id)}/receipt`),
  pool: (id: string) => downloadUrl(`${drawUrl(id)}/pool.csv`),
  ledger: (id: string) => downloadUrl(`${drawUrl(id)}/ledger`),
  attempts: (taskId: string) => downloadUrl(`/api/public/tasks/${encodeURIComponent(taskId)}/attempts`),
};

const publicDrawUrl = (id: string) => `/api/public/draws/${encodeURIComponent(id)}`;

export function usePublicCommitment(id: string) {
  return useQuery({ queryKey: ['public', 'draw-commitment', id], queryFn: () => apiGet<PublicCommitment>(`${publicDrawUrl(id)}/commitment`), retry: false });
}

/** The public receipt exists only once published: a 404/409 before that is an answer, not a failure to retry. */
export function usePublicReceipt(id: string) {
  return useQuery({ queryKey: ['public', 'draw-receipt', id], queryFn: () => apiGet<PublicReceipt>(`${publicDrawUrl(id)}/receipt`), retry: false });
}
