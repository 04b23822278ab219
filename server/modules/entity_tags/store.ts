/**
 * 专项库 store. A tag belongs to a department; each confirmation is a version with its members, and
 * `entity_tags.current_version` names the version in force. Versions are never changed or deleted.
 * Other modules filter entities by tag through {@link entityTagFilter} (one SQL fragment, no id lists).
 */
import { and, asc, count, desc, eq, inArray, isNull, notInArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { regionPrefix } from '../../../domain/access/data_scope';
import { findIndustry } from '../../../domain/codes/industries';
import { ENTITY_STATUS_KEYS, isOperating } from '../../../domain/directory/entity';
import type { NormalisedCriteria } from '../../../domain/directory/entity_tag';
import type { Db } from '../../db/database';
import { readTogether } from '../../db/together';
import { departments, entityTagMembers, entityTags, entityTagVersions, marketEntities, regions, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { entityVisible } from '../entities/pending_import';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type {
  CandidateRow, EntityTagOption, EntityTagQuery, EntityTagRow, MemberQuery, MemberRow, ProposalPage, TagVersionCriteria, TagVersionRow,
} from './schema';
import { byPinyin } from '../../db/pinyin_order';

/**
 * Entities that are members of the tag's version in force: `and(..., entityTagFilter(tagId, marketEntities.id))`.
 * A deleted or never-confirmed tag matches nothing. For the entity list's 专项库 filter.
 */
export function entityTagFilter(tagId: string, entityId: SQLWrapper): SQL {
  return sql`exists (select 1 from ${entityTagMembers} m
    join ${entityTagVersions} v on v.id = m.tag_version_id
    join ${entityTags} t on t.id = v.tag_id and t.current_version = v.version and t.deleted_at is null
    where t.id = ${tagId} and m.entity_id = ${entityId})`;
}

/** The ids of the entities in the tag's version in force (for small tags; prefer {@link entityTagFilter} in queries). */
export async function entityIdsWithTag(db: Db, tagId: string): Promise<number[]> {
  const rows = await db.select({ id: marketEntities.id }).from(marketEntities).where(entityTagFilter(tagId, marketEntities.id)).orderBy(asc(marketEntities.id));
  return rows.map((r) => r.id);
}

/** Who is looking: their data scope and their own department's region. */
export interface TagViewer {
  readonly scope: DataScope;
  readonly regionCode: string | null;
}

/** The region itself and every region above it (220104 → 220000, 220100, 220104). */
function regionAndAncestors(code: string): string[] {
  const out = [`${code.slice(0, 2)}0000`];
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 4)}00`);
  if (!code.endsWith('00')) out.push(code);
  return out;
}

/**
 * A tag is visible inside the viewer's data scope, and also to anyone working in the region of the tag's
 * department or below it: a district's departments see each other's tags and the city's, so they can filter
 * by them. Only the owning department changes a tag (routes check that).
 */
export function tagVisibility(viewer: TagViewer): SQL {
  const inScope = scopeWhere(viewer.scope, { regionCode: departments.regionCode, departmentId: entityTags.departmentId });
  if (!viewer.regionCode) return inScope;
  return or(inScope, inArray(departments.regionCode, regionAndAncestors(viewer.regionCode))) ?? inScope;
}

const confirmer = sql<string | null>`(select u.name from ${users} u where u.id = ${entityTagVersions.confirmedBy})`;
const tagColumns = {
  id: entityTags.id, name: entityTags.name, description: entityTags.description, departmentId: entityTags.departmentId,
  departmentName: departments.name, regionCode: departments.regionCode, currentVersion: entityTags.currentVersion,
  memberCount: entityTagVersions.memberCount, confirmedAt: entityTagVersions.confirmedAt, confirmedByName: confirmer, createdAt: entityTags.createdAt,
};

function tagQuery(db: Db) {
  return db.select(tagColumns).from(entityTags)
    .innerJoin(departments, eq(departments.id, entityTags.departmentId))
    .leftJoin(entityTagVersions, and(eq(entityTagVersions.tagId, entityTags.id), eq(entityTagVersions.version, entityTags.currentVersion)));
}

type TagRaw = Awaited<ReturnType<ReturnType<typeof tagQuery>['execute']>>[number];

/** Whether the caller may change tags of this department: its own department, or a caller with 全部数据. */
export function ownsTag(scope: DataScope, callerDepartmentId: string | null, tagDepartmentId: string): boolean {
  return scope.kind === 'all' || callerDepartmentId === tagDepartmentId;
}

/** 长春第7条: a 专项库 is its department's; other departments see and filter by it, never change it. The routes refuse with this. */
export function tagEditRefusal(tag: { name: string; departmentName: string; canEdit: boolean }): string | null {
  return tag.canEdit ? null : `专项库「${tag.name}」由${tag.departmentName}维护，其他部门只能查看和使用`;
}

function presentTag(row: TagRaw, viewer: TagViewer & { departmentId: string | null }): EntityTagRow {
  const canEdit = ownsTag(viewer.scope, viewer.departmentId, row.departmentId);
  const refused = tagEditRefusal({ name: row.name, departmentName: row.departmentName, canEdit });
  return {
    id: row.id, name: row.name, description: row.description, departmentId: row.departmentId, departmentName: row.departmentName,
    regionCode: row.regionCode, currentVersion: row.currentVersion, memberCount: row.memberCount ?? 0,
    confirmedAt: row.confirmedAt?.toISOString() ?? null, confirmedByName: row.confirmedByName,
    canEdit, actions: { edit: refused, delete: refused }, createdAt: row.createdAt.toISOString(),
  };
}

export async function listTags(db: Db, viewer: TagViewer & { departmentId: string | null }, query: EntityTagQuery): Promise<Page<EntityTagRow>> {
  const where = and(
    isNull(entityTags.deletedAt), tagVisibility(viewer),
    query.name ? sql`${entityTags.name} ilike ${likeContains(query.name)}` : undefined,
    query.departmentId ? eq(entityTags.departmentId, query.departmentId) : undefined,
  );
  const [rows, totals] = await Promise.all([
    tagQuery(db).where(where).orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), asc(entityTags.name)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(entityTags).innerJoin(departments, eq(departments.id, entityTags.departmentId)).where(where),
  ]);
  return { rows: rows.map((r) => presentTag(r, viewer)), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getTagInView(db: Db, viewer: TagViewer & { departmentId: string | null }, id: string): Promise<EntityTagRow | null> {
  const [row] = await tagQuery(db).where(and(eq(entityTags.id, id), isNull(entityTags.deletedAt), tagVisibility(viewer)));
  return row ? presentTag(row, viewer) : null;
}

/** Visible tags with a confirmed version, for filter selects. */
export async function tagOptions(db: Db, viewer: TagViewer): Promise<EntityTagOption[]> {
  return db.select({ id: entityTags.id, name: entityTags.name, departmentName: departments.name, currentVersion: entityTags.currentVersion })
    .from(entityTags).innerJoin(departments, eq(departments.id, entityTags.departmentId))
    .where(and(isNull(entityTags.deletedAt), tagVisibility(viewer)))
    .orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), asc(entityTags.name));
}

export async function insertTag(tx: Db, values: { name: string; description: string | null; departmentId: string }, now: Date): Promise<string> {
  const [row] = await tx.insert(entityTags).values({ ...values, createdAt: now, updatedAt: now }).returning({ id: entityTags.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateTag(tx: Db, id: string, values: { name: string; description: string | null }, now: Date): Promise<void> {
  await tx.update(entityTags).set({ ...values, updatedAt: now }).where(eq(entityTags.id, id));
}

export async function softDeleteTag(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(entityTags).set({ deletedAt: now, updatedAt: now }).where(eq(entityTags.id, id));
}

// ── proposals and versions ──

/** 注销/吊销/撤销/迁出: no longer operating (威海第8条), so not proposed unless asked for. */
const INACTIVE_ENTITY_STATUSES = ENTITY_STATUS_KEYS.filter((status) => !isOperating(status));

export interface ProposalCriteria extends NormalisedCriteria {
  readonly includeInactive: boolean;
  /** GB/T 2260 prefix of the tag department's region: candidates come from there only. */
  readonly regionPrefix: string;
}

export function tagRegionPrefix(departmentRegionCode: string): string {
  return regionPrefix(departmentRegionCode);
}

function matchers(criteria: ProposalCriteria): { industry: SQL; keyword: SQL; where: SQL } {
  const industry = criteria.industryPrefixes.length > 0
    ? sql`(${sql.join(criteria.industryPrefixes.map((p) => sql`${marketEntities.industryCode} like ${`${p}%`}`), sql` or `)})`
    : sql`false`;
  const keyword = criteria.keywords.length > 0
    ? sql`(${sql.join(criteria.keywords.map((k) => sql`${marketEntities.businessScope} like ${likeContains(k)}`), sql` or `)})`
    : sql`false`;
  const where = and(
    entityVisible(),
    sql`${marketEntities.regionCode} like ${`${criteria.regionPrefix}%`}`,
    criteria.includeInactive ? undefined : notInArray(marketEntities.status, INACTIVE_ENTITY_STATUSES),
    sql`(${industry} or ${keyword})`,
  ) ?? sql`false`;
  return { industry, keyword, where };
}

async function currentVersionId(db: Db, tagId: string): Promise<string | null> {
  const [row] = await db.select({ id: entityTagVersions.id }).from(entityTagVersions)
    .innerJoin(entityTags, and(eq(entityTags.id, entityTagVersions.tagId), eq(entityTags.currentVersion, entityTagVersions.version)))
    .where(eq(entityTags.id, tagId));
  return row?.id ?? null;
}

const industryNameOf = (code: string | null) => (code ? findIndustry(code)?.name ?? null : null);

/** 行政区划 name of a code column (朝阳区 for 220104), for the pages that showed the bare code. */
const regionNameOf = (code: typeof marketEntities.regionCode) => sql<string | null>`(select r.name from ${regions} r where r.code = ${code})`;

/** One page of candidates with the counts the department needs to judge the criteria. */
export async function proposeCandidates(db: Db, tagId: string, criteria: ProposalCriteria, page: { page: number; pageSize: number }): Promise<ProposalPage> {
  const { industry, keyword, where } = matchers(criteria);
  const versionId = await currentVersionId(db, tagId);
  const inCurrent = versionId
    ? sql`exists (select 1 from ${entityTagMembers} m where m.tag_version_id = ${versionId} and m.entity_id = ${marketEntities.id})`
    : sql`false`;
  // Given a transaction by the demo loader: readTogether runs the three reads one after another there.
  const [rows, totals, members] = await readTogether(db, [
    () => db.select({
      id: marketEntities.id, code: marketEntities.code, name: marketEntities.name, regionCode: marketEntities.regionCode, regionName: regionNameOf(marketEntities.regionCode),
      industryCode: marketEntities.industryCode, businessScope: sql<string | null>`left(${marketEntities.businessScope}, 200)`, status: marketEntities.status,
      matchedIndustry: sql<boolean>`${industry}`, matchedKeyword: sql<boolean>`${keyword}`, inCurrentVersion: sql<boolean>`${inCurrent}`,
    }).from(marketEntities).where(where).orderBy(asc(marketEntities.regionCode), asc(marketEntities.name), asc(marketEntities.id))
      .limit(page.pageSize).offset(offsetOf(page)),
    () => db.select({
      total: sql<number>`count(*)::int`,
      matchedIndustry: sql<number>`(count(*) filter (where ${industry}))::int`,
      matchedKeyword: sql<number>`(count(*) filter (where ${keyword}))::int`,
      inCurrentVersion: sql<number>`(count(*) filter (where ${inCurrent}))::int`,
    }).from(marketEntities).where(where),
    () => (versionId ? db.select({ n: count() }).from(entityTagMembers).where(eq(entityTagMembers.tagVersionId, versionId)) : Promise.resolve([{ n: 0 }])),
  ] as const);
  const [scopeRegion] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, criteria.regionPrefix.padEnd(6, '0')));
  const counts = totals[0] ?? { total: 0, matchedIndustry: 0, matchedKeyword: 0, inCurrentVersion: 0 };
  return {
    rows: rows.map((r): CandidateRow => ({ ...r, industryName: industryNameOf(r.industryCode), matchedIndustry: Boolean(r.matchedIndustry), matchedKeyword: Boolean(r.matchedKeyword), inCurrentVersion: Boolean(r.inCurrentVersion) })),
    total: counts.total, page: page.page, pageSize: page.pageSize,
    counts: { ...counts, currentMemberCount: members[0]?.n ?? 0 },
    regionPrefix: criteria.regionPrefix, regionName: scopeRegion?.name ?? null, industryPrefixes: [...criteria.industryPrefixes],
  };
}

export interface ConfirmedVersion {
  readonly versionId: string;
  readonly version: number;
  readonly memberCount: number;
  readonly candidateCount: number;
}

/**
 * Confirms the candidates minus the excluded ones as the tag's next version and makes it the version
 * in force. Earlier versions and their members are left as they are. The tag row is locked, so two
 * confirmations at once get consecutive versions.
 */
export async function confirmTagVersion(
  tx: Db, tagId: string, criteria: ProposalCriteria, stored: TagVersionCriteria, by: string, now: Date,
): Promise<ConfirmedVersion> {
  await tx.execute(sql`select id from ${entityTags} where id = ${tagId} for update`);
  const [last] = await tx.select({ v: sql<number | null>`max(${entityTagVersions.version})` }).from(entityTagVersions).where(eq(entityTagVersions.tagId, tagId));
  const version = Number(last?.v ?? 0) + 1;
  const [row] = await tx.insert(entityTagVersions).values({ tagId, version, criteria: stored, memberCount: 0, confirmedAt: now, confirmedBy: by })
    .returning({ id: entityTagVersions.id });
  if (!row) throw new Error('insert returned no row');
  const { where } = matchers(criteria);
  const excluded = stored.excludedEntityIds;
  const memberWhere = excluded.length > 0 ? and(where, notInArray(marketEntities.id, excluded)) : where;
  await tx.execute(sql`insert into ${entityTagMembers} (tag_version_id, entity_id) select ${row.id}, ${marketEntities.id} from ${marketEntities} where ${memberWhere}`);
  const [members] = await tx.select({ n: count() }).from(entityTagMembers).where(eq(entityTagMembers.tagVersionId, row.id));
  const [candidates] = await tx.select({ n: count() }).from(marketEntities).where(where);
  const memberCount = members?.n ?? 0;
  await tx.update(entityTagVersions).set({ memberCount }).where(eq(entityTagVersions.id, row.id));
  await tx.update(entityTags).set({ currentVersion: version, updatedAt: now }).where(eq(entityTags.id, tagId));
  return { versionId: row.id, version, memberCount, candidateCount: candidates?.n ?? 0 };
}

export async function listTagVersions(db: Db, tagId: string, currentVersion: number | null): Promise<TagVersionRow[]> {
  const rows = await db.select({
    id: entityTagVersions.id, version: entityTagVersions.version, criteria: entityTagVersions.criteria, memberCount: entityTagVersions.memberCount,
    confirmedAt: entityTagVersions.confirmedAt, confirmedBy: entityTagVersions.confirmedBy, confirmedByName: users.name,
  }).from(entityTagVersions).leftJoin(users, eq(users.id, entityTagVersions.confirmedBy))
    .where(eq(entityTagVersions.tagId, tagId)).orderBy(desc(entityTagVersions.version));
  return rows.map((r) => ({
    ...r, criteria: r.criteria as TagVersionCriteria, confirmedAt: r.confirmedAt.toISOString(), current: r.version === currentVersion,
  }));
}

export async function listTagMembers(db: Db, tagId: string, version: number, query: MemberQuery): Promise<Page<MemberRow> | null> {
  const [v] = await db.select({ id: entityTagVersions.id }).from(entityTagVersions).where(and(eq(entityTagVersions.tagId, tagId), eq(entityTagVersions.version, version)));
  if (!v) return null;
  const where = and(
    eq(entityTagMembers.tagVersionId, v.id),
    query.name ? sql`${marketEntities.name} ilike ${likeContains(query.name)}` : undefined,
  );
  const [rows, totals] = await Promise.all([
    db.select({
      id: marketEntities.id, code: marketEntities.code, name: marketEntities.name, regionCode: marketEntities.regionCode, regionName: regionNameOf(marketEntities.regionCode),
      industryCode: marketEntities.industryCode, status: marketEntities.status,
    }).from(entityTagMembers).innerJoin(marketEntities, eq(marketEntities.id, entityTagMembers.entityId)).where(where)
      .orderBy(asc(marketEntities.regionCode), asc(marketEntities.name), asc(marketEntities.id)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(entityTagMembers).innerJoin(marketEntities, eq(marketEntities.id, entityTagMembers.entityId)).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, industryName: industryNameOf(r.industryCode) })), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** The department of a tag to be created: in the caller's scope and not deleted. */
export async function departmentForTag(db: Db, scope: DataScope, departmentId: string): Promise<{ id: string; name: string; regionCode: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(eq(departments.id, departmentId), isNull(departments.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })));
  return row ?? null;
}
