/**
 * What the entity's 证明材料 control may do and how the server's refusals read (server/modules/objections/
 * attachment_routes.ts): ≤ 10 MB, types by content, at most 5 an objection, none after the decision.
 */
import { MAX_ATTACHMENT_BYTES } from '../../../../domain/inspection/attachment_type';
import { acceptsObjectionAttachments, MAX_OBJECTION_ATTACHMENTS } from '../../../../domain/inspection/objection_states';
import { errorMessage, isApiError } from '../../api/client';

const MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

/** The file picker's hint; the server decides by the content, never by the name. */
export const OBJECTION_FILE_ACCEPT = '.jpg,.jpeg,.png,.webp,.heic,.pdf,.mp4,.m4a,.mp3,.wav,image/jpeg,image/png,image/webp,image/heic,application/pdf,video/mp4,audio/mp4,audio/mpeg,audio/wav';
export const OBJECTION_FILE_HINT = `可上传照片（JPEG、PNG、WebP、HEIC）、PDF 文件或录音录像（MP4、M4A、MP3、WAV），每份不超过 ${MB} MB，每件异议至多 ${MAX_OBJECTION_ATTACHMENTS} 份`;

/** Why no more files can be added, or null when they can. */
export function uploadBlockedReason(status: string, count: number): string | null {
  if (!acceptsObjectionAttachments(status)) return '已作出复核结论，不能再补充证明材料';
  if (count >= MAX_OBJECTION_ATTACHMENTS) return `已上传 ${MAX_OBJECTION_ATTACHMENTS} 份，达到每件异议的上限`;
  return null;
}

/** Refused before sending: too large or empty. */
export function localRefusal(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `文件“${file.name}”是空文件，请重新选择`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `文件“${file.name}”超过 ${MB} MB，请压缩后重新上传`;
  return null;
}

/** The server's refusal in words for the entity. */
export function uploadRefusal(error: unknown, fileName: string): string {
  if (!isApiError(error)) return errorMessage(error);
  if (error.status === 413 || error.code === 'ATTACHMENT_TOO_LARGE') return `文件“${fileName}”超过 ${MB} MB，请压缩后重新上传`;
  if (error.code === 'ATTACHMENT_TYPE') return `文件“${fileName}”不是可接受的类型（按文件内容识别）。${OBJECTION_FILE_HINT}`;
  if (error.code === 'OBJECTION_DECIDED') return '该异议已作出复核结论，不能再补充证明材料';
  if (error.code === 'OBJECTION_ATTACHMENT_LIMIT') return `每件异议至多上传 ${MAX_OBJECTION_ATTACHMENTS} 份证明材料`;
  if (error.code === 'NO_FILE') return `文件“${fileName}”是空文件，请重新选择`;
  return errorMessage(error);
}
