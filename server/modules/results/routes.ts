/**
 * 检查实施与结果 — the inspector's side (issue #10 items 3 and 9; results_contract.md): my objects, one object with its
 * entity, team, checklist items (every participating department's: 进一次门、查多项事), result and attachments; saving a
 * draft (rowVersion: the second of two people saving gets 409 with the newer version) and the idempotent submission
 * the offline outbox replays (clientId). Only the object's active team leader enters (谁检查、谁录入); members read.
 */
import { eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { dateOnly } from '../../../domain/calendar/civil_date';
import { checkResult } from '../../../domain/inspection/result_check';
import { transitionResult, type ResultStatus } from '../../../domain/inspection/result_states';
import { inspectionResults } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { startInspectionOnFirstResult } from './task_progress';
import { AppError, badRequest, conflict, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { workflowError } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { resultDeadlines } from './deadlines';
import { MyObjectRow, ObjectDetail, ObjectParams, ResultView, SaveResultInput, SubmissionInput, VersionConflictBody, type ResultInput } from './schema';
import { ENTRY_TASK_STATUSES, listMyObjects, objectContext, objectItems, teamsOf, teamSummary, visitPartners, type ObjectContext } from './store';
import { attachmentsOf, resultOfObject, resultWhere, view } from './views';
import { insertResult, lockResultOfObject, updateResult, type NewResult } from './write';

const tags = ['检查实施-检查结果录入'];

/** Thrown inside a change when the row moved on; answered as 409 VERSION_CONFLICT with the current result. */
class StaleResult extends Error {}

export function registerResultEntryRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);
  const today = () => shanghaiDate(services.now());

  /** The object, 404 when it does not exist, 403 when the caller is not on its team. */
  async function memberContext(userId: string, taskObjectId: string): Promise<ObjectContext & { membership: { isLeader: boolean } }> {
    const ctx = await objectContext(services.db, userId, taskObjectId);
    if (!ctx) throw notFound('检查对象');
    if (!ctx.membership) throw forbidden('您不是该检查对象检查组的成员，不能查看或录入其检查结果');
    return { ...ctx, membership: ctx.membership };
  }

  function requireEntryOpen(ctx: ObjectContext): void {
    if (!ENTRY_TASK_STATUSES.includes(ctx.task.status)) throw conflict('TASK_NOT_INSPECTING', `抽查任务“${ctx.task.name}”不在检查阶段，不能录入检查结果`);
    if (ctx.objectStatus === 'replaced') throw conflict('OBJECT_REPLACED', '该检查对象已被替换，不能录入检查结果');
  }

  /** The domain check of the input against the object (400 naming each field), and what is stored. */
  async function prepare(ctx: ObjectContext, input: ResultInput, mode: 'draft' | 'submit'): Promise<NewResult> {
    const items = await objectItems(services.db, ctx.task.spec);
    const checked = checkResult(input, { items, periodStart: dateOnly(ctx.task.periodStart), today: today(), mode });
    if (!checked.ok) {
      const first = checked.error[0];
      throw badRequest('RESULT_INVALID', first ? first.message : '检查结果不完整', checked.error.map((e) => ({ field: e.field, message: e.message })));
    }
    const due = await resultDeadlines(services.db, cache, ctx.task.regionCode, dateOnly(input.checkDate));
    return {
      taskId: ctx.task.id, taskObjectId: ctx.taskObjectId, entityId: ctx.entity.id, departmentId: ctx.task.leadDepartmentId, regionCode: ctx.task.regionCode,
      checkDate: input.checkDate, checkMethod: input.checkMethod, resultCategory: input.resultCategory, disposal: input.disposal,
      itemFindings: checked.value.findings, note: input.note ?? null, signature: input.signature, completedWithoutCheck: checked.value.completedWithoutCheck, ...due,
    };
  }

  async function conflictReply(reply: FastifyReply, taskObjectId: string, message: string) {
    const current = await resultOfObject(services.db, taskObjectId);
    return reply.status(409).header('x-error-code', 'VERSION_CONFLICT').send({ code: 'VERSION_CONFLICT', message, ...(current ? { current: view(current) } : {}) });
  }

  app.get('/api/inspection/my-objects', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '我的检查对象（本人为检查组成员的已派发任务）', response: { 200: z.object({ rows: z.array(MyObjectRow) }), ...errorResponses } },
  }, async (request) => ({ rows: await listMyObjects(services.db, requireAuth(request.auth).user.id) }));

  app.get('/api/inspection/objects/:taskObjectId', {
    config: { access: 'inspection:object:list' },
    schema: { tags, summary: '检查对象详情：主体信息、检查组、各部门检查事项、检查结果与附件', params: ObjectParams, response: { 200: ObjectDetail, ...errorResponses } },
  }, async (request) => {
    const ctx = await memberContext(requireAuth(request.auth).user.id, request.params.taskObjectId);
    const [items, team, partners, result, attachments] = await Promise.all([
      objectItems(services.db, ctx.task.spec), teamsOf(services.db, [ctx.taskObjectId]), visitPartners(services.db, ctx.visitId, ctx.taskObjectId),
      resultOfObject(services.db, ctx.taskObjectId), attachmentsOf(services.db, [ctx.taskObjectId]),
    ]);
    return {
      taskObjectId: ctx.taskObjectId, taskId: ctx.task.id, taskCode: ctx.task.code, taskName: ctx.task.name, taskStatus: ctx.task.status,
      entity: {
        id: String(ctx.entity.id), name: ctx.entity.name, creditCode: ctx.entity.creditCode, address: ctx.entity.address, regionCode: ctx.entity.regionCode,
        legalRepresentative: ctx.entity.legalRepresentative, industryCode: ctx.entity.industryCode, entityType: ctx.entity.entityType, registrationStatus: ctx.entity.status,
      },
      isLeader: ctx.membership.isLeader, teamSummary: teamSummary(team), periodStart: ctx.task.periodStart, periodEnd: ctx.task.periodEnd, objectStatus: ctx.objectStatus,
      entryDue: result?.entryDue ?? null, publishDue: result?.publishDue ?? null, dueProvisional: result?.dueProvisional ?? false,
      team: team.map(({ taskObjectId: _t, ...m }) => m), items, visitObjects: partners, result: result ? view(result) : null, attachments,
    };
  });

  app.put('/api/inspection/objects/:taskObjectId/result', {
    config: { access: 'inspection:result:enter', summary: '保存检查结果' },
    schema: {
      tags, summary: '保存检查结果草稿（检查组组长；rowVersion 过期时 409 并返回最新版本）', params: ObjectParams, body: SaveResultInput,
      response: { 200: ResultView, ...errorResponses, 409: VersionConflictBody },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const ctx = await memberContext(auth.user.id, request.params.taskObjectId);
    const { rowVersion, ...input } = request.body;
    const existing = await resultOfObject(services.db, ctx.taskObjectId);
    const state = { id: existing?.id ?? '', taskId: ctx.task.id, taskObjectId: ctx.taskObjectId, status: (existing?.status ?? 'draft') };
    const moved = transitionResult(state, { type: 'save' }, ctx.membership);
    if (!moved.ok) throw workflowError(moved.error);
    requireEntryOpen(ctx);
    if ((existing?.rowVersion ?? null) !== rowVersion) {
      return conflictReply(reply, ctx.taskObjectId, existing ? `检查结果已被他人修改（最新版本号 ${existing.rowVersion}），请核对后重试` : '检查结果尚未保存过，版本号应为 null');
    }
    const values = await prepare(ctx, input, 'draft');
    try {
      const id = await runChange(request, services, async (tx, record) => {
        await startInspectionOnFirstResult(tx, ctx.task.id, auth.user.id, record, services.now());
        let resultId: string;
        let version: number;
        if (existing) {
          if (!(await updateResult(tx, existing.id, existing.rowVersion, { ...values, enteredBy: auth.user.id }, services.now()))) throw new StaleResult();
          resultId = existing.id;
          version = existing.rowVersion + 1;
        } else {
          const inserted = await insertResult(tx, values, { status: 'draft', enteredBy: auth.user.id, now: services.now() });
          if (!inserted) throw new StaleResult();
          resultId = inserted;
          version = 1;
        }
        record.target('inspection_result', resultId);
        record.detail({ taskObjectId: ctx.taskObjectId, status: state.status, rowVersion: version, checkDate: values.checkDate, resultCategory: values.resultCategory });
        record.event({ type: 'InspectionResultSaved', resultId, taskId: ctx.task.id, taskObjectId: ctx.taskObjectId, status: state.status, rowVersion: version });
        return resultId;
      });
      const saved = await resultWhere(services.db, eq(inspectionResults.id, id));
      if (!saved) throw notFound('检查结果');
      return view(saved);
    } catch (error) {
      if (error instanceof StaleResult) return conflictReply(reply, ctx.taskObjectId, '检查结果已被他人修改，请核对最新版本后重试');
      throw error;
    }
  });

  app.post('/api/inspection/submissions', {
    config: { access: 'inspection:result:enter', summary: '提交检查结果' },
    schema: {
      tags, summary: '提交检查结果审核（幂等：同一 clientId 重发返回同一结果；离线发件箱重放此接口）', body: SubmissionInput,
      response: { 200: ResultView, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { clientId, taskObjectId } = request.body;
    const ctx = await memberContext(auth.user.id, taskObjectId);
    const replayed = await resultWhere(services.db, eq(inspectionResults.submitClientId, clientId));
    if (replayed && replayed.taskObjectId !== taskObjectId) throw conflict('CLIENT_ID_REUSED', '该提交编号（clientId）已用于另一检查对象的提交，请重新生成');
    let values: NewResult | null = null;
    if (!replayed) {
      const existing = await resultOfObject(services.db, taskObjectId);
      const state = { id: existing?.id ?? '', taskId: ctx.task.id, taskObjectId, status: (existing?.status ?? 'draft') };
      const moved = transitionResult(state, { type: 'submit' }, ctx.membership);
      if (!moved.ok) throw workflowError(moved.error);
      requireEntryOpen(ctx);
      values = await prepare(ctx, request.body.result, 'submit');
    }
    const id = await runChange(request, services, async (tx, record) => {
      if (values) await startInspectionOnFirstResult(tx, ctx.task.id, auth.user.id, record, services.now());
      let locked = await lockResultOfObject(tx, taskObjectId);
      if (!locked && values) {
        const inserted = await insertResult(tx, values, { status: 'submitted', enteredBy: auth.user.id, submittedBy: auth.user.id, submitClientId: clientId, now: services.now() });
        if (inserted) {
          record.target('inspection_result', inserted);
          record.detail({ taskObjectId, clientId, entryDue: values.entryDue, publishDue: values.publishDue });
          record.event({ type: 'InspectionResultStatusChanged', resultId: inserted, taskId: ctx.task.id, taskObjectId, from: 'draft', to: 'submitted', event: 'submit' });
          return inserted;
        }
        locked = await lockResultOfObject(tx, taskObjectId);
      }
      if (!locked) throw notFound('检查结果');
      record.target('inspection_result', locked.id);
      if (locked.submitClientId === clientId) {
        // The same submission again (a retry, or a copy that arrived together): the same answer, nothing changed.
        record.detail({ taskObjectId, clientId, replay: true });
        return locked.id;
      }
      const moved = transitionResult({ id: locked.id, taskId: ctx.task.id, taskObjectId, status: locked.status as ResultStatus }, { type: 'submit' }, ctx.membership);
      if (!moved.ok) throw workflowError(moved.error);
      if (!values) throw new AppError(409, 'RESULT_ILLEGAL_TRANSITION', '检查结果已提交');
      const late = today() > values.entryDue;
      await updateResult(tx, locked.id, locked.rowVersion, {
        ...values, status: moved.value.status, enteredBy: auth.user.id, submittedBy: auth.user.id, submittedAt: services.now(), submitClientId: clientId,
      }, services.now());
      record.detail({ taskObjectId, clientId, entryDue: values.entryDue, publishDue: values.publishDue, enteredLate: late });
      for (const e of moved.value.events) record.event(e);
      return locked.id;
    }).catch((error: unknown) => {
      if (uniqueViolation(error) === 'inspection_results_submit_client_uq') throw conflict('CLIENT_ID_REUSED', '该提交编号（clientId）已用于另一检查对象的提交，请重新生成');
      throw error;
    });
    const result = await resultWhere(services.db, eq(inspectionResults.id, id));
    if (!result) throw notFound('检查结果');
    return view(result);
  });
}
