import { and, asc, count, desc, eq, exists, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { addDays } from '../../../domain/calendar/civil_date';
import { certificateDaysLeft, certificateState, INSPECTOR_STATUS_KEYS, isPublishedStatus, type InspectorStatus } from '../../../domain/directory/inspector';
import type { Db } from '../../db/database';
import { departments, dictionaryItems, inspectorConflicts, inspectors, marketEntities, regions, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { entityVisible } from '../entities/pending_import';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { InspectorInput, InspectorQuery, InspectorRow, PublicInspectorQuery, PublicInspectorRow, RecusalRow } from './schema';
import { byPinyin } from '../../db/pinyin_order';
import type { ShortCache } from '../../http/short_cache';

/** 本部门 by department, 本区域及下级 by the inspector's region, 仅本人 by the linked account. */
export function inspectorScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: inspectors.regionCode, departmentId: inspectors.departmentId, ownerUserId: inspectors.userId });
}

const activeRecusals = sql<number>`(select count(*)::int from ${inspectorConflicts} c where c.inspector_id = ${inspectors.id} and c.withdrawn_at is null)`;
const userAccount = sql<string | null>`(select u.account from ${users} u where u.id = ${inspectors.userId})`;

const columns = {
  id: inspectors.id, name: inspectors.name, gender: inspectors.gender, departmentId: inspectors.departmentId, departmentName: departments.name,
  post: inspectors.post, certificateNo: inspectors.certificateNo, certificateValidUntil: inspectors.certificateValidUntil, expertise: inspectors.expertise,
  phone: inspectors.phone, status: inspectors.status, regionCode: inspectors.regionCode, regionName: regions.name, userId: inspectors.userId,
  userAccount, activeRecusalCount: activeRecusals, createdAt: inspectors.createdAt, updatedAt: inspectors.updatedAt,
};

function baseQuery(db: Db) {
  return db.select(columns).from(inspectors)
    .innerJoin(departments, eq(departments.id, inspectors.departmentId))
    .leftJoin(regions, eq(regions.code, inspectors.regionCode));
}

type Raw = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/**
 * The rows of a page by id, in the ids' order, as ONE prepared statement per database handle (PostgreSQL plans it once
 * per connection; the query is not rebuilt per request). Each id is looked up alone (the LATERAL subquery with its
 * LIMIT 1 is not flattened, so inspector, department and region are index lookups for whatever the table sizes and
 * statistics say), and the active 回避 are counted once for the page's ids instead of once per row: with the
 * correlated subqueries and the joins of the whole tables the planner read the regions and inspectors in full, and
 * planned every request anew (docs/decisions/0008-list-speed.md). Same values as `baseQuery` by id.
 */
