/**
 * Writing a result row: insert, guarded update (rowVersion), and the row lock that serialises submissions of one
 * object (three copies of one offline submission arriving together leave one result). A published row is refused by
 * the database itself (migration 0026, SQLSTATE SJ409), which `frozenByDatabase` recognises.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { inspectionResults } from '../../db/schema';
import type { ResultDeadlines } from './deadlines';

export interface ResultValues {
  readonly checkDate: string;
  readonly checkMethod: string;
  readonly resultCategory: string;
  readonly disposal: string;
  readonly itemFindings: readonly { itemId: string; departmentId: string; code: string; name: string; finding: string; note: string | null }[];
  readonly note: string | null;
  readonly signature: unknown;
  readonly completedWithoutCheck: boolean;
}

export interface NewResult extends ResultValues, ResultDeadlines {
  readonly taskId: string;
  readonly taskObjectId: string;
  readonly entityId: number;
  readonly departmentId: string;
  readonly regionCode: string;
}

export interface LockedResult { readonly id: string; readonly status: string; readonly rowVersion: number; readonly submitClientId: string | null }

/** The object's result row, locked until the transaction ends; null when none exists yet. */
export async function lockResultOfObject(tx: Db, taskObjectId: string): Promise<LockedResult | null> {
  const [row] = await tx.select({ id: inspectionResults.id, status: inspectionResults.status, rowVersion: inspectionResults.rowVersion, submitClientId: inspectionResults.submitClientId })
    .from(inspectionResults).where(eq(inspectionResults.taskObjectId, taskObjectId)).for('update');
  return row ?? null;
}

export async function lockResult(tx: Db, id: string): Promise<LockedResult | null> {
  const [row] = await tx.select({ id: inspectionResults.id, status: inspectionResults.status, rowVersion: inspectionResults.rowVersion, submitClientId: inspectionResults.submitClientId })
    .from(inspectionResults).where(eq(inspectionResults.id, id)).for('update');
  return row ?? null;
}

/** Inserts the object's result; null when another request inserted one first (the unique index on the object). */
export async function insertResult(tx: Db, values: NewResult, extra: { status: string; enteredBy: string; now: Date; submittedBy?: string; submitClientId?: string }): Promise<string | null> {
  const rows = await tx.insert(inspectionResults).values({
    ...values, itemFindings: values.itemFindings, status: extra.status, enteredBy: extra.enteredBy, createdAt: extra.now, updatedAt: extra.now,
    ...(extra.submittedBy ? { submittedBy: extra.submittedBy, submittedAt: extra.now, submitClientId: extra.submitClientId ?? null } : {}),
  }).onConflictDoNothing().returning({ id: inspectionResults.id });
  return rows[0]?.id ?? null;
}

/** Updates when the row is still at `rowVersion`; false when someone else wrote it first. */
export async function updateResult(tx: Db, id: string, rowVersion: number, set: Partial<typeof inspectionResults.$inferInsert>, now: Date): Promise<boolean> {
  const rows = await tx.update(inspectionResults).set({ ...set, rowVersion: sql`${inspectionResults.rowVersion} + 1`, updatedAt: now })
    .where(and(eq(inspectionResults.id, id), eq(inspectionResults.rowVersion, rowVersion))).returning({ id: inspectionResults.id });
  return rows.length > 0;
}

/** The database refused the change because the row is published (SQLSTATE SJ409 from the triggers of migration 0026). */
export function frozenByDatabase(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if ((current as { code?: unknown }).code === 'SJ409') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
