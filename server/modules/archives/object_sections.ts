/**
 * The archive's 检查对象 section, one folder per object (一企一档 inside the task's 一档): the 行政检查通知书 once
 * numbered, the 实地核查记录表 (渝北 附件1–2, written from the data as the notices module serves them, the same XML: notices/docx_xml.ts) and
 * every attachment (photos, signed form scans, recordings) — read one row at a time, never all at once.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { resultAttachments } from '../../db/schema';
import { AppError } from '../../http/errors';
import { noticeDocument, recordForm } from '../notices/documents';
import { noticeDocxStable } from '../notices/notice_docx';
import { objectForCaller } from '../notices/object_access';
import { recordFormDocxStable } from '../notices/record_form_docx';
import { noticeOfObject } from '../notices/store';
import { jsonFile, segment, type ArchiveContext, type ArchiveFile, type ArchiveObject, type ArchiveSection } from './sections';

/** Types whose content is already compressed: stored, not deflated again. */
const COMPRESSED = /^(image\/(jpeg|png|webp|heic|gif)|audio\/|video\/|application\/(zip|pdf|vnd\.openxmlformats))/;

export const objectSection: ArchiveSection = {
  folder: '04-检查对象',
  describes: '每个检查对象一个目录：行政检查通知书（已编号的）、实地核查记录表（一企一表）、现场照片与其他附件（文件的 SHA-256 与录入时存储的一致）',
  async *files(context) {
    const { objects } = context;
    yield jsonFile('objects.json', objects.map((o) => ({ folder: o.folder, taskObjectId: o.id, entityCode: o.entityCode, entityName: o.entityName, status: o.status })));
    // The documents of the next few objects are prepared while the current one is written: their queries overlap
    // the CPU work of packing .docx (a database in another process answers meanwhile). Order is kept.
    const pending: Promise<ArchiveFile[]>[] = [];
    const start = (k: number) => {
      const object = objects[k];
      if (!object) return;
      const documents = documentsOf(context, object);
      documents.catch(() => undefined);
      pending.push(documents);
    };
    for (let k = 0; k < LOOKAHEAD; k++) start(k);
    for (const [k, object] of objects.entries()) {
      const documents = await pending.shift();
      start(k + LOOKAHEAD);
      yield* documents ?? [];
      yield* attachmentsOf(context, object.id, object.folder);
    }
  },
};

const LOOKAHEAD = 3;

async function documentsOf({ db, auth, task }: ArchiveContext, object: ArchiveObject): Promise<ArchiveFile[]> {
  const files: ArchiveFile[] = [];
  let access;
  try {
    access = await objectForCaller(db, auth, object.id);
  } catch (error) {
    // An object the documents cannot be drawn for (its entity hidden by a pending import): said, not the archive lost.
    if (!(error instanceof AppError)) throw error;
    return [{ name: `${object.folder}/文书未生成.txt`, data: Buffer.from(`\uFEFF无法生成该检查对象的通知书与记录表：${error.message}\r\n`, 'utf8') }];
  }
  const notice = await noticeOfObject(db, object.id);
  if (notice) {
    const data = await noticeDocxStable(await noticeDocument(db, access, notice), notice.delivery, new Date(notice.issuedAt));
    files.push({ name: `${object.folder}/行政检查通知书.docx`, data, stored: true });
  }
  if (object.status !== 'replaced') {
    // The form as of the task's start: a later day would drop the matched inspection date and change the file.
    const form = await recordForm(db, access, notice, task.periodStart);
    const stamp = new Date(`${task.periodStart}T00:00:00+08:00`);
    files.push({ name: `${object.folder}/实地核查记录表.docx`, data: await recordFormDocxStable(form, stamp), stored: true });
  }
  return files;
}

async function* attachmentsOf({ db }: { db: Db }, taskObjectId: string, folder: string): AsyncGenerator<ArchiveFile> {
  const rows = await db.select({
    id: resultAttachments.id, kind: resultAttachments.kind, fileName: resultAttachments.fileName, mime: resultAttachments.mime, byteSize: resultAttachments.byteSize,
    sha256: resultAttachments.sha256, uploadedAt: resultAttachments.uploadedAt,
  })
    .from(resultAttachments).where(eq(resultAttachments.taskObjectId, taskObjectId)).orderBy(asc(resultAttachments.uploadedAt), asc(resultAttachments.id));
  if (rows.length === 0) return;
  const name = (k: number, fileName: string) => `${folder}/附件/${String(k + 1).padStart(2, '0')}-${segment(fileName)}`;
  yield jsonFile(`${folder}/附件清单.json`, rows.map((r, k) => ({
    file: name(k, r.fileName), kind: r.kind, originalName: r.fileName, mime: r.mime, byteSize: r.byteSize, storedSha256: r.sha256, uploadedAt: r.uploadedAt.toISOString(),
  })));
  for (const [k, row] of rows.entries()) {
    const [content] = await db.select({ content: resultAttachments.content }).from(resultAttachments)
      .where(and(eq(resultAttachments.id, row.id), eq(resultAttachments.taskObjectId, taskObjectId)));
    if (!content) continue;
    yield { name: name(k, row.fileName), data: content.content, stored: COMPRESSED.test(row.mime) };
  }
}
