/**
 * The content of a plan version (domain/workflow/task_spec.ts PlanContent) checked at the API edge:
 * items pinned to PUBLISHED checklist versions of the plan's departments, strata with ratios 0..100 as
 * decimal strings, windows inside the plan's year; and what must be there before it can be submitted.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { PlanContent, PlannedTask, TaskItemRef } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { checklistItems, checklists, checklistVersions } from '../../db/schema';
import { badRequest } from '../../http/errors';
import { DECIMAL_PERCENT, STRATUM_KEYS, type PlanContentInput, type PlannedTaskInput } from './schema';

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

function refuse(issues: readonly FieldIssue[]): never {
  const [first] = issues;
  throw badRequest('VALIDATION_FAILED', `计划内容不符合要求：${first?.message ?? ''}${issues.length > 1 ? `（共 ${issues.length} 处）` : ''}`, issues.slice(0, 100).map((i) => ({ ...i })));
}

function percentIssue(value: string, label: string): string | null {
  if (!DECIMAL_PERCENT.test(value)) return `${label}应为 0–100 的数字（最多 6 位小数），如 3、2.5`;
  if (Number(value) > 100) return `${label}不能超过 100%`;
  return null;
}

export function strataIssues(task: Pick<PlannedTaskInput, 'stratifyBy' | 'strata'>, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  task.strata.forEach((s, k) => {
    const field = `${at}.strata.${k}`;
    const allowed: readonly string[] = task.stratifyBy === 'none' ? ['all'] : STRATUM_KEYS;
    if (!allowed.includes(s.key)) issues.push({ field: `${field}.key`, message: task.stratifyBy === 'none' ? '不分层时分层标识应为 all' : `信用风险分类应为 ${STRATUM_KEYS.join('、')} 之一` });
    if (seen.has(s.key)) issues.push({ field: `${field}.key`, message: `分层 ${s.key} 重复` });
    seen.add(s.key);
    const valueIssue = s.mode === 'ratio' ? percentIssue(s.value, '抽查比例') : /^\d{1,9}$/.test(s.value) ? null : '抽取数量应为整数';
    if (valueIssue) issues.push({ field: `${field}.value`, message: `分层 ${s.key}：${valueIssue}` });
    const minIssue = s.minPercent === '' ? null : percentIssue(s.minPercent, '最低比例');
    if (minIssue) issues.push({ field: `${field}.minPercent`, message: `分层 ${s.key}：${minIssue}` });
    if (s.reserve !== '' && !/^\d{1,6}$/.test(s.reserve)) issues.push({ field: `${field}.reserve`, message: `分层 ${s.key}：备选数量应为整数` });
  });
  return issues;
}

function windowIssues(task: PlannedTaskInput, year: number, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inYear = (d: string) => d.startsWith(`${year}-`);
  if (!inYear(task.windowStart)) issues.push({ field: `${at}.windowStart`, message: `任务“${task.name}”的开始日期 ${task.windowStart} 不在计划年度 ${year} 年内` });
  if (!inYear(task.windowEnd)) issues.push({ field: `${at}.windowEnd`, message: `任务“${task.name}”的结束日期 ${task.windowEnd} 不在计划年度 ${year} 年内` });
  if (task.windowStart > task.windowEnd) issues.push({ field: `${at}.windowEnd`, message: `任务“${task.name}”的结束日期早于开始日期` });
  return issues;
}

interface ItemFact {
  readonly itemId: string;
  readonly versionId: string;
  readonly versionStatus: string;
  readonly checklistId: string;
  readonly departmentId: string | null;
  readonly code: string;
  readonly name: string;
}

async function itemFacts(db: Db, itemIds: readonly string[]): Promise<Map<string, ItemFact>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.select({
    itemId: checklistItems.id, versionId: checklistItems.versionId, versionStatus: checklistVersions.status, checklistId: checklists.id,
    departmentId: checklists.departmentId, code: checklistItems.code, name: checklistItems.name,
  }).from(checklistItems)
    .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(and(inArray(checklistItems.id, [...new Set(itemIds)])));
  return new Map(rows.map((r) => [r.itemId, r]));
}

/**
 * The content to store: every field checked, every item resolved against its published checklist
 * version (department, list, code and name pinned). Throws a 400 naming each bad field.
 */
