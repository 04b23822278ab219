/**
 * The transitions of a follow-up (domain/inspection/follow_up_states.ts): 移送 to another department or to a judicial
 * organ, 接收 / 退回 by the receiver, 收回 by the owner after a return, and 办结 with the outcome (复查 of a 责令改正,
 * 回执 of a judicial transfer). Each is guarded by the version the caller saw: of two concurrent answers exactly one
 * wins, the other gets 409 with the newer version.
 */
import { and, eq, sql } from 'drizzle-orm';
import { transitionFollowUp, type FollowUpEvent } from '../../../domain/inspection/follow_up_states';
import { followUps } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { workflowError } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { CloseFollowUpInput, FollowUpDetail, FollowUpIdParams, JudicialTransferInput, ReturnFollowUpInput, TransferInput, VersionInput } from './schema';
import { activeDepartment } from './store';
import { followUpReader, tags, versionConflict } from './routes';

type Columns = Partial<typeof followUps.$inferInsert>;

export function registerFollowUpActionRoutes(app: TypedApp, services: AppServices): void {
  const { today, load, detail } = followUpReader(services);
  const base = '/api/inspection/follow-ups/:id';

  async function act(request: Parameters<typeof runChange>[0], auth: AuthContext, id: string, rowVersion: number, event: FollowUpEvent | ((ownerDepartmentId: string) => FollowUpEvent), set: Columns): Promise<FollowUpDetail> {
    const current = await load(auth, id);
    const resolved = typeof event === 'function' ? event(current.ownerDepartmentId) : event;
    const moved = transitionFollowUp({ id, resultId: current.resultId, status: current.status, measure: current.measure }, resolved, { isOwner: current.isOwner, isReceiver: current.isReceiver });
    if (!moved.ok) throw workflowError(moved.error);
    if (rowVersion !== current.rowVersion) throw versionConflict(current.rowVersion);
    await runChange(request, services, async (tx, record) => {
      const updated = await tx.update(followUps).set({ ...set, status: moved.value.status, updatedAt: services.now(), rowVersion: sql`${followUps.rowVersion} + 1` })
        .where(and(eq(followUps.id, id), eq(followUps.rowVersion, rowVersion), eq(followUps.status, current.status))).returning({ id: followUps.id });
      if (updated.length === 0) throw conflict('VERSION_CONFLICT', '后续处置已被他人修改，请刷新后重试');
      record.target('follow_up', id);
      record.detail({ resultId: current.resultId, from: current.status, to: moved.value.status });
      for (const e of moved.value.events) record.event(e);
    });
    return detail(auth, id);
  }

  app.post(`${base}/transfer`, {
    config: { access: 'inspection:follow_up:transfer', summary: '移送后续处置至其他部门' },
    schema: { tags, summary: '移送其他部门（谁主管、谁负责，曲阳第22条、渝北 五（二））', params: FollowUpIdParams, body: TransferInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { rowVersion, toDepartmentId, reason, dueDate } = request.body;
    if (!(await activeDepartment(services.db, toDepartmentId))) throw badRequest('VALIDATION_FAILED', '接收部门不存在或已撤销', [{ field: 'toDepartmentId', message: '接收部门不存在或已撤销' }]);
    const now = services.now();
    return act(request, auth, request.params.id, rowVersion, (ownerDepartmentId) => ({ type: 'transfer', toDepartmentId, ownerDepartmentId, reason }), {
      receiverDepartmentId: toDepartmentId, judicialOrganKind: null, judicialOrganName: null, transferReason: reason, transferredBy: auth.user.id, transferredAt: now,
      acceptedBy: null, acceptedAt: null, returnReason: null, returnedAt: null, ...(dueDate !== undefined ? { dueDate } : {}),
    });
  });

  app.post(`${base}/transfer-judicial`, {
    config: { access: 'inspection:follow_up:transfer', summary: '移送司法机关' },
    schema: { tags, summary: '移送司法机关（涉嫌犯罪，东胜 四（四）3：做好告知移送记录）', params: FollowUpIdParams, body: JudicialTransferInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { rowVersion, organKind, organName, reason } = request.body;
    return act(request, auth, request.params.id, rowVersion, { type: 'transfer_judicial', organName, reason }, {
      receiverDepartmentId: null, judicialOrganKind: organKind, judicialOrganName: organName, transferReason: reason, transferredBy: auth.user.id, transferredAt: services.now(),
      acceptedBy: null, acceptedAt: null,
    });
  });

  app.post(`${base}/accept`, {
    config: { access: 'inspection:follow_up:accept', summary: '接收移送的后续处置' },
    schema: { tags, summary: '接收其他部门移送的后续处置', params: FollowUpIdParams, body: VersionInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return act(request, auth, request.params.id, request.body.rowVersion, { type: 'accept' }, { acceptedBy: auth.user.id, acceptedAt: services.now() });
  });

  app.post(`${base}/return`, {
    config: { access: 'inspection:follow_up:accept', summary: '退回移送的后续处置' },
    schema: { tags, summary: '退回移送（须写明理由，如不属本部门职责）', params: FollowUpIdParams, body: ReturnFollowUpInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { rowVersion, reason } = request.body;
    return act(request, auth, request.params.id, rowVersion, { type: 'return', reason }, { returnReason: reason, returnedAt: services.now() });
  });

  app.post(`${base}/resume`, {
    config: { access: 'inspection:follow_up:handle', summary: '收回后续处置' },
    schema: { tags, summary: '被退回后收回本部门处置', params: FollowUpIdParams, body: VersionInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => act(request, requireAuth(request.auth), request.params.id, request.body.rowVersion, { type: 'resume' }, {}));

  app.post(`${base}/close`, {
    config: { access: 'inspection:follow_up:handle', summary: '办结后续处置' },
    schema: { tags, summary: '办结（责令改正须登记复查，移送司法机关须登记回执）', params: FollowUpIdParams, body: CloseFollowUpInput, response: { 200: FollowUpDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { rowVersion, outcome } = request.body;
    const recheck = request.body.recheck ?? null;
    const receipt = request.body.receipt ?? null;
    return act(request, auth, request.params.id, rowVersion, { type: 'close', outcome, recheck, receipt, today: today() }, {
      outcome, closedBy: auth.user.id, closedAt: services.now(),
      ...(recheck ? { recheckDate: recheck.date, recheckRectified: recheck.rectified } : {}),
      ...(receipt ? { receiptNumber: receipt.number, receiptDate: receipt.date } : {}),
    });
  });
}
