import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, tasks } from '../../db/schema';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { at } from '../dispatch/test_fixtures';
import type { ResultDetail, ResultView } from './schema';
import { addResultWorld, completeResult, type ResultWorld } from './test_fixtures';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-10T01:00:00Z');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const statusOf = async (world: ResultWorld) => (await server.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, world.taskId)))[0]?.status;
const taskEvents = async (world: ResultWorld) => (await server.db.select({ payload: domainEvents.payload }).from(domainEvents)
  .where(and(eq(domainEvents.type, 'TaskStatusChanged'), sql`${domainEvents.payload}->>'taskId' = ${world.taskId}`))).map((e) => e.payload as Record<string, unknown>);

async function submit(leader: Client, world: ResultWorld, k: number): Promise<ResultView> {
  const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ResultView>();
}

describe('a task follows its results', () => {
  it('moves 已派发 → 检查中 with the first saved draft, once, in the log', async () => {
    const world = await addResultWorld(server, { objects: 2 });
    const leader = await server.as(world.users.leader);
    expect(await statusOf(world)).toBe('dispatched');
    const saved = await leader.put(`/api/inspection/objects/${world.objects[0] ?? ''}/result`, { rowVersion: null, ...completeResult(world) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await statusOf(world)).toBe('inspecting');
    await submit(leader, world, 1);
    expect(await taskEvents(world)).toEqual([expect.objectContaining({ from: 'dispatched', to: 'inspecting', event: 'start_inspection' })]);
  });

  it('starts the inspection once when the first submissions arrive together', async () => {
    const world = await addResultWorld(server, { objects: 4 });
    const leader = await server.as(world.users.leader);
    await Promise.all([0, 1, 2, 3].map((k) => submit(leader, world, k)));
    expect(await statusOf(world)).toBe('inspecting');
    expect(await taskEvents(world)).toHaveLength(1);
  });

  it('is 已完成 when the last object’s result is published, not before', async () => {
    const world = await addResultWorld(server, { objects: 2 });
    const leader = await server.as(world.users.leader);
    const reviewer = await server.as('chaoyang');
    const ids = [(await submit(leader, world, 0)).id, (await submit(leader, world, 1)).id];
    for (const id of ids) {
      const current = (await reviewer.get(`/api/inspection/results/${id}`)).json<ResultDetail>();
      expect((await reviewer.post(`/api/inspection/results/${id}/approve`, { rowVersion: current.rowVersion })).statusCode).toBe(200);
    }
    const first = (await reviewer.get(`/api/inspection/results/${ids[0] ?? ''}`)).json<ResultDetail>();
    expect((await reviewer.post(`/api/inspection/results/${ids[0] ?? ''}/publish`, { rowVersion: first.rowVersion })).statusCode).toBe(200);
    expect(await statusOf(world)).toBe('inspecting');
    const batch = await reviewer.post('/api/inspection/results/publish', { ids: [ids[1]] });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(await statusOf(world)).toBe('completed');
    expect((await taskEvents(world)).map((e) => e['to'])).toEqual(['inspecting', 'completed']);
  });
});
