/**
 * `npm run bench:draw-app` (SUIJI_DRAW_BENCH=100000,1000000 SUIJI_TEST_DB=pg|pglite): the app's own draw path on a
 * real database, through the real routes — freeze from the database + commitment + pool file + anchor (POST …/commit),
 * then execute + persist draw_objects (POST …/execute) — with N synthetic entities loaded by COPY. Prints wall and
 * CPU per request, peak RSS, the floor (one SHA-256 over the pool file's bytes) and the longest event-loop stall seen
 * by a 10 ms timer during each request. Its own vitest project (`bench`), never part of `npm test`.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTITY_COPY, entityCopyText } from './draw_e2e_db';
import { drawObjects, drawPools } from '../server/db/schema';
import { startTestServer, type TestServer } from '../server/test/harness';
import type { DrawDetail } from '../server/modules/draws/schema';
import { addRoleUser, commitBody, confirmDirectories, insertTask, ok, taskSpec } from '../server/modules/draws/test_fixtures';
import { poolChunks } from '../server/modules/draws/pool_freeze';

const SIZES = (process.env['SUIJI_DRAW_BENCH'] || '100000').split(',').filter((s) => s !== '').map(Number);
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function copyEntities(server: TestServer, n: number): Promise<void> {
  const client = (server.db as unknown as { $client: unknown }).$client;
  if (client instanceof pg.Pool) {
    const c = await client.connect();
    try {
      await pipeline(Readable.from(entityCopyText(n)), c.query(copyFrom(ENTITY_COPY)));
    } finally {
      c.release();
    }
    await client.query('analyze market_entities');
    return;
  }
  const lite = client as { query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown> };
  for (const text of entityCopyText(n)) await lite.query(ENTITY_COPY.replace('from stdin', "from '/dev/blob'"), [], { blob: new Blob([text]) });
}

/** Polls GET /api/draws/:id every 200 ms while `fn` runs: the progress steps seen and the slowest answer. */
async function polled<T>(client: { get(url: string): Promise<{ statusCode: number; body: string }> }, drawId: string, fn: () => Promise<T>): Promise<{ value: T; note: string }> {
  let running = true;
  const steps = new Set<string>();
  let slowest = 0;
  let polls = 0;
  const poller = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = await client.get(`/api/draws/${drawId}`);
      slowest = Math.max(slowest, performance.now() - t0);
      polls++;
      const p = (JSON.parse(r.body) as DrawDetail).progress;
      if (p) steps.add(p.step);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  try {
    const value = await fn();
    return { value, note: `${polls} GET /api/draws/:id meanwhile, slowest ${Math.round(slowest)} ms; progress steps seen: ${[...steps].join(' → ') || 'none'}` };
  } finally {
    running = false;
    await poller;
  }
}

async function measured<T>(label: string, fn: () => Promise<T>): Promise<T> {
  let stall = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const t = performance.now();
    stall = Math.max(stall, t - last - 10);
    last = t;
  }, 10);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    const c = process.cpuUsage(c0);
    process.stdout.write(`| ${label} | ${Math.round(performance.now() - t0)} | ${Math.round((c.user + c.system) / 1000)} | ${Math.round(process.resourceUsage().maxRSS / 1024)} | ${Math.round(stall)} |\n`);
  }
}

describe('draw ceremony, app path, at scale', () => {
  for (const n of SIZES) {
    it(`commits and executes a draw over ${n.toLocaleString('en-US')} entities`, async () => {
      const server = await startTestServer();
      servers.push(server);
      server.now = new Date(Math.floor(Date.now() / 1000) * 1000);
      const f = server.fixture;
      const op = await addRoleUser(server, 'bench_op', 'dept_admin', f.departments.cityMarket);
      await addRoleUser(server, 'bench_sup', 'draw_supervisor', f.departments.cityJointOffice);
      await confirmDirectories(server, f.departments.cityMarket, op);
      const stratum = (key: string) => ({ key, mode: 'ratio' as const, value: '3', rounding: 'ceil' as const, minPercent: '', reserve: '' });
      const taskId = await insertTask(server, { leadDepartmentId: f.departments.cityMarket, spec: taskSpec({ strata: ['A', 'B', 'C', 'D', 'unrated'].map(stratum) }) });
      await copyEntities(server, n);
      const operator = await server.as('bench_op');
      const supervisor = await server.as('bench_sup');
      process.stdout.write(`\n${process.env['SUIJI_TEST_DB'] ?? 'pglite'}, N = ${n.toLocaleString('en-US')} entities\n\n| step | wall ms | CPU ms | peak RSS MB | longest event-loop stall ms |\n|---|---|---|---|---|\n`);
      let d = ok(await operator.post('/api/draws', { taskId }), 201);
      const body = commitBody(server, d.rowVersion);
      const id = d.id;
      const commit = await measured('POST commit: freeze + commitment + pool file + anchor', () => polled(supervisor, id, async () => ok(await operator.post(`/api/draws/${id}/commit`, body))));
      d = commit.value;
      d = ok(await supervisor.post(`/api/draws/${d.id}/presence`, { rowVersion: d.rowVersion }));
      server.now = new Date(server.now.getTime() + 21 * 60_000);
      d = ok(await operator.post(`/api/draws/${d.id}/source-values`, { rowVersion: d.rowVersion, values: [{ id: 'fc3d', value: '073' }] }));
      const rowVersion = d.rowVersion;
      const execute = await measured('POST execute: read pool file + lots/root + draw + draw_objects', () => polled(supervisor, id, async () => ok(await operator.post(`/api/draws/${id}/execute`, { rowVersion }))));
      d = execute.value;
      const parts: Buffer[] = [];
      for await (const c of poolChunks(server.db, d.id)) parts.push(Buffer.from(c, 'utf8'));
      const file = Buffer.concat(parts);
      await measured(`  floor: one SHA-256 over the pool file (${Math.round(file.length / 2 ** 20)} MB)`, async () => createHash('sha256').update(file).digest('hex'));
      const [pool] = await server.db.select().from(drawPools).where(eq(drawPools.drawId, d.id));
      const objects = await server.db.select({ n: drawObjects.rank }).from(drawObjects).where(eq(drawObjects.drawId, d.id));
      process.stdout.write(`\ncommit: ${commit.note}\nexecute: ${execute.note}\n`);
      process.stdout.write(`\npool ${pool?.entryCount.toLocaleString('en-US')} entries, ${pool?.chunkCount} chunks; ${objects.length.toLocaleString('en-US')} draw_objects\n`);
      expect(d.status).toBe('drawn');
      expect(pool?.sha256).toBe(createHash('sha256').update(file).digest('hex'));
      expect(objects.length).toBeGreaterThan(0.03 * (pool?.entryCount ?? 0));
    }, 1_800_000);
  }
});
