/**
 * 抽查结果公示 (issue #10 item 5; 长春第19条): published results for anyone, without login, each with its approved
 * corrections beside it (长春第20条). Never the credit-risk class, a phone number or the signer's name; fields the
 * department withheld (涉密/国家安全/公共安全, 渝北 四（九）) are left out and named. Cached like the other 公示 lists.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { CHECK_METHODS, DISPOSALS, FINDINGS, labelOf, RESULT_CATEGORIES } from '../../../domain/inspection/categories';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { departments, inspectionResults, marketEntities, tasks } from '../../db/schema';
import type { Db } from '../../db/database';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { likeContains, offsetOf } from '../../http/paging';
import { publicFollowUpStates } from '../follow_ups/public_state';
import { correctionsOf } from './review_store';
import { PublicResultPage, PublicResultQuery, type PublicResultRow, type Withheld } from './schema';

const tags = ['公示'];

export function registerPublicResultRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/results', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '抽查检查结果公示（含已批准的更正）', querystring: PublicResultQuery, response: { 200: PublicResultPage, ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = and(
      eq(inspectionResults.status, 'published'),
      q.creditCode ? eq(marketEntities.code, q.creditCode.toUpperCase()) : undefined,
      q.keyword ? sql`${marketEntities.name} like ${likeContains(q.keyword)}` : undefined,
    );
    const [rows, [total]] = await Promise.all([
      loadPublicResults(readDb(services), where, q.pageSize, offsetOf(q)),
      readDb(services).select({ n: count() }).from(inspectionResults).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)).where(where),
    ]);
    return { rows, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  });
}

/**
 * Published results matching `where` (which must keep `status = 'published'`), newest first, as the public sees them:
 * withheld fields left out, approved corrections beside them. Also read by the open-data downloads (portal module).
 */
export async function loadPublicResults(db: Db, where: SQL | undefined, limit: number, offset: number): Promise<PublicResultRow[]> {
  const rows = await db.select({
    id: inspectionResults.id, taskId: tasks.id, taskCode: tasks.code, taskName: tasks.name, spec: tasks.spec, departmentName: departments.name,
    entityName: marketEntities.name, creditCode: marketEntities.code, regionCode: inspectionResults.regionCode,
    checkDate: inspectionResults.checkDate, checkMethod: inspectionResults.checkMethod, resultCategory: inspectionResults.resultCategory, disposal: inspectionResults.disposal,
    note: inspectionResults.note, itemFindings: inspectionResults.itemFindings, withheld: inspectionResults.withheld, publishedAt: inspectionResults.publishedAt,
  }).from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
    .innerJoin(departments, eq(departments.id, inspectionResults.departmentId))
    .where(where).orderBy(desc(inspectionResults.publishedAt), desc(inspectionResults.id)).limit(limit).offset(offset);
  const itemNames = new Map<string, { code: string; name: string }>();
  for (const r of rows) for (const i of (r.spec as TaskSpec).items) itemNames.set(i.itemId, { code: i.code, name: i.name });
  const corrections = await correctionsOf(db, rows.map((r) => r.id), new Map([...itemNames].map(([id, i]) => [id, `${i.code} ${i.name}`])), true);
  const followUpStates = await publicFollowUpStates(db, rows.map((r) => r.id));
  return rows.map((r): PublicResultRow => {
    const withheld = new Set<string>((r.withheld as Withheld | null)?.fields ?? []);
    const findings = (r.itemFindings ?? []) as { itemId: string; finding: string }[];
    return {
      id: r.id, taskCode: r.taskCode, taskName: r.taskName, departmentName: r.departmentName, entityName: r.entityName, creditCode: r.creditCode, regionCode: r.regionCode,
      checkDate: r.checkDate ?? '', checkMethod: labelOf(CHECK_METHODS, r.checkMethod) ?? '', resultCategory: labelOf(RESULT_CATEGORIES, r.resultCategory) ?? '',
      disposal: withheld.has('disposal') ? null : labelOf(DISPOSALS, r.disposal),
      note: withheld.has('note') ? null : r.note,
      itemFindings: withheld.has('itemFindings') ? null : findings.map((f) => ({ code: itemNames.get(f.itemId)?.code ?? '', name: itemNames.get(f.itemId)?.name ?? '', finding: labelOf(FINDINGS, f.finding) ?? f.finding })),
      withheldFields: [...withheld],
      publishedAt: r.publishedAt?.toISOString() ?? '',
      corrections: corrections.filter((c) => c.resultId === r.id).map((c) => ({
        seq: c.seq, reason: c.reason, approvedAt: c.decidedAt ?? '',
        // A withheld field stays withheld in its correction too.
        changes: c.changeLabels.filter((l) => !withheld.has(l.field)),
      })),
      // A withheld disposal hides its follow-up too.
      followUp: withheld.has('disposal') ? null : followUpStates.get(r.id) ?? null,
    };
  });
}

