/**
 * Reads the one uploaded table of a small synchronous import (a few thousand rows: users, inspectors,
 * experts, checklist items) into records, answering the standard 400s: no file, a bad file name, not a table,
 * missing columns, too large (the 立即导入 size of rules.ts), beyond a table limit (limits.ts), too many rows, no data rows. The upload is saved to a
 * temporary file first (so an .xlsx can be checked by xlsx_guard.ts before it is read), and removed when read, whatever
 * the outcome. Large imports (entities) run as import jobs instead.
 */
import { createReadStream } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../http/errors';
import { MissingColumnsError, NO_DATA_ROWS, recordsOf, type ColumnSpec, type ImportRecord } from './columns';
import { checkUploadFile, discardUpload, saveUpload } from './job_upload';
import { IMPORT_RULES } from '../../domain/import/rules';
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
  /** What a row is, for the too-many-rows message: 「一次最多导入 5000 名执法检查人员」. */
  readonly noun: string;
}

export interface UploadedTable<K extends string> {
  readonly fileName: string;
  readonly records: ImportRecord<K>[];
}

export async function readUploadedTable<K extends string>(request: FastifyRequest, specs: readonly ColumnSpec<K>[], limits: UploadLimits): Promise<UploadedTable<K>> {
  const upload = await saveUpload(request, IMPORT_RULES.immediate.maxBytes);
  const records: ImportRecord<K>[] = [];
  const source = createReadStream(upload.path);
  try {
    await checkUploadFile(upload);
    for await (const record of recordsOf(readTable(upload.fileName, source), specs)) {
      if (records.length >= limits.maxRows) throw badRequest('TOO_MANY_ROWS', `一次最多导入 ${limits.maxRows} ${limits.noun}`);
      records.push(record);
    }
  } catch (error) {
    if (error instanceof TableFormatError || error instanceof MissingColumnsError) throw badRequest('IMPORT_FILE_INVALID', error.message);
    throw error;
  } finally {
    source.destroy();
    await discardUpload(upload);
  }
  if (records.length === 0) throw badRequest('IMPORT_FILE_EMPTY', NO_DATA_ROWS);
  return { fileName: upload.fileName, records };
}
