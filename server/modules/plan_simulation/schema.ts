/**
 * The body of POST /api/plans/simulate: the planned tasks of a plan (domain/workflow/task_spec.ts PlannedTask, the
 * shape of plan_versions.content.tasks) with the plan's region and year, and the simulation's answer.
 */
import { z } from 'zod';
import { DEFAULT_ANNUAL_CAP } from '../../../domain/workflow/task_spec';
import { regionCodeField, text, uuidField } from '../../http/fields';
import { strataIssues } from '../plans/content';
import { PlannedTaskInput as PlanPlannedTaskInput } from '../plans/schema';

export const TeamInput = z.object({
  teamSize: z.number({ error: '每组人数必须是数字' }).int({ error: '每组人数必须是整数' }).min(2, { error: '每个检查对象不少于 2 名检查人员' }).max(20, { error: '每组人数不能超过 20' }),
  maxObjectsPerInspector: z.number({ error: '每人任务上限必须是数字' }).int({ error: '每人任务上限必须是整数' }).min(1, { error: '每人任务上限至少为 1' }).max(10_000),
});

/**
 * The plans module's planned task (server/modules/plans/schema.ts PlannedTaskInput, the one definition) with the
 * simulator's optional fields; items may be left out (the simulation does not read them), and the plan content's
 * rules the plans module checks on submit (strataIssues) are checked here at once.
 */
export const PlannedTaskInput = PlanPlannedTaskInput.extend({
  items: PlanPlannedTaskInput.shape.items.default([]),
  /** Optional for the simulation: the team its tasks will use (DEFAULT_TEAM_SETTINGS otherwise). */
  team: TeamInput.optional(),
  /** Optional: 业务专长 a department's member must have. */
  requiredExpertise: z.array(z.object({ departmentId: uuidField('部门'), expertise: text('业务专长', 40) })).max(20).default([]),
}).superRefine((t, ctx) => {
  if (t.departmentIds.length === 0) ctx.addIssue({ code: 'custom', path: ['departmentIds'], message: '至少要有牵头部门' });
  if (t.strata.length === 0) ctx.addIssue({ code: 'custom', path: ['strata'], message: '至少设置一个分层的抽查比例' });
  if (t.windowEnd < t.windowStart) ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: '结束日期不能早于开始日期' });
  for (const issue of strataIssues(t, 'task')) {
    ctx.addIssue({ code: 'custom', path: issue.field.split('.').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: issue.message });
  }
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