function preparePageRows(db: Db) {
  const ids = sql`${sql.placeholder('ids')}::uuid[]`;
  const listed = db.select({
    id: inspectors.id, name: inspectors.name, gender: inspectors.gender, departmentId: inspectors.departmentId,
    departmentName: sql<string>`${departments.name}`.as('department_name'), post: inspectors.post, certificateNo: inspectors.certificateNo,
    certificateValidUntil: inspectors.certificateValidUntil, expertise: inspectors.expertise, phone: inspectors.phone, status: inspectors.status,
    regionCode: inspectors.regionCode, regionName: sql<string | null>`${regions.name}`.as('region_name'), userId: inspectors.userId,
    createdAt: inspectors.createdAt, updatedAt: inspectors.updatedAt,
  }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId)).leftJoin(regions, eq(regions.code, inspectors.regionCode))
    .where(sql`${inspectors.id} = page.id`).limit(1).as('listed');
  const recusals = db.select({ inspectorId: inspectorConflicts.inspectorId, active: sql<number>`count(*)::int`.as('active_recusals') }).from(inspectorConflicts)
    .where(and(isNull(inspectorConflicts.withdrawnAt), sql`${inspectorConflicts.inspectorId} = any(${ids})`)).groupBy(inspectorConflicts.inspectorId).as('recusals');
  // The subquery's columns are read through drizzle's alias proxies, slow to map for every field of every row (100 µs
  // a page); as plain SQL fields (the timestamps with their column's decoder) the values are the same.
  const out = <T>(field: unknown) => sql<T>`${field}`;
  return db.select({
    id: out<string>(listed.id), name: out<string>(listed.name), gender: out<string | null>(listed.gender), departmentId: out<string>(listed.departmentId),
    departmentName: out<string>(listed.departmentName), post: out<string | null>(listed.post), certificateNo: out<string>(listed.certificateNo),
    certificateValidUntil: out<string | null>(listed.certificateValidUntil), expertise: out<string[]>(listed.expertise), phone: out<string | null>(listed.phone),
    status: out<string>(listed.status), regionCode: out<string>(listed.regionCode), regionName: out<string | null>(listed.regionName),
    userId: out<string | null>(listed.userId), userAccount: users.account, activeRecusalCount: sql<number>`coalesce(${recusals.active}, 0)`,
    createdAt: out<Date>(listed.createdAt).mapWith(inspectors.createdAt), updatedAt: out<Date>(listed.updatedAt).mapWith(inspectors.updatedAt),
  }).from(sql`unnest(${ids}) with ordinality as page(id, ord)`).crossJoinLateral(listed)
    .leftJoin(users, eq(users.id, listed.userId)).leftJoin(recusals, eq(recusals.inspectorId, listed.id))
    .orderBy(sql`page.ord`).prepare('inspector_page_rows');
}

const pageRowStatements = new WeakMap<Db, ReturnType<typeof preparePageRows>>();

/** The rows of these inspectors (deleted ones too, as by id), in the order of `ids`; an id without a row is left out. */
async function pageRows(db: Db, ids: readonly string[]): Promise<Raw[]> {
  if (ids.length === 0) return [];
  let statement = pageRowStatements.get(db);
  if (!statement) pageRowStatements.set(db, (statement = preparePageRows(db)));
  return statement.execute({ ids: [...ids] });
}

/**
 * Rows carry the certificate state as of `today` with the 「N 天内到期」 window of the list. Field by field: spreading the
 * row and overriding some of its fields took four times as long (100 µs for a page of 20 against 25).
 */
