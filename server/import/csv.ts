/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CR/LF/CRLF line ends, newlines
 * inside quotes) with encoding detection: a UTF-8 BOM or valid UTF-8 is read as UTF-8, anything
 * else as GB18030 (a superset of GBK, what Excel on Chinese Windows writes).
 */
import iconv from 'iconv-lite';
import { cellTooLong, rowTooLong, TABLE_LIMITS, tooManyColumns } from './limits';

export type TextEncodingName = 'utf-8' | 'gb18030';

/** Decides the encoding from the first bytes of the file. */
export function detectEncoding(sample: Uint8Array): TextEncodingName {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return 'utf-8';
    } catch { /* try a shorter prefix */ }
  }
  return 'gb18030';
}

/**
 * Yields records (arrays of fields) from a byte stream, decoding it with the detected encoding. Decoding and
 * parsing run in this generator (no piped streams), so a consumer that stops early (a header check) closes the
 * source cleanly, and runs of ordinary characters are copied by slice (a million-row file parses in seconds).
 * A field, a record's field count and a record's length are bounded (limits.ts) as they grow: one enormous field
 * is refused with a TableFormatError long before it could fill the memory.
 */
export async function* readCsv(source: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headLength = 0;
    let finished = false;
    while (headLength < 64 * 1024) {
      const next = await iterator.next();
      if (next.done) { finished = true; break; }
      head.push(next.value);
      headLength += next.value.length;
    }
    const first = Buffer.concat(head);
    const decoder = iconv.getDecoder(detectEncoding(first), { stripBOM: true });
    let field = '';
    let record: string[] = [];
    let quoted = false;
    let afterQuote = false;
    let pendingCr = false;
    let recordNumber = 1;
    let recordChars = 0;
    const endField = () => {
      if (field.length > TABLE_LIMITS.cellChars) throw cellTooLong(recordNumber);
      recordChars += field.length;
      if (recordChars > TABLE_LIMITS.rowChars) throw rowTooLong(recordNumber);
      if (record.length >= TABLE_LIMITS.columns) throw tooManyColumns(recordNumber);
      record.push(field);
      field = '';
    };
    // Checked after each piece of text appended to a field, so a field never grows far past the limit.
    const checkField = () => {
      if (field.length > TABLE_LIMITS.cellChars) throw cellTooLong(recordNumber);
    };
    const feed = (text: string): string[][] => {
      const records: string[][] = [];
      const n = text.length;
      let i = 0;
      while (i < n) {
        if (pendingCr) {
          pendingCr = false;
          if (text.charCodeAt(i) === 10) { i++; continue; }
        }
        if (quoted) {
          const q = text.indexOf('"', i);
          if (q < 0) { field += text.slice(i); checkField(); break; }
          field += text.slice(i, q);
          checkField();
          quoted = false;
          afterQuote = true;
          i = q + 1;
          continue;
        }
        const c = text.charCodeAt(i);
        if (c === 34) { // "
          if (afterQuote) { field += '"'; quoted = true; afterQuote = false; } else if (field === '') quoted = true; else field += '"';
          i++;
          continue;
        }
        afterQuote = false;
        if (c === 44) { endField(); i++; continue; }
        if (c === 10 || c === 13) {
          endField();
          records.push(record);
          record = [];
          recordNumber++;
          recordChars = 0;
          pendingCr = c === 13;
          i++;
          continue;
        }
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        field += text.slice(i, j);
        checkField();
        i = j;
      }
      return records;
    };
    yield* feed(decoder.write(first));
    if (!finished) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        yield* feed(decoder.write(next.value));
      }
    }
    yield* feed(decoder.end() ?? '');
    if (field !== '' || record.length > 0) {
      endField();
      yield record;
    }
  } finally {
    await iterator.return?.();
  }
}
