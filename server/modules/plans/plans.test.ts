import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAuthRefusals, expectFieldErrors } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import type { PlanDetail } from './schema';
import { act, actOk, buildPlanWorld, createPlan, jointPlanBody, plannedTask, PLAN_YEAR, type PlanWorld } from './test_fixtures';

let server: TestServer;
let world: PlanWorld;
beforeAll(async () => {
  server = await startTestServer();
  world = await buildPlanWorld(server);
  await addUserWithPermissions(server, 'noperm', ['system:region:list'], { departmentId: server.fixture.departments.cityMarket });
});
afterAll(async () => { await server.close(); });

const base = '/api/workflow/plans';

async function errorOf(response: { statusCode: number; json: <T>() => T; body: string }, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json<{ code: string; message: string; details?: { field: string; message: string }[] }>();
}

describe('年度抽查计划 API: refusals', () => {
  it('401 without a session and 403 without the permission on every route', async () => {
    const id = randomUUID();
    const rv = { rowVersion: 1 };
    await expectAuthRefusals(server, 'GET', base, 'noperm');
    await expectAuthRefusals(server, 'POST', base, 'noperm', jointPlanBody(world));
    await expectAuthRefusals(server, 'GET', `${base}/${id}`, 'noperm');
    await expectAuthRefusals(server, 'PUT', `${base}/${id}`, 'noperm', { ...rv, name: 'x', content: { summary: '', tasks: [] } });
    await expectAuthRefusals(server, 'GET', `${base}/${id}/versions`, 'noperm');
    await expectAuthRefusals(server, 'GET', '/api/workflow/plan-checklist-items?departmentIds=', 'noperm');
    for (const action of ['submit', 'withdraw', 'approve']) await expectAuthRefusals(server, 'POST', `${base}/${id}/${action}`, 'noperm', rv);
    await expectAuthRefusals(server, 'POST', `${base}/${id}/return`, 'noperm', { ...rv, comments: '请补充' });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/adjust`, 'noperm', { ...rv, reason: '调整' });
    await expectAuthRefusals(server, 'POST', `${base}/${id}/void`, 'justice', { ...rv, reason: '作废' });
    // A drafter cannot approve; a head cannot create.
    const head = await server.as('scjg_head');
    expect((await head.post(base, jointPlanBody(world))).statusCode).toBe(403);
    expect((await (await server.as('scjg_admin')).post(`${base}/${id}/approve`, rv)).statusCode).toBe(403);
  });

  it('a plan outside the caller\'s data scope is not found (404), also for writes', async () => {
    const plan = await createPlan(await server.as('scjg_admin'), jointPlanBody(world));
    const jilin = await server.as('jilin');
    expect((await errorOf(await jilin.get(`${base}/${plan.id}`), 404)).message).toMatch(/不存在或不在您的数据权限范围内/);
    await errorOf(await jilin.put(`${base}/${plan.id}`, { rowVersion: plan.rowVersion, name: 'x', content: { summary: '', tasks: [] } }), 404);
    await errorOf(await act(jilin, plan, 'submit'), 404);
    expect((await jilin.get(base)).json<{ rows: unknown[] }>().rows).toEqual([]);
    // The participating department sees the joint plan it takes part in.
    const eco = await server.as('sthj_admin');
    expect((await eco.get(`${base}/${plan.id}`)).statusCode).toBe(200);
  });

  it('400 for each invalid field of a new plan', async () => {
    const admin = await server.as('scjg_admin');
    await expectFieldErrors(admin, 'POST', base, jointPlanBody(world), {
      kind: ['', 'city', null],
      year: ['x', 1999, 2101, 2027.5],
      name: ['', 'a'.repeat(201), 5],
      participatingDepartmentIds: ['x', ['not-a-uuid'], [randomUUID()]],
      leadDepartmentId: [world.eco, 'x'],
      content: [
        'x', { summary: '', tasks: 'x' },
        { summary: '', tasks: [plannedTask(world, { strata: [{ key: 'A', mode: 'ratio', value: '101', rounding: 'half_up' }] })] },
        { summary: '', tasks: [plannedTask(world, { strata: [{ key: 'A', mode: 'ratio', value: '-1', rounding: 'half_up' }] })] },
        { summary: '', tasks: [plannedTask(world, { strata: [{ key: 'A', mode: 'ratio', value: '3', rounding: 'round' }] })] },
        { summary: '', tasks: [plannedTask(world, { strata: [{ key: 'Z', mode: 'ratio', value: '3', rounding: 'ceil' }] })] },
        { summary: '', tasks: [plannedTask(world, { windowStart: `${PLAN_YEAR - 1}-12-01` })] },
        { summary: '', tasks: [plannedTask(world, { windowEnd: `${PLAN_YEAR + 1}-01-05` })] },
        { summary: '', tasks: [plannedTask(world, { windowStart: `${PLAN_YEAR}-09-01`, windowEnd: `${PLAN_YEAR}-03-01` })] },
        { summary: '', tasks: [plannedTask(world, { windowStart: `${PLAN_YEAR}-02-30` })] },
        { summary: '', tasks: [plannedTask(world, { frequency: 0 })] },
        { summary: '', tasks: [plannedTask(world, { items: [{ checklistVersionId: world.marketItems[0]?.checklistVersionId, itemId: randomUUID() }] })] },
        { summary: '', tasks: [plannedTask(world, { items: [world.draftItem] })] },
        { summary: '', tasks: [plannedTask(world, { items: [{ ...world.marketItems[0], checklistVersionId: world.ecoItems[0]?.checklistVersionId }] })] },
        { summary: '', tasks: [plannedTask(world), plannedTask(world)] },
      ],
    });
  });

  it('names the field and the rule: ratio over 100 %, window outside the year, unknown and foreign items', async () => {
    const admin = await server.as('scjg_admin');
    const body = (task: unknown, extra: Record<string, unknown> = {}) => ({ ...jointPlanBody(world, [task]), ...extra });
    const ratio = await errorOf(await admin.post(base, body(plannedTask(world, { strata: [{ key: 'D', mode: 'ratio', value: '100.5', rounding: 'ceil' }] }))), 400);
    expect(ratio.details).toEqual([{ field: 'content.tasks.0.strata.0.value', message: '分层 D：抽查比例不能超过 100%' }]);
    const window = await errorOf(await admin.post(base, body(plannedTask(world, { windowEnd: `${PLAN_YEAR + 1}-01-31` }))), 400);
    expect(window.details).toEqual([{ field: 'content.tasks.0.windowEnd', message: `任务“企业公示信息与排污许可联合抽查”的结束日期 ${PLAN_YEAR + 1}-01-31 不在计划年度 ${PLAN_YEAR} 年内` }]);
    const unknown = await errorOf(await admin.post(base, body(plannedTask(world, { items: [{ checklistVersionId: world.marketItems[0]?.checklistVersionId, itemId: randomUUID() }] }))), 400);
    expect(unknown.details?.[0]).toEqual({ field: 'content.tasks.0.items.0.itemId', message: '任务“企业公示信息与排污许可联合抽查”第 1 个检查事项不存在或不属于所选清单版本' });
    const draft = await errorOf(await admin.post(base, body(plannedTask(world, { items: [world.draftItem] }))), 400);
    expect(draft.details?.[0]?.message).toBe('检查事项 CG-001 所在的清单版本不是现行发布版本');
    // A department plan may not pick another department's items, nor name participants.
    const foreign = await errorOf(await admin.post(base, { ...body(plannedTask(world)), kind: 'department', participatingDepartmentIds: [] }), 400);
    expect(foreign.details?.[0]).toEqual({ field: 'content.tasks.0.items.1.itemId', message: '检查事项 HB-001 不属于本计划牵头或参与部门的清单' });
    const partners = await errorOf(await admin.post(base, { ...body(plannedTask(world)), kind: 'department' }), 400);
    expect(partners.details).toEqual([{ field: 'participatingDepartmentIds', message: '部门计划不能有参与部门' }]);
  });

  it('a plan without planned tasks or items cannot be submitted: 400 naming the field, nothing changes', async () => {
    const admin = await server.as('scjg_admin');
    const empty = await createPlan(admin, jointPlanBody(world, []));
    const none = await errorOf(await act(admin, empty, 'submit'), 400);
    expect(none).toMatchObject({ code: 'PLAN_INCOMPLETE', details: [{ field: 'content.tasks' }] });
    expect(none.message).toMatch(/content\.tasks/);
    const noItems = await createPlan(admin, jointPlanBody(world, [plannedTask(world, { items: [] })]));
    const items = await errorOf(await act(admin, noItems, 'submit'), 400);
    expect(items).toMatchObject({ code: 'PLAN_INCOMPLETE', details: [{ field: 'content.tasks.0.items' }] });
    const after = (await admin.get(`${base}/${noItems.id}`)).json<PlanDetail>();
    expect([after.status, after.rowVersion, after.actions.submit]).toEqual(['draft', noItems.rowVersion, items.message]);
    // A joint plan without partners is refused by the state machine (400).
    const alone = await createPlan(admin, { ...jointPlanBody(world, [plannedTask(world, { items: [world.marketItems[0]] })]), participatingDepartmentIds: [] });
    expect((await errorOf(await act(admin, alone, 'submit'), 400)).code).toBe('JOINT_PLAN_NEEDS_PARTNERS');
  });

  it('409 for every illegal transition, in each status', async () => {
    const admin = await server.as('scjg_admin');
    const head = await server.as('scjg_head');
    const justice = await server.as('justice');
    const joint = await server.as('joint');
    const illegal = async (client: typeof admin, plan: PlanDetail, action: string, extra: Record<string, unknown> = {}) => {
      const body = await errorOf(await act(client, plan, action, extra), 409);
      expect(body.code, action).toBe('PLAN_ILLEGAL_TRANSITION');
      expect(body.message).toMatch(/^计划当前为“.+”，不能.+/);
    };
    const editOf = (plan: PlanDetail) => admin.put(`${base}/${plan.id}`, { rowVersion: plan.rowVersion, name: plan.name, participatingDepartmentIds: [world.eco], content: jointPlanBody(world).content });
    let plan = await createPlan(admin, jointPlanBody(world));
    await illegal(admin, plan, 'withdraw');
    await illegal(head, plan, 'approve');
    await illegal(head, plan, 'return', { comments: '请补充' });
    await illegal(admin, plan, 'adjust', { reason: '调整' });
    plan = await actOk(admin, plan, 'submit');
    expect((await errorOf(await editOf(plan), 409)).code).toBe('PLAN_ILLEGAL_TRANSITION');
    await illegal(admin, plan, 'submit');
    await illegal(admin, plan, 'adjust', { reason: '调整' });
    await illegal(head, plan, 'void', { reason: '不再执行' });
    plan = await actOk(head, plan, 'return', { comments: '请补充抽查比例依据' });
    await illegal(admin, plan, 'withdraw');
    await illegal(head, plan, 'approve');
    await illegal(head, plan, 'return', { comments: '再退' });
    await illegal(admin, plan, 'adjust', { reason: '调整' });
    plan = await actOk(admin, plan, 'submit');
    plan = await actOk(head, plan, 'approve');
    plan = await actOk(justice, plan, 'approve');
    plan = await actOk(joint, plan, 'approve', { comment: '同意发布' });
    expect(plan.status).toBe('published');
    expect((await errorOf(await editOf(plan), 409)).code).toBe('PLAN_ILLEGAL_TRANSITION');
    await illegal(admin, plan, 'submit');
    await illegal(admin, plan, 'withdraw');
    await illegal(joint, plan, 'approve');
    await illegal(joint, plan, 'return', { comments: '退回' });
    plan = await actOk(joint, plan, 'void', { reason: '职能调整，计划不再执行' });
    expect([plan.status, plan.voidReason]).toEqual(['void', '职能调整，计划不再执行']);
    for (const action of ['submit', 'withdraw', 'adjust', 'void']) await illegal(action === 'void' ? joint : admin, plan, action, { reason: '再来', comments: 'x' });
    await illegal(head, plan, 'approve');
    expect((await errorOf(await editOf(plan), 409)).code).toBe('PLAN_ILLEGAL_TRANSITION');
  });

  it('creates, lists with the search form, edits with rowVersion and answers a stale edit with 409 and the newer version', async () => {
    const admin = await server.as('scjg_admin');
    const plan = await createPlan(admin, { ...jointPlanBody(world), name: '检索用联合抽查计划' });
    expect(plan).toMatchObject({
      kind: 'joint', year: PLAN_YEAR, status: 'draft', version: 1, publishedVersion: null, regionCode: '220100', leadDepartmentId: world.market,
      leadDepartmentName: '长春市市场监督管理局', participatingDepartments: [{ id: world.eco, name: '长春市生态环境局' }],
      chain: { key: 'default', steps: [{ label: '部门负责人审核' }, { label: '司法行政合法性审核' }, { label: '双随机办发布' }] },
    });
    expect(plan.content.tasks[0]?.items.map((i) => [i.code, i.departmentId])).toEqual([['SX-001', world.market], ['HB-001', world.eco]]);
    expect(plan.actions).toMatchObject({ edit: null, submit: null, approve: expect.stringMatching(/没有权限/) as unknown });
    const list = (await admin.get(`${base}?name=${encodeURIComponent('检索用')}&year=${PLAN_YEAR}&kind=joint&status=draft&departmentId=${world.eco}`)).json<{ rows: PlanDetail[]; total: number }>();
    expect(list.rows.map((r) => r.id)).toEqual([plan.id]);
    expect((await admin.get(`${base}?name=${encodeURIComponent('检索用')}&status=published`)).json<{ total: number }>().total).toBe(0);
    const content = { summary: '改', tasks: [plannedTask(world, { name: '改名后的任务', items: [world.marketItems[1], world.ecoItems[1]] })] };
    const edit = (rowVersion: number) => admin.put(`${base}/${plan.id}`, { rowVersion, name: '检索用联合抽查计划（修改）', participatingDepartmentIds: [world.eco], content });
    const edited = (await edit(plan.rowVersion)).json<PlanDetail>();
    expect([edited.name, edited.rowVersion, edited.content.tasks[0]?.items.map((i) => i.code)]).toEqual(['检索用联合抽查计划（修改）', plan.rowVersion + 1, ['SX-002', 'HB-002']]);
    const stale = await errorOf(await edit(plan.rowVersion), 409);
    expect(stale).toMatchObject({ code: 'PLAN_STALE', details: [{ field: 'rowVersion', message: String(edited.rowVersion) }] });
    expect(stale.message).toMatch(/最新版本号/);
    // Another department's drafter may not edit it (403 from the state machine).
    const eco = await server.as('sthj_admin');
    expect((await errorOf(await eco.put(`${base}/${plan.id}`, { rowVersion: edited.rowVersion, name: 'x', participatingDepartmentIds: [world.eco], content }), 403)).code).toBe('PLAN_LEAD_DEPARTMENT_ONLY');
  });

  it('offers the published checklists of the chosen departments in the item picker', async () => {
    const admin = await server.as('scjg_admin');
    const lists = (await admin.get(`/api/workflow/plan-checklist-items?departmentIds=${world.market},${world.eco},x`)).json<{ departmentName: string; version: number; items: { code: string }[] }[]>();
    expect(lists.map((l) => [l.departmentName, l.version, l.items.map((i) => i.code)])).toEqual([
      ['长春市市场监督管理局', 1, ['SX-001', 'SX-002']], ['长春市生态环境局', 1, ['HB-001', 'HB-002']],
    ]);
    await expectAuthRefusals(server, 'GET', '/api/workflow/plan-departments', 'justice');
    const partners = (await admin.get('/api/workflow/plan-departments')).json<{ name: string; regionCode: string }[]>();
    expect(partners.map((d) => d.name)).toEqual(expect.arrayContaining(['长春市市场监督管理局', '长春市生态环境局', '长春市司法局']));
    expect(new Set(partners.map((d) => d.regionCode))).toEqual(new Set(['220100']));
  });
});
