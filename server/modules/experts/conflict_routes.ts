/**
 * 回避 of an expert (威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」, applied to the experts drawn with
 * them): declared conflicts with an entity of the directory or a named person (its 法定代表人), used by the matching
 * and the expert replacement (server/modules/matching/instance.ts expertPool). As for inspectors, a declaration is
 * never edited or deleted: it is withdrawn, and both steps are in the operation log.
 */
import { z } from 'zod';
import { regionPrefix } from '../../../domain/access/data_scope';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { EntityChoice, EntityChoiceQuery, RecusalInput, RecusalParams, WithdrawInput } from '../inspectors/schema';
import { entityChoices, entityExists } from '../inspectors/store';
import { requireAuth } from '../users/routes';
import { expertRegionCode, getExpertConflict, insertExpertConflict, listExpertConflicts, withdrawExpertConflict } from './conflict_store';
import { ExpertConflictRow, type ExpertRow } from './schema';
import { getExpertInScope } from './store';

const tags = ['一单两库-专家库'];

export function registerExpertConflictRoutes(app: TypedApp, services: AppServices): void {
  async function expertOf(auth: AuthContext, id: string): Promise<ExpertRow> {
    const row = await getExpertInScope(services.db, auth.scope, id);
    if (!row) throw notFound('专家');
    return row;
  }

  app.get('/api/directory/experts/:id/conflicts', {
    config: { access: 'directory:expert:list' },
    schema: { tags, summary: '专家的回避登记（含已撤回）', params: idParams, response: { 200: z.array(ExpertConflictRow), ...errorResponses } },
  }, async (request) => listExpertConflicts(services.db, (await expertOf(requireAuth(request.auth), request.params.id)).id));

  app.get('/api/directory/experts/:id/entity-choices', {
    config: { access: 'directory:expert:update' },
    schema: { tags, summary: '查找回避的检查对象（维护部门所在市（州）内，最多 20 个）', params: idParams, querystring: EntityChoiceQuery, response: { 200: z.array(EntityChoice), ...errorResponses } },
  }, async (request) => {
    const expert = await expertOf(requireAuth(request.auth), request.params.id);
    const region = await expertRegionCode(services.db, expert.id);
    return entityChoices(services.db, regionPrefix(region ?? '').slice(0, 4), request.query.keyword);
  });

  app.post('/api/directory/experts/:id/conflicts', {
    config: { access: 'directory:expert:update', summary: '登记专家回避' },
    schema: { tags, summary: '登记专家回避（检查对象或人员，须写明理由）', params: idParams, body: RecusalInput, response: { 201: ExpertConflictRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const expert = await expertOf(auth, request.params.id);
    const input = request.body;
    if (input.entityId !== null && !(await entityExists(services.db, input.entityId))) {
      throw badRequest('VALIDATION_FAILED', '所选检查对象不存在', [{ field: 'entityId', message: '检查对象不存在' }]);
    }
    const active = (await listExpertConflicts(services.db, expert.id)).filter((r) => r.active);
    if (active.some((r) => (input.entityId !== null && r.entityId === input.entityId) || (input.personName !== null && r.personName === input.personName))) {
      throw conflict('RECUSAL_EXISTS', '已有相同对象的有效回避登记');
    }
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertExpertConflict(tx, { expertId: expert.id, entityId: input.entityId, personName: input.personName, reason: input.reason, createdBy: auth.user.id }, services.now());
      record.target('expert', expert.id);
      record.detail({ conflictId: created, entityId: input.entityId, personName: input.personName, reason: input.reason });
      record.event({ type: 'ExpertConflictDeclared', expertId: expert.id, conflictId: created, entityId: input.entityId, personName: input.personName });
      return created;
    });
    const row = await getExpertConflict(services.db, expert.id, id);
    if (!row) throw new Error('expert conflict not found after insert');
    return reply.status(201).send(row);
  });

  app.post('/api/directory/experts/:id/conflicts/:recusalId/withdraw', {
    config: { access: 'directory:expert:update', summary: '撤回专家回避' },
    schema: { tags, summary: '撤回专家的回避登记（记录保留）', params: RecusalParams, body: WithdrawInput, response: { 200: ExpertConflictRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const expert = await expertOf(auth, request.params.id);
    const before = await getExpertConflict(services.db, expert.id, request.params.recusalId);
    if (!before) throw notFound('回避登记');
    if (!before.active) throw conflict('RECUSAL_WITHDRAWN', '该回避登记已撤回');
    await runChange(request, services, async (tx, record) => {
      if (!(await withdrawExpertConflict(tx, before.id, services.now()))) throw conflict('RECUSAL_WITHDRAWN', '该回避登记已撤回');
      record.target('expert', expert.id);
      record.detail({ conflictId: before.id, reason: request.body.reason });
      record.event({ type: 'ExpertConflictWithdrawn', expertId: expert.id, conflictId: before.id });
    });
    const row = await getExpertConflict(services.db, expert.id, before.id);
    if (!row) throw notFound('回避登记');
    return row;
  });
}
