/**
 * The counts kept per task (maintained.ts, decision 0014) against a recount of every task from the tables, after each
 * write of random sequences: results saved, submitted, returned, approved, published (one by one and in a batch) and
 * corrected through the API; objects counted done through the API (迁出) or replaced, team members swapped, entities
 * reclassified, tasks drawn, moved to another year or left with a deleted draft — the last ones as the stores' SQL
 * would write them. A write refused by the API (a stale version, a result not yet approved) must leave them right too.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectionResults, marketEntities, resultCorrections, tasks, taskObjects, teamMembers, teams } from '../../db/schema';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addEntities, addUser, at } from '../dispatch/test_fixtures';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';
import { buildDashboard } from './dashboard';
import { recountAll, refreshStatistics, statisticsRows } from './maintained';

let server: TestServer;
const worlds: ResultWorld[] = [];
const clients = new Map<string, Client>();
const CATEGORIES = ['no_problem', 'corrected', 'undisclosed', 'pending_followup', 'closed'] as const;

async function as(account: string): Promise<Client> {
  const known = clients.get(account);
  if (known) return known;
  const client = await server.as(account);
  clients.set(account, client);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-10T01:00:00Z');
  await addUser(server, 'stat_cy_head', '朝阳区统计局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  const joint = await as('joint');
  expect((await joint.put('/api/workflow/dispatch-settings/220100', { confirmWorkingDays: 1, goneEntityRule: 'count_done' })).statusCode).toBe(200);
  worlds.push(await addResultWorld(server, { objects: 4 }), await addResultWorld(server, { objects: 3, periodEnd: '2026-12-09' }));
}, 120_000);
afterAll(async () => { vi.useRealTimers(); await server.close(); });

type Action =
  | { kind: 'save' | 'submit'; world: number; object: number; category: number; late: boolean }
  | { kind: 'return' | 'approve' | 'publish' | 'correct' | 'deleteDraft' | 'batchPublish'; pick: number }
  | { kind: 'gone' | 'replaceObject' | 'swapMember' | 'leaveTeam' | 'reclassify'; world: number; object: number; category: number }
  | { kind: 'draw' | 'moveYear'; world: number }
  | { kind: 'redraw'; world: number; from: number; object: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constantFrom('save' as const, 'submit' as const), world: fc.nat(8), object: fc.nat(8), category: fc.nat(4), late: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('return' as const, 'approve' as const, 'publish' as const, 'correct' as const, 'deleteDraft' as const, 'batchPublish' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constantFrom('gone' as const, 'replaceObject' as const, 'swapMember' as const, 'leaveTeam' as const, 'reclassify' as const), world: fc.nat(8), object: fc.nat(8), category: fc.nat(4) }),
  fc.record({ kind: fc.constantFrom('draw' as const, 'moveYear' as const), world: fc.nat(8) }),
  fc.record({ kind: fc.constant('redraw' as const), world: fc.nat(8), from: fc.nat(8), object: fc.nat(8) }),
);

const pick = <T>(list: readonly T[], k: number): T | undefined => list[k % Math.max(list.length, 1)];

/** The current objects (not replaced) of a world's task. */
async function objectsOf(world: ResultWorld) {
  return server.db.select({ id: taskObjects.id, entityId: taskObjects.entityId, status: taskObjects.status }).from(taskObjects)
    .where(and(eq(taskObjects.taskId, world.taskId), sql`${taskObjects.status} <> 'replaced'`)).orderBy(taskObjects.rank, taskObjects.id);
}

async function resultIn(statuses: readonly string[], k: number) {
  const rows = await server.db.select({ id: inspectionResults.id, rowVersion: inspectionResults.rowVersion }).from(inspectionResults)
    .where(and(inArray(inspectionResults.status, [...statuses]), inArray(inspectionResults.taskId, worlds.map((w) => w.taskId)))).orderBy(inspectionResults.id);
  return pick(rows, k);
}

