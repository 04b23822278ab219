/**
 * The dashboard's answer over a varied year, recorded with the query set of before the single-pass rewrite (issue #11
 * item 4/6) and compared field by field since: four lead departments in three regions, joint and single-department
 * tasks, tasks not counted (draft, terminated, another year), objects pending, done without a check and replaced,
 * teams with an inactive member, entities drawn by two tasks, results in every state with every category (corrections
 * among them), on time, late and overdue. Ids are replaced by names so the record is the same on both databases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataScope } from '../../../domain/access/data_scope';
import { departments, inspectors } from '../../db/schema';
import { startTestServer, type TestServer } from '../../test/harness';
import { addDrawnTask, addEntities, addInspectors } from '../dispatch/test_fixtures';
import { buildDashboard } from './dashboard';
import type { StatisticsFilter } from './store';

let server: TestServer;
const ENTITIES = 360;
const TODAY = '2026-09-15';

beforeAll(async () => {
  server = await startTestServer();
  const d = server.fixture.departments;
  const [first] = await addEntities(server, ['统计种子主体']);
  const drawn = await addDrawnTask(server, { lead: d.chaoyangMarket, selected: [first ?? 0] });
  await addInspectors(server, d.chaoyangMarket, Array.from({ length: 12 }, (_, k) => `统计检查员甲${k + 1}`));
  await addInspectors(server, d.nanguanMarket, Array.from({ length: 9 }, (_, k) => `统计检查员乙${k + 1}`));
  const db = server.db;
  await db.execute(sql`insert into market_entities (code, code_type, name, entity_type, region_code, status, risk_class, industry_code)
    select 'DSTAT' || lpad(g::text, 12, '0'), 'other', '统计主体' || g, 'enterprise', (array['220104','220102','220100','220200'])[1 + g % 4], 'active',
      (array['A','B','C','D', null, 'B', 'C'])[1 + g % 7], (array['5191','5211','1310','6110','7010', null, '0111', '4410', '8510'])[1 + g % 9]
    from generate_series(1, ${ENTITIES}) g`);
  // Twelve tasks: k → lead department, region, status, year, joint or not, period end.
  await db.execute(sql`insert into tasks (code, kind, year, name, lead_department_id, participating_department_ids, region_code, period_start, period_end, spec, chain, status, created_by)
    select 'DSTAT-' || g, 'ad_hoc', case when g = 11 then 2025 else 2026 end, '统计任务' || g,
      (array[${d.chaoyangMarket}::uuid, ${d.nanguanMarket}::uuid, ${d.cityMarket}::uuid, ${d.jilinMarket}::uuid])[1 + g % 4],
      case when g % 3 = 0 then '{}'::uuid[] else array[${d.cityMarket}::uuid] end,
      (array['220104', '220102', '220100', '220200'])[1 + g % 4],
      '2026-03-01', (array['2026-06-30', '2026-09-14', '2026-09-15', '2026-12-31']::date[])[1 + g % 4] ,
      spec, chain, (array['inspecting', 'completed', 'published', 'dispatched', 'drawn', 'inspecting', 'completed', 'inspecting', 'draft', 'terminated', 'inspecting', 'inspecting'])[1 + g],
      created_by
    from tasks, generate_series(0, 11) g where tasks.id = ${drawn.taskId}`);
  // Each entity is drawn by two tasks (some by one more), objects pending, done without a check or replaced.
  await db.execute(sql`insert into task_objects (task_id, draw_id, entity_id, stratum, rank, status)
    select t.id, ${drawn.drawId}, e.id, 'all', e.rn, (array['pending','pending','pending','done_no_check','pending','replaced','pending'])[1 + (e.rn + t.k) % 7]
    from (select id, row_number() over (order by code) rn from market_entities where code like 'DSTAT%') e
    join (select id, row_number() over (order by code) - 1 k from tasks where code like 'DSTAT-%') t
      on t.k = e.rn % 12 or t.k = (e.rn + 5) % 12 or (e.rn % 10 = 0 and t.k = (e.rn + 7) % 12)`);
  await db.execute(sql`insert into matching_records (task_id, draw_id, seed_match, inspector_pool_hash, record, record_hash, created_by)
    select id, ${drawn.drawId}, repeat('0', 64), repeat('0', 64), '{}', md5(id::text) || md5(code), created_by from tasks where code like 'DSTAT-%'`);
  // Nine objects in ten get a team: two or three members, the third one inactive now and then.
  await db.execute(sql`insert into teams (task_id, matching_record_id, task_object_id)
    select o.task_id, m.id, o.id from task_objects o join matching_records m on m.task_id = o.task_id join tasks t on t.id = o.task_id
    where t.code like 'DSTAT-%' and o.rank % 10 <> 3`);
  await db.execute(sql`insert into team_members (team_id, inspector_id, department_id, role, active)
    select tm.id, i.id, i.department_id, case when r.k = 0 then 'leader' else 'member' end, not (r.k = 2 and tm.rn % 2 = 0)
    from (select teams.id, row_number() over (order by t.code, o.rank) rn from teams join task_objects o on o.id = teams.task_object_id join tasks t on t.id = o.task_id) tm
    cross join (values (0), (1), (2)) r(k)
    join (select id, department_id, row_number() over (order by certificate_no) - 1 ix from inspectors where name like '统计检查员%') i on i.ix = (tm.rn * 3 + r.k * 7) % 21
    where r.k < 2 or tm.rn % 3 = 0`);
  // Results in every state and category, submitted and published before, on and after their deadlines; one object in
  // eight without a result.
  await db.execute(sql`insert into inspection_results (task_id, task_object_id, entity_id, department_id, region_code, status, check_date, check_method, result_category, disposal,
      submitted_at, published_at, entry_due, publish_due)
    select o.task_id, o.id, o.entity_id, t.lead_department_id, t.region_code,
      (array['draft','submitted','returned','approved','published','published','published','published','published'])[1 + o.rank % 9],
      date '2026-05-01' + (o.rank % 120)::int, 'on_site',
      (array['no_problem','no_problem','corrected','undisclosed','pending_followup','closed','no_problem','corrected'])[1 + (o.rank + length(t.code)) % 8], 'none',
      case when o.rank % 9 in (0, 2) then null else timestamptz '2026-05-02 23:30+08' + ((o.rank % 130) || ' days')::interval + ((o.rank % 11) || ' days')::interval end,
      case when o.rank % 9 >= 4 then timestamptz '2026-05-10 23:59+08' + ((o.rank % 130) || ' days')::interval + ((o.rank % 30) || ' days')::interval end,
      date '2026-05-08' + (o.rank % 130)::int, date '2026-05-29' + (o.rank % 130)::int
    from task_objects o join tasks t on t.id = o.task_id where t.code like 'DSTAT-%' and o.rank % 8 <> 0`);
  await db.execute(sql`analyze`);
}, 120_000);
afterAll(async () => { await server.close(); });

/** The answer with every id replaced by the name it stands for. */
async function named(answer: unknown): Promise<unknown> {
  const list = [
    ...await server.db.select({ id: departments.id, name: departments.name }).from(departments),
    ...await server.db.select({ id: inspectors.id, name: inspectors.name }).from(inspectors),
  ];
  let text = JSON.stringify(answer);
  for (const row of list) text = text.split(row.id).join(`<${row.name}>`);
  return JSON.parse(text) as unknown;
}

