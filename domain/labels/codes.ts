/**
 * The Chinese names of every code a user can see in the logs: the error codes the API answers with
 * (server/http/errors.ts and the routes), the operation-log object types (`record.target(type, …)`)
 * and the operation-log actions (permission keys from domain/access/permissions.ts, plus the few
 * actions recorded outside a route). `codes.test.ts` scans the server source and fails when a code
 * has no name here; anything unknown (an old row, a code added by hand) reads「其他（CODE）」.
 */
import { PERMISSIONS, isPermission } from '../access/permissions';

export const ERROR_CODE_LABELS: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: '未登录或登录已过期',
  FORBIDDEN: '没有执行此操作的权限',
  NOT_FOUND: '记录不存在或不在数据权限范围内',
  VALIDATION_FAILED: '填写的内容不符合要求',
  BAD_REQUEST: '请求格式不正确',
  BAD_URL: '请求地址格式不正确',
  URI_TOO_LONG: '请求地址中的参数过长',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  INTERNAL_ERROR: '服务器内部错误',
  CSRF_TOKEN_INVALID: '防跨站令牌（CSRF）无效',
  RATE_LIMITED: '请求过于频繁',
  CALENDAR_YEAR_BUILTIN: '内置年度日历不能修改或删除',
  CALENDAR_YEAR_STARTED: '该年度已开始，日历不能再修改或删除',
  REGIONAL_HOLIDAY_PAST: '已过去的地方假日不能新增、修改或删除',
  REGIONAL_HOLIDAY_TAKEN: '该地区当日已有地方假日',
  // 年度抽查计划 (server/modules/plans; codes of domain/workflow/plan_states.ts and approval_chain.ts)
  PLAN_STALE: '计划已被他人修改，请刷新后重试',
  PLAN_INCOMPLETE: '计划内容不完整，不能提交',
  PLAN_ILLEGAL_TRANSITION: '计划当前状态不允许该操作',
  PLAN_LEAD_DEPARTMENT_ONLY: '只有牵头部门可以编辑、提交或调整计划',
  PLAN_WITHDRAW_SUBMITTER_ONLY: '只有提交人可以撤回',
  PLAN_VOID_NOT_PERMITTED: '无权作废该计划',
  JOINT_PLAN_NEEDS_PARTNERS: '联合抽查计划缺少参与部门',
  RETURN_COMMENTS_REQUIRED: '退回时须填写意见',
  ADJUST_REASON_REQUIRED: '调整计划须填写原因',
  VOID_REASON_REQUIRED: '作废须填写原因',
  OWN_SUBMISSION: '不能审批本人提交的事项',
  STEP_ROLE_REQUIRED: '没有该审批环节的角色',
  STEP_SCOPE: '不在该审批环节的办理范围内',
  CHAIN_ROLE_UNKNOWN: '审批环节的角色不存在',
  TOO_MANY_ATTEMPTS: '尝试次数过多，暂时不能再试',
  ACCOUNT_LOCKED: '账号因多次密码错误已临时锁定',
  ACCOUNT_DISABLED: '账号已停用',
  INVALID_CREDENTIALS: '账号或密码错误',
  PASSWORD_CHANGE_REQUIRED: '须先修改初始密码',
  WRONG_PASSWORD: '原密码不正确',
  WEAK_PASSWORD: '新密码不符合强度要求',
  NOT_RECORDED_IN_TRANSACTION: '变更未在事务内留痕（系统缺陷）',
  ACCOUNT_TAKEN: '账号已被使用',
  ROLE_KEY_TAKEN: '角色标识已被使用',
  ROLE_BUILTIN: '内置角色不能修改或删除',
  ROLE_HAS_USERS: '角色下还有用户',
  DEPARTMENT_NAME_TAKEN: '部门名称已被使用',
  DEPARTMENT_HAS_USERS: '部门下还有用户',
  DICTIONARY_KEY_TAKEN: '字典类型标识已被使用',
  DICTIONARY_VALUE_TAKEN: '字典值已被使用',
  DICTIONARY_TYPE_BUILTIN: '内置字典类型不能修改或删除',
  DICTIONARY_TYPE_HAS_ITEMS: '字典类型下还有字典数据',
  AUDIT_LOG_EMPTY: '操作日志为空，没有可签名的链头',
  CHECKPOINT_KEY_MISSING: '未配置留痕检查点签名密钥',
  CERTIFICATE_TAKEN: '执法证号已被使用',
  INSPECTOR_USER_TAKEN: '该账号已关联其他执法检查人员',
  RECUSAL_EXISTS: '已登记过相同的回避',
  RECUSAL_WITHDRAWN: '该回避登记已撤回',
  RECUSAL_APPLICATION_PENDING: '已有相同对象的回避申请待审批',
  RECUSAL_APPLICATION_DECIDED: '回避申请已审批',
  RECUSAL_ASSIGNMENT_INACTIVE: '该人员已不在检查组中',
  ENTITY_CODE_TAKEN: '统一社会信用代码已在名录中',
  STATUS_UNCHANGED: '登记状态没有变化',
  ENTITY_TAG_NAME_TAKEN: '专项库名称已被使用',
  ENTITY_TAG_EMPTY: '专项库没有检查对象',
  DIRECTORY_NOT_FRESH: '两库尚未按时更新确认',
  NO_FILE: '没有选择要导入的文件',
  FILE_NAME_INVALID: '文件名不符合要求',
  FILE_TOO_LARGE: '文件过大',
  IMPORT_FILE_EMPTY: '导入文件中没有数据行',
  IMPORT_FILE_INVALID: '导入文件格式不正确',
  TOO_MANY_ROWS: '导入的行数超过上限',
  CHECKLIST_INVALID: '清单还不能发布（内容不完整）',
  CHECKLIST_DRAFT_EXISTS: '已有未发布的草稿版本',
  CHECKLIST_VERSION_LOCKED: '清单版本已发布或已被替代，不能修改',
  CHECKLIST_PUBLISHED: '清单已发布，不能删除',
  CHECKLIST_NOT_PUBLISHED: '清单尚未发布',
  CHECKLIST_ONLY_VERSION: '这是清单唯一的版本',
  CHECKLIST_HAS_NO_BASE: '清单不是在上级清单基础上制定的',
  CHECKLIST_BASE_UNPUBLISHED: '上级清单没有现行版本',
  CHECKLIST_SYNC_CONFLICT: '与上级清单同步时有冲突',
  CHECKLIST_ITEM_INHERITED: '来自上级清单的事项在本级只读',
  JOINT_CHECKLIST_EXISTS: '联合抽查事项清单已存在',
  JOINT_ITEM_PART: '联合清单只能整体调整检查事项',
  JOINT_SOURCES_INVALID: '联合清单的来源事项不符合要求',
  // 抽取 (server/modules/draws; domain/workflow/draw_states.ts; domain/draw)
  STALE_ROW_VERSION: '记录已被他人更新，请刷新后重试',
  DRAW_ALREADY_RUNNING: '该任务已有一次抽取正在进行',
  TASK_ALREADY_DRAWN: '该任务的抽取凭证已公布',
  DRAW_ILLEGAL_TRANSITION: '抽取当前状态不允许该操作',
  DRAW_OPERATOR_ONLY: '只有本次抽取的操作人可以办理',
  DRAW_OPERATOR_CANNOT_SUPERVISE: '抽取操作人不能同时担任监督员',
  DRAW_SUPERVISOR_ROLE_REQUIRED: '只有抽取监督员可以确认到场',
  DRAW_SUPERVISOR_REGION: '只能监督本级的抽取',
  DRAW_PRESENCE_ALREADY_CONFIRMED: '已确认过到场',
  DRAW_SEED_BY_OPERATOR_OR_SUPERVISOR: '随机值只能由操作人或到场监督员录入',
  DRAW_VOID_NOT_PERMITTED: '无权作废本次抽取',
  DRAW_NOT_ANCHORED: '抽取承诺尚未锚定',
  DRAW_PREVIOUS_MISSING: '找不到重抽所衔接的前次抽取',
  DRAW_EXECUTE_FAILED: '抽取无法执行',
  DRAW_ENTITY_MISSING: '抽中的检查对象已不在名录中',
  POOL_INVALID: '名录库无法冻结',
  POOL_STRATUM_MISSING: '名录中有实施方案未设分层的信用风险分类',
  POOL_NOT_FROZEN: '名录库尚未冻结',
  POOL_FILE_INCOMPLETE: '存储的名录库文件不完整',
  POOL_FILE_TAMPERED: '存储的名录库文件与冻结时不一致',
  SOURCE_TIME_NOT_FUTURE: '随机数的产生时间须晚于承诺',
  SOURCE_NOT_YET_AVAILABLE: '随机数尚未到声明的产生时间',
  INVALID_SOURCE_VALUE: '随机值不是规范写法',
  INVALID_SOURCE: '随机数来源声明不符合要求',
  SOURCE_NOT_INDEPENDENT: '仅有骰子等可控来源且未写明例外',
  INVALID_PARAMS: '抽取参数不符合要求',
  // 抽查任务 (server/modules/tasks, domain/workflow/task_states.ts)
  TASK_STALE: '抽查任务已被他人修改',
  TASK_ILLEGAL_TRANSITION: '抽查任务当前状态不允许该操作',
  TASK_LEAD_DEPARTMENT_ONLY: '只有牵头部门可以办理该任务',
  TASK_TERMINATE_HEAD_ONLY: '只有牵头部门负责人可以终止任务',
  TERMINATE_REASON_REQUIRED: '终止任务须填写原因',
  // 计划模拟测算 (h/insight)
  PLAN_CONTENT_UNREADABLE: '计划内容不完整，无法测算',
  // 派发、匹配与替换 (server/modules/dispatch, server/modules/matching)
  DISPATCH_NO_DRAW: '任务没有已公示的抽取结果',
  DISPATCH_ALREADY_CONFIRMED: '已确认收到派发',
  MERGE_NOT_OFFERED: '这些检查对象不能合并为联合检查',
  MATCHING_NOT_READY: '任务尚未派发，不能匹配检查人员',
  MATCHING_DONE: '该任务已完成检查人员匹配',
  MATCHING_INFEASIBLE: '没有符合规则的检查人员分配',
  MATCHING_INVALID_INPUT: '匹配输入不符合规则',
  REPLACEMENT_NOT_PENDING: '替换申请已审批',
  REPLACEMENT_PENDING_EXISTS: '该人员已有待审批的替换申请',
  REPLACEMENT_SELF_APPROVAL: '不能审批本人提出的替换申请',
  REPLACEMENT_NO_CANDIDATE: '没有符合条件的替换人员',
  REPLACEMENT_MEMBER_INACTIVE: '该人员已被替换',
  OBJECT_NOT_GONE: '检查对象未注销或迁出',
  OBJECT_NOT_PENDING: '检查对象已替换或已完成',
  RESERVE_EXHAUSTED: '备选名单已用完',
  // 检查实施与结果 (server/modules/results)
  RESULT_INVALID: '检查结果不完整或不符合规则',
  NOTICE_NOT_ISSUED: '行政检查通知书尚未编号',
  NOTICE_STALE: '通知书送达记录已被他人修改',
  RESULT_ILLEGAL_TRANSITION: '检查结果当前状态不允许此操作',
  RESULT_PUBLISHED: '检查结果已公示，不可修改',
  RESULT_NOT_PUBLISHED: '检查结果尚未公示，无需更正',
  VERSION_CONFLICT: '记录已被他人修改',
  TASK_NOT_INSPECTING: '任务不在检查阶段',
  OBJECT_REPLACED: '检查对象已被替换',
  CLIENT_ID_REUSED: '客户端编号已用于其他记录',
  ATTACHMENT_TYPE: '附件类型不可接受',
  ATTACHMENT_TOO_LARGE: '附件过大',
  CORRECTION_INVALID: '更正内容不符合规则',
  CORRECTION_PENDING: '已有待审批的更正',
  CORRECTION_DECIDED: '更正已审批',
  DECISION_COMMENTS_REQUIRED: '须填写审批意见',
};

