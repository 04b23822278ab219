/**
 * The 工作台 quick links name only what the user may do: a route lists its optional actions
 * (导入、导出…) with the permission each needs, and only the held ones are named.
 */
import type { Permission } from '../../../domain/access/permissions';

export interface RouteAction {
  readonly permission: Permission;
  readonly label: string;
}

/** '检查对象名录' + the held actions: '检查对象名录；导入、导出'. */
export function describeRoute(description: string, actions: readonly RouteAction[], holds: (permission: Permission) => boolean): string {
  const held = actions.filter((a) => holds(a.permission)).map((a) => a.label);
  return held.length > 0 ? `${description}；${held.join('、')}` : description;
}
