/**
 * Issue #9 "Bad input": a draw interrupted midway (kill -9) leaves nothing half-written and, retried, gives the same
 * result. A child process runs the app and executes the draw, pausing inside the execute transaction after every
 * write; it is killed with SIGKILL there. The draw is still 随机值已录入 with no objects, no receipt and no log row;
 * a second process executes it again and stores exactly the receipt computed from the rows before the kill (the seed
 * comes from the commitment and the entered values only). On the embedded database (a data directory on disk) and,
 * with SUIJI_TEST_DB=pg, on PostgreSQL (the killed client's transaction is rolled back by the server).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database';
import { drawObjects, draws, operationLog } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { computeOutcome } from './ceremony';
import { addRoleUser, commitBody, confirmDirectories, insertTask, ok, seedPoolEntities } from './test_fixtures';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'suiji-draw-kill-'));
const onPg = process.env['SUIJI_TEST_DB'] === 'pg';
let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function child(target: string, drawId: string, rowVersion: number, mode: 'pause' | 'run', now: Date): { lines: Promise<string[]>; kill: () => void; paused: Promise<void>; exited: Promise<number | null> } {
  const p = spawn(process.execPath, ['--import', 'tsx', 'server/test/draw_execute_child.ts', target, drawId, String(rowVersion), 'scjg_op', mode, now.toISOString()], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => { onPaused = resolve; });
  p.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('paused\n')) onPaused();
  });
  p.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return {
    lines: exited.then((code) => {
      if (code !== 0 && mode === 'run') throw new Error(`child exited ${String(code)}: ${err}`);
      return out.trim().split('\n');
    }),
    kill: () => { p.kill('SIGKILL'); },
    paused, exited,
  };
}

async function state(db: Db, drawId: string) {
  const [d] = await db.select({ status: draws.status, receipt: draws.receipt, rowVersion: draws.rowVersion }).from(draws).where(eq(draws.id, drawId));
  const [objects] = await db.select({ n: count() }).from(drawObjects).where(eq(drawObjects.drawId, drawId));
  const [logged] = await db.select({ n: count() }).from(operationLog).where(and(eq(operationLog.targetId, drawId), like(operationLog.path, '%/execute')));
  return { status: d?.status, receipt: d?.receipt ?? null, rowVersion: d?.rowVersion, objects: objects?.n, executeRows: logged?.n };
}

describe('a draw killed during execution', () => {
  it('leaves nothing half-written, and the retry stores the same receipt', async () => {
    server = await startTestServer(onPg ? {} : { embeddedDataDir: dir });
    server.now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const s = server;
    const city = s.fixture.departments.cityMarket;
    const op = await addRoleUser(s, 'scjg_op', 'dept_admin', city);
    await addRoleUser(s, 'sup1', 'draw_supervisor', s.fixture.departments.cityJointOffice);
    await confirmDirectories(s, city, op);
    await seedPoolEntities(s, city, 40);
    const operator = await s.as('scjg_op');
    const taskId = await insertTask(s, { leadDepartmentId: city });
    let d = ok(await operator.post('/api/draws', { taskId }), 201);
    d = ok(await operator.post(`/api/draws/${d.id}/commit`, commitBody(s, d.rowVersion)));
    d = ok(await (await s.as('sup1')).post(`/api/draws/${d.id}/presence`, { rowVersion: d.rowVersion }));
    s.now = new Date(s.now.getTime() + 21 * 60_000);
    d = ok(await operator.post(`/api/draws/${d.id}/source-values`, { rowVersion: d.rowVersion, values: [{ id: 'fc3d', value: '508' }] }));
    const [row] = await s.db.select().from(draws).where(eq(draws.id, d.id));
    if (!row) throw new Error('draw');
    const expected = await computeOutcome(s.db, row);
    const before = await state(s.db, d.id);
    const target = onPg ? `pg:${s.databaseUrl ?? ''}` : `pglite:${dir}`;
    if (!onPg) {
      await s.close();
      server = undefined;
    }

    const killed = child(target, d.id, d.rowVersion, 'pause', s.now);
    await killed.paused;
    killed.kill();
    expect(await killed.exited).toBe(null);

    const check = onPg ? null : await openDatabase({ kind: 'pglite', dataDir: dir });
    const db = check?.db ?? s.db;
    // The child's lock dies with its connection; give PostgreSQL a moment to notice.
    let after = await state(db, d.id);
    for (let i = 0; i < 50 && after.rowVersion !== before.rowVersion; i++) after = await state(db, d.id);
    expect(after).toEqual({ ...before, status: 'seed_entered', receipt: null, objects: 0, executeRows: 0 });
    await check?.close();

    const retried = child(target, d.id, d.rowVersion, 'run', s.now);
    const [line] = await retried.lines;
    const response = JSON.parse(line ?? '{}') as { status: number; body: { status: string; receiptHash: string; selectedCount: number } };
    expect([response.status, response.body.status, response.body.receiptHash]).toEqual([200, 'drawn', expected.receipt.resultHash]);

    const final = onPg ? null : await openDatabase({ kind: 'pglite', dataDir: dir });
    const done = await state(final?.db ?? s.db, d.id);
    await final?.close();
    expect(done.receipt).toEqual(JSON.parse(JSON.stringify(expected.receipt)));
    expect([done.status, done.objects, done.executeRows]).toEqual(['drawn', expected.objects.length, 1]);
  }, 180_000);
});
