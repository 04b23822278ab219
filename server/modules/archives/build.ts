/**
 * Builds a task's archive as a stream of zip entries: 说明.txt, every section's files in order, then manifest.json
 * (each file's path, size and SHA-256) and manifest.sha256 (the manifest's own hash, in `sha256sum -c` form); the
 * zip comment repeats that hash. Hashes are computed as the files pass, so nothing is read twice or held.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { marketEntities, taskObjects, tasks } from '../../db/schema';
import type { ZipEntry } from '../../export/zip_writer';
import type { AuthContext } from '../../http/request_context';
import { ARCHIVE_SECTIONS, segment, type ArchiveContext, type ArchiveObject, type ArchiveTask } from './sections';

export const ARCHIVE_FORMAT = 'suiji-archive/1';
export const MANIFEST = 'manifest.json';
export const MANIFEST_HASH = 'manifest.sha256';

export interface ManifestFile { readonly path: string; readonly size: number; readonly sha256: string }

export interface Manifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly task: { readonly id: string; readonly code: string; readonly name: string };
  readonly files: readonly ManifestFile[];
}

/** The zip comment: the format and the manifest's hash, readable by `unzip -z`. */
export function archiveComment(manifestSha256: string): string {
  return `${ARCHIVE_FORMAT} manifest.json sha256=${manifestSha256}`;
}

export async function archiveTask(db: Db, taskId: string): Promise<ArchiveTask | null> {
  const [row] = await db.select({
    id: tasks.id, code: tasks.code, name: tasks.name, planId: tasks.planId, year: tasks.year, periodStart: tasks.periodStart, periodEnd: tasks.periodEnd,
  }).from(tasks).where(eq(tasks.id, taskId));
  return row ?? null;
}

async function archiveObjects(db: Db, taskId: string): Promise<ArchiveObject[]> {
  const rows = await db.select({ id: taskObjects.id, entityId: taskObjects.entityId, status: taskObjects.status, entityName: marketEntities.name, entityCode: marketEntities.code })
    .from(taskObjects).innerJoin(marketEntities, eq(marketEntities.id, taskObjects.entityId))
    .where(eq(taskObjects.taskId, taskId)).orderBy(asc(taskObjects.rank), asc(taskObjects.id));
  return rows.map((r, k) => ({ ...r, folder: `${String(k + 1).padStart(4, '0')}-${segment(r.entityCode)}-${segment(r.entityName)}` }));
}

function readme(task: ArchiveTask): string {
  return [
    `抽查任务档案（一次一档）`,
    `任务：${task.name}（${task.code}），检查期间 ${task.periodStart} 至 ${task.periodEnd}`,
    '',
    '目录：',
    ...ARCHIVE_SECTIONS.map((s) => `  ${s.folder}/  ${s.describes}`),
    `  ${MANIFEST}  档案清单：每个文件的路径、字节数与 SHA-256`,
    `  ${MANIFEST_HASH}  档案清单本身的 SHA-256（ZIP 注释中也有同一值）`,
    '',
    '如何核验：',
    '  1. npm run cli -- archive verify <档案.zip>：逐一核对文件与清单，报告缺少、多出或被改动的文件；',
    '  2. 或解压后在解压目录运行 sha256sum -c manifest.sha256，再按 manifest.json 核对各文件；',
    '  3. 同一任务在数据未变时每次导出的档案逐字节相同：保存一次下载的 manifest 哈希，日后可据此核对。',
    '',
  ].join('\r\n');
}

/**
 * The entries of the task's archive, in order. `onManifest` receives the manifest's hash before the last entry is
 * yielded (the zip comment is written after it).
 */
export async function* archiveEntries(db: Db, auth: AuthContext, task: ArchiveTask, onManifest: (sha256: string) => void): AsyncGenerator<ZipEntry> {
  const context: ArchiveContext = { db, auth, task, objects: await archiveObjects(db, task.id) };
  const files: ManifestFile[] = [];
  const entry = (path: string, data: Buffer, compress: boolean): ZipEntry => {
    files.push({ path, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    return { path, data, compress };
  };
  yield entry('说明.txt', Buffer.from(`\uFEFF${readme(task)}`, 'utf8'), true);
  for (const section of ARCHIVE_SECTIONS) {
    for await (const file of section.files(context)) yield entry(`${section.folder}/${file.name}`, file.data, !file.stored);
  }
  const manifest: Manifest = { format: ARCHIVE_FORMAT, task: { id: task.id, code: task.code, name: task.name }, files };
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  yield { path: MANIFEST, data: text, compress: true };
  onManifest(hash);
  yield { path: MANIFEST_HASH, data: Buffer.from(`${hash}  ${MANIFEST}\n`, 'utf8'), compress: false };
}
