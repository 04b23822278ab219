/**
 * 抽查任务 / 实施方案 API shapes (issue #9 item 4). The spec mirrors domain/workflow/task_spec.ts TaskSpec field for
 * field; zod checks the shape and types, domain/workflow/task_spec_check.ts the rules between the fields.
 */
import { z } from 'zod';
import { TASK_STATUS_LABELS, type TaskEventType, type TaskStatus } from '../../../domain/workflow/task_states';
import { dateField } from '../inspectors/schema';
import { optionalText, text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';

const TASK_STATUSES = Object.keys(TASK_STATUS_LABELS) as [TaskStatus, ...TaskStatus[]];
const shortText = (label: string, max: number) => z.string({ error: `${label}必须是文本` }).trim().max(max, { error: `${label}不能超过 ${max} 个字符` });
const whole = (label: string) => z.number({ error: `${label}必须是数字` }).int({ error: `${label}必须是整数` });
const decimalText = (label: string) => z.string({ error: `${label}必须是文本（如 "3"、"2.5"）` }).trim().max(20, { error: `${label}过长` });
const list = <T extends z.ZodType>(item: T, label: string, max: number) => z.array(item, { error: `${label}应为数组` }).max(max, { error: `${label}最多 ${max} 个` });

export const TaskItemRefSchema = z.object({
  departmentId: uuidField('事项所属部门'),
  checklistId: uuidField('清单'),
  checklistVersionId: uuidField('清单版本'),
  itemId: uuidField('检查事项'),
  /** Copied from the published list by the server; what the client sends here is ignored. */
  code: shortText('事项编码', 40).default(''),
  name: shortText('事项名称', 300).default(''),
});

export const TargetingSchema = z.object({
  mode: z.enum(['untargeted', 'targeted'], { error: '抽查方式只能是 untargeted（不定向）或 targeted（定向）' }),
  entityTypes: list(shortText('主体类型', 40), '主体类型', 20).default([]),
  industryCodes: list(shortText('行业代码', 5), '行业代码', 50).default([]),
  entityTagId: uuidField('专项库').nullable().default(null),
  scopeKeywords: list(shortText('经营范围关键字', 40), '经营范围关键字', 20).default([]),
});

export const StratumSchema = z.object({
  key: shortText('分层', 16),
  mode: z.enum(['ratio', 'count'], { error: '抽取方式只能是 ratio（比例）或 count（户数）' }),
  value: decimalText('抽查比例或户数'),
  rounding: z.enum(['half_up', 'ceil', 'floor_min_1'], { error: '取整规则只能是 half_up、ceil 或 floor_min_1' }),
  minPercent: decimalText('最低比例').default(''),
  reserve: decimalText('备选名单长度').default(''),
});

export const TeamSettingsSchema = z.object({
  teamSize: whole('每组人数'),
  leaderFromLead: z.boolean({ error: '组长来源必须是布尔值' }),
  departmentQuotas: list(z.object({ departmentId: uuidField('派员部门'), members: whole('派员人数') }), '各部门派员', 20).default([]),
  expertsPerObject: whole('专家人数').default(0),
  maxObjectsPerInspector: whole('检查对象上限'),
  recusalYears: whole('回避年限').default(0),
  crossArea: z.boolean({ error: '相邻区域匹配必须是布尔值' }).default(false),
  directAppointment: z.boolean({ error: '直接委派必须是布尔值' }).default(false),
});

export const TaskSpecSchema = z.object({
  items: list(TaskItemRefSchema, '检查事项', 200),
  targeting: TargetingSchema,
  regionCodes: list(z.string({ error: '抽取区域必须是文本' }).regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }), '抽取区域', 50),
  stratifyBy: z.enum(['credit_class', 'none'], { error: '分层方式只能是 credit_class（按信用风险分类）或 none（不分层）' }),
  strata: list(StratumSchema, '分层', 10),
  minTotalPercent: decimalText('总体最低抽查比例').default(''),
  annualCap: whole('每年抽查次数上限'),
  methods: list(text('检查方式', 20), '检查方式', 10),
  team: TeamSettingsSchema,
  supervisorsRequired: whole('抽取监督员人数'),
});
export type TaskSpecInput = z.infer<typeof TaskSpecSchema>;

const body = {
  name: text('任务名称', 200, 2),
  periodStart: dateField('实施开始日期'),
  periodEnd: dateField('实施结束日期'),
  participatingDepartmentIds: list(uuidField('参与部门'), '参与部门', 30).default([]),
  spec: TaskSpecSchema,
};

/** A new task: from a published plan's planned task (planId + planTaskKey) or 临时任务 (both null). */
export const TaskCreateInput = z.object({
  planId: uuidField('年度计划').nullable().default(null),
  planTaskKey: shortText('计划任务', 40).nullable().default(null),
  ...body,
});
export type TaskCreateInput = z.infer<typeof TaskCreateInput>;

