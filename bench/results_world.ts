/**
 * The data of bench/results_bench.ts, written with set-based SQL (insert … select from generate_series) while the
 * server is stopped — the bench measures the API, not this setup. In the demo organisation's 长春市朝阳区市场监督管理局:
 * - `bench_reviewer` (部门负责人 of that department: reviews and publishes its results);
 * - `bench_insp_001…` (执法检查人员 accounts, each linked to an inspectors row through inspectors.user_id);
 * - synthetic entities (codes BENCHRS…) of 朝阳区;
 * - the entry task `BENCH-ENTRY-<inspectors>x<perInspector>` (已派发, the checklist items of a demo task): each
 *   inspector leads the team of `perInspector` objects. Kept between runs; its results and attachments are deleted
 *   before each run (none is ever published, so the database allows it);
 * - per run, a publication task `BENCH-PUBLISH-<n>` of `publishObjects` objects whose results are all 已通过.
 * The accounts' password is the demo password.
 */
import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_TASK_CHAIN } from '../domain/workflow/approval_chain';
import type { Db } from '../server/db/database';
import { DEMO_PASSWORD } from '../server/demo/load_demo';
import { shanghaiDate } from '../server/http/today';
import { hashPassword } from '../server/modules/auth/password';

const DEPARTMENT = '长春市朝阳区市场监督管理局';
const REGION = '220104';
export const REVIEWER = 'bench_reviewer';
export const inspectorAccount = (k: number) => `bench_insp_${String(k).padStart(3, '0')}`;

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

