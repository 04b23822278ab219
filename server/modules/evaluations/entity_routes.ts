/**
 * 检查对象满意度评价 — the entity's side (issue #11 item 3): signed in with its code (server/modules/entity_access), an
 * entity evaluates one of ITS published results once, and sees how many random inspections it had this year against
 * the cap (威海第5条, 曲阳第17条). Public routes acting only on the entity of the `suiji_entity` session; another
 * entity's result, or one not published, is not found (404).
 */
import { and, eq } from 'drizzle-orm';
import { DEFAULT_ANNUAL_CAP } from '../../../domain/workflow/task_spec';
import { inspectionEvaluationReceipts, inspectionEvaluations, inspectionResults } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { conflict, errorResponses, notFound, uniqueViolation } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { requireEntity } from '../entity_access/entity_session';
import { EntitySummary, EvaluationInput, EvaluationParams, EvaluationState } from './schema';
import { evaluatedResultIds, inspectionsInYear } from './store';

const tags = ['检查对象-满意度评价'];

export function registerEntityEvaluationRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());

  /** The caller's published result, or 404 (another entity's, unknown or unpublished alike). */
  async function ownPublished(entityId: number, resultId: string) {
    const [row] = await services.db.select({ id: inspectionResults.id, departmentId: inspectionResults.departmentId, regionCode: inspectionResults.regionCode, checkDate: inspectionResults.checkDate })
      .from(inspectionResults)
      .where(and(eq(inspectionResults.id, resultId), eq(inspectionResults.entityId, entityId), eq(inspectionResults.status, 'published')));
    if (!row) throw notFound('检查结果');
    return row;
  }

  async function stateOf(resultId: string): Promise<EvaluationState> {
    const [receipt] = await services.db.select().from(inspectionEvaluationReceipts).where(eq(inspectionEvaluationReceipts.resultId, resultId));
    return { resultId, evaluated: Boolean(receipt), evaluatedOn: receipt?.evaluatedOn ?? null };
  }

  app.get('/api/entity/summary', {
    config: { access: 'public' },
    schema: { tags, summary: '本单位本年度已接受随机抽查的次数与上限，以及已评价的检查结果（须凭验证码登录）', response: { 200: EntitySummary, ...errorResponses } },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    const year = Number(today().slice(0, 4));
    const [inspectionsThisYear, evaluated] = await Promise.all([inspectionsInYear(services.db, caller.entityId, year), evaluatedResultIds(services.db, caller.entityId)]);
    return { year, inspectionsThisYear, annualCap: DEFAULT_ANNUAL_CAP, evaluatedResultIds: evaluated };
  });

  app.get('/api/entity/results/:id/evaluation', {
    config: { access: 'public' },
    schema: { tags, summary: '本单位是否已评价该次检查（须凭验证码登录）', params: EvaluationParams, response: { 200: EvaluationState, ...errorResponses } },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    await ownPublished(caller.entityId, request.params.id);
    return stateOf(request.params.id);
  });

  app.post('/api/entity/results/:id/evaluation', {
    config: { access: 'public', summary: '检查对象匿名评价检查工作', anonymousLog: true },
    schema: { tags, summary: '对本单位一次已公示的检查作匿名满意度评价（每次检查一次；检查部门只见汇总）', params: EvaluationParams, body: EvaluationInput, response: { 201: EvaluationState, ...errorResponses } },
  }, async (request, reply) => {
    const caller = await requireEntity(services.db, request, services.now());
    const result = await ownPublished(caller.entityId, request.params.id);
    if ((await stateOf(result.id)).evaluated) throw conflict('EVALUATION_DONE', '本单位已评价过该次检查，每次检查只能评价一次');
    const body = request.body;
    const year = Number((result.checkDate ?? today()).slice(0, 4));
    // Anonymous by design (issue #11 item 3): the log row and the event name neither the entity nor the scores or
    // comment, and the log's actor is nobody. The log and the events are kept for ever and read by people other than
    // the entity (the 双随机办, administrators, every consumer of the events); with the entity id or the scores in them,
    // anyone reading them could put a name to an evaluation, which is what the aggregates-only answer exists to prevent.
    // The receipt (result id, date) and the evaluation (department, region, year, scores) are separate rows sharing
    // no key or time. The log row — and the failure row of a refused attempt — keeps the route's pattern, not the URL
    // with the result id, and no IP address (`anonymousLog`, server/http/change.ts loggedPlace), so the log cannot tell
    // which result (hence which entity, team and inspectors) an evaluation belongs to.
    await runChange(request, services, async (tx, record) => {
      await tx.insert(inspectionEvaluationReceipts).values({ resultId: result.id, evaluatedOn: today() });
      await tx.insert(inspectionEvaluations).values({
        departmentId: result.departmentId, regionCode: result.regionCode, year,
        lawful: body.lawful, civil: body.civil, integrity: body.integrity, efficiency: body.efficiency, comment: body.comment,
      });
      record.detail({ departmentId: result.departmentId, year });
      record.event({ type: 'InspectionEvaluated', departmentId: result.departmentId, year });
    }, { actor: null, action: 'entity:evaluation:submit' }).catch((error: unknown) => {
      if (uniqueViolation(error) === 'inspection_evaluation_receipts_pkey') throw conflict('EVALUATION_DONE', '本单位已评价过该次检查，每次检查只能评价一次');
      throw error;
    });
    return reply.status(201).send(await stateOf(result.id));
  });
}
