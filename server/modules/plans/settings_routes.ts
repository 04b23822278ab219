/**
 * 审批流程设置 (workflow:chain:manage, the region's 双随机办): the region's plan and task approval chains
 * (a preset or a custom ordered list of steps whose roles exist) and its plan due dates (joint plans by
 * 31 Jan, department plans by the end of February unless configured); and the 联席会议办公室's view of the
 * regional joint plan assembled from every department's published joint plans (also as .xlsx).
 */
import { and, asc, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import { regionPrefix, type DataScope } from '../../../domain/access/data_scope';
import { DEFAULT_PLAN_CHAIN, DEFAULT_TASK_CHAIN, DONGSHENG_PLAN_CHAIN, WEIHAI_PLAN_CHAIN, type ApprovalChain } from '../../../domain/workflow/approval_chain';
import { DEFAULT_PLAN_DUE_DATES, type MonthDay, type PlanDueDates } from '../../../domain/workflow/due_items';
import type { PlannedTask } from '../../../domain/workflow/task_spec';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses, notFound } from '../../http/errors';
import { sendXlsx } from '../../export/xlsx';
import type { Db } from '../../db/database';
import { approvalChainSettings, departments, plans, regions, roles } from '../../db/schema';
import { regionChain, requireAuth } from './routes';
import { ChainSettings, ChainSettingsInput, ChainSettingsParams, JointSummary, JointSummaryQuery, type PlannedTaskSchema } from './schema';
import { departmentNames, loadContent } from './store';
import type { z } from 'zod';

