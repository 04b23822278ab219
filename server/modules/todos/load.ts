/**
 * The facts of the 待办 beyond the workflow records (the plans, tasks and draws come from the modules' own loaders:
 * plans/domain_map.ts, tasks/domain_map.ts, draws/domain_map.ts): the planning departments, 执法证, 两库确认, names.
 */
import { and, asc, eq, gte, inArray, isNull, lt, lte, notInArray, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { addDays, type DateOnly } from '../../../domain/calendar/civil_date';
import { CERTIFICATE_LIST_LIMIT, CERTIFICATE_WARN_DAYS, type CertificateFact, type CertificateTotals } from '../../../domain/workflow/todo_items';
import type { Db } from '../../db/database';
import { departments, inspectors, tasks } from '../../db/schema';
import { inspectorScope } from '../inspectors/store';

/** The task names of `taskIds` (the 抽取监督 待办 names its draw by its task). */
export async function taskNamesOf(db: Db, taskIds: readonly string[]): Promise<Map<string, string>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db.select({ id: tasks.id, name: tasks.name }).from(tasks).where(inArray(tasks.id, [...new Set(taskIds)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The departments of the 双随机办's own level expected to file an annual plan (东胜 四（三）1): every active department of
 * that region except the office itself and the justice bureau, which review rather than plan.
 */
export async function loadPlanningDepartments(db: Db, regionCode: string): Promise<{ id: string; name: string; regionCode: string }[]> {
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments).where(and(
    eq(departments.regionCode, regionCode), isNull(departments.deletedAt), eq(departments.status, 'active'),
    notInArray(departments.type, ['joint_office', 'justice']),
  )).orderBy(asc(departments.sortOrder), asc(departments.name));
}

/**
 * Inspectors of the caller's scope still serving (在岗、休假) whose 执法证 expired or ends within the warning window: the
 * counts of each state and the earliest few of each (the 待办 lists up to CERTIFICATE_LIST_LIMIT, then sums up).
 */
export async function loadExpiringCertificates(db: Db, scope: DataScope, today: DateOnly): Promise<{ facts: CertificateFact[]; totals: CertificateTotals }> {
  const serving = and(isNull(inspectors.deletedAt), inArray(inspectors.status, ['on_duty', 'on_leave']), inspectorScope(scope));
  const horizon = addDays(today, CERTIFICATE_WARN_DAYS);
  const earliest = (where: SQL) => db.select({
    inspectorId: inspectors.id, name: inspectors.name, departmentName: departments.name, certificateNo: inspectors.certificateNo,
    validUntil: inspectors.certificateValidUntil,
  }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId)).where(and(serving, where))
    .orderBy(asc(inspectors.certificateValidUntil), asc(inspectors.name), asc(inspectors.id)).limit(CERTIFICATE_LIST_LIMIT + 1);
  const [expired, expiring, [totals]] = await Promise.all([
    earliest(lt(inspectors.certificateValidUntil, today)),
    earliest(and(gte(inspectors.certificateValidUntil, today), lte(inspectors.certificateValidUntil, horizon)) ?? sql`false`),
    db.select({
      expired: sql<number>`count(*) filter (where ${inspectors.certificateValidUntil} < ${today})::int`,
      expiring: sql<number>`count(*) filter (where ${inspectors.certificateValidUntil} between ${today} and ${horizon})::int`,
    }).from(inspectors).where(and(serving, lte(inspectors.certificateValidUntil, horizon))),
  ]);
  const facts = [...expired, ...expiring].flatMap((r) => (r.validUntil === null ? [] : [{ ...r, validUntil: r.validUntil as DateOnly }]));
  return { facts, totals: { expired: Number(totals?.expired ?? 0), expiring: Number(totals?.expiring ?? 0) } };
}

/** The names of the caller's department and region (for titles). */
export async function departmentOf(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.id, id), sql`${departments.deletedAt} is null`));
  return row ?? null;
}
