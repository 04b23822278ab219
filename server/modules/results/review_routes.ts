/**
 * 检查结果审核与公示 — the department's side (issue #10 items 4–5; results_contract.md): the list within the caller's
 * scope, one result with its attachments, corrections and history, 退回 (with comments) / 通过 / 公示, and the batch
 * publication of a task's approved results (all or nothing, one transaction). Each change writes its operation-log row
 * and domain events in the same transaction (全程留痕). A published row is frozen by the database (migration 0026).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { allowedEvents } from '../../../domain/workflow/machine';
import { RESULT_TRANSITIONS, transitionResult, type ResultEvent } from '../../../domain/inspection/result_states';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { inspectionResults, tasks } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import type { AuthContext } from '../../http/request_context';
import { workflowError } from '../dispatch/task_access';
import { openFollowUpOnApproval } from '../follow_ups/open';
import { requireAuth } from '../users/routes';
import { correctionsOf, listResults, resultHistory, reviewableResult, visibleResult } from './review_store';
import { completeTasksWhenAllPublished } from './task_progress';
import type { ResultView} from './schema';
import { ApproveInput, BatchPublishInput, BatchPublishResult, IdParams, PublishInput, ResultDetail, ResultListQuery, ResultPage, ReturnInput, type Withheld } from './schema';
import { attachmentsOf, resultWhere, selectResults, view } from './views';
import { frozenByDatabase, updateResult } from './write';

const tags = ['检查结果-审核与公示'];

/** The item names of a task (for the corrections' words). */
export async function itemNamesOf(services: AppServices, taskId: string): Promise<Map<string, string>> {
  const [row] = await services.db.select({ spec: tasks.spec }).from(tasks).where(eq(tasks.id, taskId));
  return new Map(((row?.spec as TaskSpec | undefined)?.items ?? []).map((i) => [i.itemId, `${i.code} ${i.name}`]));
}

/** The result within the caller's scope (404 otherwise); `review` also requires its department or region (403). */
export async function scopedResult(services: AppServices, auth: AuthContext, id: string, review: boolean): Promise<ResultView> {
  const result = await resultWhere(services.db, and(eq(inspectionResults.id, id), visibleResult(auth.scope)));
  if (!result) throw notFound('检查结果');
  if (review) {
    const [own] = await selectResults(services.db).where(and(eq(inspectionResults.id, id), reviewableResult(auth.scope)));
    if (!own) throw forbidden('只有负责该检查结果的部门（任务的牵头部门）可以审核、公示和更正');
  }
  return view(result);
}

