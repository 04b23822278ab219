import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalChainSettings } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import type { TodoList } from './schema';
import { addRoleUser, insertDispatch, insertReplacement, insertTask } from './test_workflow';

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  server.now = new Date('2030-03-12T02:00:00Z');
  const d = server.fixture.departments;
  const lead = await addRoleUser(server, 'scjg_admin', 'dept_admin', d.cityMarket);
  await addRoleUser(server, 'cy_head', 'dept_head', d.chaoyangMarket);
  const cyHead2 = await addRoleUser(server, 'cy_head2', 'dept_head', d.chaoyangMarket);
  await addRoleUser(server, 'jointoffice', 'joint_office', d.cityJointOffice);
  const task = (code: string, name: string) => insertTask(server, { code, name, leadDepartmentId: d.cityMarket, regionCode: '220100', status: 'dispatched' });
  ids.late = await task('220100-2030-0001', '食品经营者抽查');
  ids.open = await task('220100-2030-0002', '特种设备抽查');
  ids.done = await task('220100-2030-0003', '广告发布抽查');
  await insertDispatch(server, { taskId: ids.late, departmentId: d.chaoyangMarket, sentBy: lead, dueDate: '2030-03-10' });
  await insertDispatch(server, { taskId: ids.open, departmentId: d.chaoyangMarket, sentBy: lead, dueDate: '2030-03-13' });
  await insertDispatch(server, { taskId: ids.done, departmentId: d.chaoyangMarket, sentBy: lead, dueDate: '2030-03-11', confirmedBy: server.fixture.users.chaoyang });
  await insertDispatch(server, { taskId: ids.open, departmentId: d.nanguanMarket, sentBy: lead, dueDate: '2030-03-13' });
  ids.replacement = await insertReplacement(server, { taskId: ids.open, departmentId: d.chaoyangMarket, requestedBy: server.fixture.users.chaoyang, seq: 1, reason: 'health' });
  ids.ownRequest = await insertReplacement(server, { taskId: ids.late, departmentId: d.chaoyangMarket, requestedBy: cyHead2, seq: 1, reason: 'recusal' });
  // 长春市 files its plans later than the default: the joint plan by 31 March, department plans by the end of April.
  await server.db.insert(approvalChainSettings).values({ regionCode: '220100', recordType: 'plan_due', chain: { joint: { month: 3, day: 31 }, department: { month: 4, day: 'end' } } });
});
afterAll(async () => { await server.close(); });

async function todos(account: string): Promise<TodoList> {
  const response = await (await server.as(account)).get('/api/todos');
  expect(response.statusCode, account).toBe(200);
  return response.json<TodoList>();
}
const of = (list: TodoList, kind: string) => list.items.filter((i) => i.kind === kind).map((i) => [i.recordId, i.dueOn, i.overdue, i.urgency]);

describe('GET /api/todos: dispatch and replacement items', () => {
  it('参与部门管理员: the dispatches to confirm, overdue first, linking to the dispatch page', async () => {
    const list = await todos('chaoyang');
    expect(of(list, 'dispatch_confirmation')).toEqual([[ids.late, '2030-03-10', true, 'overdue'], [ids.open, '2030-03-13', false, 'soon']]);
    expect(list.items.find((i) => i.kind === 'dispatch_confirmation')).toMatchObject({
      recordType: 'dispatch', kindLabel: '派发确认', link: `/workflow/dispatch/${ids.late}`,
      title: '确认接收派发的检查对象：食品经营者抽查（220100-2030-0001），已逾期', source: '参与部门须在规定工作日内确认接收派发的检查对象',
    });
    expect(of(list, 'replacement_approval')).toEqual([]);
    expect(of(await todos('nanguan'), 'dispatch_confirmation')).toEqual([[ids.open, '2030-03-13', false, 'soon']]);
  });

  it('部门负责人: the replacement requests of the department awaiting approval, not their own, and no confirmations', async () => {
    const head = await todos('cy_head');
    expect(of(head, 'replacement_approval').map(([id]) => id).sort()).toEqual([ids.late, ids.open].sort());
    expect(head.items.find((i) => i.kind === 'replacement_approval' && i.recordId === ids.open)).toMatchObject({
      kindLabel: '人员替换审批', link: `/workflow/dispatch/${ids.open}`, title: '审批检查人员替换申请：特种设备抽查（220100-2030-0002），理由：健康状况',
    });
    expect(of(head, 'dispatch_confirmation')).toEqual([]);
    expect(of(await todos('cy_head2'), 'replacement_approval')).toEqual([[ids.open, null, false, 'normal']]);
    expect(of(await todos('scjg_admin'), 'replacement_approval')).toEqual([]);
  });

  it('uses the region’s configured plan due dates (not the default end of January)', async () => {
    const list = await todos('jointoffice');
    expect(list.items.find((i) => i.kind === 'joint_plan_missing')).toMatchObject({ dueOn: '2030-03-31', overdue: false });
    expect(list.items.find((i) => i.kind === 'plan_not_submitted')).toMatchObject({ dueOn: '2030-04-30', overdue: false });
  });

  it('refuses anonymous callers', async () => {
    expect((await (await server.anon()).get('/api/todos')).statusCode).toBe(401);
  });
});
