/**
 * Checks a saved .xlsx before the workbook reader (exceljs, which unzips with unzipper and parses with saxes) sees it,
 * so that no file can make the server hold more than a bounded amount of memory: a 205 KB file with one 200 MB cell
 * used to be accepted and then take the process down.
 *
 * The ZIP is walked the way the reader walks it — local headers one after another, an entry of unknown size ending at
 * the first data-descriptor signature — so the guard sees exactly the entries the reader will see (the central
 * directory's sizes are not trusted). Every entry is inflated as a stream and its bytes are counted as they come out,
 * against the limits of limits.ts; the XML parts the reader parses into strings and objects (worksheets, the shared
 * strings, the workbook and its relationships) are scanned for what the parser would accumulate: the text of a cell
 * or shared string, one tag, cells in a row, rows, column definitions, shared strings. DTDs, comments and CDATA (which
 * Excel never writes) are refused, since the parser would hold them whole.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { cellTooLong, rowTooLong, TableFormatError, TABLE_LIMITS, tooManyColumns } from './limits';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const READ_SIZE = 256 * 1024;

type PartKind = 'sheet' | 'sharedStrings' | 'part' | 'other';

/** The entries the reader parses, matched as it matches them (the worksheet pattern is not anchored there either). */
function partKind(name: string): PartKind {
  if (name === 'xl/sharedStrings.xml') return 'sharedStrings';
  if (name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels') return 'part';
  return /xl\/worksheets\/sheet\d+[.]xml/.test(name) ? 'sheet' : 'other';
}

const damaged = () => new TableFormatError('Excel 文件已损坏或格式不正确');
const tooLarge = () => new TableFormatError(`Excel 文件解压后超过 ${TABLE_LIMITS.uncompressedBytes / 1024 / 1024 / 1024} GB，请拆分成几个文件或另存为 CSV 后导入`);

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2f, 0x3e]);

/** Counts, for one XML part, what the XML parser would accumulate, as the inflated bytes stream through. */
class XmlScanner {
  private inTag = false;
  private tagBytes = 0;
  private name = '';
  private nameDone = false;
  private inEntity = 0;
  /** Characters of the current text node, of the current cell (or shared string) and of the current row. */
  private nodeChars = 0;
  private cellChars = 0;
  private rowChars = 0;
  private rows = 0;
  private cellsInRow = 0;
  private columnDefinitions = 0;
  private strings = 0;

  constructor(private readonly kind: PartKind) {}

