/**
 * 回避申请 (issue #8 item 8; 威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」, 长春第13条). An inspector (or the
 * department's administrator for one of its inspectors) applies to be recused from an entity, or from a place in the team
 * of a matched task, with a reason; the head of the inspector's department (or the 双随机办) approves or rejects. Both
 * steps are logged in the transaction that makes them. Approval declares the conflict (inspector_conflicts), which the
 * matching engine excludes (server/modules/matching/instance.ts), and for a team place requests the 执法回避 replacement
 * that the head then approves in the existing flow (server/modules/matching/replacement_routes.ts), where the engine
 * chooses who replaces the inspector.
 */
import { regionPrefix } from '../../../domain/access/data_scope';
import type { RecusalDecider } from '../../../domain/directory/recusal_application';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { shanghaiDate } from '../../http/today';
import { entityChoices, entityExists, getInspectorInScope, insertRecusal } from '../inspectors/store';
import { EntityChoice } from '../inspectors/schema';
import { getMember, insertReplacement, nextSeq } from '../matching/replacement_store';
import { requireAuth } from '../users/routes';
import { z } from 'zod';
import {
  RecusalApplicant, RecusalApplicantQuery, RecusalApplicationInput, RecusalApplicationPage, RecusalApplicationParams, RecusalApplicationQuery, RecusalApplicationRow,
  RecusalDecisionInput, RecusalEntityQuery, RecusalRejectInput,
} from './schema';
import {
  activeAssignments, decideApplication, getApplication, hasActiveConflict, hasPendingApplication, insertApplication, inspectorOfUser, linkOutcome, listApplications,
  pendingReplacementOf, present, taskStatusOf,
} from './store';

const tags = ['一单两库-回避申请'];
const BASE = '/api/directory/recusal-applications';

export function deciderOf(auth: AuthContext): RecusalDecider | null {
  if (!auth.permissions.has('directory:recusal:decide')) return null;
  return { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys: auth.roles.map((r) => r.key) };
}

