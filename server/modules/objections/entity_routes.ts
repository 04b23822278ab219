/**
 * 异议 — the entity's side (issue #10 item 6; 威海第11条): signed in with its code (server/modules/entity_access), an
 * entity files an objection against one of ITS published results and follows it. Public routes that act only on the
 * entity of the `suiji_entity` session; another entity's result is not found (404). Its published results themselves
 * are on the public list (/api/public/results?creditCode=…).
 */
import { and, eq } from 'drizzle-orm';
import { inspectionResults } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { requireEntity } from '../entity_access/entity_session';
import { resultWhere, view } from '../results/views';
import { EntityObjectionInput, EntityObjectionList, EntityObjectionView } from './schema';
import { objectionsOfEntity } from './store';
import { fileObjection } from './write';

const tags = ['检查对象-异议'];

export function registerEntityObjectionRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);
  const today = () => shanghaiDate(services.now());

  app.get('/api/entity/objections', {
    config: { access: 'public' },
    schema: { tags, summary: '本单位提出的异议及复核、反馈情况（须凭验证码登录）', response: { 200: EntityObjectionList, ...errorResponses } },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    return { rows: await objectionsOfEntity(services.db, caller.entityId, today()) };
  });

  app.post('/api/entity/objections', {
    config: { access: 'public', summary: '检查对象在线提出异议' },
    schema: { tags, summary: '对本单位已公示的检查结果提出异议（须凭验证码登录；自收到之日起 20 个工作日内复查）', body: EntityObjectionInput, response: { 201: EntityObjectionView, ...errorResponses } },
  }, async (request, reply) => {
    const caller = await requireEntity(services.db, request, services.now());
    const found = await resultWhere(services.db, and(eq(inspectionResults.id, request.body.resultId), eq(inspectionResults.entityId, caller.entityId)));
    if (!found) throw notFound('检查结果');
    const id = await fileObjection(request, services, cache, view(found), {
      channel: 'online', receivedOn: today(), reason: request.body.reason, contactName: request.body.contactName, enteredBy: null,
    }, today(), null);
    const mine = (await objectionsOfEntity(services.db, caller.entityId, today())).find((o) => o.id === id);
    if (!mine) throw new Error('objection vanished right after filing');
    return reply.status(201).send(mine);
  });
}
