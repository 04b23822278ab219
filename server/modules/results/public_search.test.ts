/**
 * 抽查结果公示 search at scale (issue #11 item 6): the name search reads the names' two-character pieces first and must
 * find exactly what `name like '%keyword%'` finds; the total is counted once per filter (parallel requests share it)
 * and a keyword's count stops at 10,000 ("10,000+").
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { forgetNamePieceStats, namePieceProbe, readNamePieceStats } from '../entities/name_piece_stats';
import { at } from '../dispatch/test_fixtures';
import { addPortalWorld, type PortalWorld } from '../portal/test_fixtures';
import { publicPageByCode, publicPageByName } from './public_coalesced';
import { publicPage } from './public_page';

let server: TestServer;
let world: PortalWorld;
let anon: Client;

interface Page { rows: { entityName: string; creditCode: string }[]; total: number; totalIsLowerBound?: boolean }

async function search(query: string): Promise<Page> {
  const response = await anon.get(`/api/public/results?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page>();
}

/** The straightforward recount: published results whose entity's name contains `keyword` (LIKE, no index). */
async function recount(keyword: string): Promise<number> {
  const escaped = `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const result: unknown = await server.db.execute(sql`select count(*)::int as n from inspection_results r join market_entities e on e.id = r.entity_id
    where r.status = 'published' and e.name like ${escaped}`);
  return (result as { rows: { n: number }[] }).rows[0]?.n ?? -1;
}

async function rename(entityId: number, name: string): Promise<void> {
  await server.db.execute(sql`update market_entities set name = ${name}, name_bigram_keys = ${sql.param(nameBigramKeys(name))}::int[] where id = ${entityId}`);
}

beforeAll(async () => {
  server = await startTestServer();
  at(server, '2026-12-10T01:00:00Z');
  world = await addPortalWorld(server);
  anon = await server.anon();
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('public results search', () => {
  it('finds by name exactly what LIKE finds: pieces of any length, letters as typed, Σ, markup', async () => {
    const [first, second] = world.entities;
    await rename(first ?? 0, 'ABC长春鑫源商贸有限公司');
    await rename(second ?? 0, 'ΟΔΟΣ鑫源<b>商行');
    const keywords = ['鑫源', '鑫源商贸', 'ABC长春鑫源商贸有限公司', 'ABC', 'abc', 'BC长', '鑫', 'ΟΔΟΣ', 'ΔΟΣ鑫', 'ς鑫', '<b>商', '有限公司', '源商行', '不存在的名称'];
    for (const keyword of keywords) {
      const page = await search(`keyword=${encodeURIComponent(keyword)}`);
      expect(page.total, keyword).toBe(await recount(keyword));
      expect(page.rows.every((r) => r.entityName.includes(keyword)), keyword).toBe(true);
    }
    expect((await search(`keyword=${encodeURIComponent('鑫源')}`)).total).toBe(2);
    expect((await search('keyword=abc')).total).toBe(0);
  });

  it('answers parallel requests of one filter with one total (pages counted once)', async () => {
    const all = await recount('');
    const pages = await Promise.all(Array.from({ length: 12 }, (_, k) => search(`page=${1 + (k % 3)}&pageSize=${1 + (k % 4)}`)));
    expect(pages.map((p) => p.total)).toEqual(Array.from({ length: 12 }, () => all));
    expect(pages.every((p) => p.totalIsLowerBound === undefined)).toBe(true);
  });

  it('stops counting a common keyword at 10,000 and says so', async () => {
    // 10,001 more published results of entities named alike (set-based, as bench/portal_world.ts writes them).
    const name = '同名公示商贸有限公司';
    await server.db.execute(sql`insert into market_entities (code, code_type, name, name_bigram_keys, entity_type, region_code, status)
      select 'PUBSEARCH' || lpad(g::text, 9, '0'), 'other', ${name}, ${sql.param(nameBigramKeys(name))}::int[], 'enterprise', '220104', 'active' from generate_series(1, 10001) g`);
    await server.db.execute(sql`insert into task_objects (task_id, draw_id, entity_id, stratum, rank)
      select ${world.taskId}, ${world.drawId}, e.id, 'all', e.id from market_entities e where e.code like 'PUBSEARCH%'`);
    await server.db.execute(sql`insert into inspection_results (task_id, task_object_id, entity_id, department_id, region_code, status, check_date, check_method, result_category, disposal, published_at)
      select o.task_id, o.id, o.entity_id, t.lead_department_id, '220104', 'published', '2026-12-01', 'on_site', 'no_problem', 'none', timestamptz '2026-12-02 10:00+08'
      from task_objects o join tasks t on t.id = o.task_id join market_entities e on e.id = o.entity_id where e.code like 'PUBSEARCH%'`);
    // Written behind the server's back: its counts and pages are kept for 10 s, so read a minute later.
    at(server, '2026-12-10T01:01:00Z');
    const common = await search(`keyword=${encodeURIComponent('公示商贸')}&pageSize=5`);
    expect(common).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    expect(common.rows).toHaveLength(5);
    // A code or no filter at all is counted exactly.
    const all = await search('pageSize=1');
    expect(all.total).toBe(await recount(''));
    expect(all.totalIsLowerBound).toBeUndefined();
    const code = (await search(`keyword=${encodeURIComponent(name)}&pageSize=1`)).rows[0]?.creditCode ?? '';
    expect(await search(`creditCode=${code}`)).toMatchObject({ total: 1 });
  });

  it('looks a name up by its rarest pieces once the statistics know them, with the same rows as LIKE', async () => {
    // The 10,001 names alike (the test before) make their pieces the commonest of all.
    await server.db.execute(sql`analyze market_entities`);
    forgetNamePieceStats();
    const stats = await readNamePieceStats(server.db);
    expect(stats, 'ANALYZE keeps element statistics of name_bigram_keys').not.toBeNull();
    expect(nameBigramKeys('公示商贸有限公司').every((k) => (stats?.share.get(k) ?? 0) > 0.5)).toBe(true);
    const { keys: probe, share } = await namePieceProbe(server.db, 'ABC长春鑫源商贸有限公司');
    // Rare: coalesced (public_coalesced.ts); 公示商贸 (in most names) through a query planned for it.
    expect(share).toBeLessThan(0.001);
    expect((await namePieceProbe(server.db, '公示商贸')).share).toBeGreaterThan(0.001);
    expect(probe.length).toBeGreaterThan(0);
    expect(probe.length).toBeLessThan(nameBigramKeys('ABC长春鑫源商贸有限公司').length);
    expect(probe.every((k) => (stats?.share.get(k) ?? 0) < 0.5)).toBe(true);
    at(server, '2026-12-10T01:02:00Z');
    for (const keyword of ['ABC长春鑫源商贸有限公司', '鑫源商贸', '鑫源商贸有限公司', '源<b>商', '同名公示商贸有限公司', '公示商贸', 'BC长', '长春鑫源商贸有限公司同名']) {
      const page = await search(`keyword=${encodeURIComponent(keyword)}&pageSize=200`);
      const expected = await recount(keyword);
      expect(page.total, keyword).toBe(Math.min(expected, 10_000));
      expect(page.rows.every((r) => r.entityName.includes(keyword)), keyword).toBe(true);
      expect(page.rows.length, keyword).toBe(Math.min(expected, 200));
    }
  });

  it('knows the total from a last page that is not full, and counts it otherwise', async () => {
    at(server, '2026-12-10T01:03:00Z');
    const all = (await search('keyword=%E9%91%AB%E6%BA%90&pageSize=5'));
    expect(all.total).toBe(2);
    expect(all.rows).toHaveLength(2);
    expect(await search('keyword=%E9%91%AB%E6%BA%90&pageSize=1&page=2')).toMatchObject({ total: 2, rows: [expect.anything()] });
    expect(await search('keyword=%E9%91%AB%E6%BA%90&pageSize=1&page=3')).toMatchObject({ total: 2, rows: [] });
    expect(await search('creditCode=NOSUCHCODE')).toMatchObject({ total: 0, rows: [] });
    const code = all.rows[0]?.creditCode ?? '';
    expect(await search(`creditCode=${code.toLowerCase()}&page=2`)).toMatchObject({ total: 1, rows: [] });
  });
  it('answers coalesced lookups by code and by name exactly as each has its own statement answer, whatever page and size', async () => {
    // One entity gets five more published results, in five copies of its task (a result per task object, an object
    // per task and entity), two of them published at the same moment so the id decides, so pages cut through them.
    const code = world.creditCodes[0] ?? '';
    for (const statement of [
      sql`create temp table copies as select r.*, g from inspection_results r join market_entities e on e.id = r.entity_id, generate_series(1, 5) g where e.code = ${code} and r.status = 'published'`,
      sql`create temp table task_copies as select t.*, c.g from tasks t join copies c on c.task_id = t.id`,
      sql`create temp table object_copies as select o.*, c.g from task_objects o join copies c on c.task_object_id = o.id`,
      sql`update task_copies set id = gen_random_uuid(), code = code || '-C' || g`,
      sql`update object_copies o set id = gen_random_uuid(), task_id = t.id from task_copies t where t.g = o.g`,
      sql`update copies c set id = gen_random_uuid(), submit_client_id = null, task_id = o.task_id, task_object_id = o.id, published_at = c.published_at + ((c.g % 4) || ' minutes')::interval from object_copies o where o.g = c.g`,
      sql`alter table task_copies drop column g`, sql`alter table object_copies drop column g`, sql`alter table copies drop column g`,
      sql`insert into tasks select * from task_copies`, sql`insert into task_objects select * from object_copies`, sql`insert into inspection_results select * from copies`,
      sql`drop table copies, task_copies, object_copies`,
    ]) await server.db.execute(statement);
    const codes = [...world.creditCodes, 'NOSUCHCODE', code];
    const shapes = [[20, 0], [1, 0], [2, 1], [2, 2], [3, 5]] as const;
    // Every code and shape at once (the batcher coalesces them), each compared with its own query alone.
    const asked = shapes.flatMap(([limit, offset]) => codes.map((c) => ({ c, limit, offset })));
    const together = await Promise.all(asked.map(({ c, limit, offset }) => publicPageByCode(server.db, c, limit, offset)));
    for (const [k, { c, limit, offset }] of asked.entries()) {
      const alone = await publicPage(server.db, { code: c, keyword: '', keys: null, narrow: false }, limit, offset);
      expect(together[k], `${c} ${limit}/${offset}`).toEqual(alone);
    }
    expect((await publicPageByCode(server.db, code, 20, 0)).length).toBeGreaterThanOrEqual(6);
    expect(await publicPageByCode(server.db, 'NOSUCHCODE', 20, 0)).toEqual([]);

    // By name: each keyword through its probed pieces, coalesced, against its own query alone.
    const entityName = (await publicPageByCode(server.db, code, 1, 0))[0]?.entityName ?? '';
    const keywords = [entityName, entityName.slice(1, 5), '鑫源', '鑫源商贸', '公示商贸', '源<b>商', '不存在的名称', 'ΔΟΣ鑫'];
    const byName = await Promise.all(keywords.map(async (keyword) => ({ keyword, keys: (await namePieceProbe(server.db, keyword)).keys })));
    const namesAsked = shapes.flatMap(([limit, offset]) => byName.map((n) => ({ ...n, limit, offset })));
    const named = await Promise.all(namesAsked.map(({ keys, keyword, limit, offset }) => publicPageByName(server.db, keys, keyword, limit, offset)));
    for (const [k, { keys, keyword, limit, offset }] of namesAsked.entries()) {
      const alone = await publicPage(server.db, { code: '', keyword, keys, narrow: true }, limit, offset);
      expect(named[k], `${keyword} ${limit}/${offset}`).toEqual(alone);
    }
    expect((await publicPageByName(server.db, (await namePieceProbe(server.db, entityName)).keys, entityName, 20, 0)).length).toBeGreaterThanOrEqual(6);
  });
});