export function registerRecusalApplicationRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;

  /** The inspector applying: the one named (in the caller's scope) or the caller's own record. */
  async function applicantOf(auth: AuthContext, inspectorId: string | null | undefined) {
    const id = inspectorId ?? (await inspectorOfUser(db, auth.user.id));
    if (!id) throw badRequest('VALIDATION_FAILED', '您的账号没有关联执法检查人员，请选择申请回避的执法检查人员', [{ field: 'inspectorId', message: '请选择执法检查人员' }]);
    const inspector = await getInspectorInScope(db, auth.scope, id, shanghaiDate(services.now()));
    if (!inspector) throw notFound('执法检查人员');
    return inspector;
  }

  async function applicationInScope(auth: AuthContext, id: string) {
    const row = await getApplication(db, auth.scope, id);
    if (!row) throw notFound('回避申请');
    return row;
  }

  function checkDecision(auth: AuthContext, row: Parameters<typeof present>[0], rowVersion: number): void {
    const refusal = present(row, deciderOf(auth)).decideRefusal;
    if (row.status !== 'pending') throw conflict('RECUSAL_APPLICATION_DECIDED', `该回避申请已${row.status === 'approved' ? '同意' : '不同意'}，不能再审批`);
    if (refusal) throw forbidden(refusal);
    if (row.rowVersion !== rowVersion) throw conflict('STALE_ROW_VERSION', `回避申请已被他人处理（当前版本 ${row.rowVersion}），请刷新后重试`);
  }

  app.get(BASE, {
    config: { access: 'directory:inspector:list' },
    schema: { tags, summary: '回避申请（本人的、本部门的或本区域的）', querystring: RecusalApplicationQuery, response: { 200: RecusalApplicationPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return listApplications(db, auth.scope, request.query, deciderOf(auth));
  });

  app.get(`${BASE}/applicant`, {
    config: { access: 'directory:recusal:apply' },
    schema: { tags, summary: '申请人：执法检查人员及其已分配的检查任务（派发后、检查中）', querystring: RecusalApplicantQuery, response: { 200: RecusalApplicant, ...errorResponses } },
  }, async (request) => {
    const inspector = await applicantOf(requireAuth(request.auth), request.query.inspectorId);
    return { inspectorId: inspector.id, inspectorName: inspector.name, certificateNo: inspector.certificateNo, assignments: await activeAssignments(db, inspector.id) };
  });

  app.get(`${BASE}/entity-choices`, {
    config: { access: 'directory:recusal:apply' },
    schema: { tags, summary: '查找申请回避的检查对象（人员所在市（州）内，最多 20 个）', querystring: RecusalEntityQuery, response: { 200: z.array(EntityChoice), ...errorResponses } },
  }, async (request) => {
    const inspector = await applicantOf(requireAuth(request.auth), request.query.inspectorId);
    return entityChoices(db, regionPrefix(inspector.regionCode).slice(0, 4), request.query.keyword);
  });

  app.post(BASE, {
    config: { access: 'directory:recusal:apply', summary: '申请回避' },
    schema: { tags, summary: '申请回避（检查对象或已分配的检查任务，须写明理由），由部门负责人审批', body: RecusalApplicationInput, response: { 201: RecusalApplicationRow, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const inspector = await applicantOf(auth, input.inspectorId);
    let entityId = input.entityId;
    if (input.teamMemberId !== null) {
      const member = await getMember(db, input.teamMemberId);
      if (!member || member.inspectorId !== inspector.id) throw notFound('检查任务分工');
      const status = await taskStatusOf(db, member.taskId);
      if (!member.active || (status !== 'dispatched' && status !== 'inspecting')) throw conflict('RECUSAL_ASSIGNMENT_INACTIVE', '该人员已不在这项检查任务的检查组中，或任务已不在派发、检查阶段');
      entityId = member.entityId;
    } else if (entityId !== null && !(await entityExists(db, entityId))) {
      throw badRequest('VALIDATION_FAILED', '所选检查对象不存在', [{ field: 'entityId', message: '检查对象不存在' }]);
    }
    if (entityId === null) throw new Error('schema lets neither entity nor assignment through');
    const target = entityId;
    if (input.teamMemberId === null && (await hasActiveConflict(db, inspector.id, target))) throw conflict('RECUSAL_EXISTS', '已有对该检查对象的有效回避登记，无需再申请');
    if (await hasPendingApplication(db, inspector.id, target)) throw conflict('RECUSAL_APPLICATION_PENDING', '已有对该检查对象的回避申请待审批');
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertApplication(tx, {
        inspectorId: inspector.id, departmentId: inspector.departmentId, regionCode: inspector.regionCode, entityId: target, teamMemberId: input.teamMemberId,
        reason: input.reason, appliedBy: auth.user.id, appliedAt: services.now(),
      });
      record.target('recusal_application', created);
      record.detail({ inspectorId: inspector.id, entityId: target, teamMemberId: input.teamMemberId, reason: input.reason });
      record.event({ type: 'RecusalApplied', applicationId: created, inspectorId: inspector.id, entityId: target, teamMemberId: input.teamMemberId });
      return created;
    }).catch((error: unknown) => {
      if (uniqueViolation(error) !== null) throw conflict('RECUSAL_APPLICATION_PENDING', '已有对该检查对象的回避申请待审批');
      throw error;
    });
    return reply.status(201).send(present(await applicationInScope(auth, id), deciderOf(auth)));
  });

  app.post(`${BASE}/:id/approve`, {
    config: { access: 'directory:recusal:decide', summary: '同意回避申请' },
    schema: { tags, summary: '同意回避：登记回避（匹配时排除）；已分配检查任务的，同时提出执法回避替换申请', params: RecusalApplicationParams, body: RecusalDecisionInput, response: { 200: RecusalApplicationRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const row = await applicationInScope(auth, request.params.id);
    checkDecision(auth, row, request.body.rowVersion);
    const member = row.teamMemberId ? await getMember(db, row.teamMemberId) : null;
    const taskStatus = member ? await taskStatusOf(db, member.taskId) : null;
    const replaceable = member !== null && member.active && (taskStatus === 'dispatched' || taskStatus === 'inspecting') && (await pendingReplacementOf(db, member.memberId)) === null;
    const existing = await hasActiveConflict(db, row.inspectorId, Number(row.entityId));
    await runChange(request, services, async (tx, record) => {
      const now = services.now();
      const won = await decideApplication(tx, row.id, row.rowVersion, { status: 'approved', decidedBy: auth.user.id, decidedAt: now, decisionComment: request.body.comment });
      if (!won) throw conflict('STALE_ROW_VERSION', '回避申请已被他人处理，请刷新后重试');
      const conflictId = existing ?? await insertRecusal(tx, { inspectorId: row.inspectorId, entityId: Number(row.entityId), personName: null, reason: row.reason, createdBy: auth.user.id }, now);
      let replacementId: string | null = null;
      if (member && replaceable) {
        const seq = await nextSeq(tx, member.taskId);
        replacementId = await insertReplacement(tx, {
          taskId: member.taskId, seq, kind: 'inspector', teamMemberId: member.memberId, departmentId: member.departmentId, reason: 'recusal',
          note: `回避申请已同意：${row.reason}`, requestedBy: row.appliedBy, requestedAt: now,
        });
        record.event({ type: 'ReplacementRequested', replacementId, taskId: member.taskId, seq, reason: 'recusal' });
      }
      await linkOutcome(tx, row.id, conflictId, replacementId);
      record.target('recusal_application', row.id);
      record.detail({ decision: 'approved', inspectorId: row.inspectorId, entityId: Number(row.entityId), comment: request.body.comment, conflictId, replacementId });
      record.event({ type: 'RecusalApplicationDecided', applicationId: row.id, inspectorId: row.inspectorId, decision: 'approved', conflictId, replacementId });
      if (!existing) record.event({ type: 'InspectorRecusalDeclared', inspectorId: row.inspectorId, conflictId, entityId: Number(row.entityId), personName: null });
    });
    return present(await applicationInScope(auth, row.id), deciderOf(auth));
  });

  app.post(`${BASE}/:id/reject`, {
    config: { access: 'directory:recusal:decide', summary: '不同意回避申请' },
    schema: { tags, summary: '不同意回避（须写明理由）', params: RecusalApplicationParams, body: RecusalRejectInput, response: { 200: RecusalApplicationRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const row = await applicationInScope(auth, request.params.id);
    checkDecision(auth, row, request.body.rowVersion);
    await runChange(request, services, async (tx, record) => {
      const won = await decideApplication(tx, row.id, row.rowVersion, { status: 'rejected', decidedBy: auth.user.id, decidedAt: services.now(), decisionComment: request.body.comment });
      if (!won) throw conflict('STALE_ROW_VERSION', '回避申请已被他人处理，请刷新后重试');
      record.target('recusal_application', row.id);
      record.detail({ decision: 'rejected', inspectorId: row.inspectorId, entityId: Number(row.entityId), comment: request.body.comment });
      record.event({ type: 'RecusalApplicationDecided', applicationId: row.id, inspectorId: row.inspectorId, decision: 'rejected', conflictId: null, replacementId: null });
    });
    return present(await applicationInScope(auth, row.id), deciderOf(auth));
  });
}