/** approval_chain_settings.record_type of the region's plan due dates (stored as JSON beside the chains). */
const DUE_DATES = 'plan_due';
const TAGS = ['计划与抽取-审批流程设置'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function inScope(scope: DataScope, regionCode: string): boolean {
  return scope.kind === 'all' || scope.regionPrefixes.some((p) => regionCode.startsWith(p));
}

/** The region's plan due dates: its own setting, else the nearest region above, else the default. */
export async function planDueDatesFor(db: Db, regionCode: string): Promise<PlanDueDates> {
  const rows = await db.select().from(approvalChainSettings).where(eq(approvalChainSettings.recordType, DUE_DATES));
  const candidates = rows.filter((r) => regionCode.startsWith(regionPrefix(r.regionCode)));
  candidates.sort((a, b) => regionPrefix(b.regionCode).length - regionPrefix(a.regionCode).length);
  return (candidates[0]?.chain as PlanDueDates | undefined) ?? DEFAULT_PLAN_DUE_DATES;
}

function monthDayText(md: MonthDay): string {
  return `${md.month}月${md.day === 'end' ? '底' : `${md.day}日`}`;
}

async function settingsOf(db: Db, regionCode: string) {
  const own = await db.select().from(approvalChainSettings).where(eq(approvalChainSettings.regionCode, regionCode));
  const has = (type: string) => own.some((r) => r.recordType === type);
  const roleRows = await db.select({ key: roles.key, name: roles.name }).from(roles).where(and(isNull(roles.deletedAt), eq(roles.status, 'active'))).orderBy(asc(roles.name));
  const copy = (c: ApprovalChain) => ({ ...c, steps: [...c.steps] });
  return {
    regionCode,
    plan: copy(await regionChain(db, 'plan', regionCode, DEFAULT_PLAN_CHAIN)),
    task: copy(await regionChain(db, 'task', regionCode, DEFAULT_TASK_CHAIN)),
    dueDates: await planDueDatesFor(db, regionCode),
    own: { plan: has('plan'), task: has('task'), dueDates: has(DUE_DATES) },
    presets: [DEFAULT_PLAN_CHAIN, WEIHAI_PLAN_CHAIN, DONGSHENG_PLAN_CHAIN, DEFAULT_TASK_CHAIN].map(copy),
    roles: roleRows,
  };
}

async function checkSettings(db: Db, input: ChainSettingsInput): Promise<void> {
  const known = new Set((await db.select({ key: roles.key }).from(roles).where(isNull(roles.deletedAt))).map((r) => r.key));
  const details: { field: string; message: string }[] = [];
  for (const type of ['plan', 'task'] as const) {
    const keys = new Set<string>();
    input[type].steps.forEach((step, i) => {
      if (!known.has(step.role)) details.push({ field: `${type}.steps.${i}.role`, message: `第 ${i + 1} 个环节的角色 ${step.role} 不存在，请先在角色管理中新增` });
      if (keys.has(step.key)) details.push({ field: `${type}.steps.${i}.key`, message: `环节标识 ${step.key} 重复` });
      keys.add(step.key);
    });
  }
  for (const kind of ['joint', 'department'] as const) {
    const md = input.dueDates[kind];
    if (md.day !== 'end' && md.day > (DAYS_IN_MONTH[md.month - 1] ?? 31)) details.push({ field: `dueDates.${kind}.day`, message: `${md.month} 月没有 ${md.day} 日` });
  }
  const [first] = details;
  if (first) throw badRequest(first.field.endsWith('.role') ? 'CHAIN_ROLE_UNKNOWN' : 'VALIDATION_FAILED', first.message, details);
}

type PlannedTaskOut = z.infer<typeof PlannedTaskSchema>;

async function jointSummary(db: Db, year: number, regionCode: string): Promise<JointSummary> {
  const rows = await db.select().from(plans).where(and(eq(plans.kind, 'joint'), eq(plans.year, year), eq(plans.regionCode, regionCode), isNotNull(plans.publishedVersion), ne(plans.status, 'void')))
    .orderBy(asc(plans.createdAt));
  const names = await departmentNames(db, rows.flatMap((r) => [r.leadDepartmentId, ...r.participatingDepartmentIds]));
  const out: JointSummary['plans'] = [];
  for (const row of rows) {
    const content = row.publishedVersion === null ? null : await loadContent(db, row.id, row.publishedVersion);
    out.push({
      id: row.id, name: row.name, leadDepartmentName: names.get(row.leadDepartmentId) ?? '',
      participatingDepartmentNames: row.participatingDepartmentIds.map((id) => names.get(id) ?? ''),
      publishedVersion: row.publishedVersion ?? 0, adjusting: row.adjustment !== null, tasks: (content?.tasks ?? []) as PlannedTaskOut[],
    });
  }
  const involved = new Set(rows.flatMap((r) => [r.leadDepartmentId, ...r.participatingDepartmentIds]));
  const all = await db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(and(eq(departments.regionCode, regionCode), isNull(departments.deletedAt), ne(departments.type, 'joint_office'))).orderBy(asc(departments.sortOrder), asc(departments.name));
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode));
  return { year, regionCode, regionName: region?.name ?? null, plans: out, departmentsWithoutJointPlan: all.filter((d) => !involved.has(d.id)).map((d) => d.name) };
}

interface SummaryLine { plan: string; lead: string; participants: string; task: string; items: string; strata: string; frequency: number; window: string; methods: string }

function summaryLines(summary: JointSummary): SummaryLine[] {
  return summary.plans.flatMap((p) => p.tasks.map((t: PlannedTask) => ({
    plan: p.name, lead: p.leadDepartmentName, participants: p.participatingDepartmentNames.join('、'), task: t.name,
    items: t.items.map((i) => `${i.code} ${i.name}`).join('；'),
    strata: t.strata.map((s) => `${s.key === 'all' ? '全部' : s.key}：${s.mode === 'ratio' ? `${s.value}%` : `${s.value}户`}`).join('；'),
    frequency: t.frequency, window: `${t.windowStart} 至 ${t.windowEnd}`, methods: t.methods.join('、'),
  })));
}

