/**
 * Saving uploads (every import route; background import jobs keep the file, synchronous imports in upload.ts remove
 * it when read): the upload is streamed to a temporary file (never held in memory) under a size limit, after its
 * file name was checked, then the file is checked (checkUploadFile: an .xlsx goes through xlsx_guard.ts) and its
 * header row read at once, so a wrong file type, an empty file, a corrupt or oversized workbook or missing columns
 * are answered in the upload's own response with a Chinese message. Whatever fails after the file was written
 * removes it (discardOnError); files left by a process that died are removed at the next start (job_recovery.ts).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../http/errors';
import { MissingColumnsError, NO_DATA_ROWS, recordsOf, type ColumnSpec } from './columns';
import { readTable, TableFormatError } from './table';
import { checkXlsxFile } from './xlsx_guard';

export interface SavedUpload {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: number;
}

/** Where uploads wait to be read (job_recovery.ts removes the ones no running job owns). Tests use a folder of their own. */
export const UPLOADS = { dir: join(tmpdir(), 'suiji-imports') };

// Control characters (C0, DEL, C1) and the bidirectional controls that make 「txt.exe」 show as 「exe.txt」.
// eslint-disable-next-line no-control-regex
const HOSTILE_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const MAX_NAME_CHARS = 200;

/**
 * The file name as the user should see it: without any folder (old browsers send C:\…\名单.xlsx), refused when it
 * carries control or direction characters or is too long for the job record. Only shown and used for the file type:
 * the file is stored under a random name.
 */
export function uploadFileName(raw: string): string {
  const name = raw.slice(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1).trim();
  if (HOSTILE_NAME.test(name)) throw badRequest('FILE_NAME_INVALID', '文件名含有控制字符或文字方向控制符，请重命名文件后再导入');
  if (name.length > MAX_NAME_CHARS) throw badRequest('FILE_NAME_INVALID', `文件名超过 ${MAX_NAME_CHARS} 个字符，请重命名文件后再导入`);
  return name || '导入文件';
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Streams the multipart field `file` to a temporary file; 400 with a Chinese message when there is none or it is too large. */
export async function saveUpload(request: FastifyRequest, maxBytes: number): Promise<SavedUpload> {
  if (!request.isMultipart()) throw badRequest('NO_FILE', '请选择要导入的文件');
  const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!file) throw badRequest('NO_FILE', '请选择要导入的文件');
  let fileName: string;
  try {
    fileName = uploadFileName(file.filename);
  } catch (error) {
    file.file.resume(); // nothing is written; the body is read to its end so the answer reaches the client
    throw error;
  }
  await mkdir(UPLOADS.dir, { recursive: true });
  const path = join(UPLOADS.dir, randomUUID());
  const tooLarge = () => badRequest('FILE_TOO_LARGE', `文件超过 ${megabytes(maxBytes)}，请拆分成几个文件分批导入`);
  try {
    await pipeline(file.file, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  if (file.file.truncated) {
    await rm(path, { force: true });
    throw tooLarge();
  }
  const { size } = await stat(path);
  return { path, fileName, bytes: size };
}

export async function discardUpload(upload: SavedUpload): Promise<void> {
  await rm(upload.path, { force: true });
}

/** Runs `work`; if it fails, the saved upload is removed before the error goes on. */
export async function discardOnError<T>(upload: SavedUpload, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await discardUpload(upload);
    throw error;
  }
}

/** An .xlsx (a ZIP, whatever its name) must pass the guard before any reader opens it; 400 IMPORT_FILE_INVALID otherwise. */
export async function checkUploadFile(upload: SavedUpload): Promise<void> {
  const file = await open(upload.path, 'r');
  const head = Buffer.alloc(2);
  try {
    await file.read(head, 0, 2, 0);
  } finally {
    await file.close();
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b) return;
  try {
    await checkXlsxFile(upload.path);
  } catch (error) {
    if (error instanceof TableFormatError) throw badRequest('IMPORT_FILE_INVALID', error.message);
    throw error;
  }
}

/**
 * Checks the file (checkUploadFile), then reads the header and the first data row. Throws 400 IMPORT_FILE_INVALID / IMPORT_FILE_EMPTY; when not one of the
 * expected columns is found the message also suggests the encoding, the usual cause for a CSV from another system.
 */
export async function checkUploadHeader<K extends string>(upload: SavedUpload, columns: readonly ColumnSpec<K>[]): Promise<void> {
  await checkUploadFile(upload);
  const source = createReadStream(upload.path);
  const records = recordsOf(readTable(upload.fileName, source), columns);
  try {
    const first = await records.next();
    if (first.done) throw badRequest('IMPORT_FILE_EMPTY', NO_DATA_ROWS);
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
