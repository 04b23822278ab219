/**
 * 行政区划 (GB/T 2260). The table is national and loaded at start; what a caller sees of it is cut
 * by their data scope: a limited scope sees the subtrees of its region prefixes, of its departments'
 * regions and (for 仅本人) of the caller's own department's region.
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix, type DataScope } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import { departments, regions } from '../../db/schema';
import { likeContains } from '../../http/paging';
import type { RegionRow } from './schema';

export const KEYWORD_LIMIT = 200;

/** The part of the region tree a caller sees: everything, or the subtrees under these code prefixes. */
export type RegionView = { readonly kind: 'all' } | { readonly kind: 'subtrees'; readonly prefixes: readonly string[] };

/** Drops prefixes covered by a shorter one ('2201' is covered by '22'). */
function outermost(prefixes: Iterable<string>): string[] {
  const sorted = [...new Set(prefixes)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept.sort();
}

export async function regionView(db: Db, scope: DataScope, callerRegionCode: string | null): Promise<RegionView> {
  if (scope.kind === 'all') return { kind: 'all' };
  const prefixes = new Set(scope.regionPrefixes);
  if (scope.departmentIds.length > 0) {
    const rows = await db.select({ regionCode: departments.regionCode }).from(departments)
      .where(and(inArray(departments.id, [...scope.departmentIds]), isNull(departments.deletedAt)));
    for (const row of rows) prefixes.add(regionPrefix(row.regionCode));
  }
  if (scope.userId && callerRegionCode) prefixes.add(regionPrefix(callerRegionCode));
  return { kind: 'subtrees', prefixes: outermost(prefixes) };
}

function visibleWhere(view: RegionView): SQL {
  if (view.kind === 'all') return sql`true`;
  if (view.prefixes.length === 0) return sql`false`;
  return or(...view.prefixes.map((p) => sql`${regions.code} like ${`${p}%`}`)) ?? sql`false`;
}

function visible(view: RegionView, code: string): boolean {
  return view.kind === 'all' || view.prefixes.some((p) => code.startsWith(p));
}

// Qualified by hand: in a single-table select drizzle renders ${regions.code} unqualified, which would bind to c.
const hasChildren = sql<boolean>`exists (select 1 from ${regions} c where c.parent_code = ${regions}.code)`;
const rowColumns = {
  code: regions.code, name: regions.name, parentCode: regions.parentCode, level: regions.level, enabled: regions.enabled, hasChildren,
};

function present(row: { code: string; name: string; parentCode: string | null; level: number; enabled: boolean; hasChildren: unknown }): RegionRow {
  return { ...row, hasChildren: row.hasChildren === true || row.hasChildren === 't' };
}

function select(db: Db, where: SQL | undefined, limit?: number) {
  const query = db.select(rowColumns).from(regions).where(where).orderBy(asc(regions.code));
  return (limit ? query.limit(limit) : query).then((rows) => rows.map(present));
}

/** The top of the caller's view: provinces for 全部, else the region at the head of each subtree. */
export async function topRegions(db: Db, view: RegionView): Promise<RegionRow[]> {
  if (view.kind === 'all') return select(db, isNull(regions.parentCode));
  if (view.prefixes.length === 0) return [];
  return select(db, inArray(regions.code, view.prefixes.map((p) => p.padEnd(6, '0'))));
}

/**
 * Children of `parentCode` the caller sees, or null when the parent does not exist or lies wholly
 * outside the view (neither it nor any child is visible).
 */
export async function childRegions(db: Db, view: RegionView, parentCode: string): Promise<RegionRow[] | null> {
  const [parent] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, parentCode));
  if (!parent) return null;
  const rows = await select(db, and(eq(regions.parentCode, parentCode), visibleWhere(view)));
  return rows.length > 0 || visible(view, parentCode) ? rows : null;
}

/** Regions whose name contains `keyword`, within the view (and below `parentCode` when given). */
export async function searchRegions(db: Db, view: RegionView, keyword: string, parentCode?: string): Promise<RegionRow[]> {
  return select(db, and(
    sql`${regions.name} ilike ${likeContains(keyword)}`,
    visibleWhere(view),
    parentCode ? and(sql`${regions.code} like ${`${regionPrefix(parentCode)}%`}`, sql`${regions.code} <> ${parentCode}`) : undefined,
  ), KEYWORD_LIMIT);
}

export async function getRegionInView(db: Db, view: RegionView, code: string): Promise<RegionRow | null> {
  const [row] = await select(db, and(eq(regions.code, code), visibleWhere(view)));
  return row ?? null;
}

export async function setRegionEnabled(tx: Db, code: string, enabled: boolean): Promise<void> {
  await tx.update(regions).set({ enabled }).where(eq(regions.code, code));
}
