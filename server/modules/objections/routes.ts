/**
 * 异议与复核 — the department's side (issue #10 item 6; 威海第11条): the objections of the caller's scope, one with its
 * result, the entry of an objection received at the counter or by mail, and the review: 开始复核 → 异议成立 (with the
 * corrected values: a correction request of the result, awaiting its head's approval, 长春第20条) or 异议不成立 → 反馈.
 * Each step is guarded by the version the reviewer saw (a second writer gets 409 with the newer version).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { objectionDue, transitionObjection, type ObjectionEvent } from '../../../domain/inspection/objection_states';
import { entityContacts, objections } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, errorResponses, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { workflowError } from '../dispatch/task_access';
import { itemNamesOf, scopedResult } from '../results/review_routes';
import { correctionConflict, insertCorrection, unknownCorrectionItems } from '../results/review_store';
import { ResultView } from '../results/schema';
import { requireAuth } from '../users/routes';
import { DecideInput, FeedbackInput, IdParams, ObjectionPage, ObjectionQuery, ObjectionView, StaffObjectionInput, StartReviewInput } from './schema';
import { listObjections, objectionById } from './store';
import { fileObjection } from './write';

const tags = ['异议与复核'];
const ObjectionDetail = ObjectionView.extend({ result: ResultView });

export function registerObjectionRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);
  const today = () => shanghaiDate(services.now());

  async function scoped(auth: AuthContext, id: string): Promise<ObjectionView> {
    const found = await objectionById(services.db, id, today(), auth.scope);
    if (!found) throw notFound('异议');
    return found;
  }

  app.get('/api/inspection/objections', {
    config: { access: 'inspection:objection:list' },
    schema: { tags, summary: '异议列表（本人数据权限范围内；未办结的在前，按期限排序）', querystring: ObjectionQuery, response: { 200: ObjectionPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const q = request.query;
    const page = await listObjections(services.db, auth.scope, { status: q.status, keyword: q.keyword, overdue: q.overdue === 'true', page: q.page, pageSize: q.pageSize }, today());
    return { ...page, page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/inspection/objections/:id', {
    config: { access: 'inspection:objection:list' },
    schema: { tags, summary: '异议详情（含被异议的检查结果）', params: IdParams, response: { 200: ObjectionDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const objection = await scoped(auth, request.params.id);
    return { ...objection, result: await scopedResult(services, auth, objection.resultId, false) };
  });

  app.post('/api/inspection/objections', {
    config: { access: 'inspection:objection:enter', summary: '录入检查结果异议' },
    schema: { tags, summary: '录入窗口受理或邮寄收到的异议（只能针对已公示的检查结果）', body: StaffObjectionInput, response: { 201: ObjectionView, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const body = request.body;
    const result = await scopedResult(services, auth, body.resultId, true);
    const id = await fileObjection(request, services, cache, result, {
      channel: body.channel, receivedOn: body.receivedOn as DateOnly, reason: body.reason, contactName: body.contactName, enteredBy: auth.user.id,
    }, today());
    return reply.status(201).send(await scoped(auth, id));
  });

  /** One review step on one objection, guarded by the version the reviewer saw. */
  async function step(request: Parameters<typeof runChange>[0], id: string, rowVersion: number, event: ObjectionEvent, set: Record<string, unknown>,
    more?: (tx: Parameters<Parameters<typeof runChange>[2]>[0], record: Parameters<Parameters<typeof runChange>[2]>[1]) => Promise<Record<string, unknown>>) {
    const auth = requireAuth(request.auth);
    const objection = await scoped(auth, id);
    const moved = transitionObjection(objection, event);
    if (!moved.ok) throw workflowError(moved.error);
    const stale = (latest: number) => new AppError(409, 'VERSION_CONFLICT', `异议已被他人处理（最新版本号 ${latest}），请刷新后重试`, [{ field: 'rowVersion', message: String(latest) }]);
    if (rowVersion !== objection.rowVersion) throw stale(objection.rowVersion);
    await runChange(request, services, async (tx, record) => {
      const rows = await tx.update(objections).set({ ...set, status: moved.value.status, rowVersion: sql`${objections.rowVersion} + 1` })
        .where(and(eq(objections.id, id), eq(objections.rowVersion, rowVersion), eq(objections.status, objection.status))).returning({ id: objections.id });
      if (rows.length === 0) {
        const [latest] = await tx.select({ v: objections.rowVersion }).from(objections).where(eq(objections.id, id));
        throw stale(latest?.v ?? rowVersion + 1);
      }
      const extra = more ? await more(tx, record) : {};
      if (Object.keys(extra).length > 0) await tx.update(objections).set(extra).where(eq(objections.id, id));
      record.target('objection', id);
      record.detail({ resultId: objection.resultId, from: objection.status, to: moved.value.status, ...extra });
      for (const e of moved.value.events) record.event(e);
    }).catch((error: unknown) => {
      throw correctionConflict(error) ?? error;
    });
    return { auth, objection };
  }

  app.post('/api/inspection/objections/:id/start-review', {
    config: { access: 'inspection:objection:review', summary: '开始复核异议' },
    schema: { tags, summary: '开始复核（已受理 → 复核中）', params: IdParams, body: StartReviewInput, response: { 200: ObjectionView, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    await step(request, request.params.id, request.body.rowVersion, { type: 'start_review' }, { reviewStartedBy: auth.user.id, reviewStartedAt: services.now() });
    return scoped(auth, request.params.id);
  });

  app.post('/api/inspection/objections/:id/decide', {
    config: { access: 'inspection:objection:review', summary: '作出异议复核结论' },
    schema: {
      tags, summary: '复核结论：异议成立（须填写更正内容，生成待主要负责人审批的结果更正）或异议不成立（须说明理由）；反馈期限自结论之日起 15 个工作日',
      params: IdParams, body: DecideInput, response: { 200: ObjectionView, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { decision, comments, changes, rowVersion } = request.body;
    const objection = await scoped(auth, request.params.id);
    const decidedOn = today();
    const result = await scopedResult(services, auth, objection.resultId, false);
    let stored: Record<string, unknown> | null = null;
    if (decision === 'uphold') {
      if (!changes) throw badRequest('OBJECTION_CORRECTION_REQUIRED', '异议成立时须填写更正后的检查结果（changes），经主要负责人批准后公示', [{ field: 'changes', message: '异议成立时须填写更正内容' }]);
      const unknown = unknownCorrectionItems(changes, await itemNamesOf(services, result.taskId), 'changes');
      if (unknown.length > 0) throw badRequest('CORRECTION_INVALID', '更正的检查事项不是本检查对象的检查事项', unknown);
      stored = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null));
    }
    const calendar = calendarForRegion((await cache.current()).set, result.regionCode);
    const due = objectionDue(objection.receivedOn as DateOnly, calendar, decidedOn);
    await step(request, objection.id, rowVersion, { type: decision, comments, decidedOn, receivedOn: objection.receivedOn as DateOnly }, {
      decisionComments: comments, decidedBy: auth.user.id, decidedOn, feedbackDue: due.feedbackDue, dueProvisional: due.provisional,
    }, stored ? async (tx, record) => {
      const correction = await insertCorrection(tx, record, { resultId: result.id, reason: `异议复核成立：${comments}`, changes: stored, requestedBy: auth.user.id, now: services.now(), source: 'objection' });
      return { correctionId: correction.id };
    } : undefined);
    return scoped(auth, objection.id);
  });

  app.post('/api/inspection/objections/:id/feedback', {
    config: { access: 'inspection:objection:review', summary: '反馈异议复核结果' },
    schema: { tags, summary: '反馈复核结果（异议成立或不成立 → 已反馈）；检查对象登记了联系电话的，同时短信告知', params: IdParams, body: FeedbackInput, response: { 200: ObjectionView, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { feedback, method, rowVersion } = request.body;
    const { objection } = await step(request, request.params.id, rowVersion, { type: 'feed_back', feedback }, { feedback, feedbackMethod: method, fedBackBy: auth.user.id, fedBackOn: today() });
    const [row] = await services.db.select({ phone: entityContacts.phone, entityId: objections.entityId }).from(objections)
      .innerJoin(entityContacts, eq(entityContacts.entityId, objections.entityId)).where(eq(objections.id, objection.id));
    if (row && services.messages) {
      await services.messages.send({ to: row.phone, text: `【双随机一公开】${objection.entityName}：您对“${objection.taskName}”检查结果提出的异议已有复核结果，请凭统一社会信用代码登录查看。` })
        .catch((error: unknown) => { request.log.error(error, '异议反馈短信发送失败'); });
    }
    return scoped(auth, objection.id);
  });
}
