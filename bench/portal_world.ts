/**
 * The data of bench/portal_bench.ts, written with set-based SQL (insert … select, in id ranges) while the server is
 * stopped — the same statements on PostgreSQL and on the embedded database, so both are seeded alike; on PostgreSQL
 * this is as fast as COPY would be, since no row leaves the database. On top of the demo organisation and its N demo
 * entities (the server's first start loads them, DEMO_ENTITIES=N): the task `BENCH-PORTAL` (a copy of a demo task that
 * has a draw, published) with one object and one 已公示 result per entity — N published results. Kept between runs
 * (published results cannot be deleted: the database refuses it; `--fresh` starts from an empty database).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db/database';
import { one, rows } from './results_world';

export const PORTAL_TASK = 'BENCH-PORTAL';

/** Makes sure N published results exist (one per entity, the first N entities by id); returns how many it added. */
export async function seedPortalResults(db: Db, n: number, batch = 100_000): Promise<number> {
  await db.execute(sql`insert into tasks (code, kind, year, name, lead_department_id, participating_department_ids, region_code, period_start, period_end,
      spec, chain, status, created_by, published_at)
    select ${PORTAL_TASK}, t.kind, t.year, '公示基准任务', t.lead_department_id, t.participating_department_ids, t.region_code, t.period_start, t.period_end,
      t.spec, t.chain, 'inspecting', t.created_by, now()
    from tasks t join draws d on d.task_id = t.id
    where not exists (select 1 from tasks where code = ${PORTAL_TASK}) order by t.code limit 1`);
  const task = await one<{ id: string; draw: string; department: string }>(db, sql`select t.id, t.lead_department_id as department,
      (select d.id from draws d join tasks s on s.id = d.task_id where s.code <> ${PORTAL_TASK} order by s.code limit 1) as draw
    from tasks t where t.code = ${PORTAL_TASK}`);
  const { max } = await one<{ max: string | number }>(db, sql`select coalesce(max(entity_id), 0) as max from task_objects where task_id = ${task.id}`);
  const { top } = await one<{ top: string | number | null }>(db, sql`select max(id) as top from (select id from market_entities order by id limit ${n}) e`);
  let added = 0;
  for (let from = Number(max); from < Number(top ?? 0); from += batch) {
    const to = from + batch;
    await db.execute(sql`insert into task_objects (task_id, draw_id, entity_id, stratum, rank)
      select ${task.id}, ${task.draw}, e.id, 'all', e.id from market_entities e where e.id > ${from} and e.id <= ${to} and e.id <= ${top}
      on conflict (task_id, entity_id) do nothing`);
    // Published over the last year, results of every public category; a few with a note.
    const result: unknown = await db.execute(sql`insert into inspection_results (task_id, task_object_id, entity_id, department_id, region_code, status,
        check_date, check_method, result_category, disposal, note, submitted_at, reviewed_at, published_at, entry_due, publish_due)
      select o.task_id, o.id, o.entity_id, ${task.department}, e.region_code, 'published',
        date '2026-01-05' + (o.entity_id % 300)::int, 'on_site',
        (array['no_problem','no_problem','no_problem','corrected','undisclosed','pending_followup','closed'])[1 + o.entity_id % 7], 'none',
        case when o.entity_id % 10 = 0 then '已当场责令改正' end,
        timestamptz '2026-01-06 10:00+08' + ((o.entity_id % 300) || ' days')::interval,
        timestamptz '2026-01-07 10:00+08' + ((o.entity_id % 300) || ' days')::interval,
        timestamptz '2026-01-08 10:00+08' + ((o.entity_id % 300) || ' days')::interval + ((o.entity_id % 86400) || ' seconds')::interval,
        date '2026-01-12' + (o.entity_id % 300)::int, date '2026-02-05' + (o.entity_id % 300)::int
      from task_objects o join market_entities e on e.id = o.entity_id
      where o.task_id = ${task.id} and o.entity_id > ${from} and o.entity_id <= ${to}
      on conflict (task_object_id) do nothing`);
    added += (result as { rowCount?: number; affectedRows?: number }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  if (added > 0) await db.execute(sql`analyze`);
  return added;
}

export interface LookupSample { readonly codes: string[]; readonly names: string[] }

/** Codes and names of `size` published results spread over the whole set (every k-th entity). */
export async function lookupSample(db: Db, size: number): Promise<LookupSample> {
  const task = await one<{ id: string; n: string | number }>(db, sql`select t.id, (select count(*) from task_objects where task_id = t.id) as n from tasks t where t.code = ${PORTAL_TASK}`);
  const step = Math.max(1, Math.floor(Number(task.n) / size));
  const found = await rows<{ code: string; name: string }>(db, sql`select e.code, e.name from task_objects o join market_entities e on e.id = o.entity_id
    where o.task_id = ${task.id} and o.entity_id % ${step} = 0 limit ${size}`);
  return { codes: found.map((r) => r.code), names: found.map((r) => r.name) };
}

export async function publishedCount(db: Db): Promise<number> {
  return Number((await one<{ n: string | number }>(db, sql`select count(*) as n from inspection_results where status = 'published'`)).n);
}
