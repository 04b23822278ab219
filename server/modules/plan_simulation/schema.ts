/**
 * The body of POST /api/plans/simulate: the planned tasks of a plan (domain/workflow/task_spec.ts PlannedTask, the
 * shape of plan_versions.content.tasks) with the plan's region and year, and the simulation's answer.
 */
import { z } from 'zod';
import { ENTITY_TYPES } from '../../../domain/directory/entity_lists';
import { DEFAULT_ANNUAL_CAP } from '../../../domain/workflow/task_spec';
import { regionCodeField, text, uuidField } from '../../http/fields';
import { dateField } from '../inspectors/schema';

const PERCENT = /^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?$/;

export const StratumInput = z.object({
  key: z.string({ error: '分层键必须是文本' }).regex(/^(?:[A-E]|unrated|all)$/, { error: '分层键只能是 A–E、unrated（未评级）或 all（不分层）' }),
  mode: z.enum(['ratio', 'count'], { error: '抽取方式只能是 ratio（比例）或 count（户数）' }),
  value: z.string({ error: '抽查比例或户数必须是文本' }),
  rounding: z.enum(['half_up', 'ceil', 'floor_min_1'], { error: '取整规则只能是 half_up、ceil 或 floor_min_1' }),
  minPercent: z.string().refine((v) => v === '' || (PERCENT.test(v) && Number(v) <= 100), { error: '最低比例应为 0–100 的百分数或留空' }).default(''),
  reserve: z.string().regex(/^(?:|0|[1-9][0-9]{0,6})$/, { error: '备选名单长度应为非负整数或留空' }).default(''),
}).superRefine((s, ctx) => {
  const ok = s.mode === 'ratio' ? PERCENT.test(s.value) && Number(s.value) <= 100 : /^(?:0|[1-9][0-9]{0,8})$/.test(s.value);
  if (!ok) ctx.addIssue({ code: 'custom', path: ['value'], message: s.mode === 'ratio' ? '抽查比例应为 0–100 的百分数（如 3、2.5），最多 6 位小数' : '抽查户数应为非负整数' });
});

export const TargetingInput = z.object({
  mode: z.enum(['untargeted', 'targeted'], { error: '对象范围只能是 untargeted（不定向）或 targeted（定向）' }),
  entityTypes: z.array(z.enum(Object.keys(ENTITY_TYPES) as [keyof typeof ENTITY_TYPES], { error: '主体类型无效' })).max(10).default([]),
  industryCodes: z.array(z.string().regex(/^\d{2,4}$/, { error: '行业代码应为 2–4 位数字（GB/T 4754）' })).max(50).default([]),
  entityTagId: uuidField('专项库').nullable().default(null),
  scopeKeywords: z.array(text('经营范围关键字', 30)).max(20).default([]),
});

export const TeamInput = z.object({
  teamSize: z.number({ error: '每组人数必须是数字' }).int({ error: '每组人数必须是整数' }).min(2, { error: '每个检查对象不少于 2 名检查人员' }).max(20, { error: '每组人数不能超过 20' }),
  maxObjectsPerInspector: z.number({ error: '每人任务上限必须是数字' }).int({ error: '每人任务上限必须是整数' }).min(1, { error: '每人任务上限至少为 1' }).max(10_000),
});

export const PlannedTaskInput = z.object({
  key: text('任务键', 40),
  name: text('任务名称', 200),
  departmentIds: z.array(uuidField('部门'), { error: '部门必须是列表' }).min(1, { error: '至少要有牵头部门' }).max(20, { error: '部门不能超过 20 个' }),
  items: z.array(z.unknown()).max(500).default([]),
  targeting: TargetingInput,
  stratifyBy: z.enum(['credit_class', 'none'], { error: '分层方式只能是 credit_class（按信用风险分类）或 none（不分层）' }),
  strata: z.array(StratumInput, { error: '分层必须是列表' }).min(1, { error: '至少设置一个分层的抽查比例' }).max(10)
    .refine((list) => new Set(list.map((s) => s.key)).size === list.length, { error: '分层键不能重复' }),
  frequency: z.number({ error: '抽查频次必须是数字' }).int({ error: '抽查频次必须是整数' }).min(1, { error: '抽查频次至少为 1' }).max(12, { error: '抽查频次不能超过每年 12 次' }),
  methods: z.array(z.string().max(40)).max(20).default([]),
  windowStart: dateField('开始日期'),
  windowEnd: dateField('结束日期'),
  /** Optional for the simulation: the team its tasks will use (DEFAULT_TEAM_SETTINGS otherwise). */
  team: TeamInput.optional(),
  /** Optional: 业务专长 a department's member must have. */
  requiredExpertise: z.array(z.object({ departmentId: uuidField('部门'), expertise: text('业务专长', 40) })).max(20).default([]),
}).superRefine((t, ctx) => {
  if (t.windowEnd < t.windowStart) ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: '结束日期不能早于开始日期' });
  if (t.stratifyBy === 'none' && t.strata.some((s) => s.key !== 'all')) ctx.addIssue({ code: 'custom', path: ['strata'], message: '不分层时只能设置一个键为 all 的分层' });
  if (t.stratifyBy === 'credit_class' && t.strata.some((s) => s.key === 'all')) ctx.addIssue({ code: 'custom', path: ['strata'], message: '按信用风险分层时分层键应为 A–E 或 unrated' });
});
export type PlannedTaskInput = z.infer<typeof PlannedTaskInput>;

