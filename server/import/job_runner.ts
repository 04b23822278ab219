/**
 * Runs an import job in the background, one job at a time per process:
 *
 * 1. validate: the saved file is read as a stream (readTable + recordsOf) in chunks; each chunk is validated and its
 *    valid rows written to the pipeline's staging table while the next chunk is parsed. Rejected rows go to
 *    import_job_errors with their original cells. Nothing is written to the real table yet.
 * 2. cross-row checks: problems only the whole file shows (the same code twice) reject rows from staging.
 * 3. apply:
 *    - all_or_nothing: if any row was rejected nothing is written (one log row says so); otherwise the pipeline may
 *      first write the staged rows where no one sees them yet (prepareAll: short transactions, so other requests keep
 *      being answered), then ONE transaction applies or shows them all, with one operation-log row carrying the summary;
 *    - valid_rows: the staged rows are applied in row-number batches, each batch its own transaction with its own
 *      log row (so the log always says exactly which rows reached the table, even if the process dies), then a
 *      closing log row with the totals commits together with the job's final state.
 *
 * The job row is the progress the UI polls; its updated_at is the heartbeat (jobs.ts STALE_AFTER_MS).
 */
import { createReadStream } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { DomainEvent } from '../../domain/events';
import type { Db } from '../db/database';
import { runChange, type ChangeServices } from '../http/change';
import { recordsOf, type ColumnSpec, type ImportIssue, type ImportMode, type ImportRecord } from './columns';
import { appendJobErrors, MAX_STORED_ERRORS, updateImportJob, type RejectedRow } from './jobs';
import { ByteCounter, discardUpload, type SavedUpload } from './job_upload';
import { addPhase, timed } from './phase_times';
import { readTable, TableFormatError } from './table';

export interface RowRange {
  readonly fromRow: number;
  readonly toRow: number;
}

export interface ApplyCounts {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface ImportTotals extends ApplyCounts {
  readonly rejected: number;
}

/** What a resource supplies to the runner. */
export interface ImportPipeline<K extends string> {
  readonly columns: readonly ColumnSpec<K>[];
  /** Rows per validation chunk and per valid_rows batch. */
  readonly chunkSize: number;
  /** Added to the job's final message (e.g. a column ignored for lack of permission). */
  readonly notes: readonly string[];
  /** Validates a chunk, stages its valid rows, returns the problems of the others. */
  stage(records: readonly ImportRecord<K>[]): Promise<readonly ImportIssue[]>;
  /** After the whole file: problems spanning rows (e.g. a code twice); those rows leave staging. */
  crossRowIssues(): Promise<readonly ImportIssue[]>;
  /** Staged rows in a range (null = all). */
  stagedCount(range: RowRange | null): Promise<number>;
  /**
   * all_or_nothing, before the closing transaction: writes the staged rows where no reader sees them, in short
   * transactions; `progress` takes the fraction done (the job's heartbeat). `cleanup` removes them if the job fails.
   */
  prepareAll?(progress: (done: number) => Promise<void>): Promise<void>;
  /** Writes the staged rows of a range (null = all, after prepareAll if the pipeline has it) inside `tx`. */
  apply(tx: Db, range: RowRange | null): Promise<ApplyCounts>;
  /** After the last valid_rows batch, before the job reports success (e.g. refresh planner statistics). */
  finish(): Promise<void>;
  /** Deletes the job's staging rows. */
  cleanup(): Promise<void>;
  readonly events: {
    batch(batch: number, range: RowRange, counts: ApplyCounts): DomainEvent;
    done(totals: ImportTotals): DomainEvent;
    refused(reason: string, rejected: number): DomainEvent;
  };
}

export interface ImportJobContext {
  readonly jobId: string;
  readonly mode: ImportMode;
  readonly upload: SavedUpload;
  /** The upload request: actor, ip and route of every log row the job writes. */
  readonly request: FastifyRequest;
  readonly services: ChangeServices;
  /** What the log rows' summaries start with, e.g. 导入检查对象 → 「导入检查对象（第 3 批，第 10002–15001 行）」. */
  readonly summaryNoun: string;
}

/**
 * Characters of cells per validation chunk: a chunk is also cut when its rows hold this much text, so three chunks in
 * flight stay a few tens of MB even when every row is as long as limits.ts allows.
 */
const CHUNK_CHARS = 4_000_000;

let queue: Promise<void> = Promise.resolve();

/** Queues the job; jobs run one after another so two big imports never compete for the (embedded) database. */
export function enqueueImportJob<K extends string>(ctx: ImportJobContext, pipeline: ImportPipeline<K>): Promise<void> {
  const run = queue.then(() => runImportJob(ctx, pipeline));
  queue = run.catch(() => undefined);
  return run;
}

function groupByRow(issues: readonly ImportIssue[]): Map<number, ImportIssue[]> {
  const byRow = new Map<number, ImportIssue[]>();
  for (const issue of issues) {
    const list = byRow.get(issue.row);
    if (list) list.push(issue);
    else byRow.set(issue.row, [issue]);
  }
  return byRow;
}

function cellsOf<K extends string>(columns: readonly ColumnSpec<K>[], record: ImportRecord<K>): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c.header, record.values[c.key]]));
}

