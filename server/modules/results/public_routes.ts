/**
 * 抽查结果公示 (issue #10 item 5; 长春第19条): published results for anyone, without login, each with its approved
 * corrections beside it (长春第20条). Never the credit-risk class, a phone number or the signer's name; fields the
 * department withheld (涉密/国家安全/公共安全, 渝北 四（九）) are left out and named. Cached like the other 公示 lists.
 */
import { count, eq, sql, type SQL } from 'drizzle-orm';
import { inspectionResults, marketEntities } from '../../db/schema';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { PUBLIC_CACHE_TTL_MS } from '../../http/public_cache';
import { createShortCache, invalidateOnChange } from '../../http/short_cache';
import { offsetOf } from '../../http/paging';
import { namePieceProbe } from '../entities/name_piece_stats';
import { publicPageByCode, publicPageByName } from './public_coalesced';
import { NARROW_SHARE, pieceSearchable, publicPage, publicWhere, type PublicFilter } from './public_page';
import { PublicResultPage, PublicResultQuery, type PublicResultRow } from './schema';

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
    // The handler takes its public slot itself: a lookup by code or by a rare name is coalesced and needs none (public_coalesced.ts).
    config: { access: 'public', publicCache: true, publicShare: 'handler' },
    schema: { tags, summary: '抽查检查结果公示（含已批准的更正）', querystring: PublicResultQuery, response: { 200: PublicResultPage, ...errorResponses } },
  }, async (request) => {
    const q = request.query;
    const db = readDb(services);
    const keyword = q.keyword ?? '';
    const code = q.creditCode ? q.creditCode.toUpperCase() : '';
    const offset = offsetOf(q);
    const slot = <T>(work: () => Promise<T>): Promise<T> => (services.publicReads ? services.publicReads.run(work) : work());
    const answer = async (filter: PublicFilter, rows: PublicResultRow[], inSlot: boolean) => {
      // A page with rows but not full is the last one, and an empty first page the only one: the total is known without
      // a count (a lookup by code or by a whole name is one statement). Otherwise counted (and kept) per filter.
      const known = rows.length < q.pageSize && (rows.length > 0 || offset === 0);
      const count = () => countOf(code, keyword, publicWhere(filter));
      // Never a slot inside a slot: with every slot taken by handlers waiting for a second one, none would finish.
      const counted = known ? offset + rows.length : await (inSlot ? count() : slot(count));
      const capped = Boolean(keyword) && counted > COUNT_CAP;
      return { rows, total: capped ? COUNT_CAP : counted, ...(capped ? { totalIsLowerBound: true } : {}), page: q.page, pageSize: q.pageSize };
    };
    if (code && !keyword) {
      const filter: PublicFilter = { code, keyword: '', keys: null, narrow: false };
      return answer(filter, await publicPageByCode(db, code, q.pageSize, offset), false);
    }
    // The pieces' statistics are read once per handle and kept (name_piece_stats.ts): no slot for them.
    const probe = keyword && pieceSearchable(keyword) ? await namePieceProbe(db, keyword) : null;
    const filter: PublicFilter = { code, keyword, keys: probe?.keys ?? null, narrow: probe !== null && probe.share <= NARROW_SHARE };
    if (!code && filter.narrow && filter.keys && filter.keys.length > 0) {
      return answer(filter, await publicPageByName(db, filter.keys, keyword, q.pageSize, offset), false);
    }
    return slot(async () => answer(filter, await publicPage(db, filter, q.pageSize, offset), true));
  });
}
