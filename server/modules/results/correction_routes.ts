/**
 * 更正 of a published result (长春第20条: 已公示的抽查结果不得随意更改，确需更正的须经主要负责人签字同意): requested with
 * a reason and the corrected values, approved or rejected by a 部门负责人 (dept_head) of the result's own department.
 * The original never changes (the database refuses it); an approved correction is published beside it and is frozen
 * too (migration 0026).
 */
import { and, eq, sql } from 'drizzle-orm';
import { resultCorrections } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { syncFollowUpWithCorrection } from '../follow_ups/sync';
import { requireAuth } from '../users/routes';
import { correctionById, correctionConflict, correctionsOf, insertCorrection, unknownCorrectionItems } from './review_store';
import { itemNamesOf, scopedResult } from './review_routes';
import { CorrectionInput, CorrectionView, DecisionInput, IdParams } from './schema';
import { frozenByDatabase } from './write';

const tags = ['检查结果-更正'];

export function registerCorrectionRoutes(app: TypedApp, services: AppServices): void {
  async function viewOf(resultId: string, taskId: string, id: string): Promise<CorrectionView> {
    const list = await correctionsOf(services.db, [resultId], await itemNamesOf(services, taskId));
    const found = list.find((c) => c.id === id);
    if (!found) throw notFound('结果更正');
    return found;
  }

  app.post('/api/inspection/results/:id/corrections', {
    config: { access: 'inspection:correction:request', summary: '申请更正检查结果' },
    schema: { tags, summary: '申请更正已公示的检查结果（须经主要负责人批准后另行公示）', params: IdParams, body: CorrectionInput, response: { 201: CorrectionView, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const result = await scopedResult(services, auth, request.params.id, true);
    if (result.status !== 'published') throw conflict('RESULT_NOT_PUBLISHED', `检查结果当前为“${result.statusLabel}”，尚未公示，可直接退回修改，无需更正`);
    const { reason, changes } = request.body;
    const items = await itemNamesOf(services, result.taskId);
    const unknown = unknownCorrectionItems(changes, items, 'changes');
    if (unknown.length > 0) throw badRequest('CORRECTION_INVALID', '更正的检查事项不是本检查对象的检查事项', unknown);
    const stored = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null));
    const id = await runChange(request, services, async (tx, record) => {
      const created = await insertCorrection(tx, record, { resultId: result.id, reason, changes: stored, requestedBy: auth.user.id, now: services.now(), source: 'staff' });
      record.target('result_correction', created.id);
      record.detail({ resultId: result.id, seq: created.seq, reason, changes: stored });
      return created.id;
    }).catch((error: unknown) => {
      throw correctionConflict(error) ?? error;
    });
    return reply.status(201).send(await viewOf(result.id, result.taskId, id));
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/api/inspection/corrections/:id/${decision}`, {
      config: { access: 'inspection:correction:approve', summary: decision === 'approve' ? '批准检查结果更正' : '不批准检查结果更正' },
      schema: {
        tags, summary: decision === 'approve' ? '批准更正（本部门负责人；批准后与原结果并列公示）' : '不批准更正（须填写意见）', params: IdParams, body: DecisionInput,
        response: { 200: CorrectionView, ...errorResponses },
      },
    }, async (request) => {
      const auth = requireAuth(request.auth);
      const correction = await correctionById(services.db, request.params.id);
      if (!correction) throw notFound('结果更正');
      const result = await scopedResult(services, auth, correction.resultId, false);
      // 长春第20条: 主要负责人 — the head of the department the result belongs to, not an administrator or the office.
      if (!auth.roles.some((r) => r.key === 'dept_head') || auth.user.departmentId !== result.departmentId) {
        throw forbidden(`更正须经${result.departmentName}的主要负责人（部门负责人）批准（长春第20条）`);
      }
      if (correction.status !== 'pending') throw conflict('CORRECTION_DECIDED', '该更正已审批，不能再次审批');
      if (request.body.rowVersion !== correction.rowVersion) throw new AppError(409, 'VERSION_CONFLICT', `更正申请已被他人处理（最新版本号 ${correction.rowVersion}），请刷新后重试`, [{ field: 'rowVersion', message: String(correction.rowVersion) }]);
      if (decision === 'reject' && !request.body.comments) throw badRequest('DECISION_COMMENTS_REQUIRED', '不批准更正时须填写审批意见（comments）', [{ field: 'comments', message: '不批准更正时须填写审批意见' }]);
      await runChange(request, services, async (tx, record) => {
        const rows = await tx.update(resultCorrections).set({
          status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: auth.user.id, decidedAt: services.now(), decisionComments: request.body.comments,
          rowVersion: sql`${resultCorrections.rowVersion} + 1`,
        }).where(and(eq(resultCorrections.id, correction.id), eq(resultCorrections.rowVersion, correction.rowVersion), eq(resultCorrections.status, 'pending'))).returning({ id: resultCorrections.id });
        if (rows.length === 0) throw conflict('VERSION_CONFLICT', '更正申请已被他人处理，请刷新后重试');
        record.target('result_correction', correction.id);
        record.detail({ resultId: result.id, seq: correction.seq, decision, comments: request.body.comments });
        record.event({ type: 'ResultCorrectionDecided', correctionId: correction.id, resultId: result.id, seq: correction.seq, decision });
        // The follow-up follows the corrected disposal (server/modules/follow_ups/sync.ts).
        if (decision === 'approve') {
          const source = { id: result.id, departmentId: result.departmentId, regionCode: result.regionCode, disposal: result.disposal, resultCategory: result.resultCategory };
          await syncFollowUpWithCorrection(tx, record, source, { id: correction.id, seq: correction.seq }, auth.user.id, services.now());
        }
      }).catch((error: unknown) => {
        if (frozenByDatabase(error)) throw conflict('CORRECTION_DECIDED', '该更正已批准并公示，不可修改');
        throw error;
      });
      return viewOf(result.id, result.taskId, correction.id);
    });
  }
}
