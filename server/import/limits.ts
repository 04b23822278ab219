/**
 * What an uploaded table may make the server hold, whatever its format. A file beyond one of these limits is refused
 * with a Chinese message before the memory it asks for is taken: the .xlsx guard (xlsx_guard.ts) checks the ZIP while
 * inflating it, the CSV reader (csv.ts) while parsing, and readTable (table.ts) checks every row it yields.
 */

export class TableFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableFormatError';
  }
}

export const TABLE_LIMITS = {
  /** Excel's own limit for the text of one cell. */
  cellChars: 32_767,
  /** Excel's own column limit (XFD). */
  columns: 16_384,
  /** Excel's own row limit per worksheet. */
  rows: 1_048_576,
  /** All the cells of one row together: a row is held whole while it is validated. */
  rowChars: 262_144,
  /** Entries in an .xlsx (a workbook written by Excel has a few dozen). */
  zipEntries: 1_000,
  /** All XML of an .xlsx once inflated (a million rows of the entity template are about 1 GB as a worksheet). */
  uncompressedBytes: 2 * 1024 * 1024 * 1024,
  /** Inflated : compressed beyond this, for an entry of more than `ratioFloorBytes`, is a ZIP bomb, not a table. */
  ratio: 200,
  ratioFloorBytes: 16 * 1024 * 1024,
  /** The shared-string table is held in memory whole while the worksheet is read. */
  sharedStringsBytes: 64 * 1024 * 1024,
  sharedStrings: 2_000_000,
  /** Any other XML part the reader parses into objects (workbook.xml, relationships, styles). */
  partBytes: 16 * 1024 * 1024,
  /** One XML tag with its attributes. */
  tagBytes: 64 * 1024,
};

export function cellTooLong(row: number): TableFormatError {
  return new TableFormatError(`第 ${row} 行有单元格超过 ${TABLE_LIMITS.cellChars} 个字符（Excel 单元格的上限），请检查文件`);
}

export function tooManyColumns(row: number): TableFormatError {
  return new TableFormatError(`第 ${row} 行超过 ${TABLE_LIMITS.columns} 列，请检查文件`);
}

export function rowTooLong(row: number): TableFormatError {
  return new TableFormatError(`第 ${row} 行内容超过 ${TABLE_LIMITS.rowChars} 个字符，请检查文件`);
}
