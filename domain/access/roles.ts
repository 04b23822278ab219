import type { DataScope, DataScopeKind } from './data_scope';
import { ALL_PERMISSIONS, isPermission, type Permission } from './permissions';

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
const logs: Permission[] = ['monitor:operation-log:list', 'monitor:operation-log:export', 'monitor:login-log:list', 'monitor:login-log:export'];
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
/** 年度计划 → 任务 → 抽取 (issue #9): who drafts, who approves, who draws, who watches. */
const readWorkflow: Permission[] = ['workflow:plan:list', 'workflow:task:list', 'workflow:draw:list'];
const draftWorkflow: Permission[] = [
  ...readWorkflow, 'workflow:plan:create', 'workflow:plan:update', 'workflow:task:create', 'workflow:task:update',
  'workflow:draw:operate', 'workflow:draw:void', 'workflow:dispatch:confirm', 'workflow:matching:run', 'workflow:replacement:request',
];
/**
 * The head's decisions. The routes also check the approval step's role (approval_chain.ts canActOnStep) or the
 * 部门负责人 role itself. The 双随机办 holds these keys because it manages the heads' accounts (a role may only be
 * assigned by someone holding all its permissions); the 部门管理员 does not, so it cannot make itself an approver
 * by creating a head's account for its own plans (separation of duties).
 */
const headWorkflow: Permission[] = [
  ...readWorkflow, 'workflow:plan:approve', 'workflow:plan:void', 'workflow:task:approve', 'workflow:task:terminate', 'workflow:dispatch:confirm',
  'workflow:replacement:approve',
];
/**
 * 检查实施与结果 (issue #10): the team leader enters (谁检查、谁录入), the department reviews and publishes, the head
 * (主要负责人, 长春第20条) approves corrections. The 部门管理员 holds the inspector's keys so it can keep creating
 * inspectors' accounts; the 双随机办 holds them all, as it manages every account of its region.
 */
const readInspection: Permission[] = ['inspection:object:list', 'inspection:result:list'];
const enterResults: Permission[] = [...readInspection, 'inspection:result:enter', 'inspection:notice:issue'];
const reviewResults: Permission[] = [...readInspection, 'inspection:result:review', 'inspection:result:publish'];
/**
 * 后续处置 (issue #10 item 7): whoever reviews results handles their follow-up, transfers it (谁主管、谁负责, 曲阳第22条)
 * and accepts what other departments transfer; the 双随机办 follows its region's.
 */
