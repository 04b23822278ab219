import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, readCsv } from './csv';

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function all(source: AsyncIterable<Buffer>): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readCsv(source)) rows.push(row);
  return rows;
}

const TEXT = '代码,名称,备注\r\n91220104MA0000000X,"长春市""鑫源""商贸,有限公司","第一行\n第二行"\r\n2,乙,\n3,丙,末行无换行';
const EXPECTED = [
  ['代码', '名称', '备注'],
  ['91220104MA0000000X', '长春市"鑫源"商贸,有限公司', '第一行\n第二行'],
  ['2', '乙', ''],
  ['3', '丙', '末行无换行'],
];

describe('detectEncoding', () => {
  it('reads a BOM or valid UTF-8 as UTF-8, anything else as GB18030', () => {
    expect(detectEncoding(Buffer.from('\uFEFF名称', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('名称,代码', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('名称,代码', 'gbk'))).toBe('gb18030');
    // A sample that ends inside a three-byte character is still UTF-8.
    expect(detectEncoding(Buffer.from('名称', 'utf8').subarray(0, 4))).toBe('utf-8');
  });
});

describe('readCsv', () => {
  it('parses quotes, doubled quotes, commas and newlines inside quotes, CRLF/LF, and a last line without a newline', async () => {
    expect(await all(chunks(Buffer.from(TEXT, 'utf8'), 1 << 16))).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries (split characters, quotes and CRLF pairs past the first 64 KB)', async () => {
    // Past the 64 KB read for encoding detection, records arrive chunk by chunk.
    const body = TEXT.slice(TEXT.indexOf('\r\n') + 2, TEXT.lastIndexOf('\n3,'));
    const long = `${TEXT.slice(0, TEXT.indexOf('\r\n') + 2)}${`${body}\n`.repeat(1500)}3,丙,末行无换行`;
    const expected = [EXPECTED[0], ...Array.from({ length: 1500 }, () => [EXPECTED[1], EXPECTED[2]]).flat(), EXPECTED[3]];
    for (const size of [1, 3, 7, 4096]) {
      expect(await all(chunks(Buffer.from(long, 'utf8'), size)), `chunks of ${size}`).toEqual(expected);
      expect(await all(chunks(iconv.encode(long, 'gbk'), size)), `GBK chunks of ${size}`).toEqual(expected);
    }
  });

  it('drops a UTF-8 BOM and reads old-Mac CR line ends', async () => {
    expect(await all(chunks(Buffer.from('\uFEFFa,b\rc,d\r', 'utf8'), 3))).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('closes its source when the consumer stops early (a header check)', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < 1000; i++) yield Buffer.from(`${i},行${i}\r\n`.repeat(100));
      } finally {
        closed = true;
      }
    }
    for await (const row of readCsv(source())) {
      expect(row).toEqual(['0', '行0']);
      break;
    }
    expect(closed).toBe(true);
  });
});
