import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRegions } from '../../domain/codes/regions';
import { generateDemoData } from '../../domain/demo/generate';
import { ensureRegions } from '../bootstrap';
import { departments, experts, inspectorConflicts, inspectors, marketEntities } from '../db/schema';
import { freshnessReport } from '../modules/directory_confirmations/freshness';
import type { EntityTagRow, TagVersionRow } from '../modules/entity_tags/schema';
import type { InspectorRow } from '../modules/inspectors/schema';
import { startTestServer, type TestServer } from '../test/harness';
import { loadDemoInspectors, type DemoDirectoryCounts } from './inspectors';

let server: TestServer;
let counts: DemoDirectoryCounts;
const data = generateDemoData({ seed: 'directories-test', entities: 400 });
const departmentsByKey = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  await ensureRegions(server.db, allRegions().filter((r) => r.code.startsWith('22')).map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: r.level === 'province' ? 1 : r.level === 'prefecture' ? 2 : 3 })));
  // The fixture already has some of the demo departments' names: the demo's are loaded beside them, marked 演示.
  for (const d of data.departments) {
    const [row] = await server.db.insert(departments).values({ name: `${d.name}（演示）`, type: d.type, regionCode: d.regionCode }).returning({ id: departments.id });
    departmentsByKey.set(d.key, row!.id);
  }
  await server.db.insert(marketEntities).values(data.entities.map((e) => ({
    code: e.uscc, codeType: 'uscc', name: e.name, entityType: e.entityType, regionCode: e.regionCode, industryCode: e.industryCode,
    businessScope: e.businessScope, registeredOn: e.registeredOn, status: e.status,
  })));
  const usersByAccount = new Map([['admin', server.fixture.users.admin], ['inspector01', server.fixture.users.inspector]]);
  counts = await server.db.transaction((tx) => loadDemoInspectors(tx as never, { seed: data.seed, data, departmentsByKey, usersByAccount, now: server.now }));
});
afterAll(async () => { await server.close(); });

describe('demo 执法检查人员, 专家, 专项库 and 两库确认', () => {
  it('loads every inspector with dictionary values, some 回避 (one withdrawn), and the experts', async () => {
    expect(counts.inspectors).toBe(data.inspectors.length);
    expect(counts.experts).toBe(data.experts.length);
    expect(counts.recusals).toBeGreaterThan(5);
    expect((await server.db.select().from(inspectorConflicts).where(isNotNull(inspectorConflicts.entityId))).length).toBeGreaterThan(0);
    expect((await server.db.select().from(inspectorConflicts).where(isNotNull(inspectorConflicts.withdrawnAt))).length).toBe(1);
    const [linked] = await server.db.select({ name: inspectors.name }).from(inspectors).where(eq(inspectors.userId, server.fixture.users.inspector));
    expect(linked?.name).toBe(data.users.find((u) => u.username === 'inspector01')?.displayName);
    const admin = await server.as('admin');
    const food = (await admin.get(`/api/directory/inspectors?expertise=food_safety&pageSize=1`)).json<{ rows: InspectorRow[]; total: number }>();
    expect(food.total).toBeGreaterThan(0);
    const options = (await admin.get('/api/directory/inspectors/field-options')).json<{ posts: { value: string; label: string }[] }>();
    expect(options.posts.map((p) => p.label)).toEqual(expect.arrayContaining([...new Set(data.inspectors.map((i) => i.post))]));
    // A demo inspector passes the same validation as a new one (its post and tags are in the dictionaries).
    const one = (await admin.get('/api/directory/inspectors?pageSize=1')).json<{ rows: InspectorRow[] }>().rows[0]!;
    const edit = await admin.put(`/api/directory/inspectors/${one.id}`, {
      name: one.name, gender: one.gender, departmentId: one.departmentId, post: one.post, certificateNo: one.certificateNo,
      certificateValidUntil: one.certificateValidUntil, expertise: one.expertise, phone: one.phone, status: one.status, regionCode: one.regionCode, userId: one.userId,
    });
    expect(edit.statusCode).toBe(200);
    const statuses = new Set((await server.db.select({ status: experts.status }).from(experts)).map((e) => e.status));
    expect([...statuses].every((s) => s === 'available' || s === 'unavailable')).toBe(true);
  });

  it('confirms two 专项库, the food one in two versions', async () => {
    expect(counts.tagVersions).toBe(3);
    const admin = await server.as('admin');
    const tags = (await admin.get('/api/directory/entity-tags')).json<{ rows: EntityTagRow[] }>().rows;
    expect(tags.map((t) => [t.name, t.currentVersion])).toEqual([['食品经营者', 2], ['美容美发经营者', 1]]);
    const versions = (await admin.get(`/api/directory/entity-tags/${tags[0]!.id}/versions`)).json<TagVersionRow[]>();
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]!.memberCount).toBeGreaterThan(versions[1]!.memberCount);
  });

  it('leaves every demo department with both directories freshly confirmed', async () => {
    expect(counts.confirmations).toBe(data.departments.length * 2);
    for (const id of departmentsByKey.values()) expect((await freshnessReport(server.db, id, server.now)).ok).toBe(true);
  });
});
