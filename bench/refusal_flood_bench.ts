/**
 * `npx tsx bench/refusal_flood_bench.ts [requests]`: an anonymous flood of refused POSTs against the
 * real app (embedded database, production rate limits, the wall clock), as probed in issue #7 item 5.
 * Prints how many were refused 401 and 429 and how much the operation log grew — one row per client,
 * route, error code and minute, however many requests (not a test; figures of this machine).
 */
import { count } from 'drizzle-orm';
import { loadavg } from 'node:os';
import { operationLog, refusalCounts } from '../server/db/schema';
import { DEFAULT_RATE_LIMITS } from '../server/http/rate_limit';
import { startTestServer, type TestServer } from '../server/test/harness';

interface Row { scenario: string; requests: number; clients: number; unauthenticated: number; rateLimited: number; logRows: number; countRows: number; seconds: string; perSecond: number }

async function rows(server: TestServer): Promise<{ log: number; counts: number }> {
  const [log] = await server.db.select({ n: count() }).from(operationLog);
  const [counts] = await server.db.select({ n: count() }).from(refusalCounts);
  return { log: log?.n ?? 0, counts: counts?.n ?? 0 };
}

async function flood(server: TestServer, scenario: string, requests: number, clients: number): Promise<Row> {
  const before = await rows(server);
  const statuses = new Map<number, number>();
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    server.now = new Date();
    const response = await server.app.inject({
      method: 'POST', url: '/api/system/users', remoteAddress: `198.18.${(i % clients) >> 8}.${(i % clients) & 255}`, payload: { account: 'x' },
    });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await rows(server);
  return {
    scenario, requests, clients, unauthenticated: statuses.get(401) ?? 0, rateLimited: statuses.get(429) ?? 0,
    logRows: after.log - before.log, countRows: after.counts - before.counts, seconds: seconds.toFixed(1), perSecond: Math.round(requests / seconds),
  };
}

const requests = Number(process.argv[2] ?? 100_000);
const server = await startTestServer({ rateLimit: DEFAULT_RATE_LIMITS });
try {
  const results = [
    await flood(server, 'one client', requests, 1),
    await flood(server, '1,000 clients', Math.min(requests, 20_000), 1000),
  ];
  process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; limits ${JSON.stringify(DEFAULT_RATE_LIMITS)}\n`);
  console.table(results);
} finally {
  await server.close();
}
