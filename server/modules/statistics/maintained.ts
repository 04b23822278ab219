/**
 * 统计分析's counts kept per task (decision 0014, migration 0041). Triggers mark in statistics_dirty_tasks every task
 * whose objects, results or teams a transaction wrote (each mark with its transaction id); `refreshStatistics` — run
 * by every dashboard before it reads, and by `npm run cli -- statistics recount` — takes the marks it sees and recounts
 * those tasks from the tables, with the very queries a full recount uses (`recountRows`, which the tests compare with
 * the kept rows after every write). A mark whose transaction commits after the marks were taken stays for the next
 * refresh; refreshes queue on one advisory lock, so two never rewrite the same task's rows at once.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PROBLEM_CATEGORIES } from '../../../domain/statistics/indicators';
import type { Db } from '../../db/database';

/** Arbitrary but fixed key of the refresh lock (pg_advisory_xact_lock(bigint)). */
const STATISTICS_LOCK = 73_110_004;
/** Below this share of all objects, the marked tasks are recounted by index lookups (nested loops). */
const FEW_TASKS_SHARE = 0.2;

const problemList = sql.join([...PROBLEM_CATEGORIES].map((c) => sql`${c}`), sql`, `);
const ENTERED = sql`('submitted', 'approved', 'published')`;
const shanghaiDay = (column: SQL) => sql`(${column} at time zone 'Asia/Shanghai')::date`;

/** Which tasks a recount covers: the listed ones, or every task. */
type TaskSet = readonly string[] | 'all';

function taskIn(column: SQLWrapper, tasks: TaskSet): SQL {
  return tasks === 'all' ? sql`${column} is not null` : sql`${column} = any(${`{${tasks.join(',')}}`}::uuid[])`;
}

export const TASK_COUNT_COLUMNS = [
  'task_id', 'entry_due', 'publish_due', 'objects', 'done_no_check', 'pending_without_result', 'entered', 'submitted', 'entry_on_time', 'published',
  'published_on_time', 'reviewed', 'problems', 'not_submitted', 'not_entered', 'not_published',
] as const;

/**
 * A task's drawn objects (not the replaced ones) and their results (one at most, inspection_results_task_object_uq).
 * The entry due date is kept for a result not yet submitted or not entered (按期录入 counts it once the date has passed,
 * 逾期未录入 too), the publication due date for a result not yet published; a finished row keeps neither, so the rows
 * of a task collapse into a few groups.
 */
function taskCountsQuery(tasks: TaskSet): SQL {
  return sql`select o.task_id,
      case when r.id is not null and (r.submitted_at is null or r.status not in ${ENTERED}) then r.entry_due end as entry_due,
      case when r.id is not null and r.status <> 'published' then r.publish_due end as publish_due,
      count(*)::int as objects,
      (count(*) filter (where o.status = 'done_no_check'))::int as done_no_check,
      (count(*) filter (where o.status = 'pending' and r.id is null))::int as pending_without_result,
      (count(*) filter (where r.status in ${ENTERED}))::int as entered,
      (count(*) filter (where r.submitted_at is not null))::int as submitted,
      (count(*) filter (where r.submitted_at is not null and ${shanghaiDay(sql`r.submitted_at`)} <= r.entry_due))::int as entry_on_time,
      (count(*) filter (where r.status = 'published'))::int as published,
      (count(*) filter (where r.status = 'published' and ${shanghaiDay(sql`r.published_at`)} <= r.publish_due))::int as published_on_time,
      (count(*) filter (where r.status in ('approved', 'published')))::int as reviewed,
      (count(*) filter (where r.status in ('approved', 'published') and r.result_category in (${problemList})))::int as problems,
      (count(*) filter (where r.id is not null and r.submitted_at is null))::int as not_submitted,
      (count(*) filter (where r.id is not null and r.status not in ${ENTERED}))::int as not_entered,
      (count(*) filter (where r.id is not null and r.status <> 'published'))::int as not_published
    from task_objects o left join inspection_results r on r.task_object_id = o.id
    where o.status <> 'replaced' and ${taskIn(sql`o.task_id`, tasks)}
    group by 1, 2, 3`;
}

/** A task's results (all of them, as 渝北 六 counts) per credit class × industry division of the entity now. */
function classCountsQuery(tasks: TaskSet): SQL {
  return sql`select r.task_id, e.risk_class, left(e.industry_code, 2)::varchar(2) as industry_prefix, count(*)::int as results,
      (count(*) filter (where r.status in ('approved', 'published')))::int as inspected,
      (count(*) filter (where r.status in ('approved', 'published') and r.result_category in (${problemList})))::int as problems
    from inspection_results r join market_entities e on e.id = r.entity_id
    where ${taskIn(sql`r.task_id`, tasks)}
    group by 1, 2, 3`;
}

/** A task's objects per active team member (the team's task, not the replaced objects), led and entered. */
function workloadCountsQuery(tasks: TaskSet): SQL {
  return sql`select tm.task_id, m.inspector_id, count(*)::int as objects,
      (count(*) filter (where m.role = 'leader'))::int as leads, count(r.task_object_id)::int as completed
    from team_members m join teams tm on tm.id = m.team_id
      left join inspection_results r on r.task_object_id = tm.task_object_id and r.status in ${ENTERED}
    where m.active and ${taskIn(sql`tm.task_id`, tasks)}
      and not exists (select 1 from task_objects x where x.id = tm.task_object_id and x.status = 'replaced')
    group by 1, 2`;
}

