import { describe, expect, test } from 'vitest';
import { ALL_PERMISSIONS } from '../../domain/access/permissions';
import { BUILTIN_ROLES } from '../../domain/access/roles';
import { APP_ROUTES, menuRoutes, pageTitle, routeOfPath } from './routes';

function permissionsOf(roleKey: string): readonly string[] {
  const role = BUILTIN_ROLES.find((r) => r.key === roleKey);
  if (!role) throw new Error(`no role ${roleKey}`);
  return role.permissions;
}

function menuLabels(permissions: readonly string[]): string[] {
  return menuRoutes(permissions).map((route) => route.label);
}

describe('menuRoutes', () => {
  test('执法检查人员 read regions for the region picker but get no 行政区划 menu item', () => {
    const permissions = permissionsOf('inspector');
    expect(permissions).toContain('system:region:list');
    const labels = menuLabels(permissions);
    expect(labels).not.toContain('行政区划');
    expect(labels).toEqual(expect.arrayContaining(['工作台', '检查对象名录库', '抽查事项清单']));
  });

  test('roles that manage or read the system settings keep 行政区划', () => {
    for (const key of ['system_admin', 'joint_office', 'dept_admin', 'justice_reviewer', 'draw_supervisor']) {
      expect(menuLabels(permissionsOf(key)), key).toContain('行政区划');
    }
    expect(menuLabels(['system:region:list', 'system:region:update'])).toContain('行政区划');
  });

  test('sub-pages and pages without the permission stay out; everything shows for all permissions', () => {
    expect(menuLabels([])).toEqual(['工作台']);
    const all = menuRoutes(ALL_PERMISSIONS);
    expect(all).toEqual(APP_ROUTES.filter((route) => !route.hideInMenu));
  });
});

describe('随机抽取 routes', () => {
  test('the supervisor and the department administrator find 随机抽取 under 计划与抽取; a task\'s draw page is its own route', () => {
    for (const key of ['draw_supervisor', 'dept_admin']) expect(menuLabels(permissionsOf(key)), key).toContain('随机抽取');
    expect(routeOfPath('/workflow/draws/0f0e')?.label).toBe('抽取详情');
    expect(routeOfPath('/workflow/draws/task/0f0e')?.label).toBe('任务抽取');
    expect(routeOfPath('/workflow/draws/task/0f0e')?.menuPath).toBe('/workflow/draws');
  });
});

describe('pageTitle', () => {
  test('the page label, then the platform; a detail page names its record first', () => {
    expect(pageTitle(routeOfPath('/system/users'))).toBe('用户管理 - suiji 双随机、一公开监管平台');
    expect(pageTitle(routeOfPath('/directory/entity-tags/42'), '食品生产')).toBe('食品生产 - 专项库详情 - suiji 双随机、一公开监管平台');
    expect(pageTitle(undefined)).toBe('suiji 双随机、一公开监管平台');
  });
});

describe('行政检查通知书 and 实地核查记录表 print pages', () => {
  test('are sub-pages of the inspection object (我的检查) that every role reading inspection objects may open', () => {
    expect(routeOfPath('/inspection/objects/0f0e/notice')).toMatchObject({ label: '行政检查通知书', permission: 'inspection:object:list', hideInMenu: true, menuPath: '/inspection/my-objects' });
    expect(routeOfPath('/inspection/objects/0f0e/record-form')?.label).toBe('实地核查记录表');
    for (const key of ['inspector', 'dept_admin', 'dept_head', 'joint_office']) expect(permissionsOf(key), key).toContain('inspection:object:list');
  });
});
