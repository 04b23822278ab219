/**
 * A minimal ZIP reader for checking archives (the `archive verify` command, tests): reads the end record and the
 * central directory, then each entry on demand (STORE or DEFLATE), checking its CRC-32. It reads through a
 * positional `read`, so a large file is never loaded whole. ZIP64 end records and offsets are read; no encryption.
 */
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';

const inflate = promisify(inflateRaw);

export interface ZipSource {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
}

export interface ZipDirectoryEntry {
  readonly path: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

export interface ZipDirectory {
  readonly entries: readonly ZipDirectoryEntry[];
  readonly comment: string;
}

/** The zip could not be read as a zip (truncated, not a zip, an unsupported feature). */
export class ZipFormatError extends Error {}

export function bufferSource(buffer: Buffer): ZipSource {
  return { size: buffer.length, read: (position, length) => Promise.resolve(buffer.subarray(position, position + length)) };
}

/** A file as a source; `close` when done. */
export async function fileSource(path: string): Promise<ZipSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(position, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

export async function readDirectory(source: ZipSource): Promise<ZipDirectory> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = await source.read(source.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) { at = i; break; }
  }
  if (at < 0) throw new ZipFormatError('找不到 ZIP 结束记录：文件不是 ZIP 或已被截断');
  let count = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  const comment = tail.subarray(at + 22, at + 22 + tail.readUInt16LE(at + 20)).toString('utf8');
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const end = source.size - tailLength + at;
    const locator = end >= 20 ? await source.read(end - 20, 20) : Buffer.alloc(0);
    if (locator.length === 20 && locator.readUInt32LE(0) === 0x07064b50) {
      const record = await source.read(Number(locator.readBigUInt64LE(8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('ZIP64 结束记录已损坏');
      count = Number(record.readBigUInt64LE(32));
      dirSize = Number(record.readBigUInt64LE(40));
      dirOffset = Number(record.readBigUInt64LE(48));
    }
  }
  if (dirOffset + dirSize > source.size) throw new ZipFormatError('ZIP 中央目录超出文件范围：文件已被截断或损坏');
  const dir = await source.read(dirOffset, dirSize);
  const entries: ZipDirectoryEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError('ZIP 中央目录已损坏');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    if ((dir.readUInt16LE(p + 8) & 1) !== 0) throw new ZipFormatError('不支持加密的 ZIP');
    let size = dir.readUInt32LE(p + 24);
    let compressedSize = dir.readUInt32LE(p + 20);
    let localOffset = dir.readUInt32LE(p + 42);
    // ZIP64 extra field (id 1): the 8-byte values of whichever fields read 0xFFFFFFFF, in this order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
      const id = dir.readUInt16LE(x);
      const length = dir.readUInt16LE(x + 2);
      if (x + 4 + length > dir.length) throw new ZipFormatError('ZIP 中央目录的扩展字段已损坏');
      if (id === 0x0001) {
        let v = x + 4;
        if (size === 0xffffffff) { size = Number(dir.readBigUInt64LE(v)); v += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = Number(dir.readBigUInt64LE(v)); v += 8; }
        if (localOffset === 0xffffffff) localOffset = Number(dir.readBigUInt64LE(v));
      }
      x += 4 + length;
    }
    entries.push({
      path: dir.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      method: dir.readUInt16LE(p + 10), crc: dir.readUInt32LE(p + 16), compressedSize, size, localOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, comment };
}

/** An entry's stored bytes as they are in the zip (compressed or not), unchecked. */
export async function readRawEntry(source: ZipSource, entry: ZipDirectoryEntry): Promise<Buffer> {
  const header = await source.read(entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(`文件“${entry.path}”的本地头已损坏`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const raw = await source.read(start, entry.compressedSize);
  if (raw.length < entry.compressedSize) throw new ZipFormatError(`文件“${entry.path}”的内容被截断`);
  return raw;
}

/** An entry's content; throws ZipFormatError when it cannot be read or its CRC-32 does not match. */
export async function readEntry(source: ZipSource, entry: ZipDirectoryEntry): Promise<Buffer> {
  const raw = await readRawEntry(source, entry);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      data = await inflate(raw);
    } catch {
      throw new ZipFormatError(`文件“${entry.path}”的压缩数据已损坏`);
    }
  } else throw new ZipFormatError(`文件“${entry.path}”使用了不支持的压缩方式 ${entry.method}`);
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw new ZipFormatError(`文件“${entry.path}”的 CRC 校验不符：内容已损坏或被改动`);
  return data;
}

/** Every entry of a small zip held in memory (re-packing a .docx, tests). */
export async function unzipBuffer(buffer: Buffer): Promise<Map<string, Buffer>> {
  const source = bufferSource(buffer);
  const { entries } = await readDirectory(source);
  const out = new Map<string, Buffer>();
  for (const entry of entries) out.set(entry.path, await readEntry(source, entry));
  return out;
}
