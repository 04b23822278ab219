import type { AppServices, TypedApp } from '../http/app';
import { registerLoginLogExportRoute } from './audit_log/login_log_export';
import { registerAuditLogRoutes } from './audit_log/routes';
import { registerAuthRoutes } from './auth/routes';
import { registerCalendarRoutes } from './calendar/routes';
import { registerChecklistRoutes } from './checklists/routes';
import { registerCodeRoutes } from './codes/routes';
import { registerDepartmentRoutes } from './departments/routes';
import { registerDictionaryRoutes } from './dictionaries/routes';
import { registerDrawCeremonyRoutes } from './draws/ceremony_routes';
import { registerPublicDrawRoutes } from './draws/public_routes';
import { registerDrawRoutes } from './draws/routes';
import { registerDirectoryConfirmationRoutes } from './directory_confirmations/routes';
import { registerEntityImportRoutes } from './entities/import_routes';
import { registerEntityRoutes } from './entities/routes';
import { registerEntityTagRoutes } from './entity_tags/routes';
import { registerExpertRoutes } from './experts/routes';
import { registerInspectorRoutes } from './inspectors/routes';
// 年度抽查计划 (issue #9 item 2)
import { registerPlanRoutes } from './plans/routes';
import { registerRegionRoutes } from './regions/routes';
import { registerRoleRoutes } from './roles/routes';
import { registerTaskRoutes } from './tasks/routes';
import { registerPlanSimulationRoutes } from './plan_simulation/routes';
import { registerTodoRoutes } from './todos/routes';
import { registerUserRoutes } from './users/routes';
// 派发、检查人员匹配与替换 (issue #9 items 5, 7–9)
import { registerDispatchRoutes } from './dispatch/routes';
import { registerMatchingRoutes } from './matching/routes';
import { registerReplacementRoutes } from './matching/replacement_routes';
import { registerExpertReplacementRoutes } from './matching/expert_replacement_routes';
import { registerAppointmentRoutes } from './matching/appointment_routes';
// 检查实施与结果 (issue #10 items 3–5, 9)
import { registerResultRoutes } from './results/register';
// 行政检查通知书与实地核查记录表 (issue #10 item 1)
import { registerNoticeRoutes } from './notices/routes';
// 回避申请 (issue #8 item 8)
import { registerRecusalApplicationRoutes } from './recusal_applications/routes';
// 后续处置 (issue #10 item 7)
import { registerFollowUpModule } from './follow_ups/register';
// 一次一档 (issue #10 item 8)
import { registerArchiveRoutes } from './archives/routes';
// 公示门户与开放数据 (issue #11 item 1)
import { registerPortal } from './portal/register';
import { registerObjectionModule } from './objections/register';
import { registerStatisticsRoutes } from './statistics/routes';
import { registerEvaluationModule } from './evaluations/register';

/** Every resource module registers its routes here. */
export async function registerModules(app: TypedApp, services: AppServices): Promise<void> {
  registerAuthRoutes(app, services);
  registerDepartmentRoutes(app, services);
  registerRegionRoutes(app, services);
  registerRoleRoutes(app, services);
  registerDictionaryRoutes(app, services);
  registerAuditLogRoutes(app, services);
  registerLoginLogExportRoute(app, services);
  registerUserRoutes(app, services);
  registerCodeRoutes(app, services);
  registerEntityRoutes(app, services);
  registerEntityImportRoutes(app, services);
  registerEntityTagRoutes(app, services);
  registerDirectoryConfirmationRoutes(app, services);
  registerInspectorRoutes(app, services);
  registerExpertRoutes(app, services);
  registerChecklistRoutes(app, services);
  registerCalendarRoutes(app, services);
  // 抽取 (issue #9 item 5, server/modules/draws)
  registerDrawRoutes(app, services);
  registerDrawCeremonyRoutes(app, services);
  registerPublicDrawRoutes(app, services);
  registerTaskRoutes(app, services);
  registerPlanRoutes(app, services);
  // 待办 and the plan simulator (h/insight)
  registerTodoRoutes(app, services);
  registerPlanSimulationRoutes(app, services);
  registerDispatchRoutes(app, services);
  registerMatchingRoutes(app, services);
  registerReplacementRoutes(app, services);
  registerExpertReplacementRoutes(app, services);
  registerAppointmentRoutes(app, services);
  registerResultRoutes(app, services);
  registerNoticeRoutes(app, services);
  registerRecusalApplicationRoutes(app, services);
  registerFollowUpModule(app, services);
  registerArchiveRoutes(app, services);
  registerPortal(app, services);
  registerObjectionModule(app, services);
  registerStatisticsRoutes(app, services);
  registerEvaluationModule(app, services);
  await Promise.resolve();
}
