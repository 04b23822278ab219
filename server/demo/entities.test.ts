import { count, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRegions } from '../../domain/codes/regions';
import { validateUscc } from '../../domain/codes/uscc';
import { generateDemoData } from '../../domain/demo/generate';
import { nameInitials } from '../../domain/directory/name_initials';
import { ensureRegions } from '../bootstrap';
import { departments, marketEntities } from '../db/schema';
import type { EntityPage } from '../modules/entities/schema';
import { startTestServer, type TestServer } from '../test/harness';
import { loadDemoEntities } from './entities';

let server: TestServer;
const data = generateDemoData({ seed: 'entities-demo-test', entities: 0 });
const departmentsByKey = new Map<string, string>();
let seconds = 0;

beforeAll(async () => {
  server = await startTestServer();
  await ensureRegions(server.db, allRegions().filter((r) => r.code.startsWith('22')).map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: r.level === 'province' ? 1 : r.level === 'prefecture' ? 2 : 3 })));
  for (const d of data.departments) {
    const [row] = await server.db.insert(departments).values({ name: `${d.name}（演示）`, type: d.type, regionCode: d.regionCode }).returning({ id: departments.id });
    departmentsByKey.set(d.key, row!.id);
  }
  const started = performance.now();
  await server.db.transaction((tx) => loadDemoEntities(tx as never, { seed: data.seed, entities: 20_000, departmentsByKey }));
  seconds = (performance.now() - started) / 1000;
});
afterAll(async () => { await server.close(); });

describe('demo entities', () => {
  it('loads the default 20,000 in a few seconds', async () => {
    const [total] = await server.db.select({ n: count() }).from(marketEntities);
    expect(total?.n).toBe(20_000);
    console.log(`20,000 demo entities loaded in ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(30);
  });

  it('loads exactly what the generator yields, with initials, an owner in the district and valid codes', async () => {
    const expected = generateDemoData({ seed: 'entities-demo-test', entities: 50 }).entities;
    const rows = await server.db.select().from(marketEntities).orderBy(marketEntities.id).limit(50);
    rows.forEach((row, i) => {
      const e = expected[i]!;
      expect(row).toMatchObject({ code: e.uscc, name: e.name, regionCode: e.regionCode, industryCode: e.industryCode, riskClass: e.creditClass, status: e.status });
      expect(row.nameInitials).toBe(nameInitials(e.name));
      expect(validateUscc(row.code).ok).toBe(true);
    });
    expect((await server.db.select({ n: count() }).from(marketEntities).where(isNull(marketEntities.ownerDepartmentId)))[0]?.n).toBe(0);
    const owners = await server.db.select({ region: marketEntities.regionCode, owner: departments.regionCode, type: departments.type })
      .from(marketEntities).innerJoin(departments, eq(departments.id, marketEntities.ownerDepartmentId)).limit(500);
    for (const o of owners) {
      expect(o.type).toBe('market_regulation');
      expect(o.owner === o.region || o.owner === '220100').toBe(true);
    }
    const inspected = await server.db.select({ n: count() }).from(marketEntities).where(sql`${marketEntities.lastInspectedOn} is not null`);
    expect(inspected[0]?.n).toBeGreaterThan(800);
  });

  it('is searchable through the API at once', async () => {
    const admin = await server.as('admin');
    const page = (await admin.get('/api/directory/entities?name=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&pageSize=5')).json<EntityPage>();
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBeGreaterThan(1000);
  });
});
