/** Task rows as the domain's Task (domain/workflow/task_states.ts), for the state machine and the 待办 builder. */
import type { DataScope } from '../../../domain/access/data_scope';
import type { ApprovalChain } from '../../../domain/workflow/approval_chain';
import type { Task, TaskStatus } from '../../../domain/workflow/task_states';
import type { Db } from '../../db/database';
import type { tasks } from '../../db/schema';
import { taskRows } from './store';

export function taskOfRow(row: typeof tasks.$inferSelect): Task {
  return {
    id: row.id, planId: row.planId, name: row.name, leadDepartmentId: row.leadDepartmentId,
    participatingDepartmentIds: row.participatingDepartmentIds, regionCode: row.regionCode, chain: row.chain as ApprovalChain,
    status: row.status as TaskStatus, stepIndex: row.stepIndex, submittedBy: row.submittedBy, returnComments: row.returnComments,
    terminationReason: row.terminationReason,
  };
}

/** Tasks still under way (not 已完成 or 已终止) that `scope` sees: the lead's and the participants' tasks. */
const OPEN_STATUSES: readonly TaskStatus[] = ['draft', 'in_review', 'published', 'drawing', 'drawn', 'dispatched', 'inspecting'];

/** The tasks the 待办 builder (domain/workflow/due_items.ts) looks at for a user of `scope`. */
export async function loadTasksForDue(db: Db, scope: DataScope): Promise<Task[]> {
  return (await taskRows(db, scope, OPEN_STATUSES)).map(taskOfRow);
}
