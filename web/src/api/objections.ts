/**
 * 异议与复核 (server/modules/objections; issue #10 item 6): the department's list, entry and review, and the entity's
 * side — sign-in by code (server/modules/entity_access), its published results (the public list) and its objections.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Page } from '../../../server/http/paging';
import type { EntitySessionView } from '../../../server/modules/entity_access/schema';
import type { DecideInput, EntityObjectionView, FeedbackInput, ObjectionAttachmentView, ObjectionView, StaffObjectionInput } from '../../../server/modules/objections/schema';
import type { PublicResultRow, ResultView } from '../../../server/modules/results/schema';
import { ApiError, apiGet, apiPost, apiUpload, downloadUrl } from './client';
import { defineResource, useInvalidate } from './resource';

export type { EntityObjectionView, EntitySessionView, ObjectionAttachmentView, ObjectionView, PublicResultRow };
export type ObjectionDetail = ObjectionView & { result: ResultView };
export type StaffObjectionBody = z.input<typeof StaffObjectionInput>;
export type DecideBody = z.input<typeof DecideInput>;
export type FeedbackBody = z.input<typeof FeedbackInput>;

const KEY = 'inspection-objections';
const BASE = '/api/inspection/objections';

export const objectionsApi = defineResource<ObjectionView, StaffObjectionBody, never>({ key: KEY, path: BASE, alsoInvalidates: ['inspection-results', 'todos'] });

export function useObjectionDetail(id: string | null) {
  return useQuery({ queryKey: [KEY, 'detail', id], queryFn: () => apiGet<ObjectionDetail>(`${BASE}/${encodeURIComponent(id ?? '')}`), enabled: id !== null });
}

/** 证明材料 the entity attached, as the reviewing department sees them. */
export function useObjectionAttachments(id: string) {
  return useQuery({ queryKey: [KEY, 'attachments', id], queryFn: () => apiGet<{ rows: ObjectionAttachmentView[] }>(`${BASE}/${encodeURIComponent(id)}/attachments`) });
}

export const objectionAttachmentUrl = (id: string) => downloadUrl(`/api/inspection/objection-attachments/${encodeURIComponent(id)}`);

type Step = { id: string; action: 'start-review'; body: { rowVersion: number } } | { id: string; action: 'decide'; body: DecideBody } | { id: string; action: 'feedback'; body: FeedbackBody };

export function useObjectionStep() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (step: Step) => apiPost<ObjectionView>(`${BASE}/${encodeURIComponent(step.id)}/${step.action}`, step.body),
    onSuccess: () => invalidate([KEY, 'inspection-results', 'todos']),
  });
}

/** Published results of one credit code, as the 公示 shows them. */
export function usePublishedResults(creditCode: string | null) {
  return useQuery({
    queryKey: ['public', 'results', creditCode],
    queryFn: () => apiGet<Page<PublicResultRow>>('/api/public/results', { creditCode, pageSize: 50 }),
    enabled: creditCode !== null,
  });
}

// ── The entity's side ──

const ENTITY_KEY = 'entity-portal';

/** The signed-in entity, or null (401 ENTITY_SESSION_REQUIRED means: not signed in). */
export function useEntitySession() {
  return useQuery({
    queryKey: [ENTITY_KEY, 'session'],
    queryFn: async () => {
      try {
        return await apiGet<EntitySessionView>('/api/entity/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
  });
}

export function requestSignInCode(creditCode: string) {
  return apiPost<{ maskedPhone: string; expiresInSeconds: number; resendAfterSeconds: number }>('/api/entity/sign-in/code', { creditCode });
}

export function useEntitySignIn() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { creditCode: string; code: string }) => apiPost<EntitySessionView>('/api/entity/sign-in', body),
    onSuccess: () => invalidate([ENTITY_KEY]),
  });
}

export function useEntitySignOut() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: () => apiPost<undefined>('/api/entity/sign-out'), onSuccess: () => invalidate([ENTITY_KEY]) });
}

export function useEntityObjections(enabled: boolean) {
  return useQuery({ queryKey: [ENTITY_KEY, 'objections'], queryFn: () => apiGet<{ rows: EntityObjectionView[] }>('/api/entity/objections'), enabled });
}

export function useFileObjection() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { resultId: string; reason: string; contactName: string | null }) => apiPost<EntityObjectionView>('/api/entity/objections', body),
    onSuccess: () => invalidate([ENTITY_KEY]),
  });
}

const entityAttachmentsPath = (objectionId: string) => `/api/entity/objections/${encodeURIComponent(objectionId)}/attachments`;

export function useEntityObjectionAttachments(objectionId: string) {
  return useQuery({ queryKey: [ENTITY_KEY, 'attachments', objectionId], queryFn: () => apiGet<{ rows: ObjectionAttachmentView[] }>(entityAttachmentsPath(objectionId)) });
}

export function useUploadObjectionAttachment(objectionId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: Blob & { name: string }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return apiUpload<ObjectionAttachmentView>(entityAttachmentsPath(objectionId), form);
    },
    onSuccess: () => invalidate([ENTITY_KEY]),
  });
}
