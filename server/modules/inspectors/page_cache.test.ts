import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectors } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { insertInspector } from '../todos/test_workflow';
import { INSPECTOR_PAGE_CACHE_TTL_MS } from './routes';
import type { z } from 'zod';
import type { InspectorPage as InspectorPageSchema } from './schema';

type InspectorPage = z.infer<typeof InspectorPageSchema>;

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const list = '/api/directory/inspectors?page=1&pageSize=100';

describe('cached inspector list pages', () => {
  it('lists an inspector added through the API on the next request, in pinyin order', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = (await chaoyang.get(list)).json<InspectorPage>();
    const created = await chaoyang.post('/api/directory/inspectors', {
      name: '艾缓存', gender: 'female', departmentId: server.fixture.departments.chaoyangMarket, post: null, certificateNo: '22010499001',
      certificateValidUntil: '2030-12-31', expertise: [], phone: null, status: 'on_duty', userId: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const after = (await chaoyang.get(list)).json<InspectorPage>();
    expect(after.total).toBe(before.total + 1);
    const mine = after.rows.filter((r) => r.departmentId === server.fixture.departments.chaoyangMarket).map((r) => r.name);
    expect(mine[0]).toBe('艾缓存');
  });

  it('shows an inspector added outside this process once the cache time has passed; rows are read fresh meanwhile', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = (await chaoyang.get(list)).json<InspectorPage>();
    const id = await insertInspector(server, { name: '巴外部', departmentId: server.fixture.departments.chaoyangMarket, regionCode: '220104', validUntil: '2030-12-31' });
    // Within the cache time the page's ids are kept (another instance's insert is not seen yet) …
    expect((await chaoyang.get(list)).json<InspectorPage>().total).toBe(before.total);
    const start = server.now;
    server.now = new Date(start.getTime() + INSPECTOR_PAGE_CACHE_TTL_MS);
    try {
      const after = (await chaoyang.get(list)).json<InspectorPage>();
      expect(after.total).toBe(before.total + 1);
      expect(after.rows.map((r) => r.id)).toContain(id);
      // … but the rows are always read fresh: a rename shows while the ids are cached.
      await server.db.update(inspectors).set({ name: '巴外部改' }).where(eq(inspectors.id, id));
      expect((await chaoyang.get(list)).json<InspectorPage>().rows.map((r) => r.name)).toContain('巴外部改');
    } finally {
      server.now = start;
    }
  });

  it('keeps pages apart per caller scope: a department user never gets another scope’s cached page', async () => {
    await insertInspector(server, { name: '常南关', departmentId: server.fixture.departments.nanguanMarket, regionCode: '220102', validUntil: '2030-12-31' });
    server.now = new Date(server.now.getTime() + INSPECTOR_PAGE_CACHE_TTL_MS);
    // The administrator's page first, so that a shared cache entry would be found by the department user next.
    const city = (await (await server.as('admin')).get(list)).json<InspectorPage>();
    const chaoyang = (await (await server.as('chaoyang')).get(list)).json<InspectorPage>();
    expect(city.total).toBeGreaterThan(chaoyang.total);
    expect(chaoyang.rows.every((r) => r.departmentId === server.fixture.departments.chaoyangMarket)).toBe(true);
  });
});