export function registerReviewRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());

  async function detail(auth: AuthContext, id: string) {
    const result = await scopedResult(services, auth, id, false);
    const [attachments, corrections, history] = await Promise.all([
      attachmentsOf(services.db, [result.taskObjectId]), correctionsOf(services.db, [result.id], await itemNamesOf(services, result.taskId)), resultHistory(services.db, result.id),
    ]);
    return { ...result, attachments, corrections, history, allowedEvents: allowedEvents(RESULT_TRANSITIONS, result.status).filter((e) => e !== 'save' && e !== 'submit') };
  }

  /** One review event on one result, guarded by the version the reviewer saw. */
  async function review(request: Parameters<typeof runChange>[0], auth: AuthContext, id: string, rowVersion: number, event: ResultEvent, extra: { comments?: string | null; withheld?: Withheld | null }) {
    const result = await scopedResult(services, auth, id, true);
    const state = { id, taskId: result.taskId, taskObjectId: result.taskObjectId, status: result.status };
    const moved = transitionResult(state, event, { isLeader: false });
    if (!moved.ok) throw workflowError(moved.error);
    if (rowVersion !== result.rowVersion) throw new AppError(409, 'VERSION_CONFLICT', `检查结果已被他人修改（最新版本号 ${result.rowVersion}），请刷新后重试`, [{ field: 'rowVersion', message: String(result.rowVersion) }]);
    const now = services.now();
    const set = event.type === 'publish'
      ? { status: moved.value.status, publishedBy: auth.user.id, publishedAt: now }
      : { status: moved.value.status, reviewedBy: auth.user.id, reviewedAt: now, reviewComments: extra.comments ?? null, ...(extra.withheld !== undefined ? { withheld: extra.withheld } : {}) };
    await runChange(request, services, async (tx, record) => {
      if (!(await updateResult(tx, id, rowVersion, set, now))) throw conflict('VERSION_CONFLICT', '检查结果已被他人修改，请刷新后重试');
      record.target('inspection_result', id);
      record.detail({
        taskId: result.taskId, taskObjectId: result.taskObjectId, from: result.status, to: moved.value.status, comments: extra.comments ?? null,
        ...(extra.withheld ? { withheld: extra.withheld } : {}),
        ...(event.type === 'publish' ? { publishDue: result.publishDue, publishedLate: result.publishDue !== null && today() > result.publishDue } : {}),
      });
      for (const e of moved.value.events) record.event(e);
      if (event.type === 'publish') await completeTasksWhenAllPublished(tx, [result.taskId], auth.user.id, record, now);
      if (event.type === 'approve') await openFollowUpOnApproval(tx, record, { id, departmentId: result.departmentId, regionCode: result.regionCode, disposal: result.disposal, resultCategory: result.resultCategory }, auth.user.id, now);
    });
    return detail(auth, id);
  }

  app.get('/api/inspection/results', {
    config: { access: 'inspection:result:list' },
    schema: { tags, summary: '检查结果列表（待审核在前；数据权限范围内）', querystring: ResultListQuery, response: { 200: ResultPage, ...errorResponses } },
  }, async (request) => {
    const page = await listResults(services.db, requireAuth(request.auth).scope, request.query, today());
    return { ...page, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.get('/api/inspection/results/:id', {
    config: { access: 'inspection:result:list' },
    schema: { tags, summary: '检查结果详情（附件、更正与全程记录）', params: IdParams, response: { 200: ResultDetail, ...errorResponses } },
  }, async (request) => detail(requireAuth(request.auth), request.params.id));

  app.post('/api/inspection/results/:id/return', {
    config: { access: 'inspection:result:review', summary: '退回检查结果' },
    schema: { tags, summary: '退回检查结果（须填写退回意见）', params: IdParams, body: ReturnInput, response: { 200: ResultDetail, ...errorResponses } },
  }, async (request) => review(request, requireAuth(request.auth), request.params.id, request.body.rowVersion, { type: 'return', comments: request.body.comments }, { comments: request.body.comments }));

  app.post('/api/inspection/results/:id/approve', {
    config: { access: 'inspection:result:review', summary: '审核通过检查结果' },
    schema: { tags, summary: '审核通过检查结果（可标记不予公示的字段及理由，渝北 四（九））', params: IdParams, body: ApproveInput, response: { 200: ResultDetail, ...errorResponses } },
  }, async (request) => review(request, requireAuth(request.auth), request.params.id, request.body.rowVersion, { type: 'approve' }, { comments: request.body.comments, withheld: request.body.withheld ?? null }));

  app.post('/api/inspection/results/:id/publish', {
    config: { access: 'inspection:result:publish', summary: '公示检查结果' },
    schema: { tags, summary: '公示检查结果（公示后不可修改，长春第19–20条）', params: IdParams, body: PublishInput, response: { 200: ResultDetail, ...errorResponses } },
  }, async (request) => review(request, requireAuth(request.auth), request.params.id, request.body.rowVersion, { type: 'publish' }, {}));

  app.post('/api/inspection/results/publish', {
    config: { access: 'inspection:result:publish', summary: '批量公示检查结果' },
    schema: { tags, summary: '批量公示已审核通过的检查结果（全部成功或全部不公示）', body: BatchPublishInput, response: { 200: BatchPublishResult, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const ids = [...new Set(request.body.ids)];
    const visible = await services.db.select({ id: inspectionResults.id }).from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
      .where(and(inArray(inspectionResults.id, ids), visibleResult(auth.scope)));
    const seen = new Set(visible.map((v) => v.id));
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length > 0) throw notFound(`检查结果 ${missing.slice(0, 3).join('、')}${missing.length > 3 ? ` 等 ${missing.length} 条` : ''}`);
    const own = await services.db.select({ id: inspectionResults.id, status: inspectionResults.status, taskId: inspectionResults.taskId, taskObjectId: inspectionResults.taskObjectId, publishDue: inspectionResults.publishDue })
      .from(inspectionResults).where(and(inArray(inspectionResults.id, ids), reviewableResult(auth.scope)));
    if (own.length !== ids.length) throw forbidden('所选检查结果中有不属于本部门负责的，只有负责的部门可以公示');
    const notReady = own.filter((r) => r.status !== 'approved');
    if (notReady.length > 0) throw conflict('RESULT_ILLEGAL_TRANSITION', `所选检查结果中有 ${notReady.length} 条不是“已通过”状态，不能公示；本次未公示任何结果`);
    const now = services.now();
    await runChange(request, services, async (tx, record) => {
      const updated = await tx.update(inspectionResults).set({ status: 'published', publishedBy: auth.user.id, publishedAt: now, updatedAt: now, rowVersion: sql`${inspectionResults.rowVersion} + 1` })
        .where(and(inArray(inspectionResults.id, ids), eq(inspectionResults.status, 'approved'))).returning({ id: inspectionResults.id });
      if (updated.length !== ids.length) throw conflict('RESULT_ILLEGAL_TRANSITION', '所选检查结果在公示前已被他人处理；本次未公示任何结果，请刷新后重试');
      record.target('inspection_results', ids.length === 1 ? (ids[0] ?? '') : `${ids.length}`);
      record.detail({ published: ids.length, taskIds: [...new Set(own.map((r) => r.taskId))], late: own.filter((r) => r.publishDue !== null && shanghaiDate(now) > r.publishDue).length });
      for (const r of own) record.event({ type: 'InspectionResultStatusChanged', resultId: r.id, taskId: r.taskId, taskObjectId: r.taskObjectId, from: 'approved', to: 'published', event: 'publish' });
      await completeTasksWhenAllPublished(tx, own.map((r) => r.taskId), auth.user.id, record, now);
    }).catch((error: unknown) => {
      if (frozenByDatabase(error)) throw conflict('RESULT_PUBLISHED', '所选检查结果中有已公示的，本次未公示任何结果');
      throw error;
    });
    return { published: ids.length, ids };
  });
}
