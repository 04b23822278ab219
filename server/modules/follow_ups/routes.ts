/**
 * 后续处置 (issue #10 item 7): the list (我部门发起 / 移送给我部门) and one follow-up with its timeline, the departments
 * it may be transferred to, opening one by hand for an approved or published result, and setting the measure, due date
 * and handler while the owner handles it. The transitions are in action_routes.ts.
 */
import { z } from 'zod';
import { allowedEvents } from '../../../domain/workflow/machine';
import { FOLLOW_UP_TRANSITIONS, type FollowUpEventType, type FollowUpStatus } from '../../../domain/inspection/follow_up_states';
import { and, eq, sql } from 'drizzle-orm';
import { followUps } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import type { AuthContext } from '../../http/request_context';
import { scopedResult } from '../results/review_routes';
import { requireAuth } from '../users/routes';
import { openFollowUp } from './open';
import { CreateFollowUpInput, FollowUpDetail, FollowUpIdParams, FollowUpListQuery, FollowUpPage, PlanFollowUpInput, ReceiverOption } from './schema';
import { followUpHistory, followUpInScope, listFollowUps, receiverOptions, type FollowUpRecord } from './store';

export const tags = ['检查结果-后续处置'];

/** Which side acts on each event (mirrors domain/inspection/follow_up_states.ts actingSide), for the caller's buttons. */
function eventsFor(record: FollowUpRecord): FollowUpEventType[] {
  return allowedEvents(FOLLOW_UP_TRANSITIONS, record.status).filter((event) => {
    const receiverActs = event === 'accept' || event === 'return' || (event === 'close' && record.status === 'accepted');
    return receiverActs ? record.isReceiver : record.isOwner;
  });
}

export function followUpReader(services: AppServices) {
  const today = () => shanghaiDate(services.now());
  async function load(auth: AuthContext, id: string): Promise<FollowUpRecord> {
    const record = await followUpInScope(services.db, auth.scope, id, today());
    if (!record) throw notFound('后续处置');
    return record;
  }
  async function detail(auth: AuthContext, id: string): Promise<FollowUpDetail> {
    const record = await load(auth, id);
    return { ...record, allowedEvents: eventsFor(record), history: await followUpHistory(services.db, id) };
  }
  return { today, load, detail };
}

export function versionConflict(current: number): AppError {
  return new AppError(409, 'VERSION_CONFLICT', `后续处置已被他人修改（最新版本号 ${current}），请刷新后重试`, [{ field: 'rowVersion', message: String(current) }]);
}

export function registerFollowUpRoutes(app: TypedApp, services: AppServices): void {
  const { today, load, detail } = followUpReader(services);
  const base = '/api/inspection/follow-ups';

  app.get(base, {
    config: { access: 'inspection:follow_up:list' },
    schema: { tags, summary: '后续处置列表（我部门发起 / 移送给我部门；待接收在前）', querystring: FollowUpListQuery, response: { 200: FollowUpPage, ...errorResponses } },
  }, async (request) => {
    const page = await listFollowUps(services.db, requireAuth(request.auth).scope, request.query, today());
    return { ...page, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.get(`${base}/:id`, {
    config: { access: 'inspection:follow_up:list' },
    schema: { tags, summary: '后续处置详情（检查结果、移送与办理记录）', params: FollowUpIdParams, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => detail(requireAuth(request.auth), request.params.id));

  app.get(`${base}/:id/receiver-options`, {
    config: { access: 'inspection:follow_up:transfer' },
    schema: { tags, summary: '可移送的部门（本市及省级部门，谁主管、谁负责）', params: FollowUpIdParams, response: { 200: z.array(ReceiverOption), ...errorResponses } },
  }, async (request) => {
    const record = await load(requireAuth(request.auth), request.params.id);
    const [row] = await services.db.select({ regionCode: followUps.regionCode }).from(followUps).where(eq(followUps.id, record.id));
    return (await receiverOptions(services.db, row?.regionCode ?? '')).filter((d) => d.id !== record.ownerDepartmentId);
  });

  app.post(base, {
    config: { access: 'inspection:follow_up:handle', summary: '登记后续处置' },
    schema: { tags, summary: '为已审核通过或已公示的检查结果登记后续处置（每条结果一项）', body: CreateFollowUpInput, response: { 201: FollowUpDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const result = await scopedResult(services, auth, request.body.resultId, true);
    if (result.status !== 'approved' && result.status !== 'published') throw conflict('FOLLOW_UP_RESULT_NOT_APPROVED', `检查结果当前为“${result.statusLabel}”，审核通过后才能登记后续处置`);
    const source = { id: result.id, departmentId: result.departmentId, regionCode: result.regionCode, disposal: result.disposal, resultCategory: result.resultCategory };
    const id = await runChange(request, services, async (tx, record) => {
      const created = await openFollowUp(tx, record, source, auth.user.id, services.now(), { automatic: false, measure: request.body.measure, dueDate: request.body.dueDate, note: request.body.note });
      if (!created) {
        const [existing] = await tx.select({ id: followUps.id }).from(followUps).where(eq(followUps.resultId, result.id));
        throw new AppError(409, 'FOLLOW_UP_EXISTS', '该检查结果已有后续处置，请在原记录中办理', [{ field: 'resultId', message: existing?.id ?? '' }]);
      }
      record.target('follow_up', created);
      record.detail({ resultId: result.id, taskId: result.taskId });
      return created;
    });
    reply.code(201);
    return detail(auth, id);
  });

  app.put(`${base}/:id`, {
    config: { access: 'inspection:follow_up:handle', summary: '修改后续处置措施与期限' },
    schema: { tags, summary: '修改本部门处置的措施、整改期限、承办机构与内部备注', params: FollowUpIdParams, body: PlanFollowUpInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const current = await load(auth, request.params.id);
    if (!current.isOwner) throw forbidden('只有发起后续处置的部门可以修改处置措施与期限');
    const editable: readonly FollowUpStatus[] = ['open', 'returned'];
    if (!editable.includes(current.status)) throw conflict('FOLLOW_UP_ILLEGAL_TRANSITION', `后续处置当前为“${current.statusLabel}”，不能修改处置措施与期限`);
    const { rowVersion, measure, dueDate, handler, note } = request.body;
    if (rowVersion !== current.rowVersion) throw versionConflict(current.rowVersion);
    await runChange(request, services, async (tx, record) => {
      const updated = await tx.update(followUps).set({ measure, dueDate, handler, note, updatedAt: services.now(), rowVersion: sql`${followUps.rowVersion} + 1` })
        .where(and(eq(followUps.id, current.id), eq(followUps.rowVersion, rowVersion))).returning({ id: followUps.id });
      if (updated.length === 0) throw conflict('VERSION_CONFLICT', '后续处置已被他人修改，请刷新后重试');
      record.target('follow_up', current.id);
      record.detail({ resultId: current.resultId, measure, dueDate });
      record.event({ type: 'FollowUpPlanned', followUpId: current.id, resultId: current.resultId, measure, dueDate });
    });
    return detail(auth, current.id);
  });
}
