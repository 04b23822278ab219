/** Storage of experts' 回避 declarations (expert_conflicts, migration 0042), shaped like the inspectors' ones. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { departments, expertConflicts, experts, marketEntities, users } from '../../db/schema';
import type { ExpertConflictRow } from './schema';

const columns = {
  id: expertConflicts.id, expertId: expertConflicts.expertId, entityId: expertConflicts.entityId,
  entityCode: marketEntities.code, entityName: marketEntities.name, personName: expertConflicts.personName, reason: expertConflicts.reason,
  declaredAt: expertConflicts.declaredAt, createdBy: expertConflicts.createdBy, createdByName: users.name, withdrawnAt: expertConflicts.withdrawnAt,
};

function conflictQuery(db: Db) {
  return db.select(columns).from(expertConflicts)
    .leftJoin(marketEntities, eq(marketEntities.id, expertConflicts.entityId))
    .leftJoin(users, eq(users.id, expertConflicts.createdBy));
}

function present(row: Awaited<ReturnType<ReturnType<typeof conflictQuery>['execute']>>[number]): ExpertConflictRow {
  return { ...row, declaredAt: row.declaredAt.toISOString(), withdrawnAt: row.withdrawnAt?.toISOString() ?? null, active: row.withdrawnAt === null };
}

/** Every declaration of an expert, the active ones first, then newest first. */
export async function listExpertConflicts(db: Db, expertId: string): Promise<ExpertConflictRow[]> {
  const rows = await conflictQuery(db).where(eq(expertConflicts.expertId, expertId))
    .orderBy(sql`${expertConflicts.withdrawnAt} is not null`, desc(expertConflicts.declaredAt), desc(expertConflicts.id));
  return rows.map(present);
}

export async function getExpertConflict(db: Db, expertId: string, id: string): Promise<ExpertConflictRow | null> {
  const [row] = await conflictQuery(db).where(and(eq(expertConflicts.id, id), eq(expertConflicts.expertId, expertId)));
  return row ? present(row) : null;
}

export async function insertExpertConflict(tx: Db, values: { expertId: string; entityId: number | null; personName: string | null; reason: string; createdBy: string }, now: Date): Promise<string> {
  const [row] = await tx.insert(expertConflicts).values({ ...values, declaredAt: now }).returning({ id: expertConflicts.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** Withdraws an active declaration; false when it was withdrawn meanwhile (a parallel request). */
export async function withdrawExpertConflict(tx: Db, id: string, now: Date): Promise<boolean> {
  const rows = await tx.update(expertConflicts).set({ withdrawnAt: now }).where(and(eq(expertConflicts.id, id), isNull(expertConflicts.withdrawnAt))).returning({ id: expertConflicts.id });
  return rows.length > 0;
}

/** The region code of the expert's department (the 回避 picker searches entities of its city). */
export async function expertRegionCode(db: Db, expertId: string): Promise<string | null> {
  const [row] = await db.select({ code: departments.regionCode }).from(experts).innerJoin(departments, eq(departments.id, experts.departmentId)).where(eq(experts.id, expertId));
  return row?.code ?? null;
}
