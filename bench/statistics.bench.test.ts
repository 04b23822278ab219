/**
 * `npm run bench:stats` (SUIJI_STATS_BENCH=100000,1000000 SUIJI_TEST_DB=pg|pglite): the statistics dashboard over N
 * inspection results — one year, 50 tasks of 长春市 (two thirds joint), N objects each with a two-member team from 200
 * inspectors, results in every state — written with set-based SQL (whose statements mark the 50 tasks, migration
 * 0041), then the recount of the marked tasks, each aggregate query over the kept counts, the whole dashboard (store +
 * assembly) and the HTTP route — first call, and first call after one result written — timed next to a baseline
 * `select count(*)` of inspection_results in the same run. Median of 5 after one warm-up; single calls where marked. Its own vitest project (`bench`), never part of `npm test`.
 */
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../server/modules/statistics/dashboard';
import type { Dashboard } from '../server/modules/statistics/schema';
import { refreshStatistics } from '../server/modules/statistics/maintained';
import { burdenCounts, coverageCounts, problemCounts, unitCounts, workloadRows } from '../server/modules/statistics/store';
import { addDrawnTask, addEntities, addInspectors } from '../server/modules/dispatch/test_fixtures';
import { startTestServer, type TestServer } from '../server/test/harness';

const SIZES = (process.env['SUIJI_STATS_BENCH'] || '100000').split(',').filter((s) => s !== '').map(Number);
const TASKS = 50;
const INSPECTORS = 200;
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function seed(server: TestServer, n: number): Promise<void> {
  const d = server.fixture.departments;
  const [first] = await addEntities(server, ['基准种子主体']);
  const drawn = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: [first ?? 0] });
  await addInspectors(server, d.chaoyangMarket, Array.from({ length: INSPECTORS }, (_, k) => `基准检查员${k + 1}`));
  const db = server.db;
  await db.execute(sql`insert into market_entities (code, code_type, name, entity_type, region_code, status, risk_class, industry_code)
    select 'BSTAT' || lpad(g::text, 12, '0'), 'other', '基准主体' || g, 'enterprise', '220104', 'active',
      (array['A','B','C','D', null])[1 + g % 5], (array['5191','5211','1310','6110','7010', null])[1 + g % 6]
    from generate_series(1, ${n}) g`);
  await db.execute(sql`insert into tasks (code, kind, year, name, lead_department_id, participating_department_ids, region_code, period_start, period_end, spec, chain, status, created_by)
    select 'BSTAT-' || g, 'ad_hoc', 2026, '基准任务' || g, case when g % 2 = 0 then ${d.chaoyangMarket}::uuid else ${d.nanguanMarket}::uuid end,
      case when g % 3 = 0 then '{}'::uuid[] else array[${d.cityMarket}::uuid] end, case when g % 2 = 0 then '220104' else '220102' end,
      '2026-03-01', '2026-11-30', spec, chain, 'inspecting', created_by
    from tasks, generate_series(1, ${TASKS}) g where tasks.id = ${drawn.taskId}`);
  await db.execute(sql`insert into task_objects (task_id, draw_id, entity_id, stratum, rank)
    select t.id, ${drawn.drawId}, e.id, 'all', e.rn
    from (select id, row_number() over (order by id) rn from market_entities where code like 'BSTAT%') e
    join (select id, row_number() over (order by code) - 1 k from tasks where code like 'BSTAT-%') t on t.k = e.rn % ${TASKS}`);
  await db.execute(sql`insert into matching_records (task_id, draw_id, seed_match, inspector_pool_hash, record, record_hash, created_by)
    select id, ${drawn.drawId}, repeat('0', 64), repeat('0', 64), '{}', md5(id::text) || md5(code), created_by from tasks where code like 'BSTAT-%'`);
  await db.execute(sql`insert into teams (task_id, matching_record_id, task_object_id)
    select o.task_id, m.id, o.id from task_objects o join matching_records m on m.task_id = o.task_id join tasks t on t.id = o.task_id where t.code like 'BSTAT-%'`);
  await db.execute(sql`insert into team_members (team_id, inspector_id, department_id, role)
    select tm.id, i.id, i.department_id, case when r.k = 0 then 'leader' else 'member' end
    from (select id, row_number() over (order by id) rn from teams) tm
    cross join (values (0), (1)) r(k)
    join (select id, department_id, row_number() over (order by id) - 1 ix from inspectors where name like '基准检查员%') i on i.ix = (tm.rn * 2 + r.k) % ${INSPECTORS}`);
  // Results in every state; one object in twelve without a result yet.
  await db.execute(sql`insert into inspection_results (task_id, task_object_id, entity_id, department_id, region_code, status, check_date, check_method, result_category, disposal,
      submitted_at, published_at, entry_due, publish_due)
    select o.task_id, o.id, o.entity_id, t.lead_department_id, t.region_code,
      (array['draft','submitted','returned','approved','published','published','published','published','published','published','published'])[1 + o.rank % 11],
      date '2026-05-01' + (o.rank % 150), 'on_site',
      (array['no_problem','no_problem','no_problem','corrected','undisclosed','pending_followup','closed'])[1 + o.rank % 7], 'none',
      case when o.rank % 11 in (0, 2) then null else timestamptz '2026-05-02 10:00+08' + ((o.rank % 150) || ' days')::interval + ((o.rank % 9) || ' days')::interval end,
      case when o.rank % 11 >= 4 then timestamptz '2026-05-10 10:00+08' + ((o.rank % 150) || ' days')::interval + ((o.rank % 40) || ' days')::interval end,
      date '2026-05-08' + (o.rank % 150), date '2026-05-29' + (o.rank % 150)
    from task_objects o join tasks t on t.id = o.task_id where t.code like 'BSTAT-%' and o.rank % 12 <> 0`);
  await db.execute(sql`analyze`);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[2] ?? 0) * 10) / 10;
}

