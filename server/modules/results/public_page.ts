/**
 * A page of published results as the public sees them (抽查结果公示, 长春第19条/第20条): withheld fields left out, approved
 * corrections beside them, a follow-up only as 未完结/已完结. Read by the public lookups (public_routes.ts) and the
 * open-data downloads (portal module).
 *
 * One statement per page (issue #11 item 6, decision 0013): the result, its task, entity and department joined, the
 * follow-up's state and whether any approved correction exists as subqueries of the same row; the corrections
 * themselves are read only for the rows that have one. The lookups the public makes most — by 统一社会信用代码, by a
 * rare name — are coalesced (public_coalesced.ts: many answered by one statement, through publicRowsWhereId); any
 * other filter is built per call (publicPage).
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CHECK_METHODS, DISPOSALS, FINDINGS, labelOf, RESULT_CATEGORIES } from '../../../domain/inspection/categories';
import type { TaskItemRef } from '../../../domain/workflow/task_spec';
import { departments, inspectionResults, marketEntities, resultCorrections, tasks } from '../../db/schema';
import type { Db } from '../../db/database';
import { likeContains } from '../../http/paging';
import { followUpStatusOf, publicFollowUpState } from '../follow_ups/public_state';
import { correctionsOf } from './review_store';
import type { PublicResultRow, Withheld } from './schema';

/** What a public lookup filters on: a credit code (upper case), a name keyword, and the keyword's index keys. */
export interface PublicFilter {
  readonly code: string;
  readonly keyword: string;
  /** The keys to look the keyword up by in the names' GIN index; null: the keyword is only LIKEd. */
  readonly keys: readonly number[] | null;
  /** The keys select few names (by the statistics): the lookup is coalesced with others (public_coalesced.ts). */
  readonly narrow: boolean;
}

/** At most this share of the names (1,000 of a million) is "few": the coalesced name lookup's plan reads them all. */
export const NARROW_SHARE = 0.001;

const published = eq(inspectionResults.status, 'published');

/**
 * `name like '%keyword%'`, narrowed first through some of the names' two-character pieces (their GIN index, decisions
 * 0004 and 0013) so a million entities are not scanned: the same rows, since a name containing the keyword contains its
 * pieces (lower-casing maps each character alone — except Σ, whose lower case depends on its neighbours, so such a
 * keyword is only LIKEd: pieceSearchable).
 */
export function publicWhere(filter: PublicFilter): SQL | undefined {
  const like = filter.keyword ? sql`${marketEntities.name} like ${likeContains(filter.keyword)}` : undefined;
  return and(
    published,
    filter.code ? eq(marketEntities.code, filter.code) : undefined,
    like && filter.keys && filter.keys.length > 0 ? sql`(${marketEntities.nameBigramKeys} @> ${sql.param([...filter.keys])}::int[] and ${like})` : like,
  );
}

/** Whether a keyword can be narrowed through the pieces index (two characters at least, no Σ). */
export function pieceSearchable(keyword: string): boolean {
  return [...keyword].length >= 2 && !/[Σσς]/.test(keyword);
}

function pageSelect(db: Db) {
  return db.select({
    id: inspectionResults.id, taskCode: tasks.code, taskName: tasks.name, items: sql<TaskItemRef[] | null>`${tasks.spec} -> 'items'`, departmentName: departments.name,
    entityName: marketEntities.name, creditCode: marketEntities.code, regionCode: inspectionResults.regionCode,
    checkDate: inspectionResults.checkDate, checkMethod: inspectionResults.checkMethod, resultCategory: inspectionResults.resultCategory, disposal: inspectionResults.disposal,
    note: inspectionResults.note, itemFindings: inspectionResults.itemFindings, withheld: inspectionResults.withheld, publishedAt: inspectionResults.publishedAt,
    followUpStatus: followUpStatusOf(inspectionResults.id),
    corrected: sql<boolean>`exists (select 1 from ${resultCorrections} where ${resultCorrections.resultId} = ${inspectionResults.id} and ${resultCorrections.status} = 'approved')`,
  }).from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
    .innerJoin(departments, eq(departments.id, inspectionResults.departmentId));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof pageSelect>['execute']>>[number];
const newestFirst = [desc(inspectionResults.publishedAt), desc(inspectionResults.id)] as const;

/**
 * The page select by ids, prepared once per connection (a named statement): planning its joins and subqueries took about
 * 1 ms per call on PostgreSQL, as long as running it for the forty rows of a coalesced run (decision 0013).
 */
function prepareRowsById(db: Db) {
  return pageSelect(db).where(sql`${inspectionResults.id} = any(${sql.placeholder('ids')}::uuid[])`).orderBy(...newestFirst).prepare('public_result_rows_by_id');
}
const rowsByIdStatements = new WeakMap<Db, ReturnType<typeof prepareRowsById>>();

/** Published results with these ids, newest first, as the public sees them: for the coalesced lookups. */
export async function publicRowsById(db: Db, ids: readonly string[]): Promise<PublicResultRow[]> {
  if (ids.length === 0) return [];
  let statement = rowsByIdStatements.get(db);
  if (!statement) rowsByIdStatements.set(db, (statement = prepareRowsById(db)));
  return present(db, await statement.execute({ ids: [...ids] }));
}

/**
 * A page of the public lookup for any filter, the query built for the call and planned for its values: a common keyword
 * (有限公司: most names) is best read newest first from the results' index until the page is full, which only a plan
 * that sees the keyword chooses. The lookups by code and by a rare name go through public_coalesced.ts instead; this is
 * also what its tests compare them with.
 */
export async function publicPage(db: Db, filter: PublicFilter, limit: number, offset: number): Promise<PublicResultRow[]> {
  // A code or a keyword filters on the entity: the rows skipped past the first page are found with it joined.
  return loadPublicResults(db, publicWhere(filter), limit, offset, Boolean(filter.code || filter.keyword));
}

/**
 * Published results matching `where` (which must keep `status = 'published'`), newest first. `where` may name the
 * result's columns, its task's or — with `onEntity` — its entity's. Past the first page, the rows skipped are found by
 * their ids alone (the results' index, the entity joined only for a filter on it) and only the page's rows are joined
 * and given their follow-up and corrections: PostgreSQL computes every column of every row an OFFSET skips, and
 * page 250 of the list without a filter took twice as long with them.
 */
export async function loadPublicResults(db: Db, where: SQL | undefined, limit: number, offset: number, onEntity = false): Promise<PublicResultRow[]> {
  if (offset === 0) return present(db, await pageSelect(db).where(where).orderBy(...newestFirst).limit(limit));
  const ids = db.select({ id: inspectionResults.id }).from(inspectionResults);
  const skipped = (onEntity ? ids.innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)) : ids)
    .where(where).orderBy(...newestFirst).limit(limit).offset(offset);
  return present(db, await pageSelect(db).where(inArray(inspectionResults.id, skipped)).orderBy(...newestFirst));
}

async function present(db: Db, rows: readonly RawRow[]): Promise<PublicResultRow[]> {
  const itemNames = new Map<string, { code: string; name: string }>();
  for (const r of rows) for (const i of r.items ?? []) itemNames.set(i.itemId, { code: i.code, name: i.name });
  const corrected = rows.filter((r) => r.corrected).map((r) => r.id);
  const corrections = corrected.length === 0 ? [] : await correctionsOf(db, corrected, new Map([...itemNames].map(([id, i]) => [id, `${i.code} ${i.name}`])), true);
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
      followUp: withheld.has('disposal') ? null : publicFollowUpState(r.followUpStatus),
    };
  });
}
