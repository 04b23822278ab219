/**
 * The permission catalog (模块:资源:动作). Permissions live in code, not in database rows: a role
 * is granted a subset of these keys, every API route declares exactly one of them (or one of the
 * route markers below), and the web menu is built from the caller's keys.
 */
export const PERMISSIONS = {
  'system:region:list': '行政区划-查询',
  'system:region:update': '行政区划-修改',
  'system:department:list': '部门管理-查询',
  'system:department:create': '部门管理-新增',
  'system:department:update': '部门管理-修改',
  'system:department:delete': '部门管理-删除',
  'system:department:export': '部门管理-导出',
  'system:user:list': '用户管理-查询',
  'system:user:create': '用户管理-新增',
  'system:user:update': '用户管理-修改',
  'system:user:delete': '用户管理-删除',
  'system:user:reset-password': '用户管理-重置密码',
  'system:user:import': '用户管理-导入',
  'system:user:export': '用户管理-导出',
  'system:role:list': '角色管理-查询',
  'system:role:create': '角色管理-新增',
  'system:role:update': '角色管理-修改',
  'system:role:delete': '角色管理-删除',
  'system:dictionary:list': '字典管理-查询',
  'system:dictionary:create': '字典管理-新增',
  'system:dictionary:update': '字典管理-修改',
  'system:dictionary:delete': '字典管理-删除',
  'system:calendar:view': '工作日历-查询（含期限计算）',
  'system:calendar:edit': '工作日历-维护（录入年度节假日安排、地方假日）',
  'monitor:operation-log:list': '操作日志-查询',
  'monitor:operation-log:export': '操作日志-导出',
  'monitor:login-log:list': '登录日志-查询',
  'monitor:login-log:export': '登录日志-导出',
  'monitor:audit-chain:verify': '留痕校验-执行',
  'monitor:audit:checkpoint': '留痕检查点-生成',
  'directory:inspector:list': '执法检查人员-查询',
  'directory:inspector:create': '执法检查人员-新增',
  'directory:inspector:update': '执法检查人员-修改（含回避登记）',
  'directory:inspector:delete': '执法检查人员-删除',
  'directory:inspector:import': '执法检查人员-导入',
  'directory:inspector:export': '执法检查人员-导出',
  'directory:expert:list': '专家库-查询',
  'directory:expert:create': '专家库-新增',
  'directory:expert:update': '专家库-修改',
  'directory:expert:delete': '专家库-删除',
  'directory:expert:import': '专家库-导入',
  'directory:expert:export': '专家库-导出',
  'directory:entity:list': '检查对象名录-查询',
  'directory:entity:create': '检查对象名录-新增',
  'directory:entity:update': '检查对象名录-修改（含登记状态变更）',
  'directory:entity:import': '检查对象名录-导入',
  'directory:entity:export': '检查对象名录-导出',
  'directory:entity:risk': '检查对象名录-信用风险分类等内部信息（查看、维护）',
  'directory:entity-tag:list': '专项库-查询',
  'directory:entity-tag:create': '专项库-新增',
  'directory:entity-tag:update': '专项库-修改（生成候选、确认版本）',
  'directory:entity-tag:delete': '专项库-删除',
  'directory:confirmation:list': '两库确认-查询',
  'directory:confirmation:create': '两库确认-确认',
  'directory:setting:update': '两库确认-设置确认时限',
  'directory:recusal:apply': '回避申请-提出（执法检查人员本人或部门管理员代为申请）',
  'directory:recusal:decide': '回避申请-审批（部门负责人、双随机办）',
  'directory:checklist:list': '抽查事项清单-查询',
  'directory:checklist:create': '抽查事项清单-新增',
  'directory:checklist:update': '抽查事项清单-修改（草稿编辑、修订、导入）',
  'directory:checklist:publish': '抽查事项清单-发布',
  'directory:checklist:delete': '抽查事项清单-删除（未发布的清单或草稿）',
  'directory:joint-checklist:manage': '联合抽查事项清单-维护（双随机办）',
  'workflow:plan:list': '年度抽查计划-查询',
  'workflow:plan:create': '年度抽查计划-新增',
  'workflow:plan:update': '年度抽查计划-编辑、提交、撤回、调整',
  'workflow:plan:approve': '年度抽查计划-审核（按审批链办理本人所在环节）',
  'workflow:plan:void': '年度抽查计划-作废',
  'workflow:chain:manage': '审批流程-设置本级计划与任务的审批链和报送期限',
  'workflow:task:list': '抽查任务-查询',
  'workflow:task:create': '抽查任务-新增（含临时任务）',
  'workflow:task:update': '抽查任务-编辑、提交',
  'workflow:task:approve': '抽查任务-审核（实施方案审批）',
  'workflow:task:terminate': '抽查任务-终止',
  'workflow:draw:list': '随机抽取-查询（抽取记录、凭证、匹配记录）',
  'workflow:draw:operate': '随机抽取-组织抽取（冻结名录、录入随机值、执行、公布）',
  'workflow:draw:supervise': '随机抽取-到场监督确认',
  'workflow:draw:void': '随机抽取-作废本次抽取',
  'workflow:dispatch:confirm': '派发名单-确认接收（参与部门）',
  'workflow:matching:run': '检查人员匹配-执行与发布',
  'workflow:replacement:request': '检查人员更换-申请',
  'workflow:replacement:approve': '检查人员更换-审批（部门负责人）',
  'inspection:object:list': '检查实施-查看检查对象、检查表与通知书',
  'inspection:result:list': '检查结果-查询',
  'inspection:result:enter': '检查结果-录入与提交（谁检查、谁录入）',
  'inspection:result:review': '检查结果-审核（退回、通过）',
  'inspection:result:publish': '检查结果-公示',
  'inspection:correction:request': '结果更正-申请',
  'inspection:correction:approve': '结果更正-审批（主要负责人）',
  'inspection:notice:issue': '行政检查通知书-编号、生成与送达登记',
  'inspection:follow_up:list': '后续处置-查询',
  'inspection:follow_up:handle': '后续处置-登记、内部处置与办结',
  'inspection:follow_up:transfer': '后续处置-移送其他部门或司法机关',
  'inspection:follow_up:accept': '后续处置-接收或退回移送',
  'inspection:archive:export': '任务档案-导出（一次一档）',
  'inspection:objection:list': '异议与复核-查询',
  'inspection:objection:enter': '异议与复核-代为录入（窗口、邮寄受理的异议）',
  'inspection:objection:review': '异议与复核-复核（开始复核、认定成立或不成立、反馈）',
  'statistics:dashboard:view': '统计分析-查看统计与考核',
  'statistics:report:export': '统计分析-导出统计表与年度报告',
  'statistics:weights:edit': '统计分析-设置本区域考核权重',
} as const;

export type Permission = keyof typeof PERMISSIONS;

/** The module part of a permission key ('system' in 'system:user:create'). */
export type PermissionModule = Permission extends `${infer M}:${string}` ? M : never;

/** Chinese labels of the permission modules (menu groups, role editor). A new module needs its label here. */
export const PERMISSION_MODULES: Record<PermissionModule, string> = {
  system: '系统管理',
  monitor: '系统监控',
  directory: '一单两库',
  workflow: '计划与抽取',
  inspection: '检查与结果',
  statistics: '统计分析',
};

/**
 * Route markers for the few routes that need no catalog permission. A route must still declare
 * one of them explicitly: the server refuses to start when a route declares nothing.
 */
export type RouteAccess = Permission | 'public' | 'authenticated';

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

/** The module part of a permission key, e.g. 'system' for 'system:user:create'. */
export function permissionModule(permission: Permission): PermissionModule {
  return permission.slice(0, permission.indexOf(':')) as PermissionModule;
}
