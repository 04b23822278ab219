/**
 * 检查对象满意度 for the staff (issue #11 item 3): aggregates per inspecting department and year within the caller's
 * data scope, a group below MIN_EVALUATION_GROUP suppressed entirely; never a result, an entity or an inspector. The
 * comments go only to a region-wide scope (the 双随机办), never to the inspecting department.
 */
import { EVALUATION_ASPECT_LABELS, EVALUATION_ASPECTS, MIN_EVALUATION_GROUP } from '../../../domain/inspection/evaluation';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { errorResponses, forbidden } from '../../http/errors';
import { requireAuth } from '../users/routes';
import { EvaluationAggregates, EvaluationQuery } from './schema';
import { evaluationAggregates, seesComments } from './store';

const tags = ['统计分析与考核'];

export function registerEvaluationRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/statistics/evaluations', {
    config: { access: 'statistics:dashboard:view' },
    schema: { tags, summary: '检查对象满意度：按检查部门和年度汇总（少于 5 份不显示）', querystring: EvaluationQuery, response: { 200: EvaluationAggregates, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { year, regionCode } = request.query;
    const scope = auth.scope;
    if (regionCode && scope.kind === 'limited' && scope.regionPrefixes.length > 0 && !scope.regionPrefixes.some((p) => regionCode.startsWith(p))) {
      throw forbidden('只能查看本人数据权限范围内区域的统计');
    }
    return {
      year, minGroup: MIN_EVALUATION_GROUP, commentsVisible: seesComments(scope),
      aspects: EVALUATION_ASPECTS.map((key) => ({ key, label: EVALUATION_ASPECT_LABELS[key] })),
      rows: await evaluationAggregates(readDb(services), scope, year, regionCode ?? null),
    };
  });
}
