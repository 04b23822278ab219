/**
 * Reads of 检查对象满意度评价 and of the entity's yearly count against the cap (issue #11 item 3).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { regionPrefix, type DataScope } from '../../../domain/access/data_scope';
import { annualDrawCounts, type LedgerEntry } from '../../../domain/draw/eligibility';
import { EVALUATION_ASPECTS, evaluationFigures } from '../../../domain/inspection/evaluation';
import type { Db } from '../../db/database';
import { departments, drawObjects, draws, inspectionEvaluationReceipts, inspectionEvaluations, inspectionResults, taskObjects } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { COUNTED_DRAW_STATUSES } from '../draws/pool_freeze';
import type { EvaluationAggregates } from './schema';

/**
 * How many random draws of `year` selected the entity, counted exactly as the draw counts the cap (威海第5条, 曲阳第17条;
 * server/modules/draws/pool_freeze.ts annualLedger + domain annualDrawCounts): drawn or published draws dated in the
 * year, the highest attempt per task, the dispatched objects (replacements included) once a draw is dispatched. The
 * ledger is built only for the tasks that ever drew this entity, not the whole year's.
 */
export async function inspectionsInYear(db: Db, entityId: number, year: number): Promise<number> {
  const inYear = and(
    inArray(draws.status, [...COUNTED_DRAW_STATUSES]),
    sql`${draws.drawDate} >= ${`${year}-01-01`} and ${draws.drawDate} <= ${`${year}-12-31`}`,
  );
  const touched = sql`(select ${drawObjects.drawId} from ${drawObjects} where ${drawObjects.entityId} = ${entityId}
    union select ${taskObjects.drawId} from ${taskObjects} where ${taskObjects.entityId} = ${entityId})`;
  const tasksOfEntity = db.selectDistinct({ taskId: draws.taskId }).from(draws).where(and(inYear, sql`${draws.id} in ${touched}`));
  const rows = await db.select({
    taskId: draws.taskId, attempt: sql<string>`${draws.attempt}::text`, drawDate: draws.drawDate,
    // task_id first: task_objects is indexed by (task_id, entity_id), not by draw.
    dispatched: sql<boolean>`exists (select 1 from ${taskObjects} where ${taskObjects.taskId} = ${draws.taskId} and ${taskObjects.drawId} = ${draws.id})`,
    inDispatched: sql<boolean>`exists (select 1 from ${taskObjects} where ${taskObjects.taskId} = ${draws.taskId} and ${taskObjects.drawId} = ${draws.id} and ${taskObjects.entityId} = ${entityId} and ${taskObjects.status} <> 'replaced')`,
    inDrawn: sql<boolean>`exists (select 1 from ${drawObjects} where ${drawObjects.drawId} = ${draws.id} and ${drawObjects.entityId} = ${entityId} and not ${drawObjects.reserve})`,
  }).from(draws).where(and(inYear, inArray(draws.taskId, tasksOfEntity))).orderBy(asc(draws.taskId));
  const me = String(entityId);
  const ledger: LedgerEntry[] = rows.map((r) => ({
    taskId: r.taskId, attempt: r.attempt, date: r.drawDate ?? `${year}-01-01`, departments: [],
    entityIds: (r.dispatched ? r.inDispatched : r.inDrawn) ? [me] : [],
  }));
  const counts = annualDrawCounts(ledger, year);
  if (!counts.ok) throw new Error(counts.error.message);
  return counts.value.get(me) ?? 0;
}

/** The entity's results it has evaluated. */
export async function evaluatedResultIds(db: Db, entityId: number): Promise<string[]> {
  const rows = await db.select({ id: inspectionEvaluationReceipts.resultId }).from(inspectionEvaluationReceipts)
    .innerJoin(inspectionResults, eq(inspectionResults.id, inspectionEvaluationReceipts.resultId))
    .where(eq(inspectionResults.entityId, entityId));
  return rows.map((r) => r.id);
}

/** A region-wide scope (the 双随机办, or all data) sees the comments; a department's scope never does. */
export function seesComments(scope: DataScope): boolean {
  return scope.kind === 'all' || scope.regionPrefixes.length > 0;
}

/**
 * Per inspecting department in the caller's scope: the aggregate of the year's evaluations, suppressed below the
 * minimum group. Comments (joint office only) of a shown group, sorted so their order says nothing.
 */
export async function evaluationAggregates(db: Db, scope: DataScope, year: number, regionCode: string | null): Promise<EvaluationAggregates['rows']> {
  const e = inspectionEvaluations;
  const where = and(
    eq(e.year, year),
    scopeWhere(scope, { regionCode: e.regionCode, departmentId: e.departmentId }),
    regionCode ? sql`${e.regionCode} like ${`${regionPrefix(regionCode)}%`}` : undefined,
  );
  const satisfied = sql.join(EVALUATION_ASPECTS.map((a) => sql`(case when ${e[a]} >= 4 then 1 else 0 end)`), sql` + `);
  const groups = await db.select({
    departmentId: e.departmentId, departmentName: departments.name, count: sql<number>`count(*)::int`,
    lawful: sql<number>`sum(${e.lawful})::int`, civil: sql<number>`sum(${e.civil})::int`,
    integrity: sql<number>`sum(${e.integrity})::int`, efficiency: sql<number>`sum(${e.efficiency})::int`,
    satisfied: sql<number>`sum(${satisfied})::int`,
  }).from(e).innerJoin(departments, eq(departments.id, e.departmentId)).where(where)
    .groupBy(e.departmentId, departments.name).orderBy(asc(departments.name));
  const comments = new Map<string, string[]>();
  if (seesComments(scope)) {
    const shown = groups.filter((g) => !evaluationFigures({ count: Number(g.count), sums: g, satisfied: 0 }).suppressed).map((g) => g.departmentId);
    if (shown.length > 0) {
      const rows = await db.select({ departmentId: e.departmentId, comment: e.comment }).from(e)
        .where(and(where, inArray(e.departmentId, shown), sql`${e.comment} is not null`));
      for (const r of rows) if (r.comment) comments.set(r.departmentId, [...(comments.get(r.departmentId) ?? []), r.comment]);
      for (const list of comments.values()) list.sort();
    }
  }
  return groups.map((g) => {
    const figures = evaluationFigures({ count: Number(g.count), satisfied: Number(g.satisfied), sums: { lawful: Number(g.lawful), civil: Number(g.civil), integrity: Number(g.integrity), efficiency: Number(g.efficiency) } });
    return {
      departmentId: g.departmentId, departmentName: g.departmentName, ...figures,
      comments: seesComments(scope) && !figures.suppressed ? (comments.get(g.departmentId) ?? []) : null,
    };
  });
}
