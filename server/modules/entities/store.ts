/**
 * 检查对象名录库 store. Two scopes: the READ scope (the caller's data scope widened by their department's
 * region, domain/directory/entity.ts directoryReadScope) decides what is visible; the caller's own data scope
 * over (region, owner department) decides what is editable (渝北 二(三) 谁建立、谁维护).
 *
 * At a million rows nothing here counts or sorts the whole table: a list collects at most the cap of matching ids
 * (listEntities), names are searched through indexes (trigrams, two-character pieces, initials), and exports walk
 * the id keyset.
 */
import { and, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { regionFullName } from '../../../domain/codes/regions';
import {
  ENTITY_STATUSES, ENTITY_TYPES, industryName, inspectionsInYear, nameSearchMode, RISK_CLASSES,
  type EntityStatus, type EntityType, type RiskClass,
} from '../../../domain/directory/entity';
import { normalizeCodeInput } from '../../../domain/codes/uscc';
import { searchKeys } from '../../../domain/directory/name_bigrams';
import { namePieceProbe } from './name_piece_stats';
import type { Db } from '../../db/database';
import type { ShortCache } from '../../http/short_cache';
import { departments, entityTags, entityTagMembers, entityTagVersions, marketEntities } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf } from '../../http/paging';
import { entityTagFilter } from '../entity_tags/store';
import { entityVisible } from './pending_import';
import type { MatchedPage } from './page_cache';
import type { EntityDetail, EntityFilters, EntityPage, EntityQuery, EntityRow } from './schema';
import { byPinyin } from '../../db/pinyin_order';

/** Counts stop here; the page then says "10,000+" (totalIsLowerBound). */
export const COUNT_CAP = 10_000;
/** A one-character name has no index (a scan): its count stops earlier. */
export const SCAN_COUNT_CAP = 1_000;

export interface Viewer {
  /** directoryReadScope of the caller. */
  readonly readScope: DataScope;
  /** The caller's own data scope: editable = inside it by region or owner department. */
  readonly editScope: DataScope;
  /** Holds directory:entity:risk. */
  readonly seesInternal: boolean;
  /** Calendar year in China, for the inspections-this-year counter. */
  readonly year: number;
}

/** Filters after validation: industry prefixes already expanded (a 门类 → its 大类 codes). */
export type ResolvedFilters = Omit<EntityFilters, 'industryCode'> & { industryPrefixes?: readonly string[] };

const e = marketEntities;

/**
 * A record lies in a scope by its region or by its owner department; used with the read scope and the edit scope.
 * A record an unfinished import wrote lies in no scope (pending_import.ts).
 */
export function entityScope(scope: DataScope): SQL {
  return sql`(${entityVisible()} and ${scopeWhere(scope, { regionCode: e.regionCode, departmentId: e.ownerDepartmentId })})`;
}

/** A name filter, and how many matches to count: a one-character search has no index, so it stops sooner. */
function nameFilter(text: string, probeKeys: readonly number[] | null): { where: SQL; cap: number } {
  const name = /[A-Za-z]/.test(text) ? sql`${e.name} ilike ${likeContains(text)}` : sql`${e.name} like ${likeContains(text)}`;
  switch (nameSearchMode(text)) {
    case 'initials': {
      const initials = text.toLowerCase();
      // One or two letters match too much anywhere: they are read as the start of the name (the btree serves it).
      if (initials.length <= 2) return { where: sql`${e.nameInitials} like ${`${initials}%`}`, cap: COUNT_CAP };
      return { where: sql`${e.nameInitials} like ${likeContains(initials)}`, cap: COUNT_CAP };
    }
    case 'pieces':
      // The search's pieces (of four characters from four on, else of two) among the name's pieces (GIN) — only its
      // rarest ones when the database's statistics say which (namePieceProbe; a name has them all if it contains the
      // search) — then `like` for the rest.
      return { where: sql`${e.nameBigramKeys} @> ${sql.param(probeKeys ? [...probeKeys] : searchKeys(text))}::int[] and ${name}`, cap: COUNT_CAP };
    case 'single':
      // One character: no index helps; a bounded scan.
      return { where: name, cap: SCAN_COUNT_CAP };
  }
}

