/**
 * 年度抽查计划 (issue #9 item 2): the API's input and output shapes. The plan content follows
 * domain/workflow/task_spec.ts PlanContent; items are sent as (checklist version, item) ids and the
 * server pins department, list, code and name from the published version.
 */
import { z } from 'zod';
import { text, uuidField } from '../../http/fields';
import { pageOf, pageQuery } from '../../http/paging';
import { dateField } from '../inspectors/schema';

export const PLAN_STATUSES = ['draft', 'in_review', 'returned', 'published', 'void'] as const;
export const PLAN_EVENTS = ['edit', 'submit', 'withdraw', 'approve', 'return', 'adjust', 'void'] as const;
export const STRATUM_KEYS = ['A', 'B', 'C', 'D', 'E', 'unrated'] as const;

const yearField = z.coerce.number({ error: '年度必须是数字' }).int({ error: '年度必须是整数' })
  .min(2000, { error: '年度不能早于 2000' }).max(2100, { error: '年度不能晚于 2100' });

/** A percentage "0".."100", at most 6 decimals, as the draw protocol commits it. */
export const DECIMAL_PERCENT = /^(?:0|[1-9]\d{0,2})(?:\.\d{1,6})?$/;

export const ItemRefInput = z.object({
  checklistVersionId: uuidField('清单版本'),
  itemId: uuidField('检查事项'),
});

export const TargetingInput = z.object({
  mode: z.enum(['untargeted', 'targeted'], { error: '抽查方式只能是 untargeted（不定向）或 targeted（定向）' }),
  entityTypes: z.array(text('主体类型', 40)).max(20).default([]),
  industryCodes: z.array(z.string().regex(/^\d{2,4}$/, { error: '行业代码应为 2–4 位数字' })).max(50).default([]),
  entityTagId: uuidField('专项库').nullable().default(null),
  scopeKeywords: z.array(text('经营范围关键字', 40)).max(20).default([]),
});

export const StratumInput = z.object({
  key: z.string({ error: '分层必须是文本' }).min(1, { error: '分层不能为空' }).max(20),
  mode: z.enum(['ratio', 'count'], { error: '抽取方式只能是 ratio（比例）或 count（数量）' }),
  value: z.string({ error: '比例或数量必须是文本' }).trim().min(1, { error: '请填写比例或数量' }).max(12),
  rounding: z.enum(['half_up', 'ceil', 'floor_min_1'], { error: '取整规则只能是四舍五入、向上取整或向下取整但至少 1' }),
  minPercent: z.string().trim().max(12).default(''),
  reserve: z.string().trim().max(6).default(''),
});

export const PlannedTaskInput = z.object({
  key: z.string({ error: '任务编号必须是文本' }).regex(/^[A-Za-z0-9_-]{1,40}$/, { error: '任务编号只能由字母、数字、下划线或短横线组成' }),
  name: text('任务名称', 200),
  departmentIds: z.array(uuidField('参与部门')).max(50).default([]),
  items: z.array(ItemRefInput).max(500, { error: '一个任务最多 500 个检查事项' }),
  targeting: TargetingInput,
  stratifyBy: z.enum(['credit_class', 'none'], { error: '分层方式只能是 credit_class（按信用风险分类）或 none（不分层）' }),
  strata: z.array(StratumInput).max(10),
  frequency: z.coerce.number({ error: '抽查频次必须是数字' }).int({ error: '抽查频次必须是整数' }).min(1, { error: '抽查频次至少 1 次' }).max(12, { error: '抽查频次每年最多 12 次' }),
  methods: z.array(text('检查方式', 40)).max(10).default([]),
  windowStart: dateField('开始日期'),
  windowEnd: dateField('结束日期'),
});
export type PlannedTaskInput = z.infer<typeof PlannedTaskInput>;

export const PlanContentInput = z.object({
  summary: z.string({ error: '计划说明必须是文本' }).trim().max(2000, { error: '计划说明不能超过 2000 个字符' }).default(''),
  tasks: z.array(PlannedTaskInput).max(100, { error: '一个计划最多 100 个任务' }),
});
export type PlanContentInput = z.infer<typeof PlanContentInput>;