describe('statistics dashboard bench', () => {
  for (const n of SIZES) {
    it(`${n.toLocaleString('en')} results`, async () => {
      const server = await startTestServer();
      servers.push(server);
      const seedStart = performance.now();
      await seed(server, n);
      const seeded = Math.round(performance.now() - seedStart);
      const db = server.db;
      const scope = { kind: 'limited' as const, regionPrefixes: ['2201'], departmentIds: [], userId: null };
      const filter = { year: 2026 };
      const today = '2026-12-07';
      const joint = await server.as('joint');
      const baseline = await median(() => db.execute(sql`select count(*) from inspection_results`));
      // The seed's statements marked its 50 tasks; the first refresh recounts them all (what the writes of a real year
      // would have had recounted dashboard by dashboard).
      const recountStart = performance.now();
      const recounted = await refreshStatistics(db);
      const recountAfterSeed = Math.round((performance.now() - recountStart) * 10) / 10;
      const timed = async (fn: () => Promise<unknown>) => {
        const start = performance.now();
        await fn();
        return Math.round((performance.now() - start) * 10) / 10;
      };
      const firstCall = await timed(() => joint.get('/api/statistics/dashboard?year=2026'));
      // One result written in one task, then a dashboard not in the cache (another filter): one task of 50 recounted.
      const writeOne = () => db.execute(sql`update inspection_results set note = 'bench' where id = (select id from inspection_results where status = 'draft' limit 1)`);
      await writeOne();
      const afterOneWrite = await timed(() => joint.get('/api/statistics/dashboard?year=2026&regionCode=220104'));
      await writeOne();
      const refreshOne = await timed(() => refreshStatistics(db));
      const rows: [string, number][] = [
        ['baseline: select count(*) from inspection_results', baseline],
        [`recount of the ${recounted} tasks the seed marked (once, after the load)`, recountAfterSeed],
        ['recount of one task after one result written', refreshOne],
        ['refresh with nothing marked', await median(() => refreshStatistics(db))],
        ['objects and results per region × department', await median(() => unitCounts(db, scope, filter, today))],
        ['checklist coverage', await median(() => coverageCounts(db, scope, filter))],
        ['problems by credit class × industry division', await median(() => problemCounts(db, scope, filter))],
        ['burden (objects per entity)', await median(() => burdenCounts(db, scope, filter))],
        ['inspector workload (top 50)', await median(() => workloadRows(db, scope, filter, 50))],
        ['whole dashboard (queries in parallel + assembly)', await median(() => buildDashboard(db, scope, filter, { today, weightsRegion: '220100', workloadLimit: 50 }))],
        ['GET /api/statistics/dashboard (双随机办, 长春市), first call', firstCall],
        ['GET /api/statistics/dashboard (朝阳区), first call after one result written', afterOneWrite],
        ['GET /api/statistics/dashboard again (kept 60 s)', await median(() => joint.get('/api/statistics/dashboard?year=2026'))],
      ];
      const d = (await joint.get('/api/statistics/dashboard?year=2026')).json<Dashboard>();
      const base = rows[0]?.[1] ?? 1;
      console.log(`\n${process.env['SUIJI_TEST_DB'] ?? 'pglite'} · ${n.toLocaleString('en')} results (seeded in ${seeded} ms) · completion ${d.indicators.find((i) => i.key === 'completion')?.rate}% · load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      console.log('| query | median ms | × count(*) |\n|---|---:|---:|');
      for (const [label, ms] of rows) console.log(`| ${label} | ${ms} | ${(ms / base).toFixed(1)} |`);
      expect(d.indicators.find((i) => i.key === 'completion')?.denominator).toBe(n);
    });
  }
});