export const TARGET_TYPE_LABELS: Readonly<Record<string, string>> = {
  user: '用户',
  role: '角色',
  calendar_year: '年度工作日历',
  regional_holiday: '地方假日',
  department: '部门',
  region: '行政区划',
  dictionary_type: '字典类型',
  dictionary_item: '字典数据',
  operation_log: '操作日志',
  audit_checkpoint: '留痕检查点',
  inspector: '执法检查人员',
  expert: '专家',
  market_entity: '检查对象',
  entity_tag: '专项库',
  directory_confirmation: '两库确认',
  import_job: '导入任务',
  checklist: '抽查事项清单',
  draw: '抽取',
  task: '抽查任务',
  // 年度抽查计划 (server/modules/plans)
  plan: '年度抽查计划',
  approval_chain_setting: '审批流程设置',
  task_object: '检查对象（任务）',
  dispatch: '派发',
  visit: '联合检查',
  matching_record: '检查人员匹配记录',
  replacement: '替换',
  inspection_result: '检查结果',
  inspection_results: '检查结果（批量）',
  inspection_notice: '行政检查通知书',
  result_attachment: '检查附件',
  result_correction: '检查结果更正',
  recusal_application: '回避申请',
  statistics: '统计分析（年度）',
};

/** Actions recorded outside a route's permission: sign-in and sign-out, and work the server does on its own. */
export const OTHER_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth:login': '登录',
  'auth:logout': '退出登录',
  'system:import-recovery': '处理中断的导入任务（服务启动时）',
  'system:demo:load': '载入演示数据',
  'draw.commit': '冻结名录并发布抽取承诺（suiji-draw/2 锚定行）',
};

const ROUTE_ACTION = /^(POST|PUT|PATCH|DELETE|GET) \//;

export function otherLabel(code: string): string {
  return `其他（${code}）`;
}

export function errorCodeLabel(code: string): string {
  const http = /^HTTP_(\d{3})$/.exec(code);
  if (http) return `请求未成功（HTTP ${http[1] ?? ''}）`;
  return ERROR_CODE_LABELS[code] ?? otherLabel(code);
}

export function targetTypeLabel(type: string): string {
  return TARGET_TYPE_LABELS[type] ?? otherLabel(type);
}

/** A permission key's label, a known other action's, or — for a route any signed-in user may call — say so. */
export function actionLabel(action: string): string {
  if (isPermission(action)) return PERMISSIONS[action];
  if (ROUTE_ACTION.test(action)) return '登录用户均可执行（无需单独权限）';
  return OTHER_ACTION_LABELS[action] ?? otherLabel(action);
}
