import { randomUUID } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../audit/chain';
import { domainEvents, inspectionResults, operationLog, tasks } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { at } from '../dispatch/test_fixtures';
import type { ResultView } from './schema';
import { addResultWorld, completeResult, type ResultWorld } from './test_fixtures';

let server: TestServer;
let world: ResultWorld;
let chaoyang: Client;
const ids: string[] = [];
const OBJECTS = 6;
const url = (taskId = world.taskId) => `/api/inspection/tasks/${taskId}/results/publish`;

async function statuses(): Promise<string[]> {
  const rows = await server.db.select({ status: inspectionResults.status }).from(inspectionResults).where(eq(inspectionResults.taskId, world.taskId));
  return rows.map((r) => r.status).sort();
}

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  world = await addResultWorld(server, { objects: OBJECTS });
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  for (let k = 0; k < OBJECTS; k++) {
    const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
    expect(response.statusCode, response.body).toBe(200);
    ids.push(response.json<ResultView>().id);
  }
  // Five approved, the last one still awaiting review.
  for (const id of ids.slice(0, 5)) expect((await chaoyang.post(`/api/inspection/results/${id}/approve`, { rowVersion: 1 })).statusCode).toBe(200);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('publishing every approved result of a task', () => {
  it('refuses anonymous callers, callers without the permission, tasks out of scope and a department that does not review them', async () => {
    await expectAuthRefusals(server, 'POST', url(), world.users.leader, { expected: 5 });
    expect((await (await server.as('jilin')).post(url(), { expected: 5 })).statusCode).toBe(404);
    expect((await chaoyang.post(url(randomUUID()), { expected: 5 })).statusCode).toBe(404);
    // 南关区 takes part in the task and sees its results, but the lead department publishes them.
    const nanguan = await (await server.as('nanguan')).post(url(), { expected: 5 });
    expect(nanguan.statusCode).toBe(403);
    expect(nanguan.json()).toMatchObject({ code: 'FORBIDDEN', message: '该任务的检查结果中有不属于本部门负责的，只有负责的部门可以公示' });
    expect(await statuses()).toEqual(['approved', 'approved', 'approved', 'approved', 'approved', 'submitted']);
  });

  it('answers 400 per field', async () => {
    await expectFieldErrors(chaoyang, 'POST', url(), { expected: 5 }, { expected: [0, -1, 1.5, '5', null, undefined] });
    expect((await chaoyang.post('/api/inspection/tasks/x/results/publish', { expected: 5 })).statusCode).toBe(400);
    expect((await chaoyang.post(`/api/inspection/tasks/${world.taskId}'%20or%201=1--/results/publish`, { expected: 5 })).statusCode).toBe(400);
  });

  it('publishes nothing when the count differs from what the caller saw', async () => {
    const response = await chaoyang.post(url(), { expected: 4 });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'VERSION_CONFLICT', message: '该任务现有 5 条“已通过”的检查结果，与页面上的 4 条不符（其间有结果被审核或公示）；本次未公示任何结果，请刷新后重试' });
    expect(await statuses()).toEqual(['approved', 'approved', 'approved', 'approved', 'approved', 'submitted']);
  });

  it('publishes them all once when two requests race: one answers 200, the other 409, one log row with an event per result', async () => {
    const before = await lastOperation(server);
    const answers = await Promise.all([chaoyang.post(url(), { expected: 5 }), chaoyang.post(url(), { expected: 5 })]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const done = answers.find((a) => a.statusCode === 200);
    expect(done?.json()).toEqual({ taskId: world.taskId, published: 5 });
    expect(await statuses()).toEqual(['published', 'published', 'published', 'published', 'published', 'submitted']);
    const rows = await server.db.select().from(inspectionResults).where(and(eq(inspectionResults.taskId, world.taskId), eq(inspectionResults.status, 'published')));
    expect(rows.every((r) => r.publishedBy === server.fixture.users.chaoyang && r.publishedAt?.toISOString() === '2026-12-10T01:00:00.000Z' && r.rowVersion === 3)).toBe(true);
    const logged = await server.db.select().from(operationLog).where(and(gt(operationLog.seq, before?.seq ?? 0), eq(operationLog.summary, '公示任务全部已通过的检查结果')));
    expect(logged.map((o) => o.outcome).sort()).toEqual(['failure', 'success']);
    const success = logged.find((o) => o.outcome === 'success');
    expect(success).toMatchObject({ action: 'inspection:result:publish', targetType: 'task', targetId: world.taskId, outcome: 'success' });
    expect(success?.detail).toMatchObject({ published: 5, taskIds: [world.taskId], late: 0, wholeTask: true });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, success?.seq ?? -1));
    expect(events.map((e) => (e.payload as { resultId: string }).resultId).sort()).toEqual(ids.slice(0, 5).sort());
    expect(events.every((e) => (e.payload as { to: string }).to === 'published')).toBe(true);
    expect(await verifyChain(server.db)).toMatchObject({ ok: true });
    // Each result's history shows its publication.
    const detail = await chaoyang.get(`/api/inspection/results/${ids[0] ?? ''}`);
    expect(detail.json<{ history: { event: string | null }[] }>().history.map((h) => h.event)).toContain('publish');
    // Nothing left approved: a second request has nothing to publish.
    expect((await chaoyang.post(url(), { expected: 5 })).json()).toMatchObject({ code: 'RESULT_ILLEGAL_TRANSITION', message: '该任务没有“已通过”的检查结果可公示' });
  });

  it('completes the task once the last result is published this way', async () => {
    const last = ids[5] ?? '';
    expect((await chaoyang.post(`/api/inspection/results/${last}/approve`, { rowVersion: 1 })).statusCode).toBe(200);
    const [before] = await server.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, world.taskId));
    expect(before?.status).toBe('inspecting');
    expect((await chaoyang.post(url(), { expected: 1 })).json()).toEqual({ taskId: world.taskId, published: 1 });
    const [after] = await server.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, world.taskId));
    expect(after?.status).toBe('completed');
    expect(await verifyChain(server.db)).toMatchObject({ ok: true });
  });
});