export const TaskUpdateInput = z.object({ ...body, rowVersion: whole('版本号').min(1) });
export type TaskUpdateInput = z.infer<typeof TaskUpdateInput>;

export const TaskActionInput = z.object({
  rowVersion: whole('版本号').min(1),
  comments: optionalText('意见', 1000),
  reason: optionalText('原因', 1000),
});
export type TaskActionInput = z.infer<typeof TaskActionInput>;

/** The user-facing events of a task (the draw and dispatch events belong to their modules). */
export const TASK_ACTIONS = ['edit', 'submit', 'approve', 'return', 'terminate'] as const satisfies readonly TaskEventType[];
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TaskActionParams = z.object({
  id: uuidField('编号'),
  action: z.enum(['submit', 'approve', 'return', 'terminate'], { error: '操作只能是 submit、approve、return 或 terminate' }),
});

/** Per action: null when the caller may do it now, else why not (the same check the write runs). */
export const TaskRowActions = z.object({
  edit: z.string().nullable(),
  delete: z.string().nullable(),
  submit: z.string().nullable(),
  approve: z.string().nullable(),
  return: z.string().nullable(),
  terminate: z.string().nullable(),
});
export type TaskRowActions = z.infer<typeof TaskRowActions>;

export const TaskRow = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['planned', 'ad_hoc']),
  year: z.number().int(),
  name: z.string(),
  planId: z.string().nullable(),
  planName: z.string().nullable(),
  planTaskKey: z.string().nullable(),
  leadDepartmentId: z.string(),
  leadDepartmentName: z.string(),
  participatingDepartmentIds: z.array(z.string()),
  participatingDepartmentNames: z.array(z.string()),
  regionCode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(TASK_STATUSES),
  stepIndex: z.number().int(),
  currentStepLabel: z.string().nullable(),
  rowVersion: z.number().int(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  actions: TaskRowActions,
});
export type TaskRow = z.infer<typeof TaskRow>;
export const TaskPage = pageOf(TaskRow);

export const ApprovalRow = z.object({
  id: z.string(),
  decision: z.string(),
  stepLabel: z.string().nullable(),
  comments: z.string().nullable(),
  actorName: z.string(),
  createdAt: z.string(),
});

export const TaskDetail = TaskRow.extend({
  spec: TaskSpecSchema,
  chain: z.object({ key: z.string(), label: z.string(), steps: z.array(z.object({ key: z.string(), label: z.string() })) }),
  returnComments: z.string().nullable(),
  terminationReason: z.string().nullable(),
  approvals: z.array(ApprovalRow),
  /** Names of the departments the spec mentions (items, quotas), for display. */
  departmentNames: z.record(z.string(), z.string()),
  entityTagName: z.string().nullable(),
});
export type TaskDetail = z.infer<typeof TaskDetail>;

export const TaskFilters = z.object({
  year: z.coerce.number({ error: '年度必须是数字' }).int().min(2000).max(2100).optional(),
  status: z.enum(TASK_STATUSES, { error: '状态不正确' }).optional(),
  departmentId: uuidField('部门').optional(),
  planId: uuidField('年度计划').optional(),
  keyword: z.string().trim().max(100).optional(),
});
export const TaskQuery = TaskFilters.extend(pageQuery);
export type TaskQuery = z.infer<typeof TaskQuery>;

/** A checklist item the caller may put into a task: top-level 检查事项 of the current published lists. */
export const TaskItemOption = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  checklistId: z.string(),
  checklistName: z.string(),
  checklistVersionId: z.string(),
  version: z.number().int(),
  itemId: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.string().nullable(),
});
export type TaskItemOption = z.infer<typeof TaskItemOption>;
export const TaskItemOptionQuery = z.object({
  departmentIds: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, { error: '部门编号列表格式不正确' }),
});

/** A planned task of a published plan the caller's department takes part in, with the defaults of a new task. */
export const PlannedTaskOption = z.object({
  planId: z.string(),
  planName: z.string(),
  year: z.number().int(),
  key: z.string(),
  name: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  defaults: z.object({
    name: z.string(), periodStart: z.string(), periodEnd: z.string(), participatingDepartmentIds: z.array(z.string()), spec: TaskSpecSchema,
  }),
});
export type PlannedTaskOption = z.infer<typeof PlannedTaskOption>;

/** What the public portal may show of a published task: no internal fields (spec details, people, approvals). */
export const PublicTaskSummary = z.object({
  code: z.string(),
  name: z.string(),
  year: z.number().int(),
  leadDepartmentName: z.string(),
  participatingDepartmentNames: z.array(z.string()),
  periodStart: z.string(),
  periodEnd: z.string(),
  itemNames: z.array(z.string()),
  targeted: z.boolean(),
  status: z.string(),
});
export type PublicTaskSummary = z.infer<typeof PublicTaskSummary>;
