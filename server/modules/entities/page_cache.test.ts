import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketEntities } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { ENTITY_PAGE_CACHE_TTL_MS } from './page_cache';
import type { EntityPage } from './schema';
import { seedEntities, uscc } from './test_entities';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const list = '/api/directory/entities?page=1&pageSize=20';

describe('cached entity list pages', () => {
  it('lists a record added through the API on the next request', async () => {
    await seedEntities(server, [{ name: '长春市缓存一号商店', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket }]);
    const chaoyang = await server.as('chaoyang');
    const before = (await chaoyang.get(list)).json<EntityPage>();
    const created = await chaoyang.post('/api/directory/entities', {
      code: uscc('220104', 9301), name: '长春市缓存二号商店', entityType: 'enterprise', regionCode: '220104', industryCode: 'I6513',
      legalRepresentative: '李四', address: '长春市朝阳区红旗街2号', registeredOn: '2019-05-06', status: 'active',
      abnormalList: false, seriousViolation: false, ownerDepartmentId: server.fixture.departments.chaoyangMarket,
    });
    expect(created.statusCode).toBe(201);
    const after = (await chaoyang.get(list)).json<EntityPage>();
    expect(after.total).toBe(before.total + 1);
    expect(after.rows[0]?.name).toBe('长春市缓存二号商店');
  });

  it('shows a record added outside this process (another instance, a script) once the cache time has passed; rows are read fresh', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = (await chaoyang.get(list)).json<EntityPage>();
    const [seeded] = await seedEntities(server, [{ name: '长春市缓存三号商店', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket }]);
    const start = server.now;
    server.now = new Date(start.getTime() + ENTITY_PAGE_CACHE_TTL_MS);
    try {
      const after = (await chaoyang.get(list)).json<EntityPage>();
      expect(after.total).toBe(before.total + 1);
      expect(after.rows.map((r) => r.id)).toContain(String(seeded?.id));
      // The rows are read fresh: a rename shows even while the page's ids are cached.
      await server.db.update(marketEntities).set({ name: '长春市缓存三号超市' }).where(eq(marketEntities.id, seeded?.id ?? 0));
      expect((await chaoyang.get(list)).json<EntityPage>().rows.map((r) => r.name)).toContain('长春市缓存三号超市');
    } finally {
      server.now = start;
    }
  });
});