function filtersWhere(viewer: Viewer, f: ResolvedFilters, probeKeys: readonly number[] | null = null): { where: SQL; cap: number } {
  const name = f.name ? nameFilter(f.name, probeKeys) : null;
  const code = f.code ? normalizeCodeInput(f.code) : '';
  const where = and(
    entityScope(viewer.readScope),
    name?.where,
    code ? sql`${e.code} like ${`${code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
    f.regionCode ? sql`${e.regionCode} like ${`${f.regionCode.replace(/(00)+$/, '')}%`}` : undefined,
    f.industryPrefixes && f.industryPrefixes.length > 0
      ? sql`(${sql.join(f.industryPrefixes.map((p) => sql`${e.industryCode} like ${`${p}%`}`), sql` or `)})` : undefined,
    f.status ? eq(e.status, f.status) : undefined,
    f.entityType ? eq(e.entityType, f.entityType) : undefined,
    f.riskClass ? eq(e.riskClass, f.riskClass) : undefined,
    f.ownerDepartmentId ? eq(e.ownerDepartmentId, f.ownerDepartmentId) : undefined,
    f.tagId ? entityTagFilter(f.tagId, e.id) : undefined,
  ) ?? sql`true`;
  return { where, cap: name?.cap ?? COUNT_CAP };
}

function rowColumns(viewer: Viewer) {
  return {
    id: e.id, code: e.code, codeType: e.codeType, name: e.name, nameInitials: e.nameInitials, entityType: e.entityType,
    legalRepresentative: e.legalRepresentative, address: e.address, regionCode: e.regionCode, industryCode: e.industryCode,
    registeredOn: e.registeredOn, status: e.status, riskClass: e.riskClass, abnormalList: e.abnormalList,
    seriousViolation: e.seriousViolation, complaintsCount: e.complaintsCount, ownerDepartmentId: e.ownerDepartmentId,
    ownerDepartmentName: departments.name, lastInspectedOn: e.lastInspectedOn, inspectionsThisYear: e.inspectionsThisYear,
    inspectionsYear: e.inspectionsYear, canEdit: sql<boolean>`(${entityScope(viewer.editScope)})`,
  };
}

type RawRow = {
  id: number; code: string; codeType: string; name: string; nameInitials: string; entityType: string; legalRepresentative: string | null;
  address: string | null; regionCode: string; industryCode: string | null; registeredOn: string | null; status: string; riskClass: string | null;
  abnormalList: boolean; seriousViolation: boolean; complaintsCount: number; ownerDepartmentId: string | null; ownerDepartmentName: string | null;
  lastInspectedOn: string | null; inspectionsThisYear: number; inspectionsYear: number | null; canEdit: unknown;
};

/** Only the registering department or the 双随机办/admin of the record's region changes it. The write routes refuse with this. */
export function entityEditRefusal(row: { canEdit: boolean; ownerDepartmentName: string | null }): string | null {
  return row.canEdit ? null : `该检查对象由「${row.ownerDepartmentName ?? '其他部门'}」维护，只有登记机关或本级双随机办可以修改`;
}

/** The one presenter: an explicit field list, internal fields only for viewers who may see them. */
export function presentEntity(row: RawRow, viewer: Viewer): EntityRow {
  const entityType = row.entityType as EntityType;
  const status = row.status as EntityStatus;
  const riskClass = row.riskClass as RiskClass | null;
  const canEdit = row.canEdit === true || row.canEdit === 't';
  const refused = entityEditRefusal({ canEdit, ownerDepartmentName: row.ownerDepartmentName });
  return {
    id: String(row.id), code: row.code, codeType: row.codeType, name: row.name, nameInitials: row.nameInitials,
    entityType, entityTypeLabel: ENTITY_TYPES[entityType] ?? row.entityType,
    legalRepresentative: row.legalRepresentative, address: row.address,
    regionCode: row.regionCode, regionName: regionFullName(row.regionCode) ?? row.regionCode,
    industryCode: row.industryCode, industryName: industryName(row.industryCode),
    registeredOn: row.registeredOn, status, statusLabel: ENTITY_STATUSES[status] ?? row.status,
    abnormalList: row.abnormalList, seriousViolation: row.seriousViolation,
    ownerDepartmentId: row.ownerDepartmentId, ownerDepartmentName: row.ownerDepartmentName,
    lastInspectedOn: row.lastInspectedOn, inspectionsThisYear: inspectionsInYear(row.inspectionsThisYear, row.inspectionsYear, viewer.year),
    canEdit, actions: { edit: refused, delete: refused },
    ...(viewer.seesInternal ? {
      internal: { riskClass, riskClassLabel: riskClass ? RISK_CLASSES[riskClass] : null, complaintsCount: row.complaintsCount },
    } : {}),
  };
}

function selectRows(db: Db, viewer: Viewer) {
  return db.select(rowColumns(viewer)).from(e).leftJoin(departments, eq(departments.id, e.ownerDepartmentId));
}

/**
 * One page and a capped count ("10,000+" beyond the cap), from ONE pass: the matching ids up to the cap are collected
 * without ORDER BY, so the planner may use any index of the filters or a scan that stops at the cap, and the page is cut
 * from them, newest first. Below the cap (every search that narrows enough, and every directory of up to 10,000 rows)
 * this is exactly "newest first"; beyond it the page comes from the first matches found. An ORDER BY id … LIMIT 20 was
 * tried and is not safe at a million rows: when the file was sorted by code, the rows of one type or region lie
 * together and a backward id scan walked most of the table before finding 20 (300–900 ms).
 *
 * The collecting, counting, sorting and cutting all happen in the database (the LIMIT inside the subquery keeps the
 * planner from pushing the ORDER BY into the scan): the server receives the page's ids and the count, not up to
 * 10,001 ids to sort itself; with `pages`, the count and the page's ids are kept a few seconds (page_cache.ts), the rows
 * are always read fresh (docs/decisions/0008-list-speed.md).
 */
export async function listEntities(
  db: Db, viewer: Viewer, query: Omit<EntityQuery, 'industryCode'> & ResolvedFilters, pages?: { cache: ShortCache<MatchedPage>; now: Date },
): Promise<EntityPage> {
  const probe = query.name && nameSearchMode(query.name) === 'pieces' ? await namePieceProbe(db, query.name) : null;
  const { where, cap } = filtersWhere(viewer, query, probe?.keys ?? null);
  const offset = offsetOf(query);
  const take = Math.max(0, Math.min(query.pageSize, cap - offset));
  const load = async () => {
    const matches = db.select({ id: e.id }).from(e).where(where).limit(cap + 1).as('matches');
    // One scan of at most cap + 1 ids: their number, and the page's slice of them newest first.
    const [found] = await db.select({
      n: sql<number>`count(*)`.mapWith(Number),
      ids: sql<unknown[] | null>`(array_agg(${matches.id} order by ${matches.id} desc))[${offset + 1}::int:${offset + take}::int]`,
    }).from(matches);
    return { value: { found: found?.n ?? 0, pageIds: take === 0 ? [] : (found?.ids ?? []).map(Number) } };
  };
  const matched = pages
    ? await pages.cache.resolve(JSON.stringify([viewer.readScope, query]), pages.now, load)
    : (await load()).value;
  const found = matched?.found ?? 0;
  const pageIds = [...(matched?.pageIds ?? [])];
  const rows = pageIds.length === 0 ? [] : await selectRows(db, viewer).where(inArray(e.id, pageIds)).orderBy(desc(e.id));
  return {
    rows: rows.map((r) => presentEntity(r, viewer)),
    total: Math.min(found, cap), totalIsLowerBound: found > cap, page: query.page, pageSize: query.pageSize,
  };
}

/** Keyset pages (id ascending) for exports: constant cost per page at any depth. */
/** An exported row: the list's fields and 经营范围, so that an export re-imports (the import has that column). */
export type EntityExportRow = EntityRow & { readonly businessScope: string | null };

export async function* entityBatches(db: Db, viewer: Viewer, filters: ResolvedFilters, batchSize = 2000): AsyncGenerator<EntityExportRow[]> {
  const { where } = filtersWhere(viewer, filters);
  let after = 0;
  for (;;) {
    const rows = await db.select({ ...rowColumns(viewer), businessScope: e.businessScope }).from(e).leftJoin(departments, eq(departments.id, e.ownerDepartmentId))
      .where(and(where, gt(e.id, after))).orderBy(e.id).limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ...presentEntity(r, viewer), businessScope: r.businessScope }));
    after = (rows[rows.length - 1] as RawRow).id;
    if (rows.length < batchSize) return;
  }
}

