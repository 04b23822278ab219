import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { at } from '../dispatch/test_fixtures';
import type { ResultView } from './schema';
import { addResultWorld, completeResult, type ResultWorld } from './test_fixtures';

let server: TestServer;
let world: ResultWorld;

beforeAll(async () => {
  server = await startTestServer();
  world = await addResultWorld(server, { objects: 1 });
  at(server, '2026-12-10T01:00:00Z');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('result deadlines per region (曲阳第20条 configurable)', () => {
  it('lets the office set its region’s entry deadline, which the next save uses', async () => {
    await expectAuthRefusals(server, 'PUT', '/api/inspection/settings/220100', 'chaoyang', { entryWorkingDays: 3, publishWorkingDays: 20 });
    const joint = await server.as('joint');
    await expectFieldErrors(joint, 'PUT', '/api/inspection/settings/220100', { entryWorkingDays: 3, publishWorkingDays: 20 }, {
      entryWorkingDays: [0, 21, 1.5, '3'], publishWorkingDays: [0, 21, null],
    });
    expect((await joint.put('/api/inspection/settings/220200', { entryWorkingDays: 3, publishWorkingDays: 20 })).statusCode).toBe(403);
    expect((await (await server.as(world.users.leader)).get('/api/inspection/settings/220104')).json()).toEqual({ regionCode: '220104', entryWorkingDays: 5, publishWorkingDays: 20 });
    const saved = await joint.put('/api/inspection/settings/220100', { entryWorkingDays: 3, publishWorkingDays: 15 });
    expect(saved.json()).toEqual({ regionCode: '220100', entryWorkingDays: 3, publishWorkingDays: 15 });
    expect(await lastOperation(server)).toMatchObject({ summary: '修改检查结果期限', targetId: '220100' });
    const leader = await server.as(world.users.leader);
    const draft = await leader.put(`/api/inspection/objects/${world.objects[0] ?? ''}/result`, { ...completeResult(world, '2026-12-01'), rowVersion: null });
    // Tuesday 1 December + 3 working days = Friday 4 December; + 15 = Tuesday 22 December.
    expect(draft.json<ResultView>()).toMatchObject({ entryDue: '2026-12-04', publishDue: '2026-12-22' });
  });
});