export function registerPlanSettingsRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;

  app.get('/api/workflow/chain-settings/:regionCode', {
    config: { access: 'workflow:chain:manage' },
    schema: { tags: TAGS, summary: '本级计划与任务的审批链、年度计划报送期限（未设置时沿用上级或默认）', params: ChainSettingsParams, response: { 200: ChainSettings, ...errorResponses } },
  }, async (request) => {
    if (!inScope(requireAuth(request.auth).scope, request.params.regionCode)) throw notFound('行政区划');
    return settingsOf(db, request.params.regionCode);
  });

  app.put('/api/workflow/chain-settings/:regionCode', {
    config: { access: 'workflow:chain:manage', summary: '修改审批流程与报送期限' },
    schema: { tags: TAGS, summary: '设置本级计划与任务的审批链、年度计划报送期限（之后新建的计划和任务采用）', params: ChainSettingsParams, body: ChainSettingsInput, response: { 200: ChainSettings, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { regionCode } = request.params;
    if (!inScope(auth.scope, regionCode)) throw notFound('行政区划');
    const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, regionCode));
    if (!region) throw notFound('行政区划');
    const input = request.body;
    await checkSettings(db, input);
    await runChange(request, services, async (tx, record) => {
      const now = services.now();
      const values = [
        { recordType: 'plan', chain: input.plan }, { recordType: 'task', chain: input.task }, { recordType: DUE_DATES, chain: input.dueDates },
      ];
      await tx.delete(approvalChainSettings).where(and(eq(approvalChainSettings.regionCode, regionCode), inArray(approvalChainSettings.recordType, values.map((v) => v.recordType))));
      await tx.insert(approvalChainSettings).values(values.map((v) => ({ ...v, regionCode, updatedBy: auth.user.id, updatedAt: now })));
      record.target('approval_chain_setting', regionCode);
      record.detail({ plan: input.plan.steps.map((s) => s.label), task: input.task.steps.map((s) => s.label), dueDates: input.dueDates });
      for (const type of ['plan', 'task'] as const) {
        record.event({ type: 'ApprovalChainChanged', regionCode, recordType: type, chainKey: input[type].key, steps: input[type].steps.map((s) => s.label) });
      }
      record.event({ type: 'PlanDueDatesChanged', regionCode, joint: monthDayText(input.dueDates.joint), department: monthDayText(input.dueDates.department) });
    });
    return settingsOf(db, regionCode);
  });

  const regionOf = (scope: DataScope, wanted: string | undefined, own: string | null): string => {
    const code = wanted ?? own;
    if (!code || !inScope(scope, code)) throw notFound('行政区划');
    return code;
  };

  app.get('/api/workflow/joint-plan-summary', {
    config: { access: 'workflow:plan:list' },
    schema: { tags: TAGS, summary: '联席会议办公室：本级年度联合抽查计划（各部门已发布的联合抽查计划汇总）', querystring: JointSummaryQuery, response: { 200: JointSummary, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return jointSummary(db, request.query.year, regionOf(auth.scope, request.query.regionCode, auth.user.regionCode));
  });

  app.get('/api/workflow/joint-plan-summary/export', {
    config: { access: 'workflow:plan:list' },
    schema: { tags: TAGS, summary: '导出本级年度联合抽查计划（.xlsx）', querystring: JointSummaryQuery },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const summary = await jointSummary(db, request.query.year, regionOf(auth.scope, request.query.regionCode, auth.user.regionCode));
    const lines = summaryLines(summary);
    async function* pages(): AsyncIterable<readonly SummaryLine[]> { yield lines; }
    const col = (header: string, width: number, key: keyof SummaryLine) => ({ header, width, value: (l: SummaryLine) => l[key] });
    return sendXlsx(reply, `${summary.regionName ?? summary.regionCode}${summary.year}年度联合抽查计划.xlsx`, '联合抽查计划', [
      col('计划名称', 30, 'plan'), col('牵头部门', 24, 'lead'), col('参与部门', 36, 'participants'), col('抽查任务', 30, 'task'),
      col('检查事项', 50, 'items'), col('抽查比例', 30, 'strata'), col('频次', 8, 'frequency'), col('时间安排', 26, 'window'), col('检查方式', 20, 'methods'),
    ], pages());
  });
}
