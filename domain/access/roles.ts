import type { DataScopeKind } from './data_scope';
import { ALL_PERMISSIONS, type Permission } from './permissions';

/**
 * The built-in roles every deployment starts with (DEVELOPERS.md, issue #2 item 4). Administrators
 * may change their permissions or add roles; these are only the seeded defaults.
 */
export interface BuiltinRole {
  readonly key: string;
  readonly name: string;
  readonly dataScope: DataScopeKind;
  readonly permissions: readonly Permission[];
  readonly remark: string;
}

const readSystem: Permission[] = ['system:region:list', 'system:department:list', 'system:user:list', 'system:role:list', 'system:dictionary:list', 'system:calendar:view'];
const manageUsers: Permission[] = ['system:user:create', 'system:user:update', 'system:user:delete', 'system:user:reset-password', 'system:user:import', 'system:user:export'];
const logs: Permission[] = ['monitor:operation-log:list', 'monitor:operation-log:export', 'monitor:login-log:list'];
/** 一单两库 (issue #4): 执法检查人员名录库, 专家库, 专项库, 两库确认. */
const readDirectories: Permission[] = ['directory:entity:list', 'directory:inspector:list', 'directory:expert:list', 'directory:entity-tag:list', 'directory:confirmation:list'];
const maintainDirectories: Permission[] = [
  ...readDirectories,
  'directory:entity:create', 'directory:entity:update', 'directory:entity:import', 'directory:entity:export', 'directory:entity:risk',
  'directory:inspector:create', 'directory:inspector:update', 'directory:inspector:delete', 'directory:inspector:import', 'directory:inspector:export',
  'directory:expert:create', 'directory:expert:update', 'directory:expert:delete', 'directory:expert:import', 'directory:expert:export',
  'directory:entity-tag:create', 'directory:entity-tag:update', 'directory:entity-tag:delete',
  'directory:confirmation:create',
];
/** 抽查事项清单: a department maintains its own lists, the 双随机办 the region's joint list; everyone reads. */
const readChecklists: Permission[] = ['directory:checklist:list'];
const maintainChecklists: Permission[] = [
  ...readChecklists, 'directory:checklist:create', 'directory:checklist:update', 'directory:checklist:publish', 'directory:checklist:delete',
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { key: 'system_admin', name: '系统管理员', dataScope: 'all', permissions: ALL_PERMISSIONS, remark: '平台运维，拥有全部权限' },
  {
    key: 'joint_office', name: '双随机办/联席会议办公室', dataScope: 'region_and_below',
    permissions: [...readSystem, 'system:department:create', 'system:department:update', 'system:department:delete', 'system:department:export', ...manageUsers, ...logs, ...maintainDirectories, ...readChecklists, 'directory:joint-checklist:manage',
      // 工作日历: the office enters the year's schedule and the region's extra holidays (issue #9 item 1).
      'system:calendar:edit'],
    remark: '统筹本级及下级双随机工作（长春第3条、曲阳第3条）',
  },
  { key: 'dept_admin', name: '部门管理员', dataScope: 'department', permissions: [...readSystem, ...manageUsers, 'monitor:operation-log:list', ...maintainDirectories, ...maintainChecklists], remark: '维护本部门用户与基础数据' },
  { key: 'dept_head', name: '部门负责人', dataScope: 'department', permissions: [...readSystem, 'monitor:operation-log:list', ...readDirectories, 'directory:entity:export', 'directory:entity:risk', 'directory:inspector:export', 'directory:expert:export', ...readChecklists], remark: '审批本部门计划、任务与结果' },
  { key: 'justice_reviewer', name: '司法行政审核员', dataScope: 'region_and_below', permissions: ['system:region:list', 'system:department:list', 'system:calendar:view', ...readChecklists], remark: '审核年度抽查计划（长春第8条）' },
  {
    key: 'draw_supervisor', name: '抽取监督员（办公室/纪检）', dataScope: 'region_and_below',
    permissions: ['system:region:list', 'system:department:list', 'system:calendar:view', 'monitor:operation-log:list', 'monitor:audit-chain:verify', ...readDirectories, ...readChecklists],
    remark: '监督随机抽取过程（威海第3、6条）',
  },
  { key: 'inspector', name: '执法检查人员', dataScope: 'self', permissions: ['system:region:list', 'system:calendar:view', 'directory:entity:list', 'directory:inspector:list', 'directory:entity-tag:list', ...readChecklists], remark: '现场检查与结果录入' },
];