function present(row: Raw, today: DateOnly, warnDays: number): InspectorRow {
  const validUntil = row.certificateValidUntil as DateOnly | null;
  return {
    id: row.id, name: row.name, gender: row.gender === 'male' || row.gender === 'female' ? row.gender : null,
    departmentId: row.departmentId, departmentName: row.departmentName, post: row.post, certificateNo: row.certificateNo,
    certificateValidUntil: validUntil, certificateState: certificateState(validUntil, today, warnDays),
    certificateDaysLeft: validUntil ? certificateDaysLeft(validUntil, today) : null, expertise: row.expertise, phone: row.phone,
    status: (INSPECTOR_STATUS_KEYS as readonly string[]).includes(row.status) ? row.status as InspectorStatus : 'on_duty',
    regionCode: row.regionCode, regionName: row.regionName, userId: row.userId, userAccount: row.userAccount,
    activeRecusalCount: Number(row.activeRecusalCount),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

function certificateWhere(query: Pick<InspectorQuery, 'certificate' | 'expiringWithinDays'>, today: DateOnly): SQL | undefined {
  const horizon = addDays(today, query.expiringWithinDays);
  switch (query.certificate) {
    case undefined: return undefined;
    case 'missing': return isNull(inspectors.certificateValidUntil);
    case 'expired': return sql`${inspectors.certificateValidUntil} < ${today}`;
    case 'expiring': return sql`${inspectors.certificateValidUntil} between ${today} and ${horizon}`;
    case 'valid': return sql`${inspectors.certificateValidUntil} > ${horizon}`;
  }
}

/** The matches' number and a page's ids, kept a few seconds by (scope, filters, page, day) when the route passes a cache. */
export interface InspectorPageIds { readonly total: number; readonly ids: readonly string[] }

/**
 * A page of the directory of inspectors in pinyin order. With `pages`, the count and the page's ids are kept a few
 * seconds (as the entity list's, docs/decisions/0008-list-speed.md: any state-changing request of this app drops them;
 * a change made elsewhere shows within the cache time); the rows are always read fresh by id.
 */
export async function listInspectors(
  db: Db, scope: DataScope, query: InspectorQuery, today: DateOnly, pages?: { cache: ShortCache<InspectorPageIds>; now: Date },
): Promise<Page<InspectorRow>> {
  const where = and(
    isNull(inspectors.deletedAt), inspectorScope(scope),
    query.name ? sql`${inspectors.name} ilike ${likeContains(query.name)}` : undefined,
    query.certificateNo ? sql`${inspectors.certificateNo} ilike ${likeContains(query.certificateNo)}` : undefined,
    query.departmentId ? eq(inspectors.departmentId, query.departmentId) : undefined,
    query.status ? eq(inspectors.status, query.status) : undefined,
    query.expertise ? sql`${query.expertise} = any(${inspectors.expertise})` : undefined,
    query.regionCode ? sql`${inspectors.regionCode} like ${`${query.regionCode.replace(/(00)+$/, '')}%`}` : undefined,
    certificateWhere(query, today),
  );
  // The page's ids first, sorting only the narrow keys (a wide row through the sort and the region join for every
  // match made the list 4× slower: 4.4 → 1.0 ms on PostgreSQL for 1,850 inspectors); then the page's rows by id.
  const load = async () => {
    const [page, totals] = await Promise.all([
      db.select({ id: inspectors.id }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId)).where(where)
        .orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), ...byPinyin(inspectors.nameSortKey, inspectors.name), asc(inspectors.id))
        .limit(query.pageSize).offset(offsetOf(query)),
      db.select({ n: count() }).from(inspectors).where(where),
    ]);
    return { value: { total: totals[0]?.n ?? 0, ids: page.map((r) => r.id) } };
  };
  const matched = pages ? await pages.cache.resolve(JSON.stringify([scope, query, today]), pages.now, load) : (await load()).value;
  const rows = await pageRows(db, matched?.ids ?? []);
  return { rows: rows.map((r) => present(r, today, query.expiringWithinDays)), total: matched?.total ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getInspectorInScope(db: Db, scope: DataScope, id: string, today: DateOnly): Promise<InspectorRow | null> {
  const [row] = await baseQuery(db).where(and(eq(inspectors.id, id), isNull(inspectors.deletedAt), inspectorScope(scope)));
  return row ? present(row, today, 30) : null;
}

type InspectorValues = Omit<InspectorInput, 'regionCode'> & { regionCode: string };

export async function insertInspector(tx: Db, values: InspectorValues, now: Date): Promise<string> {
  const [row] = await tx.insert(inspectors).values({ ...values, createdAt: now, updatedAt: now }).returning({ id: inspectors.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateInspector(tx: Db, id: string, values: InspectorValues, now: Date): Promise<void> {
  await tx.update(inspectors).set({ ...values, updatedAt: now }).where(eq(inspectors.id, id));
}

export async function softDeleteInspector(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(inspectors).set({ deletedAt: now, updatedAt: now }).where(eq(inspectors.id, id));
}

/** The (non-deleted) inspectors holding these certificate numbers, whatever the scope (for imports and duplicates). */
export async function inspectorsByCertificate(db: Db, certificateNos: readonly string[]): Promise<{ id: string; certificateNo: string; departmentId: string; regionCode: string; userId: string | null; name: string }[]> {
  if (certificateNos.length === 0) return [];
  return db.select({ id: inspectors.id, certificateNo: inspectors.certificateNo, departmentId: inspectors.departmentId, regionCode: inspectors.regionCode, userId: inspectors.userId, name: inspectors.name })
    .from(inspectors).where(and(isNull(inspectors.deletedAt), inArray(inspectors.certificateNo, [...certificateNos])));
}

export async function departmentInScope(db: Db, scope: DataScope, id: string): Promise<{ id: string; name: string; regionCode: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(eq(departments.id, id), isNull(departments.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })));
  return row ?? null;
}

export async function departmentsInScope(db: Db, scope: DataScope): Promise<{ id: string; name: string; regionCode: string }[]> {
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(isNull(departments.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })));
}

