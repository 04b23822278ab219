/**
 * The public lookups by 统一社会信用代码 and by a rare name, coalesced (issue #11 item 6, decision 0013 addendum): while
 * LOOKUPS_IN_FLIGHT runs are in flight on a database handle, the lookups asked meanwhile wait and leave together in the
 * next (server/http/batcher.ts) — a statement per page shape among them, each lookup's results ranked newest first and
 * its page's ranks kept, then one page select for all their ids. Each lookup gets exactly the rows its own query
 * (publicPage, public_page.ts) would give (public_search.test.ts). They hold no public slot: at most LOOKUPS_IN_FLIGHT
 * connections per handle for all of them, however many clients ask.
 */
import { sql } from 'drizzle-orm';
import { inspectionResults, marketEntities } from '../../db/schema';
import type { Db } from '../../db/database';
import { createBatcher, type Batcher } from '../../http/batcher';
import { likeContains } from '../../http/paging';
import { publicRowsById } from './public_page';
import type { PublicResultRow } from './schema';

/** Coalesced runs at once per database handle and kind (each holds one connection). */
const LOOKUPS_IN_FLIGHT = 2;
/** Lookups per run at most. */
const LOOKUPS_PER_RUN = 100;

interface Shape { readonly limit: number; readonly offset: number }
/** A lookup as the batcher keys it: its page shape and what it looks for, as JSON (one key per distinct lookup). */
type LookupKey = string;

/** Runs the lookups of each page shape with `page` (one statement per shape, one shape after another). */
async function byShape<Q>(lookups: readonly LookupKey[], parse: (key: LookupKey) => Shape & { readonly query: Q },
  page: (shape: Shape, queries: readonly Q[]) => Promise<PublicResultRow[][]>): Promise<Map<LookupKey, PublicResultRow[]>> {
  const shapes = new Map<string, { shape: Shape; keys: LookupKey[]; queries: Q[] }>();
  for (const key of lookups) {
    const { limit, offset, query } = parse(key);
    const group = shapes.get(`${limit}:${offset}`) ?? { shape: { limit, offset }, keys: [], queries: [] };
    group.keys.push(key);
    group.queries.push(query);
    shapes.set(`${limit}:${offset}`, group);
  }
  const answers = new Map<LookupKey, PublicResultRow[]>();
  for (const { shape, keys, queries } of shapes.values()) {
    const pages = await page(shape, queries);
    keys.forEach((key, k) => answers.set(key, pages[k] ?? []));
  }
  return answers;
}

/** The rows of each query's page, from (query index, result id) pairs of ranked ids. */
async function pagesOf(db: Db, count: number, ranked: readonly { i: number; id: string }[]): Promise<PublicResultRow[][]> {
  const pages: PublicResultRow[][] = Array.from({ length: count }, () => []);
  if (ranked.length === 0) return pages;
  const rows = await publicRowsById(db, [...new Set(ranked.map((r) => r.id))]);
  const wanted = new Map<string, number[]>();
  for (const { i, id } of ranked) wanted.set(id, [...(wanted.get(id) ?? []), i]);
  // Newest first as the rows came; a result two lookups both find is in both pages.
  for (const row of rows) for (const i of wanted.get(row.id) ?? []) pages[i]?.push(row);
  return pages;
}

function rowsOf(result: unknown): { i: number; id: string }[] {
  return (result as { rows: { i: number | string; id: string }[] }).rows.map((r) => ({ i: Number(r.i), id: r.id }));
}

/** The ranks a page keeps, PostgreSQL numbering each lookup's results from 1, newest first. */
const keptRanks = (shape: Shape) => sql`ranked.rn > ${shape.offset} and ranked.rn <= ${shape.offset + shape.limit}`;

async function codePages(db: Db, shape: Shape, codes: readonly string[]): Promise<PublicResultRow[][]> {
  const ranked = rowsOf(await db.execute(sql`select ranked.i, ranked.id from (
      select q.i, r.id, row_number() over (partition by q.i order by r.published_at desc, r.id desc) as rn
      from unnest(${sql.param([...codes])}::text[]) with ordinality as q(code, i)
      join ${marketEntities} e on e.code = q.code join ${inspectionResults} r on r.entity_id = e.id and r.status = 'published'
    ) ranked where ${keptRanks(shape)}`));
  // WITH ORDINALITY counts from 1.
  return pagesOf(db, codes.length, ranked.map((r) => ({ i: r.i - 1, id: r.id })));
}

interface NameQuery { readonly keys: readonly number[]; readonly pattern: string }

async function namePages(db: Db, shape: Shape, queries: readonly NameQuery[]): Promise<PublicResultRow[][]> {
  const json = JSON.stringify(queries.map((q, i) => ({ i, keys: q.keys, pattern: q.pattern })));
  // A hundred probes of the pieces index are costed above jit_above_cost, and compiling the plan (about 11 ms) would
  // cost more than running it: not for this statement.
  const ranked = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return rowsOf(await tx.execute(sql`select ranked.i, ranked.id from (
        select q.i, r.id, row_number() over (partition by q.i order by r.published_at desc, r.id desc) as rn
        from jsonb_to_recordset(${json}::jsonb) as q(i int, keys int[], pattern text)
        join ${marketEntities} e on e.name_bigram_keys @> q.keys and e.name like q.pattern
        join ${inspectionResults} r on r.entity_id = e.id and r.status = 'published'
      ) ranked where ${keptRanks(shape)}`));
  });
  return pagesOf(db, queries.length, ranked);
}

const batchers = new WeakMap<Db, { code: Batcher<LookupKey, PublicResultRow[]>; name: Batcher<LookupKey, PublicResultRow[]> }>();

function batchersOf(db: Db) {
  let kept = batchers.get(db);
  if (!kept) {
    const options = { maxInFlight: LOOKUPS_IN_FLIGHT, maxBatch: LOOKUPS_PER_RUN, missing: (): PublicResultRow[] => [] };
    kept = {
      code: createBatcher((keys) => byShape(keys, (key) => {
        const [limit, offset, code] = JSON.parse(key) as [number, number, string];
        return { limit, offset, query: code };
      }, (shape, codes) => codePages(db, shape, codes)), options),
      name: createBatcher((keys) => byShape(keys, (key) => {
        const [limit, offset, keys_, pattern] = JSON.parse(key) as [number, number, number[], string];
        return { limit, offset, query: { keys: keys_, pattern } };
      }, (shape, queries) => namePages(db, shape, queries)), options),
    };
    batchers.set(db, kept);
  }
  return kept;
}

/** A page of the lookup by 统一社会信用代码 (upper case), coalesced with the others asked meanwhile. */
export function publicPageByCode(db: Db, code: string, limit: number, offset: number): Promise<PublicResultRow[]> {
  return batchersOf(db).code.load(JSON.stringify([limit, offset, code]));
}

/**
 * A page of the lookup by a name keyword through its pieces `keys` (rare ones: a probe of the pieces index per
 * lookup suits them), coalesced with the others asked meanwhile.
 */
export function publicPageByName(db: Db, keys: readonly number[], keyword: string, limit: number, offset: number): Promise<PublicResultRow[]> {
  return batchersOf(db).name.load(JSON.stringify([limit, offset, keys, likeContains(keyword)]));
}
