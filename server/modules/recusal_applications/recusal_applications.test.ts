import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectorConflicts, operationLog, replacements } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addDrawnTask, addEntities, addInspectors, addUser, at, type DrawnTask } from '../dispatch/test_fixtures';
import { getTaskInScope } from '../dispatch/task_access';
import { inspectorPool } from '../matching/instance';
import type { MatchingSummary } from '../matching/schema';
import type { TodoList } from '../todos/schema';
import type { RecusalApplicant, RecusalApplicationRow } from './schema';

const BASE = '/api/directory/recusal-applications';
const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
let own: string;
let colleague: string;
let entities: number[];
let task: DrawnTask;

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  entities = await addEntities(server, ['长春回避甲商贸有限公司', '长春回避乙餐饮有限公司', '长春回避丙药房']);
  own = (await addInspectors(server, d.chaoyangMarket, ['检查员甲'], { userId: server.fixture.users.inspector })).join();
  colleague = (await addInspectors(server, d.chaoyangMarket, ['朝阳同事'])).join();
  await addUser(server, 'cy_head', '朝阳负责人', d.chaoyangMarket, ['dept_head']);
  await addUser(server, 'ng_head', '南关负责人', d.nanguanMarket, ['dept_head']);
  // A matched team of two on entities[2]: both chaoyang inspectors are in it.
  task = await addDrawnTask(server, { lead: d.chaoyangMarket, selected: [entities[2] ?? 0], team: { teamSize: 2 } });
  const chaoyang = await server.as('chaoyang');
  expect((await chaoyang.post(`/api/workflow/tasks/${task.taskId}/dispatch`)).statusCode).toBe(200);
  const matched = await chaoyang.post(`/api/workflow/tasks/${task.taskId}/matching`, { inspectionDate: '2026-12-10' });
  expect(matched.statusCode, matched.body).toBe(200);
  expect(matched.json<MatchingSummary>().objects[0]?.team.map((m) => m.name).sort()).toEqual(['朝阳同事', '检查员甲']);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('回避申请: an inspector applies, the department head decides (威海第6条, 长春第13条)', () => {
  let entityApplication: RecusalApplicationRow;
  let teamApplication: RecusalApplicationRow;

  it('refuses anonymous callers, callers without the permission, and invalid fields', async () => {
    const body = { entityId: entities[0], reason: '配偶任该公司法定代表人' };
    await expectAuthRefusals(server, 'POST', BASE, 'outsider', body);
    await expectAuthRefusals(server, 'GET', `${BASE}/applicant`, 'outsider');
    await expectAuthRefusals(server, 'POST', `${BASE}/${FAKE}/approve`, 'inspector', { rowVersion: 1 });
    const inspector = await server.as('inspector');
    await expectFieldErrors(inspector, 'POST', BASE, body, {
      entityId: [0, 'x', null], reason: ['a', 'a'.repeat(201), null], inspectorId: ['x'], teamMemberId: ['x'],
    });
    expect((await inspector.post(BASE, { ...body, entityId: 99_999_999 })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'entityId' }] });
    // Another inspector's record is outside an inspector's own scope (仅本人), as is another department's for its administrator.
    expect((await inspector.post(BASE, { ...body, inspectorId: colleague })).statusCode).toBe(404);
    expect((await (await server.as('nanguan')).post(BASE, { ...body, inspectorId: own })).statusCode).toBe(404);
    expect((await inspector.post(BASE, { ...body, entityId: null, teamMemberId: FAKE })).statusCode).toBe(404);
  });

  it('lets the inspector apply for an entity, logged with the application; a second application for it is refused', async () => {
    const inspector = await server.as('inspector');
    const applicant = (await inspector.get(`${BASE}/applicant`)).json<RecusalApplicant>();
    expect(applicant).toMatchObject({ inspectorId: own, inspectorName: '检查员甲', assignments: [{ taskId: task.taskId, entityId: entities[2] }] });
    const response = await inspector.post(BASE, { entityId: entities[0], reason: '配偶任该公司法定代表人' });
    expect(response.statusCode, response.body).toBe(201);
    entityApplication = response.json<RecusalApplicationRow>();
    expect(entityApplication).toMatchObject({ inspectorId: own, entityName: '长春回避甲商贸有限公司', status: 'pending', statusLabel: '待审批', appliedByName: '检查员甲', decideRefusal: '没有审批回避申请的权限' });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:recusal:apply', targetType: 'recusal_application', targetId: entityApplication.id, outcome: 'success' });
    const twice = await inspector.post(BASE, { entityId: entities[0], reason: '再次申请' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'RECUSAL_APPLICATION_PENDING' });
    // The inspector sees only their own applications.
    expect((await inspector.get(BASE)).json<{ total: number }>().total).toBe(1);
  });

  it('shows the pending application in the head’s 待办, and not to another department’s head', async () => {
    const head = await server.as('cy_head');
    const todos = (await head.get('/api/todos')).json<TodoList>();
    expect(todos.items.filter((i) => i.kind === 'recusal_approval')).toMatchObject([{ recordId: entityApplication.id, kindLabel: '回避申请审批', link: '/directory/recusal-applications?status=pending' }]);
    const other = (await (await server.as('ng_head')).get('/api/todos')).json<TodoList>();
    expect(other.items.some((i) => i.kind === 'recusal_approval')).toBe(false);
    expect((await head.get(`${BASE}?status=pending`)).json<{ rows: RecusalApplicationRow[] }>().rows).toMatchObject([{ id: entityApplication.id, decideRefusal: null }]);
  });

  it('refuses the decision to another department’s head (404), to a stale version and to the applicant’s side (403)', async () => {
    expect((await (await server.as('ng_head')).post(`${BASE}/${entityApplication.id}/approve`, { rowVersion: 1 })).statusCode).toBe(404);
    const head = await server.as('cy_head');
    const stale = await head.post(`${BASE}/${entityApplication.id}/approve`, { rowVersion: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'STALE_ROW_VERSION' });
    await expectFieldErrors(head, 'POST', `${BASE}/${entityApplication.id}/reject`, { rowVersion: 1, comment: '理由不足' }, { rowVersion: [0, 'x'], comment: ['a', null] });
  });

  it('on approval declares the conflict the matching engine excludes, in the same logged change', async () => {
    const head = await server.as('cy_head');
    const response = await head.post(`${BASE}/${entityApplication.id}/approve`, { rowVersion: 1, comment: '情况属实' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<RecusalApplicationRow>()).toMatchObject({ status: 'approved', statusLabel: '已同意', decidedByName: '朝阳负责人', decisionComment: '情况属实', rowVersion: 2, replacementId: null });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'directory:recusal:decide', targetType: 'recusal_application', targetId: entityApplication.id });
    expect(op?.detail).toMatchObject({ decision: 'approved' });
    const conflicts = await server.db.select().from(inspectorConflicts).where(and(eq(inspectorConflicts.inspectorId, own), eq(inspectorConflicts.entityId, entities[0] ?? 0)));
    expect(conflicts).toHaveLength(1);
    const record = await getTaskInScope(server.db, { kind: 'all' }, task.taskId);
    if (!record) throw new Error('task');
    const pool = await inspectorPool(server.db, record, [entities[0] ?? 0]);
    expect(pool.find((i) => i.id === own)?.conflicts).toEqual([String(entities[0])]);
    expect(pool.find((i) => i.id === colleague)?.conflicts).toEqual([]);
    const again = await head.post(`${BASE}/${entityApplication.id}/reject`, { rowVersion: 2, comment: '重复审批' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'RECUSAL_APPLICATION_DECIDED' });
    const inspector = await server.as('inspector');
    expect((await inspector.post(BASE, { entityId: entities[0], reason: '已登记过' })).json()).toMatchObject({ code: 'RECUSAL_EXISTS' });
  });

  it('for a place in a matched team, approval also requests the 执法回避 replacement the head then approves', async () => {
    const inspector = await server.as('inspector');
    const [assignment] = (await inspector.get(`${BASE}/applicant`)).json<RecusalApplicant>().assignments;
    if (!assignment) throw new Error('assignment');
    const response = await inspector.post(BASE, { teamMemberId: assignment.teamMemberId, reason: '近亲属在该药房任职' });
    expect(response.statusCode, response.body).toBe(201);
    teamApplication = response.json<RecusalApplicationRow>();
    expect(teamApplication).toMatchObject({ entityId: entities[2], taskId: task.taskId, taskName: expect.any(String) as unknown });
    await addInspectors(server, server.fixture.departments.chaoyangMarket, ['朝阳替补']);
    const head = await server.as('cy_head');
    const approved = (await head.post(`${BASE}/${teamApplication.id}/approve`, { rowVersion: 1 })).json<RecusalApplicationRow>();
    expect(approved.replacementId).not.toBeNull();
    const [replacement] = await server.db.select().from(replacements).where(eq(replacements.id, approved.replacementId ?? FAKE));
    expect(replacement).toMatchObject({ reason: 'recusal', status: 'pending', teamMemberId: assignment.teamMemberId, requestedBy: server.fixture.users.inspector });
    const events = await server.db.select().from(operationLog).where(eq(operationLog.targetId, teamApplication.id));
    expect(events.map((e) => e.action)).toEqual(['directory:recusal:apply', 'directory:recusal:decide']);
    const replaced = await head.post(`/api/workflow/replacements/${approved.replacementId ?? FAKE}/approve`, { rowVersion: 1 });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ status: 'approved', chosenName: '朝阳替补' });
  });

  it('lets the head reject with a reason; nothing is declared', async () => {
    const inspector = await server.as('inspector');
    const created = (await inspector.post(BASE, { entityId: entities[1], reason: '曾在该公司任职' })).json<RecusalApplicationRow>();
    const head = await server.as('cy_head');
    const rejected = await head.post(`${BASE}/${created.id}/reject`, { rowVersion: 1, comment: '离职已满三年，无需回避' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusLabel: '不同意', decisionComment: '离职已满三年，无需回避' });
    expect(await server.db.select().from(inspectorConflicts).where(and(eq(inspectorConflicts.inspectorId, own), eq(inspectorConflicts.entityId, entities[1] ?? 0)))).toHaveLength(0);
  });

  it('lets the department administrator apply for one of its inspectors, and the 双随机办 decide', async () => {
    const chaoyang = await server.as('chaoyang');
    const created = await chaoyang.post(BASE, { inspectorId: colleague, entityId: entities[1], reason: '兄弟为该公司股东' });
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json<RecusalApplicationRow>();
    expect((await chaoyang.post(`${BASE}/${row.id}/approve`, { rowVersion: 1 })).statusCode).toBe(403);
    const joint = await server.as('joint');
    expect((await joint.post(`${BASE}/${row.id}/approve`, { rowVersion: 1 })).json()).toMatchObject({ status: 'approved' });
  });
});
