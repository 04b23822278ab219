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
 * Sends an .xlsx attachment. `pages` yields batches of rows (e.g. keyset pages from the store).
 * The file name is Chinese-safe (RFC 5987).
 */
export async function sendXlsx<T>(reply: FastifyReply, fileName: string, sheetName: string, columns: readonly ExportColumn<T>[], pages: AsyncIterable<readonly T[]>): Promise<FastifyReply> {
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
  writing.catch((error: unknown) => stream.destroy(error as Error));
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