function records<K extends string>(upload: SavedUpload, columns: readonly ColumnSpec<K>[], counter?: ByteCounter): AsyncGenerator<ImportRecord<K>> {
  const source = createReadStream(upload.path, { highWaterMark: 256 * 1024 });
  return recordsOf(readTable(upload.fileName, counter ? counter.count(source) : source), columns);
}

export async function runImportJob<K extends string>(ctx: ImportJobContext, pipeline: ImportPipeline<K>): Promise<void> {
  const { services, jobId, upload } = ctx;
  const db = services.db;
  const touch = (progress: Parameters<typeof updateImportJob>[2]) => updateImportJob(db, jobId, progress, services.now());
  const log = <T>(summary: string, work: Parameters<typeof runChange<T>>[2]) =>
    runChange(ctx.request, services, work, { summary: `${ctx.summaryNoun}（${summary}）` });
  let processed = 0;
  let rejected = 0;
  let stored = 0;
  let lastRow = 1;
  let applied: ApplyCounts = { added: 0, updated: 0, unchanged: 0 };
  let batchesDone = 0;

  async function reject(rows: readonly RejectedRow[]): Promise<void> {
    rejected += rows.length;
    const room = Math.max(0, MAX_STORED_ERRORS - stored);
    if (room > 0) await appendJobErrors(db, jobId, rows.slice(0, room));
    stored += Math.min(room, rows.length);
  }

  const started = performance.now();
  let validated = started;
  const timing = () => ({ validateMs: Math.round(validated - started), applyMs: Math.round(performance.now() - validated) });
  try {
    await touch({ status: 'validating', progress: 1 });
    const counter = new ByteCounter();
    // Up to two chunks are staged (on PostgreSQL, on two connections) while the next is parsed; a failure is kept (not
    // left unhandled) and rethrown here. Memory stays at three chunks whatever the file's size.
    const pending: Promise<void>[] = [];
    let failure: { error: unknown } | null = null;
    const settle = async (keep: number) => {
      while (pending.length > keep) await pending.shift();
      if (failure) throw failure.error;
    };
    const flush = async (chunk: ImportRecord<K>[]) => {
      await settle(1);
      pending.push((async () => {
        const issues = await pipeline.stage(chunk);
        const byRow = groupByRow(issues);
        await reject(chunk.filter((r) => byRow.has(r.rowNumber)).map((r) => ({ row: r.rowNumber, issues: byRow.get(r.rowNumber) ?? [], cells: cellsOf(pipeline.columns, r) })));
        processed += chunk.length;
        await touch({ processedRows: processed, rejected, progress: Math.min(79, 1 + Math.floor((78 * counter.bytes) / Math.max(1, upload.bytes))) });
      })().catch((error: unknown) => { failure = { error }; }));
    };
    let chunk: ImportRecord<K>[] = [];
    let chunkChars = 0;
    let reading = performance.now();
    for await (const record of records(upload, pipeline.columns, counter)) {
      addPhase('parse (read, decode, CSV/xlsx, records)', performance.now() - reading);
      chunk.push(record);
      lastRow = record.rowNumber;
      for (const column of pipeline.columns) chunkChars += record.values[column.key].length;
      if (chunk.length >= pipeline.chunkSize || chunkChars >= CHUNK_CHARS) {
        await timed('parse: waiting for staging', () => flush(chunk));
        chunk = [];
        chunkChars = 0;
      }
      reading = performance.now();
    }
    if (chunk.length > 0) await flush(chunk);
    await timed('parse: waiting for staging', () => settle(0));

    const cross = groupByRow(await timed('duplicates (cross-row)', () => pipeline.crossRowIssues()));
    if (cross.size > 0) {
      const found: RejectedRow[] = [];
      for await (const record of records(upload, pipeline.columns)) {
        const issues = cross.get(record.rowNumber);
        if (issues) found.push({ row: record.rowNumber, issues, cells: cellsOf(pipeline.columns, record) });
      }
      await reject(found);
    }
    validated = performance.now();
    const notes = pipeline.notes.length > 0 ? `（${pipeline.notes.join('；')}）` : '';
    const storedNote = rejected > stored ? `错误文件只列出前 ${MAX_STORED_ERRORS} 行。` : '';

    if (ctx.mode === 'all_or_nothing' && rejected > 0) {
      await log('有错误，未写入', async (tx, record) => {
        record.target('import_job', jobId);
        record.detail({ jobId, file: upload.fileName, mode: ctx.mode, rows: processed, rejected });
        record.event(pipeline.events.refused('rows_rejected', rejected));
        await updateImportJob(tx, jobId, {
          status: 'failed', processedRows: processed, rejected, progress: 100, finishedAt: services.now(),
          message: `${rejected} 行未通过校验。按「全部正确才导入」方式，没有写入任何数据；请下载错误文件，修改后重新导入。${storedNote}${notes}`,
        }, services.now());
      });
      return;
    }

    await touch({ status: 'applying', processedRows: processed, rejected, progress: 80 });
    if (ctx.mode === 'all_or_nothing') {
      await pipeline.prepareAll?.((done) => timed('apply: progress heartbeat', () => touch({ progress: 80 + Math.floor(19 * done) })));
      await log('全部写入', async (tx, record) => {
        applied = await timed('apply: closing transaction (update changed, show)', () => pipeline.apply(tx, null));
        const totals = { ...applied, rejected };
        record.target('import_job', jobId);
        record.detail({ jobId, file: upload.fileName, mode: ctx.mode, rows: processed, ...totals, ...timing() });
        record.event(pipeline.events.done(totals));
        await updateImportJob(tx, jobId, { status: 'succeeded', ...totals, progress: 100, finishedAt: services.now(), message: `共 ${processed} 行，全部写入${notes}` }, services.now());
      });
      return;
    }

    const batches = Math.max(1, Math.ceil((lastRow - 1) / pipeline.chunkSize));
    for (let from = 2, batch = 1; from <= lastRow; from += pipeline.chunkSize, batch += 1) {
      const range = { fromRow: from, toRow: Math.min(lastRow, from + pipeline.chunkSize - 1) };
      if ((await pipeline.stagedCount(range)) > 0) {
        await log(`第 ${batch} 批，第 ${range.fromRow}–${range.toRow} 行`, async (tx, record) => {
          const counts = await pipeline.apply(tx, range);
          applied = { added: applied.added + counts.added, updated: applied.updated + counts.updated, unchanged: applied.unchanged + counts.unchanged };
          record.target('import_job', jobId);
          record.detail({ jobId, batch, ...range, ...counts });
          record.event(pipeline.events.batch(batch, range, counts));
          await updateImportJob(tx, jobId, { ...applied, progress: 80 + Math.floor((20 * batch) / batches) }, services.now());
        });
        batchesDone += 1;
      }
    }
    await pipeline.finish();
    await log('完成', async (tx, record) => {
      const totals = { ...applied, rejected };
      record.target('import_job', jobId);
      record.detail({ jobId, file: upload.fileName, mode: ctx.mode, rows: processed, batches: batchesDone, ...totals, ...timing() });
      record.event(pipeline.events.done(totals));
      const outcome = rejected > 0 ? `共 ${processed} 行，${rejected} 行有错误未导入，请下载错误文件修改后重新导入。${storedNote}` : `共 ${processed} 行，全部写入`;
      await updateImportJob(tx, jobId, { status: 'succeeded', ...totals, progress: 100, finishedAt: services.now(), message: `${outcome}${notes}` }, services.now());
    });
  } catch (error) {
    const fileProblem = error instanceof TableFormatError;
    if (!fileProblem) ctx.request.log.error({ err: error, jobId }, 'import job failed');
    const reason = fileProblem ? error.message : '服务器内部错误，请稍后重试或联系管理员';
    const partial = batchesDone > 0 ? `已写入的 ${batchesDone} 批（新增 ${applied.added}、更新 ${applied.updated}）保留，见操作日志。` : '没有写入任何数据。';
    await log('失败', async (tx, record) => {
      record.target('import_job', jobId);
      record.detail({ jobId, file: upload.fileName, mode: ctx.mode, rows: processed, reason, batches: batchesDone });
      record.event(pipeline.events.refused(fileProblem ? 'file_invalid' : 'internal_error', rejected));
      await updateImportJob(tx, jobId, {
        status: 'failed', processedRows: processed, rejected, ...applied, progress: 100, finishedAt: services.now(), message: `导入失败：${reason}。${partial}`,
      }, services.now());
    }).catch((logError: unknown) => ctx.request.log.error({ err: logError, jobId }, 'could not record the failed import'));
  } finally {
    await timed('cleanup (staging)', () => pipeline.cleanup()).catch((error: unknown) => ctx.request.log.error({ err: error, jobId }, 'import staging cleanup failed'));
    await discardUpload(upload);
  }
}
