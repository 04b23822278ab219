/**
 * The workbook reader sees every entry of the zip even when the parser has read the whole file while the reader was
 * still busy (zip_end.ts). Deterministic: the reader takes its time over the first worksheet, as exceljs does when it
 * copies one to a temporary file, and waits until the parser has consumed the whole file meanwhile.
 */
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { PassThrough, type Duplex } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { installZipEndFix } from './zip_end';

const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const iterateStream = requireFromExceljs('./lib/utils/iterate-stream') as (stream: Duplex) => AsyncIterable<{ path: string; autodrain: () => void }>;
const unzipper = requireFromExceljs('unzipper') as { Parse: (options?: object) => Duplex };
const unpatchedParse = requireFromExceljs('unzipper/lib/parse') as (options?: object) => Duplex;

async function workbookWithWorkbookXmlLast(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const name of ['甲', '乙', '丙']) book.addWorksheet(name).addRow(['代码', '名称']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Entry paths as exceljs's iterator yields them to a reader that is slow over the first worksheet. */
async function entriesSeen(parse: (options?: object) => Duplex, content: Buffer): Promise<string[]> {
  const zip = parse({ forceStream: true });
  zip.end(content);
  const paths: string[] = [];
  for await (const entry of iterateStream(zip)) {
    paths.push(entry.path);
    entry.autodrain();
    // Busy until the parser has consumed the whole file (a fixed pause was not enough on a loaded machine).
    if (entry.path === 'xl/worksheets/sheet1.xml') {
      for (let waited = 0; !zip.writableFinished && waited < 10_000; waited += 10) await sleep(10);
      await sleep(20);
    }
  }
  return paths;
}

describe('the zip reader under exceljs', () => {
  it('delivers every entry, workbook.xml last, after the parser has reached the end of the file', async () => {
    const content = await workbookWithWorkbookXmlLast();
    const unpatched = await entriesSeen(unpatchedParse, content);
    expect(unpatched).not.toContain('xl/workbook.xml'); // the defect: exceljs then fails on `model.sheets`
    const patched = await entriesSeen(unzipper.Parse, content);
    expect(patched).toContain('xl/workbook.xml');
    expect(patched.at(-1)).toBe('xl/workbook.xml');
    expect(patched.length).toBeGreaterThan(unpatched.length);
  });

  it('is installed once, and refuses a Parse without the listener it removes', () => {
    const before = unzipper.Parse;
    installZipEndFix();
    expect(unzipper.Parse).toBe(before);
    const target = { Parse: () => new PassThrough() as Duplex };
    installZipEndFix(target);
    expect(() => target.Parse()).toThrow(/unzipper\.Parse 的结构已变化/);
  });
});
