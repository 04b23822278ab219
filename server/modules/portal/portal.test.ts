/**
 * The portal's public routes (issue #11 item 1): published plans and tasks with their 实施方案, open data as CSV and
 * JSON; 400 for bad parameters and absurd page sizes, 404 for unknown or unpublished ids, markup and injection in
 * search terms answered as plain data, 429 for a flood, public caching.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { marketEntities } from '../../db/schema';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { at } from '../dispatch/test_fixtures';
import { batches } from './open_data_routes';
import type { PublicPlanRow, PublicTaskDetail, PublicTaskRow } from './schema';
import { addPortalWorld, PUBLIC, type PortalWorld } from './test_fixtures';

let server: TestServer;
let world: PortalWorld;
let anon: Client;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Each bad value of each query parameter answers 400 VALIDATION_FAILED naming that parameter, in Chinese. */
async function expectQueryErrors(url: string, invalid: Record<string, string[]>): Promise<void> {
  for (const [field, values] of Object.entries(invalid)) {
    for (const value of values) {
      const response = await anon.get(`${url}?${field}=${encodeURIComponent(value)}`);
      expect(response.statusCode, `${url} ${field}=${value}`).toBe(400);
      const body = response.json<{ code: string; message: string; details?: { field: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.some((d) => d.field === field), `${url} ${field}=${value}: ${body.message}`).toBe(true);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  }
}

beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-10T01:00:00Z');
  world = await addPortalWorld(server);
  anon = await server.anon();
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('plans and tasks', () => {
  it('lists the published plan with its planned tasks, cached for everyone', async () => {
    const response = await anon.get('/api/public/plans?year=2026');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toMatch(/public/);
    const page = response.json<{ rows: PublicPlanRow[]; total: number }>();
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ name: PUBLIC.plan, summary: PUBLIC.planSummary, year: 2026, kind: '部门计划', leadDepartmentName: '长春市朝阳区市场监督管理局', status: '已发布', version: 1 });
    expect(page.rows[0]?.tasks[0]).toMatchObject({ key: 'T1', windowStart: '2026-03-01', methods: ['实地核查'] });
    expect(page.rows[0]?.tasks[0]?.items).toHaveLength(3);
    expect((await anon.get('/api/public/plans?year=2025')).json()).toMatchObject({ total: 0 });
  });

  it('lists published tasks with their draw and matching, and shows the 实施方案', async () => {
    const page = (await anon.get('/api/public/tasks')).json<{ rows: PublicTaskRow[]; total: number }>();
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ id: world.taskId, code: world.taskCode, publishedDrawId: world.drawId, matchingPublished: true, status: '检查中', participatingDepartmentNames: ['长春市南关区市场监督管理局'] });
    expect((await anon.get(`/api/public/tasks?keyword=${world.taskCode}`)).json()).toMatchObject({ total: 1 });
    const detail = await anon.get(`/api/public/tasks/${world.taskId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const task = detail.json<PublicTaskDetail>();
    expect(task.items.map((i) => i.name)).toEqual(['年度报告公示情况', '即时信息公示情况', '食品经营许可情况']);
    expect(task.draws).toEqual([expect.objectContaining({ id: world.drawId, attempt: 1, status: '凭证已公布', selectedCount: expect.any(Number) as number })]);
    expect(task).toMatchObject({ annualCap: 2, teamSize: 2, targeting: expect.stringMatching(/^不定向/) as string });
  });

  it('answers 404 for unknown and unpublished tasks, 400 for a malformed id', async () => {
    expect((await anon.get(`/api/public/tasks/${UNKNOWN}`)).statusCode).toBe(404);
    expect((await anon.get(`/api/public/tasks/${world.draftTaskId}`)).json()).toMatchObject({ code: 'NOT_FOUND' });
    const bad = await anon.get('/api/public/tasks/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [expect.objectContaining({ field: 'taskId' })] });
  });

  it('refuses bad filters and absurd page sizes with the field named', async () => {
    for (const url of ['/api/public/plans', '/api/public/tasks']) {
      await expectQueryErrors(url, { year: ['abc', '1900', '2026.5'], pageSize: ['0', '201', '1000000', 'x'], page: ['0', '-1', '100001'], keyword: ['字'.repeat(101)] });
    }
    for (const url of ['/api/public/results?pageSize=100000', '/api/public/audit/checkpoints?pageSize=5000', '/api/public/inspectors?pageSize=201']) {
      expect((await anon.get(url)).statusCode, url).toBe(400);
    }
  });

  it('treats markup and injection in search terms as plain text', async () => {
    for (const term of ['<script>alert(1)</script>', "' or 1=1 --", '%', '_', '\\', '"; drop table tasks; --']) {
      for (const url of ['/api/public/results', '/api/public/plans', '/api/public/tasks']) {
        const response = await anon.get(`${url}?keyword=${encodeURIComponent(term)}`);
        expect(response.statusCode, `${url} ${term}`).toBe(200);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.json(), `${url} ${term}`).toMatchObject({ total: 0 });
      }
    }
    // A name that contains markup is returned as the same characters, inside JSON.
    // Written as the directory writes a name: with its two-character pieces (name search reads them, decision 0004).
    await server.db.update(marketEntities).set({ name: '<b>标记</b>商贸有限公司', nameBigramKeys: nameBigramKeys('<b>标记</b>商贸有限公司') }).where(eq(marketEntities.id, world.entities[0] as number));
    const marked = await anon.get(`/api/public/results?keyword=${encodeURIComponent('<b>标记')}`);
    expect(marked.json<{ rows: { entityName: string }[] }>().rows[0]?.entityName).toBe('<b>标记</b>商贸有限公司');
    expect(marked.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('open data', () => {
  it('indexes the years and departments with published results', async () => {
    const index = (await anon.get('/api/public/open-data')).json<{ rows: { year: number; departmentName: string; results: number }[]; schemaVersion: string }>();
    expect(index).toMatchObject({ schemaVersion: 'suiji-open-results/1', rows: [{ year: 2026, departmentName: '长春市朝阳区市场监督管理局', results: 2 }] });
  });

  it('streams the year as CSV for Excel: BOM, header, withheld fields empty, formulas defused', async () => {
    await server.db.update(marketEntities).set({ name: '=HYPERLINK("http://x","点我")' }).where(eq(marketEntities.id, world.entities[1] as number));
    const response = await anon.get('/api/public/open-data/results.csv?year=2026');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toMatch(/attachment; filename="suiji-results-2026\.csv"/);
    const lines = response.body.split('\r\n');
    expect(lines[0]?.startsWith('\uFEFF结果编号,任务编号,任务名称,检查部门,市场主体名称,统一社会信用代码')).toBe(true);
    expect(lines.filter((l) => l !== '')).toHaveLength(3);
    expect(response.body).toContain(PUBLIC.note);
    expect(response.body).toContain('"\'=HYPERLINK(""http://x"",""点我"")"');
    expect(response.body).not.toMatch(/,=HYPERLINK/);
    expect((await anon.get('/api/public/open-data/results.csv?year=2025')).body.split('\r\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('streams JSON per department with the documented schema', async () => {
    const response = await anon.get(`/api/public/open-data/results.json?year=2026&departmentId=${server.fixture.departments.chaoyangMarket}`);
    expect(response.statusCode, response.body).toBe(200);
    const doc = response.json<{ schema: string; year: number; department: string; rows: { id: string; note: string | null; withheldFields: string[]; corrections: unknown[] }[] }>();
    expect(doc).toMatchObject({ schema: 'suiji-open-results/1', year: 2026, department: '长春市朝阳区市场监督管理局' });
    expect(doc.rows.map((r) => r.id).sort()).toEqual([world.resultIds[0], world.resultIds[1]].sort());
    expect(doc.rows.find((r) => r.id === world.resultIds[1])).toMatchObject({ note: null, withheldFields: ['note', 'disposal'] });
    const other = (await anon.get(`/api/public/open-data/results.json?year=2026&departmentId=${server.fixture.departments.jilinMarket}`)).json<{ rows: unknown[] }>();
    expect(other.rows).toEqual([]);
  });

  it('lists every year × department file with its rows, size and SHA-256, which match the downloads', async () => {
    const manifest = (await anon.get('/api/public/open-data/manifest')).json<{ schemaVersion: string; files: { format: string; url: string; rows: number; bytes: number; sha256: string; departmentName: string; year: number }[] }>();
    expect(manifest.schemaVersion).toBe('suiji-open-results/1');
    expect(manifest.files.map((f) => [f.year, f.departmentName, f.format, f.rows])).toEqual([[2026, '长春市朝阳区市场监督管理局', 'csv', 2], [2026, '长春市朝阳区市场监督管理局', 'json', 2]]);
    for (const file of manifest.files) {
      const download = await anon.get(file.url);
      expect(download.statusCode, download.body).toBe(200);
      expect(download.rawPayload.length).toBe(file.bytes);
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(file.sha256);
    }
  });

  it('reads the year in keyset batches, each row once', async () => {
    const seen: string[] = [];
    let count = 0;
    for await (const rows of batches(server.db, { year: 2026 }, 1)) {
      count += 1;
      seen.push(...rows.map((r) => r.id));
    }
    expect(count).toBe(2);
    expect(seen.sort()).toEqual([world.resultIds[0], world.resultIds[1]].sort());
  });

  it('refuses a missing or bad year and department; an unknown department is 404', async () => {
    expect((await anon.get('/api/public/open-data/results.csv')).json()).toMatchObject({ details: [expect.objectContaining({ field: 'year' })] });
    expect((await anon.get('/api/public/open-data/results.json?year=20266')).statusCode).toBe(400);
    expect((await anon.get('/api/public/open-data/results.json?year=2026&departmentId=x')).statusCode).toBe(400);
    expect((await anon.get(`/api/public/open-data/results.json?year=2026&departmentId=${UNKNOWN}`)).statusCode).toBe(404);
  });
});

describe('a flood of public requests', () => {
  it('is answered 429 with Retry-After on every new public route', async () => {
    const limited = await startTestServer({ rateLimit: { anonymousWrites: 5, anonymousReads: 5, sessionWrites: 5, sessionReads: 5, maxClients: 100 } });
    try {
      for (const url of ['/api/public/plans', '/api/public/tasks', '/api/public/open-data', '/api/public/open-data/results.csv?year=2026', '/api/public/results?keyword=x']) {
        const statuses: number[] = [];
        let retryAfter: unknown;
        for (let k = 0; k < 8; k++) {
          const r = await limited.app.inject({ method: 'GET', url });
          statuses.push(r.statusCode);
          if (r.statusCode === 429) retryAfter = r.headers['retry-after'];
        }
        expect(statuses.slice(0, 5).every((s) => s === 200), `${url}: ${statuses.join(',')}`).toBe(true);
        expect(statuses.slice(5), url).toEqual([429, 429, 429]);
        expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
        limited.now = new Date(limited.now.getTime() + 20_000); // the bucket refills before the next route
      }
    } finally {
      await limited.close();
    }
  });
});