export async function getEntity(db: Db, viewer: Viewer, id: number): Promise<EntityDetail | null> {
  const [row] = await db.select({ ...rowColumns(viewer), businessScope: e.businessScope, createdAt: e.createdAt, updatedAt: e.updatedAt })
    .from(e).leftJoin(departments, eq(departments.id, e.ownerDepartmentId))
    .where(and(eq(e.id, id), entityScope(viewer.readScope)));
  if (!row) return null;
  const tags = await db.select({ id: entityTags.id, name: entityTags.name }).from(entityTagMembers)
    .innerJoin(entityTagVersions, eq(entityTagVersions.id, entityTagMembers.tagVersionId))
    .innerJoin(entityTags, and(eq(entityTags.id, entityTagVersions.tagId), eq(entityTags.currentVersion, entityTagVersions.version), sql`${entityTags.deletedAt} is null`))
    .where(eq(entityTagMembers.entityId, id)).orderBy(entityTags.name);
  return {
    ...presentEntity(row, viewer), businessScope: row.businessScope, tags,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export interface EntityValues {
  code: string; codeType: string; name: string; nameInitials: string; nameBigramKeys: number[]; entityType: string; legalRepresentative: string | null;
  address: string | null; regionCode: string; industryCode: string | null; businessScope: string | null; registeredOn: string | null;
  status: string; abnormalList: boolean; seriousViolation: boolean; ownerDepartmentId: string;
  riskClass?: string | null; complaintsCount?: number;
}

export async function insertEntity(tx: Db, values: EntityValues, now: Date): Promise<number> {
  const [row] = await tx.insert(e).values({ ...values, createdAt: now, updatedAt: now }).returning({ id: e.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateEntity(tx: Db, id: number, values: Partial<EntityValues>, now: Date): Promise<void> {
  await tx.update(e).set({ ...values, updatedAt: now }).where(eq(e.id, id));
}

/** The stored values of one record, for change detection (unscoped: call after a scoped read). */
export async function entityValues(db: Db, id: number): Promise<(EntityValues & { riskClass: string | null; complaintsCount: number }) | null> {
  const [row] = await db.select({
    code: e.code, codeType: e.codeType, name: e.name, nameInitials: e.nameInitials, nameBigramKeys: e.nameBigramKeys, entityType: e.entityType,
    legalRepresentative: e.legalRepresentative, address: e.address, regionCode: e.regionCode, industryCode: e.industryCode, businessScope: e.businessScope, registeredOn: e.registeredOn,
    status: e.status, abnormalList: e.abnormalList, seriousViolation: e.seriousViolation, ownerDepartmentId: e.ownerDepartmentId,
    riskClass: e.riskClass, complaintsCount: e.complaintsCount,
  }).from(e).where(eq(e.id, id));
  return row ? { ...row, ownerDepartmentId: row.ownerDepartmentId ?? '' } : null;
}

/** The record holding a code, if any, and whether the viewer may see and edit it. */
export async function entityByCode(db: Db, viewer: Viewer, code: string): Promise<{ id: number; visible: boolean; editable: boolean; ownerName: string | null } | null> {
  const [row] = await db.select({
    id: e.id, visible: sql<boolean>`(${entityScope(viewer.readScope)})`, editable: sql<boolean>`(${entityScope(viewer.editScope)})`, ownerName: departments.name,
  }).from(e).leftJoin(departments, eq(departments.id, e.ownerDepartmentId)).where(eq(e.code, code));
  return row ? { id: row.id, visible: truthy(row.visible), editable: truthy(row.editable), ownerName: row.ownerName } : null;
}

/** node-postgres and PGlite return booleans from sql<boolean> expressions; older paths give 't'/'f'. */
export function truthy(value: unknown): boolean {
  return value === true || value === 't';
}

/** Departments the caller may name as 登记机关 (in the caller's own data scope, active). */
export async function ownerDepartmentOptions(db: Db, scope: DataScope): Promise<{ id: string; name: string; regionCode: string }[]> {
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(sql`${departments.deletedAt} is null`, eq(departments.status, 'active'), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })))
    .orderBy(departments.regionCode, departments.sortOrder, ...byPinyin(departments.nameSortKey, departments.name));
}

export async function departmentsByIds(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; regionCode: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(inArray(departments.id, [...ids]), sql`${departments.deletedAt} is null`));
  return new Map(rows.map((r) => [r.id, { name: r.name, regionCode: r.regionCode }]));
}
