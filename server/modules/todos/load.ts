/**
 * Read-only mappers from the workflow tables to the domain records dueItems reads (domain/workflow/*_states.ts), scoped
 * by the caller's data scope, plus the facts of the 一单两库 待办 (执法证, 两库确认). Only the rows that can yield a 待办
 * are read: plans under way or of this year, tasks and draws awaiting a decision.
 */
import { and, asc, eq, gte, inArray, isNull, lt, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { addDays, type DateOnly } from '../../../domain/calendar/civil_date';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { Draw, DrawStatus } from '../../../domain/workflow/draw_states';
import type { Plan, PlanAdjustment, PlanKind, PlanStatus } from '../../../domain/workflow/plan_states';
import type { Task, TaskStatus } from '../../../domain/workflow/task_states';
import { CERTIFICATE_LIST_LIMIT, CERTIFICATE_WARN_DAYS, type CertificateFact, type CertificateTotals } from '../../../domain/workflow/todo_items';
import type { Db } from '../../db/database';
import { departments, draws, inspectors, plans, tasks } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { inspectorScope } from '../inspectors/store';

/** Plans that may be due for someone: not void, and either under way (draft, review, returned) or of `year`. */
export async function loadPlansForDue(db: Db, scope: DataScope, year: number): Promise<Plan[]> {
  const rows = await db.select().from(plans).where(and(
    ne(plans.status, 'void'),
    or(inArray(plans.status, ['draft', 'in_review', 'returned']), eq(plans.year, year)),
    scopeWhere(scope, { regionCode: plans.regionCode, departmentId: plans.leadDepartmentId, ownerUserId: plans.createdBy }),
  )).orderBy(asc(plans.createdAt));
  return rows.map((r) => ({
    id: r.id, kind: r.kind as PlanKind, year: r.year, name: r.name, leadDepartmentId: r.leadDepartmentId,
    participatingDepartmentIds: r.participatingDepartmentIds, regionCode: r.regionCode, chain: r.chain as ApprovalChain,
    status: r.status as PlanStatus, stepIndex: r.stepIndex, submittedBy: r.submittedBy, submittedOn: r.submittedOn as DateOnly | null,
    version: r.version, publishedVersion: r.publishedVersion, adjustment: r.adjustment as PlanAdjustment | null, returnComments: r.returnComments,
  }));
}

/** 实施方案 under review (the only task state dueItems reads). */
export async function loadTasksForDue(db: Db, scope: DataScope): Promise<Task[]> {
  const rows = await db.select().from(tasks).where(and(
    eq(tasks.status, 'in_review'),
    scopeWhere(scope, { regionCode: tasks.regionCode, departmentId: tasks.leadDepartmentId, ownerUserId: tasks.createdBy }),
  )).orderBy(asc(tasks.createdAt));
  return rows.map((r) => ({
    id: r.id, planId: r.planId, name: r.name, leadDepartmentId: r.leadDepartmentId, participatingDepartmentIds: r.participatingDepartmentIds,
    regionCode: r.regionCode, chain: r.chain as ApprovalChain, status: r.status as TaskStatus, stepIndex: r.stepIndex,
    submittedBy: r.submittedBy, returnComments: r.returnComments, terminationReason: r.terminationReason,
  }));
}

/** Draws whose commitment is published and which await a supervisor's presence, with their task's name. */
export async function loadDrawsForDue(db: Db, scope: DataScope): Promise<(Draw & { taskName: string })[]> {
  const rows = await db.select({ draw: draws, taskName: tasks.name }).from(draws).innerJoin(tasks, eq(tasks.id, draws.taskId)).where(and(
    eq(draws.status, 'committed'),
    scopeWhere(scope, { regionCode: draws.regionCode, departmentId: tasks.leadDepartmentId, ownerUserId: draws.operatorId }),
  )).orderBy(asc(draws.createdAt));
  return rows.map(({ draw: r, taskName }) => ({
    id: r.id, taskId: r.taskId, regionCode: r.regionCode, attempt: r.attempt, previousDrawId: r.previousDrawId, operatorId: r.operatorId,
    requiredSupervisors: r.requiredSupervisors, supervisorIds: r.supervisorIds, status: r.status as DrawStatus, voidReason: r.voidReason, taskName,
  }));
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
