/**
 * 行政检查通知书 and 实地核查记录表 / 一企一表 (issue #10 item 1; 渝北 二（五）附件1–2, 长春第17条, 曲阳第15、18条):
 * number the notice of an inspection object (idempotent), record its delivery (送达, rowVersion-guarded), and serve
 * both documents as JSON for the print page and as .docx.
 */
import { z } from 'zod';
import { deliveryIssues, formatNoticeNumber } from '../../../domain/inspection/notice';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { requireAuth } from '../users/routes';
import { recordForm, noticeDocument } from './documents';
import { registerEntityNoticeRoutes } from './entity_routes';
import { attachmentDisposition, safeFileName } from './docx_parts';
import { noticeDocx } from './notice_docx';
import { issueRefusal, objectForCaller, requireMayIssue } from './object_access';
import { recordFormDocx } from './record_form_docx';
import {
  DeliveryInput, DepartmentParams, IssueNoticeInput, NoticeDocument, NoticeParams, NoticeRow, NoticeSettingsInput, NoticeSettingsRow, NoticeStatus, ObjectParams, RecordForm,
} from './schema';
import { issueNotice, matchedInspectionDate, noticeById, noticeOfObject, noticePrefix, recordDelivery, saveNoticePrefix } from './store';
import { departmentInScope } from './settings_scope';