/** The entities of these tasks now, and those a task had when last counted (an object since deleted). */
function touchedEntities(tasks: TaskSet): SQL {
  return sql`(select entity_id from task_objects where ${taskIn(sql`task_id`, tasks)}
    union select entity_id from statistics_repeat_objects where ${taskIn(sql`task_id`, tasks)})`;
}

/** Of the given entities, those with two or more objects (not replaced) in one year's tasks: their objects per task. */
function repeatObjectsQuery(entities: SQL): SQL {
  return sql`select entity_id, task_id, year, objects from (
      select p.*, sum(p.objects) over (partition by p.entity_id, p.year) as total from (
        select o.entity_id, o.task_id, t.year, count(*)::int as objects from task_objects o join tasks t on t.id = o.task_id
        where o.status <> 'replaced' and o.entity_id in ${entities} group by 1, 2, 3) p) x
    where total >= 2`;
}

/** Recounts the tasks (and the burden of their entities) inside `tx`, replacing their kept rows. */
async function recountInto(tx: Db, tasks: TaskSet): Promise<void> {
  for (const [table, column, query] of [
    ['statistics_task_counts', 'task_id', taskCountsQuery(tasks)],
    ['statistics_class_counts', 'task_id', classCountsQuery(tasks)],
    ['statistics_workload_counts', 'task_id', workloadCountsQuery(tasks)],
  ] as const) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where ${taskIn(sql.identifier(column), tasks)}`);
    await tx.execute(sql`insert into ${sql.identifier(table)} ${query}`);
  }
  // One statement: the entities are read before the delete takes them out (same snapshot).
  await tx.execute(sql`with touched as ${touchedEntities(tasks)},
      gone as (delete from statistics_repeat_objects where entity_id in (select entity_id from touched))
    insert into statistics_repeat_objects (entity_id, task_id, year, objects) ${repeatObjectsQuery(sql`(select entity_id from touched)`)}`);
}

/**
 * Recounts the tasks marked since the last refresh, in one transaction: the marks it deletes are those committed
 * before it began, so every change they stand for is in what it counts. Returns how many tasks it recounted.
 */
export async function refreshStatistics(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STATISTICS_LOCK})`);
    const marked = await tx.execute(sql`delete from statistics_dirty_tasks returning task_id`);
    const ids = [...new Set((marked as { rows: { task_id: string }[] }).rows.map((r) => r.task_id))].sort();
    if (ids.length === 0) return 0;
    // A few tasks of many: their rows are reached through the indexes (task → objects → result, entity, team members),
    // not by hashing whole tables; the planner, which sizes a hash by the table, is told so for this transaction.
    const size = await tx.execute(sql`select (select count(*) from task_objects where ${taskIn(sql`task_id`, ids)})::float8 as marked,
      (select greatest(reltuples, 0) from pg_class where oid = 'task_objects'::regclass)::float8 as whole`);
    const [counted] = (size as { rows: { marked: number; whole: number }[] }).rows;
    if (counted && counted.marked < counted.whole * FEW_TASKS_SHARE) {
      await tx.execute(sql`set local enable_hashjoin = off`);
      await tx.execute(sql`set local enable_mergejoin = off`);
    }
    await recountInto(tx, ids);
    return ids.length;
  });
}

/** Every kept row recounted from the tables (repair: `npm run cli -- statistics recount`). */
export async function recountAll(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STATISTICS_LOCK})`);
    await tx.execute(sql`delete from statistics_dirty_tasks`);
    for (const table of ['statistics_task_counts', 'statistics_class_counts', 'statistics_workload_counts', 'statistics_repeat_objects']) {
      await tx.execute(sql`delete from ${sql.identifier(table)}`);
    }
    await recountInto(tx, 'all');
  });
}

export interface KeptRows {
  readonly taskCounts: readonly string[];
  readonly classCounts: readonly string[];
  readonly workloadCounts: readonly string[];
  readonly repeatObjects: readonly string[];
}

async function lines(db: Db, query: SQL): Promise<string[]> {
  const result = await db.execute(query);
  const text = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
  return (result as { rows: Record<string, unknown>[] }).rows.map((row) => JSON.stringify(Object.values(row).map(text))).sort();
}

/** The kept rows (`kept`) or a recount of every task from the tables (`recounted`), each row as a sorted line. */
export async function statisticsRows(db: Db, which: 'kept' | 'recounted'): Promise<KeptRows> {
  const kept = (table: string, columns: string) => sql`select ${sql.raw(columns)} from ${sql.identifier(table)}`;
  const [taskCounts, classCounts, workloadCounts, repeatObjects] = await Promise.all(which === 'kept'
    ? [
      lines(db, kept('statistics_task_counts', TASK_COUNT_COLUMNS.join(', '))),
      lines(db, kept('statistics_class_counts', 'task_id, risk_class, industry_prefix, results, inspected, problems')),
      lines(db, kept('statistics_workload_counts', 'task_id, inspector_id, objects, leads, completed')),
      lines(db, kept('statistics_repeat_objects', 'entity_id, task_id, year, objects')),
    ]
    : [
      lines(db, taskCountsQuery('all')), lines(db, classCountsQuery('all')), lines(db, workloadCountsQuery('all')),
      lines(db, repeatObjectsQuery(sql`(select entity_id from task_objects)`)),
    ]);
  return { taskCounts, classCounts, workloadCounts, repeatObjects };
}
