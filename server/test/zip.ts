/**
 * Crafted .xlsx files for the upload-limit tests: a tiny ZIP writer (deflate by node:zlib, streamed so that a part of
 * hundreds of MB never sits in memory) and the few XML parts the workbook reader needs.
 */
import { crc32, createDeflateRaw } from 'node:zlib';

export interface ZipPart {
  readonly name: string;
  /** The part's text, in pieces (a generator may yield 200 MB without holding it). */
  readonly pieces: Iterable<string | Buffer>;
  /** Leave the sizes out of the local header and write a data descriptor (as streaming writers do). */
  readonly descriptor?: boolean;
}

async function deflate(pieces: Iterable<string | Buffer>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve, reject) => { deflater.on('end', resolve); deflater.on('error', reject); });
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

export async function zip(parts: readonly ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { data, crc, size } = await deflate(part.pieces);
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.descriptor ? 0x0808 : 0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(part.descriptor ? 0 : data.length, 18);
    local.writeUInt32LE(part.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(part.descriptor ? 16 : 0);
    if (part.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(part.descriptor ? 0x0808 : 0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, data, descriptor);
    central.push(entry, name);
    offset += local.length + name.length + data.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Pieces one after another, each a string or an iterable of strings (never all in memory at once). */
export function* chain(...parts: (string | Iterable<string>)[]): Generator<string> {
  for (const part of parts) {
    if (typeof part === 'string') yield part;
    else yield* part;
  }
}

/** `text` repeated to `bytes` bytes, in 1 MB pieces. */
export function* repeated(text: string, bytes: number): Generator<string> {
  const piece = text.repeat(Math.max(1, Math.floor((1024 * 1024) / text.length)));
  for (let written = 0; written < bytes; written += piece.length) yield piece.slice(0, Math.min(piece.length, bytes - written));
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A workbook of one sheet, the parts in the order the streaming reader likes (relationships and shared strings before
 * the sheet). `sheetData` and `sharedStrings` are the inner XML, in pieces.
 */
export function xlsx(sheetData: Iterable<string>, sharedStrings: Iterable<string> = [], options: { descriptor?: boolean } = {}): Promise<Buffer> {
  const descriptor = options.descriptor ?? false;
  return zip([
    { name: '[Content_Types].xml', descriptor, pieces: [`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`] },
    { name: '_rels/.rels', descriptor, pieces: [`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`] },
    { name: 'xl/workbook.xml', descriptor, pieces: [`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`] },
    { name: 'xl/_rels/workbook.xml.rels', descriptor, pieces: [`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`] },
    { name: 'xl/sharedStrings.xml', descriptor, pieces: chain(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">`, sharedStrings, '</sst>') },
    { name: 'xl/worksheets/sheet1.xml', descriptor, pieces: chain(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`, sheetData, '</sheetData></worksheet>') },
  ]);
}

/** One row of inline-string cells (columns A, B, C…). */
export function inlineRow(row: number, cells: readonly string[]): string {
  const column = (i: number) => String.fromCharCode(65 + i);
  return `<row r="${row}">${cells.map((text, i) => `<c r="${column(i)}${row}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`;
}
