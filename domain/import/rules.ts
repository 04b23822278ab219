/**
 * The one set of rules for every import (issue #8 item 8: inspector import took .xlsx only up to 10 MB while entity import
 * took .xlsx and .csv up to 300 MB). The server's import routes (server/import/upload.ts, the entity import job) and
 * the web's one import dialog (web/src/components/import_job_dialog.tsx) both read them from here — pure data in
 * domain/, as the web imports only types from server/ — so what the dialog offers is what the server accepts.
 *
 * Formats: every import reads .xlsx and .csv (UTF-8 or GBK) through the same reader (table.ts) and the same guards
 * (server/import: xlsx_guard.ts for a workbook, csv.ts while parsing, limits.ts for cells, rows and columns).
 *
 * Sizes — one limit per way an import runs, not per module:
 * - 立即导入 (`immediate`: users, inspectors, experts, checklist items — at most a few thousand rows, answered in the
 *   upload's own response, the rows held in memory while they are checked): 10 MB. 5,000 rows of the widest of these
 *   templates (执法检查人员, 11 columns) are about 2 MB as CSV and less as .xlsx; 10 MB leaves room for formatting and
 *   long 业务专长 while keeping what one request can make the server hold small. The row count is the real cap
 *   (TOO_MANY_ROWS), the size only refuses early what cannot fit it.
 * - 后台导入 (`job`: the entity directory — up to a million rows, streamed row by row into a staging table by an
 *   import job, never held in memory): 300 MB. A million rows of the entity template with 经营范围 are about 250 MB as
 *   CSV (an .xlsx is smaller); the multipart limit of the server (512 MB, server/http/app.ts) stays above it.
 */
export type ImportRun = 'immediate' | 'job';

const MB = 1024 * 1024;

export interface ImportRule {
  readonly maxBytes: number;
  /** For messages and hints: 「10 MB」. */
  readonly maxLabel: string;
  /** What one file may hold, for the hint. */
  readonly rowsHint: string;
}

export const IMPORT_RULES: Readonly<Record<ImportRun, ImportRule>> = {
  immediate: { maxBytes: 10 * MB, maxLabel: '10 MB', rowsHint: '5000 行以内' },
  job: { maxBytes: 300 * MB, maxLabel: '300 MB', rowsHint: '约 100 万行' },
};

/** The file types every import accepts: the file picker's `accept` and the words for them. */
export const IMPORT_FORMATS = {
  extensions: ['.xlsx', '.csv'] as const,
  accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
  label: '.xlsx 和 .csv（UTF-8 或 GBK 编码）',
};

/** The file picker's hint: 「支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 10 MB、5000 行以内」. */
export function importHint(run: ImportRun): string {
  const rule = IMPORT_RULES[run];
  return `支持 ${IMPORT_FORMATS.label}，单个文件不超过 ${rule.maxLabel}、${rule.rowsHint}`;
}
