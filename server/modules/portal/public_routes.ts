/**
 * 公示门户 (issue #11 item 1; 长春第4条, 东胜 一（二）, 曲阳第21条): the annual plans in force, the published tasks with
 * their 实施方案, and links to each task's draw receipt and matching record. No login. What a plan or task shows is
 * what its lead department published: items, methods, windows and regions — never a per-credit-class ratio, an
 * entity, a phone number or who drafted it. Drafts, tasks under review and plans never published are not found.
 */
import { and, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { PLAN_STATUS_LABELS, type PlanStatus } from '../../../domain/workflow/plan_states';
import { DRAW_STATUS_LABELS, type DrawStatus } from '../../../domain/workflow/draw_states';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../../domain/workflow/task_states';
import type { PlanContent, TaskSpec } from '../../../domain/workflow/task_spec';
import type { ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import { departments, draws, matchingRecords, plans, planVersions, tasks } from '../../db/schema';
import type { Db } from '../../db/database';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';
import { likeContains, offsetOf } from '../../http/paging';
import { PublicPlanPage, PublicPlanQuery, PublicTaskDetail, PublicTaskPage, PublicTaskQuery, TaskParams, type PublicPlanRow, type PublicTaskRow } from './schema';

const tags = ['公示'];

async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const KIND_LABELS: Record<string, string> = { department: '部门计划', joint: '部门联合抽查计划', planned: '计划任务', ad_hoc: '临时任务' };

type TaskRecord = typeof tasks.$inferSelect;

/** The public row of published tasks: department names, the published draw and whether matching is public. */
async function presentTasks(db: Db, rows: readonly TaskRecord[]): Promise<PublicTaskRow[]> {
  const ids = rows.map((t) => t.id);
  const planIds = [...new Set(rows.flatMap((t) => (t.planId ? [t.planId] : [])))];
  const [names, planRows, drawRows, matchRows] = await Promise.all([
    departmentNames(db, rows.flatMap((t) => [t.leadDepartmentId, ...t.participatingDepartmentIds])),
    planIds.length === 0 ? [] : db.select({ id: plans.id, name: plans.name }).from(plans).where(inArray(plans.id, planIds)),
    ids.length === 0 ? [] : db.select({ id: draws.id, taskId: draws.taskId }).from(draws).where(and(inArray(draws.taskId, ids), eq(draws.status, 'published'))).orderBy(desc(draws.attempt)),
    ids.length === 0 ? [] : db.select({ taskId: matchingRecords.taskId }).from(matchingRecords).where(and(inArray(matchingRecords.taskId, ids), isNotNull(matchingRecords.publishedAt))),
  ]);
  const planNames = new Map(planRows.map((p) => [p.id, p.name]));
  const drawOf = new Map<string, string>();
  for (const d of drawRows) if (!drawOf.has(d.taskId)) drawOf.set(d.taskId, d.id);
  const matched = new Set(matchRows.map((m) => m.taskId));
  return rows.map((t) => ({
    id: t.id, code: t.code, name: t.name, year: t.year, kind: KIND_LABELS[t.kind] ?? t.kind, planName: t.planId ? planNames.get(t.planId) ?? null : null,
    leadDepartmentName: names.get(t.leadDepartmentId) ?? '', participatingDepartmentNames: t.participatingDepartmentIds.map((id) => names.get(id) ?? ''),
    regionCode: t.regionCode, periodStart: t.periodStart, periodEnd: t.periodEnd, status: TASK_STATUS_LABELS[t.status as TaskStatus] ?? t.status,
    publishedAt: t.publishedAt?.toISOString() ?? '', publishedDrawId: drawOf.get(t.id) ?? null, matchingPublished: matched.has(t.id),
  }));
}

function targetingWords(spec: TaskSpec): string {
  const t = spec.targeting;
  if (t.mode === 'untargeted') return '不定向：区域内全部在业市场主体';
  const parts = [
    t.entityTypes.length > 0 ? `主体类型 ${t.entityTypes.length} 类` : '',
    t.industryCodes.length > 0 ? `行业代码 ${t.industryCodes.join('、')}` : '',
    t.entityTagId ? '专项名录库' : '',
    t.scopeKeywords.length > 0 ? `经营范围含“${t.scopeKeywords.join('”“')}”` : '',
  ].filter((p) => p !== '');
  return `定向：${parts.join('；') || '按任务设定的条件'}`;
}

export function registerPortalRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/plans', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '年度抽查计划公示（已发布的版本）', querystring: PublicPlanQuery, response: { 200: PublicPlanPage, ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = and(
      isNotNull(plans.publishedVersion),
      q.year ? eq(plans.year, q.year) : undefined,
      q.keyword ? sql`${plans.name} like ${likeContains(q.keyword)}` : undefined,
    );
    const [rows, [total]] = await Promise.all([
      readDb(services).select({ plan: plans, content: planVersions.content }).from(plans)
        .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, plans.publishedVersion)))
        .where(where).orderBy(desc(plans.year), plans.name, plans.id).limit(q.pageSize).offset(offsetOf(q)),
      readDb(services).select({ n: count() }).from(plans).where(where),
    ]);
    const names = await departmentNames(readDb(services), rows.flatMap((r) => [r.plan.leadDepartmentId, ...r.plan.participatingDepartmentIds]));
    const out: PublicPlanRow[] = rows.map(({ plan, content }) => {
      const c = content as PlanContent;
      return {
        id: plan.id, name: plan.name, year: plan.year, kind: KIND_LABELS[plan.kind] ?? plan.kind, leadDepartmentName: names.get(plan.leadDepartmentId) ?? '',
        participatingDepartmentNames: plan.participatingDepartmentIds.map((id) => names.get(id) ?? ''), regionCode: plan.regionCode,
        version: plan.publishedVersion ?? 1, summary: c.summary, status: PLAN_STATUS_LABELS[plan.status as PlanStatus] ?? plan.status,
        tasks: c.tasks.map((t) => ({
          key: t.key, name: t.name, windowStart: t.windowStart, windowEnd: t.windowEnd, frequency: t.frequency, methods: [...t.methods],
          items: t.items.map((i) => ({ code: i.code, name: i.name })),
        })),
      };
    });
    return { rows: out, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/public/tasks', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '抽查任务公示（已发布的任务，含抽取凭证与匹配记录的链接）', querystring: PublicTaskQuery, response: { 200: PublicTaskPage, ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where: SQL | undefined = and(
      isNotNull(tasks.publishedAt),
      q.year ? eq(tasks.year, q.year) : undefined,
      q.keyword ? sql`(${tasks.name} like ${likeContains(q.keyword)} or ${tasks.code} like ${likeContains(q.keyword)})` : undefined,
    );
    const [rows, [total]] = await Promise.all([
      readDb(services).select().from(tasks).where(where).orderBy(desc(tasks.publishedAt), desc(tasks.id)).limit(q.pageSize).offset(offsetOf(q)),
      readDb(services).select({ n: count() }).from(tasks).where(where),
    ]);
    return { rows: await presentTasks(readDb(services), rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/public/tasks/:taskId', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '抽查任务实施方案公示', params: TaskParams, response: { 200: PublicTaskDetail, ...errorResponses } },
  }, async (request) => {
    const [task] = await readDb(services).select().from(tasks).where(and(eq(tasks.id, request.params.taskId), isNotNull(tasks.publishedAt))).limit(1);
    if (!task) throw notFound('抽查任务');
    const [row] = await presentTasks(readDb(services), [task]);
    const spec = task.spec as TaskSpec;
    const attempts = await readDb(services).select({ id: draws.id, attempt: draws.attempt, status: draws.status, committedAt: draws.committedAt, publishedAt: draws.publishedAt, receipt: draws.receipt })
      .from(draws).where(and(eq(draws.taskId, task.id), isNotNull(draws.checkpointSeq))).orderBy(draws.attempt);
    return {
      ...(row as PublicTaskRow),
      items: spec.items.map((i) => ({ code: i.code, name: i.name })), methods: [...spec.methods], regionCodes: [...spec.regionCodes],
      targeting: targetingWords(spec), stratified: spec.stratifyBy !== 'none', annualCap: spec.annualCap, teamSize: spec.team.teamSize,
      draws: attempts.map((d) => ({
        id: d.id, attempt: d.attempt, status: DRAW_STATUS_LABELS[d.status as DrawStatus] ?? d.status,
        committedAt: d.committedAt?.toISOString() ?? null, publishedAt: d.status === 'published' ? d.publishedAt?.toISOString() ?? null : null,
        selectedCount: d.status === 'published' && d.receipt ? (d.receipt as ReceiptV2).publicResult.selected.length : null,
      })),
    };
  });
}