  scan(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inTag) {
        const close = chunk.indexOf(0x3e, i);
        const end = close < 0 ? n : close;
        if (this.tagBytes === 0 && end > i && chunk[i] === 0x21) throw new TableFormatError('Excel 文件含有不支持的内容（DTD、注释或 CDATA），请在 Excel 中另存后再导入');
        for (let j = i; !this.nameDone && j < end; j++) {
          const b = chunk[j] as number;
          if (SPACE.has(b) && !(b === 0x2f && this.tagBytes + (j - i) === 0)) this.nameDone = true;
          else if (this.name.length < 8) this.name += String.fromCharCode(b);
          else this.nameDone = true;
        }
        this.tagBytes += end - i;
        if (this.tagBytes > TABLE_LIMITS.tagBytes) throw new TableFormatError('Excel 文件中有超长的标记，文件已损坏或不是 Excel 保存的文件');
        if (close < 0) return;
        this.inTag = false;
        this.openTag(this.name);
        i = close + 1;
      } else {
        const open = chunk.indexOf(0x3c, i);
        const end = open < 0 ? n : open;
        if (end > i) this.text(chunk, i, end);
        if (open < 0) return;
        this.inTag = true;
        this.tagBytes = 0;
        this.name = '';
        this.nameDone = false;
        this.nodeChars = 0;
        i = open + 1;
      }
    }
  }

  private text(chunk: Buffer, from: number, to: number): void {
    let chars = 0;
    for (let j = from; j < to; j++) {
      const b = chunk[j] as number;
      if (this.inEntity > 0) {
        // An entity (&amp;, &#x4E2D;) is one character; one longer than any real entity is not XML.
        if (b === 0x3b) this.inEntity = 0;
        else if (++this.inEntity > 16) throw damaged();
      } else if (b === 0x26) {
        this.inEntity = 1;
        chars++;
      } else if ((b & 0xc0) !== 0x80) {
        chars++;
      }
    }
    this.nodeChars += chars;
    this.cellChars += chars;
    this.rowChars += chars;
    const row = this.rows || 1;
    if (this.nodeChars > TABLE_LIMITS.cellChars || this.cellChars > TABLE_LIMITS.cellChars) {
      if (this.kind === 'sharedStrings') throw new TableFormatError(`Excel 文件中有超过 ${TABLE_LIMITS.cellChars} 个字符的文本（Excel 单元格的上限），请检查文件`);
      throw cellTooLong(row);
    }
    if (this.kind === 'sheet' && this.rowChars > TABLE_LIMITS.rowChars) throw rowTooLong(row);
  }

  private openTag(name: string): void {
    if (name.startsWith('/') || name.startsWith('?')) return;
    switch (this.kind) {
      case 'sheet':
        if (name === 'row') {
          if (++this.rows > TABLE_LIMITS.rows) throw new TableFormatError(`工作表超过 ${TABLE_LIMITS.rows} 行（Excel 的上限），请检查文件`);
          this.cellsInRow = 0;
          this.rowChars = 0;
        } else if (name === 'c') {
          if (++this.cellsInRow > TABLE_LIMITS.columns) throw tooManyColumns(this.rows || 1);
          this.cellChars = 0;
        } else if (name === 'col' && ++this.columnDefinitions > TABLE_LIMITS.columns) {
          throw new TableFormatError(`工作表的列定义超过 ${TABLE_LIMITS.columns} 列，请检查文件`);
        }
        return;
      case 'sharedStrings':
        if (name === 'si') {
          if (++this.strings > TABLE_LIMITS.sharedStrings) throw new TableFormatError(`Excel 文件的共享字符串超过 ${TABLE_LIMITS.sharedStrings} 个，请拆分成几个文件或另存为 CSV 后导入`);
          this.cellChars = 0;
        }
        return;
      case 'part':
      case 'other':
        this.cellChars = 0;
        return;
    }
  }
}