const followUps: Permission[] = ['inspection:follow_up:list', 'inspection:follow_up:handle', 'inspection:follow_up:transfer', 'inspection:follow_up:accept'];
/** 统计分析与考核 (issue #11 item 4): the office sets its region's weights (长春第27条: it assesses the departments). */
const readStatistics: Permission[] = ['statistics:dashboard:view', 'statistics:report:export'];
const maintainChecklists: Permission[] = [
  ...readChecklists, 'directory:checklist:create', 'directory:checklist:update', 'directory:checklist:publish', 'directory:checklist:delete',
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { key: 'system_admin', name: '系统管理员', dataScope: 'all', permissions: ALL_PERMISSIONS, remark: '平台运维，拥有全部权限' },
  {
    key: 'joint_office', name: '双随机办/联席会议办公室', dataScope: 'region_and_below',
    permissions: [...readSystem, 'system:department:create', 'system:department:update', 'system:department:delete', 'system:department:export', ...manageUsers, ...logs, ...maintainDirectories, ...readChecklists, 'directory:joint-checklist:manage',
      // 工作日历: the office enters the year's schedule and the region's extra holidays (issue #9 item 1).
      'system:calendar:edit',
      // The office publishes plans (the chain's last step), voids them, sets the region's chains and follows every task.
      ...headWorkflow, 'workflow:chain:manage',
      ...enterResults, ...reviewResults, 'inspection:correction:request', 'inspection:correction:approve', ...followUps, 'inspection:archive:export',
      // 异议与复核 (威海第11条): the office follows its region's objections and holds every right it can give a 部门负责人
      // (who reviews them), as with results and corrections: a role is assigned only by a holder of all its keys.
      'inspection:objection:list', 'inspection:objection:enter', 'inspection:objection:review',
      // 回避申请: decides; applies too, as it manages the accounts of those who apply (a role is assigned only by a holder of all its keys).
      'directory:recusal:apply', 'directory:recusal:decide', ...readStatistics, 'statistics:weights:edit'],
    remark: '统筹本级及下级双随机工作',
  },
  { key: 'dept_admin', name: '部门管理员', dataScope: 'department', permissions: [...readSystem, ...manageUsers, 'monitor:operation-log:list', ...maintainDirectories, ...maintainChecklists, ...draftWorkflow,
    ...enterResults, ...reviewResults, 'inspection:correction:request', 'directory:recusal:apply', ...followUps, 'inspection:archive:export',
    'inspection:objection:list', 'inspection:objection:enter', 'inspection:objection:review', ...readStatistics], remark: '维护本部门用户与基础数据' },
  { key: 'dept_head', name: '部门负责人', dataScope: 'department', permissions: [...readSystem, 'monitor:operation-log:list', ...readDirectories, 'directory:entity:export', 'directory:entity:risk', 'directory:inspector:export', 'directory:expert:export', ...readChecklists,
    ...headWorkflow, ...reviewResults, 'inspection:correction:approve', 'directory:recusal:decide', ...followUps, 'inspection:archive:export', 'inspection:objection:list', 'inspection:objection:review', ...readStatistics], remark: '审批本部门计划、任务与结果' },
  { key: 'justice_reviewer', name: '司法行政审核员', dataScope: 'region_and_below', permissions: ['system:region:list', 'system:department:list', 'system:calendar:view', ...readChecklists, 'workflow:plan:list', 'workflow:plan:approve'], remark: '审核年度抽查计划' },
  {
    key: 'draw_supervisor', name: '抽取监督员（办公室/纪检）', dataScope: 'region_and_below',
    permissions: ['system:region:list', 'system:department:list', 'system:calendar:view', 'monitor:operation-log:list', 'monitor:audit-chain:verify', ...readDirectories, ...readChecklists,
      ...readWorkflow, 'workflow:draw:supervise'],
    remark: '监督随机抽取过程',
  },
  { key: 'inspector', name: '执法检查人员', dataScope: 'self', permissions: ['system:region:list', 'system:calendar:view', 'directory:entity:list', 'directory:inspector:list', 'directory:entity-tag:list', ...readChecklists, 'workflow:task:list', ...enterResults, 'directory:recusal:apply'], remark: '现场检查与结果录入' },
];

/** How broad each data scope is; an unknown scope counts as broader than 全部数据. */
const SCOPE_RANK: Record<DataScopeKind, number> = { self: 0, department: 1, custom: 2, region_and_below: 3, all: 4 };

/** How broad a data scope kind is (the scale `scopeRank` measures callers on). */
export function scopeKindRank(kind: DataScopeKind): number {
  return SCOPE_RANK[kind];
}

/** How broad a caller's effective scope is, conservatively (a 自定义 scope counts as 本部门). */
export function scopeRank(scope: DataScope): number {
  if (scope.kind === 'all') return SCOPE_RANK.all;
  if (scope.regionPrefixes.length > 0) return SCOPE_RANK.region_and_below;
  if (scope.departmentIds.length > 0) return SCOPE_RANK.department;
  return SCOPE_RANK.self;
}

/** Who assigns roles: their permissions and the rank of their effective data scope (`scopeRank`). */
export interface RoleAssigner {
  readonly permissions: ReadonlySet<Permission>;
  readonly scopeRank: number;
}

/**
 * No escalation through user management (issue #2 item 4, issue #7 item 1): a caller may give a
 * role only when it grants no permission the caller lacks and no data scope broader than the
 * caller's own; and a caller may reset, disable, delete, edit or re-role a user only when it could
 * assign every role that user holds, so nobody takes over an account more powerful than themselves.
 */
export function canAssignRole(caller: RoleAssigner, role: { readonly permissions: readonly string[]; readonly dataScope: string }): boolean {
  const rank = (SCOPE_RANK as Record<string, number | undefined>)[role.dataScope] ?? SCOPE_RANK.all + 1;
  return rank <= caller.scopeRank && role.permissions.every((p) => isPermission(p) && caller.permissions.has(p));
}
