/**
 * 公示本任务全部已通过的检查结果 (issue #10 items 5 and 11): one request publishes every 已通过 result of a task —
 * 30,000 of them in one statement and one transaction instead of six requests of 5,000 ids, each sending, checking
 * and matching its ids. All or nothing: the caller sends the count of 已通过 results it saw (`expected`); a result
 * approved, returned or published meanwhile changes the count and the request answers 409 with nothing published.
 * Like the batch by ids, one operation-log row carries an InspectionResultStatusChanged event per result (so each
 * result's history shows its publication), the task completes once nothing is left unpublished, and the database's
 * trigger still refuses any change to a published row.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { inspectionResults, tasks } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { requireAuth } from '../users/routes';
import { reviewableResult, visibleResult } from './review_store';
import { TaskIdParams, TaskPublishInput, TaskPublishResult } from './schema';
import { completeTasksWhenAllPublished } from './task_progress';
import { frozenByDatabase } from './write';

const tags = ['检查结果-审核与公示'];

const changedMeanwhile = (now: number, seen: number) => new AppError(409, 'VERSION_CONFLICT',
  `该任务现有 ${now} 条“已通过”的检查结果，与页面上的 ${seen} 条不符（其间有结果被审核或公示）；本次未公示任何结果，请刷新后重试`, [{ field: 'expected', message: String(now) }]);

export function registerTaskPublishRoutes(app: TypedApp, services: AppServices): void {
  app.post('/api/inspection/tasks/:id/results/publish', {
    config: { access: 'inspection:result:publish', summary: '公示任务全部已通过的检查结果' },
    schema: {
      tags, summary: '公示本任务全部“已通过”的检查结果（须与页面所见条数一致；全部成功或全部不公示）', params: TaskIdParams, body: TaskPublishInput,
      response: { 200: TaskPublishResult, ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const taskId = request.params.id;
    const { expected } = request.body;
    const [task] = await services.db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, taskId), visibleResult(auth.scope)));
    if (!task) throw notFound('抽查任务');
    const approved = and(eq(inspectionResults.taskId, taskId), eq(inspectionResults.status, 'approved'));
    const [counts] = await services.db.select({ all: count(), own: sql<number>`count(*) filter (where ${reviewableResult(auth.scope)})`.mapWith(Number) })
      .from(inspectionResults).where(approved);
    const all = counts?.all ?? 0;
    if (all === 0) throw conflict('RESULT_ILLEGAL_TRANSITION', '该任务没有“已通过”的检查结果可公示');
    if ((counts?.own ?? 0) !== all) throw forbidden('该任务的检查结果中有不属于本部门负责的，只有负责的部门可以公示');
    if (all !== expected) throw changedMeanwhile(all, expected);
    const now = services.now();
    const published = await runChange(request, services, async (tx, record) => {
      const rows = await tx.update(inspectionResults).set({ status: 'published', publishedBy: auth.user.id, publishedAt: now, updatedAt: now, rowVersion: sql`${inspectionResults.rowVersion} + 1` })
        .where(and(approved, reviewableResult(auth.scope)))
        .returning({ id: inspectionResults.id, taskObjectId: inspectionResults.taskObjectId, publishDue: inspectionResults.publishDue });
      // Another request approved or published some between the count and the update: nothing is kept.
      if (rows.length !== expected) throw changedMeanwhile(rows.length, expected);
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const today = shanghaiDate(now);
      record.target('task', taskId);
      record.detail({ published: rows.length, taskIds: [taskId], late: rows.filter((r) => r.publishDue !== null && today > r.publishDue).length, wholeTask: true });
      for (const r of rows) record.event({ type: 'InspectionResultStatusChanged', resultId: r.id, taskId, taskObjectId: r.taskObjectId, from: 'approved', to: 'published', event: 'publish' });
      await completeTasksWhenAllPublished(tx, [taskId], auth.user.id, record, now);
      return rows.length;
    }).catch((error: unknown) => {
      if (frozenByDatabase(error)) throw conflict('RESULT_PUBLISHED', '该任务的检查结果中有已公示的，本次未公示任何结果');
      throw error;
    });
    return { taskId, published };
  });
}
