/**
 * 统计分析与考核 (issue #11 item 4): the dashboard per year, region and department within the caller's data scope, each
 * table as .xlsx, the year report as .docx (both downloads logged in the operation log), and the per-region
 * assessment weights (长春第27条).
 */
import { z } from 'zod';
import { DEFAULT_WEIGHTS, validateWeights, WEIGHT_LABELS } from '../../../domain/statistics/assessment';
import { sendXlsx } from '../../export/xlsx';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses, forbidden } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { createShortCache } from '../../http/short_cache';
import { shanghaiDate } from '../../http/today';
import { assertRegionSettable } from '../departments/region_settings_guard';
import { attachmentDisposition, safeFileName } from '../notices/docx_parts';
import { departmentInScope } from '../users/store';
import { requireAuth } from '../users/routes';
import { buildDashboard, WORKLOAD_ROWS_SHOWN } from './dashboard';
import { yearReportDocx } from './report_docx';
import { Dashboard, ExportQuery, STATISTICS_TABLES, StatisticsQuery, WeightsInput, WeightsParams, WeightsView } from './schema';
import { TABLES } from './tables';
import { saveWeights, storedWeights, weightsFor } from './weights';

const tags = ['统计分析与考核'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** An export lists every inspector; a province has thousands, not millions. */
const WORKLOAD_EXPORT_LIMIT = 100_000;
/**
 * Statistics may lag a minute: the dashboard, the table exported from it and the year report downloaded next reuse one
 * computation (the tasks written since the last one are recounted first, maintained.ts; bench/statistics.bench.test.ts).
 * A weights change drops the cache at once.
 */
const DASHBOARD_TTL_MS = 60_000;

export function registerStatisticsRoutes(app: TypedApp, services: AppServices): void {
  const today = () => shanghaiDate(services.now());
  const cache = createShortCache<Dashboard>(DASHBOARD_TTL_MS, 200);

  /** The filters must lie in the caller's scope: another department's or region's numbers answer 403. */
  async function checkedFilter(auth: AuthContext, query: StatisticsQuery): Promise<{ scopeName: string }> {
    const scope = auth.scope;
    let scopeName = auth.user.regionName ?? auth.user.departmentName ?? '全部';
    if (query.regionCode && scope.kind === 'limited' && scope.regionPrefixes.length > 0 && !scope.regionPrefixes.some((p) => query.regionCode?.startsWith(p))) {
      throw forbidden('只能查看本人数据权限范围内区域的统计');
    }
    if (query.regionCode) scopeName = query.regionCode;
    if (query.departmentId) {
      const department = await departmentInScope(services.db, scope, query.departmentId);
      if (!department) throw forbidden('只能查看本人数据权限范围内部门的统计');
      scopeName = department.name;
    } else if (scope.kind === 'limited' && scope.regionPrefixes.length === 0) {
      scopeName = auth.user.departmentName ?? scopeName;
    }
    return { scopeName };
  }

  async function dashboardFor(auth: AuthContext, query: StatisticsQuery, workloadLimit: number): Promise<Dashboard> {
    const options = { today: today(), weightsRegion: query.regionCode ?? auth.user.regionCode ?? null, workloadLimit };
    const key = JSON.stringify([auth.scope, query.year, query.regionCode ?? null, query.departmentId ?? null, options]);
    // The kept counts are recounted on the primary (the only one that can write them), then read where reads go.
    const build = () => buildDashboard(readDb(services), auth.scope, query, { ...options, primary: services.db });
    const value = await cache.resolve(key, services.now(), async () => ({ value: await build() }));
    if (!value) throw new Error('the statistics cache lost a value it loaded');
    return value;
  }

  app.get('/api/statistics/dashboard', {
    config: { access: 'statistics:dashboard:view' },
    schema: { tags, summary: '统计分析：年度指标、部门与区域考核、问题发现率、受检频次与检查人员工作量', querystring: StatisticsQuery, response: { 200: Dashboard, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    await checkedFilter(auth, request.query);
    return dashboardFor(auth, request.query, WORKLOAD_ROWS_SHOWN);
  });

  app.get('/api/statistics/export', {
    config: { access: 'statistics:report:export', summary: '导出统计表' },
    schema: { tags, summary: '导出统计表（xlsx，按当前筛选条件）', querystring: ExportQuery },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const { table, ...query } = request.query;
    await checkedFilter(auth, query);
    const dashboard = await dashboardFor(auth, query, table === 'workload' ? WORKLOAD_EXPORT_LIMIT : WORKLOAD_ROWS_SHOWN);
    const spec = TABLES[table];
    const rows = spec.rows(dashboard);
    await runChange(request, services, async (_tx, record) => {
      record.target('statistics', String(query.year));
      record.detail({ table, regionCode: query.regionCode ?? null, departmentId: query.departmentId ?? null, rows: rows.length });
    });
    const name = `${query.year}年${STATISTICS_TABLES[table]}.xlsx`;
    return sendXlsx(reply, name, STATISTICS_TABLES[table], spec.columns, (async function* one() { yield rows; })());
  });

  app.get('/api/statistics/report.docx', {
    config: { access: 'statistics:report:export', summary: '下载年度统计与考核报告' },
    schema: { tags, summary: '年度统计分析与考核报告（Word）', querystring: StatisticsQuery, response: { 200: z.unknown().describe('.docx 文件'), ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const { scopeName } = await checkedFilter(auth, request.query);
    const dashboard = await dashboardFor(auth, request.query, WORKLOAD_ROWS_SHOWN);
    const buffer = await yearReportDocx(dashboard, { scopeName, generatedOn: today() });
    await runChange(request, services, async (_tx, record) => {
      record.target('statistics', String(request.query.year));
      record.detail({ report: 'year', regionCode: request.query.regionCode ?? null, departmentId: request.query.departmentId ?? null });
    });
    const name = safeFileName(`${request.query.year}年度统计分析与考核报告-${scopeName}.docx`);
    return reply.header('content-type', DOCX).header('content-disposition', attachmentDisposition(name, `statistics-${request.query.year}.docx`)).send(buffer);
  });

  app.get('/api/statistics/weights/:regionCode', {
    config: { access: 'statistics:dashboard:view' },
    schema: { tags, summary: '本区域的考核权重（未设置时沿用上级区域或默认值）', params: WeightsParams, response: { 200: WeightsView, ...errorResponses } },
  }, async (request) => {
    const { regionCode } = request.params;
    const applied = weightsFor(await storedWeights(services.db), regionCode);
    return { regionCode, source: applied.source, weights: { ...applied.weights }, labels: { ...WEIGHT_LABELS }, defaults: { ...DEFAULT_WEIGHTS } };
  });

  app.put('/api/statistics/weights/:regionCode', {
    config: { access: 'statistics:weights:edit', summary: '设置考核权重' },
    schema: { tags, summary: '设置本区域的年终考核权重（各项 0–100，合计 100；长春第27条）', params: WeightsParams, body: WeightsInput, response: { 200: WeightsView, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { regionCode } = request.params;
    const checked = validateWeights(request.body);
    if (!checked.ok) {
      throw badRequest('VALIDATION_FAILED', checked.error[0]?.message ?? '考核权重不正确', checked.error.map((e) => ({ field: e.field, message: e.message })));
    }
    await assertRegionSettable(services.db, auth, regionCode);
    await runChange(request, services, async (tx, record) => {
      await saveWeights(tx, regionCode, checked.value, auth.user.id, services.now());
      record.target('region', regionCode);
      record.detail({ regionCode, weights: checked.value });
    });
    // After the commit: a dashboard read during the change is never kept (short_cache generations).
    cache.invalidate();
    return { regionCode, source: regionCode, weights: { ...checked.value }, labels: { ...WEIGHT_LABELS }, defaults: { ...DEFAULT_WEIGHTS } };
  });
}
