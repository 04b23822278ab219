/**
 * 异议的证明材料 (issue #10 item 6; 威海第11条 检查对象对检查结果有异议的……提交申请材料): an entity signed in with its
 * code attaches files to its own objection while it is 已受理 or 复核中 — the type taken from the content, the size
 * bounded and the SHA-256 stored exactly as for result attachments (server/modules/results/attachment_routes.ts) — and
 * sees the list; the reviewing department (its data scope) lists and downloads them. At most 5 files an objection.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import { detectAttachmentType } from '../../../domain/inspection/attachment_type';
import { acceptsObjectionAttachments, MAX_OBJECTION_ATTACHMENTS } from '../../../domain/inspection/objection_states';
import type { Db } from '../../db/database';
import { objectionAttachments, objections } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { shanghaiDate } from '../../http/today';
import { requireEntity } from '../entity_access/entity_session';
import { readUpload } from '../results/attachment_routes';
import { requireAuth } from '../users/routes';
import { IdParams, ObjectionAttachmentList, ObjectionAttachmentView } from './schema';
import { objectionById } from './store';

const tags = ['异议与复核-证明材料'];

async function listOf(db: Db, objectionId: string): Promise<ObjectionAttachmentView[]> {
  const rows = await db.select({
    id: objectionAttachments.id, fileName: objectionAttachments.fileName, mime: objectionAttachments.mime, byteSize: objectionAttachments.byteSize,
    sha256: objectionAttachments.sha256, uploadedAt: objectionAttachments.uploadedAt,
  }).from(objectionAttachments).where(eq(objectionAttachments.objectionId, objectionId)).orderBy(asc(objectionAttachments.uploadedAt), asc(objectionAttachments.id));
  return rows.map((r) => ({ ...r, uploadedAt: r.uploadedAt.toISOString() }));
}

export function registerObjectionAttachmentRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());

  /** The caller entity's own objection (another entity's is not found). */
  async function ownObjection(entityId: number, id: string) {
    const [row] = await services.db.select({ id: objections.id, status: objections.status }).from(objections).where(and(eq(objections.id, id), eq(objections.entityId, entityId)));
    if (!row) throw notFound('异议');
    return row;
  }

  app.post('/api/entity/objections/:id/attachments', {
    config: { access: 'public', summary: '检查对象为异议上传证明材料' },
    schema: {
      tags, summary: `为本单位的异议上传证明材料（multipart：file；按内容识别类型，≤10 MB，每件异议至多 ${MAX_OBJECTION_ATTACHMENTS} 份；复核结论作出前）`,
      params: IdParams, response: { 201: ObjectionAttachmentView, ...errorResponses },
    },
  }, async (request, reply) => {
    const caller = await requireEntity(services.db, request, services.now());
    const objection = await ownObjection(caller.entityId, request.params.id);
    if (!acceptsObjectionAttachments(objection.status)) throw conflict('OBJECTION_DECIDED', '该异议已作出复核结论，不能再补充证明材料');
    const upload = await readUpload(request);
    const type = detectAttachmentType(upload.content.subarray(0, 16));
    if (!type) throw badRequest('ATTACHMENT_TYPE', `文件“${upload.fileName}”不是可接受的类型（按文件内容识别，仅接受 JPEG、PNG、WebP、HEIC 照片，PDF 文件，MP4、M4A、MP3、WAV 录音录像）`, [{ field: 'file', message: '文件内容不是可接受的类型' }]);
    const sha256 = createHash('sha256').update(upload.content).digest('hex');
    const id = await runChange(request, services, async (tx, record) => {
      // Counted under a lock on the objection, so parallel uploads cannot pass the limit together.
      await tx.select({ id: objections.id }).from(objections).where(eq(objections.id, objection.id)).for('update');
      const [existing] = await tx.select({ n: count() }).from(objectionAttachments).where(eq(objectionAttachments.objectionId, objection.id));
      if ((existing?.n ?? 0) >= MAX_OBJECTION_ATTACHMENTS) throw conflict('OBJECTION_ATTACHMENT_LIMIT', `每件异议至多上传 ${MAX_OBJECTION_ATTACHMENTS} 份证明材料`);
      const [row] = await tx.insert(objectionAttachments).values({
        objectionId: objection.id, fileName: upload.fileName, mime: type.mime, byteSize: upload.content.length, sha256, content: upload.content, uploadedAt: services.now(),
      }).returning({ id: objectionAttachments.id });
      if (!row) throw new Error('objection attachment not stored');
      record.target('objection_attachment', row.id);
      record.detail({ objectionId: objection.id, mime: type.mime, byteSize: upload.content.length, sha256, fileName: upload.fileName });
      record.event({ type: 'ObjectionAttachmentUploaded', attachmentId: row.id, objectionId: objection.id, mime: type.mime, byteSize: upload.content.length, sha256 });
      return row.id;
    });
    const saved = (await listOf(services.db, objection.id)).find((a) => a.id === id);
    if (!saved) throw new Error('objection attachment vanished right after upload');
    return reply.status(201).send(saved);
  });

  app.get('/api/entity/objections/:id/attachments', {
    config: { access: 'public' },
    schema: { tags, summary: '本单位异议的证明材料（须凭验证码登录）', params: IdParams, response: { 200: ObjectionAttachmentList, ...errorResponses } },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    const objection = await ownObjection(caller.entityId, request.params.id);
    return { rows: await listOf(services.db, objection.id) };
  });

  app.get('/api/inspection/objections/:id/attachments', {
    config: { access: 'inspection:objection:list' },
    schema: { tags, summary: '异议的证明材料（本人数据权限范围内）', params: IdParams, response: { 200: ObjectionAttachmentList, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const objection = await objectionById(services.db, request.params.id, today(), auth.scope);
    if (!objection) throw notFound('异议');
    return { rows: await listOf(services.db, objection.id) };
  });

  app.get('/api/inspection/objection-attachments/:id', {
    config: { access: 'inspection:objection:list' },
    schema: { tags, summary: '下载异议的证明材料（本人数据权限范围内）', params: idParams },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const [file] = await services.db.select().from(objectionAttachments).where(eq(objectionAttachments.id, request.params.id));
    if (!file || !(await objectionById(services.db, file.objectionId, today(), auth.scope))) throw notFound('证明材料');
    return reply.type(file.mime).header('content-disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff').header('x-content-sha256', file.sha256).send(file.content);
  });
}
