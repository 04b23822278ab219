/**
 * The yearly cap across ALL departments' tasks (威海第5条、曲阳第17条: 同一市场主体每年被随机抽查不超过2次): an entity
 * drawn twice this year by other departments' tasks is not in the pool; voided attempts, reserve entries and last
 * year's draws do not count; once dispatched, a reserve entity that replaced a drawn one counts instead of it (§18.2);
 * the committed ledger is exactly annualLedger's. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLedger } from '../../../domain/draw/eligibility';
import { draws, drawObjects, taskObjects } from '../../db/schema';
import { shanghaiDate } from '../../http/today';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { annualLedger } from './pool_freeze';
import type { LedgerDocument } from './schema';
import { addRoleUser, commitBody, confirmDirectories, insertTask, ok, seedPoolEntities, taskSpec } from './test_fixtures';

let server: TestServer;
let operator: Client;
let entities: { id: number; code: string }[];

/** A finished draw of another task, written as the ceremony leaves it (selected and reserve rows). */
async function finishedDraw(taskId: string, regionCode: string, status: string, drawDate: string, selected: number[], reserve: number[] = []): Promise<string> {
  const [d] = await server.db.insert(draws).values({
    taskId, regionCode, attempt: 1, operatorId: server.fixture.users.admin, status, drawDate, commitment: { attempt: '1' }, commitmentHash: 'a'.repeat(64),
  }).returning({ id: draws.id });
  if (!d) throw new Error('draw');
  const rows = [...selected.map((e, i) => ({ entityId: e, rank: i + 1, reserve: false })), ...reserve.map((e, i) => ({ entityId: e, rank: i + 1, reserve: true }))];
  await server.db.insert(drawObjects).values(rows.map((r) => ({ drawId: d.id, stratum: 'all', ...r })));
  return d.id;
}

beforeAll(async () => {
  server = await startTestServer();
  server.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const f = server.fixture.departments;
  const op = await addRoleUser(server, 'scjg_op', 'dept_admin', f.cityMarket);
  await confirmDirectories(server, f.cityMarket, op);
  entities = await seedPoolEntities(server, f.cityMarket, 20);
  operator = await server.as('scjg_op');
}, 120_000);
afterAll(async () => { await server.close(); });

describe('the yearly cap across departments', () => {
  it('keeps an entity drawn twice this year by other departments\' tasks out of the pool', async () => {
    const f = server.fixture.departments;
    const today = shanghaiDate(server.now);
    const year = Number(today.slice(0, 4));
    const [x, y, z] = entities as [{ id: number; code: string }, { id: number; code: string }, { id: number; code: string }];
    const nanguan = await insertTask(server, { leadDepartmentId: f.nanguanMarket, regionCode: '220102', status: 'drawn' });
    const jilin = await insertTask(server, { leadDepartmentId: f.jilinMarket, participating: [f.cityMarket], regionCode: '220200', status: 'drawn' });
    const chaoyang = await insertTask(server, { leadDepartmentId: f.chaoyangMarket, regionCode: '220104', status: 'published' });
    const lastYear = await insertTask(server, { leadDepartmentId: f.chaoyangMarket, regionCode: '220104', status: 'drawn' });
    await finishedDraw(nanguan, '220102', 'published', today, [x.id, y.id], [z.id]);
    await finishedDraw(jilin, '220200', 'drawn', today, [x.id]);
    await finishedDraw(chaoyang, '220104', 'void', today, [y.id, z.id]);
    await finishedDraw(lastYear, '220104', 'published', `${year - 1}-12-30`, [y.id, z.id]);

    const ledger = await annualLedger(server.db, year);
    expect(ledger.map((e) => [e.taskId, e.entityIds.length, e.departments.length]).sort()).toEqual([[jilin, 1, 2], [nanguan, 2, 1]].sort());

    const taskId = await insertTask(server, { leadDepartmentId: f.cityMarket });
    const started = ok(await operator.post('/api/draws', { taskId }), 201);
    const d = ok(await operator.post(`/api/draws/${started.id}/commit`, commitBody(server, started.rowVersion)));
    expect(d.excluded).toEqual({ notActive: 2, annualCap: 1 });
    expect(d.poolSize).toBe(19);
    const pool = (await operator.get(`/api/draws/${d.id}/pool.csv`)).body;
    const ids = pool.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(ids).not.toContain(x.code);
    expect(ids).toEqual(expect.arrayContaining([y.code, z.code]));
    const committed = (await operator.get(`/api/draws/${d.id}/ledger`)).json<LedgerDocument>();
    expect(committed.ledgerHash).toBe(hashLedger(ledger));
    expect(d.commitment?.ledgerHash).toBe(committed.ledgerHash);
    expect(d.commitment?.annualCap).toBe('2');
  });

  it('lets a task with a higher cap take the entity again', async () => {
    const taskId = await insertTask(server, { leadDepartmentId: server.fixture.departments.cityMarket, spec: taskSpec({ annualCap: 3 }) });
    const started = ok(await operator.post('/api/draws', { taskId }), 201);
    const d = ok(await operator.post(`/api/draws/${started.id}/commit`, commitBody(server, started.rowVersion)));
    expect([d.excluded?.annualCap, d.poolSize, d.commitment?.annualCap]).toEqual([0, 20, '3']);
  });

  it('counts the reserve entity that replaced a dispatched object, not the replaced one (§18.2 Ledger)', async () => {
    const today = shanghaiDate(server.now);
    const [a, b, c] = entities.slice(5, 8) as [{ id: number; code: string }, { id: number; code: string }, { id: number; code: string }];
    const taskId = await insertTask(server, { leadDepartmentId: server.fixture.departments.nanguanMarket, regionCode: '220102', status: 'dispatched' });
    const drawId = await finishedDraw(taskId, '220102', 'published', today, [a.id, b.id], [c.id]);
    const [replaced] = await server.db.insert(taskObjects).values([
      { taskId, drawId, entityId: a.id, stratum: 'all', rank: 1, status: 'replaced' },
      { taskId, drawId, entityId: b.id, stratum: 'all', rank: 2, status: 'done_no_check' },
    ]).returning({ id: taskObjects.id });
    await server.db.insert(taskObjects).values({ taskId, drawId, entityId: c.id, stratum: 'all', rank: 1, fromReserve: true, replacesObjectId: replaced?.id ?? null });
    const entry = (await annualLedger(server.db, Number(today.slice(0, 4)))).find((e) => e.taskId === taskId);
    expect(entry?.entityIds.slice().sort()).toEqual([b.code, c.code].sort());
  });
});
