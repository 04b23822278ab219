/** 抽查任务 / 实施方案 (server/modules/tasks): list, detail, the editor's option lists, create, edit and the approval actions. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  PlannedTaskOption, TaskCreateInput, TaskDetail, TaskItemOption, TaskRow, TaskSpecInput, TaskUpdateInput,
} from '../../../server/modules/tasks/schema';
import type { DrawPage, DrawRow } from '../../../server/modules/draws/schema';
import { apiGet, apiPost, apiPut } from './client';
import { defineResource, useInvalidate } from './resource';

export type { DrawRow, PlannedTaskOption, TaskDetail, TaskItemOption, TaskRow, TaskSpecInput };
export type TaskCreateBody = z.input<typeof TaskCreateInput>;
export type TaskUpdateBody = z.input<typeof TaskUpdateInput>;
export type TaskActionName = 'submit' | 'approve' | 'return' | 'terminate';

const BASE = '/api/workflow/tasks';
const KEY = 'tasks';

export const tasksApi = defineResource<TaskRow, TaskCreateBody, TaskUpdateBody>({ key: KEY, path: BASE });

export function useTask(id: string | undefined) {
  return useQuery({ queryKey: [KEY, 'detail', id], queryFn: () => apiGet<TaskDetail>(`${BASE}/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

export function useTaskItemOptions(departmentIds: readonly string[]) {
  const ids = [...departmentIds].sort().join(',');
  return useQuery({
    queryKey: [KEY, 'item-options', ids],
    queryFn: () => apiGet<TaskItemOption[]>(`${BASE}/item-options`, { departmentIds: ids }),
    enabled: ids !== '',
  });
}

export function useTaskDepartmentOptions() {
  return useQuery({ queryKey: [KEY, 'department-options'], queryFn: () => apiGet<{ id: string; name: string; regionCode: string }[]>(`${BASE}/department-options`) });
}

export function usePlannedTaskOptions(enabled: boolean) {
  return useQuery({ queryKey: [KEY, 'plan-options'], queryFn: () => apiGet<PlannedTaskOption[]>(`${BASE}/plan-options`), enabled });
}

export function useSaveTask() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: TaskCreateBody | TaskUpdateBody }) => (id
      ? apiPut<TaskDetail>(`${BASE}/${encodeURIComponent(id)}`, body)
      : apiPost<TaskDetail>(BASE, body)),
    onSuccess: () => invalidate([KEY]),
  });
}

export function useTaskAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, action, rowVersion, comments, reason }: { id: string; action: TaskActionName; rowVersion: number; comments?: string; reason?: string }) =>
      apiPost<TaskDetail>(`${BASE}/${encodeURIComponent(id)}/${action}`, { rowVersion, comments: comments ?? null, reason: reason ?? null }),
    onSuccess: () => invalidate([KEY]),
  });
}

/** The task's draw attempts (GET /api/draws?taskId=), newest first, for the task page's 抽取记录 card. */
export function useTaskDraws(taskId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['draws', 'of-task', taskId],
    queryFn: () => apiGet<DrawPage>('/api/draws', { taskId: taskId ?? '', pageSize: '20' }),
    enabled: enabled && Boolean(taskId),
  });
}