/** Per-kind ceiling on an entry's inflated size. */
function entryLimit(kind: PartKind): { bytes: number; message: () => TableFormatError } {
  switch (kind) {
    case 'sharedStrings':
      return { bytes: TABLE_LIMITS.sharedStringsBytes, message: () => new TableFormatError(`Excel 文件的共享字符串表解压后超过 ${TABLE_LIMITS.sharedStringsBytes / 1024 / 1024} MB，请拆分成几个文件或另存为 CSV 后导入`) };
    case 'part':
      return { bytes: TABLE_LIMITS.partBytes, message: () => new TableFormatError('Excel 文件的工作簿信息过大，文件已损坏或不是 Excel 保存的文件') };
    case 'sheet':
    case 'other':
      return { bytes: TABLE_LIMITS.uncompressedBytes, message: tooLarge };
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * The compressed bytes of an entry: `length` bytes, or (size unknown) up to the first data-descriptor signature, whose
 * position is then stored in `found.end`.
 */
async function* compressedBytes(file: FileHandle, start: number, length: number | null, found: { end: number }): AsyncGenerator<Buffer> {
  if (length !== null) {
    for (let at = start; at < start + length; at += READ_SIZE) {
      const chunk = await readAt(file, at, Math.min(READ_SIZE, start + length - at));
      if (chunk.length === 0) throw damaged();
      yield chunk;
    }
    found.end = start + length;
    return;
  }
  let pending = Buffer.alloc(0);
  let windowStart = start;
  for (;;) {
    const chunk = await readAt(file, windowStart + pending.length, READ_SIZE);
    if (chunk.length === 0) throw damaged();
    const window = Buffer.concat([pending, chunk]);
    const at = window.indexOf(DESCRIPTOR);
    if (at >= 0) {
      if (at > 0) yield window.subarray(0, at);
      found.end = windowStart + at;
      return;
    }
    const keep = Math.min(3, window.length);
    if (window.length > keep) yield window.subarray(0, window.length - keep);
    windowStart += window.length - keep;
    pending = window.subarray(window.length - keep);
  }
}

/** Throws a TableFormatError (Chinese message) when the .xlsx at `path` is beyond a limit or not a ZIP the reader can walk. */
export async function checkXlsxFile(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    let position = 0;
    let entries = 0;
    let total = 0;
    for (;;) {
      const header = await readAt(file, position, 30);
      if (header.length < 4) throw damaged();
      const signature = header.readUInt32LE(0);
      if (signature === CENTRAL_HEADER || signature === END_OF_DIRECTORY) {
        await checkDirectory(file, position);
        return;
      }
      if (signature !== LOCAL_HEADER || header.length < 30) throw damaged();
      if (++entries > TABLE_LIMITS.zipEntries) throw new TableFormatError(`Excel 文件中的部件超过 ${TABLE_LIMITS.zipEntries} 个，文件已损坏或不是 Excel 保存的文件`);
      const flags = header.readUInt16LE(6);
      const method = header.readUInt16LE(8);
      const compressed = header.readUInt32LE(18);
      const nameLength = header.readUInt16LE(26);
      const dataStart = position + 30 + nameLength + header.readUInt16LE(28);
      if (compressed === 0xffffffff || header.readUInt32LE(22) === 0xffffffff) throw tooLarge();
      if (method !== 0 && method !== 8) throw damaged();
      const kind = partKind((await readAt(file, position + 30, nameLength)).toString('latin1'));
      const sizeKnown = (flags & 0x08) === 0 || compressed > 0;
      const found = { end: 0 };
      const limit = entryLimit(kind);
      const scanner = kind === 'other' ? null : new XmlScanner(kind);
      let inflated = 0;
      let consumed = 0;
      const source = compressedBytes(file, dataStart, sizeKnown ? compressed : null, found);
      async function* counted(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
        for await (const chunk of chunks) {
          consumed += chunk.length;
          yield chunk;
        }
      }
      const refused: { error: TableFormatError | null } = { error: null };
      const inspect = (chunk: Buffer) => {
        inflated += chunk.length;
        total += chunk.length;
        if (inflated > limit.bytes) throw limit.message();
        if (total > TABLE_LIMITS.uncompressedBytes) throw tooLarge();
        if (inflated > TABLE_LIMITS.ratioFloorBytes && inflated > TABLE_LIMITS.ratio * Math.max(1, consumed)) {
          throw new TableFormatError('Excel 文件的压缩比异常（疑似压缩炸弹），已拒绝');
        }
        scanner?.scan(chunk);
      };
      const take = async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          try {
            inspect(chunk);
          } catch (error) {
            if (error instanceof TableFormatError) refused.error = error;
            throw error;
          }
        }
      };
      try {
        if (method === 0) await take(counted(source));
        else await pipeline(Readable.from(counted(source)), createInflateRaw(), take);
      } catch (error) {
        // pipeline() may report its own abort instead of the refusal that caused it.
        if (refused.error) throw refused.error;
        if (error instanceof TableFormatError) throw error;
        throw damaged();
      }
      position = sizeKnown ? found.end : found.end + 16;
    }
  } finally {
    await file.close();
  }
}

/** The central directory and its end record, up to the end of the file (the reader would buffer anything else). */
async function checkDirectory(file: FileHandle, start: number): Promise<void> {
  let position = start;
  for (let records = 0; ; records++) {
    const header = await readAt(file, position, 46);
    if (header.length < 4) throw damaged();
    const signature = header.readUInt32LE(0);
    if (signature === END_OF_DIRECTORY) {
      const end = await readAt(file, position, 22);
      if (end.length < 22) throw damaged();
      return;
    }
    if (signature !== CENTRAL_HEADER || header.length < 46 || records > TABLE_LIMITS.zipEntries) throw damaged();
    position += 46 + header.readUInt16LE(28) + header.readUInt16LE(30) + header.readUInt16LE(32);
  }
}
