import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { EXPERT_STATUS_KEYS, type ExpertStatus } from '../../../domain/directory/expert';
import type { Db } from '../../db/database';
import { departments, expertConflicts, experts } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { ExpertInput, ExpertQuery, ExpertRow } from './schema';
import { byPinyin } from '../../db/pinyin_order';

/** An expert is maintained per department: in scope by the department, or by its region. */
export function expertScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: departments.regionCode, departmentId: experts.departmentId });
}

const activeConflicts = sql<number>`(select count(*)::int from ${expertConflicts} c where c.expert_id = ${experts.id} and c.withdrawn_at is null)`;

const columns = {
  id: experts.id, name: experts.name, organisation: experts.organisation, specialty: experts.specialty, contact: experts.contact,
  status: experts.status, departmentId: experts.departmentId, departmentName: departments.name, activeConflictCount: activeConflicts, createdAt: experts.createdAt, updatedAt: experts.updatedAt,
};

function baseQuery(db: Db) {
  return db.select(columns).from(experts).innerJoin(departments, eq(departments.id, experts.departmentId));
}

function present(row: Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number]): ExpertRow {
  const status = (EXPERT_STATUS_KEYS as readonly string[]).includes(row.status) ? row.status as ExpertStatus : 'available';
  return { ...row, status, activeConflictCount: Number(row.activeConflictCount), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export async function listExperts(db: Db, scope: DataScope, query: ExpertQuery): Promise<Page<ExpertRow>> {
  const where = and(
    isNull(experts.deletedAt), expertScope(scope),
    query.name ? sql`${experts.name} ilike ${likeContains(query.name)}` : undefined,
    query.organisation ? sql`${experts.organisation} ilike ${likeContains(query.organisation)}` : undefined,
    query.specialty ? sql`${experts.specialty} ilike ${likeContains(query.specialty)}` : undefined,
    query.status ? eq(experts.status, query.status) : undefined,
    query.departmentId ? eq(experts.departmentId, query.departmentId) : undefined,
  );
  const [rows, totals] = await Promise.all([
    baseQuery(db).where(where).orderBy(asc(departments.regionCode), ...byPinyin(departments.nameSortKey, departments.name), ...byPinyin(experts.nameSortKey, experts.name), asc(experts.id)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(experts).innerJoin(departments, eq(departments.id, experts.departmentId)).where(where),
  ]);
  return { rows: rows.map(present), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getExpertInScope(db: Db, scope: DataScope, id: string): Promise<ExpertRow | null> {
  const [row] = await baseQuery(db).where(and(eq(experts.id, id), isNull(experts.deletedAt), expertScope(scope)));
  return row ? present(row) : null;
}

export async function insertExpert(tx: Db, input: ExpertInput, now: Date): Promise<string> {
  const [row] = await tx.insert(experts).values({ ...input, createdAt: now, updatedAt: now }).returning({ id: experts.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateExpert(tx: Db, id: string, input: ExpertInput, now: Date): Promise<void> {
  await tx.update(experts).set({ ...input, updatedAt: now }).where(eq(experts.id, id));
}

export async function softDeleteExpert(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(experts).set({ deletedAt: now, updatedAt: now }).where(eq(experts.id, id));
}

/** Experts of these departments keyed by 「姓名|工作单位|部门」, for the import's upsert. */
export async function expertsOfDepartments(db: Db, scope: DataScope): Promise<Map<string, { id: string; specialty: string; contact: string | null; status: string }>> {
  const rows = await db.select({ id: experts.id, name: experts.name, organisation: experts.organisation, departmentId: experts.departmentId, specialty: experts.specialty, contact: experts.contact, status: experts.status })
    .from(experts).innerJoin(departments, eq(departments.id, experts.departmentId)).where(and(isNull(experts.deletedAt), expertScope(scope)));
  return new Map(rows.map((r) => [expertKey(r.name, r.organisation, r.departmentId), r]));
}

export function expertKey(name: string, organisation: string, departmentId: string): string {
  return `${name}|${organisation}|${departmentId}`;
}
