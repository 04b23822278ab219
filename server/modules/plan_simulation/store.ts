/**
 * The facts the plan simulator needs, counted in the database: per planned task one grouped COUNT over the directory
 * (region × stratum × draws already done this year), and the on-duty staff of the task's departments. Nothing streams
 * entity rows, so the cost is one index/sequential pass per task at 1M entities.
 */
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { regionPrefix, type DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import { ENTITY_STATUS_KEYS, isOperating } from '../../../domain/directory/entity_lists';
import type { DepartmentStaff, PoolGroup } from '../../../domain/workflow/simulate';
import type { Db } from '../../db/database';
import { departments, draws, drawObjects, inspectors, marketEntities as e, planVersions, plans, regions } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains } from '../../http/paging';
import { entityScope } from '../entities/store';
import { entityTagFilter } from '../entity_tags/store';
import { rowsOf } from '../entities/import_staging';
import type { PlannedTaskInput } from './schema';

/** 存续: the statuses still operating (威海第8条: 注销、吊销、撤销、迁出 are not inspected). */
const OPERATING = ENTITY_STATUS_KEYS.filter(isOperating);

function targetingWhere(task: PlannedTaskInput): SQL[] {
  const t = task.targeting;
  if (t.mode === 'untargeted') return [];
  const parts: SQL[] = [];
  if (t.entityTypes.length > 0) parts.push(inArray(e.entityType, [...t.entityTypes]));
  if (t.industryCodes.length > 0) parts.push(sql`(${sql.join(t.industryCodes.map((c) => sql`${e.industryCode} like ${`${c}%`}`), sql` or `)})`);
  if (t.entityTagId !== null) parts.push(entityTagFilter(t.entityTagId, e.id));
  if (t.scopeKeywords.length > 0) parts.push(sql`(${sql.join(t.scopeKeywords.map((k) => sql`${e.businessScope} like ${likeContains(k)}`), sql` or `)})`);
  return parts;
}

/**
 * The task's pool in the plan's region, grouped by entity region, stratum and how many tasks drew the entity this year
 * (selected, not reserve, of drawn or published attempts: a voided attempt does not count; 威海第5条、曲阳第17条).
 * `readScope` is the caller's directory read scope (entityScope also hides rows of an unfinished import).
 */
export async function countPool(db: Db, readScope: DataScope, regionCode: string, year: number, task: PlannedTaskInput): Promise<PoolGroup[]> {
  const stratum = task.stratifyBy === 'credit_class' ? sql`coalesce(${e.riskClass}, 'unrated')` : sql`'all'`;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const prior = sql`(select o.entity_id, count(distinct d.task_id)::int as n from ${drawObjects} o join ${draws} d on d.id = o.draw_id
    where not o.reserve and d.status in ('drawn', 'published') and d.draw_date between ${from} and ${to} group by o.entity_id)`;
  const where = and(
    sql`${e.regionCode} like ${`${regionPrefix(regionCode)}%`}`, inArray(e.status, OPERATING), entityScope(readScope), ...targetingWhere(task),
  ) ?? sql`true`;
  const rows = await rowsOf<{ region_code: string; stratum: string; prior: number; entities: number | string }>(db, sql`
    select ${e.regionCode} as region_code, ${stratum} as stratum, coalesce(p.n, 0)::int as prior, count(*)::int as entities
    from ${e} left join ${prior} p on p.entity_id = ${e.id}
    where ${where}
    group by 1, 2, 3 order by 1, 2, 3`);
  return rows.map((r) => ({ regionCode: r.region_code.trim(), stratum: r.stratum, priorDraws: Number(r.prior), entities: Number(r.entities) }));
}

/** The existing (not deleted) departments among `ids`. */
export async function existingDepartments(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(and(inArray(departments.id, [...ids]), isNull(departments.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Each department's inspectors: how many in the directory, and the on-duty ones with certificate date and expertise. */
export async function loadStaff(db: Db, names: ReadonlyMap<string, string>): Promise<DepartmentStaff[]> {
  const ids = [...names.keys()];
  if (ids.length === 0) return [];
  const alive = and(inArray(inspectors.departmentId, ids), isNull(inspectors.deletedAt));
  const [totals, onDuty] = await Promise.all([
    db.select({ departmentId: inspectors.departmentId, n: count() }).from(inspectors).where(alive).groupBy(inspectors.departmentId),
    db.select({ departmentId: inspectors.departmentId, validUntil: inspectors.certificateValidUntil, expertise: inspectors.expertise })
      .from(inspectors).where(and(alive, eq(inspectors.status, 'on_duty'))),
  ]);
  return ids.map((id) => ({
    departmentId: id, name: names.get(id) ?? id, total: Number(totals.find((t) => t.departmentId === id)?.n ?? 0),
    onDuty: onDuty.filter((m) => m.departmentId === id).map((m) => ({ certificateValidUntil: m.validUntil as DateOnly | null, expertise: m.expertise })),
  }));
}

export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** A plan in the caller's scope with the content of `version` (its current version by default), or null. */
export async function planForSimulation(db: Db, scope: DataScope, id: string, version: number | undefined): Promise<{
  id: string; regionCode: string; year: number; version: number; content: unknown;
} | null> {
  const [plan] = await db.select({ id: plans.id, regionCode: plans.regionCode, year: plans.year, version: plans.version }).from(plans)
    .where(and(eq(plans.id, id), scopeWhere(scope, { regionCode: plans.regionCode, departmentId: plans.leadDepartmentId, ownerUserId: plans.createdBy })));
  if (!plan) return null;
  const wanted = version ?? plan.version;
  const [row] = await db.select({ content: planVersions.content }).from(planVersions)
    .where(and(eq(planVersions.planId, id), eq(planVersions.version, wanted))).orderBy(asc(planVersions.version));
  if (!row) return null;
  return { ...plan, version: wanted, content: row.content };
}