const tags = ['检查实施-通知书与记录表'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const Binary = z.unknown().describe('.docx 文件');

export function registerNoticeRoutes(app: TypedApp, services: AppServices): void {
  registerEntityNoticeRoutes(app, services);
  const issuedOrRefuse = async (objectId: string): Promise<NoticeRow> => {
    const notice = await noticeOfObject(services.db, objectId);
    if (!notice) throw conflict('NOTICE_NOT_ISSUED', '该检查对象的行政检查通知书尚未编号，请先生成编号');
    return notice;
  };

  app.get('/api/inspection/objects/:objectId/notice', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '检查对象的行政检查通知书（尚未编号时 notice 为 null）', params: ObjectParams, response: { 200: NoticeStatus, ...errorResponses } },
  }, async (request) => {
    const object = await objectForCaller(services.db, requireAuth(request.auth), request.params.objectId);
    return {
      taskObjectId: object.id, taskId: object.task.id, taskName: object.task.name, entityName: object.entity.name,
      notice: await noticeOfObject(services.db, object.id), issueRefusal: issueRefusal(object), canRecordDelivery: object.mayAct,
    };
  });

  app.post('/api/inspection/objects/:objectId/notice', {
    config: { access: 'inspection:notice:issue', summary: '行政检查通知书编号生成' },
    schema: {
      tags, summary: '为检查对象生成行政检查通知书编号（按部门、年度连续编号；重复提交返回同一编号）', params: ObjectParams, body: IssueNoticeInput,
      response: { 200: NoticeRow, 201: NoticeRow, ...errorResponses },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const object = await objectForCaller(services.db, auth, request.params.objectId);
    requireMayIssue(object);
    const existing = await noticeOfObject(services.db, object.id);
    if (existing) return reply.code(200).send(existing);
    const now = services.now();
    const today = shanghaiDate(now);
    const given = request.body.inspectionDate;
    if (given) {
      const message = given < object.task.periodStart || given > object.task.periodEnd ? `检查日期应在任务的检查期间 ${object.task.periodStart} 至 ${object.task.periodEnd} 之内`
        : given < today ? '检查日期不能早于今天：通知书应在实地核查前送达' : null;
      if (message) throw badRequest('VALIDATION_FAILED', message, [{ field: 'inspectionDate', message }]);
    }
    const date = given ?? await matchedInspectionDate(services.db, object.task.id, today);
    const year = Number(shanghaiDate(now).slice(0, 4));
    const issued = await runChange(request, services, async (tx, record) => {
      const result = await issueNotice(tx, {
        taskId: object.task.id, taskObjectId: object.id, entityId: object.entityId, departmentId: object.task.leadDepartmentId, year,
        inspectionDate: date, issuedBy: auth.user.id, issuedAt: now,
      });
      record.target('inspection_notice', result.id);
      record.detail({ taskObjectId: object.id, number: result.number, alreadyIssued: !result.created });
      if (result.created) {
        record.event({
          type: 'InspectionNoticeIssued', noticeId: result.id, taskId: object.task.id, taskObjectId: object.id, departmentId: object.task.leadDepartmentId,
          number: result.number, year, serial: result.serial,
        });
      }
      return result;
    });
    const row = await noticeById(services.db, issued.id);
    if (!row) throw new Error('issued notice not found');
    return reply.code(issued.created ? 201 : 200).send(row);
  });

  app.post('/api/inspection/notices/:id/delivery', {
    config: { access: 'inspection:notice:issue', summary: '登记行政检查通知书送达' },
    schema: { tags, summary: '登记（或更正）通知书的送达方式、时间与签收人；rowVersion 过期时 409', params: NoticeParams, body: DeliveryInput, response: { 200: NoticeRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const notice = await noticeById(services.db, request.params.id);
    if (!notice) throw notFound('行政检查通知书');
    const object = await objectForCaller(services.db, auth, notice.taskObjectId);
    if (!object.mayAct) throw forbidden(issueRefusal(object) ?? undefined);
    const body = request.body;
    if (body.rowVersion !== notice.rowVersion) throw stale(notice.rowVersion);
    const deliveredAt = new Date(body.deliveredAt);
    const now = services.now();
    const issues = deliveryIssues({ method: body.method, deliveredAt: deliveredAt.toISOString(), note: body.note ?? null }, notice.issuedAt, now.toISOString());
    if (issues.length > 0) throw badRequest('VALIDATION_FAILED', issues.map((i) => i.message).join('；'), issues);
    await runChange(request, services, async (tx, record) => {
      const version = await recordDelivery(tx, notice.id, body.rowVersion, {
        method: body.method, deliveredAt, recipient: body.recipient, note: body.note ?? null, recordedBy: auth.user.id, now,
      });
      if (version === null) throw stale((await noticeById(tx, notice.id))?.rowVersion ?? body.rowVersion + 1);
      record.target('inspection_notice', notice.id);
      record.detail({ number: notice.number, method: body.method, deliveredAt: deliveredAt.toISOString(), recipient: body.recipient, corrected: notice.delivery !== null });
      record.event({ type: 'InspectionNoticeDelivered', noticeId: notice.id, taskObjectId: notice.taskObjectId, method: body.method, deliveredAt: deliveredAt.toISOString(), corrected: notice.delivery !== null });
    });
    const row = await noticeById(services.db, notice.id);
    if (!row) throw new Error('notice vanished');
    return row;
  });

  app.get('/api/inspection/objects/:objectId/notice/document', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '行政检查通知书内容（打印页使用）', params: ObjectParams, response: { 200: NoticeDocument, ...errorResponses } },
  }, async (request) => {
    const object = await objectForCaller(services.db, requireAuth(request.auth), request.params.objectId);
    return noticeDocument(services.db, object, await issuedOrRefuse(object.id));
  });

  app.get('/api/inspection/objects/:objectId/notice.docx', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '下载行政检查通知书（Word）', params: ObjectParams, response: { 200: Binary, ...errorResponses } },
  }, async (request, reply) => {
    const object = await objectForCaller(services.db, requireAuth(request.auth), request.params.objectId);
    const notice = await issuedOrRefuse(object.id);
    const buffer = await noticeDocx(await noticeDocument(services.db, object, notice), notice.delivery);
    const name = safeFileName(`行政检查通知书-${object.entity.name}-${notice.year}第${notice.serial}号.docx`);
    return reply.header('content-type', DOCX).header('content-disposition', attachmentDisposition(name, `notice-${notice.year}-${notice.serial}.docx`)).send(buffer);
  });

  app.get('/api/inspection/objects/:objectId/record-form', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '实地核查记录表（一企一表）内容：主体、任务、检查组与各参与部门的检查事项', params: ObjectParams, response: { 200: RecordForm, ...errorResponses } },
  }, async (request) => {
    const object = await objectForCaller(services.db, requireAuth(request.auth), request.params.objectId);
    return recordForm(services.db, object, await noticeOfObject(services.db, object.id), shanghaiDate(services.now()));
  });

  app.get('/api/inspection/objects/:objectId/record-form.docx', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '下载实地核查记录表（Word）', params: ObjectParams, response: { 200: Binary, ...errorResponses } },
  }, async (request, reply) => {
    const object = await objectForCaller(services.db, requireAuth(request.auth), request.params.objectId);
    const buffer = await recordFormDocx(await recordForm(services.db, object, await noticeOfObject(services.db, object.id), shanghaiDate(services.now())));
    const name = safeFileName(`实地核查记录表-${object.entity.name}-${object.task.code}.docx`);
    return reply.header('content-type', DOCX).header('content-disposition', attachmentDisposition(name, `record-form-${object.task.code}.docx`)).send(buffer);
  });

  app.get('/api/inspection/notice-settings/:departmentId', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '部门的通知书文号前缀', params: DepartmentParams, response: { 200: NoticeSettingsRow, ...errorResponses } },
  }, async (request) => settingsRow(request.params.departmentId));

  app.put('/api/inspection/notice-settings/:departmentId', {
    config: { access: 'system:department:update', summary: '修改行政检查通知书文号前缀' },
    schema: { tags, summary: '设置部门的通知书文号前缀（空值恢复默认：部门简称 + 部门联合双随机抽检字）', params: DepartmentParams, body: NoticeSettingsInput, response: { 200: NoticeSettingsRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { departmentId } = request.params;
    const scope = await departmentInScope(services.db, auth.scope, departmentId);
    if (scope === 'missing') throw notFound('部门');
    if (scope === 'outside') throw forbidden('只能设置本人数据权限范围内部门的文号前缀');
    const prefix = request.body.prefix || null;
    await runChange(request, services, async (tx, record) => {
      await saveNoticePrefix(tx, departmentId, prefix, auth.user.id, services.now());
      record.target('department', departmentId);
      record.detail({ prefix });
      record.event({ type: 'NoticePrefixChanged', departmentId, prefix });
    });
    return settingsRow(departmentId);
  });

  async function settingsRow(departmentId: string): Promise<NoticeSettingsRow> {
    if ((await departmentInScope(services.db, { kind: 'all' }, departmentId)) === 'missing') throw notFound('部门');
    const p = await noticePrefix(services.db, departmentId);
    const year = Number(shanghaiDate(services.now()).slice(0, 4));
    return { departmentId, departmentName: p.departmentName, prefix: p.prefix, defaultPrefix: p.defaultPrefix, custom: p.custom, example: formatNoticeNumber(p.prefix, year, 1) };
  }
}

function stale(current: number): AppError {
  return new AppError(409, 'NOTICE_STALE', `通知书的送达记录已被他人修改（最新版本号 ${current}），请刷新后重试`, [{ field: 'rowVersion', message: String(current) }]);
}
