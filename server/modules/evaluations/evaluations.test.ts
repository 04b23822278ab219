/**
 * 检查对象满意度评价 and the entity's count against the cap (issue #11 item 3), both databases: the entity's routes
 * (session, own published result only, once, per-field 400s) and the staff aggregate (permission, scope, suppression
 * below the minimum group, comments for the 双随机办 only, nothing naming the entity).
 */
import { randomUUID } from 'node:crypto';
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIN_EVALUATION_GROUP } from '../../../domain/inspection/evaluation';
import { domainEvents, drawObjects, draws, inspectionEvaluations, marketEntities, operationLog } from '../../db/schema';
import { LogMessageProvider } from '../../messaging/provider';
import { expectAuthRefusals, expectFieldErrors } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addDrawnTask, addUser, at } from '../dispatch/test_fixtures';
import { createEntitySession, ENTITY_COOKIE } from '../entity_access/entity_session';
import type { ResultDetail } from '../results/schema';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';
import type { EntitySummary, EvaluationAggregates } from './schema';

let server: TestServer;
let world: ResultWorld;
/** Signed in once each (the code is throttled per credit code). */
let first: Client;
let second: Client;
const messages = new LogMessageProvider(() => undefined);
const results: string[] = [];
const codes: string[] = [];
const FAKE = '00000000-0000-4000-8000-000000000000';
const PHONE = '13800005678';
const STATS = '/api/statistics/evaluations?year=2026';
const GOOD = { lawful: 5, civil: 4, integrity: 5, efficiency: 3, comment: '检查人员态度很好，但等候时间较长' };

const lastCode = () => /验证码为 (\d{6})/.exec(messages.last(PHONE)?.text ?? '')?.[1] ?? '';

async function signedInEntity(creditCode: string): Promise<Client> {
  const entity = await server.anon();
  expect((await entity.post('/api/entity/sign-in/code', { creditCode })).statusCode).toBe(200);
  const signed = await entity.post('/api/entity/sign-in', { creditCode, code: lastCode() });
  expect(signed.statusCode, signed.body).toBe(200);
  return entity;
}

const url = (k: number) => `/api/entity/results/${results[k] ?? FAKE}/evaluation`;

