/**
 * An all_or_nothing entity import without one long transaction (docs/decisions/0007-import-apply-without-blocking.md).
 * The embedded database answers one query at a time, so a 200,000-row apply in one transaction made every request wait
 * for it. Instead the staged rows are written in chunks, each its own short transaction, and queued queries run between
 * chunks (PostgreSQL, where readers never wait for a writer, takes large chunks; no table lock on either):
 *
 * 1. the job is listed in entity_imports_pending; every read of the directory ANDs {@link entityVisible}, so a record
 *    written by a listed job is not found by anyone;
 * 2. per chunk of staged rows: the rows the directory already holds unchanged leave staging; the rows with a new code
 *    move from staging into the directory, marked with the job (hidden). A large file starts this while it is still
 *    being validated ({@link writeEarly}: new codes only, staging kept for the duplicates check), so the database
 *    writes while the next rows are parsed;
 * 3. the closing transaction (with the import's log row) updates the existing records that changed (what is left in
 *    staging) and deletes the job's line: every record appears at once;
 * 4. a failure before that deletes the job's hidden records, then its line; a process killed in between leaves them
 *    hidden, and {@link discardInterruptedImports} deletes them at the next start.
 */
import { and, eq, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { entityImportRows, entityImportsPending, importJobs, marketEntities } from '../../db/schema';
import type { ApplyCounts } from '../../import/job_runner';
import { STALE_AFTER_MS } from '../../import/jobs';
import { addPhase, timed } from '../../import/phase_times';
import { affectedRows, ANALYZE_AFTER_ROWS, postgresPool, rowsOf } from './import_staging';

/**
 * Rows per chunk: starts at `rows`, halves when a chunk took more than twice `targetMs` and doubles under half of it
 * (within the bounds), so a busy machine gets shorter chunks. `afterChunk` lets tests act between two chunks.
 */
export const APPLY_CHUNKS = {
  rows: 2000, minRows: 250, maxRows: 20_000, targetMs: 150,
  /** The fewest rows written between two ANALYZEs during the apply (see statisticsKeeper). */
  analyzeAfterRows: ANALYZE_AFTER_ROWS,
  afterChunk: null as ((chunk: number) => Promise<void>) | null,
};

/** True for a record no unfinished import wrote: ANDed into every read of market_entities. */
export function entityVisible(): SQL {
  return sql`(${marketEntities.importJobId} is null or ${marketEntities.importJobId} not in (select job_id from ${entityImportsPending}))`;
}

const FIELDS = ['code_type', 'name', 'name_initials', 'name_bigram_keys', 'entity_type', 'legal_representative', 'address', 'region_code', 'industry_code',
  'business_scope', 'registered_on', 'status', 'risk_class', 'abnormal_list', 'serious_violation', 'complaints_count', 'owner_department_id'];
const fieldList = sql.raw(FIELDS.join(', '));
const sameValues = sql.raw(`(${FIELDS.map((f) => `m.${f}`).join(', ')}) is not distinct from (${FIELDS.map((f) => `s.${f}`).join(', ')})`);
const setFromStaging = sql.raw(FIELDS.map((f) => `${f} = s.${f}`).join(', '));
const visibleM = sql.raw('(m.import_job_id is null or m.import_job_id not in (select job_id from entity_imports_pending))');

/** Rows of the file, by row number (both ends included). */
export interface RowSpan {
  readonly from: number;
  readonly to: number;
}

/** The hidden writes of one job: what they counted and which ids they took (for the clean-up after a failure). */
export interface PendingWrites {
  added: number;
  unchanged: number;
  lowId: number | null;
  highId: number | null;
  /** The job is listed in entity_imports_pending: what it writes is hidden. */
  listed: boolean;
  /** Spans written during validation ({@link writeEarly}) whose every staged row became a new record. */
  early: RowSpan[];
  /** Spans written during validation where some staged rows were not new: writeHidden takes them over. */
  partial: RowSpan[];
  /** What is left in staging for the closing transaction (null = all the job's rows). */
  rest: RowSpan[] | null;
  statistics: { afterChunk: (added: number) => Promise<void> } | null;
}

export function noWrites(): PendingWrites {
  return { added: 0, unchanged: 0, lowId: null, highId: null, listed: false, early: [], partial: [], rest: null, statistics: null };
}

/** Step 1, once per job: the job is listed (after the clean-up of imports that cannot finish any more). */
async function listJob(db: Db, jobId: string, writes: PendingWrites, now: Date): Promise<void> {
  if (writes.listed) return;
  await discardInterruptedImports(db, { all: false, now });
  await db.insert(entityImportsPending).values({ jobId, startedAt: now });
  writes.listed = true;
  writes.statistics ??= await statisticsKeeper(db);
}

function countWritten(writes: PendingWrites, written: { n: number; low: number | null; high: number | null } | undefined): number {
  const n = Number(written?.n ?? 0);
  writes.added += n;
  const lowId = written?.low ?? null;
  const highId = written?.high ?? null;
  if (lowId !== null) writes.lowId = Math.min(writes.lowId ?? Number(lowId), Number(lowId));
  if (highId !== null) writes.highId = Math.max(writes.highId ?? Number(highId), Number(highId));
  return n;
}

/**
 * Runs `write` over rows `from`–`to` in chunks, each its own transaction. PostgreSQL readers do not wait for a writer
 * (MVCC): the largest chunks there. The embedded database answers one query at a time: chunks sized to take about
 * targetMs, and the queries queued meanwhile run between two chunks.
 */
async function inChunks(db: Db, span: RowSpan, writes: PendingWrites, write: (tx: Db, from: number, to: number) => Promise<void>,
  after: (to: number) => Promise<void>): Promise<void> {
  const adapt = postgresPool(db) === null;
  let rows = adapt ? APPLY_CHUNKS.rows : APPLY_CHUNKS.maxRows;
  for (let from = span.from; from <= span.to;) {
    const to = Math.min(span.to, from + rows - 1);
    let ms = 0;
    await db.transaction(async (tx) => {
      // Timed from inside: the wait for the queries queued before this chunk is not the chunk's cost.
      const started = performance.now();
      await write(tx, from, to);
      ms = performance.now() - started;
    });
    if (adapt && ms > 2 * APPLY_CHUNKS.targetMs) rows = Math.max(APPLY_CHUNKS.minRows, Math.floor(rows / 2));
    else if (adapt && ms < APPLY_CHUNKS.targetMs / 2) rows = Math.min(APPLY_CHUNKS.maxRows, rows * 2);
    from = to + 1;
    await timed('apply: ANALYZE during the apply', () => writes.statistics?.afterChunk(writes.added) ?? Promise.resolve());
    await after(to);
  }
}

/**
 * A first write while the rest of the file is still being validated (all_or_nothing; docs/decisions/0007, addendum of
 * issue #8): the staged rows of `span` whose code is new become hidden records, chunk by chunk, so the database writes
 * while the next rows are parsed. The staged rows stay where they are (the duplicates check reads them all at the end);
 * a span where every staged row was new is done, one where some were not (the code exists) is taken over by writeHidden.
 */
export async function writeEarly(db: Db, jobId: string, writes: PendingWrites, now: Date, span: RowSpan, staged: number): Promise<void> {
  await listJob(db, jobId, writes, now);
  const s = entityImportRows;
  let written = 0;
  await inChunks(db, span, writes, async (tx, from, to) => {
    const started = performance.now();
    const [w] = await rowsOf<{ n: number; low: number | null; high: number | null }>(tx, sql`with written as (
        insert into ${marketEntities} (code, ${fieldList}, created_at, updated_at, import_job_id)
        select code, ${fieldList}, ${now}::timestamptz, ${now}::timestamptz, ${jobId}::uuid from ${s} s
          where s.job_id = ${jobId} and s.row_number between ${from} and ${to} order by code
        on conflict (code) do nothing returning id)
      select count(*)::int as n, min(id) as low, max(id) as high from written`);
    written += countWritten(writes, w);
    addPhase('apply: new rows into the directory during validation (insert + indexes)', performance.now() - started);
  }, async () => undefined);
  (written === staged ? writes.early : writes.partial).push(span);
}

/** The spans of [low, high] not covered by `covered` (sorted, merged). */
function spansLeft(low: number, high: number, covered: readonly RowSpan[]): RowSpan[] {
  const left: RowSpan[] = [];
  let next = low;
  for (const c of [...covered].sort((a, b) => a.from - b.from)) {
    if (c.from > next) left.push({ from: next, to: Math.min(high, c.from - 1) });
    next = Math.max(next, c.to + 1);
  }
  if (next <= high) left.push({ from: next, to: high });
  return left.filter((r) => r.from <= r.to);
}

const inSpans = (spans: readonly RowSpan[]) => sql.join(spans.map((r) => sql`s.row_number between ${r.from} and ${r.to}`), sql` or `);

/**
 * Steps 1 and 2: lists the job and writes its new records (hidden), chunk by chunk, counting into `writes` as each
 * chunk commits (so a failure midway knows what to remove). Spans writeEarly finished are skipped. `progress` gets the
 * fraction done after each chunk (the job's heartbeat).
 */
export async function writeHidden(db: Db, jobId: string, writes: PendingWrites, now: Date, progress: (done: number) => Promise<void>): Promise<void> {
  await listJob(db, jobId, writes, now);
  const s = entityImportRows;
  // Spans writeEarly began but could not finish: its records leave staging, the rest is written below.
  for (const span of writes.partial) {
    await db.execute(sql`delete from ${s} s using ${marketEntities} m
      where s.job_id = ${jobId} and s.row_number between ${span.from} and ${span.to} and m.code = s.code and m.import_job_id = ${jobId}::uuid`);
  }
  const [bounds] = await db.select({ low: sql<number | null>`min(${s.rowNumber})`, high: sql<number | null>`max(${s.rowNumber})` }).from(s).where(eq(s.jobId, jobId));
  const rest = spansLeft(Number(bounds?.low ?? 1), Number(bounds?.high ?? 0), writes.early);
  writes.rest = rest;
  const total = rest.reduce((n, r) => n + r.to - r.from + 1, 0);
  let done = 0;
  let chunks = 0;
  for (const span of rest) {
    await inChunks(db, span, writes, async (tx, from, to) => {
      const started = performance.now();
      writes.unchanged += affectedRows(await tx.execute(sql`delete from ${s} s using ${marketEntities} m
        where s.job_id = ${jobId} and s.row_number between ${from} and ${to} and m.code = s.code and ${sameValues}`));
      const unchangedDone = performance.now();
      addPhase('apply: drop unchanged rows from staging', unchangedDone - started);
      // New codes move from staging into the directory; what stays in staging is the existing records that change.
      const [moved] = await rowsOf<{ n: number; low: number | null; high: number | null }>(tx, sql`with moved as (
          delete from ${s} s where s.job_id = ${jobId} and s.row_number between ${from} and ${to}
            and not exists (select 1 from ${marketEntities} m where m.code = s.code)
          returning s.*),
        written as (insert into ${marketEntities} (code, ${fieldList}, created_at, updated_at, import_job_id)
          select code, ${fieldList}, ${now}::timestamptz, ${now}::timestamptz, ${jobId}::uuid from moved order by code returning id)
        select count(*)::int as n, min(id) as low, max(id) as high from written`);
      countWritten(writes, moved);
      addPhase('apply: move new rows into the directory (insert + indexes)', performance.now() - unchangedDone);
    }, async (to) => {
      chunks += 1;
      await progress((done + to - span.from + 1) / Math.max(1, total));
      if (APPLY_CHUNKS.afterChunk) await APPLY_CHUNKS.afterChunk(chunks);
    });
    done += span.to - span.from + 1;
  }
}

/**
 * Keeps the planner's statistics of market_entities in step with a table that grows during the import. A first load
 * takes the table from nothing (never analyzed) to 200,000 rows; the planner then still believed it nearly empty and
 * served a name search through the region index, reading every hidden row of the region to drop it (docs/decisions/
 * 0007, 90–150 ms at 160,000 rows instead of 7 ms through the name index). Neither database's autovacuum can be counted
 * on in time (the embedded one has none; PostgreSQL's may be off and looks once a minute at most), so the import itself
 * runs ANALYZE whenever the rows it added since the last one reach the table's size at that time (at least
 * APPLY_CHUNKS.analyzeAfterRows): a doubling rule, about log2(size) runs of a fixed cost (a sample of at most 3,000
 * rows here). ANALYZE takes no lock that readers or writers wait for.
 */
async function statisticsKeeper(db: Db): Promise<{ afterChunk: (added: number) => Promise<void> }> {
  const [known] = await rowsOf<{ n: number | string | null }>(db, sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'market_entities'::regclass`);
  let rowsAtAnalyze = Number(known?.n ?? 0);
  let addedAtAnalyze = 0;
  return {
    async afterChunk(added) {
      if (added - addedAtAnalyze < Math.max(APPLY_CHUNKS.analyzeAfterRows, rowsAtAnalyze)) return;
      // A small sample (3,000 rows instead of 30,000): enough to choose the right index, about 80 ms where the full one
      // took 0.3–2 s on the embedded database, which answers nothing meanwhile. prepareAll's ANALYZE at the end is full.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local default_statistics_target = 10`);
        await tx.execute(sql`analyze ${marketEntities}`);
      });
      rowsAtAnalyze += added - addedAtAnalyze;
      addedAtAnalyze = added;
    },
  };
}

