import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness';
import type { TodoList } from './schema';
import { addDepartment, addRoleUser, insertDraw, insertInspector, insertPlan, insertTask } from './test_workflow';

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  // 2030-03-12 in Shanghai (a Tuesday; cookies of a past date would be dropped by the client): the joint plan (31 Jan) and department plans (28 Feb) are overdue.
  server.now = new Date('2030-03-12T02:00:00Z');
  const d = server.fixture.departments;
  const justiceDept = await addDepartment(server, '长春市司法局', 'justice', '220100');
  ids.health = await addDepartment(server, '长春市卫生健康委员会', 'health', '220100');
  const admin = await addRoleUser(server, 'scjg_admin', 'dept_admin', d.cityMarket);
  await addRoleUser(server, 'scjg_head', 'dept_head', d.cityMarket);
  await addRoleUser(server, 'justice', 'justice_reviewer', justiceDept);
  await addRoleUser(server, 'jointoffice', 'joint_office', d.cityJointOffice);
  await addRoleUser(server, 'supervisor', 'draw_supervisor', d.cityJointOffice);
  const inspectorUser = await addRoleUser(server, 'inspector01', 'inspector', d.cityMarket);
  const review = (name: string, stepIndex: number) => insertPlan(server, { year: 2030, name, leadDepartmentId: d.cityMarket, regionCode: '220100', status: 'in_review', stepIndex, submittedBy: admin, createdBy: admin });
  ids.atHead = await review('计划甲（待部门负责人审核）', 0);
  ids.atJustice = await review('计划乙（待合法性审核）', 1);
  ids.atOffice = await review('计划丙（待发布）', 2);
  ids.returned = await insertPlan(server, { name: '计划丁（已退回）', leadDepartmentId: d.cityMarket, regionCode: '220100', year: 2030, status: 'returned', returnComments: '比例过高', createdBy: admin });
  ids.jilin = await insertPlan(server, { year: 2030, name: '吉林市计划', leadDepartmentId: d.jilinMarket, regionCode: '220200', status: 'in_review', stepIndex: 1, submittedBy: server.fixture.users.jilin });
  ids.task = await insertTask(server, { code: '220100-2026-0001', name: '食品经营者抽查', leadDepartmentId: d.cityMarket, regionCode: '220100', status: 'in_review', submittedBy: admin });
  const drawing = await insertTask(server, { code: '220100-2026-0002', name: '特种设备抽查', leadDepartmentId: d.cityMarket, regionCode: '220100', status: 'drawing' });
  ids.draw = await insertDraw(server, { taskId: drawing, regionCode: '220100', operatorId: admin, status: 'committed' });
  const jilinTask = await insertTask(server, { code: '220200-2026-0001', name: '吉林抽查', leadDepartmentId: d.jilinMarket, regionCode: '220200', status: 'drawing' });
  await insertDraw(server, { taskId: jilinTask, regionCode: '220200', operatorId: server.fixture.users.jilin, status: 'committed' });
  ids.expired = await insertInspector(server, { name: '过期甲', departmentId: d.cityMarket, regionCode: '220100', validUntil: '2030-03-01' });
  ids.expiring = await insertInspector(server, { name: '检查员一', departmentId: d.cityMarket, regionCode: '220100', validUntil: '2030-03-14', userId: inspectorUser });
  await insertInspector(server, { name: '有效乙', departmentId: d.cityMarket, regionCode: '220100', validUntil: '2031-03-01' });
  await insertInspector(server, { name: '退休丙', departmentId: d.cityMarket, regionCode: '220100', validUntil: '2029-03-01', status: 'retired' });
  ids.jilinExpired = await insertInspector(server, { name: '吉林过期', departmentId: d.jilinMarket, regionCode: '220200', validUntil: '2030-02-01' });
});
afterAll(async () => { await server.close(); });

async function todos(account: string): Promise<TodoList> {
  const response = await (await server.as(account)).get('/api/todos');
  expect(response.statusCode, account).toBe(200);
  return response.json<TodoList>();
}
const summary = (list: TodoList) => list.items.map((i) => [i.kind, i.recordId, i.dueOn, i.overdue, i.urgency]);
const confirmations = (departmentId: string) => [
  ['directory_confirmation', `${departmentId}:entities`, null, true, 'overdue'],
  ['directory_confirmation', `${departmentId}:inspectors`, null, true, 'overdue'],
];

