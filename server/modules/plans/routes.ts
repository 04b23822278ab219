/**
 * 年度抽查计划 (issue #9 item 2): department and joint plans — list, create, edit the current version's
 * content, detail with approval history and the caller's allowed actions, version history and the item
 * picker. Transitions are in transition_routes.ts, the region's chains and due dates in settings_routes.ts.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { chainForRegion, type RegionChainSetting, type ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import type { Db } from '../../db/database';
import { approvalChainSettings, departments, plans, planVersions } from '../../db/schema';
import { checkTransition } from './actions';
import { resolveContent } from './content';
import { planOfRow } from './domain_map';
import {
  PickerList, PickerQuery, PlanDepartmentList, PlanCreateInput, PlanDetail, PlanPage, PlanQuery, PlanUpdateInput, VersionList,
} from './schema';
import { registerPlanSettingsRoutes } from './settings_routes';
import { listPlanRecords, listVersionRows, publishedChecklists } from './store';
import { registerPlanTransitionRoutes } from './transition_routes';
import { detailOf, rowsOf, visiblePlan } from './view';
import { checkRowVersion, writePlan } from './write';

export const PLAN_BASE = '/api/workflow/plans';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const PLAN_TAGS = ['计划与抽取-年度抽查计划'];

export function requireAuth(auth: AuthContext | null): AuthContext {
  if (!auth) throw new Error('access hook let an anonymous request through');
  return auth;
}

export async function regionChain(db: Db, recordType: 'plan' | 'task', regionCode: string, fallback?: ApprovalChain): Promise<ApprovalChain> {
  const rows = await db.select().from(approvalChainSettings).where(eq(approvalChainSettings.recordType, recordType));
  const settings: RegionChainSetting[] = rows.map((r) => ({ regionCode: r.regionCode, chain: r.chain as ApprovalChain }));
  return chainForRegion(settings, regionCode, fallback);
}

interface DepartmentFact { id: string; regionCode: string; name: string }

async function liveDepartments(db: Db, ids: readonly string[]): Promise<DepartmentFact[]> {
  if (ids.length === 0) return [];
  return db.select({ id: departments.id, regionCode: departments.regionCode, name: departments.name }).from(departments)
    .where(and(inArray(departments.id, [...ids]), isNull(departments.deletedAt)));
}

/** Participating departments: existing, of the lead's region (同级), the lead itself left out. */
async function checkParticipants(db: Db, kind: string, lead: DepartmentFact, ids: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(ids)].filter((id) => id !== lead.id);
  if (kind === 'department' && wanted.length > 0) {
    throw badRequest('VALIDATION_FAILED', '部门计划没有参与部门；多个部门一起抽查请新建联合抽查计划', [{ field: 'participatingDepartmentIds', message: '部门计划不能有参与部门' }]);
  }
  const found = await liveDepartments(db, wanted);
  const bad = wanted.filter((id) => !found.some((d) => d.id === id && d.regionCode === lead.regionCode));
  if (bad.length > 0) throw badRequest('VALIDATION_FAILED', '参与部门不存在或不是牵头部门同级的部门', [{ field: 'participatingDepartmentIds', message: '参与部门应为牵头部门同级（同一行政区划）的部门' }]);
  return wanted;
}

async function leadDepartmentOf(db: Db, auth: AuthContext, requested: string | undefined): Promise<DepartmentFact> {
  const admin = auth.roles.some((r) => r.key === 'system_admin');
  const id = admin && requested ? requested : auth.user.departmentId;
  const refuse = (message: string) => badRequest('VALIDATION_FAILED', message, [{ field: 'leadDepartmentId', message }]);
  if (requested && !admin && requested !== auth.user.departmentId) throw refuse('牵头部门只能是本人所在部门');
  if (!id) throw refuse('请选择牵头部门（您的账号不属于任何部门）');
  const [lead] = await liveDepartments(db, [id]);
  if (!lead) throw refuse('牵头部门不存在');
  return lead;
}

