import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chain, inlineRow, repeated, xlsx, zip } from '../test/zip';
import { readCsv } from './csv';
import { TableFormatError, TABLE_LIMITS } from './limits';
import { readTable } from './table';
import { checkXlsxFile } from './xlsx_guard';

const folder = mkdtempSync(join(tmpdir(), 'suiji-guard-'));
afterAll(() => { rmSync(folder, { recursive: true, force: true }); });
const defaults = { ...TABLE_LIMITS };
afterEach(() => { Object.assign(TABLE_LIMITS, defaults); });

let files = 0;
async function check(content: Buffer): Promise<string> {
  const path = join(folder, `${files++}.xlsx`);
  writeFileSync(path, content);
  try {
    await checkXlsxFile(path);
    return 'ok';
  } catch (error) {
    if (error instanceof TableFormatError) return error.message;
    throw error;
  }
}

async function rows(content: Buffer): Promise<string[][]> {
  async function* source(): AsyncGenerator<Buffer> { yield content; }
  const out: string[][] = [];
  for await (const row of readTable('t.xlsx', source())) out.push([...row.cells]);
  return out;
}

describe('the .xlsx guard', () => {
  it('passes workbooks written by exceljs and by a streaming writer (data descriptors), which then read as before', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('检查对象');
    sheet.addRow(['代码', '名称']);
    sheet.addRow(['1', '长春市鑫源商贸有限公司 & 分公司']);
    const written = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await check(written)).toBe('ok');
    const streamed = await xlsx([inlineRow(1, ['代码', '名称']), inlineRow(2, ['1', 'x'.repeat(TABLE_LIMITS.cellChars)])], [], { descriptor: true });
    expect(await check(streamed)).toBe('ok');
    expect((await rows(streamed))[1]?.[1]).toHaveLength(TABLE_LIMITS.cellChars);
  });

  it('refuses a cell longer than Excel allows, inline or shared, counting an entity as one character', async () => {
    const atLimit = '&amp;'.repeat(TABLE_LIMITS.cellChars);
    expect(await check(await xlsx([inlineRow(1, [atLimit])]))).toBe('ok');
    expect(await check(await xlsx([inlineRow(1, [`${atLimit}a`])]))).toMatch(/第 1 行有单元格超过 32767 个字符/);
    const shared = await xlsx(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], chain('<si><t>', repeated('中', 40_000 * 3), '</t></si>'));
    expect(await check(shared)).toMatch(/超过 32767 个字符的文本/);
    // Rich text: the runs of one shared string count together.
    const runs = `<si>${'<r><t>甲乙丙丁</t></r>'.repeat(9000)}</si>`;
    expect(await check(await xlsx([], [runs]))).toMatch(/超过 32767 个字符/);
  });

  it('refuses too many cells in a row, too many rows, column definitions, shared strings and long tags', async () => {
    const wide = `<row r="1">${'<c t="inlineStr"><is><t>1</t></is></c>'.repeat(TABLE_LIMITS.columns + 1)}</row>`;
    expect(await check(await xlsx([wide]))).toMatch(/第 1 行超过 16384 列/);
    TABLE_LIMITS.rows = 10;
    expect(await check(await xlsx(Array.from({ length: 11 }, (_, i) => inlineRow(i + 1, ['a']))))).toMatch(/工作表超过 10 行/);
    TABLE_LIMITS.sharedStrings = 10;
    expect(await check(await xlsx([], ['<si><t>a</t></si>'.repeat(11)]))).toMatch(/共享字符串超过 10 个/);
    expect(await check(await xlsx([`<row r="1" x="${'a'.repeat(70_000)}"/>`]))).toMatch(/超长的标记/);
    expect(await check(await xlsx([`<cols>${'<col min="1" max="1"/>'.repeat(TABLE_LIMITS.columns + 1)}</cols>`]))).toMatch(/列定义超过/);
  });

  it('refuses a DTD, a comment or CDATA, which the parser would hold whole', async () => {
    expect(await check(await xlsx([`<row r="1"><c t="inlineStr"><is><t><![CDATA[${'a<b>'.repeat(10)}]]></t></is></c></row>`]))).toMatch(/不支持的内容/);
    expect(await check(await xlsx(['<!-- x -->']))).toMatch(/不支持的内容/);
  });

  it('counts inflated bytes as they stream: the shared-string table, the whole file, and the compression ratio', async () => {
    const big = await xlsx([], chain(repeated('<si><t>鑫源商贸有限公司</t></si>', 70 * 1024 * 1024)));
    expect(await check(big)).toMatch(/共享字符串表解压后超过 64 MB/);
    TABLE_LIMITS.uncompressedBytes = 8 * 1024 * 1024;
    expect(await check(await xlsx(repeated(inlineRow(1, ['长春市朝阳区第1商贸有限公司', '220104', '5121', '0']), 9 * 1024 * 1024)))).toMatch(/解压后超过/);
    Object.assign(TABLE_LIMITS, defaults);
    TABLE_LIMITS.ratioFloorBytes = 1024 * 1024;
    expect(await check(await xlsx(repeated('<row r="1"><c r="A1"><v>1</v></c></row>', 4 * 1024 * 1024)))).toMatch(/压缩比异常/);
  });

  it('refuses a ZIP the reader could not walk: an unknown record, a truncated entry, too many entries, a ZIP64 size', async () => {
    const good = await xlsx([inlineRow(1, ['a'])]);
    expect(await check(Buffer.concat([good.subarray(0, 40), Buffer.from('garbage')]))).toMatch(/已损坏/);
    const directoryAt = good.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(await check(Buffer.concat([good.subarray(0, directoryAt), Buffer.from('PK\u0009\u0009 not a record')]))).toMatch(/已损坏/);
    TABLE_LIMITS.zipEntries = 3;
    expect(await check(good)).toMatch(/部件超过 3 个/);
    Object.assign(TABLE_LIMITS, defaults);
    const zip64 = Buffer.from(good);
    zip64.writeUInt32LE(0xffffffff, 22);
    expect(await check(zip64)).toMatch(/解压后超过/);
    expect(await check(await zip([{ name: 'xl/worksheets/sheet1.xml', pieces: ['<worksheet/>'] }]))).toBe('ok');
  });
});

describe('the CSV reader bounds', () => {
  async function csv(text: string): Promise<string> {
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < text.length; i += 65_536) yield Buffer.from(text.slice(i, i + 65_536), 'utf8');
    }
    try {
      let n = 0;
      for await (const record of readCsv(source())) n += record.length;
      return `ok ${n}`;
    } catch (error) {
      if (error instanceof TableFormatError) return error.message;
      throw error;
    }
  }

  it('refuses a field, a field count or a line beyond the limits as they grow, quoted or not', async () => {
    expect(await csv(`a,b\r\n1,${'x'.repeat(TABLE_LIMITS.cellChars)}\r\n`)).toBe('ok 4');
    expect(await csv(`a,b\r\n1,${'x'.repeat(TABLE_LIMITS.cellChars + 1)}\r\n`)).toMatch(/第 2 行有单元格超过 32767 个字符/);
    expect(await csv(`a,b\r\n1,"${'x\n'.repeat(TABLE_LIMITS.cellChars)}"\r\n`)).toMatch(/第 2 行有单元格超过/);
    expect(await csv(`${','.repeat(TABLE_LIMITS.columns)}\r\n`)).toMatch(/第 1 行超过 16384 列/);
    expect(await csv(`${`${'y'.repeat(30_000)},`.repeat(10)}\r\n`)).toMatch(/第 1 行内容超过 262144 个字符/);
  });
});
