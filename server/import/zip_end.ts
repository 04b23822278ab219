/**
 * The .xlsx reader (exceljs) unzips with unzipper 0.10, whose `Parse` stream announces 'end' by hand as soon as its
 * writable side finishes, that is as soon as it has read the last byte of the file. Small entries (styles, theme,
 * `xl/workbook.xml`) are read ahead of the consumer and wait in the paused readable buffer; exceljs's stream iterator
 * stops at that 'end' and drops them. A workbook whose `workbook.xml` comes last (exceljs writes it last, so our own
 * templates and exports do) was then refused as "Cannot read properties of undefined (reading 'sheets')" whenever
 * the consumer was slower than the parser — one read in three on Node 24 in CI.
 *
 * Parse also calls `push(null)` after the end-of-central-directory record, which ends the readable side the proper way,
 * after every buffered entry was delivered; a file cut short makes the parser fail with an error instead. So the fix is
 * to drop the early hand-made 'end'. It is applied once to the module instance exceljs requires, and refuses to start
 * if a later unzipper no longer has the listener it removes (so an upgrade is looked at, not silently unpatched).
 */
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';

type ParseFactory = ((options?: object) => Duplex) & { suijiEndsAfterEntries?: true };
interface Unzipper { Parse: ParseFactory }

// exceljs's own copy of unzipper (resolved from exceljs, as exceljs requires it).
const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
const unzipper = requireFromExceljs('unzipper') as Unzipper;

/** The listener Parse adds in its constructor: `on('finish', () => { emit('end'); emit('close'); })`. */
function isEarlyEnd(listener: (...args: unknown[]) => unknown): boolean {
  const text = listener.toString().replace(/\s+/g, '');
  return text.includes("emit('end')") && text.includes("emit('close')");
}

export function installZipEndFix(target: Unzipper = unzipper): void {
  if (target.Parse.suijiEndsAfterEntries) return;
  const original = target.Parse;
  const parse: ParseFactory = function parseEndingAfterEntries(options?: object) {
    const stream = original(options);
    const early = stream.listeners('finish').filter((listener) => isEarlyEnd(listener as (...args: unknown[]) => unknown));
    if (early.length !== 1) throw new Error('unzipper.Parse 的结构已变化：请检查 server/import/zip_end.ts 的修正是否仍然需要');
    stream.removeListener('finish', early[0] as (...args: unknown[]) => void);
    return stream;
  };
  parse.suijiEndsAfterEntries = true;
  target.Parse = parse;
}

installZipEndFix();