describe('the dashboard’s answer over a varied year', () => {
  it('is the recorded one for every scope and filter', async () => {
    const d = server.fixture.departments;
    const city: DataScope = { kind: 'limited', regionPrefixes: ['2201'], departmentIds: [], userId: null };
    const cases: [string, DataScope, StatisticsFilter, string | null][] = [
      ['全部', { kind: 'all' }, { year: 2026 }, null],
      ['长春市', city, { year: 2026 }, '220100'],
      ['长春市 · 朝阳区', city, { year: 2026, regionCode: '220104' }, '220104'],
      ['长春市 · 南关区局', city, { year: 2026, departmentId: d.nanguanMarket }, '220102'],
      ['朝阳区局', { kind: 'limited', regionPrefixes: [], departmentIds: [d.chaoyangMarket], userId: null }, { year: 2026 }, '220104'],
      ['吉林市', { kind: 'limited', regionPrefixes: ['2202'], departmentIds: [], userId: null }, { year: 2026 }, '220200'],
      ['2025', { kind: 'all' }, { year: 2025 }, null],
    ];
    const answers: Record<string, unknown> = {};
    for (const [label, scope, filter, weightsRegion] of cases) {
      answers[label] = await buildDashboard(server.db, scope, filter, { today: TODAY, weightsRegion, workloadLimit: 50 });
    }
    await expect(JSON.stringify(await named(answers), null, 1)).toMatchFileSnapshot('./__snapshots__/dashboard_answer.json');
  }, 120_000);
});