beforeAll(async () => {
  server = await startTestServer({ messages });
  world = await addResultWorld(server, { objects: 3 });
  await addUser(server, 'eval_head', '朝阳区局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  const chaoyang = await server.as('chaoyang');
  for (const k of [0, 1, 2]) {
    const r = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
    results.push(r.json<{ id: string }>().id);
  }
  for (const k of [0, 1]) {
    const current = (await chaoyang.get(`/api/inspection/results/${results[k] ?? ''}`)).json<ResultDetail>();
    expect((await chaoyang.post(`/api/inspection/results/${current.id}/approve`, { rowVersion: current.rowVersion })).statusCode).toBe(200);
  }
  expect((await chaoyang.post('/api/inspection/results/publish', { ids: results.slice(0, 2) })).statusCode).toBe(200);
  for (const id of world.entities) {
    await server.db.update(marketEntities).set({ ownerDepartmentId: server.fixture.departments.chaoyangMarket }).where(eq(marketEntities.id, id));
    const [row] = await server.db.select({ code: marketEntities.code }).from(marketEntities).where(eq(marketEntities.id, id));
    codes.push(row?.code ?? '');
    expect((await chaoyang.put(`/api/directory/entities/${id}/contact`, { phone: PHONE, rowVersion: null })).statusCode).toBe(200);
  }
  first = await signedInEntity(codes[0] ?? '');
  second = await signedInEntity(codes[1] ?? '');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('entity evaluation', () => {
  it('needs the entity session (401), whatever the staff session', async () => {
    const anon = await server.anon();
    for (const r of [await anon.get(url(0)), await anon.post(url(0), GOOD), await anon.get('/api/entity/summary'), await (await server.as('chaoyang')).post(url(0), GOOD)]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'ENTITY_SESSION_REQUIRED' });
    }
  });

  it('finds only its own published result (404 for another entity’s, an unpublished or an unknown one)', async () => {
    expect((await first.post(url(1), GOOD)).statusCode).toBe(404);
    expect((await first.get(url(1))).statusCode).toBe(404);
    expect((await first.post(url(2), GOOD)).statusCode).toBe(404);
    expect((await first.post(`/api/entity/results/${FAKE}/evaluation`, GOOD)).statusCode).toBe(404);
    // Its own result not yet published (an entity without one cannot sign in by code: a session made directly).
    const { token } = await createEntitySession(server.db, world.entities[2] ?? 0, server.now, '127.0.0.1');
    const unpublished = await server.app.inject({ method: 'GET', url: url(2), cookies: { [ENTITY_COOKIE]: token } });
    expect(unpublished.statusCode).toBe(404);
    expect(unpublished.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names each bad field (400)', async () => {
    await expectFieldErrors(first, 'POST', url(0), GOOD, {
      lawful: [0, 6, 2.5, '5', null], civil: [undefined, -1], integrity: [7], efficiency: ['满意'], comment: ['长'.repeat(201), 42],
    });
    expect((await first.post('/api/entity/results/not-a-uuid/evaluation', GOOD)).statusCode).toBe(400);
    expect((await first.get(url(0))).json()).toMatchObject({ evaluated: false, evaluatedOn: null });
  });

  it('evaluates once (201, then 409), anonymously in the log, and the summary counts against the cap', async () => {
    const done = await first.post(url(0), GOOD);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toEqual({ resultId: results[0], evaluated: true, evaluatedOn: '2026-12-10' });
    const again = await first.post(url(0), { ...GOOD, lawful: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EVALUATION_DONE' });
    expect((await first.get(url(0))).json()).toMatchObject({ evaluated: true });
    const [log] = await server.db.select().from(operationLog).where(eq(operationLog.action, 'entity:evaluation:submit'));
    expect(log).toBeDefined();
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, log?.seq ?? 0));
    expect(events.map((e) => e.payload)).toEqual([{ type: 'InspectionEvaluated', departmentId: server.fixture.departments.chaoyangMarket, year: 2026 }]);
    expect(log?.detail).toEqual({ departmentId: server.fixture.departments.chaoyangMarket, year: 2026 });
    const logged = JSON.stringify([log, events]);
    expect(logged).not.toMatch(/entityId|creditCode|lawful/);
    expect(logged).not.toContain(codes[0]);
    expect(logged).not.toContain(GOOD.comment);
    expect(log?.actorId ?? null).toBeNull();
    // Neither the result (in the URL) nor the caller's address: the route's pattern only, for the success and the refusal.
    expect(logged).not.toContain(results[0]);
    expect(log).toMatchObject({ path: '/api/entity/results/:id/evaluation', ip: null });
    const rows = await server.db.select().from(operationLog).where(eq(operationLog.path, '/api/entity/results/:id/evaluation'));
    expect(rows.filter((r) => r.outcome === 'success')).toHaveLength(1);
    expect(rows.filter((r) => r.errorCode === 'EVALUATION_DONE')).toHaveLength(1);
    expect(rows.every((r) => r.ip === null)).toBe(true);
    const everyEvaluationRow = JSON.stringify(await server.db.select().from(operationLog).where(like(operationLog.path, '/api/entity/results/%')));
    expect(everyEvaluationRow).not.toContain(results[0]);
    const summary = (await first.get('/api/entity/summary')).json<EntitySummary>();
    expect(summary).toEqual({ year: 2026, inspectionsThisYear: 1, annualCap: 2, evaluatedResultIds: [results[0]] });
    expect((await second.get('/api/entity/summary')).json<EntitySummary>()).toMatchObject({ inspectionsThisYear: 1, evaluatedResultIds: [] });
  });
});

describe('inspections this year against the cap', () => {
  it('counts as the draw does: draws of other tasks, not the reserve list, only the latest attempt of a task', async () => {
    const count = async (client: Client) => (await client.get('/api/entity/summary')).json<EntitySummary>().inspectionsThisYear;
    const [e0, e1] = [world.entities[0] ?? 0, world.entities[1] ?? 0];
    const drawn = await addDrawnTask(server, { lead: server.fixture.departments.chaoyangMarket, selected: [e0], reserve: [e1] });
    expect([await count(first), await count(second)]).toEqual([2, 1]);
    // A second attempt of that task (drawn again) selects only the second entity: the first one's draw no longer counts.
    const [previous] = await server.db.select().from(draws).where(eq(draws.id, drawn.drawId));
    if (!previous) throw new Error('draw fixture');
    const { id: _id, ...copy } = previous;
    const [again] = await server.db.insert(draws).values({ ...copy, attempt: 2, drawDate: '2026-12-02', receiptHash: 'f'.repeat(64) }).returning({ id: draws.id });
    await server.db.insert(drawObjects).values({ drawId: again?.id ?? '', entityId: e1, stratum: 'all', rank: 1, reserve: false });
    expect([await count(first), await count(second)]).toEqual([1, 2]);
  });
});

describe('staff aggregate', () => {
  it('refuses the anonymous (401), those without the permission (403) and another region (403); names bad filters', async () => {
    await expectAuthRefusals(server, 'GET', STATS, 'inspector');
    const joint = await server.as('joint');
    expect((await joint.get('/api/statistics/evaluations?year=2026&regionCode=220200')).statusCode).toBe(403);
    for (const [query, field] of [['year=abc', 'year'], ['', 'year'], ['year=2026&regionCode=22', 'regionCode']] as const) {
      const response = await joint.get(`/api/statistics/evaluations?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json<{ details?: { field: string }[] }>().details?.some((d) => d.field === field)).toBe(true);
    }
  });

  it('suppresses a group below the minimum, count included', async () => {
    const joint = (await (await server.as('joint')).get(STATS)).json<EvaluationAggregates>();
    expect(joint.minGroup).toBe(MIN_EVALUATION_GROUP);
    expect(joint.rows).toEqual([{
      departmentId: server.fixture.departments.chaoyangMarket, departmentName: expect.any(String) as unknown,
      suppressed: true, count: null, averages: null, satisfiedPercent: null, comments: null,
    }]);
  });

  it('shows a full group: aggregates to the department, comments to the 双随机办 only, nothing naming the entity', async () => {
    const department = server.fixture.departments.chaoyangMarket;
    await server.db.insert(inspectionEvaluations).values(Array.from({ length: MIN_EVALUATION_GROUP - 1 }, (_, k) => ({
      departmentId: department, regionCode: '220104', year: 2026, lawful: 5, civil: 5, integrity: 4, efficiency: k === 0 ? 1 : 5, comment: k === 0 ? '另一条意见' : null,
    })));
    const jointView = (await (await server.as('joint')).get(STATS)).json<EvaluationAggregates>();
    expect(jointView.commentsVisible).toBe(true);
    expect(jointView.rows[0]).toMatchObject({
      suppressed: false, count: 5, averages: { lawful: 5, civil: 4.8, integrity: 4.2, efficiency: 3.8 }, satisfiedPercent: 90,
      comments: ['另一条意见', GOOD.comment].sort(),
    });
    for (const account of ['eval_head', 'chaoyang']) {
      const view = (await (await server.as(account)).get(STATS)).json<EvaluationAggregates>();
      expect(view.commentsVisible, account).toBe(false);
      expect(view.rows[0], account).toMatchObject({ suppressed: false, count: 5, comments: null });
      expect(JSON.stringify(view)).not.toContain(GOOD.comment);
    }
    const text = JSON.stringify(jointView);
    for (const secret of [results[0] ?? '', codes[0] ?? '', world.users.leader]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/entity|result|inspector|creditCode/i);
    expect((await (await server.as('nanguan')).get(STATS)).json<EvaluationAggregates>().rows).toEqual([]);
    expect((await (await server.as('joint')).get('/api/statistics/evaluations?year=2025')).json<EvaluationAggregates>().rows).toEqual([]);
  });
});
