import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar/civil_date';
import { inspectors } from '../db/schema';
import { startTestServer, type TestServer } from '../test/harness';
import { PUBLIC_CACHE_TTL_MS, PUBLIC_MAX_AGE_SECONDS } from './public_cache';
import { shanghaiDate } from './today';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const publicList = '/api/public/inspectors?page=1&pageSize=20';
interface PublicPage { rows: { name: string; certificateNo: string }[]; total: number }

function inspector(name: string, certificateNo: string) {
  return {
    name, gender: 'male', departmentId: server.fixture.departments.chaoyangMarket, post: '综合执法', certificateNo,
    certificateValidUntil: addDays(shanghaiDate(server.now), 300), expertise: [], phone: '13912345678', status: 'on_duty', regionCode: null, userId: null,
  };
}

describe('cached public answers', () => {
  it('lists an inspector added through the API a moment ago', async () => {
    const anon = await server.anon();
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post('/api/directory/inspectors', inspector('李公示', '吉22010400101'))).statusCode).toBe(201);
    const first = (await anon.get(publicList)).json<PublicPage>();
    expect(first.rows.map((r) => r.name)).toContain('李公示');
    expect((await chaoyang.post('/api/directory/inspectors', inspector('赵公示', '吉22010400102'))).statusCode).toBe(201);
    const second = (await anon.get(publicList)).json<PublicPage>();
    expect(second.total).toBe(first.total + 1);
    expect(second.rows.map((r) => r.name)).toContain('赵公示');
  });

  it('sends an ETag and public caching headers, and 304 when the browser already holds the answer', async () => {
    const anon = await server.anon();
    const first = await anon.get(publicList);
    expect(first.headers['cache-control']).toBe(`public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^".+"$/);
    const cached = await anon.raw('GET', publicList);
    expect(cached.body).toBe(first.body);
    expect(cached.headers['etag']).toBe(etag);
    const again = await anon.raw('GET', publicList, undefined, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('keeps public caching headers off the routes that need a login, and validates a query before any cached answer', async () => {
    const chaoyang = await server.as('chaoyang');
    const list = await chaoyang.get('/api/directory/inspectors?page=1&pageSize=20');
    expect(list.statusCode).toBe(200);
    expect(String(list.headers['cache-control'] ?? '')).not.toMatch(/public/);
    const anon = await server.anon();
    expect((await anon.get('/api/public/inspectors?page=0&pageSize=20')).statusCode).toBe(400);
  });

  it('shows a change made outside this process once the cache time has passed', async () => {
    const anon = await server.anon();
    const before = (await anon.get(publicList)).json<PublicPage>();
    await server.db.update(inspectors).set({ name: '钱改名' }).where(eq(inspectors.certificateNo, '吉22010400101'));
    const start = server.now;
    server.now = new Date(start.getTime() + PUBLIC_CACHE_TTL_MS);
    try {
      const after = (await anon.get(publicList)).json<PublicPage>();
      expect(before.rows.map((r) => r.name)).toContain('李公示');
      expect(after.rows.map((r) => r.name)).toContain('钱改名');
      expect(after.rows.map((r) => r.name)).not.toContain('李公示');
    } finally {
      server.now = start;
    }
  });
});
