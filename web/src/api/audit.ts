/**
 * 留痕检查点: the signed checkpoints of the operation-log head (public API, also for the portal),
 * their public key, and writing one on demand. Types come from server/modules/audit_log/schema.ts.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CheckpointKeyInfo, CheckpointSchema } from '../../../server/modules/audit_log/schema';
import { apiGet, apiPost } from './client';
import { defineResource, useInvalidate } from './resource';

export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type CheckpointKey = z.infer<typeof CheckpointKeyInfo>;

/** Newest first; `exportUrl` is the JSON-lines download. */
export const checkpointsApi = defineResource<Checkpoint, never>({ key: 'audit-checkpoints', path: '/api/public/audit/checkpoints' });

export function useCheckpointKey() {
  return useQuery({ queryKey: ['audit-checkpoint-key'], queryFn: () => apiGet<CheckpointKey>('/api/public/audit/checkpoint-key'), staleTime: 10 * 60_000 });
}

export function useCreateCheckpoint() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => apiPost<Checkpoint>('/api/monitor/audit-checkpoints'),
    onSuccess: () => invalidate([checkpointsApi.key]),
  });
}
