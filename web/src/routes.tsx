/**
 * The route and menu table: one typed array. A page shows in the left menu, and can be opened,
 * when the user holds its `permission` (the `...:list` key of the resource). Later modules
 * (一单两库, 抽查计划, …) add a group to MENU_GROUPS and entries to APP_ROUTES.
 */
import {
  ApartmentOutlined, BarChartOutlined, TrophyOutlined, AuditOutlined, CarryOutOutlined, FileSearchOutlined, ReconciliationOutlined, BookOutlined, CalendarOutlined, ClusterOutlined, DashboardOutlined, EnvironmentOutlined, ExperimentOutlined,
  FileDoneOutlined, FileTextOutlined, FolderOpenOutlined, LoginOutlined, MonitorOutlined, ProfileOutlined, SafetyCertificateOutlined,
  NodeIndexOutlined, ScheduleOutlined, SendOutlined, SettingOutlined, ShopOutlined, SolutionOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined,
} from '@ant-design/icons';
import { ExceptionOutlined } from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from '../../domain/access/permissions';
import type { RouteAction } from './components/route_actions';

/** The platform's name, after the page's in every browser tab title. */
export const PLATFORM_TITLE = 'suiji 双随机、一公开监管平台';

export type MenuGroupKey = 'directory' | 'workflow' | 'inspection' | 'statistics' | 'system' | 'monitor';

export interface MenuGroup {
  readonly key: MenuGroupKey;
  readonly label: string;
  readonly icon: ReactNode;
}

export const MENU_GROUPS: readonly MenuGroup[] = [
  { key: 'directory', label: '一单两库', icon: <FolderOpenOutlined /> },
  { key: 'workflow', label: '计划与抽取', icon: <NodeIndexOutlined /> },
  { key: 'inspection', label: '检查与结果', icon: <FileSearchOutlined /> },
  { key: 'statistics', label: '统计分析', icon: <BarChartOutlined /> },
  { key: 'system', label: '系统管理', icon: <SettingOutlined /> },
  { key: 'monitor', label: '系统监控', icon: <MonitorOutlined /> },
];

export interface AppRoute {
  /** react-router path below the shell, e.g. '/system/users'. */
  readonly path: string;
  readonly label: string;
  readonly icon: ReactNode;
  /** What the user must hold to see the menu item and open the page; null: every signed-in user. */
  readonly permission: Permission | null;
  /**
   * Besides `permission`, the menu item needs one of these: for a management page whose list
   * permission other roles hold only to fill pickers (执法检查人员 read 行政区划 for the region picker).
   */
  readonly menuPermissions?: readonly Permission[];
  /** The menu group; null: a top-level item. */
  readonly group: MenuGroupKey | null;
  /** One line for the 工作台 quick links. */
  readonly description: string;
  /** Optional actions the quick link names only to users holding their permission (导入、导出…). */
  readonly actions?: readonly RouteAction[];
  readonly page: LazyExoticComponent<ComponentType>;
  /** A sub-page reached from another page; `menuPath` is the menu item it highlights. */
  readonly hideInMenu?: boolean;
  readonly menuPath?: string;
}

function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: pick(await load()) }));
}

