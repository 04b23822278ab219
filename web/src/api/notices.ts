/** 行政检查通知书与实地核查记录表 (server/modules/notices). */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EntityNoticeList } from '../../../server/modules/notices/entity_routes';
import type { DeliveryInput, NoticeDocument, NoticeRow, NoticeStatus, RecordForm, TeamLine } from '../../../server/modules/notices/schema';
import { apiGet, apiPost, downloadUrl } from './client';
import { useInvalidate } from './resource';

export type { DeliveryInput, NoticeDocument, NoticeRow, NoticeStatus, RecordForm, TeamLine };

export type EntityNotice = z.infer<typeof EntityNoticeList>['rows'][number];

const KEY = 'notices';
const objectUrl = (objectId: string) => `/api/inspection/objects/${objectId}`;

export function useNoticeStatus(objectId: string) {
  return useQuery({ queryKey: [KEY, objectId, 'status'], queryFn: () => apiGet<NoticeStatus>(`${objectUrl(objectId)}/notice`) });
}

export function useNoticeDocument(objectId: string, enabled = true) {
  return useQuery({ queryKey: [KEY, objectId, 'document'], queryFn: () => apiGet<NoticeDocument>(`${objectUrl(objectId)}/notice/document`), enabled });
}

export function useRecordForm(objectId: string) {
  return useQuery({ queryKey: [KEY, objectId, 'record-form'], queryFn: () => apiGet<RecordForm>(`${objectUrl(objectId)}/record-form`) });
}

export function useIssueNotice(objectId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (inspectionDate: string | undefined) => apiPost<NoticeRow>(`${objectUrl(objectId)}/notice`, inspectionDate ? { inspectionDate } : {}),
    onSuccess: () => invalidate([KEY]),
  });
}

export function useRecordDelivery() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DeliveryInput }) => apiPost<NoticeRow>(`/api/inspection/notices/${id}/delivery`, body),
    onSuccess: () => invalidate([KEY]),
  });
}

/** The signed-in entity's own notices (server/modules/notices/entity_routes.ts). */
export function useEntityNotices(enabled: boolean) {
  return useQuery({ queryKey: ['entity-portal', 'notices'], queryFn: () => apiGet<z.infer<typeof EntityNoticeList>>('/api/entity/notices'), enabled });
}

export const noticeDocxUrl = (objectId: string) => downloadUrl(`${objectUrl(objectId)}/notice.docx`);
export const recordFormDocxUrl = (objectId: string) => downloadUrl(`${objectUrl(objectId)}/record-form.docx`);
export const noticePrintPath = (objectId: string) => `/inspection/objects/${objectId}/notice`;
export const recordFormPrintPath = (objectId: string) => `/inspection/objects/${objectId}/record-form`;
