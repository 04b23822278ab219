/**
 * Streaming .xlsx export (exceljs WorkbookWriter): rows are written as they are read, page by page,
 * so an export never holds the whole table in memory. Cells that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab/CR) are neutralised with a leading apostrophe.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface ExportColumn<T> {
  readonly header: string;
  readonly width?: number;
  readonly value: (row: T) => string | number | null;
}

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Reads the first page before anything is sent: a failure there (a refused filter, a database error) is then an
 * ordinary error answer instead of a connection dropped after the headers.
 */
export async function firstPageRead<T>(pages: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* rest() {
    for (let next = first; !next.done; next = await iterator.next()) yield next.value;
  })();
}

/**
 * A failure after the headers were sent cannot change the status: it is logged, and the response is aborted (not
 * ended) so the client sees an incomplete download rather than a complete-looking, truncated file.
 */
export function abortExport(reply: FastifyReply, stream: { destroy(error?: Error): unknown }, error: unknown): void {
  if ((error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE') reply.log.info({ url: reply.request.url }, 'export abandoned by the client');
  else reply.log.error({ err: error, url: reply.request.url }, 'export failed after the first rows were sent');
  stream.destroy(error instanceof Error ? error : new Error(String(error)));
}

/**
 * Sends an .xlsx attachment. `pages` yields batches of rows (e.g. keyset pages from the store).
 * The file name is Chinese-safe (RFC 5987).
 */
export async function sendXlsx<T>(reply: FastifyReply, fileName: string, sheetName: string, columns: readonly ExportColumn<T>[], allRows: AsyncIterable<readonly T[]>): Promise<FastifyReply> {
  const pages = await firstPageRead(allRows);
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 18 }));
  sheet.getRow(1).font = { bold: true };
  const encoded = encodeURIComponent(fileName);
  void reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encoded}`);
  const writing = (async () => {
    for await (const page of pages) {
      for (const row of page) {
        sheet.addRow(columns.map((c) => {
          const v = c.value(row);
          return typeof v === 'string' ? neutraliseFormula(v) : v;
        })).commit();
      }
    }
    sheet.commit();
    await workbook.commit();
  })();
  writing.catch((error: unknown) => abortExport(reply, stream, error));
  return reply.send(stream);
}

/** Iterates a paged list function page by page (for exports that follow the current filters). */
export async function* allPages<T>(fetchPage: (page: number, pageSize: number) => Promise<{ rows: T[]; total: number }>, pageSize = 1000): AsyncIterable<T[]> {
  for (let page = 1; ; page++) {
    const { rows } = await fetchPage(page, pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
  }
}
