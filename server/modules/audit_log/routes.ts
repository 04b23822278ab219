import type { FastifyRequest } from 'fastify';
import { verifyChain } from '../../audit/chain';
import { allCheckpoints, compareWithChain } from '../../audit/checkpoints';
import { allPages, sendXlsx } from '../../export/xlsx';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { registerCheckpointRoutes } from './checkpoint_routes';
import { ChainReportSchema, LoginLogPage, LoginLogQuery, OperationLogFilters, OperationLogPage, OperationLogQuery, type OperationLogRow } from './schema';
import { lastSeq, listLogins, listOperations, type InstantRange } from './store';

const tags = ['系统监控'];
const DAY_MS = 86_400_000;
/** Asia/Shanghai has had no daylight saving since 1991: a calendar day there is [00:00+08:00, next 00:00+08:00). */
const SHANGHAI_OFFSET = '+08:00';

function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('access hook let an anonymous request through');
  return request.auth;
}

function shanghaiDayStart(day: string, field: 'from' | 'to'): Date {
  const start = new Date(`${day}T00:00:00${SHANGHAI_OFFSET}`);
  // The regex lets 2025-02-30 through; a real date survives the round trip.
  if (Number.isNaN(start.getTime()) || new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) !== day) {
    const message = `${field === 'from' ? '开始日期' : '结束日期'} ${day} 不是有效日期`;
    throw badRequest('VALIDATION_FAILED', message, [{ field, message }]);
  }
  return start;
}

/** from/to are calendar days in Asia/Shanghai, both inclusive. */
export function shanghaiRange(from: string | undefined, to: string | undefined): InstantRange {
  const start = from ? shanghaiDayStart(from, 'from') : null;
  const end = to ? new Date(shanghaiDayStart(to, 'to').getTime() + DAY_MS) : null;
  if (start && end && end <= start) throw badRequest('VALIDATION_FAILED', '结束日期不能早于开始日期', [{ field: 'to', message: '结束日期不能早于开始日期' }]);
  return { start, end };
}

/** 2025-03-02 08:30:00, in Asia/Shanghai. */
function shanghaiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function registerAuditLogRoutes(app: TypedApp, services: AppServices): void {
  registerCheckpointRoutes(app, services);
  app.get('/api/monitor/operation-logs', {
    config: { access: 'monitor:operation-log:list' },
    schema: { tags, summary: '操作日志（新的在前；按操作人的区划/部门/本人限定范围）', querystring: OperationLogQuery, response: { 200: OperationLogPage, ...errorResponses } },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    return listOperations(services.db, requireAuth(request).scope, { ...rest, range: shanghaiRange(from, to) });
  });

  app.get('/api/monitor/operation-logs/export', {
    config: { access: 'monitor:operation-log:export' },
    schema: { tags, summary: '导出操作日志（按当前筛选条件）', querystring: OperationLogFilters },
  }, async (request, reply) => {
    const scope = requireAuth(request).scope;
    const { from, to, ...filters } = request.query;
    const range = shanghaiRange(from, to);
    const maxSeq = await lastSeq(services.db);
    return sendXlsx(reply, '操作日志.xlsx', '操作日志', [
      { header: '序号', width: 10, value: (r: OperationLogRow) => r.seq },
      { header: '时间', width: 20, value: (r) => shanghaiTime(r.at) },
      { header: '操作人', value: (r) => r.actorName },
      { header: '操作', width: 24, value: (r) => r.summary },
      { header: '部门', width: 24, value: (r) => r.actorDepartmentName },
      { header: '权限/动作', width: 30, value: (r) => r.actionLabel },
      { header: '权限标识', width: 30, value: (r) => r.action },
      { header: '对象类型', value: (r) => r.targetTypeLabel },
      { header: '对象编号', width: 38, value: (r) => r.targetId },
      { header: '结果', width: 24, value: (r) => (r.outcome === 'success' ? '成功' : `失败：${r.errorLabel ?? '原因未记录'}`) },
      { header: '错误码', value: (r) => r.errorCode },
      { header: '说明', width: 60, value: (r) => r.sentence },
      { header: '同类拒绝次数', width: 12, value: (r) => r.refusalCount },
      { header: '领域事件', width: 24, value: (r) => r.events.map((e) => e.label).join('、') },
      { header: 'IP', value: (r) => r.ip },
      { header: '请求', width: 40, value: (r) => `${r.method} ${r.path}` },
      { header: '哈希', width: 66, value: (r) => r.hash },
    ], allPages((page, pageSize) => listOperations(services.db, scope, { ...filters, range, maxSeq, page, pageSize })));
  });

  app.post('/api/monitor/audit-chain/verify', {
    config: { access: 'monitor:audit-chain:verify', summary: '校验留痕链' },
    schema: { tags, summary: '校验操作日志哈希链，并与数据库内的签名检查点核对（校验本身也记入操作日志）', response: { 200: ChainReportSchema, ...errorResponses } },
  }, async (request) => {
    // The walk runs outside the recording transaction, so a long chain does not hold one open.
    const report = await verifyChain(services.db);
    const stored = services.checkpoints ? await allCheckpoints(services.db) : [];
    const comparison = services.checkpoints && stored.length > 0 ? await compareWithChain(services.db, stored, services.checkpoints.key.publicKey) : null;
    const checkpoints = comparison && {
      checked: comparison.checked, anchoredSeq: comparison.anchoredSeq,
      findings: comparison.findings.map((f) => ({ seq: f.checkpoint.seq, problem: f.problem, message: f.message })),
    };
    await runChange(request, services, async (_tx, record) => {
      record.target('operation_log', report.ok ? String(report.rows) : String(report.seq));
      record.detail(report.ok ? { ok: true, rows: report.rows, head: report.head } : { ok: false, rows: report.rows, seq: report.seq, problem: report.problem });
      if (checkpoints) record.detail({ checkpointsChecked: checkpoints.checked, checkpointFindings: checkpoints.findings.length });
      record.event({ type: 'AuditChainVerified', ok: report.ok, rows: report.rows, brokenSeq: report.ok ? null : report.seq });
      return Promise.resolve();
    });
    return { ...report, checkpoints };
  });

  app.get('/api/monitor/login-logs', {
    config: { access: 'monitor:login-log:list' },
    schema: { tags, summary: '登录日志（新的在前；按登录用户的部门/区划限定范围）', querystring: LoginLogQuery, response: { 200: LoginLogPage, ...errorResponses } },
  }, async (request) => {
    const { from, to, ...rest } = request.query;
    return listLogins(services.db, requireAuth(request).scope, { ...rest, range: shanghaiRange(from, to) });
  });
}
