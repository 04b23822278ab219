import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationLog, refusalCounts } from '../db/schema';
import type { OperationLogRow } from '../modules/audit_log/schema';
import { startTestServer, type TestServer } from '../test/harness';
import { verifyChain } from './chain';

let server: TestServer;

beforeAll(async () => {
  // Limits high enough that only the log aggregation is under test here (rate_limit.test.ts has the 429s).
  server = await startTestServer();
});
afterAll(async () => { await server.close(); });

async function logRows(): Promise<number> {
  return (await server.db.select({ n: count() }).from(operationLog))[0]?.n ?? 0;
}

let attempt = 0;
/** Each attempt has another query string: the count is keyed by the route, not the raw URL. */
async function anonymousPost(ip: string): Promise<number> {
  attempt++;
  const response = await server.app.inject({ method: 'POST', url: `/api/system/users?attempt=${attempt}`, remoteAddress: ip, payload: { account: 'x' } });
  return response.statusCode;
}

describe('refused anonymous requests in the operation log', () => {
  it('a single refusal is a row of its own', async () => {
    const before = await logRows();
    expect(await anonymousPost('198.51.100.7')).toBe(401);
    expect(await logRows()).toBe(before + 1);
    const [row] = await server.db.select().from(operationLog).where(eq(operationLog.seq, before + 1));
    expect(row).toMatchObject({ actorId: null, outcome: 'failure', errorCode: 'UNAUTHENTICATED', ip: '198.51.100.7', method: 'POST' });
  });

  it('a flood adds one row per client, route and minute, counted beside it and shown as 「匿名请求被拒绝 N 次」', async () => {
    const minute = Math.floor(server.now.getTime() / 60_000) * 60_000;
    server.now = new Date(minute + 60_000 + 5_000);
    const before = await logRows();
    for (let i = 0; i < 400; i++) expect(await anonymousPost('203.0.113.9')).toBe(401);
    expect(await logRows()).toBe(before + 1);
    for (let i = 0; i < 3; i++) await anonymousPost('203.0.113.10'); // another client: its own row
    expect(await logRows()).toBe(before + 2);
    server.now = new Date(minute + 120_000); // the next minute: one more row
    for (let i = 0; i < 50; i++) await anonymousPost('203.0.113.9');
    expect(await logRows()).toBe(before + 3);

    const counts = await server.db.select().from(refusalCounts).where(eq(refusalCounts.ip, '203.0.113.9'));
    expect(counts.map((c) => [c.count, c.firstSeq]).sort()).toEqual([[400, before + 1], [50, before + 3]].sort());
    expect(await verifyChain(server.db)).toMatchObject({ ok: true });

    const admin = await server.as('admin');
    const page = (await admin.get('/api/monitor/operation-logs?pageSize=10')).json<{ rows: OperationLogRow[] }>();
    const flood = page.rows.find((r) => r.seq === before + 1);
    expect(flood).toMatchObject({ refusalCount: 400, ip: '203.0.113.9', errorCode: 'UNAUTHENTICATED' });
    expect(page.rows.find((r) => r.seq === before + 2)?.refusalCount).toBe(3);
  });

  it('a signed-in caller stays accountable: one row per refusal', async () => {
    const inspector = await server.as('inspector');
    const before = await logRows();
    for (let i = 0; i < 3; i++) expect((await inspector.post('/api/system/users', { account: 'x' })).statusCode).toBe(403);
    expect(await logRows()).toBe(before + 3);
    const admin = await server.as('admin');
    const page = (await admin.get(`/api/monitor/operation-logs?pageSize=3&outcome=failure&actorName=${encodeURIComponent('检查员甲')}`)).json<{ rows: OperationLogRow[] }>();
    expect(page.rows.map((r) => [r.errorCode, r.refusalCount])).toEqual([['FORBIDDEN', null], ['FORBIDDEN', null], ['FORBIDDEN', null]]);
  });
});
