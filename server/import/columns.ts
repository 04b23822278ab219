/**
 * Column specifications for imports: which headers a file must have, and turning rows into records
 * keyed by column. Problems are reported with the row number and the column's Chinese header.
 */
import { z } from 'zod';
import type { SheetRow } from './table';

export const ImportModeSchema = z.enum(['all_or_nothing', 'valid_rows'], { error: '导入方式只能是 all_or_nothing（全部正确才导入）或 valid_rows（仅导入正确的行）' });
export type ImportMode = z.infer<typeof ImportModeSchema>;

export interface ImportIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface ColumnSpec<K extends string> {
  readonly key: K;
  readonly header: string;
  readonly aliases?: readonly string[];
  readonly required: boolean;
  /** Shown in the template's second line and the column comment. */
  readonly hint?: string;
}

export interface ImportRecord<K extends string> {
  readonly rowNumber: number;
  readonly values: Readonly<Record<K, string>>;
}

/** The first cell of a template example or note row: 「示例：…」 or 「说明：…」. */
export const TEMPLATE_ROW = /^(示例|说明)[:：]/;

/** Why a file with only the template's example row imports nothing. */
export const NO_DATA_ROWS = '文件中没有数据行：第 1 行应为列名，从第 2 行起每行一条记录；模板中以「示例：」开头的示例行不会导入，请在其下方填写数据';

const normalise = (header: string) => header.replace(/[\s*＊（）()]/g, '').replace(/（必填）|必填/g, '');

export class MissingColumnsError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`缺少必填列：${missing.join('、')}。请使用下载的导入模板，第 1 行为列名`);
    this.name = 'MissingColumnsError';
  }
}

/**
 * Reads the header row, then yields one record per non-empty data row. Unknown columns are
 * ignored; a missing required column is a MissingColumnsError (nothing is imported).
 */
export async function* recordsOf<K extends string>(rows: AsyncIterable<SheetRow>, specs: readonly ColumnSpec<K>[]): AsyncGenerator<ImportRecord<K>> {
  let index: Map<K, number> | null = null;
  for await (const row of rows) {
    if (!index) {
      if (row.cells.every((c) => c === '')) continue;
      const headers = row.cells.map(normalise);
      index = new Map();
      const missing: string[] = [];
      for (const spec of specs) {
        const names = [spec.header, ...(spec.aliases ?? [])].map(normalise);
        const at = headers.findIndex((h) => names.includes(h));
        if (at >= 0) index.set(spec.key, at);
        else if (spec.required) missing.push(spec.header);
      }
      if (missing.length > 0) throw new MissingColumnsError(missing);
      continue;
    }
    if (row.cells.every((c) => c === '')) continue;
    const values = {} as Record<K, string>;
    for (const spec of specs) {
      const at = index.get(spec.key);
      values[spec.key] = at === undefined ? '' : (row.cells[at] ?? '');
    }
    // The template's example row (its first cell starts with 「示例：」, see template.ts) is never data.
    if (TEMPLATE_ROW.test(values[specs[0]?.key as K] ?? '')) continue;
    yield { rowNumber: row.rowNumber, values };
  }
  if (!index) throw new MissingColumnsError(specs.filter((s) => s.required).map((s) => s.header));
}

/** A required-value check with the standard Chinese message. */
export function requireValue(issues: ImportIssue[], row: number, spec: { header: string }, value: string): boolean {
  if (value !== '') return true;
  issues.push({ row, column: spec.header, message: `${spec.header}不能为空` });
  return false;
}