async function apply(a: Action): Promise<void> {
  const chaoyang = await as('chaoyang');
  switch (a.kind) {
    case 'save':
    case 'submit': {
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (!world || !object) return;
      const result = { ...completeResult(world, a.late ? '2026-11-02' : '2026-12-08'), resultCategory: CATEGORIES[a.category] ?? 'no_problem' };
      const leader = await as(world.users.leader);
      if (a.kind === 'submit') await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: object.id, result });
      else {
        const [row] = await server.db.select({ rowVersion: inspectionResults.rowVersion }).from(inspectionResults).where(eq(inspectionResults.taskObjectId, object.id));
        await leader.put(`/api/inspection/objects/${object.id}/result`, { ...result, ...(row ? { rowVersion: row.rowVersion } : {}) });
      }
      return;
    }
    case 'return':
    case 'approve': {
      const row = await resultIn(['submitted'], a.pick);
      if (row) await chaoyang.post(`/api/inspection/results/${row.id}/${a.kind}`, { rowVersion: row.rowVersion, comments: '统计测试' });
      return;
    }
    case 'publish': {
      const row = await resultIn(['approved', 'submitted'], a.pick);
      if (row) await chaoyang.post(`/api/inspection/results/${row.id}/publish`, { rowVersion: row.rowVersion });
      return;
    }
    case 'batchPublish': {
      const rows = await server.db.select({ id: inspectionResults.id }).from(inspectionResults).where(eq(inspectionResults.status, 'approved'));
      if (rows.length > 0) await chaoyang.post('/api/inspection/results/publish', { ids: rows.map((r) => r.id) });
      return;
    }
    case 'correct': {
      const row = await resultIn(['published'], a.pick);
      if (!row) return;
      const requested = await chaoyang.post(`/api/inspection/results/${row.id}/corrections`, { reason: '录入时检查结果选错', changes: { resultCategory: 'corrected', disposal: 'order_correction' } });
      const [pending] = await server.db.select({ id: resultCorrections.id }).from(resultCorrections).where(and(eq(resultCorrections.resultId, row.id), eq(resultCorrections.status, 'pending')));
      if (requested.statusCode === 201 && pending) await (await as('stat_cy_head')).post(`/api/inspection/corrections/${pending.id}/approve`, { rowVersion: 1, comments: '同意' });
      return;
    }
    case 'deleteDraft': {
      const row = await resultIn(['draft', 'returned'], a.pick);
      if (row) await server.db.delete(inspectionResults).where(eq(inspectionResults.id, row.id));
      return;
    }
    case 'gone': {
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (!world || !object) return;
      await server.db.update(marketEntities).set({ status: 'moved_out' }).where(eq(marketEntities.id, object.entityId));
      await chaoyang.post(`/api/workflow/tasks/${world.taskId}/objects/${object.id}/gone`, {});
      return;
    }
    case 'replaceObject': {
      // As applyGoneObject with a reserve entity: the object is replaced, the reserve drawn in, the team moved with it.
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (!world || !object || object.status !== 'pending') return;
      const [entity] = await addEntities(server, [`统计替补主体${randomUUID().slice(0, 8)}`]);
      await server.db.transaction(async (tx) => {
        const [old] = await tx.update(taskObjects).set({ status: 'replaced' }).where(eq(taskObjects.id, object.id)).returning();
        if (!old || entity === undefined) return;
        const [added] = await tx.insert(taskObjects).values({ taskId: old.taskId, drawId: old.drawId, entityId: entity, stratum: old.stratum, rank: old.rank + 100, fromReserve: true, replacesObjectId: old.id })
          .returning({ id: taskObjects.id });
        if (added) await tx.update(teams).set({ taskObjectId: added.id }).where(eq(teams.taskObjectId, old.id));
      });
      return;
    }
    case 'leaveTeam': {
      // A member taken off a team without a replacement (a single UPDATE of team_members).
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (!object) return;
      const members = await server.db.select({ id: teamMembers.id }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .where(and(eq(teams.taskObjectId, object.id), eq(teamMembers.active, true))).orderBy(teamMembers.id);
      const leaving = pick(members, a.category);
      if (leaving) await server.db.update(teamMembers).set({ active: false }).where(eq(teamMembers.id, leaving.id));
      return;
    }
    case 'swapMember': {
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (!object) return;
      const members = await server.db.select({ id: teamMembers.id, teamId: teamMembers.teamId, inspectorId: teamMembers.inspectorId, departmentId: teamMembers.departmentId, role: teamMembers.role })
        .from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(and(eq(teams.taskObjectId, object.id), eq(teamMembers.active, true))).orderBy(teamMembers.id);
      const leaving = pick(members, a.category);
      const others = await server.db.select({ inspectorId: teamMembers.inspectorId }).from(teamMembers).where(sql`${teamMembers.inspectorId} not in (select inspector_id from team_members where team_id = ${leaving?.teamId ?? null})`).limit(1);
      const coming = others[0];
      if (!leaving || !coming) return;
      await server.db.transaction(async (tx) => {
        await tx.update(teamMembers).set({ active: false }).where(eq(teamMembers.id, leaving.id));
        await tx.insert(teamMembers).values({ teamId: leaving.teamId, inspectorId: coming.inspectorId, departmentId: leaving.departmentId, role: leaving.role });
      });
      return;
    }
    case 'reclassify': {
      const world = pick(worlds, a.world);
      const object = world ? pick(await objectsOf(world), a.object) : undefined;
      if (object) await server.db.update(marketEntities).set({ riskClass: pick(['A', 'B', 'C', 'D', null], a.category) ?? null, industryCode: pick(['5191', '1310', null], a.category) ?? null }).where(eq(marketEntities.id, object.entityId));
      return;
    }
    case 'draw': {
      if (worlds.length < 5) worlds.push(await addResultWorld(server, { objects: 1 + (a.world % 3) }));
      return;
    }
    case 'redraw': {
      // Another task draws an entity already drawn this year (its burden grows to 2 or 3).
      const world = pick(worlds, a.world);
      const from = pick(worlds, a.from);
      const object = from ? pick(await objectsOf(from), a.object) : undefined;
      const [any] = world ? await server.db.select({ drawId: taskObjects.drawId }).from(taskObjects).where(eq(taskObjects.taskId, world.taskId)).limit(1) : [];
      if (!world || !object || !any) return;
      await server.db.insert(taskObjects).values({ taskId: world.taskId, drawId: any.drawId, entityId: object.entityId, stratum: 'all', rank: 300 + a.object })
        .onConflictDoNothing();
      return;
    }
    case 'moveYear': {
      const world = pick(worlds, a.world);
      if (world) await server.db.update(tasks).set({ year: sql`case when ${tasks.year} = 2026 then 2025 else 2026 end` }).where(eq(tasks.id, world.taskId));
      return;
    }
  }
}

