/**
 * Draw rows as the pure state machine sees them (domain/workflow/draw_states.ts Draw), for the ceremony's transitions
 * and for the 待办 builder (domain/workflow/due_items.ts: draw_presence for 抽取监督员).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { RUNNING_DRAW_STATUSES, type Draw, type DrawStatus } from '../../../domain/workflow/draw_states';
import type { Db } from '../../db/database';
import { draws, tasks } from '../../db/schema';
import { drawScope, type DrawTableRow } from './store';

export function drawOf(row: Pick<DrawTableRow, 'id' | 'taskId' | 'regionCode' | 'attempt' | 'previousDrawId' | 'operatorId' | 'requiredSupervisors' | 'supervisorIds' | 'status' | 'voidReason'>): Draw {
  return {
    id: row.id, taskId: row.taskId, regionCode: row.regionCode, attempt: row.attempt, previousDrawId: row.previousDrawId, operatorId: row.operatorId,
    requiredSupervisors: row.requiredSupervisors, supervisorIds: row.supervisorIds, status: row.status as DrawStatus, voidReason: row.voidReason,
  };
}

/** The running draws (准备 … 已抽取) in the caller's data scope, as domain Draws, oldest first. */
export async function loadDrawsForDue(db: Db, scope: DataScope): Promise<Draw[]> {
  const rows = await db.select({ draw: draws }).from(draws).innerJoin(tasks, eq(tasks.id, draws.taskId))
    .where(and(inArray(draws.status, [...RUNNING_DRAW_STATUSES]), drawScope(scope)))
    .orderBy(asc(draws.createdAt)).limit(1000);
  return rows.map((r) => drawOf(r.draw));
}
