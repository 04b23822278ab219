import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, tasks } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { dispatchConfirmationsDue } from './due';
import type { DispatchRow, DispatchTaskRow, MergeOffer, TaskObjectRow } from './schema';
import { addDrawnTask, addEntities, at, type DrawnTask } from './test_fixtures';

let server: TestServer;
let task: DrawnTask;
let entities: number[];
const FAKE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房', '长春丁超市', '长春戊五金店']);
  const d = server.fixture.departments;
  task = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket, d.jilinMarket], selected: entities.slice(0, 3), reserve: entities.slice(3) });
  // Friday 4 December 2026, 09:00 in Shanghai: one working day later is Monday 7 December.
  at(server, '2026-12-04T01:00:00Z');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const url = (t: DrawnTask) => `/api/workflow/tasks/${t.taskId}`;

describe('dispatch after the published draw', () => {
  it('refuses anonymous callers, callers without the permission, and out-of-scope tasks', async () => {
    await expectAuthRefusals(server, 'POST', `${url(task)}/dispatch`, 'outsider');
    await expectAuthRefusals(server, 'GET', `${url(task)}/dispatches`, 'outsider');
    await expectAuthRefusals(server, 'POST', `${url(task)}/dispatches/${server.fixture.departments.nanguanMarket}/confirm`, 'inspector');
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`/api/workflow/tasks/${FAKE}/dispatch`)).statusCode).toBe(404);
    expect((await chaoyang.post('/api/workflow/tasks/nope/dispatch')).statusCode).toBe(400);
    const outOfScope = await addDrawnTask(server, { lead: server.fixture.departments.jilinMarket, selected: [entities[4] ?? 0] });
    expect((await chaoyang.get(`${url(outOfScope)}/objects`)).statusCode).toBe(404);
    // A participating department sees the task but may not dispatch it.
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get(`${url(task)}/objects`)).statusCode).toBe(200);
    expect((await nanguan.post(`${url(task)}/dispatch`)).json()).toMatchObject({ code: 'FORBIDDEN', message: '只有牵头部门的人员可以办理该任务' });
  });

  it('dispatches the drawn objects (not the reserve) to each participating department with a working-day due date', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(`${url(task)}/dispatch`);
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.json<DispatchRow[]>();
    expect(rows.map((r) => [r.departmentName, r.dueDate, r.dueProvisional, r.confirmedAt, r.overdue, r.canConfirm])).toEqual([
      ['吉林市市场监督管理局', '2026-12-07', false, null, false, false],
      ['长春市南关区市场监督管理局', '2026-12-07', false, null, false, false],
    ]);
    const [row] = await server.db.select({ status: tasks.status, rowVersion: tasks.rowVersion }).from(tasks).where(eq(tasks.id, task.taskId));
    expect(row).toEqual({ status: 'dispatched', rowVersion: 2 });
    const objects = (await chaoyang.get(`${url(task)}/objects`)).json<TaskObjectRow[]>();
    expect(objects.map((o) => [o.entityName, o.status, o.statusLabel, o.fromReserve])).toEqual([
      ['长春甲商贸有限公司', 'pending', '待检查', false], ['长春乙餐饮有限公司', 'pending', '待检查', false], ['长春丙药房', 'pending', '待检查', false],
    ]);
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'workflow:draw:operate', summary: '派发检查对象', outcome: 'success', targetType: 'task', targetId: task.taskId });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events.map((e) => e.type)).toEqual(['TaskStatusChanged', 'TaskDispatched']);
  });

  it('refuses a second dispatch (409, the task is 已派发)', async () => {
    const chaoyang = await server.as('chaoyang');
    const again = await chaoyang.post(`${url(task)}/dispatch`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'TASK_ILLEGAL_TRANSITION', message: '抽查任务当前为“已派发”，不能派发' });
  });

  it('lets only the receiving department confirm, once; the coordinator sees the overdue one', async () => {
    const d = server.fixture.departments;
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`${url(task)}/dispatches/${d.nanguanMarket}/confirm`)).json()).toMatchObject({ code: 'FORBIDDEN', message: '只能确认派发给本部门的检查对象' });
    expect((await chaoyang.post(`${url(task)}/dispatches/${d.chaoyangMarket}/confirm`)).statusCode).toBe(404);
    const nanguan = await server.as('nanguan');
    const confirmed = await nanguan.post(`${url(task)}/dispatches/${d.nanguanMarket}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<DispatchRow[]>().find((r) => r.departmentId === d.nanguanMarket)).toMatchObject({ confirmedByName: '南关区管理员', overdue: false });
    const twice = await nanguan.post(`${url(task)}/dispatches/${d.nanguanMarket}/confirm`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'DISPATCH_ALREADY_CONFIRMED', message: '本部门已于 2026-12-04 确认收到' });

    expect(await dispatchConfirmationsDue(server.db, d.jilinMarket, '2026-12-07')).toMatchObject([{ taskId: task.taskId, dueDate: '2026-12-07', overdue: false }]);
    at(server, '2026-12-08T01:00:00Z');
    expect(await dispatchConfirmationsDue(server.db, d.jilinMarket, '2026-12-08')).toMatchObject([{ taskId: task.taskId, overdue: true }]);
    expect(await dispatchConfirmationsDue(server.db, d.nanguanMarket, '2026-12-08')).toEqual([]);
    const joint = await server.as('joint');
    const open = (await joint.get('/api/workflow/dispatches/unconfirmed')).json<DispatchRow[]>();
    expect(open.map((r) => [r.departmentName, r.overdue])).toEqual([['吉林市市场监督管理局', true]]);
    const jilin = await server.as('jilin');
    const late = await jilin.post(`${url(task)}/dispatches/${d.jilinMarket}/confirm`);
    expect(late.statusCode).toBe(200);
    const op = await lastOperation(server);
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events[0]?.payload).toMatchObject({ type: 'DispatchConfirmed', overdue: true });
    at(server, '2026-12-04T01:00:00Z');
  });

  it('marks a due date that runs into a year without an official schedule as 暂定', async () => {
    const other = await addDrawnTask(server, { lead: server.fixture.departments.chaoyangMarket, participating: [server.fixture.departments.nanguanMarket], selected: [entities[3] ?? 0], periodEnd: '2027-01-31' });
    at(server, '2026-12-31T01:00:00Z');
    const chaoyang = await server.as('chaoyang');
    const rows = (await chaoyang.post(`${url(other)}/dispatch`)).json<DispatchRow[]>();
    expect(rows.map((r) => [r.dueDate, r.dueProvisional])).toEqual([['2027-01-04', true]]);
    at(server, '2026-12-04T01:00:00Z');
  });

  it('offers to merge an entity drawn by two tasks of overlapping periods into one joint visit', async () => {
    const d = server.fixture.departments;
    const chaoyang = await server.as('chaoyang');
    const second = await addDrawnTask(server, { lead: d.chaoyangMarket, selected: [entities[0] ?? 0], periodStart: '2026-12-15', periodEnd: '2027-01-15', name: '食品安全抽查' });
    const disjoint = await addDrawnTask(server, { lead: d.chaoyangMarket, selected: [entities[0] ?? 0], periodStart: '2027-03-01', periodEnd: '2027-03-31', name: '广告抽查' });
    for (const t of [second, disjoint]) expect((await chaoyang.post(`${url(t)}/dispatch`)).statusCode).toBe(200);
    const offers = (await chaoyang.get(`${url(task)}/merge-offers`)).json<MergeOffer[]>();
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({ entityName: '长春甲商贸有限公司', others: [{ taskName: '食品安全抽查', visitId: null }] });
    const offer = offers[0] as MergeOffer;
    const path = `${url(task)}/objects/${offer.taskObjectId}/merge`;
    await expectAuthRefusals(server, 'POST', path, 'outsider', { otherObjectIds: [offer.others[0]?.taskObjectId] });
    await expectFieldErrors(chaoyang, 'POST', path, { otherObjectIds: [offer.others[0]?.taskObjectId] }, { otherObjectIds: [[], ['nope'], 'x', null] });
    const notOffered = await chaoyang.post(path, { otherObjectIds: [FAKE] });
    expect(notOffered.statusCode).toBe(400);
    expect(notOffered.json()).toMatchObject({ code: 'MERGE_NOT_OFFERED' });
    const merged = await chaoyang.post(path, { otherObjectIds: [offer.others[0]?.taskObjectId] });
    expect(merged.statusCode, merged.body).toBe(200);
    const mine = merged.json<TaskObjectRow[]>().find((o) => o.id === offer.taskObjectId);
    expect(mine?.visitId).not.toBeNull();
    expect(mine?.visitTaskCodes).toHaveLength(1);
    expect((await chaoyang.get(`${url(task)}/merge-offers`)).json()).toEqual([]);
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:draw:operate', summary: '合并为联合检查', targetType: 'visit' });
    const again = await chaoyang.post(path, { otherObjectIds: [offer.others[0]?.taskObjectId] });
    expect(again.statusCode).toBe(400);
  });

  it('lists the tasks awaiting dispatch and matching', async () => {
    const joint = await server.as('joint');
    const rows = (await joint.get('/api/workflow/dispatch/tasks')).json<DispatchTaskRow[]>();
    expect(rows.find((r) => r.id === task.taskId)).toMatchObject({ statusLabel: '已派发', objects: 3, unconfirmed: 0, matched: false });
  });

  it('keeps the per-region settings with the office', async () => {
    await expectAuthRefusals(server, 'PUT', '/api/workflow/dispatch-settings/220100', 'chaoyang', { confirmWorkingDays: 2, goneEntityRule: 'count_done' });
    const joint = await server.as('joint');
    await expectFieldErrors(joint, 'PUT', '/api/workflow/dispatch-settings/220100', { confirmWorkingDays: 2, goneEntityRule: 'reserve' }, {
      confirmWorkingDays: [0, 11, 1.5, '2'], goneEntityRule: ['skip', null],
    });
    expect((await joint.put('/api/workflow/dispatch-settings/220200', { confirmWorkingDays: 2, goneEntityRule: 'reserve' })).statusCode).toBe(403);
    const saved = await joint.put('/api/workflow/dispatch-settings/220100', { confirmWorkingDays: 2, goneEntityRule: 'reserve' });
    expect(saved.json()).toEqual({ regionCode: '220100', confirmWorkingDays: 2, goneEntityRule: 'reserve' });
    expect((await joint.get('/api/workflow/dispatch-settings/220104')).json()).toEqual({ regionCode: '220100', confirmWorkingDays: 2, goneEntityRule: 'reserve' });
  });
});
