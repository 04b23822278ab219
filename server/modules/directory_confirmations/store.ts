import { and, asc, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { DEFAULT_FRESHNESS_DAYS, DIRECTORIES, type DirectoryKind } from '../../../domain/directory/freshness';
import type { Db } from '../../db/database';
import { appMeta, departments, directoryConfirmations, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { offsetOf, type Page } from '../../http/paging';
import type { ConfirmationQuery, ConfirmationRow } from './schema';

export const FRESHNESS_SETTING_KEY = 'directory.freshnessDays';

/** The maximum age of a 两库 confirmation in days (app_meta `directory.freshnessDays`, default 30). */
export async function freshnessDays(db: Db): Promise<number> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, FRESHNESS_SETTING_KEY));
  const value = row?.value;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_FRESHNESS_DAYS;
}

export async function setFreshnessDays(tx: Db, days: number, now: Date): Promise<void> {
  await tx.insert(appMeta).values({ key: FRESHNESS_SETTING_KEY, value: days, updatedAt: now })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: days, updatedAt: now } });
}

function confirmationScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: departments.regionCode, departmentId: directoryConfirmations.departmentId });
}

const columns = {
  id: directoryConfirmations.id, departmentId: directoryConfirmations.departmentId, departmentName: departments.name,
  directory: directoryConfirmations.directory, confirmedAt: directoryConfirmations.confirmedAt, confirmedBy: directoryConfirmations.confirmedBy,
  confirmedByName: users.name, note: directoryConfirmations.note,
};

function baseQuery(db: Db) {
  return db.select(columns).from(directoryConfirmations)
    .innerJoin(departments, eq(departments.id, directoryConfirmations.departmentId))
    .leftJoin(users, eq(users.id, directoryConfirmations.confirmedBy));
}

function present(row: Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number]): ConfirmationRow {
  const directory = row.directory as DirectoryKind;
  return { ...row, directory, directoryLabel: DIRECTORIES[directory], confirmedAt: row.confirmedAt.toISOString() };
}

export async function listConfirmations(db: Db, scope: DataScope, query: ConfirmationQuery): Promise<Page<ConfirmationRow>> {
  const where = and(
    confirmationScope(scope),
    query.departmentId ? eq(directoryConfirmations.departmentId, query.departmentId) : undefined,
    query.directory ? eq(directoryConfirmations.directory, query.directory) : undefined,
  );
  const [rows, totals] = await Promise.all([
    baseQuery(db).where(where).orderBy(desc(directoryConfirmations.confirmedAt), asc(directoryConfirmations.id)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(directoryConfirmations).innerJoin(departments, eq(departments.id, directoryConfirmations.departmentId)).where(where),
  ]);
  return { rows: rows.map(present), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getConfirmation(db: Db, id: string): Promise<ConfirmationRow | null> {
  const [row] = await baseQuery(db).where(eq(directoryConfirmations.id, id));
  return row ? present(row) : null;
}

export async function insertConfirmation(
  tx: Db, values: { departmentId: string; directory: DirectoryKind; note: string | null; confirmedBy: string }, now: Date,
): Promise<string> {
  const [row] = await tx.insert(directoryConfirmations).values({ ...values, confirmedAt: now }).returning({ id: directoryConfirmations.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** The latest confirmation of each directory of a department (no scope: callers check it first). */
export async function latestConfirmations(db: Db, departmentId: string): Promise<{ directory: DirectoryKind; confirmedAt: Date; confirmedByName: string | null }[]> {
  const rows = await db.selectDistinctOn([directoryConfirmations.directory], {
    directory: directoryConfirmations.directory, confirmedAt: directoryConfirmations.confirmedAt, confirmedByName: users.name,
  }).from(directoryConfirmations).leftJoin(users, eq(users.id, directoryConfirmations.confirmedBy))
    .where(eq(directoryConfirmations.departmentId, departmentId))
    .orderBy(directoryConfirmations.directory, desc(directoryConfirmations.confirmedAt));
  return rows.map((r) => ({ ...r, directory: r.directory as DirectoryKind }));
}

export async function departmentInScope(db: Db, scope: DataScope, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(departments)
    .where(and(eq(departments.id, id), isNull(departments.deletedAt), scopeWhere(scope, { regionCode: departments.regionCode, departmentId: departments.id })));
  return row ?? null;
}

export async function departmentName(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ name: departments.name }).from(departments).where(eq(departments.id, id));
  return row?.name ?? null;
}
