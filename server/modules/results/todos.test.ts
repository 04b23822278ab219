import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness';
import { addUser, at } from '../dispatch/test_fixtures';
import type { TodoList } from '../todos/schema';
import type { ResultView } from './schema';
import { addResultWorld, completeResult, type ResultWorld } from './test_fixtures';

let server: TestServer;
let world: ResultWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await addResultWorld(server, { objects: 2 });
  await addUser(server, 'cy_head', '朝阳区局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  at(server, '2026-12-10T01:00:00Z');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

async function todos(account: string): Promise<TodoList> {
  const response = await (await server.as(account)).get('/api/todos');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TodoList>();
}
const of = (list: TodoList, kind: string) => list.items.filter((i) => i.kind === kind).map((i) => [i.dueOn, i.overdue, i.urgency]);

describe('待办 of results', () => {
  it('the team leader: results to enter, due at the end of the period, then 5 working days after the check, red once overdue', async () => {
    expect(of(await todos(world.users.leader), 'result_entry')).toEqual([['2026-12-31', false, 'normal'], ['2026-12-31', false, 'normal']]);
    expect(of(await todos(world.users.member), 'result_entry')).toEqual([]);
    const leader = await server.as(world.users.leader);
    await leader.put(`/api/inspection/objects/${world.objects[0] ?? ''}/result`, { ...completeResult(world, '2026-12-03'), rowVersion: null });
    const list = await todos(world.users.leader);
    expect(of(list, 'result_entry')).toEqual([['2026-12-10', false, 'soon'], ['2026-12-31', false, 'normal']]);
    expect(list.items.find((i) => i.kind === 'result_entry')).toMatchObject({ kindLabel: '结果录入', link: `/inspection/objects/${world.objects[0] ?? ''}`, source: expect.stringContaining('曲阳第20条') as unknown });
    at(server, '2026-12-11T01:00:00Z');
    expect(of(await todos(world.users.leader), 'result_entry')[0]).toEqual(['2026-12-10', true, 'overdue']);
  });

  it('the department: one item per task awaiting review, then publication; the head: corrections to approve', async () => {
    const leader = await server.as(world.users.leader);
    const submitted: ResultView[] = [];
    for (const k of [0, 1]) {
      submitted.push((await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world, '2026-12-03') })).json<ResultView>());
    }
    expect(of(await todos(world.users.leader), 'result_entry')).toEqual([]);
    const review = (await todos('chaoyang')).items.filter((i) => i.kind === 'result_review');
    expect(review).toMatchObject([{ dueOn: '2026-12-31', overdue: false, urgency: 'normal', link: `/inspection/results?taskId=${world.taskId}&status=submitted` }]);
    expect(review[0]?.title).toContain('2 条待审核');
    expect(of(await todos('jilin'), 'result_review')).toEqual([]);
    const chaoyang = await server.as('chaoyang');
    const first = submitted[0] as ResultView;
    await chaoyang.post(`/api/inspection/results/${first.id}/approve`, { rowVersion: first.rowVersion });
    const after = await todos('chaoyang');
    expect(after.items.filter((i) => i.kind === 'result_publish').map((i) => i.title)).toEqual([expect.stringContaining('1 条已通过') as unknown]);
    await chaoyang.post(`/api/inspection/results/${first.id}/publish`, { rowVersion: first.rowVersion + 1 });
    await chaoyang.post(`/api/inspection/results/${first.id}/corrections`, { reason: '备注错字', changes: { note: '更正后的备注' } });
    expect((await todos('cy_head')).items.filter((i) => i.kind === 'correction_approval')).toMatchObject([{ recordId: first.id, kindLabel: '结果更正审批', link: `/inspection/results/${first.id}` }]);
    expect(of(await todos('chaoyang'), 'correction_approval')).toEqual([]);
  });
});