export async function one<T>(db: Db, query: SQL): Promise<T> {
  const [row] = await rows<T>(db, query);
  if (!row) throw new Error(`no row: ${JSON.stringify(query.queryChunks.slice(0, 1))}`);
  return row;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the demo organisation is there (the server's first start loads it). */
export async function hasDemo(db: Db): Promise<boolean> {
  return (await rows(db, sql`select 1 from departments where name = ${DEPARTMENT} and deleted_at is null`)).length > 0;
}

export interface EntryWorld {
  readonly checkDate: string;
  readonly itemIds: readonly string[];
  /** Inspector account → the objects whose team it leads, in order. */
  readonly objectsOf: ReadonlyMap<string, readonly string[]>;
  readonly entryTaskId: string;
}

interface Base { departmentId: string; reviewerId: string; spec: { items: { itemId: string }[] } }

async function base(db: Db, inspectors: number, entities: number): Promise<Base> {
  const { id: departmentId } = await one<{ id: string }>(db, sql`select id from departments where name = ${DEPARTMENT} and deleted_at is null`);
  const { spec } = await one<{ spec: Base['spec'] }>(db, sql`select spec from tasks where code not like 'BENCH%' and jsonb_array_length(spec->'items') > 0 order by code limit 1`);
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.execute(sql`insert into users (account, name, department_id, password_hash) values (${REVIEWER}, '基准审核员', ${departmentId}, ${hash})
    on conflict (account) where deleted_at is null do nothing`);
  await db.execute(sql`insert into users (account, name, department_id, password_hash)
    select 'bench_insp_' || lpad(g::text, 3, '0'), '基准检查员' || g, ${departmentId}, ${hash} from generate_series(1, ${inspectors}::int) g
    on conflict (account) where deleted_at is null do nothing`);
  await db.execute(sql`insert into user_roles (user_id, role_id)
    select u.id, r.id from users u join roles r on r.key = case when u.account = ${REVIEWER} then 'dept_head' else 'inspector' end and r.deleted_at is null
    where u.account like 'bench\\_%' on conflict do nothing`);
  await db.execute(sql`insert into inspectors (name, department_id, certificate_no, certificate_valid_until, region_code, user_id)
    select u.name, u.department_id, 'BENCHRS' || substr(u.account, 12), '2099-12-31', ${REGION}, u.id from users u
    where u.account like 'bench\\_insp\\_%' and not exists (select 1 from inspectors i where i.user_id = u.id)`);
  const { n } = await one<{ n: number }>(db, sql`select count(*)::int as n from market_entities where code like 'BENCHRS%'`);
  if (n < entities) {
    await db.execute(sql`insert into market_entities (code, code_type, name, entity_type, region_code, status, address)
      select 'BENCHRS' || lpad(g::text, 8, '0'), 'other', '长春基准测试商贸有限公司' || g, 'enterprise', ${REGION}, 'active', '长春市朝阳区基准路' || g || '号'
      from generate_series(${n + 1}::int, ${entities}::int) g`);
  }
  const { id: reviewerId } = await one<{ id: string }>(db, sql`select id from users where account = ${REVIEWER} and deleted_at is null`);
  return { departmentId, reviewerId, spec };
}

/** A task (已派发) with a published draw and a matching record, and its objects: the first `objects` bench entities. */
async function addTask(db: Db, b: Base, code: string, objects: number, periodStart: string): Promise<string> {
  const { id: taskId } = await one<{ id: string }>(db, sql`insert into tasks (code, kind, year, name, lead_department_id, region_code, period_start, period_end, spec, chain, status, created_by)
    values (${code}, 'ad_hoc', ${Number(periodStart.slice(0, 4))}, ${`基准测试任务 ${code}`}, ${b.departmentId}, ${REGION}, ${periodStart}, ${addDays(periodStart, 365)},
      ${JSON.stringify(b.spec)}::jsonb, ${JSON.stringify(DEFAULT_TASK_CHAIN)}::jsonb, 'dispatched', ${b.reviewerId}) returning id`);
  const { id: drawId } = await one<{ id: string }>(db, sql`insert into draws (task_id, region_code, attempt, operator_id, status, draw_date, published_at)
    values (${taskId}, ${REGION}, 1, ${b.reviewerId}, 'published', ${periodStart}, now()) returning id`);
  await db.execute(sql`insert into task_objects (task_id, draw_id, entity_id, stratum, rank)
    select ${taskId}, ${drawId}, e.id, 'all', row_number() over (order by e.code) from (select id, code from market_entities where code like 'BENCHRS%' order by code limit ${objects}::int) e`);
  await db.execute(sql`insert into matching_records (task_id, draw_id, seed_match, inspector_pool_hash, record, record_hash, created_by)
    values (${taskId}, ${drawId}, ${'0'.repeat(64)}, ${'0'.repeat(64)}, '{}'::jsonb, ${'0'.repeat(64)}, ${b.reviewerId})`);
  return taskId;
}

/** The entry task (created once per size), its results and attachments of earlier runs removed. */
export async function entryWorld(db: Db, inspectors: number, perInspector: number, publishObjects: number): Promise<EntryWorld> {
  const objects = inspectors * perInspector;
  const b = await base(db, inspectors, Math.max(objects, publishObjects));
  const today = shanghaiDate(new Date());
  const code = `BENCH-ENTRY-${inspectors}x${perInspector}`;
  let [task] = await rows<{ id: string }>(db, sql`select id from tasks where code = ${code}`);
  if (!task) {
    const taskId = await addTask(db, b, code, objects, addDays(today, -30));
    await db.execute(sql`insert into teams (task_id, matching_record_id, task_object_id)
      select o.task_id, m.id, o.id from task_objects o join matching_records m on m.task_id = o.task_id where o.task_id = ${taskId}`);
    await db.execute(sql`insert into team_members (team_id, inspector_id, department_id, role)
      select t.id, i.id, ${b.departmentId}, 'leader' from teams t join task_objects o on o.id = t.task_object_id
      join (select id, row_number() over (order by certificate_no) - 1 as k from inspectors where certificate_no like 'BENCHRS%' and certificate_no <= ${`BENCHRS${String(inspectors).padStart(3, '0')}`}) i
        on i.k = (o.rank - 1) % ${inspectors}::int
      where t.task_id = ${taskId}`);
    task = { id: taskId };
  }
  await db.execute(sql`delete from result_attachments where task_object_id in (select id from task_objects where task_id = ${task.id})`);
  await db.execute(sql`delete from inspection_results where task_id = ${task.id}`);
  const assigned = await rows<{ account: string; id: string }>(db, sql`select u.account, o.id from task_objects o join teams t on t.task_object_id = o.id
    join team_members m on m.team_id = t.id join inspectors i on i.id = m.inspector_id join users u on u.id = i.user_id where o.task_id = ${task.id} order by o.rank`);
  const objectsOf = new Map<string, string[]>();
  for (const r of assigned) objectsOf.set(r.account, [...(objectsOf.get(r.account) ?? []), r.id]);
  return { checkDate: today, itemIds: b.spec.items.map((i) => i.itemId), objectsOf, entryTaskId: task.id };
}

/** A new task of `objects` objects whose results are all 已通过 (approved), ready for the batch publication. */
export async function publishWorld(db: Db, objects: number): Promise<{ taskId: string; resultIds: string[] }> {
  const b = await base(db, 0, objects);
  const { n } = await one<{ n: number }>(db, sql`select count(*)::int as n from tasks where code like 'BENCH-PUBLISH-%'`);
  const today = shanghaiDate(new Date());
  const taskId = await addTask(db, b, `BENCH-PUBLISH-${n + 1}`, objects, addDays(today, -30));
  const findings = JSON.stringify(b.spec.items.map((i) => ({ ...i, finding: 'compliant', note: null })));
  const ids = await rows<{ id: string }>(db, sql`insert into inspection_results (task_id, task_object_id, entity_id, department_id, region_code, status, check_date,
      check_method, result_category, disposal, item_findings, signature, entered_by, submitted_by, submitted_at, reviewed_by, reviewed_at, entry_due, publish_due)
    select o.task_id, o.id, o.entity_id, ${b.departmentId}, ${REGION}, 'approved', ${addDays(today, -10)}, 'on_site', 'no_problem', 'none', ${findings}::jsonb,
      '{"kind":"signed","signerName":"王经理"}'::jsonb, ${b.reviewerId}, ${b.reviewerId}, now(), ${b.reviewerId}, now(), ${addDays(today, -3)}, ${addDays(today, 18)}
    from task_objects o where o.task_id = ${taskId} order by o.rank returning id`);
  return { taskId, resultIds: ids.map((r) => r.id) };
}

/** The baseline of part (b): one plain UPDATE of the task's rows, in one statement; milliseconds. */
export async function plainUpdate(db: Db, taskId: string): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const result = await db.execute(sql`update inspection_results set reviewed_at = now(), updated_at = now() where task_id = ${taskId} and status = 'approved'`);
  const ms = performance.now() - t0;
  return { ms, rows: (result as { rowCount?: number; affectedRows?: number }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0 };
}

export interface Stored { submitIds: Set<string>; resultRows: number; objects: number; attachmentIds: Set<string>; attachmentRows: number; published: number }

/** What the database holds after the run: the entry task's results and attachments, the publication task's 已公示 rows. */
export async function stored(db: Db, entryTaskId: string, publishTaskId: string | null): Promise<Stored> {
  const results = await rows<{ client: string | null; object: string }>(db, sql`select submit_client_id as client, task_object_id as object from inspection_results where task_id = ${entryTaskId}`);
  const attachments = await rows<{ client: string }>(db, sql`select a.client_id as client from result_attachments a join task_objects o on o.id = a.task_object_id where o.task_id = ${entryTaskId}`);
  const published = publishTaskId
    ? (await one<{ n: number }>(db, sql`select count(*)::int as n from inspection_results where task_id = ${publishTaskId} and status = 'published'`)).n
    : 0;
  return {
    submitIds: new Set(results.flatMap((r) => (r.client ? [r.client] : []))), resultRows: results.length, objects: new Set(results.map((r) => r.object)).size,
    attachmentIds: new Set(attachments.map((r) => r.client)), attachmentRows: attachments.length, published,
  };
}