/** Step 3, inside the import's closing transaction: the changed records are updated and the hidden ones appear. */
export async function showWrites(tx: Db, jobId: string, writes: PendingWrites, now: Date): Promise<ApplyCounts> {
  // Only the spans writeHidden went through: what writeEarly wrote stays in staging until the clean-up.
  const rest = writes.rest === null ? sql`true` : writes.rest.length === 0 ? sql`false` : sql`(${inSpans(writes.rest)})`;
  const updated = affectedRows(await tx.execute(sql`update ${marketEntities} m set ${setFromStaging}, updated_at = ${now}::timestamptz
    from ${entityImportRows} s where s.job_id = ${jobId} and ${rest} and m.code = s.code and ${visibleM} and not (${sameValues})`));
  await tx.delete(entityImportsPending).where(eq(entityImportsPending.jobId, jobId));
  const [left] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from ${entityImportRows} s where s.job_id = ${jobId} and ${rest}`);
  // Rows left in staging but not updated: their record changed to the file's values meanwhile, or was removed.
  return { added: writes.added, updated, unchanged: writes.unchanged + Math.max(0, (left?.n ?? 0) - updated) };
}

/** Step 4 after a failure in this process: the job's hidden records go (in short transactions), then its line. */
export async function discardWrites(db: Db, jobId: string, writes: PendingWrites): Promise<void> {
  const [listed] = await db.select({ jobId: entityImportsPending.jobId }).from(entityImportsPending).where(eq(entityImportsPending.jobId, jobId));
  if (!listed) return;
  const e = marketEntities;
  if (writes.lowId !== null && writes.highId !== null) {
    for (let from = writes.lowId; from <= writes.highId; from += APPLY_CHUNKS.rows) {
      await db.delete(e).where(and(eq(e.importJobId, jobId), sql`${e.id} between ${from} and ${from + APPLY_CHUNKS.rows - 1}`));
    }
  }
  await db.transaction(async (tx) => {
    // A chunk that committed after the ids were counted (none should) is caught here.
    await tx.delete(e).where(eq(e.importJobId, jobId));
    await tx.delete(entityImportsPending).where(eq(entityImportsPending.jobId, jobId));
  });
}

/**
 * Hidden records of imports that cannot finish any more: at start on the embedded database (one process owns the data
 * directory, so `all`), else those of jobs that ended or whose heartbeat stopped (another PostgreSQL instance may be
 * running an import). Returns the number of jobs cleaned.
 */
export async function discardInterruptedImports(db: Db, options: { readonly all: boolean; readonly now: Date }): Promise<number> {
  const p = entityImportsPending;
  const stale = new Date(options.now.getTime() - STALE_AFTER_MS);
  const jobs = await db.select({ jobId: p.jobId }).from(p).leftJoin(importJobs, eq(importJobs.id, p.jobId))
    .where(options.all ? undefined : or(sql`${importJobs.id} is null`, notInArray(importJobs.status, ['queued', 'validating', 'applying']), lt(importJobs.updatedAt, stale)));
  for (const { jobId } of jobs) {
    await db.transaction(async (tx) => {
      await tx.delete(marketEntities).where(eq(marketEntities.importJobId, jobId));
      await tx.delete(p).where(inArray(p.jobId, [jobId]));
    });
  }
  return jobs.length;
}
