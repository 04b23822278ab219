import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvals, domainEvents } from '../../db/schema';
import { expectAuthRefusals, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import type { PlannedTaskOption, TaskDetail, TaskItemOption } from './schema';
import { adHocBody, seedTaskFixture, type TaskFixture } from './test_fixtures';

let server: TestServer;
let f: TaskFixture;
const base = '/api/workflow/tasks';

beforeAll(async () => {
  server = await startTestServer();
  f = await seedTaskFixture(server);
  await addUserWithPermissions(server, 'noflow', ['system:region:list']);
});
afterAll(async () => { await server.close(); });

async function create(client: Client, body: unknown = adHocBody(f)): Promise<TaskDetail> {
  const r = await client.post(base, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json<TaskDetail>();
}

async function act(client: Client, task: { id: string; rowVersion: number }, action: string, extra: Record<string, unknown> = {}) {
  return client.post(`${base}/${task.id}/${action}`, { rowVersion: task.rowVersion, ...extra });
}

async function lastEvent() {
  const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
  return event;
}

describe('task API: refusals', () => {
  it('answers 401 without a session and 403 without the permission, on every route', async () => {
    const id = randomUUID();
    await expectAuthRefusals(server, 'GET', base, 'noflow');
    await expectAuthRefusals(server, 'GET', `${base}/${id}`, 'noflow');
    await expectAuthRefusals(server, 'GET', `${base}/item-options?departmentIds=${f.market}`, 'noflow');
    await expectAuthRefusals(server, 'GET', `${base}/plan-options`, 'cityhead');
    await expectAuthRefusals(server, 'GET', `${base}/department-options`, 'cityhead');
    await expectAuthRefusals(server, 'POST', base, 'cityhead', adHocBody(f));
    await expectAuthRefusals(server, 'PUT', `${base}/${id}`, 'cityhead', { ...adHocBody(f), rowVersion: 1 });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/submit`, 'cityhead', { rowVersion: 1 });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/approve`, 'cityadmin', { rowVersion: 1 });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/return`, 'cityadmin', { rowVersion: 1, comments: 'x' });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/terminate`, 'cityadmin', { rowVersion: 1, reason: 'x' });
  });

  it('refuses a user without a department (no lead department) with 403', async () => {
    const r = await (await server.as('admin')).post(base, adHocBody(f));
    expect(r.statusCode).toBe(403);
  });
});

