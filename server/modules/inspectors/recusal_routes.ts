/**
 * 回避 (recusal): 威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」; 曲阳第16条. An inspector's declared
 * conflicts of interest, with an entity from the directory or a named person. A declaration is never
 * edited or deleted: it is withdrawn, and both steps are in the operation log with who and when.
 */
import { z } from 'zod';
import { regionPrefix } from '../../../domain/access/data_scope';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { shanghaiDate } from '../../http/today';
import { requireAuth } from '../users/routes';
import { EntityChoice, EntityChoiceQuery, RecusalInput, RecusalParams, RecusalRow, WithdrawInput, type InspectorRow } from './schema';
import { entityChoices, entityExists, getInspectorInScope, getRecusal, insertRecusal, listRecusals, withdrawRecusal } from './store';

const tags = ['一单两库-执法检查人员'];

export function registerRecusalRoutes(app: TypedApp, services: AppServices): void {
  async function inspectorOf(auth: AuthContext, id: string): Promise<InspectorRow> {
    const row = await getInspectorInScope(services.db, auth.scope, id, shanghaiDate(services.now()));
    if (!row) throw notFound('执法检查人员');
    return row;
  }

  app.get('/api/directory/inspectors/:id/recusals', {
    config: { access: 'directory:inspector:list' },
    schema: { tags, summary: '回避登记（含已撤回）', params: idParams, response: { 200: z.array(RecusalRow), ...errorResponses } },
  }, async (request) => listRecusals(services.db, (await inspectorOf(requireAuth(request.auth), request.params.id)).id));

  app.get('/api/directory/inspectors/:id/entity-choices', {
    config: { access: 'directory:inspector:update' },
    schema: { tags, summary: '查找回避的检查对象（人员所在市（州）内，最多 20 个）', params: idParams, querystring: EntityChoiceQuery, response: { 200: z.array(EntityChoice), ...errorResponses } },
  }, async (request) => {
    const inspector = await inspectorOf(requireAuth(request.auth), request.params.id);
    return entityChoices(services.db, regionPrefix(inspector.regionCode).slice(0, 4), request.query.keyword);
  });

  app.post('/api/directory/inspectors/:id/recusals', {
    config: { access: 'directory:inspector:update', summary: '登记回避' },
    schema: { tags, summary: '登记回避（检查对象或人员，须写明理由）', params: idParams, body: RecusalInput, response: { 201: RecusalRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const inspector = await inspectorOf(auth, request.params.id);
    const input = request.body;
    if (input.entityId !== null && !(await entityExists(services.db, input.entityId))) {
      throw badRequest('VALIDATION_FAILED', '所选检查对象不存在', [{ field: 'entityId', message: '检查对象不存在' }]);
    }
    const active = (await listRecusals(services.db, inspector.id)).filter((r) => r.active);
    if (active.some((r) => (input.entityId !== null && r.entityId === input.entityId) || (input.personName !== null && r.personName === input.personName))) {
      throw conflict('RECUSAL_EXISTS', '已有相同对象的有效回避登记');
    }
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertRecusal(tx, { inspectorId: inspector.id, entityId: input.entityId, personName: input.personName, reason: input.reason, createdBy: auth.user.id }, services.now());
      record.target('inspector', inspector.id);
      record.detail({ recusalId: created, entityId: input.entityId, personName: input.personName, reason: input.reason });
      record.event({ type: 'InspectorRecusalDeclared', inspectorId: inspector.id, conflictId: created, entityId: input.entityId, personName: input.personName });
      return created;
    });
    const row = await getRecusal(services.db, inspector.id, id);
    if (!row) throw new Error('recusal not found after insert');
    return reply.status(201).send(row);
  });

  app.post('/api/directory/inspectors/:id/recusals/:recusalId/withdraw', {
    config: { access: 'directory:inspector:update', summary: '撤回回避' },
    schema: { tags, summary: '撤回回避登记（记录保留）', params: RecusalParams, body: WithdrawInput, response: { 200: RecusalRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const inspector = await inspectorOf(auth, request.params.id);
    const before = await getRecusal(services.db, inspector.id, request.params.recusalId);
    if (!before) throw notFound('回避登记');
    if (!before.active) throw conflict('RECUSAL_WITHDRAWN', '该回避登记已撤回');
    await runChange(request, services, async (tx, record) => {
      await withdrawRecusal(tx, before.id, services.now());
      record.target('inspector', inspector.id);
      record.detail({ recusalId: before.id, reason: request.body.reason });
      record.event({ type: 'InspectorRecusalWithdrawn', inspectorId: inspector.id, conflictId: before.id });
    });
    const row = await getRecusal(services.db, inspector.id, before.id);
    if (!row) throw notFound('回避登记');
    return row;
  });
}
