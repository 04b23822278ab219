/**
 * react-query hooks for a REST resource with the server's list shape (server/http/paging.ts):
 * `GET path?page&pageSize&filters` → page, `POST path` → row, `PUT path/:id` → row,
 * `DELETE path/:id` → 204, `GET path/export?filters` → .xlsx. Every mutation invalidates the
 * resource's queries (and the ones it names in `alsoInvalidates`).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import type { Page } from '../../../server/http/paging';
import { apiDelete, apiGet, apiPost, apiPut, downloadUrl, type QueryParams } from './client';

export interface ResourceSpec {
  /** The query-key root, e.g. 'users'. */
  readonly key: string;
  readonly path: string;
  /** Other query-key roots whose data a change here affects (counts, options, logs). */
  readonly alsoInvalidates?: readonly string[];
}

export interface ResourceApi<Row, CreateBody, UpdateBody> {
  readonly key: string;
  readonly path: string;
  useList(params: QueryParams, enabled?: boolean): UseQueryResult<Page<Row>>;
  useCreate(): UseMutationResult<Row, Error, CreateBody>;
  useUpdate(): UseMutationResult<Row, Error, { id: string; body: UpdateBody }>;
  useRemove(): UseMutationResult<undefined, Error, string>;
  exportUrl(params: QueryParams): string;
}

/** Every mutation also writes an operation-log row, so the log list is always stale afterwards. */
const ALWAYS_INVALIDATED = ['operation-logs'];

export function useInvalidate(): (keys: readonly string[]) => Promise<void> {
  const client = useQueryClient();
  return async (keys) => {
    await Promise.all([...keys, ...ALWAYS_INVALIDATED].map((key) => client.invalidateQueries({ queryKey: [key] })));
  };
}

export function defineResource<Row, CreateBody, UpdateBody = CreateBody>(spec: ResourceSpec): ResourceApi<Row, CreateBody, UpdateBody> {
  const keys = [spec.key, ...(spec.alsoInvalidates ?? [])];
  const itemPath = (id: string) => `${spec.path}/${encodeURIComponent(id)}`;
  return {
    key: spec.key,
    path: spec.path,
    useList(params, enabled = true) {
      return useQuery({
        queryKey: [spec.key, 'list', params],
        queryFn: () => apiGet<Page<Row>>(spec.path, params),
        placeholderData: keepPreviousData,
        enabled,
      });
    },
    useCreate() {
      const invalidate = useInvalidate();
      return useMutation({ mutationFn: (body: CreateBody) => apiPost<Row>(spec.path, body), onSuccess: () => invalidate(keys) });
    },
    useUpdate() {
      const invalidate = useInvalidate();
      return useMutation({
        mutationFn: ({ id, body }: { id: string; body: UpdateBody }) => apiPut<Row>(itemPath(id), body),
        onSuccess: () => invalidate(keys),
      });
    },
    useRemove() {
      const invalidate = useInvalidate();
      return useMutation({ mutationFn: (id: string) => apiDelete(itemPath(id)).then(() => undefined), onSuccess: () => invalidate(keys) });
    },
    exportUrl(params) {
      return downloadUrl(`${spec.path}/export`, params);
    },
  };
}
