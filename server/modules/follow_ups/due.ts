/**
 * 待办 feed of 后续处置 (domain/inspection/follow_up_todos.ts): transfers awaiting the caller's department, follow-ups it
 * accepted that are past their due date, and the follow-ups its side owns that are 未完结 past their due date.
 */
import { and, asc, eq, inArray, lt, or } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { FollowUpDueFact } from '../../../domain/inspection/follow_up_todos';
import type { FollowUpStatus } from '../../../domain/inspection/follow_up_states';
import type { Db } from '../../db/database';
import { departments, followUps, inspectionResults, marketEntities, tasks } from '../../db/schema';
import { ownerScope, receiverScope } from './store';

export async function followUpsDue(db: Db, scope: DataScope, today: DateOnly): Promise<FollowUpDueFact[]> {
  const receiving = and(receiverScope(scope), or(eq(followUps.status, 'awaiting'), and(eq(followUps.status, 'accepted'), lt(followUps.dueDate, today))));
  const owning = and(ownerScope(scope), inArray(followUps.status, ['open', 'returned', 'sent_judicial']), lt(followUps.dueDate, today));
  const rows = await db.select({
    id: followUps.id, entityName: marketEntities.name, taskName: tasks.name, status: followUps.status, dueDate: followUps.dueDate, fromDepartmentName: departments.name,
  }).from(followUps).innerJoin(inspectionResults, eq(inspectionResults.id, followUps.resultId)).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)).innerJoin(departments, eq(departments.id, followUps.ownerDepartmentId))
    .where(or(receiving, owning)).orderBy(asc(followUps.dueDate), asc(followUps.createdAt)).limit(200);
  return rows.map((r) => {
    const status = r.status as FollowUpStatus;
    return { ...r, status, dueDate: r.dueDate as DateOnly | null, side: status === 'awaiting' || status === 'accepted' ? 'receiver' : 'owner' };
  });
}
