/**
 * Import jobs (import_jobs + import_job_errors): the progress the UI polls, the summary, and the rejected rows
 * with their original cells, from which the error file is written so the user can fix it and import it again.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database';
import { importJobErrors, importJobs } from '../db/schema';
import { neutraliseFormula } from '../export/xlsx';
import type { ImportIssue, ImportMode } from './columns';

export const IMPORT_JOB_STATUSES = {
  queued: '排队中',
  validating: '校验中',
  applying: '写入中',
  succeeded: '已完成',
  failed: '未导入',
  interrupted: '已中断',
} as const;
export type ImportJobStatus = keyof typeof IMPORT_JOB_STATUSES;
export const RUNNING: readonly ImportJobStatus[] = ['queued', 'validating', 'applying'];

/** This process, as the owner of the jobs it runs (job_recovery.ts marks the jobs of owners that are gone). */
export const INSTANCE_ID = randomUUID();

export const INTERRUPTED_MESSAGE = '导入已中断（服务重启或异常退出）。按批写入的数据以操作日志为准，可重新导入同一文件：已导入的行会显示为「无变化」';

/**
 * A running job touches updated_at after every chunk; one silent for this long was cut off. Jobs of a process that died
 * are marked at the next start (job_recovery.ts); this covers an instance that died while others keep running.
 */
export const STALE_AFTER_MS = 10 * 60_000;
/** Rejected rows kept for the error file; the count in `rejected` stays exact beyond it. */
export const MAX_STORED_ERRORS = 100_000;

export const ImportJobView = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  mode: z.enum(['all_or_nothing', 'valid_rows']),
  status: z.enum(Object.keys(IMPORT_JOB_STATUSES) as [ImportJobStatus, ...ImportJobStatus[]]),
  statusLabel: z.string(),
  finished: z.boolean(),
  progress: z.number().int(),
  processedRows: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  message: z.string().nullable(),
  hasErrorFile: z.boolean(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

export interface NewImportJob {
  readonly kind: string;
  readonly userId: string;
  readonly departmentId: string | null;
  readonly fileName: string;
  readonly mode: ImportMode;
  /** The saved upload's name in the upload folder (job_upload.ts). */
  readonly uploadFile: string;
}

export async function createImportJob(tx: Db, job: NewImportJob, now: Date): Promise<string> {
  const [row] = await tx.insert(importJobs).values({
    ...job, fileName: job.fileName.slice(0, 200), status: 'queued', ownerInstance: INSTANCE_ID, createdAt: now, updatedAt: now,
  })
    .returning({ id: importJobs.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export interface JobProgress {
  status?: ImportJobStatus;
  processedRows?: number;
  added?: number;
  updated?: number;
  unchanged?: number;
  rejected?: number;
  progress?: number;
  message?: string | null;
  finishedAt?: Date;
}

export async function updateImportJob(db: Db, id: string, progress: JobProgress, now: Date): Promise<void> {
  const message = progress.message === undefined ? {} : { message: progress.message === null ? null : progress.message.slice(0, 300) };
  await db.update(importJobs).set({ ...progress, ...message, updatedAt: now }).where(eq(importJobs.id, id));
}

type JobRow = typeof importJobs.$inferSelect;

function present(row: JobRow, hasErrors: boolean, now: Date): ImportJobView {
  let status = row.status as ImportJobStatus;
  let message = row.message;
  if (RUNNING.includes(status) && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS) {
    status = 'interrupted';
    message = INTERRUPTED_MESSAGE;
  }
  return {
    id: row.id, kind: row.kind, fileName: row.fileName, mode: row.mode === 'valid_rows' ? 'valid_rows' : 'all_or_nothing',
    status, statusLabel: IMPORT_JOB_STATUSES[status], finished: !RUNNING.includes(status), progress: row.progress,
    processedRows: row.processedRows, added: row.added, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected,
    message, hasErrorFile: hasErrors, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A job of this user (or any job for a caller with the 全部 scope); null otherwise, which the route answers 404. */
export async function getImportJob(db: Db, id: string, viewer: { userId: string; all: boolean }, now: Date): Promise<ImportJobView | null> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.id, id), viewer.all ? undefined : eq(importJobs.userId, viewer.userId)));
  if (!row) return null;
  const [error] = await db.select({ row: importJobErrors.row }).from(importJobErrors).where(eq(importJobErrors.jobId, id)).limit(1);
  return present(row, Boolean(error), now);
}

/** The caller's latest jobs of one kind (the import dialog shows a job still running after a page reload). */
export async function recentImportJobs(db: Db, kind: string, userId: string, now: Date, limit = 10): Promise<ImportJobView[]> {
  const rows = await db.select().from(importJobs).where(and(eq(importJobs.kind, kind), eq(importJobs.userId, userId)))
    .orderBy(desc(importJobs.createdAt)).limit(limit);
  return rows.map((r) => present(r, r.rejected > 0, now));
}

export interface RejectedRow {
  readonly row: number;
  readonly issues: readonly ImportIssue[];
  /** Original cells keyed by column header. */
  readonly cells: Readonly<Record<string, string>>;
}

/** Stores rejected rows: one line per issue, the cells on the first line of each row. */
export async function appendJobErrors(db: Db, jobId: string, rows: readonly RejectedRow[]): Promise<void> {
  const values = rows.flatMap((r) => r.issues.map((issue, i) => ({
    jobId, row: r.row, column: issue.column.slice(0, 60), message: issue.message.slice(0, 300), cells: i === 0 ? r.cells : {},
  })));
  // Statements of at most 2000 lines and about 4 million characters of cells (a row may hold long cells).
  let start = 0;
  let chars = 0;
  for (let i = 0; i < values.length; i++) {
    for (const cell of Object.values((values[i] as (typeof values)[number]).cells)) chars += cell.length;
    if (i + 1 - start >= 2000 || chars >= 4_000_000 || i === values.length - 1) {
      await db.insert(importJobErrors).values(values.slice(start, i + 1));
      start = i + 1;
      chars = 0;
    }
  }
}

export async function hasJobErrors(db: Db, jobId: string): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`1` }).from(importJobErrors).where(eq(importJobErrors.jobId, jobId)).limit(1);
  return Boolean(row);
}

