/**
 * Uploads for background import jobs (large files; small synchronous imports use upload.ts): the upload is
 * streamed to a temporary file (never held in memory) under a size limit, then its header row is checked at
 * once, so a wrong file type, an empty file, a corrupt workbook or missing columns are answered in the
 * upload's own response with a Chinese message.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../http/errors';
import { MissingColumnsError, recordsOf, type ColumnSpec } from './columns';
import { readTable, TableFormatError } from './table';

export interface SavedUpload {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: number;
}

const UPLOAD_DIR = join(tmpdir(), 'suiji-imports');

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Streams the multipart field `file` to a temporary file; 400 with a Chinese message when there is none or it is too large. */
export async function saveUpload(request: FastifyRequest, maxBytes: number): Promise<SavedUpload> {
  if (!request.isMultipart()) throw badRequest('NO_FILE', '请选择要导入的文件');
  const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file) throw badRequest('NO_FILE', '请选择要导入的文件');
  await mkdir(UPLOAD_DIR, { recursive: true });
  const path = join(UPLOAD_DIR, randomUUID());
  try {
    await pipeline(file.file, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  if (file.file.truncated) {
    await rm(path, { force: true });
    throw badRequest('FILE_TOO_LARGE', `文件超过 ${megabytes(maxBytes)}，请拆分成几个文件分批导入`);
  }
  const { size } = await stat(path);
  return { path, fileName: file.filename || '导入文件', bytes: size };
}

export async function discardUpload(upload: SavedUpload): Promise<void> {
  await rm(upload.path, { force: true });
}

/**
 * Reads the header and the first data row. Throws 400 IMPORT_FILE_INVALID / IMPORT_FILE_EMPTY; when not one of the
 * expected columns is found the message also suggests the encoding, the usual cause for a CSV from another system.
 */
export async function checkUploadHeader<K extends string>(upload: SavedUpload, columns: readonly ColumnSpec<K>[]): Promise<void> {
  const source = createReadStream(upload.path);
  const records = recordsOf(readTable(upload.fileName, source), columns);
  try {
    const first = await records.next();
    if (first.done) throw badRequest('IMPORT_FILE_EMPTY', '文件中没有数据行：第 1 行应为列名，从第 2 行起每行一条记录');
  } catch (error) {
    if (error instanceof TableFormatError) throw badRequest('IMPORT_FILE_INVALID', error.message);
    if (error instanceof MissingColumnsError) {
      const required = columns.filter((c) => c.required).length;
      const hint = error.missing.length === required ? '。文件中一个所需的列都没有找到：如列名显示为乱码，请把 CSV 另存为 UTF-8 或 GBK 编码后重试' : '';
      throw badRequest('IMPORT_FILE_INVALID', `${error.message}${hint}`);
    }
    throw error;
  } finally {
    await records.return(undefined);
    source.destroy();
  }
}

/** Counts the bytes a stream has delivered (progress of a job reading a file). */
export class ByteCounter {
  bytes = 0;

  async *count(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      this.bytes += chunk.length;
      yield chunk;
    }
  }
}
