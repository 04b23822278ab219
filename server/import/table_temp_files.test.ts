/**
 * The .xlsx reader leaves no temporary file behind: exceljs copies each worksheet that precedes the shared strings to a
 * `tmp-*` file, and a read that stops early (the first sheet only, a refused row, a consumer that stops) used to leave
 * them all in the temp directory until the process exited (table.ts).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableFormatError, TABLE_LIMITS } from './limits';
import { readTable } from './table';

const saved = process.env['TMPDIR'];
const folder = mkdtempSync(join(tmpdir(), 'suiji-xlsx-temp-'));
beforeAll(() => { process.env['TMPDIR'] = folder; });
afterAll(() => {
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
  rmSync(folder, { recursive: true, force: true });
});

/** Three sheets of 50 rows each, as exceljs writes them: every sheet before the shared strings. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const name of ['甲', '乙', '丙']) {
    const sheet = book.addWorksheet(name);
    sheet.addRow(['代码', '名称']);
    for (let i = 0; i < 50; i++) sheet.addRow([String(i), `长春市鑫源${i}号商行`]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function* source(content: Buffer): AsyncGenerator<Buffer> { yield content; }

const leftOver = () => readdirSync(folder).filter((name) => name.startsWith('tmp-'));

describe('temporary files of the .xlsx reader', () => {
  it('are removed after the first sheet was read, after a consumer stopped early and after a refused row', async () => {
    const content = await workbook();
    let rows = 0;
    for await (const row of readTable('检查对象.xlsx', source(content))) rows += row.cells.length > 0 ? 1 : 0;
    expect(rows).toBe(51);
    expect(leftOver()).toEqual([]);

    let seen = 0;
    for await (const row of readTable('检查对象.xlsx', source(content))) {
      seen = row.rowNumber;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(leftOver()).toEqual([]);

    const limit = TABLE_LIMITS.rowChars;
    TABLE_LIMITS.rowChars = 6;
    try {
      await expect((async () => { for await (const row of readTable('检查对象.xlsx', source(content))) void row; })()).rejects.toThrow(TableFormatError);
    } finally {
      TABLE_LIMITS.rowChars = limit;
    }
    expect(leftOver()).toEqual([]);
  });
});
