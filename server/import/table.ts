/**
 * Reads an uploaded table (.xlsx or .csv) as a stream of rows, whatever its format, so that a
 * million-row file never sits in memory. Rows carry their spreadsheet row number (the header is
 * row 1) for error reports.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readCsv } from './csv';
import { cellTooLong, rowTooLong, TableFormatError, TABLE_LIMITS, tooManyColumns } from './limits';

export { TableFormatError } from './limits';

export interface SheetRow {
  /** 1-based row number as the user sees it in Excel (the header is row 1). */
  readonly rowNumber: number;
  readonly cells: readonly string[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result);
    return '';
  }
  return String(value);
}

/**
 * The workbook reader pipes its input without forwarding errors, so the input never errors: a read failure (or the
 * source being closed when a consumer stops early) simply ends it, which the reader reports as a damaged file.
 */
async function* endOnError(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch {
    return;
  }
}

/**
 * Reads the first worksheet of an .xlsx. The file must have passed checkXlsxFile (xlsx_guard.ts), which bounds what the
 * reader can accumulate; each row is checked again here against the cell and row limits.
 */
async function* readXlsx(source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const input = Readable.from(endOnError(source));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        if (values.length > TABLE_LIMITS.columns) throw tooManyColumns(row.number);
        const cells = Array.from(values, (v) => cellText(v).trim());
        let chars = 0;
        for (const cell of cells) {
          if (cell.length > TABLE_LIMITS.cellChars) throw cellTooLong(row.number);
          chars += cell.length;
        }
        if (chars > TABLE_LIMITS.rowChars) throw rowTooLong(row.number);
        yield { rowNumber: row.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof TableFormatError) throw error;
    throw new TableFormatError(`Excel 文件已损坏或格式不正确（${(error as Error).message.slice(0, 80)}）`);
  } finally {
    input.destroy();
  }
}

/**
 * Detects the format from the first bytes ("PK" = .xlsx zip) and the file name, and yields rows.
 * Empty trailing rows are skipped; an empty file or an unknown format is a TableFormatError.
 */
export async function* readTable(fileName: string, source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || first.value.length === 0) throw new TableFormatError('文件为空');
  const firstChunk = first.value;
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield firstChunk;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  const lower = fileName.toLowerCase();
  const isZip = firstChunk[0] === 0x50 && firstChunk[1] === 0x4b;
  if (lower.endsWith('.xls') && !isZip) throw new TableFormatError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入');
  if (isZip) {
    if (!lower.endsWith('.xlsx')) throw new TableFormatError('只能导入 .xlsx 或 .csv 文件');
    yield* readXlsx(rest());
    return;
  }
  if (lower.endsWith('.xlsx')) throw new TableFormatError('Excel 文件已损坏或格式不正确');
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt')) throw new TableFormatError('只能导入 .xlsx 或 .csv 文件');
  if ((firstChunk[0] === 0xff && firstChunk[1] === 0xfe) || (firstChunk[0] === 0xfe && firstChunk[1] === 0xff)) {
    throw new TableFormatError('CSV 文件是 UTF-16 编码（Excel「Unicode 文本」），请另存为「CSV UTF-8」或 GBK 编码的 CSV 后再导入');
  }
  if (firstChunk.includes(0)) throw new TableFormatError('文件不是文本格式的 CSV');
  let rowNumber = 0;
  for await (const cells of readCsv(rest())) {
    rowNumber++;
    yield { rowNumber, cells: cells.map((c) => c.trim()) };
  }
}