export const PlanCreateInput = z.object({
  kind: z.enum(['department', 'joint'], { error: '计划类型只能是 department（部门计划）或 joint（联合抽查计划）' }),
  year: yearField,
  name: text('计划名称', 200),
  /** Only a system administrator chooses; everyone else drafts for their own department. */
  leadDepartmentId: uuidField('牵头部门').optional(),
  participatingDepartmentIds: z.array(uuidField('参与部门')).max(50).default([]),
  content: PlanContentInput.default({ summary: '', tasks: [] }),
});
export type PlanCreateInput = z.infer<typeof PlanCreateInput>;

const rowVersionField = z.number({ error: '请带上记录版本号（rowVersion）' }).int().min(1);

export const PlanUpdateInput = z.object({
  rowVersion: rowVersionField,
  name: text('计划名称', 200),
  participatingDepartmentIds: z.array(uuidField('参与部门')).max(50).default([]),
  content: PlanContentInput,
});
export type PlanUpdateInput = z.infer<typeof PlanUpdateInput>;

export const TransitionInput = z.object({
  rowVersion: rowVersionField,
  comment: z.string().trim().max(1000, { error: '意见不能超过 1000 个字符' }).nullable().optional(),
});
export const ReturnInput = z.object({ rowVersion: rowVersionField, comments: text('退回意见', 1000) });
export const ReasonInput = z.object({ rowVersion: rowVersionField, reason: text('原因', 1000) });

export const PlanQuery = z.object({
  ...pageQuery,
  year: yearField.optional(),
  kind: z.enum(['department', 'joint']).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  departmentId: uuidField('部门').optional(),
  name: z.string().trim().max(100).optional(),
});
export type PlanQuery = z.infer<typeof PlanQuery>;

/** What the caller may do: null = allowed, otherwise the reason the write would refuse with. */
export const PlanActions = z.object({
  edit: z.string().nullable(), delete: z.string().nullable(), submit: z.string().nullable(), withdraw: z.string().nullable(),
  approve: z.string().nullable(), return: z.string().nullable(), adjust: z.string().nullable(), void: z.string().nullable(),
});
export type PlanActions = z.infer<typeof PlanActions>;

export const ChainStepSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: '环节标识只能由小写字母、数字和下划线组成' }),
  label: text('环节名称', 60),
  role: z.string().min(1, { error: '请选择办理角色' }).max(40),
  scope: z.enum(['lead_department', 'same_region', 'region_and_above'], { error: '办理范围只能是牵头部门、同级或本级及上级' }),
});
export const ChainSchema = z.object({
  key: z.string().min(1).max(60),
  label: text('审批链名称', 100),
  source: z.string().max(100),
  steps: z.array(ChainStepSchema).min(1, { error: '审批链至少要有一个环节' }).max(10, { error: '审批链最多 10 个环节' }),
});
export type ChainSchema = z.infer<typeof ChainSchema>;

export const PlanRow = z.object({
  id: z.string(),
  kind: z.enum(['department', 'joint']),
  year: z.number().int(),
  name: z.string(),
  leadDepartmentId: z.string(),
  leadDepartmentName: z.string(),
  participatingDepartments: z.array(z.object({ id: z.string(), name: z.string() })),
  regionCode: z.string(),
  status: z.enum(PLAN_STATUSES),
  stepIndex: z.number().int(),
  /** The step under review (审核中), e.g. 司法行政合法性审核. */
  currentStep: z.string().nullable(),
  version: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  adjusting: z.boolean(),
  rowVersion: z.number().int(),
  updatedAt: z.string(),
  actions: PlanActions,
});
export type PlanRow = z.infer<typeof PlanRow>;
export const PlanPage = pageOf(PlanRow);

