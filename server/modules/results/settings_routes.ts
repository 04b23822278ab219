/** 结果期限设置 (曲阳第20条 configurable per region): entry and publication deadlines in working days after the check. */
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses } from '../../http/errors';
import { assertRegionSettable } from '../departments/region_settings_guard';
import { requireAuth } from '../users/routes';
import { resultSettingsFor, saveResultSettings } from './deadlines';
import { RegionParams, ResultSettings, ResultSettingsInput } from './schema';

const tags = ['检查结果-期限设置'];

export function registerResultSettingsRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/inspection/settings/:regionCode', {
    config: { access: 'inspection:result:list' },
    schema: { tags, summary: '检查结果录入与公示期限（工作日）', params: RegionParams, response: { 200: ResultSettings, ...errorResponses } },
  }, async (request) => resultSettingsFor(services.db, request.params.regionCode));

  app.put('/api/inspection/settings/:regionCode', {
    config: { access: 'workflow:chain:manage', summary: '修改检查结果期限' },
    schema: { tags, summary: '设置本区域检查结果的录入期限（默认 5 个工作日，曲阳第20条）与公示期限（不超过 20 个工作日，长春第19条）', params: RegionParams, body: ResultSettingsInput, response: { 200: ResultSettings, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { regionCode } = request.params;
    await assertRegionSettable(services.db, auth, regionCode);
    await runChange(request, services, async (tx, record) => {
      await saveResultSettings(tx, { regionCode, ...request.body }, auth.user.id, services.now());
      record.target('region', regionCode);
      record.detail({ regionCode, ...request.body });
    });
    return resultSettingsFor(services.db, regionCode);
  });
}