async function expectKeptRight(after: string): Promise<void> {
  await refreshStatistics(server.db);
  const [kept, recounted] = await Promise.all([statisticsRows(server.db, 'kept'), statisticsRows(server.db, 'recounted')]);
  expect(kept, after).toEqual(recounted);
}

describe('the counts kept per task', () => {
  it('equal a recount of every task after each write of random sequences', async () => {
    await expectKeptRight('the worlds');
    const seen = new Set<string>();
    // Every kind of write once, in an order that reaches every state, then random sequences.
    const script: Action[] = [
      { kind: 'save', world: 0, object: 0, category: 1, late: false }, { kind: 'submit', world: 0, object: 1, category: 1, late: true },
      { kind: 'submit', world: 0, object: 2, category: 0, late: false }, { kind: 'submit', world: 1, object: 0, category: 3, late: false },
      { kind: 'return', pick: 0 }, { kind: 'approve', pick: 0 }, { kind: 'approve', pick: 0 }, { kind: 'publish', pick: 0 }, { kind: 'batchPublish', pick: 0 },
      { kind: 'correct', pick: 0 }, { kind: 'gone', world: 0, object: 3, category: 0 }, { kind: 'replaceObject', world: 1, object: 1, category: 0 },
      { kind: 'swapMember', world: 1, object: 0, category: 1 }, { kind: 'leaveTeam', world: 0, object: 0, category: 2 }, { kind: 'reclassify', world: 0, object: 1, category: 2 }, { kind: 'draw', world: 1 },
      { kind: 'redraw', world: 1, from: 0, object: 0 }, { kind: 'redraw', world: 2, from: 0, object: 0 }, { kind: 'redraw', world: 2, from: 1, object: 0 },
      { kind: 'moveYear', world: 2 }, { kind: 'deleteDraft', pick: 0 }, { kind: 'moveYear', world: 2 }, { kind: 'replaceObject', world: 1, object: 3, category: 0 },
    ];
    for (const a of script) {
      await apply(a);
      await expectKeptRight(JSON.stringify(a));
      for (const row of await server.db.selectDistinct({ status: inspectionResults.status }).from(inspectionResults)) seen.add(row.status);
    }
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
      for (const a of actions) {
        await apply(a);
        await expectKeptRight(JSON.stringify(a));
        const states = await server.db.selectDistinct({ status: inspectionResults.status }).from(inspectionResults);
        for (const s of states) seen.add(s.status);
      }
    }), { numRuns: 12 });
    // The sequences reached the later states, not only drafts.
    expect([...seen]).toEqual(expect.arrayContaining(['submitted', 'approved', 'published']));
  }, 300_000);

  it('are rebuilt whole by the repair, to the same rows and the same dashboard', async () => {
    const scope = { kind: 'all' } as const;
    const options = { today: '2026-12-10', weightsRegion: null, workloadLimit: 50 };
    const before = await buildDashboard(server.db, scope, { year: 2026 }, options);
    const kept = await statisticsRows(server.db, 'kept');
    await recountAll(server.db);
    expect(await statisticsRows(server.db, 'kept')).toEqual(kept);
    expect(await buildDashboard(server.db, scope, { year: 2026 }, options)).toEqual(before);
  });

  it('leave a task marked while its writer has not committed, and count it after', async () => {
    const world = worlds[0];
    const [object] = world ? await objectsOf(world) : [];
    if (!world || !object) throw new Error('world');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => { entered = resolve; });
    const writer = server.db.transaction(async (tx) => {
      await tx.update(taskObjects).set({ status: 'done_no_check' }).where(eq(taskObjects.id, object.id));
      entered();
      await held;
    });
    await inside;
    // PGlite runs one transaction at a time: there the refresh waits for the writer, on PostgreSQL it does not.
    const refreshed = refreshStatistics(server.db);
    release();
    await Promise.all([writer, refreshed]);
    await expectKeptRight('a write committed during a refresh');
  });
});