export const ItemRefSchema = z.object({
  departmentId: z.string(), checklistId: z.string(), checklistVersionId: z.string(), itemId: z.string(), code: z.string(), name: z.string(),
});
export const PlannedTaskSchema = PlannedTaskInput.extend({ items: z.array(ItemRefSchema) });
export const PlanContentSchema = z.object({ summary: z.string(), tasks: z.array(PlannedTaskSchema) });
export type PlanContentSchema = z.infer<typeof PlanContentSchema>;

export const ApprovalRow = z.object({
  id: z.string(), version: z.number().int(), stepIndex: z.number().int().nullable(), stepLabel: z.string().nullable(),
  decision: z.enum(['submitted', 'approved', 'returned', 'withdrawn']), comments: z.string().nullable(),
  actorName: z.string(), createdAt: z.string(),
});
export type ApprovalRow = z.infer<typeof ApprovalRow>;

export const VersionRow = z.object({
  version: z.number().int(), content: PlanContentSchema, reason: z.string().nullable(), createdByName: z.string().nullable(),
  createdAt: z.string(), publishedAt: z.string().nullable(),
});
export type VersionRow = z.infer<typeof VersionRow>;

export const PlanDetail = PlanRow.extend({
  chain: ChainSchema,
  content: PlanContentSchema,
  publishedContent: PlanContentSchema.nullable(),
  returnComments: z.string().nullable(),
  voidReason: z.string().nullable(),
  adjustment: z.object({ reason: z.string(), startedOn: z.string(), deadline: z.string().nullable(), provisional: z.boolean() }).nullable(),
  approvals: z.array(ApprovalRow),
});
export type PlanDetail = z.infer<typeof PlanDetail>;

export const VersionList = z.array(VersionRow);

export const PickerQuery = z.object({ departmentIds: z.string().max(2000).default('') });
export const PickerRow = z.object({
  departmentId: z.string(), departmentName: z.string(), checklistId: z.string(), checklistName: z.string(),
  checklistVersionId: z.string(), version: z.number().int(),
  items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), category: z.string().nullable() })),
});
export const PickerList = z.array(PickerRow);

const MonthDaySchema = z.object({
  month: z.number({ error: '月份必须是数字' }).int().min(1, { error: '月份为 1–12' }).max(12, { error: '月份为 1–12' }),
  day: z.union([z.number().int().min(1, { error: '日为 1–31' }).max(31, { error: '日为 1–31' }), z.literal('end')]),
});
export const DueDatesSchema = z.object({ joint: MonthDaySchema, department: MonthDaySchema });

export const ChainSettingsParams = z.object({ regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为 6 位数字' }) });
export const ChainSettings = z.object({
  regionCode: z.string(),
  plan: ChainSchema, task: ChainSchema, dueDates: DueDatesSchema,
  /** Whether each is the region's own setting (false: inherited from a region above or the default). */
  own: z.object({ plan: z.boolean(), task: z.boolean(), dueDates: z.boolean() }),
  presets: z.array(ChainSchema),
  roles: z.array(z.object({ key: z.string(), name: z.string() })),
});
export const ChainSettingsInput = z.object({ plan: ChainSchema, task: ChainSchema, dueDates: DueDatesSchema });
export type ChainSettingsInput = z.infer<typeof ChainSettingsInput>;

export const JointSummaryQuery = z.object({ year: yearField, regionCode: ChainSettingsParams.shape.regionCode.optional() });
export const JointSummary = z.object({
  year: z.number().int(), regionCode: z.string(), regionName: z.string().nullable(),
  plans: z.array(z.object({
    id: z.string(), name: z.string(), leadDepartmentName: z.string(), participatingDepartmentNames: z.array(z.string()),
    publishedVersion: z.number().int(), adjusting: z.boolean(), tasks: z.array(PlannedTaskSchema),
  })),
  /** Departments of the region that filed no published joint plan for the year (lead or participant). */
  departmentsWithoutJointPlan: z.array(z.string()),
});
export type JointSummary = z.infer<typeof JointSummary>;

export const PlanDepartmentList = z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string() }));
