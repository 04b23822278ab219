import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { RegionParams, RegionQuery, RegionRow, RegionUpdate } from './schema';
import { childRegions, getRegionInView, regionView, searchRegions, setRegionEnabled, topRegions, type RegionView } from './store';

const tags = ['系统管理-行政区划'];

function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('access hook let an anonymous request through');
  return request.auth;
}

export function registerRegionRoutes(app: TypedApp, services: AppServices): void {
  async function viewOf(request: FastifyRequest): Promise<RegionView> {
    const auth = requireAuth(request);
    return regionView(services.db, auth.scope, auth.user.regionCode);
  }

  app.get('/api/system/regions', {
    config: { access: 'system:region:list' },
    schema: {
      tags, summary: '行政区划（不带 parentCode：本人数据权限的顶层区划；带 parentCode：其下级；keyword：按名称查找，最多 200 条）',
      querystring: RegionQuery, response: { 200: z.array(RegionRow), ...errorResponses },
    },
  }, async (request) => {
    const view = await viewOf(request);
    const { parentCode, keyword } = request.query;
    if (keyword) return searchRegions(services.db, view, keyword, parentCode);
    if (!parentCode) return topRegions(services.db, view);
    const rows = await childRegions(services.db, view, parentCode);
    if (!rows) throw notFound('上级行政区划');
    return rows;
  });

  app.put('/api/system/regions/:code', {
    config: { access: 'system:region:update', summary: '修改行政区划' },
    schema: { tags, summary: '启用或停用行政区划', params: RegionParams, body: RegionUpdate, response: { 200: RegionRow, ...errorResponses } },
  }, async (request) => {
    const view = await viewOf(request);
    const before = await getRegionInView(services.db, view, request.params.code);
    if (!before) throw notFound('行政区划');
    const { enabled } = request.body;
    await runChange(request, services, async (tx, record) => {
      await setRegionEnabled(tx, before.code, enabled);
      record.target('region', before.code);
      record.detail({ name: before.name, enabled: { from: before.enabled, to: enabled } });
      record.event({ type: 'RegionUpdated', code: before.code, enabled });
    });
    return { ...before, enabled };
  });
}
