/**
 * 抽查任务 / 实施方案 (issue #9 item 4; 威海第6条): a department drafts a task from its published annual plan or as a
 * 临时任务, submits it, the task chain approves it (部门负责人 by default) and it is published for the draw. The
 * lead department drafts and edits; participating departments see it. Every change goes through runChange; every
 * state change through applyTaskEvent (transition.ts), which the draw and dispatch modules use too.
 */
import { z } from 'zod';
import { regionPrefix } from '../../../domain/access/data_scope';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import { transitionTask, type TaskEvent } from '../../../domain/workflow/task_states';
import { DEFAULT_ANNUAL_CAP, DEFAULT_TEAM_SETTINGS, type TaskSpec } from '../../../domain/workflow/task_spec';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, errorResponses, forbidden, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import type { AuthContext } from '../../http/request_context';
import { requireAuth } from '../users/routes';
import { planFor, prepareTask } from './prepare';
import { actorOf, departmentIdsOf, presentRow } from './present';
import {
  PlannedTaskOption, TaskActionInput, TaskCreateInput, TaskDetail, TaskItemOption, TaskItemOptionQuery, TaskPage, TaskQuery, TaskUpdateInput,
  type TaskSpecInput,
} from './schema';
import {
  departmentFacts, departmentsInRegion, entityTagFacts, getTask, insertTask, itemOptions, listTasks, nextTaskCode, publishedPlansOf, taskApprovals, taskChainFor,
  updateTaskRow, type TaskRecord,
} from './store';
import { applyTaskEvent, staleTask, workflowFailure } from './transition';
import { taskOfRow } from './domain_map';

const tags = ['计划与抽取-抽查任务'];

