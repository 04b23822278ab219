/**
 * 抽取 (the draw ceremony, issue #9 item 5; route list in schema.ts): reads, starting an attempt and voiding one.
 * The ceremony's steps (commit … publish) are in ceremony_routes.ts, the public documents in public_routes.ts.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { DomainEvent } from '../../../domain/events';
import { startDraw } from '../../../domain/workflow/draw_states';
import { drawPools, draws, tasks } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { conflict, errorResponses, notFound, uniqueViolation } from '../../http/errors';
import { idParams } from '../../http/fields';
import { assertDirectoriesFresh } from '../directory_confirmations/freshness';
import { requireAuth } from '../users/routes';
import { checkVersion, drawInScope, relock, transition, writeDraw } from './change_support';
import { actorFacts, drawDetail, drawRows } from './detail';
import { drawOf } from './domain_map';
import { poolChunks } from './pool_freeze';
import { DrawDetail, DrawObjectPage, DrawObjectQuery, DrawPage, DrawQuery, LedgerDocument, StartDrawInput, VoidDrawInput } from './schema';
import { drawsOfTask, getDrawById, listDraws, listObjects } from './store';
import { applyTaskEvent, specOf } from './task_link';

const tags = ['计划与抽取-抽取'];

export function registerDrawRoutes(app: TypedApp, services: AppServices): void {
  const detailOf = async (auth: ReturnType<typeof requireAuth>, id: string) => {
    const rec = await getDrawById(services.db, id);
    if (!rec) throw notFound('抽取');
    return drawDetail(services.db, auth, rec, services.now());
  };

  app.get('/api/draws', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '抽取列表（本人数据权限范围内）', querystring: DrawQuery, response: { 200: DrawPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { rows, total } = await listDraws(services.db, auth.scope, request.query);
    const out = await drawRows(services.db, auth, rows);
    return { rows: out, items: out, total, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.get('/api/draws/:id', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '抽取详情（承诺、分层、监督员、随机值、可办理的操作）', params: idParams, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return drawDetail(services.db, auth, await drawInScope(services.db, auth, request.params.id), services.now());
  });

  app.post('/api/draws', {
    config: { access: 'workflow:draw:operate', summary: '开始抽取' },
    schema: { tags, summary: '为已发布的抽查任务开始一次抽取（任务进入抽取中；一个任务同时只能有一次抽取在进行）', body: StartDrawInput, response: { 201: DrawDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const [task] = await services.db.select().from(tasks)
      .where(and(eq(tasks.id, request.body.taskId), scopeWhere(auth.scope, { regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId }))).limit(1);
    if (!task) throw notFound('抽查任务');
    const started = startDraw((await drawsOfTask(services.db, task.id)).map(drawOf), {
      id: randomUUID(), taskId: task.id, regionCode: task.regionCode, operatorId: auth.user.id, requiredSupervisors: specOf(task).supervisorsRequired,
    });
    if (!started.ok) throw conflict(started.error.code, started.error.message);
    // 长春第7条: 每次组织抽查活动前必须对“两库”进行更新确认 — the lead and every participating department.
    for (const departmentId of [task.leadDepartmentId, ...task.participatingDepartmentIds]) await assertDirectoriesFresh(services.db, departmentId, services.now());
    const draw = started.value;
    await runChange(request, services, async (tx, record) => {
      for (const e of await applyTaskEvent(tx, task.id, { type: 'start_draw' }, actorFacts(auth))) record.event(e);
      await tx.insert(draws).values({
        id: draw.id, taskId: draw.taskId, regionCode: draw.regionCode, attempt: draw.attempt, previousDrawId: draw.previousDrawId,
        operatorId: draw.operatorId, requiredSupervisors: draw.requiredSupervisors, status: draw.status, createdAt: services.now(), updatedAt: services.now(),
      });
      record.target('draw', draw.id);
      record.detail({ taskId: task.id, taskCode: task.code, attempt: draw.attempt, previousDrawId: draw.previousDrawId });
      record.event({ type: 'DrawStatusChanged', drawId: draw.id, taskId: task.id, attempt: draw.attempt, from: 'none', to: 'preparing', event: 'start' } satisfies DomainEvent);
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('DRAW_ALREADY_RUNNING', '该任务已有一次抽取正在进行，须完成或作废后才能重新抽取');
      throw error;
    });
    return reply.status(201).send(await detailOf(auth, draw.id));
  });

  app.post('/api/draws/:id/void', {
    config: { access: 'workflow:draw:void', summary: '作废抽取' },
    schema: { tags, summary: '在凭证公布前作废本次抽取（须填写原因；任务回到已发布，可重新抽取）', params: idParams, body: VoidDrawInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'void', reason: request.body.reason });
    await runChange(request, services, async (tx, record) => {
      const current = await relock(tx, rec.id, request.body.rowVersion);
      const moved = transition(auth, current, { type: 'void', reason: request.body.reason });
      await writeDraw(tx, current, moved.draw, { voidedBy: auth.user.id }, services.now());
      if (current.taskStatus === 'drawing') {
        for (const e of await applyTaskEvent(tx, current.taskId, { type: 'draw_voided', reason: request.body.reason }, actorFacts(auth))) record.event(e);
      }
      record.target('draw', rec.id);
      record.detail({ taskId: rec.taskId, attempt: rec.attempt, from: rec.status, reason: moved.draw.voidReason, commitmentHash: rec.commitmentHash });
      for (const e of moved.events) record.event(e);
    });
    return detailOf(auth, rec.id);
  });

  app.get('/api/draws/:id/objects', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '抽中的检查对象与备选名单', params: idParams, querystring: DrawObjectQuery, response: { 200: DrawObjectPage, ...errorResponses } },
  }, async (request) => {
    const rec = await drawInScope(services.db, requireAuth(request.auth), request.params.id);
    const { rows, total } = await listObjects(services.db, rec.id, request.query);
    return { rows, items: rows, total, page: request.query.page, pageSize: request.query.pageSize };
  });

  app.get('/api/draws/:id/pool.csv', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '冻结的名录库文件（id,stratum,salt；供核验者重算抽取）', params: idParams },
  }, async (request, reply) => {
    const rec = await drawInScope(services.db, requireAuth(request.auth), request.params.id);
    const [pool] = await services.db.select({ n: drawPools.entryCount }).from(drawPools).where(eq(drawPools.drawId, rec.id));
    if (!pool) throw notFound('冻结的名录库');
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="pool-${rec.id}.csv"`);
    return reply.send(Readable.from(poolChunks(services.db, rec.id)));
  });

  app.get('/api/draws/:id/ledger', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '承诺所用的年度抽查台账（跨部门，每年抽查上限）', params: idParams, response: { 200: LedgerDocument, ...errorResponses } },
  }, async (request) => {
    const rec = await drawInScope(services.db, requireAuth(request.auth), request.params.id);
    const [pool] = await services.db.select({ year: drawPools.ledgerYear, ledger: drawPools.ledger, ledgerHash: drawPools.ledgerHash }).from(drawPools).where(eq(drawPools.drawId, rec.id));
    if (!pool) throw notFound('冻结的名录库');
    return { year: pool.year, ledgerHash: pool.ledgerHash, entries: pool.ledger as LedgerDocument['entries'] };
  });
}
