/**
 * Reads an uploaded table (.xlsx or .csv) as a stream of rows, whatever its format, so that a
 * million-row file never sits in memory. Rows carry their spreadsheet row number (the header is
 * row 1) for error reports.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readCsv } from './csv';
import './zip_end';
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
 * The workbook reader copies each worksheet that comes before the shared strings (Excel writes them in that order) to a
 * temporary file (the `tmp` package, `tmp-*` in the temp directory), and removes it only after reading that sheet to its
 * end. A reader that stops early (the first sheet only, a refused row, a consumer that stops) left every one of them on
 * disk, with an open descriptor, until the process exited. The files a read creates are recorded here (the read runs in
 * an async context of its own) and removed when it ends.
 */
type Remove = (next?: (error?: Error) => void) => void;
type TmpCallback = (error: Error | null, path: string, fd: number, remove: Remove) => void;
/** A file's removal, unless the reader did it: tmp calls `next` only on the first call. */
type Removals = (() => Promise<void>)[];
const tempFiles = new AsyncLocalStorage<Removals>();
// The same module instance exceljs requires (one copy in node_modules); wrapped once even if this file is loaded again.
const tmp = createRequire(import.meta.url)('tmp') as { file: (...args: unknown[]) => unknown; suijiRecordsFiles?: true };
if (!tmp.suijiRecordsFiles) {
  const file = tmp.file;
  tmp.file = function recordedFile(this: unknown, ...args: unknown[]) {
    const removals = tempFiles.getStore();
    const callback = args[args.length - 1];
    if (!removals || typeof callback !== 'function') return file.apply(this, args);
    const recording: TmpCallback = (error, path, fd, remove) => {
      let removed = false;
      const once: Remove = (next) => { removed = true; remove(next); };
      if (!error) removals.push(() => (removed ? Promise.resolve() : new Promise((resolve) => { once(() => resolve()); })));
      (callback as TmpCallback)(error, path, fd, once);
    };
    return file.apply(this, [...args.slice(0, -1), recording]);
  };
  tmp.suijiRecordsFiles = true;
}

/** Iterates `source` with every step inside the read's context, so the temporary files it creates are recorded. */
async function* recordingTempFiles<T>(removals: Removals, source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      const next = await tempFiles.run(removals, () => iterator.next());
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await tempFiles.run(removals, async () => { await iterator.return?.(); });
  }
}

/**
 * Reads the first worksheet of an .xlsx. The file must have passed checkXlsxFile (xlsx_guard.ts), which bounds what the
 * reader can accumulate; each row is checked again here against the cell and row limits.
 */
async function* readXlsx(source: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  const input = Readable.from(endOnError(source));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  const removals: Removals = [];
  try {
    for await (const worksheet of recordingTempFiles(removals, reader)) {
      for await (const row of recordingTempFiles(removals, worksheet as AsyncIterable<ExcelJS.Row>)) {
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
    await Promise.all(removals.map((remove) => remove()));
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
