/**
 * 检查附件 (issue #10 item 3): photos, signed form scans and recordings of an inspection object. The type is taken
 * from the content (domain/inspection/attachment_type.ts: an .exe named .jpg is refused), the size bounded (10 MB), the
 * SHA-256 stored; a retried upload (the same clientId from the offline outbox) answers the same row. Any active
 * member of the object's team uploads; downloads are open to the team and to the departments whose scope covers the
 * task. Nothing is added once the result is published (and the database refuses it too, migration 0026).
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { detectAttachmentType, MAX_ATTACHMENT_BYTES } from '../../../domain/inspection/attachment_type';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { uploadFileName } from '../../import/job_upload';
import { resultAttachments, tasks, taskObjects } from '../../db/schema';
import { taskScope } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { AttachmentFields, AttachmentView, ObjectParams } from './schema';
import { objectContext } from './store';
import { attachmentByClientId, attachmentContent, resultOfObject } from './views';
import { frozenByDatabase } from './write';

const tags = ['检查实施-检查附件'];

interface Upload { readonly fields: Record<string, string>; readonly fileName: string; readonly content: Buffer }

/** Reads the multipart body: the text fields and the one file, held in memory up to the attachment limit. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw badRequest('NO_FILE', '请选择要上传的附件（multipart，字段 file）');
  const fields: Record<string, string> = {};
  let file: { fileName: string; content: Buffer } | null = null;
  const tooLarge = () => badRequest('ATTACHMENT_TOO_LARGE', `附件超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB，请压缩后重新上传`);
  for await (const part of request.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      continue;
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw error;
    }
    if (part.file.truncated) throw tooLarge();
    file = { fileName: uploadFileName(part.filename), content: Buffer.concat(chunks) };
  }
  if (!file || file.content.length === 0) throw badRequest('NO_FILE', '请选择要上传的附件（字段 file），附件不能为空');
  return { fields, ...file };
}

export function registerAttachmentRoutes(app: TypedApp, services: AppServices): void {
  app.post('/api/inspection/objects/:taskObjectId/attachments', {
    config: { access: 'inspection:result:enter', summary: '上传检查附件' },
    schema: {
      tags, summary: '上传检查附件（multipart：clientId、kind、file；按内容识别类型，≤10 MB；同一 clientId 重传返回同一附件）', params: ObjectParams,
      response: { 200: AttachmentView, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const ctx = await objectContext(services.db, auth.user.id, request.params.taskObjectId);
    if (!ctx) throw notFound('检查对象');
    if (!ctx.membership) throw forbidden('您不是该检查对象检查组的成员，不能上传附件');
    const upload = await readUpload(request);
    const parsed = AttachmentFields.safeParse(upload.fields);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message }));
      throw badRequest('VALIDATION_FAILED', `参数校验失败：${details[0]?.field ?? ''} ${details[0]?.message ?? ''}`, details);
    }
    const { clientId, kind } = parsed.data;
    const again = await attachmentByClientId(services.db, clientId);
    if (again) {
      if (again.taskObjectId !== ctx.taskObjectId) throw conflict('CLIENT_ID_REUSED', '该附件编号（clientId）已用于另一检查对象，请重新生成');
      await runChange(request, services, async (_tx, record) => {
        record.target('result_attachment', again.id);
        record.detail({ taskObjectId: ctx.taskObjectId, clientId, replay: true });
        await Promise.resolve();
      });
      const { clientId: _c, ...view } = again;
      return view;
    }
    const type = detectAttachmentType(upload.content.subarray(0, 16));
    if (!type) throw badRequest('ATTACHMENT_TYPE', `附件“${upload.fileName}”不是可接受的文件类型（按文件内容识别，仅接受 JPEG、PNG、WebP、HEIC 照片，PDF 扫描件，MP4、M4A、MP3、WAV 录音录像）`, [{ field: 'file', message: '文件内容不是可接受的类型' }]);
    const result = await resultOfObject(services.db, ctx.taskObjectId);
    if (result?.status === 'published') throw conflict('RESULT_PUBLISHED', '检查结果已公示，附件不可增加');
    const sha256 = createHash('sha256').update(upload.content).digest('hex');
    try {
      await runChange(request, services, async (tx, record) => {
        const [row] = await tx.insert(resultAttachments).values({
          taskObjectId: ctx.taskObjectId, clientId, kind, fileName: upload.fileName, mime: type.mime, byteSize: upload.content.length, sha256, content: upload.content,
          uploadedBy: auth.user.id, uploadedAt: services.now(),
        }).onConflictDoNothing().returning({ id: resultAttachments.id });
        if (!row) return;
        record.target('result_attachment', row.id);
        record.detail({ taskObjectId: ctx.taskObjectId, clientId, kind, mime: type.mime, byteSize: upload.content.length, sha256, fileName: upload.fileName });
        record.event({ type: 'ResultAttachmentUploaded', attachmentId: row.id, taskObjectId: ctx.taskObjectId, kind, mime: type.mime, byteSize: upload.content.length, sha256 });
      });
    } catch (error) {
      if (frozenByDatabase(error)) throw conflict('RESULT_PUBLISHED', '检查结果已公示，附件不可增加');
      throw error;
    }
    const saved = await attachmentByClientId(services.db, clientId);
    if (!saved || saved.taskObjectId !== ctx.taskObjectId) throw conflict('CLIENT_ID_REUSED', '该附件编号（clientId）已用于另一检查对象，请重新生成');
    const { clientId: _c, ...view } = saved;
    return view;
  });

  app.get('/api/inspection/attachments/:id', {
    config: { access: 'inspection:result:list' },
    schema: { tags, summary: '下载检查附件（检查组成员，或数据权限覆盖该任务的部门）', params: idParams },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const file = await attachmentContent(services.db, request.params.id);
    if (!file) throw notFound('检查附件');
    const ctx = await objectContext(services.db, auth.user.id, file.taskObjectId);
    if (!ctx?.membership) {
      const [inScope] = await services.db.select({ id: tasks.id }).from(taskObjects).innerJoin(tasks, eq(tasks.id, taskObjects.taskId))
        .where(and(eq(taskObjects.id, file.taskObjectId), taskScope(auth.scope)));
      if (!inScope) throw notFound('检查附件');
    }
    return reply.type(file.mime).header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff').header('x-content-sha256', file.sha256).send(file.content);
  });
}