/** Rejected rows in row order, one entry per row with its issues, read in keyset pages. */
async function* rejectedRows(db: Db, jobId: string): AsyncGenerator<RejectedRow[]> {
  let after = 0;
  for (;;) {
    const lines = await db.select({ row: importJobErrors.row, column: importJobErrors.column, message: importJobErrors.message, cells: importJobErrors.cells })
      .from(importJobErrors).where(and(eq(importJobErrors.jobId, jobId), gt(importJobErrors.row, after)))
      .orderBy(asc(importJobErrors.row)).limit(5000);
    if (lines.length === 0) return;
    // A page may end inside a row: keep only whole rows unless this is the last page.
    const last = (lines[lines.length - 1] as (typeof lines)[number]).row;
    const complete = lines.length < 5000 ? lines : lines.filter((l) => l.row !== last);
    const page = complete.length > 0 ? complete : lines;
    const byRow = new Map<number, { issues: ImportIssue[]; cells: Record<string, string> }>();
    for (const l of page) {
      const entry = byRow.get(l.row) ?? { issues: [], cells: {} };
      entry.issues.push({ row: l.row, column: l.column, message: l.message });
      if (Object.keys(l.cells as object).length > 0) entry.cells = l.cells as Record<string, string>;
      byRow.set(l.row, entry);
    }
    yield [...byRow].map(([row, v]) => ({ row, ...v }));
    after = (page[page.length - 1] as (typeof page)[number]).row;
    if (lines.length < 5000) return;
  }
}

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD6D6' } };

/**
 * The error file: 原行号, the import columns with the original cells (bad cells shaded), 错误列 and 错误原因.
 * The import ignores the extra columns, so the fixed file can be imported as it is.
 */
export async function sendErrorFile(reply: FastifyReply, db: Db, jobId: string, fileName: string, headers: readonly string[]): Promise<FastifyReply> {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet('错误行');
  sheet.columns = [
    { header: '原行号', width: 8 },
    ...headers.map((h) => ({ header: h, width: Math.max(12, h.length * 2 + 4) })),
    { header: '错误列', width: 20 },
    { header: '错误原因', width: 60 },
  ];
  sheet.getRow(1).font = { bold: true };
  void reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="errors.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  const writing = (async () => {
    for await (const page of rejectedRows(db, jobId)) {
      for (const r of page) {
        const columns = [...new Set(r.issues.map((i) => i.column))];
        const row = sheet.addRow([
          r.row,
          ...headers.map((h) => neutraliseFormula(r.cells[h] ?? '')),
          columns.join('、'),
          neutraliseFormula(r.issues.map((i) => (i.column ? `${i.column}：${i.message}` : i.message)).join('；')),
        ]);
        headers.forEach((h, i) => { if (columns.includes(h)) row.getCell(i + 2).fill = ERROR_FILL; });
        row.commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })();
  writing.catch((error: unknown) => stream.destroy(error as Error));
  return reply.send(stream);
}
