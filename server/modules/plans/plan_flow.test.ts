import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvals, domainEvents, operationLog, plans } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { loadPlansForDue } from './domain_map';
import type { PlanDetail, VersionRow } from './schema';
import { act, actOk, buildPlanWorld, createPlan, jointPlanBody, plannedTask, type PlanWorld } from './test_fixtures';

let server: TestServer;
let world: PlanWorld;
beforeAll(async () => {
  server = await startTestServer();
  // A clock far ahead (sessions stay valid by the real clock) on a Monday of a year without a schedule (暂定),
  // ticking one second per reading so the approval history has an order as it would in real time.
  let tick = 0;
  Object.defineProperty(server, 'now', { get: () => new Date(Date.UTC(2040, 11, 3, 2, 0, 0) + 1000 * tick++), set: () => undefined, configurable: true });
  world = await buildPlanWorld(server);
});
afterAll(async () => { await server.close(); });

const base = '/api/workflow/plans';

async function eventsOf(planId: string): Promise<string[]> {
  const rows = await server.db.select({ type: domainEvents.type }).from(domainEvents).where(sql`${domainEvents.payload}->>'planId' = ${planId}`).orderBy(domainEvents.id);
  return rows.map((r) => r.type);
}

describe('年度抽查计划: the approval chain with the demo roles', () => {
  let plan: PlanDetail;

  it('scjg_admin drafts and submits; scjg_head approves; justice returns with comments', async () => {
    const admin = await server.as('scjg_admin');
    plan = await createPlan(admin, jointPlanBody(world));
    plan = await actOk(admin, plan, 'submit');
    expect([plan.status, plan.currentStep, plan.actions.withdraw]).toEqual(['in_review', '部门负责人审核', null]);
    // Nobody approves their own submission, and the other steps' roles cannot act.
    const justice = await server.as('justice');
    expect((await act(justice, plan, 'approve')).json()).toMatchObject({ code: 'STEP_ROLE_REQUIRED' });
    const head = await server.as('scjg_head');
    const seenByHead = (await head.get(`${base}/${plan.id}`)).json<PlanDetail>();
    expect([seenByHead.actions.approve, seenByHead.actions.return, seenByHead.actions.edit]).toEqual([null, null, expect.stringMatching(/没有权限/) as unknown]);
    plan = await actOk(head, plan, 'approve', { comment: '同意' });
    expect([plan.status, plan.stepIndex, plan.currentStep]).toEqual(['in_review', 1, '司法行政合法性审核']);
    const missing = await act(justice, plan, 'return', { comments: '' });
    expect(missing.statusCode).toBe(400);
    plan = await actOk(justice, plan, 'return', { comments: '抽查比例 D 类 100% 缺少依据，请补充' });
    expect([plan.status, plan.returnComments, plan.stepIndex]).toEqual(['returned', '抽查比例 D 类 100% 缺少依据，请补充', 0]);
  });

  it('scjg_admin fixes and resubmits; the chain runs again to publication by jointoffice', async () => {
    const admin = await server.as('scjg_admin');
    const fixed = await admin.put(`${base}/${plan.id}`, {
      rowVersion: plan.rowVersion, name: plan.name, participatingDepartmentIds: [world.eco],
      content: { summary: '依据渝北 四（四）差异化抽查', tasks: [plannedTask(world, { strata: [{ key: 'A', mode: 'ratio', value: '2.5', rounding: 'floor_min_1', minPercent: '', reserve: '' }] })] },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    plan = fixed.json<PlanDetail>();
    expect(plan.status).toBe('draft');
    plan = await actOk(admin, plan, 'submit');
    plan = await actOk(await server.as('scjg_head'), plan, 'approve');
    plan = await actOk(await server.as('justice'), plan, 'approve', { comment: '合法性审核通过' });
    const jointView = (await (await server.as('joint')).get(`${base}/${plan.id}`)).json<PlanDetail>();
    expect(jointView.actions.approve).toBeNull();
    plan = await actOk(await server.as('joint'), plan, 'approve');
    expect([plan.status, plan.publishedVersion, plan.version]).toEqual(['published', 1, 1]);
    expect(plan.approvals.map((a) => [a.decision, a.stepLabel, a.actorName, a.comments])).toEqual([
      ['submitted', '部门负责人审核', 'scjg_admin', null],
      ['approved', '部门负责人审核', 'scjg_head', '同意'],
      ['returned', '司法行政合法性审核', 'justice', '抽查比例 D 类 100% 缺少依据，请补充'],
      ['submitted', '部门负责人审核', 'scjg_admin', null],
      ['approved', '部门负责人审核', 'scjg_head', null],
      ['approved', '司法行政合法性审核', 'justice', '合法性审核通过'],
      ['approved', '双随机办发布', '长春双随机办', null],
    ]);
    expect(await eventsOf(plan.id)).toEqual([
      'PlanCreated', 'PlanSubmitted', 'PlanStepApproved', 'PlanReturned', 'PlanEdited', 'PlanSubmitted', 'PlanStepApproved', 'PlanStepApproved',
      'PlanStepApproved', 'PlanPublished',
    ]);
    const [log] = await server.db.select().from(operationLog).where(eq(operationLog.targetId, plan.id)).orderBy(desc(operationLog.seq)).limit(1);
    expect(log).toMatchObject({ action: 'workflow:plan:approve', outcome: 'success', targetType: 'plan' });
  });

  it('an adjustment is a new version with a reason; the published version stays in force until re-published', async () => {
    const admin = await server.as('scjg_admin');
    const missing = await act(admin, plan, 'adjust', { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    plan = await actOk(admin, plan, 'adjust', { reason: '新增食品安全抽查任务' });
    expect([plan.status, plan.version, plan.publishedVersion, plan.adjusting]).toEqual(['draft', 2, 1, true]);
    // 10 working days from Monday 2040-12-03: Monday 2040-12-17, 暂定 (2040 has no official schedule).
    expect(plan.adjustment).toEqual({ reason: '新增食品安全抽查任务', startedOn: '2040-12-03', deadline: '2040-12-17', provisional: true });
    expect(plan.publishedContent?.tasks.map((t) => t.key)).toEqual(['T1']);
    const content = { summary: '调整', tasks: [plannedTask(world), plannedTask(world, { key: 'T2', name: '食品安全专项抽查', items: [world.marketItems[1]] })] };
    plan = (await admin.put(`${base}/${plan.id}`, { rowVersion: plan.rowVersion, name: plan.name, participatingDepartmentIds: [world.eco], content })).json<PlanDetail>();
    const summary = (await (await server.as('joint')).get('/api/workflow/joint-plan-summary?year=2027')).json<{ plans: { id: string; publishedVersion: number; adjusting: boolean; tasks: unknown[] }[] }>();
    expect(summary.plans.find((p) => p.id === plan.id)).toMatchObject({ publishedVersion: 1, adjusting: true, tasks: [expect.anything()] });
    plan = await actOk(admin, plan, 'submit');
    plan = await actOk(await server.as('scjg_head'), plan, 'approve');
    plan = await actOk(await server.as('justice'), plan, 'approve');
    plan = await actOk(await server.as('joint'), plan, 'approve');
    expect([plan.status, plan.version, plan.publishedVersion, plan.adjustment, plan.content.tasks.length]).toEqual(['published', 2, 2, null, 2]);
    const versions = (await admin.get(`${base}/${plan.id}/versions`)).json<VersionRow[]>();
    expect(versions.map((v) => [v.version, v.reason, v.content.tasks.map((t) => t.key), v.publishedAt !== null])).toEqual([
      [2, '新增食品安全抽查任务', ['T1', 'T2'], true], [1, null, ['T1'], true],
    ]);
  });

  it('withdraw is the submitter\'s; nobody approves their own plan (403)', async () => {
    const both = await server.as('scjg_both');
    let own = await createPlan(both, jointPlanBody(world));
    own = await actOk(both, own, 'submit');
    const refused = await act(both, own, 'approve');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'OWN_SUBMISSION', message: '不能审批本人提交的事项' });
    expect((await act(await server.as('scjg_admin'), own, 'withdraw')).json()).toMatchObject({ code: 'PLAN_WITHDRAW_SUBMITTER_ONLY' });
    own = await actOk(both, own, 'withdraw');
    expect(own.status).toBe('draft');
    expect(own.approvals.map((a) => a.decision)).toEqual(['submitted', 'withdrawn']);
  });

  it('two approvals of the same step at once: exactly one wins, the other gets 409', async () => {
    const admin = await server.as('scjg_admin');
    let racing = await createPlan(admin, jointPlanBody(world));
    racing = await actOk(admin, racing, 'submit');
    const [h1, h2] = [await server.as('scjg_head'), await server.as('scjg_head2')];
    const answers = await Promise.all([act(h1, racing, 'approve'), act(h2, racing, 'approve')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)?.json()).toMatchObject({ code: 'PLAN_STALE' });
    const [row] = await server.db.select().from(plans).where(eq(plans.id, racing.id));
    expect([row?.stepIndex, row?.rowVersion]).toEqual([1, racing.rowVersion + 1]);
    const steps = await server.db.select().from(approvals).where(and(eq(approvals.recordId, racing.id), eq(approvals.decision, 'approved')));
    expect(steps).toHaveLength(1);
  });

  it('loadPlansForDue maps the rows the scope sees to domain plans', async () => {
    const [row] = await server.db.select().from(plans).where(eq(plans.id, plan.id));
    const loaded = await loadPlansForDue(server.db, { kind: 'limited', regionPrefixes: [], departmentIds: [world.eco], userId: null }, 2027);
    const mine = loaded.find((p) => p.id === plan.id);
    expect(mine).toMatchObject({ kind: 'joint', status: 'published', version: 2, publishedVersion: 2, leadDepartmentId: world.market, participatingDepartmentIds: [world.eco], adjustment: null });
    expect(mine?.chain.steps).toHaveLength(3);
    expect(row).toBeDefined();
    expect(await loadPlansForDue(server.db, { kind: 'limited', regionPrefixes: ['2202'], departmentIds: [], userId: null }, 2027)).toEqual([]);
  });
});