describe('task API: validation (400 naming each field)', () => {
  const cases: [string, (b: ReturnType<typeof adHocBody>) => unknown, string][] = [
    ['name empty', (b) => ({ ...b, name: '' }), 'name'],
    ['periodStart not a date', (b) => ({ ...b, periodStart: '2026-02-30' }), 'periodStart'],
    ['periodEnd before start', (b) => ({ ...b, periodEnd: '2026-04-01' }), 'periodEnd'],
    ['period across years', (b) => ({ ...b, periodEnd: '2027-01-10' }), 'periodEnd'],
    ['participant unknown', (b) => ({ ...b, participatingDepartmentIds: [randomUUID()] }), 'participatingDepartmentIds.0'],
    ['participant is the lead', (b) => ({ ...b, participatingDepartmentIds: [f.market] }), 'participatingDepartmentIds.0'],
    ['participant of another city', (b) => ({ ...b, participatingDepartmentIds: [server.fixture.departments.jilinMarket] }), 'participatingDepartmentIds.0'],
    ['no items', (b) => ({ ...b, spec: { ...b.spec, items: [] } }), 'spec.items'],
    ['item of a department not in the task', (b) => ({ ...b, participatingDepartmentIds: [], spec: { ...b.spec, items: [f.items.market[0], f.items.env[1]], team: { ...b.spec.team, departmentQuotas: [] } } }), 'spec.items.1'],
    ['item of an unpublished version', (b) => ({ ...b, spec: { ...b.spec, items: [f.items.draft] } }), 'spec.items.0'],
    ['item under a wrong version', (b) => ({ ...b, spec: { ...b.spec, items: [{ ...f.items.market[0]!, checklistVersionId: f.items.env[0]!.checklistVersionId }] } }), 'spec.items.0'],
    ['targeted without criteria', (b) => ({ ...b, spec: { ...b.spec, targeting: { ...b.spec.targeting, mode: 'targeted' } } }), 'spec.targeting.mode'],
    ['industry code', (b) => ({ ...b, spec: { ...b.spec, targeting: { ...b.spec.targeting, mode: 'targeted', industryCodes: ['F5'] } } }), 'spec.targeting.industryCodes.0'],
    ['unconfirmed 专项库', (b) => ({ ...b, spec: { ...b.spec, targeting: { ...b.spec.targeting, mode: 'targeted', entityTagId: f.unconfirmedTagId } } }), 'spec.targeting.entityTagId'],
    ['region outside the task', (b) => ({ ...b, spec: { ...b.spec, regionCodes: ['220202'] } }), 'spec.regionCodes.0'],
    ['ratio over 100 %', (b) => ({ ...b, spec: { ...b.spec, strata: [{ ...b.spec.strata[0]!, value: '120' }] } }), 'spec.strata.0.value'],
    ['rounding unknown', (b) => ({ ...b, spec: { ...b.spec, strata: [{ ...b.spec.strata[0]!, rounding: 'banker' }] } }), 'spec.strata.0.rounding'],
    ['stratum not a credit class', (b) => ({ ...b, spec: { ...b.spec, strata: [{ ...b.spec.strata[0]!, key: 'Z' }] } }), 'spec.strata.0.key'],
    ['minTotalPercent', (b) => ({ ...b, spec: { ...b.spec, minTotalPercent: '-1' } }), 'spec.minTotalPercent'],
    ['annualCap', (b) => ({ ...b, spec: { ...b.spec, annualCap: 0 } }), 'spec.annualCap'],
    ['team of one', (b) => ({ ...b, spec: { ...b.spec, team: { ...b.spec.team, teamSize: 1, departmentQuotas: [] } } }), 'spec.team.teamSize'],
    ['quotas over the team size', (b) => ({ ...b, spec: { ...b.spec, team: { ...b.spec.team, teamSize: 2 } } }), 'spec.team.departmentQuotas'],
    ['quota of a foreign department', (b) => ({ ...b, spec: { ...b.spec, team: { ...b.spec.team, departmentQuotas: [{ departmentId: f.market, members: 1 }, { departmentId: server.fixture.departments.nanguanMarket, members: 1 }] } } }), 'spec.team.departmentQuotas.1.departmentId'],
    ['no supervisor', (b) => ({ ...b, spec: { ...b.spec, supervisorsRequired: 0 } }), 'spec.supervisorsRequired'],
    ['plan task key without a plan', (b) => ({ ...b, planTaskKey: 'T1' }), 'planTaskKey'],
  ];
  for (const [label, mutate, field] of cases) {
    it(`refuses ${label} (${field})`, async () => {
      const r = await (await server.as('cityadmin')).post(base, mutate(adHocBody(f)));
      expect(r.statusCode, r.body).toBe(400);
      const body = r.json<{ code: string; message: string; details?: { field: string; message: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.map((d) => d.field), body.message).toContain(field);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    });
  }
});

describe('task API: creating', () => {
  it('creates an ad hoc joint task with a generated number, item names copied from the lists, logged', async () => {
    const body = adHocBody(f);
    const task = await create(await server.as('cityadmin'), { ...body, spec: { ...body.spec, items: [{ ...f.items.market[0]!, name: '伪造的名称' }, f.items.env[0]] } });
    expect(task).toMatchObject({ kind: 'ad_hoc', status: 'draft', year: 2026, leadDepartmentId: f.market, participatingDepartmentIds: [f.env], rowVersion: 1 });
    expect(task.code).toMatch(/^220100-2026-\d{4}$/);
    expect(task.spec.items.map((i) => i.name)).toEqual(['市场监管检查事项一', '生态环境检查事项一']);
    expect(task.spec.strata.map((s) => s.key)).toEqual(['A', 'C']);
    expect(task.departmentNames[f.env]).toBe('长春市生态环境局');
    expect(task.actions).toMatchObject({ edit: null, submit: null, approve: expect.stringMatching(/权限/) as unknown });
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:task:create', targetType: 'task', targetId: task.id, outcome: 'success' });
    expect(await lastEvent()).toMatchObject({ type: 'TaskCreated', payload: { taskId: task.id, code: task.code } });
  });

  it('numbers parallel creates uniquely and without gaps', async () => {
    const client = await server.as('cityadmin');
    const before = (await client.get(`${base}?year=2026&pageSize=200`)).json<{ total: number }>().total;
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => client.post(base, adHocBody(f, { name: `并行创建的任务${i}` }))));
    expect(made.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    const codes = made.map((r) => r.json<TaskDetail>().code).sort();
    expect(new Set(codes).size).toBe(6);
    expect(codes.map((c) => Number(c.slice(-4)))).toEqual(Array.from({ length: 6 }, (_, i) => before + i + 1));
  });

  it('offers the planned tasks of published plans with their defaults, and the items of published lists', async () => {
    const client = await server.as('cityadmin');
    const options = (await client.get(`${base}/plan-options`)).json<PlannedTaskOption[]>();
    expect(options.map((o) => [o.planId, o.key])).toEqual([[f.planId, 'T1']]);
    expect(options[0]?.defaults).toMatchObject({ periodStart: '2026-04-01', periodEnd: '2026-09-30', participatingDepartmentIds: [f.env] });
    const items = (await client.get(`${base}/item-options?departmentIds=${f.market},${f.env}`)).json<TaskItemOption[]>();
    expect(items.map((i) => i.code).sort()).toEqual(['HJ-001', 'HJ-002', 'SJ-001', 'SJ-002']);
    const departments = (await client.get(`${base}/department-options`)).json<{ id: string; regionCode: string }[]>();
    expect(departments.map((d) => d.id)).toEqual(expect.arrayContaining([f.market, f.env, server.fixture.departments.chaoyangMarket]));
    expect(departments.every((d) => d.regionCode.startsWith('2201'))).toBe(true);
  });

  it('creates a task from a published plan, inside its window; refuses a period outside it and unpublished plans', async () => {
    const client = await server.as('cityadmin');
    const [option] = (await client.get(`${base}/plan-options`)).json<PlannedTaskOption[]>();
    const fromPlan = { planId: f.planId, planTaskKey: 'T1', ...option!.defaults, spec: { ...option!.defaults.spec, team: adHocBody(f).spec.team } };
    const task = await create(client, fromPlan);
    expect(task).toMatchObject({ kind: 'planned', planId: f.planId, planName: expect.stringContaining('2026年度') as unknown });
    const outside = await client.post(base, { ...fromPlan, periodEnd: '2026-10-15' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<{ details: { field: string; message: string }[] }>().details).toEqual([
      { field: 'periodEnd', message: '任务实施期间超出所属计划的时间范围（2026年度，2026-04-01 至 2026-09-30）' },
    ]);
    const before = await client.post(base, { ...fromPlan, periodStart: '2026-03-01' });
    expect(before.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['periodStart']);
    const draft = await client.post(base, { ...fromPlan, planId: f.draftPlanId });
    expect(draft.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['planId']);
    const key = await client.post(base, { ...fromPlan, planTaskKey: 'T9' });
    expect(key.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['planTaskKey']);
    const outsider = await (await server.as('chaoyang')).post(base, { ...fromPlan, participatingDepartmentIds: [], spec: { ...fromPlan.spec, items: [] } });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toEqual(['planId']);
  });
});

describe('task API: scope and transitions', () => {
  it('shows the task to the lead and participating departments only (404 elsewhere)', async () => {
    const task = await create(await server.as('cityadmin'));
    const env = await server.as('envadmin');
    expect((await env.get(`${base}/${task.id}`)).statusCode).toBe(200);
    expect((await env.get(`${base}?keyword=${encodeURIComponent(task.code)}`)).json<{ rows: { id: string }[] }>().rows.map((r) => r.id)).toEqual([task.id]);
    expect((await (await server.as('nanguan')).get(`${base}/${task.id}`)).statusCode).toBe(404);
    expect((await (await server.as('nanguan')).get(`${base}?keyword=${encodeURIComponent(task.code)}`)).json<{ total: number }>().total).toBe(0);
    expect((await (await server.as('nanguan')).post(`${base}/${task.id}/submit`, { rowVersion: 1 })).statusCode).toBe(404);
    const edit = await env.put(`${base}/${task.id}`, { ...adHocBody(f), rowVersion: 1 });
    expect(edit.statusCode).toBe(403);
    expect(edit.json()).toMatchObject({ code: 'TASK_LEAD_DEPARTMENT_ONLY' });
    expect((await env.get(`${base}/${task.id}`)).json<TaskDetail>().actions.edit).toBe('只有牵头部门的人员可以办理该任务');
  });

  it('edits a draft, refuses a stale version, submits, approves to 已发布, keeps the history, refuses illegal events with 409', async () => {
    const admin = await server.as('cityadmin');
    const head = await server.as('cityhead');
    let task = await create(admin);
    const edited = await admin.put(`${base}/${task.id}`, { ...adHocBody(f, { name: '改名后的联合抽查' }), rowVersion: task.rowVersion });
    expect(edited.statusCode, edited.body).toBe(200);
    task = edited.json<TaskDetail>();
    expect(task).toMatchObject({ name: '改名后的联合抽查', rowVersion: 2 });
    expect(await lastEvent()).toMatchObject({ type: 'TaskUpdated', payload: { changed: ['name'] } });
    const stale = await admin.put(`${base}/${task.id}`, { ...adHocBody(f), rowVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'TASK_STALE', message: expect.stringContaining('最新版本号 2') as unknown });
    expect((await act(admin, { ...task, rowVersion: 1 }, 'submit')).json()).toMatchObject({ code: 'TASK_STALE' });

    const submitted = await act(admin, task, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    task = submitted.json<TaskDetail>();
    expect(task).toMatchObject({ status: 'in_review', currentStepLabel: '分管负责人审批' });
    expect(await lastEvent()).toMatchObject({ type: 'TaskStatusChanged', payload: { from: 'draft', to: 'in_review', event: 'submit' } });
    const editInReview = await admin.put(`${base}/${task.id}`, { ...adHocBody(f), rowVersion: task.rowVersion });
    expect(editInReview.statusCode).toBe(409);
    expect(editInReview.json()).toMatchObject({ code: 'TASK_ILLEGAL_TRANSITION', message: '抽查任务当前为“审核中”，不能编辑' });
    expect((await act(admin, task, 'submit')).statusCode).toBe(409);
    const envHead = await act(await server.as('envhead'), task, 'approve');
    expect(envHead.statusCode).toBe(403);
    expect(envHead.json()).toMatchObject({ code: 'STEP_SCOPE' });

    const returned = await act(head, task, 'return', { comments: '' });
    expect(returned.statusCode).toBe(400);
    expect(returned.json()).toMatchObject({ code: 'RETURN_COMMENTS_REQUIRED' });
    const back = await act(head, task, 'return', { comments: '请补充检查方式' });
    expect(back.statusCode, back.body).toBe(200);
    task = back.json<TaskDetail>();
    expect(task).toMatchObject({ status: 'draft', returnComments: '请补充检查方式' });
    task = (await act(admin, task, 'submit')).json<TaskDetail>();
    const approved = await act(head, task, 'approve', { comments: '同意' });
    expect(approved.statusCode, approved.body).toBe(200);
    task = approved.json<TaskDetail>();
    expect(task).toMatchObject({ status: 'published', currentStepLabel: null });
    expect(task.publishedAt).toBe(server.now.toISOString());
    expect(task.approvals.map((a) => [a.decision, a.stepLabel, a.comments, a.actorName])).toEqual([
      ['submitted', '分管负责人审批', null, '市局管理员'],
      ['returned', '分管负责人审批', '请补充检查方式', '市局负责人'],
      ['submitted', '分管负责人审批', null, '市局管理员'],
      ['approved', '分管负责人审批', '同意', '市局负责人'],
    ]);
    const rows = await server.db.select().from(approvals).where(and(eq(approvals.recordType, 'task'), eq(approvals.recordId, task.id)));
    expect(rows).toHaveLength(4);
    for (const action of ['submit', 'approve', 'return']) {
      const r = await act(action === 'submit' ? admin : head, task, action, { comments: 'x' });
      expect(r.statusCode, action).toBe(409);
      expect(r.json()).toMatchObject({ code: 'TASK_ILLEGAL_TRANSITION' });
    }
    expect(task.actions).toMatchObject({ terminate: null, submit: '没有执行此操作的权限', approve: '抽查任务当前为“已发布”，不能审核通过' });
    const adminView = (await admin.get(`${base}/${task.id}`)).json<TaskDetail>();
    expect(adminView.actions).toMatchObject({ terminate: '没有执行此操作的权限', submit: '抽查任务当前为“已发布”，不能提交审核', edit: '抽查任务当前为“已发布”，不能编辑' });
  });

  it('refuses self-approval, and terminates only with a reason by the head', async () => {
    const admin = await server.as('cityadmin');
    const head = await server.as('cityhead');
    let task = await create(admin);
    task = (await act(admin, task, 'submit')).json<TaskDetail>();
    const headTask = await create(admin);
    expect((await act(head, headTask, 'terminate', { reason: '' })).json()).toMatchObject({ code: 'TERMINATE_REASON_REQUIRED' });
    const inReview = await act(head, task, 'terminate', { reason: '并入专项检查' });
    expect(inReview.statusCode).toBe(409);
    const terminated = await act(head, headTask, 'terminate', { reason: '并入省局专项检查' });
    expect(terminated.statusCode, terminated.body).toBe(200);
    expect(terminated.json<TaskDetail>()).toMatchObject({ status: 'terminated', terminationReason: '并入省局专项检查' });
    expect(await lastEvent()).toMatchObject({ type: 'TaskStatusChanged', payload: { to: 'terminated', reason: '并入省局专项检查' } });
    const terminatedTask = terminated.json<TaskDetail>();
    expect((await act(head, terminatedTask, 'terminate', { reason: '再次' })).statusCode).toBe(409);
  });
});
