/** 登录日志导出: the rows the list shows under the same filters and data scope, as .xlsx. */
import { allPages, sendXlsx } from '../../export/xlsx';
import type { AppServices, TypedApp } from '../../http/app';
import { shanghaiRange } from './routes';
import { LoginLogFilters, type LoginLogRow } from './schema';
import { lastLoginId, listLogins } from './store';

const OUTCOME_LABELS: Record<LoginLogRow['outcome'], string> = {
  success: '登录成功', failure: '登录失败', locked: '账号锁定', throttled: '频繁尝试', logout: '退出',
};

/** 2025-03-02 08:30:00, in Asia/Shanghai (no daylight saving since 1991). */
function shanghaiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function registerLoginLogExportRoute(app: TypedApp, services: AppServices): void {
  app.get('/api/monitor/login-logs/export', {
    config: { access: 'monitor:login-log:export' },
    schema: { tags: ['系统监控'], summary: '导出登录日志（按当前筛选条件）', querystring: LoginLogFilters },
  }, async (request, reply) => {
    if (!request.auth) throw new Error('access hook let an anonymous request through');
    const scope = request.auth.scope;
    const { from, to, ...filters } = request.query;
    const range = shanghaiRange(from, to);
    const maxId = await lastLoginId(services.db);
    return sendXlsx(reply, '登录日志.xlsx', '登录日志', [
      { header: '时间', width: 20, value: (r: LoginLogRow) => shanghaiTime(r.at) },
      { header: '账号', value: (r) => r.account },
      { header: '结果', width: 10, value: (r) => OUTCOME_LABELS[r.outcome] },
      { header: '说明', width: 40, value: (r) => r.reason },
      { header: 'IP', value: (r) => r.ip },
      { header: '浏览器', width: 50, value: (r) => r.userAgent },
    ], allPages((page, pageSize) => listLogins(services.db, scope, { ...filters, range, maxId, page, pageSize })));
  });
}