export function registerPlanRoutes(app: TypedApp, services: AppServices): void {
  const db = services.db;
  const tags = PLAN_TAGS;

  app.get(PLAN_BASE, {
    config: { access: 'workflow:plan:list' },
    schema: { tags, summary: '年度抽查计划列表（年度、类型、状态、部门、名称）', querystring: PlanQuery, response: { 200: PlanPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const page = await listPlanRecords(db, auth.scope, request.query);
    return { ...page, rows: await rowsOf(db, page.rows, auth, services.now()) };
  });

  app.post(PLAN_BASE, {
    config: { access: 'workflow:plan:create', summary: '新增年度抽查计划' },
    schema: { tags, summary: '新增年度抽查计划（部门计划或联合抽查计划；第 1 版草稿）', body: PlanCreateInput, response: { 201: PlanDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const lead = await leadDepartmentOf(db, auth, input.leadDepartmentId);
    const participants = await checkParticipants(db, input.kind, lead, input.participatingDepartmentIds);
    const content = await resolveContent(db, input.content, { year: input.year, departmentIds: [lead.id, ...participants] });
    const chain = await regionChain(db, 'plan', lead.regionCode);
    const id = await runChange(request, services, async (tx, record) => {
      const now = services.now();
      const [row] = await tx.insert(plans).values({
        kind: input.kind, year: input.year, name: input.name, leadDepartmentId: lead.id, participatingDepartmentIds: participants,
        regionCode: lead.regionCode, chain, createdBy: auth.user.id, createdAt: now, updatedAt: now,
      }).returning({ id: plans.id });
      if (!row) throw new Error('insert returned no row');
      await tx.insert(planVersions).values({ planId: row.id, version: 1, content, createdBy: auth.user.id, createdAt: now });
      record.target('plan', row.id);
      record.detail({ name: input.name, kind: input.kind, year: input.year, tasks: content.tasks.length, chain: chain.key });
      record.event({ type: 'PlanCreated', planId: row.id, kind: input.kind, year: input.year, name: input.name, leadDepartmentId: lead.id, regionCode: lead.regionCode });
      return row.id;
    });
    return reply.status(201).send(await detailOf(db, await visiblePlan(db, auth, id), auth, services.now()));
  });

  app.get(`${PLAN_BASE}/:id`, {
    config: { access: 'workflow:plan:list' },
    schema: { tags, summary: '年度抽查计划详情（当前版本内容、现行版本、审批记录、可办理的操作）', params: idParams, response: { 200: PlanDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    return detailOf(db, await visiblePlan(db, auth, request.params.id), auth, services.now());
  });

  app.put(`${PLAN_BASE}/:id`, {
    config: { access: 'workflow:plan:update', summary: '编辑年度抽查计划' },
    schema: { tags, summary: '编辑年度抽查计划的当前版本（草稿或已退回）', params: idParams, body: PlanUpdateInput, response: { 200: PlanDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const input = request.body;
    const current = await visiblePlan(db, auth, request.params.id);
    checkRowVersion(current, input.rowVersion);
    const transition = checkTransition(planOfRow(current), { type: 'edit' }, auth, null);
    const [lead] = await liveDepartments(db, [current.leadDepartmentId]);
    if (!lead) throw new Error('plan lead department vanished');
    const participants = await checkParticipants(db, current.kind, lead, input.participatingDepartmentIds);
    const content = await resolveContent(db, input.content, { year: current.year, departmentIds: [lead.id, ...participants] });
    await runChange(request, services, async (tx, record) => {
      const now = services.now();
      await writePlan(tx, current.id, input.rowVersion, { status: transition.plan.status, name: input.name, participatingDepartmentIds: participants }, now);
      await tx.update(planVersions).set({ content }).where(and(eq(planVersions.planId, current.id), eq(planVersions.version, current.version)));
      record.target('plan', current.id);
      record.detail({ version: current.version, tasks: content.tasks.length });
      for (const event of transition.events) record.event(event);
    });
    return detailOf(db, await visiblePlan(db, auth, current.id), auth, services.now());
  });

  app.get(`${PLAN_BASE}/:id/versions`, {
    config: { access: 'workflow:plan:list' },
    schema: { tags, summary: '年度抽查计划的全部版本（内容、调整原因、发布时间），新版本在前', params: idParams, response: { 200: VersionList, ...errorResponses } },
  }, async (request) => {
    const record = await visiblePlan(db, requireAuth(request.auth), request.params.id);
    return listVersionRows(db, record.id);
  });

  app.get('/api/workflow/plan-checklist-items', {
    config: { access: 'workflow:plan:list' },
    schema: { tags, summary: '计划可选的检查事项：所选部门现行发布的抽查事项清单（已发布清单本即公开）', querystring: PickerQuery, response: { 200: PickerList, ...errorResponses } },
  }, async (request) => {
    const ids = request.query.departmentIds.split(',').map((id) => id.trim()).filter((id) => UUID.test(id));
    return publishedChecklists(db, ids.slice(0, 50));
  });

  app.get('/api/workflow/plan-departments', {
    config: { access: 'workflow:plan:create' },
    schema: { tags, summary: '可作为参与部门的同级部门（本人所在行政区划的部门）', response: { 200: PlanDepartmentList, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const region = auth.user.regionCode;
    return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
      .where(and(isNull(departments.deletedAt), region ? eq(departments.regionCode, region) : undefined)).orderBy(asc(departments.sortOrder), asc(departments.name)).limit(500);
  });

  registerPlanTransitionRoutes(app, services);
  registerPlanSettingsRoutes(app, services);
}
