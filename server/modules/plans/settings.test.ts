import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DONGSHENG_PLAN_CHAIN } from '../../../domain/workflow/approval_chain';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import type { JointSummary, PlanDetail } from './schema';
import { planDueDatesFor } from './settings_routes';
import { actOk, buildPlanWorld, createPlan, jointPlanBody, type PlanWorld } from './test_fixtures';

let server: TestServer;
let world: PlanWorld;
beforeAll(async () => {
  server = await startTestServer();
  world = await buildPlanWorld(server);
});
afterAll(async () => { await server.close(); });

const url = '/api/workflow/chain-settings/220100';
const dongsheng = { ...DONGSHENG_PLAN_CHAIN, steps: [...DONGSHENG_PLAN_CHAIN.steps] };
const taskChain = { key: 'task_custom', label: '部门负责人 → 司法审核', source: '自定义', steps: [
  { key: 'dept_head', label: '分管负责人审批', role: 'dept_head', scope: 'lead_department' },
  { key: 'legality', label: '司法行政合法性审核', role: 'justice_reviewer', scope: 'same_region' },
] };
const valid = { plan: dongsheng, task: taskChain, dueDates: { joint: { month: 1, day: 31 }, department: { month: 3, day: 15 } } };

describe('审批流程设置 and the regional joint plan', () => {
  it('refuses without the permission, and outside the office\'s region (404)', async () => {
    await expectAuthRefusals(server, 'GET', url, 'scjg_admin');
    await expectAuthRefusals(server, 'PUT', url, 'scjg_head', valid);
    await expectAuthRefusals(server, 'GET', '/api/workflow/joint-plan-summary?year=2027', 'inspector');
    const joint = await server.as('joint');
    expect((await joint.get('/api/workflow/chain-settings/220200')).statusCode).toBe(404);
    expect((await joint.put('/api/workflow/chain-settings/220200', valid)).statusCode).toBe(404);
    expect((await joint.get('/api/workflow/joint-plan-summary?year=2027&regionCode=220200')).statusCode).toBe(404);
  });

  it('shows the defaults: 部门负责人 → 司法 → 发布, joint plans by 31 Jan, department plans by the end of February', async () => {
    const settings = (await (await server.as('joint')).get(url)).json<{ plan: { key: string }; task: { key: string }; dueDates: unknown; own: unknown; presets: { key: string }[]; roles: { key: string }[] }>();
    expect([settings.plan.key, settings.task.key, settings.own]).toEqual(['default', 'task_default', { plan: false, task: false, dueDates: false }]);
    expect(settings.dueDates).toEqual({ joint: { month: 1, day: 'end' }, department: { month: 2, day: 'end' } });
    expect(settings.presets.map((p) => p.key)).toEqual(['default', 'weihai', 'dongsheng', 'task_default']);
    expect(settings.roles.map((r) => r.key)).toContain('justice_reviewer');
  });

  it('400 per field: unknown role, duplicate step, empty chain, impossible day', async () => {
    const joint = await server.as('joint');
    await expectFieldErrors(joint, 'PUT', url, valid, {
      plan: [{ ...dongsheng, steps: [] }, { ...dongsheng, steps: [{ key: 'x', label: 'x', role: 'dept_head', scope: 'everywhere' }] }],
      dueDates: [{ joint: { month: 13, day: 1 }, department: { month: 2, day: 'end' } }, { joint: { month: 2, day: 30 }, department: { month: 2, day: 'end' } }],
    });
    const unknown = await joint.put(url, { ...valid, task: { ...taskChain, steps: [{ ...taskChain.steps[0], role: 'deputy_head' }] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'CHAIN_ROLE_UNKNOWN', details: [{ field: 'task.steps.0.role', message: '第 1 个环节的角色 deputy_head 不存在，请先在角色管理中新增' }] });
    const twice = await joint.put(url, { ...valid, task: { ...taskChain, steps: [taskChain.steps[0], taskChain.steps[0]] } });
    expect(twice.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'task.steps.1.key' }] });
  });

  it('saves the region\'s chains and due dates; new plans copy the chain in, existing plans keep theirs', async () => {
    const admin = await server.as('scjg_admin');
    const before = await createPlan(admin, jointPlanBody(world));
    const joint = await server.as('joint');
    const saved = await joint.put(url, valid);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ plan: { key: 'dongsheng' }, task: { key: 'task_custom' }, own: { plan: true, task: true, dueDates: true } });
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:chain:manage', targetType: 'approval_chain_setting', targetId: '220100', outcome: 'success' });
    expect(await planDueDatesFor(server.db, '220102')).toEqual(valid.dueDates);
    expect(await planDueDatesFor(server.db, '220202')).toEqual({ joint: { month: 1, day: 'end' }, department: { month: 2, day: 'end' } });
    const after = await createPlan(admin, jointPlanBody(world));
    expect(after.chain.steps.map((s) => s.label)).toEqual(['部门负责人审核', '联席会议办公室备案发布']);
    expect((await admin.get(`/api/workflow/plans/${before.id}`)).json<PlanDetail>().chain.key).toBe('default');
    // The 东胜 chain: the head approves, the joint office files and publishes.
    let plan = await actOk(admin, after, 'submit');
    plan = await actOk(await server.as('scjg_head'), plan, 'approve');
    plan = await actOk(joint, plan, 'approve');
    expect(plan.status).toBe('published');
  });

  it('assembles the regional joint plan from every department\'s published joint plans, and exports it', async () => {
    const joint = await server.as('joint');
    const summary = (await joint.get('/api/workflow/joint-plan-summary?year=2027')).json<JointSummary>();
    expect(summary.regionName).toBe('长春市');
    expect(summary.plans.map((p) => [p.leadDepartmentName, p.participatingDepartmentNames, p.tasks.map((t) => t.items.map((i) => i.code))])).toEqual([
      ['长春市市场监督管理局', ['长春市生态环境局'], [['SX-001', 'HB-001']]],
    ]);
    expect(summary.departmentsWithoutJointPlan).toEqual(['长春市司法局']);
    const file = await joint.get('/api/workflow/joint-plan-summary/export?year=2027');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/spreadsheetml/);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
