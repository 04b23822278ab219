/**
 * The draw routes' refusal grid (401, 403, out of scope → 404, 400 per field, 409 for illegal transitions and stale
 * versions) and every "Bad input" of issue #9 for draws, each with no partial state. Both databases.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draws, drawPools, tasks } from '../../db/schema';
import { addUserWithPermissions } from '../../test/extra_users';
import { expectAuthRefusals, expectFieldErrors } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { loadDrawsForDue } from './domain_map';
import type { DrawDetail } from './schema';
import { addRoleUser, commitBody, confirmDirectories, insertTask, lotterySource, ok, seedPoolEntities, taskSpec } from './test_fixtures';

let server: TestServer;
let operator: Client;
let supervisor: Client;
let city: string;

beforeAll(async () => {
  server = await startTestServer();
  server.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  city = server.fixture.departments.cityMarket;
  const op = await addRoleUser(server, 'scjg_op', 'dept_admin', city);
  await addRoleUser(server, 'sup1', 'draw_supervisor', server.fixture.departments.cityJointOffice);
  await addRoleUser(server, 'sup2', 'draw_supervisor', server.fixture.departments.cityJointOffice);
  await addRoleUser(server, 'jl_sup', 'draw_supervisor', server.fixture.departments.jilinMarket);
  await addUserWithPermissions(server, 'both', ['workflow:draw:list', 'workflow:draw:operate', 'workflow:draw:supervise'], { departmentId: city });
  await confirmDirectories(server, city, op);
  await seedPoolEntities(server, city, 20);
  operator = await server.as('scjg_op');
  supervisor = await server.as('sup1');
}, 120_000);
afterAll(async () => { await server.close(); });

const taskStatus = async (id: string) => (await server.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, id)))[0]?.s;
const started = async (client = operator, spec = taskSpec()) => {
  const taskId = await insertTask(server, { leadDepartmentId: city, spec });
  return { taskId, draw: ok(await client.post('/api/draws', { taskId }), 201) };
};
const committed = async (spec = taskSpec()) => {
  const { taskId, draw } = await started(operator, spec);
  return { taskId, draw: ok(await operator.post(`/api/draws/${draw.id}/commit`, commitBody(server, draw.rowVersion))) };
};
const refusal = (r: { statusCode: number; json: () => unknown }, status: number, code: string) => {
  expect([r.statusCode, (r.json() as { code: string }).code]).toEqual([status, code]);
  return r.json() as { code: string; message: string };
};

describe('draw routes: who may call them', () => {
  it('answer 401 without a session and 403 without the permission', async () => {
    const { draw } = await started();
    const id = draw.id;
    for (const [method, url, body] of [
      ['GET', '/api/draws', undefined], ['GET', `/api/draws/${id}`, undefined], ['POST', '/api/draws', { taskId: draw.taskId }],
      ['POST', `/api/draws/${id}/commit`, commitBody(server, 1)], ['POST', `/api/draws/${id}/presence`, { rowVersion: 1 }],
      ['POST', `/api/draws/${id}/source-values`, { rowVersion: 1, values: [{ id: 'fc3d', value: '073' }] }], ['POST', `/api/draws/${id}/execute`, { rowVersion: 1 }],
      ['POST', `/api/draws/${id}/publish`, { rowVersion: 1 }], ['POST', `/api/draws/${id}/void`, { rowVersion: 1, reason: '测试' }],
      ['GET', `/api/draws/${id}/objects`, undefined], ['GET', `/api/draws/${id}/pool.csv`, undefined], ['GET', `/api/draws/${id}/ledger`, undefined],
      ['GET', `/api/draws/${id}/receipt`, undefined],
    ] as const) await expectAuthRefusals(server, method, url, 'inspector', body);
    // The operator has no supervise permission; the supervisor cannot operate or void.
    refusal(await operator.post(`/api/draws/${id}/presence`, { rowVersion: 1 }), 403, 'FORBIDDEN');
    refusal(await supervisor.post(`/api/draws/${id}/commit`, commitBody(server, 1)), 403, 'FORBIDDEN');
    refusal(await supervisor.post(`/api/draws/${id}/void`, { rowVersion: 1, reason: '测试' }), 403, 'FORBIDDEN');
  });

  it('answer 404 for a draw or task outside the caller\'s data scope, and for an unknown id', async () => {
    const { taskId, draw } = await committed();
    const jilin = await server.as('jilin');
    refusal(await jilin.get(`/api/draws/${draw.id}`), 404, 'NOT_FOUND');
    refusal(await jilin.post('/api/draws', { taskId }), 404, 'NOT_FOUND');
    refusal(await jilin.post(`/api/draws/${draw.id}/void`, { rowVersion: draw.rowVersion, reason: '越权' }), 404, 'NOT_FOUND');
    expect((await jilin.get('/api/draws')).json<{ total: number }>().total).toBe(0);
    refusal(await (await server.as('jl_sup')).post(`/api/draws/${draw.id}/presence`, { rowVersion: draw.rowVersion }), 404, 'NOT_FOUND');
    refusal(await operator.get('/api/draws/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    refusal(await (await server.anon()).get('/api/public/draws/00000000-0000-4000-8000-000000000000/commitment'), 404, 'NOT_FOUND');
    refusal(await (await server.anon()).get(`/api/public/draws/${draw.id}/receipt`), 404, 'NOT_FOUND');
  });

  it('answer 400 naming each invalid field', async () => {
    const { draw } = await started();
    await expectFieldErrors(operator, 'POST', '/api/draws', { taskId: draw.taskId }, { taskId: ['', 'x', 5] });
    await expectFieldErrors(operator, 'POST', `/api/draws/${draw.id}/commit`, commitBody(server, draw.rowVersion), {
      rowVersion: ['1', 0, null], drawDate: ['2026-13-01', '', 'tomorrow'], sources: [[], 'fc3d', [{ ...lotterySource(server), type: 'coin' }], [{ ...lotterySource(server), availableAt: '2026-06-01 10:00' }]],
      sourceException: [5],
    });
    await expectFieldErrors(operator, 'POST', `/api/draws/${draw.id}/source-values`, { rowVersion: 1, values: [{ id: 'fc3d', value: '073' }] }, { values: [[], 'x', [{ id: '', value: '1' }]], rowVersion: ['a'] });
    await expectFieldErrors(operator, 'POST', `/api/draws/${draw.id}/void`, { rowVersion: 1, reason: '原因' }, { reason: ['', '   ', 'x'.repeat(501)], rowVersion: [undefined] });
    await expectFieldErrors(operator, 'POST', `/api/draws/${draw.id}/execute`, { rowVersion: 1 }, { rowVersion: ['x', -1] });
    expect((await operator.get(`/api/draws/${draw.id}`)).json<DrawDetail>().status).toBe('preparing');
  });

  it('answer 409 for a step out of order, a stale version and a start on a task that is not 已发布', async () => {
    const { draw } = await started();
    refusal(await operator.post(`/api/draws/${draw.id}/execute`, { rowVersion: draw.rowVersion }), 409, 'DRAW_ILLEGAL_TRANSITION');
    refusal(await operator.post(`/api/draws/${draw.id}/publish`, { rowVersion: draw.rowVersion }), 409, 'DRAW_ILLEGAL_TRANSITION');
    refusal(await supervisor.post(`/api/draws/${draw.id}/presence`, { rowVersion: draw.rowVersion }), 409, 'DRAW_ILLEGAL_TRANSITION');
    const stale = refusal(await operator.post(`/api/draws/${draw.id}/commit`, commitBody(server, draw.rowVersion + 3)), 409, 'STALE_ROW_VERSION');
    expect(stale.message).toContain(`当前版本 ${draw.rowVersion}`);
    const draft = await insertTask(server, { leadDepartmentId: city, status: 'draft' });
    refusal(await operator.post('/api/draws', { taskId: draft }), 409, 'TASK_ILLEGAL_TRANSITION');
    const voided = ok(await operator.post(`/api/draws/${draw.id}/void`, { rowVersion: draw.rowVersion, reason: '方案有误' }));
    refusal(await operator.post(`/api/draws/${draw.id}/void`, { rowVersion: voided.rowVersion, reason: '再次作废' }), 409, 'DRAW_ILLEGAL_TRANSITION');
    expect(await taskStatus(draw.taskId)).toBe('published');
  });
});

describe('bad input of issue #9 for draws: a clear error and no partial state', () => {
  it('refuses a second draw while one runs', async () => {
    const { taskId } = await started();
    const r = refusal(await operator.post('/api/draws', { taskId }), 409, 'DRAW_ALREADY_RUNNING');
    expect(r.message).toContain('正在进行');
    expect((await server.db.select({ n: count() }).from(draws).where(eq(draws.taskId, taskId)))[0]?.n).toBe(1);
  });

  it('refuses a draw on an unconfirmed directory, naming the department', async () => {
    const taskId = await insertTask(server, { leadDepartmentId: city, participating: [server.fixture.departments.chaoyangMarket] });
    const r = refusal(await operator.post('/api/draws', { taskId }), 409, 'DIRECTORY_NOT_FRESH');
    expect(r.message).toContain('朝阳区市场监督管理局');
    expect([await taskStatus(taskId), (await server.db.select({ n: count() }).from(draws).where(eq(draws.taskId, taskId)))[0]?.n]).toEqual(['published', 0]);
  });

  it('refuses values and execution before a supervisor confirmed; the operator cannot supervise; one supervisor counts once', async () => {
    const { draw } = await committed(taskSpec({ supervisorsRequired: 2 }));
    server.now = new Date(server.now.getTime() + 21 * 60_000);
    refusal(await operator.post(`/api/draws/${draw.id}/source-values`, { rowVersion: draw.rowVersion, values: [{ id: 'fc3d', value: '073' }] }), 409, 'DRAW_ILLEGAL_TRANSITION');
    refusal(await operator.post(`/api/draws/${draw.id}/execute`, { rowVersion: draw.rowVersion }), 409, 'DRAW_ILLEGAL_TRANSITION');
    const once = ok(await supervisor.post(`/api/draws/${draw.id}/presence`, { rowVersion: draw.rowVersion }));
    expect(once.status).toBe('committed');
    refusal(await supervisor.post(`/api/draws/${draw.id}/presence`, { rowVersion: once.rowVersion }), 409, 'DRAW_PRESENCE_ALREADY_CONFIRMED');
    refusal(await operator.post(`/api/draws/${draw.id}/source-values`, { rowVersion: once.rowVersion, values: [{ id: 'fc3d', value: '073' }] }), 409, 'DRAW_ILLEGAL_TRANSITION');
    const twice = ok(await (await server.as('sup2')).post(`/api/draws/${draw.id}/presence`, { rowVersion: once.rowVersion }));
    expect([twice.status, twice.supervisors.length]).toEqual(['supervisor_confirmed', 2]);

    const both = await server.as('both');
    const own = await started(both);
    const mine = ok(await both.post(`/api/draws/${own.draw.id}/commit`, commitBody(server, own.draw.rowVersion)));
    refusal(await both.post(`/api/draws/${own.draw.id}/presence`, { rowVersion: mine.rowVersion }), 403, 'DRAW_OPERATOR_CANNOT_SUPERVISE');
  });

  it('refuses a random value not in its grammar (400 naming the source) and one entered before its declared time (409)', async () => {
    const { draw } = await committed();
    const present = ok(await supervisor.post(`/api/draws/${draw.id}/presence`, { rowVersion: draw.rowVersion }));
    const early = refusal(await operator.post(`/api/draws/${draw.id}/source-values`, { rowVersion: present.rowVersion, values: [{ id: 'fc3d', value: '073' }] }), 409, 'SOURCE_NOT_YET_AVAILABLE');
    expect(early.message).toContain('fc3d');
    server.now = new Date(server.now.getTime() + 21 * 60_000);
    for (const value of ['73', '0 7 3', '０７３', '073 ', '7,3']) {
      const r = refusal(await operator.post(`/api/draws/${draw.id}/source-values`, { rowVersion: present.rowVersion, values: [{ id: 'fc3d', value }] }), 400, 'INVALID_SOURCE_VALUE');
      expect(r.message).toContain('随机数“fc3d”');
      expect(r.message).toContain('福彩3D');
    }
    refusal(await operator.post(`/api/draws/${draw.id}/source-values`, { rowVersion: present.rowVersion, values: [{ id: 'other', value: '073' }] }), 400, 'VALIDATION_FAILED');
    const after = (await operator.get(`/api/draws/${draw.id}`)).json<DrawDetail>();
    expect([after.status, after.rowVersion, after.sourceValues]).toEqual(['supervisor_confirmed', present.rowVersion, null]);
  });

  it('refuses dice alone without an exception, and a source that already exists, before anything is frozen', async () => {
    const { draw } = await started();
    const dice = { id: 'dice', type: 'dice', name: '', round: '', count: '8', availableAt: lotterySource(server).availableAt, description: '现场掷骰', value: '' };
    const alone = refusal(await operator.post(`/api/draws/${draw.id}/commit`, commitBody(server, draw.rowVersion, [dice])), 400, 'SOURCE_NOT_INDEPENDENT');
    expect(alone.message).toContain('骰子');
    const past = refusal(await operator.post(`/api/draws/${draw.id}/commit`, commitBody(server, draw.rowVersion, [lotterySource(server, -5)])), 400, 'SOURCE_TIME_NOT_FUTURE');
    expect(past.message).toContain('fc3d');
    expect((await server.db.select({ n: count() }).from(drawPools).where(eq(drawPools.drawId, draw.id)))[0]?.n).toBe(0);
    // With a documented exception dice alone are accepted (§15.3).
    const excepted = ok(await operator.post(`/api/draws/${draw.id}/commit`, { ...commitBody(server, draw.rowVersion, [dice]), sourceException: '山区乡镇无网络，经双随机办批准现场掷骰' }));
    expect(excepted.status).toBe('committed');
  });
});

describe('待办: loadDrawsForDue', () => {
  it('gives the running draws in a scope as domain draws (a committed draw awaits the supervisor\'s presence)', async () => {
    const { draw } = await committed();
    const city2201 = await loadDrawsForDue(server.db, { kind: 'limited', regionPrefixes: ['2201'], departmentIds: [], userId: null });
    expect(city2201.find((d) => d.id === draw.id)).toMatchObject({ status: 'committed', operatorId: draw.operatorId, requiredSupervisors: 1, supervisorIds: [], attempt: 1 });
    const jilin = await loadDrawsForDue(server.db, { kind: 'limited', regionPrefixes: ['2202'], departmentIds: [server.fixture.departments.jilinMarket], userId: null });
    expect(jilin.map((d) => d.id)).not.toContain(draw.id);
  });
});
