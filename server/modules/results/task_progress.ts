/**
 * A task follows its results (domain/workflow/task_states.ts): the first result entered for a 已派发 task moves it to
 * 检查中 (start_inspection), and the publication that leaves no object without a published result moves it to 已完成
 * (complete; 长春第19条: 抽查结果公示 closes the 抽查). Both run inside the result's own transaction, so the task's state
 * and its log rows change with the result or not at all.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DomainEvent } from '../../../domain/events';
import type { Db } from '../../db/database';
import { inspectionResults, taskObjects, tasks } from '../../db/schema';
import { applyTaskEvent } from '../tasks/transition';

interface Recorder { event(event: DomainEvent): void }

/** The task acts as its lead department (东胜 四（四）2); the person whose result moved it is recorded. */
function leadActor(userId: string, leadDepartmentId: string) {
  return { userId, departmentId: leadDepartmentId, regionCode: null, roleKeys: [] };
}

/**
 * 已派发 → 检查中 on the first result. Call it first in the entry's transaction, before the result row is written: the
 * result's foreign key takes a share lock on the task row, and two first entries each holding one while waiting for the
 * other's row lock would deadlock. Reads without a lock first: only the very first entries take the task's row lock.
 */
export async function startInspectionOnFirstResult(tx: Db, taskId: string, userId: string, record: Recorder, now: Date): Promise<void> {
  const [seen] = await tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, taskId));
  if (seen?.status !== 'dispatched') return;
  const [locked] = await tx.select({ status: tasks.status, lead: tasks.leadDepartmentId }).from(tasks).where(eq(tasks.id, taskId)).for('update');
  // Another first entry moved it while this one waited for the lock.
  if (locked?.status !== 'dispatched') return;
  const applied = await applyTaskEvent(tx, taskId, { type: 'start_inspection' }, leadActor(userId, locked.lead), { now });
  for (const e of applied.events) record.event(e);
}

/** 检查中 → 已完成 once every object still on the list (not 已替换) has a published result. */
export async function completeTasksWhenAllPublished(tx: Db, taskIds: readonly string[], userId: string, record: Recorder, now: Date): Promise<void> {
  if (taskIds.length === 0) return;
  const open = await tx.select({ id: tasks.id, lead: tasks.leadDepartmentId }).from(tasks)
    .where(and(inArray(tasks.id, [...new Set(taskIds)]), eq(tasks.status, 'inspecting')));
  for (const task of open) {
    const [left] = await tx.select({ n: sql<number>`count(*)::int` }).from(taskObjects)
      .leftJoin(inspectionResults, and(eq(inspectionResults.taskObjectId, taskObjects.id), eq(inspectionResults.status, 'published')))
      .where(and(eq(taskObjects.taskId, task.id), ne(taskObjects.status, 'replaced'), sql`${inspectionResults.id} is null`));
    if ((left?.n ?? 1) > 0) continue;
    const [locked] = await tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, task.id)).for('update');
    if (locked?.status !== 'inspecting') continue;
    const applied = await applyTaskEvent(tx, task.id, { type: 'complete' }, leadActor(userId, task.lead), { now });
    for (const e of applied.events) record.event(e);
  }
}