describe('GET /api/todos', () => {
  it('refuses anonymous callers', async () => {
    const response = await (await server.anon()).get('/api/todos');
    expect(response.statusCode).toBe(401);
  });

  it('部门管理员: the returned plan, the certificates of the department, the 两库确认', async () => {
    const list = await todos('scjg_admin');
    expect(summary(list)).toEqual([
      ['certificate_expired', ids.expired, '2030-03-01', true, 'overdue'],
      ...confirmations(server.fixture.departments.cityMarket),
      ['certificate_expiring', ids.expiring, '2030-03-14', false, 'soon'],
      ['plan_returned', ids.returned, null, false, 'normal'],
    ]);
    expect(list).toMatchObject({ today: '2030-03-12', overdue: 3 });
    expect(list.items[4]).toMatchObject({ title: '计划已退回，待修改后重新提交：计划丁（已退回）（比例过高）', link: `/workflow/plans/${ids.returned}`, kindLabel: '计划退回', source: '审批流程：部门负责人 → 司法行政合法性审核 → 发布' });
    expect(list.items[0]?.link).toMatch(/^\/directory\/inspectors\?certificateNo=T\d{6}$/);
    expect(list.items[1]).toMatchObject({ link: '/directory/confirmations', source: '抽查前须更新并确认两库' });
  });

  it('部门负责人: the plan and the 实施方案 at their step', async () => {
    const list = await todos('scjg_head');
    expect(summary(list)).toEqual([
      ['certificate_expired', ids.expired, '2030-03-01', true, 'overdue'],
      ['certificate_expiring', ids.expiring, '2030-03-14', false, 'soon'],
      ['plan_review', ids.atHead, null, false, 'normal'],
      ['task_review', ids.task, null, false, 'normal'],
    ]);
    expect(list.items[2]?.title).toBe('待部门负责人审核：计划甲（待部门负责人审核）');
  });

  it('司法局: only the legality review of its own level (not 吉林市)', async () => {
    expect(summary(await todos('justice'))).toEqual([['plan_review', ids.atJustice, null, false, 'normal']]);
  });

  it('双随机办: the plan to publish, the joint plan and the department plans not filed (overdue)', async () => {
    const list = await todos('jointoffice');
    expect(summary(list)).toEqual([
      ['joint_plan_missing', '220100', '2030-01-31', true, 'overdue'],
      ['plan_not_submitted', ids.health, '2030-02-28', true, 'overdue'],
      ['certificate_expired', ids.expired, '2030-03-01', true, 'overdue'],
      ...confirmations(server.fixture.departments.cityJointOffice),
      ['certificate_expiring', ids.expiring, '2030-03-14', false, 'soon'],
      ['plan_review', ids.atOffice, null, false, 'normal'],
    ]);
    expect(list.items[1]).toMatchObject({ title: '长春市卫生健康委员会的2030年度抽查计划尚未提交（2030-02-28前）', link: `/workflow/plans?leadDepartmentId=${ids.health}` });
  });

  it('抽取监督员: the draw of its region awaiting presence, named by its task', async () => {
    const list = await todos('supervisor');
    expect(summary(list).filter(([kind]) => kind === 'draw_presence')).toEqual([['draw_presence', ids.draw, null, false, 'normal']]);
    expect(list.items.find((i) => i.kind === 'draw_presence')).toMatchObject({ title: '抽取待到场监督确认：特种设备抽查（第1次抽取）', link: `/workflow/draws/${ids.draw}`, source: '随机抽取须有监督人员到场见证并确认' });
  });

  it('执法检查人员: only their own certificate; nothing out of scope anywhere', async () => {
    expect(summary(await todos('inspector01'))).toEqual([['certificate_expiring', ids.expiring, '2030-03-14', false, 'soon']]);
    for (const account of ['scjg_admin', 'scjg_head', 'justice', 'jointoffice', 'supervisor', 'inspector01']) {
      const listed = (await todos(account)).items.map((i) => i.recordId);
      expect(listed, account).not.toContain(ids.jilin);
      expect(listed, account).not.toContain(ids.jilinExpired);
    }
    expect((await todos('jilin')).items.map((i) => i.recordId)).toContain(ids.jilinExpired);
  });

  it('moves with the clock: before the due dates nothing of the office is overdue', async () => {
    server.now = new Date('2030-01-07T02:00:00Z');
    try {
      const list = await todos('jointoffice');
      expect(summary(list).slice(0, 2)).toEqual([
        ...confirmations(server.fixture.departments.cityJointOffice),
      ]);
      expect(list.items.find((i) => i.kind === 'joint_plan_missing')).toMatchObject({ overdue: false, urgency: 'normal', dueOn: '2030-01-31' });
      expect(list.items.find((i) => i.kind === 'certificate_expired')).toBeUndefined();
    } finally {
      server.now = new Date('2030-03-12T02:00:00Z');
    }
  });

  it('sums up more than three expired certificates in one item linking to the filtered list', async () => {
    for (const name of ['过期乙', '过期丙', '过期丁']) {
      await insertInspector(server, { name, departmentId: server.fixture.departments.cityMarket, regionCode: '220100', validUntil: '2030-02-15' });
    }
    const list = await todos('scjg_admin');
    expect(list.items[0]).toMatchObject({
      kind: 'certificate_expired', recordType: 'inspectors', recordId: 'expired', dueOn: '2030-02-15', overdue: true,
      title: '4 名执法检查人员的执法证已过期（最早于 2030-02-15），须续期或调整在岗状态', link: '/directory/inspectors?certificate=expired',
    });
    expect(list.items.filter((i) => i.kind === 'certificate_expired')).toHaveLength(1);
    expect(list.items.find((i) => i.kind === 'certificate_expiring')?.recordId).toBe(ids.expiring);
  });
});
