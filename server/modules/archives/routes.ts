/**
 * 一次一档 (issue #10 item 8): one download per task builds its archive — the plan, the 实施方案, the draw receipt and
 * matching record, notices, record forms, photos and attachments, results, corrections and proof of publication, with
 * a manifest of every file's SHA-256. Built on demand and streamed (never whole in memory); deterministic, so the
 * same data gives the same bytes and a saved hash can be checked later. Each export is an operation-log row.
 */
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { abortExport } from '../../export/xlsx';
import { zipStream } from '../../export/zip_writer';
import { getTaskInScope } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { safeFileName, attachmentDisposition } from '../notices/docx_parts';
import { archiveComment, archiveEntries, archiveTask } from './build';

const tags = ['检查实施-任务档案'];

export function registerArchiveRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/inspection/tasks/:id/archive', {
    config: { access: 'inspection:archive:export', summary: '导出任务档案（一次一档）' },
    schema: {
      tags, summary: '下载抽查任务档案（ZIP，一次一档）：计划、实施方案、抽取凭证与匹配记录、通知书、记录表、照片与附件、结果、更正、公示证明及 SHA-256 清单',
      params: idParams, response: { 200: z.unknown().describe('.zip 文件'), ...errorResponses },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const visible = await getTaskInScope(services.db, auth.scope, request.params.id);
    const task = visible && await archiveTask(services.db, visible.id);
    if (!task) throw notFound('抽查任务');
    await runChange(request, services, async (_tx, record) => {
      record.target('task', task.id);
      record.detail({ code: task.code, name: task.name });
    });
    let manifestSha256 = '';
    const bytes = Readable.from(zipStream(archiveEntries(services.db, auth, task, (hash) => { manifestSha256 = hash; }), () => archiveComment(manifestSha256)));
    const output = new PassThrough();
    pipeline(bytes, output).catch((error: unknown) => abortExport(reply, output, error));
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', attachmentDisposition(safeFileName(`${task.code}-${task.name}-任务档案.zip`), `archive-${task.code}.zip`))
      .send(output);
  });
}
