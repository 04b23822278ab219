/**
 * Turns a create/update body into what is stored, checking everything that needs the database: the departments,
 * the plan the task implements (published, the caller's department in it, the period inside its window), the
 * checklist items (top-level items of a published version of a task department's list) and the 专项库 (a confirmed
 * version, inside the task's region). The rules between the fields are domain/workflow/task_spec_check.ts.
 * Every problem is a 400 naming its field.
 */
import { regionPrefix } from '../../../domain/access/data_scope';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { checkTaskSpec } from '../../../domain/workflow/task_spec_check';
import type { Db } from '../../db/database';
import { badRequest } from '../../http/errors';
import type { TaskSpecInput } from './schema';
import { departmentFacts, entityTagFacts, itemFacts, publishedPlan, type DepartmentFacts, type PublishedPlan } from './store';

export interface TaskBody {
  readonly name: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly participatingDepartmentIds: readonly string[];
  readonly spec: TaskSpecInput;
}

export interface PreparedTask {
  readonly name: string;
  readonly year: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly participatingDepartmentIds: string[];
  readonly regionCode: string;
  readonly spec: TaskSpec;
}

interface Problem {
  field: string;
  message: string;
}

function refuse(problems: readonly Problem[]): never {
  throw badRequest('VALIDATION_FAILED', `抽查任务有 ${problems.length} 处需要修改：${problems[0]?.message ?? ''}`, [...problems]);
}

/** The plan a new task implements: published, the caller's department in it, the planned task found by key. */
export async function planFor(db: Db, planId: string | null, planTaskKey: string | null, departmentId: string) {
  if (planId === null) {
    if (planTaskKey !== null) refuse([{ field: 'planTaskKey', message: '临时任务不能指定计划任务' }]);
    return null;
  }
  if (planTaskKey === null) refuse([{ field: 'planTaskKey', message: '请选择计划中的任务' }]);
  const plan = await publishedPlan(db, planId);
  if (!plan) refuse([{ field: 'planId', message: '年度计划不存在或尚未发布' }]);
  const planned = plan.content.tasks.find((t) => t.key === planTaskKey);
  if (!planned) refuse([{ field: 'planTaskKey', message: `计划中没有任务“${planTaskKey}”` }]);
  const member = plan.leadDepartmentId === departmentId || plan.participatingDepartmentIds.includes(departmentId) || planned.departmentIds.includes(departmentId);
  if (!member) refuse([{ field: 'planId', message: '本部门不是该年度计划的牵头或参与部门' }]);
  return { plan, planned };
}

/** 威海第5条: a task implements its plan — its period lies inside the plan's year and the planned task's window. */
function checkPeriod(body: TaskBody, plan: { plan: PublishedPlan; planned: { windowStart: string; windowEnd: string } } | null, out: Problem[]): number {
  const year = Number(body.periodStart.slice(0, 4));
  if (body.periodEnd < body.periodStart) out.push({ field: 'periodEnd', message: '实施结束日期不能早于开始日期' });
  else if (body.periodEnd.slice(0, 4) !== body.periodStart.slice(0, 4)) out.push({ field: 'periodEnd', message: '实施期间须在同一年度内' });
  if (plan) {
    const { windowStart, windowEnd } = plan.planned;
    const outside = `任务实施期间超出所属计划的时间范围（${plan.plan.year}年度，${windowStart} 至 ${windowEnd}）`;
    if (year !== plan.plan.year || body.periodStart < windowStart || body.periodStart > windowEnd) out.push({ field: 'periodStart', message: outside });
    else if (body.periodEnd > windowEnd) out.push({ field: 'periodEnd', message: outside });
  }
  return year;
}

async function checkParticipants(db: Db, body: TaskBody, lead: DepartmentFacts, out: Problem[]): Promise<string[]> {
  const ids = [...new Set(body.participatingDepartmentIds)];
  const facts = await departmentFacts(db, ids);
  const prefix = regionPrefix(lead.regionCode);
  body.participatingDepartmentIds.forEach((id, i) => {
    const field = `participatingDepartmentIds.${i}`;
    const d = facts.get(id);
    if (id === lead.id) out.push({ field, message: '牵头部门不必再列为参与部门' });
    else if (!d) out.push({ field, message: '参与部门不存在或已停用' });
    else if (!d.regionCode.startsWith(prefix)) out.push({ field, message: `参与部门“${d.name}”不在牵头部门所在区划内` });
    else if (body.participatingDepartmentIds.indexOf(id) !== i) out.push({ field, message: `参与部门“${d.name}”重复` });
  });
  return ids.filter((id) => id !== lead.id);
}

/** The items as published: each a top-level item of a published version of a task department's own list. */
async function checkItems(db: Db, spec: TaskSpec, out: Problem[]): Promise<TaskSpec['items']> {
  const facts = await itemFacts(db, spec.items.map((i) => i.itemId));
  return spec.items.map((item, i) => {
    const f = facts.get(item.itemId);
    const field = `spec.items.${i}`;
    if (!f || f.level !== 'item' || f.versionId !== item.checklistVersionId || f.checklistId !== item.checklistId || f.departmentId !== item.departmentId) {
      out.push({ field, message: '检查事项不存在，或与所选清单版本、部门不一致' });
      return item;
    }
    if (f.versionStatus !== 'published') out.push({ field, message: `检查事项“${f.name}”所在的清单版本不是现行发布版本` });
    return { ...item, code: f.code, name: f.name };
  });
}

/** Checks a task body for the lead department `lead`; throws a 400 naming every wrong field. */
export async function prepareTask(db: Db, body: TaskBody, lead: DepartmentFacts, plan: Awaited<ReturnType<typeof planFor>>): Promise<PreparedTask> {
  const out: Problem[] = [];
  const year = checkPeriod(body, plan, out);
  const participants = await checkParticipants(db, body, lead, out);
  const input = body.spec as TaskSpec;
  const checked = checkTaskSpec(input, { leadDepartmentId: lead.id, departmentIds: [lead.id, ...participants], regionCode: lead.regionCode });
  if (!checked.ok) out.push(...checked.error.map((p) => ({ field: `spec.${p.field}`, message: p.message })));
  const items = await checkItems(db, input, out);
  const tagId = input.targeting.entityTagId;
  if (tagId !== null) {
    const tag = await entityTagFacts(db, tagId);
    // The tag's department sits in the task's region, below it or above it (a city's 专项库 serves its districts).
    const related = tag && (tag.regionCode.startsWith(regionPrefix(lead.regionCode)) || lead.regionCode.startsWith(regionPrefix(tag.regionCode)));
    if (!tag || !related) {
      out.push({ field: 'spec.targeting.entityTagId', message: '专项库不存在或不在本区划内' });
    } else if (tag.currentVersion === null) {
      out.push({ field: 'spec.targeting.entityTagId', message: `专项库“${tag.name}”还没有确认的版本，不能作为抽取范围` });
    }
  }
  if (out.length > 0 || !checked.ok) refuse(out);
  return {
    name: body.name, year, periodStart: body.periodStart, periodEnd: body.periodEnd, participatingDepartmentIds: participants,
    regionCode: lead.regionCode, spec: { ...checked.value, items },
  };
}
