/**
 * Rows of `plans` as domain Plan objects (domain/workflow/plan_states.ts), for the state machine and for
 * the 待办 engine (domain/workflow/due_items.ts): `loadPlansForDue` is what the 待办 endpoint calls.
 */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { Plan, PlanAdjustment, PlanKind, PlanStatus } from '../../../domain/workflow/plan_states';
import type { Db } from '../../db/database';
import { plans } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';

export type PlanRecord = typeof plans.$inferSelect;

export function planOfRow(row: PlanRecord): Plan {
  return {
    id: row.id,
    kind: row.kind as PlanKind,
    year: row.year,
    name: row.name,
    leadDepartmentId: row.leadDepartmentId,
    participatingDepartmentIds: row.participatingDepartmentIds,
    regionCode: row.regionCode,
    chain: row.chain as ApprovalChain,
    status: row.status as PlanStatus,
    stepIndex: row.stepIndex,
    submittedBy: row.submittedBy,
    submittedOn: row.submittedOn as DateOnly | null,
    version: row.version,
    publishedVersion: row.publishedVersion,
    adjustment: (row.adjustment as PlanAdjustment | null) ?? null,
    returnComments: row.returnComments,
  };
}

/** The columns a transition writes back (the domain Plan's changed facts). */
export function rowOfPlan(plan: Plan): Partial<PlanRecord> {
  return {
    status: plan.status, stepIndex: plan.stepIndex, submittedBy: plan.submittedBy, submittedOn: plan.submittedOn,
    version: plan.version, publishedVersion: plan.publishedVersion, adjustment: plan.adjustment, returnComments: plan.returnComments,
  };
}

/**
 * Who sees a plan: its region or lead department inside the caller's scope, a participating department
 * among the scope's departments, or the caller drafted it.
 */
export function planScopeWhere(scope: DataScope): SQL {
  const base = scopeWhere(scope, { regionCode: plans.regionCode, departmentId: plans.leadDepartmentId, ownerUserId: plans.createdBy });
  if (scope.kind === 'all' || scope.departmentIds.length === 0) return base;
  const ids = sql.join(scope.departmentIds.map((id) => sql`${id}::uuid`), sql`, `);
  return sql`(${base} or ${plans.participatingDepartmentIds} && array[${ids}])`;
}

/**
 * The plans the caller's scope covers that may be due for someone, as domain Plans (for 待办: plan_not_submitted,
 * joint_plan_missing…): those of `year`, and those of any year still under way (草稿, 审核中, 已退回).
 */
export async function loadPlansForDue(db: Db, scope: DataScope, year: number): Promise<Plan[]> {
  const rows = await db.select().from(plans).where(and(
    or(eq(plans.year, year), inArray(plans.status, ['draft', 'in_review', 'returned'])), planScopeWhere(scope),
  )).orderBy(plans.createdAt);
  return rows.map(planOfRow);
}
