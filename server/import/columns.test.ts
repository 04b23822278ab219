import { describe, expect, it } from 'vitest';
import { recordsOf, type ColumnSpec } from './columns';
import type { SheetRow } from './table';

const specs: readonly ColumnSpec<'name' | 'code'>[] = [{ key: 'name', header: '姓名', required: true }, { key: 'code', header: '证号', required: false }];

async function* rowsOf(lines: string[][]): AsyncGenerator<SheetRow> {
  for (const [i, cells] of lines.entries()) yield { rowNumber: i + 1, cells };
  await Promise.resolve();
}

describe('recordsOf', () => {
  it('skips the template\'s 「示例：」/「说明：」 rows but keeps data that merely begins with those words', async () => {
    const names: string[] = [];
    for await (const r of recordsOf(rowsOf([['姓名*', '证号'], ['示例：张三', 'X1'], ['说明：每行一人', ''], ['说明书印刷厂', 'X2'], ['示例村委会', 'X3']]), specs)) names.push(r.values.name);
    expect(names).toEqual(['说明书印刷厂', '示例村委会']);
  });
});
