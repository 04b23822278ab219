/**
 * Reads the one uploaded table of a small synchronous import (a few thousand rows: users, inspectors,
 * experts) into records, answering the standard 400s: no file, not a table, missing columns, too
 * large, too many rows, no data rows. Large imports (entities) run as import jobs instead.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../http/errors';
import { MissingColumnsError, recordsOf, type ColumnSpec, type ImportRecord } from './columns';
import { readTable, TableFormatError } from './table';

/** What a synchronous import answers: the counts, and every problem with its row and column. */
export const ImportResult = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export interface UploadLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
  /** What a row is, for the too-many-rows message: 「一次最多导入 5000 名执法检查人员」. */
  readonly noun: string;
}

export interface UploadedTable<K extends string> {
  readonly fileName: string;
  readonly records: ImportRecord<K>[];
}

export async function readUploadedTable<K extends string>(request: FastifyRequest, specs: readonly ColumnSpec<K>[], limits: UploadLimits): Promise<UploadedTable<K>> {
  const tooLarge = () => badRequest('FILE_TOO_LARGE', `文件超过 ${limits.maxBytes / 1024 / 1024} MB`);
  if (!request.isMultipart()) throw badRequest('NO_FILE', '请选择要导入的文件');
  const file = await request.file({ limits: { fileSize: limits.maxBytes, files: 1 } });
  if (!file) throw badRequest('NO_FILE', '请选择要导入的文件');
  const records: ImportRecord<K>[] = [];
  try {
    for await (const record of recordsOf(readTable(file.filename, file.file), specs)) {
      if (records.length >= limits.maxRows) throw badRequest('TOO_MANY_ROWS', `一次最多导入 ${limits.maxRows} ${limits.noun}`);
      records.push(record);
    }
  } catch (error) {
    if (error instanceof TableFormatError || error instanceof MissingColumnsError) throw badRequest('IMPORT_FILE_INVALID', error.message);
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
  if (file.file.truncated) throw tooLarge();
  if (records.length === 0) throw badRequest('IMPORT_FILE_EMPTY', '文件中没有数据行');
  return { fileName: file.filename, records };
}
