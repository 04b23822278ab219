/**
 * The public reads' share of the database (public_share.ts, issue #11 item 6): at most the gate's limit of public
 * handlers run at once, first come first served; while every public slot is taken, a signed-in user's list page, the
 * sign-in and the public cache still answer at once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { createGate, isPublicRead, type Gate } from './public_share';

describe('createGate', () => {
  it('runs at most its limit at once, the rest in the order they came, and frees a slot when work fails', async () => {
    const gate = createGate(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    let peak = 0;
    const runs = Array.from({ length: 6 }, (_, k) => gate.run(async () => {
      started.push(k);
      peak = Math.max(peak, gate.running);
      await new Promise<void>((resolve) => { finish[k] = resolve; });
      if (k === 1) throw new Error('失败');
      return k;
    }));
    const settled$ = Promise.allSettled(runs);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(gate.waiting).toBe(4);
    for (let k = 0; k < 6; k++) {
      while (!finish[k]) await new Promise((r) => setImmediate(r));
      finish[k]?.();
    }
    const settled = await settled$;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(gate.running).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('takes a slot only for anonymous GETs under /api/public/', () => {
    expect(isPublicRead({ url: '/api/public/results', method: 'GET', config: { access: 'public' } })).toBe(true);
    expect(isPublicRead({ url: '/api/public/tasks/:taskId', method: ['GET', 'HEAD'], config: { access: 'public' } })).toBe(true);
    expect(isPublicRead({ url: '/api/auth/csrf', method: 'GET', config: { access: 'public' } })).toBe(false);
    expect(isPublicRead({ url: '/api/auth/login', method: 'POST', config: { access: 'public' } })).toBe(false);
    expect(isPublicRead({ url: '/api/public/x', method: 'GET', config: { access: 'results:result:read' } })).toBe(false);
    // The handler takes its slot itself (the results lookup: by code coalesced without one, otherwise in a slot).
    expect(isPublicRead({ url: '/api/public/results', method: 'GET', config: { access: 'public', publicShare: 'handler' } })).toBe(false);
  });
});

describe('public reads under a held share', () => {
  let server: TestServer;
  let gate: Gate;
  let peak = 0;
  let hold: (() => void) | null = null;

  beforeAll(async () => {
    const inner = createGate(2);
    // The app's gate, observed: the most public handlers ever running at once.
    gate = {
      run: (work) => inner.run(async () => { peak = Math.max(peak, inner.running); return work(); }),
      get running() { return inner.running; },
      get waiting() { return inner.waiting; },
    };
    server = await startTestServer({ publicReads: gate });
  });
  afterAll(async () => { hold?.(); await server.close(); });

  it('runs at most the limit of public handlers at once and answers every one', async () => {
    const anon = await server.anon();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, k) => anon.get(`/api/public/results?page=${k + 1}&pageSize=1`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(peak).toBe(2);
  });

  it('answers a signed-in user while every public slot is taken, and the public reads after', async () => {
    const anon = await server.anon();
    // Signed in first: a sign-in is a change, after which the public cache starts afresh.
    const admin = await server.as('admin');
    const cached = await anon.get('/api/public/results?pageSize=3');
    expect(cached.statusCode).toBe(200);
    const held = Array.from({ length: 2 }, () => gate.run(() => new Promise<void>((resolve) => { const prev = hold; hold = () => { prev?.(); resolve(); }; })));
    await new Promise((r) => setImmediate(r));
    expect(gate.running).toBe(2);
    let answered = false;
    const waiting = anon.get('/api/public/results?pageSize=4').then((r) => { answered = true; return r; });
    const list = await admin.get('/api/directory/entities?page=1&pageSize=20');
    expect(list.statusCode).toBe(200);
    // The public cache answers what it holds without a slot.
    expect((await anon.get('/api/public/results?pageSize=3')).body).toBe(cached.body);
    expect(answered).toBe(false);
    // With the replica the harness first waits for it to replay the test's writes (catchUpBeforeReads): on a loaded
    // machine the request reaches the gate a little later.
    await vi.waitFor(() => { expect(gate.waiting).toBe(1); }, { timeout: 10_000 });
    expect(answered).toBe(false);
    hold?.();
    hold = null;
    await Promise.all(held);
    expect((await waiting).statusCode).toBe(200);
  });

  it('answers a lookup by code alone while every slot is taken (coalesced, it needs none), the unfiltered list after', async () => {
    const anon = await server.anon();
    const held = Array.from({ length: 2 }, () => gate.run(() => new Promise<void>((resolve) => { const prev = hold; hold = () => { prev?.(); resolve(); }; })));
    await new Promise((r) => setImmediate(r));
    expect(gate.running).toBe(2);
    let named = false;
    // The list without a filter is never coalesced: it waits for a slot.
    const byName = anon.get('/api/public/results?page=2&pageSize=5').then((r) => { named = true; return r; });
    const byCode = await Promise.all(['91220104MA0000000X', '91220104MA0000001X', '91220104MA0000002X'].map((c) => anon.get(`/api/public/results?creditCode=${c}`)));
    expect(byCode.map((r) => r.json<{ total: number }>().total)).toEqual([0, 0, 0]);
    expect(named).toBe(false);
    hold?.();
    hold = null;
    await Promise.all(held);
    expect((await byName).statusCode).toBe(200);
  });
});
