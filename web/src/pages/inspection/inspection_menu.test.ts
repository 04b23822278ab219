import { describe, expect, test } from 'vitest';
import { BUILTIN_ROLES } from '../../../../domain/access/roles';
import { menuRoutes, routeOfPath } from '../../routes';

function menuOf(roleKey: string): string[] {
  const role = BUILTIN_ROLES.find((r) => r.key === roleKey);
  if (!role) throw new Error(`no role ${roleKey}`);
  return menuRoutes(role.permissions).map((route) => route.label);
}

describe('检查与结果 menu', () => {
  test('the inspector finds 我的检查 and not the department\'s review list; the head finds 检查结果 and not 我的检查', () => {
    expect(menuOf('inspector')).toContain('我的检查');
    expect(menuOf('inspector')).not.toContain('检查结果');
    expect(menuOf('dept_head')).toContain('检查结果');
    expect(menuOf('dept_head')).not.toContain('我的检查');
    expect(menuOf('dept_admin')).toEqual(expect.arrayContaining(['我的检查', '检查结果']));
  });

  test('an object\'s page is a sub-page of 我的检查', () => {
    const route = routeOfPath('/inspection/objects/0f0e');
    expect(route?.label).toBe('检查对象');
    expect(route?.menuPath).toBe('/inspection/my-objects');
  });

  test('the 待办 links land on pages: an object to enter, a task\'s results to review, a correction to approve', () => {
    expect(routeOfPath('/inspection/results')?.label).toBe('检查结果');
    expect(routeOfPath('/inspection/results/0f0e')?.menuPath).toBe('/inspection/results');
  });
});