export async function enabledRegionCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: regions.code }).from(regions).where(and(inArray(regions.code, [...codes]), eq(regions.enabled, true)));
  return new Set(rows.map((r) => r.code));
}

/** A platform account in the caller's scope, to link to an inspector. */
export async function userInScope(db: Db, scope: DataScope, id: string): Promise<{ id: string; account: string } | null> {
  const [row] = await db.select({ id: users.id, account: users.account }).from(users).leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, id), isNull(users.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: users.departmentId, ownerUserId: users.id })));
  return row ?? null;
}

export async function inspectorOfUser(db: Db, userId: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: inspectors.id, name: inspectors.name }).from(inspectors).where(and(eq(inspectors.userId, userId), isNull(inspectors.deletedAt)));
  return row ?? null;
}

/** Active items of an open dictionary (value → label), or null when the dictionary has none. */
export async function dictionaryLookup(db: Db, typeKey: string): Promise<Map<string, string> | null> {
  const rows = await db.select({ value: dictionaryItems.value, label: dictionaryItems.label }).from(dictionaryItems)
    .where(and(eq(dictionaryItems.typeKey, typeKey), eq(dictionaryItems.status, 'active'))).orderBy(asc(dictionaryItems.sortOrder), asc(dictionaryItems.value));
  return rows.length === 0 ? null : new Map(rows.map((r) => [r.value, r.label]));
}

/** Posts and expertise tags already used by inspectors in scope (offered beside the dictionaries). */
export async function valuesInUse(db: Db, scope: DataScope): Promise<{ posts: string[]; expertise: string[] }> {
  const where = and(isNull(inspectors.deletedAt), inspectorScope(scope));
  const [posts, tags] = await Promise.all([
    db.selectDistinct({ v: inspectors.post }).from(inspectors).where(and(where, sql`${inspectors.post} is not null`)).orderBy(asc(inspectors.post)).limit(200),
    db.selectDistinct({ v: sql<string>`unnest(${inspectors.expertise})` }).from(inspectors).where(where).orderBy(sql`1`).limit(200),
  ]);
  return { posts: posts.map((p) => p.v).filter((v): v is string => v !== null), expertise: tags.map((r) => r.v) };
}

// ── 回避 (recusal) ──

const recusalColumns = {
  id: inspectorConflicts.id, inspectorId: inspectorConflicts.inspectorId, entityId: inspectorConflicts.entityId,
  entityCode: marketEntities.code, entityName: marketEntities.name, personName: inspectorConflicts.personName, reason: inspectorConflicts.reason,
  declaredAt: inspectorConflicts.declaredAt, createdBy: inspectorConflicts.createdBy, createdByName: users.name, withdrawnAt: inspectorConflicts.withdrawnAt,
};

function recusalQuery(db: Db) {
  return db.select(recusalColumns).from(inspectorConflicts)
    .leftJoin(marketEntities, eq(marketEntities.id, inspectorConflicts.entityId))
    .leftJoin(users, eq(users.id, inspectorConflicts.createdBy));
}

function presentRecusal(row: Awaited<ReturnType<ReturnType<typeof recusalQuery>['execute']>>[number]): RecusalRow {
  return { ...row, declaredAt: row.declaredAt.toISOString(), withdrawnAt: row.withdrawnAt?.toISOString() ?? null, active: row.withdrawnAt === null };
}

/** Every declaration of an inspector, the active ones first, then newest first. */
export async function listRecusals(db: Db, inspectorId: string): Promise<RecusalRow[]> {
  const rows = await recusalQuery(db).where(eq(inspectorConflicts.inspectorId, inspectorId))
    .orderBy(sql`${inspectorConflicts.withdrawnAt} is not null`, desc(inspectorConflicts.declaredAt));
  return rows.map(presentRecusal);
}

export async function getRecusal(db: Db, inspectorId: string, id: string): Promise<RecusalRow | null> {
  const [row] = await recusalQuery(db).where(and(eq(inspectorConflicts.id, id), eq(inspectorConflicts.inspectorId, inspectorId)));
  return row ? presentRecusal(row) : null;
}

