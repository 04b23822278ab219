/**
 * 计划模拟测算 (issue #9 item 3): POST /api/plans/simulate for a plan being drafted, GET /api/plans/:id/simulation for a
 * stored version. Read-only: the POST writes only its operation-log row.
 */
import { regionPrefix } from '../../../domain/access/data_scope';
import { directoryReadScope } from '../../../domain/directory/entity';
import { DEFAULT_ANNUAL_CAP } from '../../../domain/workflow/task_spec';
import { z } from 'zod';
import type { AppServices, TypedApp } from '../../http/app';
import { badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { runChange } from '../../http/change';
import type { AuthContext } from '../../http/request_context';
import { regionExists } from '../departments/store';
import { requireAuth } from '../users/routes';
import { PlannedTaskInput, SimulationBody, SimulationParams, SimulationQuery, SimulationResult } from './schema';
import { runSimulation } from './run';
import { planForSimulation } from './store';

const tags = ['年度抽查计划-模拟测算'];

export function registerPlanSimulationRoutes(app: TypedApp, services: AppServices): void {
  async function simulate(auth: AuthContext, body: SimulationBody, plan: { id: string; version: number } | null): Promise<SimulationResult> {
    const readScope = directoryReadScope(auth.scope, auth.user.regionCode);
    const prefix = regionPrefix(body.regionCode);
    if (readScope.kind !== 'all' && !readScope.regionPrefixes.some((p) => prefix.startsWith(p))) {
      throw forbidden('只能测算本人数据权限范围内区划的计划');
    }
    return runSimulation(services.db, readScope, body, services.now(), plan);
  }

  app.post('/api/plans/simulate', {
    config: { access: 'workflow:plan:list', summary: '计划模拟测算' },
    schema: { tags, summary: '模拟测算计划草案：各分层各区域的名录数与预计抽取数、各部门检查人员负荷、超过年度上限的主体、匹配不可行的预警', body: SimulationBody, response: { 200: SimulationResult, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    if (!(await regionExists(services.db, request.body.regionCode))) {
      throw badRequest('VALIDATION_FAILED', `行政区划代码 ${request.body.regionCode} 不存在或已停用`, [{ field: 'regionCode', message: '行政区划不存在或已停用' }]);
    }
    const result = await simulate(auth, request.body, null);
    // A computation, not a change: the log row says who simulated what (全程留痕), nothing else is written.
    await runChange(request, services, async (_tx, record) => {
      record.detail({ regionCode: result.regionCode, year: result.year, tasks: result.tasks.length, objectsPerYear: result.totals.objectsPerYear, warnings: result.warnings.length });
    });
    return result;
  });

  app.get('/api/plans/:id/simulation', {
    config: { access: 'workflow:plan:list' },
    schema: { tags, summary: '模拟测算已保存的计划版本（默认当前版本）', params: SimulationParams, querystring: SimulationQuery, response: { 200: SimulationResult, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const plan = await planForSimulation(services.db, auth.scope, request.params.id, request.query.version);
    if (!plan) throw notFound('计划');
    const content = z.object({ tasks: z.array(PlannedTaskInput).min(1) }).safeParse(plan.content);
    if (!content.success) throw conflict('PLAN_CONTENT_UNREADABLE', `计划第 ${plan.version} 版的内容不完整或格式有误，无法测算：${content.error.issues[0]?.message ?? ''}`);
    return simulate(auth, { regionCode: plan.regionCode, year: plan.year, annualCap: DEFAULT_ANNUAL_CAP, tasks: content.data.tasks }, { id: plan.id, version: plan.version });
  });
}