export const APP_ROUTES: readonly AppRoute[] = [
  {
    path: '/', label: '工作台', icon: <DashboardOutlined />, permission: null, group: null,
    description: '本人信息、角色、数据权限与常用入口',
    page: page(() => import('./pages/dashboard_page'), (m) => m.DashboardPage),
  },
  {
    path: '/directory/checklists', label: '抽查事项清单', icon: <ProfileOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '部门随机抽查事项清单：检查事项、子项、内容，版本修订与发布',
    page: page(() => import('./pages/directory/checklists_page'), (m) => m.ChecklistsPage),
  },
  {
    path: '/directory/checklists/:id', label: '抽查事项清单详情', icon: <ProfileOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '清单的版本与事项', hideInMenu: true, menuPath: '/directory/checklists',
    page: page(() => import('./pages/directory/checklist_detail_page'), (m) => m.ChecklistDetailPage),
  },
  {
    path: '/directory/checklists/:id/diff', label: '版本比较', icon: <ProfileOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '两个版本之间新增、删除、修改的事项', hideInMenu: true, menuPath: '/directory/checklists',
    page: page(() => import('./pages/directory/checklist_diff_page'), (m) => m.ChecklistDiffPage),
  },
  {
    path: '/directory/joint-checklists', label: '联合抽查事项清单', icon: <ClusterOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '市场监管领域部门联合抽查事项清单，由双随机办汇总各部门事项',
    page: page(() => import('./pages/directory/checklists_page'), (m) => m.JointChecklistsPage),
  },
  {
    path: '/directory/joint-checklists/:id', label: '联合抽查事项清单详情', icon: <ClusterOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '联合清单的版本与事项', hideInMenu: true, menuPath: '/directory/joint-checklists',
    page: page(() => import('./pages/directory/checklist_detail_page'), (m) => m.JointChecklistDetailPage),
  },
  {
    path: '/directory/joint-checklists/:id/diff', label: '版本比较', icon: <ClusterOutlined />, permission: 'directory:checklist:list', group: 'directory',
    description: '两个版本之间新增、删除、修改的事项', hideInMenu: true, menuPath: '/directory/joint-checklists',
    page: page(() => import('./pages/directory/checklist_diff_page'), (m) => m.JointChecklistDiffPage),
  },
  {
    path: '/directory/entities', label: '检查对象名录库', icon: <ShopOutlined />, permission: 'directory:entity:list', group: 'directory',
    description: '本区域的市场主体与其他检查对象：按名称、拼音首字母、代码、区划、行业查找',
    actions: [{ permission: 'directory:entity:import', label: '导入' }, { permission: 'directory:entity:export', label: '导出' }],
    page: page(() => import('./pages/directory/entities_page'), (m) => m.EntitiesPage),
  },
  {
    path: '/directory/inspectors', label: '执法检查人员', icon: <SolutionOutlined />, permission: 'directory:inspector:list', group: 'directory',
    description: '执法检查人员名录库：执法证及有效期、业务专长、回避登记',
    page: page(() => import('./pages/directory/inspectors_page'), (m) => m.InspectorsPage),
  },
  {
    path: '/directory/experts', label: '专家库', icon: <ExperimentOutlined />, permission: 'directory:expert:list', group: 'directory',
    description: '检测机构、科研院所、高校专家，按部门维护',
    page: page(() => import('./pages/directory/experts_page'), (m) => m.ExpertsPage),
  },
  {
    path: '/directory/entity-tags', label: '专项库', icon: <TagsOutlined />, permission: 'directory:entity-tag:list', group: 'directory',
    description: '按行业代码与经营范围关键字辅助建库，部门确认后形成版本',
    page: page(() => import('./pages/directory/entity_tags_page'), (m) => m.EntityTagsPage),
  },
  {
    path: '/directory/entity-tags/:id', label: '专项库详情', icon: <TagsOutlined />, permission: 'directory:entity-tag:list', group: 'directory',
    description: '生成候选、确认版本、历史版本', hideInMenu: true, menuPath: '/directory/entity-tags',
    page: page(() => import('./pages/directory/entity_tag_detail_page'), (m) => m.EntityTagDetailPage),
  },
  {
    path: '/directory/recusal-applications', label: '回避申请', icon: <SolutionOutlined />, permission: 'directory:inspector:list', group: 'directory',
    description: '执法检查人员申请回避，部门负责人审批；同意后匹配时排除',
    page: page(() => import('./pages/directory/recusal_applications_page'), (m) => m.RecusalApplicationsPage),
  },
  {
    path: '/directory/confirmations', label: '两库确认', icon: <FileDoneOutlined />, permission: 'directory:confirmation:list', group: 'directory',
    description: '抽取前更新并确认检查对象名录库和执法检查人员名录库',
    page: page(() => import('./pages/directory/directory_confirmations_page'), (m) => m.DirectoryConfirmationsPage),
  },
  // 年度抽查计划 (server/modules/plans, issue #9 item 2)
  {
    path: '/workflow/plans', label: '年度抽查计划', icon: <ScheduleOutlined />, permission: 'workflow:plan:list', group: 'workflow',
    description: '部门计划与联合抽查计划：任务、事项、比例、时间安排，审批与发布，调整',
    page: page(() => import('./pages/workflow/plans_page'), (m) => m.PlansPage),
  },
  {
    path: '/workflow/plans/new', label: '新增年度抽查计划', icon: <ScheduleOutlined />, permission: 'workflow:plan:create', group: 'workflow',
    description: '起草计划与抽查任务', hideInMenu: true, menuPath: '/workflow/plans',
    page: page(() => import('./pages/workflow/plan_editor_page'), (m) => m.PlanEditorPage),
  },
  {
    path: '/workflow/plans/:id/edit', label: '编辑年度抽查计划', icon: <ScheduleOutlined />, permission: 'workflow:plan:update', group: 'workflow',
    description: '编辑计划的当前版本', hideInMenu: true, menuPath: '/workflow/plans',
    page: page(() => import('./pages/workflow/plan_editor_page'), (m) => m.PlanEditorPage),
  },
  {
    path: '/workflow/plans/:id', label: '年度抽查计划详情', icon: <ScheduleOutlined />, permission: 'workflow:plan:list', group: 'workflow',
    description: '计划内容、审批流程与记录、版本', hideInMenu: true, menuPath: '/workflow/plans',
    page: page(() => import('./pages/workflow/plan_detail_page'), (m) => m.PlanDetailPage),
  },
  {
    path: '/workflow/joint-plan-summary', label: '联合抽查计划汇总', icon: <ClusterOutlined />, permission: 'workflow:plan:list', group: 'workflow',
    menuPermissions: ['workflow:chain:manage'],
    description: '联席会议办公室：本级各部门已发布的联合抽查计划汇总，可导出',
    page: page(() => import('./pages/workflow/joint_plan_summary_page'), (m) => m.JointPlanSummaryPage),
  },
  {
    path: '/workflow/chain-settings', label: '审批流程设置', icon: <SettingOutlined />, permission: 'workflow:chain:manage', group: 'workflow',
    description: '本级计划与任务的审批链、年度计划报送期限',
    page: page(() => import('./pages/workflow/chain_settings_page'), (m) => m.ChainSettingsPage),
  },
  // ── 计划与抽取：抽查任务 (server/modules/tasks) ──
  {
    path: '/workflow/tasks', label: '抽查任务', icon: <ScheduleOutlined />, permission: 'workflow:task:list', group: 'workflow',
    description: '抽查任务（实施方案）：事项、对象范围、分层比例、检查组设置，审批后发布抽取',
    page: page(() => import('./pages/workflow/tasks_page'), (m) => m.TasksPage),
  },
  {
    path: '/workflow/tasks/new', label: '新增抽查任务', icon: <ScheduleOutlined />, permission: 'workflow:task:create', group: 'workflow',
    description: '起草临时任务或从年度计划创建任务', hideInMenu: true, menuPath: '/workflow/tasks',
    page: page(() => import('./pages/workflow/task_editor_page'), (m) => m.TaskEditorPage),
  },
  {
    path: '/workflow/tasks/:id', label: '抽查任务详情', icon: <ScheduleOutlined />, permission: 'workflow:task:list', group: 'workflow',
    description: '实施方案、审批记录与操作', hideInMenu: true, menuPath: '/workflow/tasks',
    page: page(() => import('./pages/workflow/task_detail_page'), (m) => m.TaskDetailPage),
  },
  {
    path: '/workflow/tasks/:id/edit', label: '编辑实施方案', icon: <ScheduleOutlined />, permission: 'workflow:task:update', group: 'workflow',
    description: '修改草稿中的实施方案', hideInMenu: true, menuPath: '/workflow/tasks',
    page: page(() => import('./pages/workflow/task_editor_page'), (m) => m.TaskEditorPage),
  },
  // ── end 抽查任务 ──
  // 计划模拟测算: full page of a stored plan's simulation, linked from the plan detail.
  {
    path: '/workflow/plans/:id/simulation', label: '模拟测算', icon: <ExperimentOutlined />, permission: 'workflow:plan:list', group: 'workflow',
    description: '计划审批前测算各分层各区域的名录数与抽取数、各部门检查人员负荷和匹配可行性', hideInMenu: true, menuPath: '/workflow/plans',
    page: page(() => import('./pages/workflow/plan_simulation'), (m) => m.PlanSimulationPage),
  },
  // ── draws (随机抽取, issue #9 item 5) ──
  {
    path: '/workflow/draws', label: '随机抽取', icon: <ThunderboltOutlined />, permission: 'workflow:draw:list', group: 'workflow',
    description: '抽取仪式：冻结名录并发布承诺、监督员到场确认、录入开奖号码、执行抽取、公布抽取凭证；演示模式用于投影',
    page: page(() => import('./pages/draws/draws_page'), (m) => m.DrawsPage),
  },
  {
    path: '/workflow/draws/:id', label: '抽取详情', icon: <ThunderboltOutlined />, permission: 'workflow:draw:list', group: 'workflow',
    description: '一次抽取的各步骤、承诺、结果与凭证', hideInMenu: true, menuPath: '/workflow/draws',
    page: page(() => import('./pages/draws/draw_page'), (m) => m.DrawPage),
  },
  {
    path: '/workflow/draws/task/:taskId', label: '任务抽取', icon: <ThunderboltOutlined />, permission: 'workflow:draw:list', group: 'workflow',
    description: '一个抽查任务的随机抽取（最近一次及历次）', hideInMenu: true, menuPath: '/workflow/draws',
    page: page(() => import('./pages/draws/draw_page'), (m) => m.TaskDrawPage),
  },
  // ── end draws ──
  {
    path: '/system/regions', label: '行政区划', icon: <EnvironmentOutlined />, permission: 'system:region:list', group: 'system',
    menuPermissions: ['system:region:update', 'system:department:list'],
    description: '按 GB/T 2260 逐级查看区划，启用或停用',
    page: page(() => import('./pages/system/regions_page'), (m) => m.RegionsPage),
  },
  {
    path: '/system/departments', label: '部门管理', icon: <ApartmentOutlined />, permission: 'system:department:list', group: 'system',
    description: '各级政府部门与机构，按区划与类型维护',
    page: page(() => import('./pages/system/departments_page'), (m) => m.DepartmentsPage),
  },
  {
    path: '/system/users', label: '用户管理', icon: <TeamOutlined />, permission: 'system:user:list', group: 'system',
    description: '账号、所属部门、角色',
    actions: [
      { permission: 'system:user:import', label: '导入' }, { permission: 'system:user:export', label: '导出' },
      { permission: 'system:user:reset-password', label: '重置密码' },
    ],
    page: page(() => import('./pages/system/users_page'), (m) => m.UsersPage),
  },
  {
    path: '/system/roles', label: '角色管理', icon: <SafetyCertificateOutlined />, permission: 'system:role:list', group: 'system',
    description: '角色的菜单与按钮权限、数据权限范围',
    page: page(() => import('./pages/system/roles_page'), (m) => m.RolesPage),
  },
  {
    path: '/system/dictionaries', label: '字典管理', icon: <BookOutlined />, permission: 'system:dictionary:list', group: 'system',
    description: '可由管理员扩充的代码表及其字典项',
    page: page(() => import('./pages/system/dictionaries_page'), (m) => m.DictionaryTypesPage),
  },
  {
    path: '/system/dictionaries/:typeKey', label: '字典数据', icon: <BookOutlined />, permission: 'system:dictionary:list', group: 'system',
    description: '一个字典的字典项', hideInMenu: true, menuPath: '/system/dictionaries',
    page: page(() => import('./pages/system/dictionary_items_page'), (m) => m.DictionaryItemsPage),
  },
  {
    path: '/system/calendar', label: '工作日历', icon: <CalendarOutlined />, permission: 'system:calendar:view', group: 'system',
    description: '法定节假日与调休安排、地方假日；期限按工作日计算，未公布安排的年份标注暂定',
    page: page(() => import('./pages/system/calendar_page'), (m) => m.CalendarPage),
  },
  // 派发与匹配 (server/modules/dispatch, server/modules/matching; issue #9 items 5, 7–9)
  {
    path: '/workflow/dispatch', label: '派发与匹配', icon: <SendOutlined />, permission: 'workflow:task:list', group: 'workflow',
    description: '已抽取任务的派发与确认、联合检查合并、检查人员随机匹配与替换',
    page: page(() => import('./pages/workflow/dispatch_tasks_page'), (m) => m.DispatchTasksPage),
  },
  {
    path: '/workflow/dispatch/:id', label: '检查对象与检查组', icon: <SendOutlined />, permission: 'workflow:task:list', group: 'workflow',
    description: '一个任务的派发、匹配与替换', hideInMenu: true, menuPath: '/workflow/dispatch',
    page: page(() => import('./pages/workflow/dispatch_task_page'), (m) => m.DispatchTaskPage),
  },
  // ── 检查与结果 (issue #10: the inspector's workbench, result entry, the department's review) ──
  {
    path: '/inspection/my-objects', label: '我的检查', icon: <CarryOutOutlined />, permission: 'inspection:object:list', group: 'inspection',
    menuPermissions: ['inspection:result:enter'],
    description: '本人所在检查组的检查对象：地址、检查事项、现场录入结果与照片，离线可用',
    page: page(() => import('./pages/inspection/my_objects_page'), (m) => m.MyObjectsPage),
  },
  {
    path: '/inspection/objects/:taskObjectId', label: '检查对象', icon: <CarryOutOutlined />, permission: 'inspection:object:list', group: 'inspection',
    description: '检查对象详情、检查组、检查事项与结果录入', hideInMenu: true, menuPath: '/inspection/my-objects',
    page: page(() => import('./pages/inspection/object_page'), (m) => m.InspectionObjectPage),
  },
  {
    path: '/inspection/results', label: '检查结果', icon: <ReconciliationOutlined />, permission: 'inspection:result:list', group: 'inspection',
    menuPermissions: ['inspection:result:review', 'inspection:result:publish', 'inspection:correction:approve'],
    description: '检查结果审核（退回、通过）、公示与更正审批',
    page: page(() => import('./pages/inspection/results_page'), (m) => m.ResultsPage),
  },
  {
    path: '/inspection/results/:id', label: '检查结果详情', icon: <ReconciliationOutlined />, permission: 'inspection:result:list', group: 'inspection',
    description: '一条检查结果：检查事项、照片、签字、更正与处理记录', hideInMenu: true, menuPath: '/inspection/results',
    page: page(() => import('./pages/inspection/results_page'), (m) => m.ResultsPage),
  },
  // 后续处置 (server/modules/follow_ups; issue #10 item 7)
  {
    path: '/inspection/follow-ups', label: '后续处置', icon: <SendOutlined />, permission: 'inspection:follow_up:list', group: 'inspection',
    description: '发现问题的后续处置：内部处置、移送其他部门或司法机关、接收、退回与办结',
    page: page(() => import('./pages/inspection/follow_ups_page'), (m) => m.FollowUpsPage),
  },
  {
    path: '/inspection/follow-ups/:id', label: '后续处置详情', icon: <SendOutlined />, permission: 'inspection:follow_up:list', group: 'inspection',
    description: '一项后续处置：检查结果、移送与办理记录', hideInMenu: true, menuPath: '/inspection/follow-ups',
    page: page(() => import('./pages/inspection/follow_ups_page'), (m) => m.FollowUpsPage),
  },
  {
    path: '/inspection/objections', label: '异议处理', icon: <ExceptionOutlined />, permission: 'inspection:objection:list', group: 'inspection',
    description: '检查对象对已公示结果的异议：受理、20 个工作日内复核、成立的更正结果、15 个工作日内反馈',
    page: page(() => import('./pages/inspection/objections_page'), (m) => m.ObjectionsPage),
  },
  // 行政检查通知书与实地核查记录表 (server/modules/notices; issue #10 item 1): print pages reached from an object
  {
    path: '/inspection/objects/:objectId/notice', label: '行政检查通知书', icon: <FileTextOutlined />, permission: 'inspection:object:list', group: 'inspection',
    description: '检查对象的行政检查通知书：编号、打印、下载 Word、登记送达', hideInMenu: true, menuPath: '/inspection/my-objects',
    page: page(() => import('./pages/inspection/notice_print_page'), (m) => m.NoticePrintPage),
  },
  {
    path: '/inspection/objects/:objectId/record-form', label: '实地核查记录表', icon: <FileTextOutlined />, permission: 'inspection:object:list', group: 'inspection',
    description: '一企一表：主体信息、检查组与各参与部门的检查事项，打印或下载 Word', hideInMenu: true, menuPath: '/inspection/my-objects',
    page: page(() => import('./pages/inspection/record_form_print_page'), (m) => m.RecordFormPrintPage),
  },
  // ── end 检查与结果 ──
  // ── 统计分析与考核 (issue #11 item 4; echarts loaded only by these pages) ──
  {
    path: '/statistics/dashboard', label: '统计分析', icon: <BarChartOutlined />, permission: 'statistics:dashboard:view', group: 'statistics',
    description: '年度完成率、按期录入与公示、清单覆盖、联合抽查占比、问题发现率、受检频次与工作量，导出 Excel 与年度报告',
    page: page(() => import('./pages/statistics/statistics_page'), (m) => m.StatisticsPage),
  },
  {
    path: '/statistics/assessment', label: '考核评分', icon: <TrophyOutlined />, permission: 'statistics:dashboard:view', group: 'statistics',
    description: '年终考核得分：部门排名与本区域考核权重设置',
    page: page(() => import('./pages/statistics/assessment_page'), (m) => m.AssessmentPage),
  },
  {
    path: '/monitor/operation-logs', label: '操作日志', icon: <AuditOutlined />, permission: 'monitor:operation-log:list', group: 'monitor',
    description: '全程留痕：谁在何时做了什么，结果如何',
    page: page(() => import('./pages/monitor/operation_logs_page'), (m) => m.OperationLogsPage),
  },
  {
    path: '/monitor/audit-checkpoints', label: '留痕检查点', icon: <SafetyCertificateOutlined />, permission: 'monitor:operation-log:list', group: 'monitor',
    description: '操作日志链头的签名检查点：公钥、导出与立即生成',
    page: page(() => import('./pages/monitor/audit_checkpoints_page'), (m) => m.AuditCheckpointsPage),
  },
  {
    path: '/monitor/login-logs', label: '登录日志', icon: <LoginOutlined />, permission: 'monitor:login-log:list', group: 'monitor',
    description: '登录、退出、失败与锁定记录',
    page: page(() => import('./pages/monitor/login_logs_page'), (m) => m.LoginLogsPage),
  },
];

/** The route whose path pattern matches a location pathname (':param' segments match anything). */
export function routeOfPath(pathname: string): AppRoute | undefined {
  const parts = pathname.replace(/\/+$/, '').split('/');
  return APP_ROUTES.find((route) => {
    const pattern = route.path.replace(/\/+$/, '').split('/');
    return pattern.length === parts.length && pattern.every((segment, i) => segment.startsWith(':') || segment === parts[i]);
  });
}

/** The routes shown in the left menu and as 工作台 quick links for someone holding `permissions`. */
export function menuRoutes(permissions: readonly string[]): AppRoute[] {
  const holds = (permission: Permission | null) => permission === null || permissions.includes(permission);
  return APP_ROUTES.filter((route) => !route.hideInMenu && holds(route.permission)
    && (!route.menuPermissions || route.menuPermissions.some(holds)));
}

/** The browser tab title of a page: 「用户管理 - suiji 双随机、一公开监管平台」, or `record - label - …` on a detail page. */
export function pageTitle(route: AppRoute | undefined, record?: string): string {
  return [record, route?.label, PLATFORM_TITLE].filter(Boolean).join(' - ');
}