export async function insertRecusal(tx: Db, values: { inspectorId: string; entityId: number | null; personName: string | null; reason: string; createdBy: string }, now: Date): Promise<string> {
  const [row] = await tx.insert(inspectorConflicts).values({ ...values, declaredAt: now }).returning({ id: inspectorConflicts.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** Withdraws an active declaration; false when it was withdrawn meanwhile (a parallel request). */
export async function withdrawRecusal(tx: Db, id: string, now: Date): Promise<boolean> {
  const rows = await tx.update(inspectorConflicts).set({ withdrawnAt: now }).where(and(eq(inspectorConflicts.id, id), isNull(inspectorConflicts.withdrawnAt))).returning({ id: inspectorConflicts.id });
  return rows.length > 0;
}

/**
 * The active 回避 declarations of these inspectors (威海第6条 「执法检查人员与检查对象有利害关系的，应当申请回避」),
 * for the inspector draw: an inspector is not matched with an entity (or a person's business) they declared.
 */
export async function activeRecusalsOf(db: Db, inspectorIds: readonly string[]): Promise<{ inspectorId: string; entityId: number | null; personName: string | null }[]> {
  if (inspectorIds.length === 0) return [];
  return db.select({ inspectorId: inspectorConflicts.inspectorId, entityId: inspectorConflicts.entityId, personName: inspectorConflicts.personName })
    .from(inspectorConflicts).where(and(inArray(inspectorConflicts.inspectorId, [...inspectorIds]), isNull(inspectorConflicts.withdrawnAt)));
}

export async function entityExists(db: Db, id: number): Promise<{ id: number; name: string } | null> {
  const [row] = await db.select({ id: marketEntities.id, name: marketEntities.name }).from(marketEntities).where(and(eq(marketEntities.id, id), entityVisible()));
  return row ?? null;
}

/** Entities of a region whose name or code contains the keyword (for the 回避 picker; at most 20). */
export async function entityChoices(db: Db, regionPrefix: string, keyword: string): Promise<{ id: number; code: string; name: string }[]> {
  const pattern = likeContains(keyword);
  return db.select({ id: marketEntities.id, code: marketEntities.code, name: marketEntities.name }).from(marketEntities)
    .where(and(entityVisible(), sql`${marketEntities.regionCode} like ${`${regionPrefix}%`}`, sql`(${marketEntities.name} ilike ${pattern} or ${marketEntities.code} ilike ${pattern})`))
    .orderBy(asc(marketEntities.name)).limit(20);
}

// ── public directory (东胜 四(二)2) ──

const publishedStatuses = INSPECTOR_STATUS_KEYS.filter(isPublishedStatus);

/** Only name, department and 执法证号 are selected: nothing else can reach the public answer. */
export async function listPublicInspectors(db: Db, query: PublicInspectorQuery): Promise<Page<PublicInspectorRow>> {
  const where = and(
    isNull(inspectors.deletedAt), isNull(departments.deletedAt), inArray(inspectors.status, publishedStatuses),
    query.departmentId ? eq(inspectors.departmentId, query.departmentId) : undefined,
    query.name ? sql`${inspectors.name} ilike ${likeContains(query.name)}` : undefined,
  );
  const [rows, totals] = await Promise.all([
    db.select({ name: inspectors.name, departmentName: departments.name, certificateNo: inspectors.certificateNo }).from(inspectors)
      .innerJoin(departments, eq(departments.id, inspectors.departmentId)).where(where)
      .orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), ...byPinyin(inspectors.nameSortKey, inspectors.name), asc(inspectors.certificateNo)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId)).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function publicDepartments(db: Db): Promise<{ id: string; name: string }[]> {
  const published = db.select({ one: sql`1` }).from(inspectors)
    .where(and(eq(inspectors.departmentId, departments.id), isNull(inspectors.deletedAt), inArray(inspectors.status, publishedStatuses)));
  return db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(and(isNull(departments.deletedAt), exists(published)))
    .orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name));
}
