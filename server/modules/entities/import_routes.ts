/**
 * 检查对象导入: the upload answers at once for file-level problems (type, size, empty, corrupt, missing columns)
 * and otherwise 202 with a job; the job (server/import/job_runner.ts) validates, stages and applies in the
 * background while the client polls its progress, then offers the error file of the rejected rows.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { IMPORT_RULES } from '../../../domain/import/rules';
import { shanghaiDate } from '../../http/today';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { entityPageCache } from './page_cache';
import { errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { ImportModeSchema } from '../../import/columns';
import { enqueueImportJob } from '../../import/job_runner';
import { checkUploadHeader, discardOnError, saveUpload } from '../../import/job_upload';
import { createImportJob, getImportJob, ImportJobView, recentImportJobs, sendErrorFile } from '../../import/jobs';
import { sendTemplate } from '../../import/template';
import { requireAuth } from '../users/routes';
import { entityColumnsFor, entityImportPipeline, ENTITY_COLUMNS } from './import_pipeline';
import { viewerOf } from './routes';

const tags = ['一单两库-检查对象名录库'];
export const ENTITY_IMPORT_KIND = 'market_entity';

/** Upload ceiling. A million rows of the template are about 250 MB as CSV and well under as .xlsx. Tests lower it. */
/** 后台导入 (server/import/rules.ts). */
export const ENTITY_IMPORT_LIMITS = { maxBytes: IMPORT_RULES.job.maxBytes };

const EXAMPLE = {
  code: '91220104MA00000001', name: '长春市鑫源商贸有限公司', entityType: '企业', regionCode: '220104', industryCode: '5121', status: '存续',
  legalRepresentative: '张三', address: '吉林省长春市朝阳区西安大路1号', registeredOn: '2020-01-05', businessScope: '日用百货销售',
  ownerDepartment: '长春市朝阳区市场监督管理局', abnormalList: '否', seriousViolation: '否', riskClass: 'B', complaintsCount: '0',
};

export function registerEntityImportRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/directory/entities/import-template', {
    config: { access: 'directory:entity:import' },
    schema: { tags, summary: '下载检查对象导入模板' },
  }, async (request, reply) => {
    const seesInternal = requireAuth(request.auth).permissions.has('directory:entity:risk');
    return sendTemplate(reply, '检查对象导入模板.xlsx', entityColumnsFor(seesInternal), EXAMPLE);
  });

  app.post('/api/directory/entities/import', {
    config: { access: 'directory:entity:import', summary: '导入检查对象' },
    schema: {
      tags, summary: '导入检查对象（multipart，字段 file；.xlsx 或 .csv，UTF-8/GBK；后台执行，轮询任务进度）',
      querystring: z.object({ mode: ImportModeSchema.default('all_or_nothing') }), response: { 202: ImportJobView, ...errorResponses },
    },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const upload = await saveUpload(request, ENTITY_IMPORT_LIMITS.maxBytes);
    const mode = request.query.mode;
    // From here until the job owns it, any failure removes the saved file.
    const jobId = await discardOnError(upload, async () => {
      await checkUploadHeader(upload, ENTITY_COLUMNS);
      return runChange(request, services, async (tx, record) => {
        const id = await createImportJob(tx, {
          kind: ENTITY_IMPORT_KIND, userId: auth.user.id, departmentId: auth.user.departmentId, fileName: upload.fileName, mode, uploadFile: basename(upload.path),
        }, services.now());
        record.target('import_job', id);
        record.detail({ file: upload.fileName, bytes: upload.bytes, mode });
        record.event({ type: 'EntityImportQueued', jobId: id, fileName: upload.fileName, mode });
        return id;
      }, { summary: '导入检查对象（提交文件）' });
    });
    const pipeline = entityImportPipeline(services.db, {
      jobId, mode, viewer: viewerOf(auth, services.now()), departmentId: auth.user.departmentId, today: shanghaiDate(services.now()), now: services.now,
    });
    // The job commits after this answer: until it ends, list pages are read fresh and not kept.
    const release = entityPageCache(app).hold();
    void enqueueImportJob({ jobId, mode, upload, request, services, summaryNoun: '导入检查对象' }, pipeline).finally(release);
    const job = await getImportJob(services.db, jobId, { userId: auth.user.id, all: false }, services.now());
    if (!job) throw new Error('the import job just created is gone');
    return reply.status(202).send(job);
  });

  app.get('/api/directory/import-jobs', {
    config: { access: 'directory:entity:import' },
    schema: { tags, summary: '本人最近的检查对象导入任务', response: { 200: z.array(ImportJobView), ...errorResponses } },
  }, async (request) => recentImportJobs(services.db, ENTITY_IMPORT_KIND, requireAuth(request.auth).user.id, services.now()));

  app.get('/api/directory/import-jobs/:id', {
    config: { access: 'directory:entity:import' },
    schema: { tags, summary: '导入任务进度', params: idParams, response: { 200: ImportJobView, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const job = await getImportJob(services.db, request.params.id, { userId: auth.user.id, all: auth.scope.kind === 'all' }, services.now());
    if (job?.kind !== ENTITY_IMPORT_KIND) throw notFound('导入任务');
    return job;
  });

  app.get('/api/directory/import-jobs/:id/errors.xlsx', {
    config: { access: 'directory:entity:import' },
    schema: { tags, summary: '下载错误文件（原始单元格 + 错误列 + 错误原因，修改后可直接重新导入）', params: idParams },
  }, async (request, reply) => {
    const auth = requireAuth(request.auth);
    const job = await getImportJob(services.db, request.params.id, { userId: auth.user.id, all: auth.scope.kind === 'all' }, services.now());
    if (job?.kind !== ENTITY_IMPORT_KIND) throw notFound('导入任务');
    const headers = entityColumnsFor(auth.permissions.has('directory:entity:risk')).map((c) => c.header);
    const base = job.fileName.replace(/\.(xlsx|csv|txt)$/i, '');
    return sendErrorFile(reply, services.db, job.id, `${base}-错误行.xlsx`, headers);
  });
}
