/**
 * The route and menu table: one typed array. A page shows in the left menu, and can be opened,
 * when the user holds its `permission` (the `...:list` key of the resource). Later modules
 * (一单两库, 抽查计划, …) add a group to MENU_GROUPS and entries to APP_ROUTES.
 */
import {
  ApartmentOutlined, AuditOutlined, BookOutlined, CalendarOutlined, ClusterOutlined, DashboardOutlined, EnvironmentOutlined, ExperimentOutlined,
  FileDoneOutlined, FolderOpenOutlined, LoginOutlined, MonitorOutlined, ProfileOutlined, SafetyCertificateOutlined,
  ScheduleOutlined, SettingOutlined, ThunderboltOutlined, ShopOutlined, SolutionOutlined, TagsOutlined, TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Permission } from '../../domain/access/permissions';
import type { RouteAction } from './components/route_actions';

/** The platform's name, after the page's in every browser tab title. */
export const PLATFORM_TITLE = 'suiji 双随机、一公开监管平台';

export type MenuGroupKey = 'directory' | 'workflow' | 'system' | 'monitor';

export interface MenuGroup {
  readonly key: MenuGroupKey;
  readonly label: string;
  readonly icon: ReactNode;
}

export const MENU_GROUPS: readonly MenuGroup[] = [
  { key: 'directory', label: '一单两库', icon: <FolderOpenOutlined /> },
  { key: 'workflow', label: '计划与抽取', icon: <ScheduleOutlined /> },
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
    path: '/directory/confirmations', label: '两库确认', icon: <FileDoneOutlined />, permission: 'directory:confirmation:list', group: 'directory',
    description: '抽取前更新并确认检查对象名录库和执法检查人员名录库',
    page: page(() => import('./pages/directory/directory_confirmations_page'), (m) => m.DirectoryConfirmationsPage),
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
