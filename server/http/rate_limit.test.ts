import { count, eq, gt } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { operationLog, refusalCounts } from '../db/schema';
import { SESSION_COOKIE } from '../modules/auth/session_store';
import { startTestServer, type TestServer } from '../test/harness';
import { DEFAULT_RATE_LIMITS, TokenBuckets, type RateLimitPolicy } from './rate_limit';

const SMALL: RateLimitPolicy = { anonymousWrites: 5, anonymousReads: 8, sessionWrites: 4, sessionReads: 6, maxClients: 1000 };

describe('TokenBuckets', () => {
  it('allows a burst of the capacity, then says how long to wait, and refills evenly over the window', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, () => now);
    for (let i = 0; i < 5; i++) expect(buckets.take('a', 5)).toBe(0);
    expect(buckets.take('a', 5)).toBe(2); // one token every 2 s
    now += 2_000;
    expect(buckets.take('a', 5)).toBe(0);
    expect(buckets.take('a', 5)).toBe(2);
    now += 60_000;
    for (let i = 0; i < 5; i++) expect(buckets.take('a', 5)).toBe(0); // never more than the capacity
    expect(buckets.take('a', 5)).toBeGreaterThan(0);
  });

  it('keeps each key apart, and a capacity of 0 means no limit', () => {
    const buckets = new TokenBuckets(10, () => 0);
    expect(buckets.take('a', 1)).toBe(0);
    expect(buckets.take('a', 1)).toBeGreaterThan(0);
    expect(buckets.take('b', 1)).toBe(0);
    for (let i = 0; i < 100; i++) expect(buckets.take('c', 0)).toBe(0);
  });

  it('holds at most maxKeys clients however many addresses a flood comes from, forgetting the least recently seen', () => {
    const buckets = new TokenBuckets(1000, () => 0);
    buckets.take('steady', 1);
    for (let i = 0; i < 100_000; i++) {
      buckets.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1);
      if (i % 500 === 0) buckets.take('steady', 1); // still limited: its bucket was not forgotten
    }
    expect(buckets.size).toBe(1000);
    expect(buckets.take('steady', 1)).toBeGreaterThan(0);
  });

  it('defaults leave room for a person and an office behind one address', () => {
    expect(DEFAULT_RATE_LIMITS.anonymousWrites).toBeGreaterThanOrEqual(60);
    expect(DEFAULT_RATE_LIMITS.sessionReads).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMITS.anonymousReads);
  });
});

describe('rate limits on the API', () => {
  let server: TestServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });

  it('answers an anonymous flood of POSTs with 429 RATE_LIMITED and Retry-After, reads having their own bucket', async () => {
    server = await startTestServer({ rateLimit: SMALL });
    const statuses: number[] = [];
    let limited = null;
    for (let i = 0; i < 12; i++) {
      const response = await server.app.inject({ method: 'POST', url: '/api/system/users', payload: { account: 'x' } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    expect(limited?.json()).toEqual({ code: 'RATE_LIMITED', message: expect.stringMatching(/^请求过于频繁，请 \d+ 秒后再试$/) as unknown });
    const retryAfter = Number(limited?.headers['retry-after']);
    expect(retryAfter).toBe(2); // 5 per 10 s: a token every 2 s
    server.now = new Date(server.now.getTime() + retryAfter * 1000);
    expect((await server.app.inject({ method: 'POST', url: '/api/system/users', payload: {} })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/system/users', payload: {} })).statusCode).toBe(429);
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/csrf' })).statusCode).toBe(200);
    // Routes without `access` (the docs, static files) are limited too, with the same answer.
    const docs: number[] = [];
    for (let i = 0; i < 8; i++) docs.push((await server.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode);
    expect(docs).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
    const refused = await server.app.inject({ method: 'GET', url: '/api/docs/static/index.css' });
    expect(refused.json<{ code: string }>().code).toBe('RATE_LIMITED');
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('limits each session apart from the others and from anonymous callers', async () => {
    server = await startTestServer({ rateLimit: { ...SMALL, anonymousReads: 100, anonymousWrites: 100 } });
    const admin = await server.as('admin');
    const other = await server.as('chaoyang');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await admin.get('/api/auth/me')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/auth/csrf' })).statusCode).toBe(200);

    // Writes: each refusal of a signed-in caller is a row; its 429s are one row with their count.
    const before = (await server.db.select({ n: count() }).from(operationLog))[0]?.n ?? 0;
    const writes: number[] = [];
    for (let i = 0; i < 7; i++) writes.push((await admin.post('/api/system/users', {})).statusCode);
    expect(writes).toEqual([400, 400, 400, 400, 429, 429, 429]);
    const rows = await server.db.select().from(operationLog).where(gt(operationLog.seq, before)).orderBy(operationLog.seq);
    expect(rows.map((r) => r.errorCode)).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'RATE_LIMITED']);
    const [limited] = await server.db.select().from(refusalCounts).where(eq(refusalCounts.firstSeq, rows[4]?.seq ?? 0));
    expect(limited).toMatchObject({ count: 3, actorKey: server.fixture.users.admin });
  });

  it('charges an unknown session cookie to the address, so inventing cookies gains nothing', async () => {
    server = await startTestServer({ rateLimit: SMALL });
    const statuses: number[] = [];
    let last = null;
    for (let i = 0; i < 10; i++) {
      last = await server.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { [SESSION_COOKIE]: `invented-${i}` } });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(last?.headers['retry-after']).toBe('2'); // 8 per 10 s: a token every 1.25 s
    expect(last?.json<{ code: string }>().code).toBe('RATE_LIMITED');
  });

  it('keys anonymous callers by the forwarded address only behind a trusted proxy', async () => {
    const flood = async (s: TestServer) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await s.app.inject({ method: 'POST', url: '/api/system/users', headers: { 'x-forwarded-for': `203.0.113.${i}` }, payload: {} });
        statuses.push(response.statusCode);
      }
      return statuses;
    };
    server = await startTestServer({ rateLimit: SMALL, trustProxy: true });
    expect(await flood(server)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    await server.close();
    server = await startTestServer({ rateLimit: SMALL });
    expect((await flood(server)).slice(5)).toEqual([429, 429]);
  });
});
