/**
 * 抽查结果公示 (issue #10 item 5; 长春第19条): published results for anyone, without login, each with its approved
 * corrections beside it (长春第20条). Never the credit-risk class, a phone number or the signer's name; fields the
 * department withheld (涉密/国家安全/公共安全, 渝北 四（九）) are left out and named. Cached like the other 公示 lists.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { CHECK_METHODS, DISPOSALS, FINDINGS, labelOf, RESULT_CATEGORIES } from '../../../domain/inspection/categories';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { departments, inspectionResults, marketEntities, tasks } from '../../db/schema';
import type { Db } from '../../db/database';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { PUBLIC_CACHE_TTL_MS } from '../../http/public_cache';
import { createShortCache, invalidateOnChange } from '../../http/short_cache';
import { likeContains, offsetOf } from '../../http/paging';
import { publicFollowUpStates } from '../follow_ups/public_state';
import { correctionsOf } from './review_store';
import { PublicResultPage, PublicResultQuery, type PublicResultRow, type Withheld } from './schema';

const tags = ['公示'];
/** A keyword's count stops here; the page then says "10,000+" (totalIsLowerBound), as the directory's does. */
const COUNT_CAP = 10_000;

export function registerPublicResultRoutes(app: TypedApp, services: AppServices): void {
  const totals = createShortCache<number>(PUBLIC_CACHE_TTL_MS, 2_000);
  invalidateOnChange(app, totals);
  const loading = new Map<string, Promise<{ value: number }>>();

  /**
   * How many published results match, counted once per filter while the public cache would keep the page (paging
   * through a million results does not count them again), one count at a time per filter (a hundred clients asking at
   * once wait for the same one). All of them: the entity is joined only for a filter on it. A keyword counts to
   * COUNT_CAP + 1 at most (a common word matches most names: "10,000+").
   */
  function countOf(creditCode: string, keyword: string, where: SQL | undefined): Promise<number> {
    const key = JSON.stringify([creditCode, keyword]);
    return totals.resolve(key, services.now(), () => {
      const running = loading.get(key);
      if (running) return running;
      const db = readDb(services);
      const count$ = (async () => {
        if (keyword) {
          const matches = db.select({ one: sql`1` }).from(inspectionResults).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)).where(where).limit(COUNT_CAP + 1).as('matches');
          const [row] = await db.select({ n: count() }).from(matches);
          return { value: row?.n ?? 0 };
        }
        const base = db.select({ n: count() }).from(inspectionResults);
        const [row] = await (creditCode ? base.innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)) : base).where(where);
        return { value: row?.n ?? 0 };
      })().finally(() => loading.delete(key));
      loading.set(key, count$);
      return count$;
    }).then((n) => n ?? 0);
  }
  app.get('/api/public/results', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '抽查检查结果公示（含已批准的更正）', querystring: PublicResultQuery, response: { 200: PublicResultPage, ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const where = and(
      eq(inspectionResults.status, 'published'),
      q.creditCode ? eq(marketEntities.code, q.creditCode.toUpperCase()) : undefined,
      q.keyword ? nameContains(q.keyword) : undefined,
    );
    const [rows, counted] = await Promise.all([loadPublicResults(readDb(services), where, q.pageSize, offsetOf(q)), countOf(q.creditCode ?? '', q.keyword ?? '', where)]);
    const capped = Boolean(q.keyword) && counted > COUNT_CAP;
    return { rows, total: capped ? COUNT_CAP : counted, ...(capped ? { totalIsLowerBound: true } : {}), page: q.page, pageSize: q.pageSize };
  });
}

/**
 * `name like '%keyword%'`, narrowed first through the names' two-character pieces (their GIN index, decision 0004) so a
 * million entities are not scanned: the same rows, since a name containing the keyword contains its pieces (lower-casing
 * maps each character alone — except Σ, whose lower case depends on its neighbours, so such a keyword is only LIKEd).
 */
function nameContains(keyword: string): SQL {
  const like = sql`${marketEntities.name} like ${likeContains(keyword)}`;
  if ([...keyword].length < 2 || /[Σσς]/.test(keyword)) return like;
  return sql`(${marketEntities.nameBigramKeys} @> ${sql.param(nameBigramKeys(keyword))}::int[] and ${like})`;
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
  const [corrections, followUpStates] = await Promise.all([
    correctionsOf(db, rows.map((r) => r.id), new Map([...itemNames].map(([id, i]) => [id, `${i.code} ${i.name}`])), true),
    publicFollowUpStates(db, rows.map((r) => r.id)),
  ]);
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