export async function resolveContent(db: Db, input: PlanContentInput, plan: { year: number; departmentIds: readonly string[] }): Promise<PlanContent> {
  const facts = await itemFacts(db, input.tasks.flatMap((t) => t.items.map((i) => i.itemId)));
  const issues: FieldIssue[] = [];
  const keys = new Set<string>();
  const tasks: PlannedTask[] = input.tasks.map((task, t) => {
    const at = `content.tasks.${t}`;
    if (keys.has(task.key)) issues.push({ field: `${at}.key`, message: `任务编号 ${task.key} 重复` });
    keys.add(task.key);
    for (const id of task.departmentIds) {
      if (!plan.departmentIds.includes(id)) issues.push({ field: `${at}.departmentIds`, message: `任务“${task.name}”的参与部门不是本计划的牵头或参与部门` });
    }
    const items: TaskItemRef[] = [];
    const seen = new Set<string>();
    task.items.forEach((ref, j) => {
      const fact = facts.get(ref.itemId);
      const field = `${at}.items.${j}.itemId`;
      if (!fact || fact.versionId !== ref.checklistVersionId) { issues.push({ field, message: `任务“${task.name}”第 ${j + 1} 个检查事项不存在或不属于所选清单版本` }); return; }
      if (fact.versionStatus !== 'published') { issues.push({ field, message: `检查事项 ${fact.code} 所在的清单版本不是现行发布版本` }); return; }
      if (fact.departmentId === null || !plan.departmentIds.includes(fact.departmentId)) { issues.push({ field, message: `检查事项 ${fact.code} 不属于本计划牵头或参与部门的清单` }); return; }
      if (seen.has(fact.itemId)) { issues.push({ field, message: `检查事项 ${fact.code} 重复` }); return; }
      seen.add(fact.itemId);
      items.push({ departmentId: fact.departmentId, checklistId: fact.checklistId, checklistVersionId: fact.versionId, itemId: fact.itemId, code: fact.code, name: fact.name });
    });
    issues.push(...strataIssues(task, at), ...windowIssues(task, plan.year, at));
    const departmentIds = task.departmentIds.length > 0 ? [...new Set(task.departmentIds)] : [...new Set(items.map((i) => i.departmentId))];
    return { ...task, departmentIds, items, targeting: { ...task.targeting } };
  });
  if (issues.length > 0) refuse(issues);
  return { summary: input.summary, tasks };
}

/** What a plan must contain before it can be submitted (issue #9 bad input: 「没有事项的计划」). */
export function submitIssues(content: PlanContent): FieldIssue[] {
  if (content.tasks.length === 0) return [{ field: 'content.tasks', message: '计划还没有抽查任务（content.tasks），请至少添加一个任务后再提交' }];
  const issues: FieldIssue[] = [];
  content.tasks.forEach((task, t) => {
    if (task.items.length === 0) issues.push({ field: `content.tasks.${t}.items`, message: `任务“${task.name}”还没有检查事项（items），不能提交` });
    if (task.strata.length === 0) issues.push({ field: `content.tasks.${t}.strata`, message: `任务“${task.name}”还没有设置抽查比例（strata），不能提交` });
  });
  return issues;
}

export function refuseSubmit(content: PlanContent): void {
  const issues = submitIssues(content);
  if (issues.length > 0) {
    const [first] = issues;
    throw badRequest('PLAN_INCOMPLETE', first?.message ?? '计划内容不完整', issues.map((i) => ({ ...i })));
  }
}