export const SimulationBody = z.object({
  regionCode: regionCodeField,
  year: z.number({ error: '年度必须是数字' }).int({ error: '年度必须是整数' }).min(2000, { error: '年度不能早于 2000' }).max(2100, { error: '年度不能晚于 2100' }),
  annualCap: z.number({ error: '年度抽查上限必须是数字' }).int({ error: '年度抽查上限必须是整数' }).min(1, { error: '年度抽查上限至少为 1' }).max(12).default(DEFAULT_ANNUAL_CAP),
  tasks: z.array(PlannedTaskInput, { error: '计划任务必须是列表' }).min(1, { error: '计划至少要有一项任务' }).max(50, { error: '计划任务不能超过 50 项' }),
});
export type SimulationBody = z.infer<typeof SimulationBody>;

const Warning = z.object({
  kind: z.enum(['stratum_without_ratio', 'quota_refused', 'empty_pool', 'cap_pressure', 'no_qualified_staff', 'team_larger_than_staff', 'supply_below_demand', 'no_expertise', 'unknown_department']),
  taskKey: z.string().nullable(),
  departmentId: z.string().nullable(),
  message: z.string(),
});

const Stratum = z.object({
  key: z.string(), label: z.string(), mode: z.enum(['ratio', 'count']), value: z.string(), roundingLabel: z.string(),
  poolSize: z.number().int(), atCap: z.number().int(), eligible: z.number().int(), quotaPerRound: z.number().int(), reservePerRound: z.number().int(),
  expectedPerYear: z.number().int(), expectedOverCap: z.number(),
  regions: z.array(z.object({ regionCode: z.string(), regionName: z.string(), poolSize: z.number().int(), eligible: z.number().int(), expectedPerRound: z.number() })),
});

const TaskDepartment = z.object({
  departmentId: z.string(), name: z.string(), share: z.number().int(), demandPerRound: z.number().int(), qualified: z.number().int(),
  capacityPerRound: z.number().int(), perInspector: z.number().nullable(), feasible: z.boolean(),
});

export const SimulationResult = z.object({
  regionCode: z.string(),
  year: z.number().int(),
  asOf: z.string(),
  /** The stored plan and version simulated (GET /api/plans/:id/simulation), null for a posted body. */
  planId: z.string().nullable(),
  version: z.number().int().nullable(),
  annualCap: z.number().int(),
  tasks: z.array(z.object({
    key: z.string(), name: z.string(), frequency: z.number().int(), teamSize: z.number().int(), maxObjectsPerInspector: z.number().int(),
    strata: z.array(Stratum), poolSize: z.number().int(), objectsPerRound: z.number().int(), objectsPerYear: z.number().int(), expectedOverCap: z.number(),
    departments: z.array(TaskDepartment),
  })),
  departments: z.array(z.object({
    departmentId: z.string(), name: z.string(), total: z.number().int(), onDuty: z.number().int(), qualified: z.number().int(),
    demandPerYear: z.number().int(), perInspectorPerYear: z.number().nullable(), feasible: z.boolean(),
  })),
  warnings: z.array(Warning),
  totals: z.object({ poolSize: z.number().int(), objectsPerYear: z.number().int(), expectedOverCap: z.number() }),
  /** How long the pool counts took on the server, in milliseconds. */
  elapsedMs: z.number(),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

export const SimulationParams = z.object({ id: uuidField('计划编号') });
export const SimulationQuery = z.object({
  version: z.coerce.number({ error: '版本必须是数字' }).int({ error: '版本必须是整数' }).min(1, { error: '版本至少为 1' }).optional(),
});
