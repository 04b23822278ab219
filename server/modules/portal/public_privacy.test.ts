/**
 * Nothing private leaves the public API (issue #11 item 1: 长春第19条, 渝北 四（九）): every route under /api/public — read
 * from Fastify's own route table, so a route added later is walked too — is called with real ids of a world that
 * holds credit-risk classes, phone numbers, a conflict declaration, a withheld result, unpublished results, a draft
 * plan and a draft task (test_fixtures.ts), and every answer is searched: no private key, no private value, no
 * entity's class beside it, no user account. Positive markers prove the walk saw real data.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { at } from '../dispatch/test_fixtures';
import { addPortalWorld, PUBLIC, SECRETS, type PortalWorld } from './test_fixtures';

let server: TestServer;
let world: PortalWorld;
let anon: Client;

/** Keys of private fields (a checkpoint's Ed25519 `signature` is public; the result signer's name is not). */
const PRIVATE_KEYS = /"(riskClass|risk_class|creditClass|phone|mobile|passwordHash|password_hash|account|legalRepresentative|salt|personName|conflict\w*|withheld|signerName|createdBy|submittedBy)"\s*:/;

/** Every GET under /api/public in Fastify's route table (printRoutes: a tree whose children carry the rest of the path). */
function publicRoutes(): string[] {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${depth > 0 ? stack[depth - 1] ?? '' : ''}${m[2] ?? ''}`;
    stack.push(path);
    if (path.startsWith('/api/public/') && (m[3] ?? '').split(/,\s*/).includes('GET')) routes.add(path);
  }
  return [...routes].sort();
}

/** Real ids for each path parameter, and the query a route needs to answer 200 (open data needs a year). */
function urlsOf(route: string): string[] {
  const ids: Record<string, string[]> = { id: [world.drawId], taskId: [world.taskId, world.draftTaskId] };
  let urls = [route];
  for (const name of route.match(/:(\w+)/g) ?? []) {
    const values = ids[name.slice(1)] ?? ['00000000-0000-4000-8000-000000000000'];
    urls = urls.flatMap((u) => values.map((v) => u.replace(name, v)));
  }
  const queries: Record<string, string[]> = {
    '/api/public/results': ['', `?keyword=${encodeURIComponent('测试商贸')}`, ...world.creditCodes.map((c) => `?creditCode=${c}`)],
    '/api/public/open-data/results.csv': ['?year=2026'],
    '/api/public/open-data/results.json': ['?year=2026', `?year=2026&departmentId=${server.fixture.departments.chaoyangMarket}`],
    '/api/public/checklists': ['?regionCode=220104'],
    '/api/public/plans': ['', '?year=2026'],
    '/api/public/tasks': ['', '?year=2026'],
  };
  return urls.flatMap((u) => (queries[route] ?? ['']).map((q) => `${u}${q}`));
}

/** Objects in a JSON value that carry an entity's credit code as a value. */
function objectsWith(value: unknown, code: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) objectsWith(v, code, out);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (Object.values(o).includes(code)) out.push(o);
    for (const v of Object.values(o)) objectsWith(v, code, out);
  }
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-10T01:00:00Z');
  world = await addPortalWorld(server);
  // A signed checkpoint, so the checkpoint routes answer with data.
  const admin = await server.as('admin');
  expect((await admin.post('/api/monitor/audit-checkpoints')).statusCode).toBe(201);
  anon = await server.anon();
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('the public API gives away nothing private', () => {
  it('walks every public route of the route table', async () => {
    const routes = publicRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    // The walk reaches the routes this issue added and those before it.
    for (const r of ['/api/public/results', '/api/public/plans', '/api/public/tasks', '/api/public/tasks/:taskId', '/api/public/tasks/:taskId/attempts', '/api/public/open-data', '/api/public/audit/checkpoints/export', '/api/public/open-data/results.csv',
      '/api/public/draws/:id/receipt', '/api/public/matching/:taskId', '/api/public/audit/checkpoints', '/api/public/inspectors']) expect(routes).toContain(r);
    const seen: string[] = [];
    for (const route of routes) {
      for (const url of urlsOf(route)) {
        const response = await anon.get(url);
        expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
        const body = response.body;
        seen.push(body);
        expect(body, url).not.toMatch(PRIVATE_KEYS);
        for (const secret of Object.values(SECRETS)) expect(body.includes(secret), `${url} shows “${secret}”`).toBe(false);
        expect(body, url).not.toMatch(/\$argon2|leader\d+|partner\d+|stranger\d+|"admin"/);
        if (/json/.test(String(response.headers['content-type'])) && /^[[{]/.test(body)) {
          const json = JSON.parse(body) as unknown;
          for (const [code, riskClass] of world.riskClasses) {
            for (const o of objectsWith(json, code)) {
              expect(Object.values(o).filter((v) => v === riskClass), `${url}: ${code} is shown beside its class`).toEqual([]);
            }
          }
        }
      }
    }
    const all = seen.join('\n');
    // The walk saw real data: the published result, the published plan, the draw, the matching, a checkpoint.
    for (const marker of [PUBLIC.note, PUBLIC.plan, PUBLIC.planSummary, world.taskCode, 'suiji-checkpoint/1', '"teams"', '"publicResult"']) expect(all).toContain(marker);
    expect(all).not.toContain('77.5'); // a plan's per-class ratio
  });

  it('does not find unpublished plans, tasks or results by id or by search', async () => {
    expect((await anon.get(`/api/public/tasks/${world.draftTaskId}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/public/matching/${world.draftTaskId}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/public/tasks?keyword=${encodeURIComponent('DRAFT-TASK')}`)).json()).toMatchObject({ total: 0 });
    expect((await anon.get(`/api/public/plans?keyword=${encodeURIComponent('DRAFT-PLAN')}`)).json()).toMatchObject({ total: 0 });
    const results = (await anon.get(`/api/public/results?keyword=${encodeURIComponent('测试商贸')}`)).json<{ rows: { id: string; note: string | null; withheldFields: string[] }[]; total: number }>();
    expect(results.rows.map((r) => r.id).sort()).toEqual([world.resultIds[0], world.resultIds[1]].sort());
    expect(results.rows.find((r) => r.id === world.resultIds[1])).toMatchObject({ note: null, withheldFields: ['note', 'disposal'] });
  });
});
