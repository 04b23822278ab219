/**
 * 待办 feeds of results, for the 待办 builder (server/modules/todos/routes.ts → domain/inspection/todo_items.ts): the
 * objects the caller leads whose result is not submitted, the results of the caller's scope awaiting review or
 * publication (per task), and the corrections awaiting the head of a department.
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { CorrectionDueFact, EntryDueFact, ReviewDueFact } from '../../../domain/inspection/todo_items';
import type { Db } from '../../db/database';
import { inspectionResults, inspectors, marketEntities, resultCorrections, tasks, taskObjects, teamMembers, teams } from '../../db/schema';
import { reviewableResult } from './review_store';
import { ENTRY_TASK_STATUSES } from './store';

export async function entriesDue(db: Db, userId: string): Promise<EntryDueFact[]> {
  const rows = await db.select({
    taskObjectId: taskObjects.id, taskCode: tasks.code, taskName: tasks.name, entityName: marketEntities.name, status: inspectionResults.status,
    entryDue: inspectionResults.entryDue, periodEnd: tasks.periodEnd,
  }).from(teamMembers)
    .innerJoin(inspectors, and(eq(inspectors.id, teamMembers.inspectorId), eq(inspectors.userId, userId), isNull(inspectors.deletedAt)))
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(taskObjects, and(eq(taskObjects.id, teams.taskObjectId), eq(taskObjects.status, 'pending')))
    .innerJoin(tasks, and(eq(tasks.id, taskObjects.taskId), inArray(tasks.status, [...ENTRY_TASK_STATUSES])))
    .innerJoin(marketEntities, eq(marketEntities.id, taskObjects.entityId))
    .leftJoin(inspectionResults, eq(inspectionResults.taskObjectId, taskObjects.id))
    .where(and(eq(teamMembers.active, true), eq(teamMembers.role, 'leader'), or(isNull(inspectionResults.id), inArray(inspectionResults.status, ['draft', 'returned']))))
    .orderBy(asc(tasks.periodEnd), asc(marketEntities.name));
  return rows.map((r) => ({ ...r, status: r.status as EntryDueFact['status'], entryDue: r.entryDue as DateOnly | null, periodEnd: r.periodEnd as DateOnly }));
}

export async function reviewsDue(db: Db, scope: DataScope, statuses: readonly ('submitted' | 'approved')[]): Promise<ReviewDueFact[]> {
  if (statuses.length === 0) return [];
  const rows = await db.select({
    taskId: tasks.id, taskCode: tasks.code, taskName: tasks.name, status: inspectionResults.status,
    count: sql<number>`count(*)::int`, publishDue: sql<string | null>`min(${inspectionResults.publishDue})::text`,
    dueProvisional: sql<boolean>`bool_or(${inspectionResults.dueProvisional})`,
  }).from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .where(and(inArray(inspectionResults.status, [...statuses]), reviewableResult(scope)))
    .groupBy(tasks.id, tasks.code, tasks.name, inspectionResults.status)
    .orderBy(sql`min(${inspectionResults.publishDue})`, asc(tasks.code));
  return rows.map((r) => ({ ...r, status: r.status as ReviewDueFact['status'], count: Number(r.count), publishDue: r.publishDue as DateOnly | null }));
}

export async function correctionsAwaiting(db: Db, departmentId: string): Promise<CorrectionDueFact[]> {
  return db.select({
    correctionId: resultCorrections.id, resultId: resultCorrections.resultId, taskName: tasks.name, entityName: marketEntities.name, reason: resultCorrections.reason,
  }).from(resultCorrections).innerJoin(inspectionResults, eq(inspectionResults.id, resultCorrections.resultId))
    .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
    .where(and(eq(resultCorrections.status, 'pending'), eq(inspectionResults.departmentId, departmentId)))
    .orderBy(asc(resultCorrections.requestedAt));
}
