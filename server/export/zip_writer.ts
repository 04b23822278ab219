/**
 * A minimal, deterministic, streaming ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end record;
 * UTF-8 names, STORE or DEFLATE). Entries are written one at a time as they are produced, so an archive is never
 * whole in memory — only the entry being written and the central directory (about 100 bytes per entry). Every entry
 * carries the same fixed time and the caller fixes the order, so the same content gives the same bytes: the hash of
 * a download can be checked against a later one (一次一档, issue #10 item 8).
 *
 * More than 65,535 entries (a task of some 16,000 objects with a photo each) or entries past 4 GiB get the ZIP64 end
 * records and offsets (APPNOTE 4.3.14–4.3.15, 4.5.3); a single entry stays below 4 GiB (attachments are ≤ 10 MB).
 */
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';

const deflate = promisify(deflateRaw);

export interface ZipEntry {
  /** The path inside the archive, `/`-separated, UTF-8. */
  readonly path: string;
  readonly data: Buffer;
  /** Deflate (text, JSON); false stores as is (photos, .docx — already compressed). */
  readonly compress: boolean;
  /**
   * `data` is already the entry's stored bytes (copied from another zip without inflating): its method, CRC-32 and
   * uncompressed size. `compress` is then ignored.
   */
  readonly raw?: { readonly method: number; readonly crc: number; readonly size: number };
}

/** 1980-01-01 00:00:00, the earliest MS-DOS time: every entry has it (determinism). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8 = 0x0800;
const VERSION = 20;
const LIMIT = 0xffffffff;

function localHeader(name: Buffer, method: number, crc: number, compressed: number, size: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(VERSION, 4);
  h.writeUInt16LE(UTF8, 6);
  h.writeUInt16LE(method, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader(name: Buffer, method: number, crc: number, compressed: number, size: number, offset: number): Buffer {
  // Past 4 GiB the offset moves to a ZIP64 extra field (id 1, the 8-byte offset).
  const far = offset >= LIMIT;
  const extra = far ? Buffer.alloc(12) : Buffer.alloc(0);
  if (far) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(offset), 4);
  }
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(VERSION | (3 << 8), 4); // made by: Unix, so unzip keeps the permissions below
  h.writeUInt16LE(VERSION, 6);
  h.writeUInt16LE(UTF8, 8);
  h.writeUInt16LE(method, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(compressed, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt16LE(extra.length, 30);
  // comment length 0, disk 0, internal attributes 0
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(far ? LIMIT : offset, 42);
  if (far) h.writeUInt16LE(45, 6);
  return Buffer.concat([h, name, extra]);
}

/** The ZIP64 end record and its locator, written before the classic end record when counts or offsets overflow it. */
function zip64End(count: number, size: number, offset: number): Buffer {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45 | (3 << 8), 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(size), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + size), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator]);
}

function endRecord(count: number, size: number, offset: number, comment: Buffer): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(Math.min(count, 0xffff), 8);
  h.writeUInt16LE(Math.min(count, 0xffff), 10);
  h.writeUInt32LE(Math.min(size, LIMIT), 12);
  h.writeUInt32LE(Math.min(offset, LIMIT), 16);
  h.writeUInt16LE(comment.length, 20);
  return Buffer.concat([h, comment]);
}

/** Checks an entry path: relative, no `..`, no backslash, no empty segment (what a careful unzip would refuse). */
export function safeEntryPath(path: string): boolean {
  return path.length > 0 && Buffer.byteLength(path) < 0xffff && !path.startsWith('/') && !path.includes('\\')
    && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * Yields the archive's bytes, entry by entry, then the central directory and the end record with `comment` (at most
 * 65,535 bytes; a function is called after the last entry, for a comment that depends on the content). Duplicate or
 * unsafe paths are a bug of the caller and throw.
 */
export async function* zipStream(entries: AsyncIterable<ZipEntry>, comment: string | (() => string) = ''): AsyncGenerator<Buffer> {
  const central: Buffer[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for await (const entry of entries) {
    if (!safeEntryPath(entry.path)) throw new Error(`unsafe zip entry path: ${entry.path}`);
    if (seen.has(entry.path)) throw new Error(`duplicate zip entry: ${entry.path}`);
    seen.add(entry.path);
    const name = Buffer.from(entry.path, 'utf8');
    const body = entry.raw ? entry.data : entry.compress ? await deflate(entry.data) : entry.data;
    const method = entry.raw ? entry.raw.method : entry.compress ? 8 : 0;
    const crc = entry.raw ? entry.raw.crc : crc32(entry.data);
    const size = entry.raw ? entry.raw.size : entry.data.length;
    const header = localHeader(name, method, crc, body.length, size);
    if (body.length >= LIMIT || size >= LIMIT) throw new Error(`zip entry larger than 4 GiB: ${entry.path}`);
    central.push(centralHeader(name, method, crc, body.length, size, offset));
    yield Buffer.concat([header, name]);
    yield body;
    offset += header.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const text = Buffer.from(typeof comment === 'string' ? comment : comment(), 'utf8');
  if (text.length > 0xffff) throw new Error('zip comment longer than 65,535 bytes');
  yield directory;
  if (central.length >= 0xffff || offset >= LIMIT || directory.length >= LIMIT) yield zip64End(central.length, directory.length, offset);
  yield endRecord(central.length, directory.length, offset, text);
}

/** Collects a zip into one buffer (small archives: re-packed .docx, tests). */
export async function zipToBuffer(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, comment = ''): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const source = (async function* all() { yield* entries; })();
  for await (const chunk of zipStream(source, comment)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