/** JSON with sorted keys: a jsonb column comes back with its keys reordered. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
const base = '/api/workflow/tasks';

export function registerTaskRoutes(app: TypedApp, services: AppServices): void {
  async function names(ids: readonly string[]): Promise<Map<string, string>> {
    return new Map([...(await departmentFacts(services.db, ids)).values()].map((d) => [d.id, d.name]));
  }

  async function visible(auth: AuthContext, id: string): Promise<TaskRecord> {
    const row = await getTask(services.db, auth.scope, id);
    if (!row) throw notFound('抽查任务');
    return row;
  }

  async function detail(auth: AuthContext, id: string): Promise<TaskDetail> {
    const record = await visible(auth, id);
    const spec = record.spec as TaskSpec;
    const [departmentNames, history, tag] = await Promise.all([
      names(departmentIdsOf([record])), taskApprovals(services.db, id),
      spec.targeting.entityTagId ? entityTagFacts(services.db, spec.targeting.entityTagId) : Promise.resolve(null),
    ]);
    const chain = record.chain as ApprovalChain;
    return {
      ...presentRow(record, departmentNames, auth),
      spec: record.spec as TaskSpecInput, chain: { key: chain.key, label: chain.label, steps: chain.steps.map((s) => ({ key: s.key, label: s.label })) },
      returnComments: record.returnComments, terminationReason: record.terminationReason,
      approvals: history.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      departmentNames: Object.fromEntries(departmentNames), entityTagName: tag?.name ?? null,
    };
  }

  /** The caller's own department leads the task (东胜 四（四）2: the 发起部门 drafts and draws). */
  async function leadOf(auth: AuthContext) {
    const id = auth.user.departmentId;
    const lead = id ? (await departmentFacts(services.db, [id])).get(id) : undefined;
    if (!lead) throw forbidden('只有部门的工作人员可以起草抽查任务（牵头部门为本人所在部门）');
    return lead;
  }

  app.get(base, {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '抽查任务列表（牵头或参与部门可见）', querystring: TaskQuery, response: { 200: TaskPage, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const page = await listTasks(services.db, auth.scope, request.query);
    const departmentNames = await names(page.rows.flatMap((r) => r.participatingDepartmentIds));
    return { ...page, rows: page.rows.map((r) => presentRow(r, departmentNames, auth)) };
  });

  app.get(`${base}/item-options`, {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '可选检查事项（所选部门现行发布清单的检查事项）', querystring: TaskItemOptionQuery, response: { 200: z.array(TaskItemOption), ...errorResponses } },
  }, async (request) => itemOptions(services.db, request.query.departmentIds.split(',')));

  app.get(`${base}/department-options`, {
    config: { access: 'workflow:task:create' },
    schema: { tags, summary: '可选参与部门（牵头部门所在区划及下级的部门）', response: { 200: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })), ...errorResponses } },
  }, async (request) => {
    const lead = await leadOf(requireAuth(request.auth));
    return departmentsInRegion(services.db, regionPrefix(lead.regionCode));
  });

  app.get(`${base}/plan-options`, {
    config: { access: 'workflow:task:create' },
    schema: { tags, summary: '可据以创建任务的计划任务（本部门参与的已发布年度计划）', response: { 200: z.array(PlannedTaskOption), ...errorResponses } },
  }, async (request) => {
    const lead = await leadOf(requireAuth(request.auth));
    const plans = await publishedPlansOf(services.db, lead.id);
    return plans.flatMap((plan) => plan.content.tasks.map((t) => {
      const participants = [...new Set([plan.leadDepartmentId, ...plan.participatingDepartmentIds, ...t.departmentIds])].filter((id) => id !== lead.id);
      const spec: TaskSpecInput = {
        items: [...t.items], targeting: { ...t.targeting, entityTypes: [...t.targeting.entityTypes], industryCodes: [...t.targeting.industryCodes], scopeKeywords: [...t.targeting.scopeKeywords] },
        regionCodes: [lead.regionCode], stratifyBy: t.stratifyBy, strata: t.strata.map((s) => ({ ...s })), minTotalPercent: '3', annualCap: DEFAULT_ANNUAL_CAP,
        methods: [...t.methods], team: { ...DEFAULT_TEAM_SETTINGS, departmentQuotas: [] }, supervisorsRequired: 1,
      };
      return {
        planId: plan.id, planName: plan.name, year: plan.year, key: t.key, name: t.name, windowStart: t.windowStart, windowEnd: t.windowEnd,
        defaults: { name: t.name, periodStart: t.windowStart, periodEnd: t.windowEnd, participatingDepartmentIds: participants, spec },
      };
    }));
  });

  app.get(`${base}/:id`, {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '抽查任务详情（实施方案、审批记录）', params: idParams, response: { 200: TaskDetail, ...errorResponses } },
  }, async (request) => detail(requireAuth(request.auth), request.params.id));

  app.post(base, {
    config: { access: 'workflow:task:create', summary: '新增抽查任务' },
    schema: { tags, summary: '新增抽查任务（据年度计划或临时任务）', body: TaskCreateInput, response: { 201: TaskDetail, ...errorResponses } },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const lead = await leadOf(auth);
    const { planId, planTaskKey, ...body } = request.body;
    const plan = await planFor(services.db, planId, planTaskKey, lead.id);
    const prepared = await prepareTask(services.db, body, lead, plan);
    const chain = await taskChainFor(services.db, lead.regionCode);
    const now = services.now();
    const id = await runChange(request, services, async (tx, record) => {
      const code = await nextTaskCode(tx, prepared.regionCode, prepared.year);
      const created = await insertTask(tx, {
        ...prepared, code, planId, planTaskKey, kind: planId ? 'planned' : 'ad_hoc', leadDepartmentId: lead.id, chain,
        createdBy: auth.user.id, createdAt: now, updatedAt: now,
      });
      record.target('task', created);
      record.detail({ code, name: prepared.name, planId, planTaskKey, periodStart: prepared.periodStart, periodEnd: prepared.periodEnd });
      record.event({ type: 'TaskCreated', taskId: created, code, name: prepared.name, planId, leadDepartmentId: lead.id, participatingDepartmentIds: prepared.participatingDepartmentIds });
      return created;
    });
    return reply.status(201).send(await detail(auth, id));
  });

  app.put(`${base}/:id`, {
    config: { access: 'workflow:task:update', summary: '修改抽查任务' },
    schema: { tags, summary: '修改草稿中的实施方案（牵头部门）', params: idParams, body: TaskUpdateInput, response: { 200: TaskDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const before = await visible(auth, request.params.id);
    const { rowVersion, ...body } = request.body;
    if (rowVersion !== before.rowVersion) throw staleTask(before.rowVersion);
    const allowed = transitionTask(taskOfRow(before), { type: 'edit' }, actorOf(auth));
    if (!allowed.ok) throw workflowFailure(allowed.error);
    const lead = (await departmentFacts(services.db, [before.leadDepartmentId])).get(before.leadDepartmentId);
    if (!lead) throw badRequest('VALIDATION_FAILED', '牵头部门已停用，不能再修改该任务', [{ field: 'leadDepartmentId', message: '牵头部门已停用' }]);
    const plan = before.planId ? await planFor(services.db, before.planId, before.planTaskKey, lead.id) : null;
    const prepared = await prepareTask(services.db, body, lead, plan);
    if (prepared.year !== before.year) {
      throw badRequest('VALIDATION_FAILED', '任务编号已按年度生成，实施期间不能改到其他年度', [{ field: 'periodStart', message: `实施期间须在${before.year}年度内` }]);
    }
    await runChange(request, services, async (tx, record) => {
      // Written only if nobody changed the row since it was read (its status included): else 409 with the newer version.
      const written = await updateTaskRow(tx, before.id, rowVersion, {
        name: prepared.name, periodStart: prepared.periodStart, periodEnd: prepared.periodEnd,
        participatingDepartmentIds: prepared.participatingDepartmentIds, spec: prepared.spec,
      }, services.now());
      if (!written) throw staleTask(rowVersion + 1);
      const changed = (['name', 'periodStart', 'periodEnd', 'participatingDepartmentIds', 'spec'] as const)
        .filter((k) => canonical(prepared[k]) !== canonical(before[k]));
      record.target('task', before.id);
      record.detail({ code: before.code, changed });
      record.event({ type: 'TaskUpdated', taskId: before.id, code: before.code, changed: [...changed] });
    });
    return detail(auth, before.id);
  });

  const transitions = [
    { action: 'submit', access: 'workflow:task:update', summary: '提交抽查任务审核', describe: '提交审核（按任务审批链）' },
    { action: 'approve', access: 'workflow:task:approve', summary: '审核通过抽查任务', describe: '审核通过当前步骤（最后一步即发布）' },
    { action: 'return', access: 'workflow:task:approve', summary: '退回抽查任务', describe: '退回修改（须填写退回意见）' },
    { action: 'terminate', access: 'workflow:task:terminate', summary: '终止抽查任务', describe: '终止任务（牵头部门负责人，须填写原因）' },
  ] as const;

  for (const t of transitions) {
    app.post(`${base}/:id/${t.action}`, {
      config: { access: t.access, summary: t.summary },
      schema: { tags, summary: t.describe, params: idParams, body: TaskActionInput, response: { 200: TaskDetail, ...errorResponses } },
    }, async (request) => {
      const auth = requireAuth(request.auth);
      const before = await visible(auth, request.params.id);
      const { rowVersion, comments, reason } = request.body;
      const event: TaskEvent = t.action === 'return' ? { type: 'return', comments: comments ?? '' }
        : t.action === 'terminate' ? { type: 'terminate', reason: reason ?? '' }
        : t.action === 'approve' ? { type: 'approve', comment: comments } : { type: 'submit' };
      await runChange(request, services, async (tx, record) => {
        const applied = await applyTaskEvent(tx, before.id, event, actorOf(auth), { rowVersion, now: services.now() });
        record.target('task', before.id);
        record.detail({ code: before.code, from: before.status, to: applied.task.status, ...(comments ? { comments } : {}), ...(reason ? { reason } : {}) });
        for (const e of applied.events) record.event(e);
      });
      return detail(auth, before.id);
    });
  }
}
