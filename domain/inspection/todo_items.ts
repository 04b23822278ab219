import type { DateOnly } from '../calendar/civil_date';
import type { TodoItem } from '../workflow/todo_items';
import { RESULT_STATUS_LABELS } from './categories';

/**
 * 待办 of inspection results (issue #10 item 4: each role's 待办 shows what is due and overdue, in traffic-light
 * colours): the team leader's results to enter (曲阳第20条: within 5 working days of the check; before the check date
 * is known, by the end of the task's period), the department's results to review and to publish (长春第19条: within
 * 20 working days of the check), one item per task, and the corrections awaiting the head (长春第20条).
 */

/** An object the caller leads whose result is not submitted yet (server/modules/results/due.ts). */
export interface EntryDueFact {
  readonly taskObjectId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly entityName: string;
  readonly status: 'draft' | 'returned' | null;
  readonly entryDue: DateOnly | null;
  readonly periodEnd: DateOnly;
}

export function entryItems(facts: readonly EntryDueFact[], today: DateOnly): TodoItem[] {
  return facts.map((f) => {
    const dueOn = f.entryDue ?? f.periodEnd;
    const what = f.status === 'returned' ? '按退回意见修改并重新提交检查结果' : '录入并提交检查结果';
    return {
      kind: 'result_entry', recordType: 'inspection_object', recordId: f.taskObjectId,
      title: `${what}：${f.entityName}（${f.taskName}，${f.taskCode}）${dueOn < today ? '，已逾期' : ''}`,
      dueOn, overdue: dueOn < today, provisional: false,
      source: f.entryDue ? '曲阳第20条：完成检查后5个工作日内录入平台（谁检查、谁录入）' : '检查结果应在任务检查期间内录入（曲阳第20条）',
    };
  });
}

/** The results of one task awaiting review (submitted) or publication (approved), within the caller's scope. */
export interface ReviewDueFact {
  readonly taskId: string;
  readonly taskCode: string;
  readonly taskName: string;
  readonly status: 'submitted' | 'approved';
  readonly count: number;
  /** The earliest publication deadline among them. */
  readonly publishDue: DateOnly | null;
  readonly dueProvisional: boolean;
}

export function reviewItems(facts: readonly ReviewDueFact[], today: DateOnly): TodoItem[] {
  return facts.map((f) => {
    const overdue = f.publishDue !== null && f.publishDue < today;
    const label = RESULT_STATUS_LABELS[f.status];
    return {
      kind: f.status === 'submitted' ? 'result_review' : 'result_publish', recordType: 'inspection_results', recordId: `${f.taskId}:${f.status}`,
      title: `${f.status === 'submitted' ? '审核' : '公示'}检查结果：${f.taskName}（${f.taskCode}）${f.count} 条${label}${overdue ? '，已超过公示期限' : ''}`,
      dueOn: f.publishDue, overdue, provisional: f.dueProvisional, source: '长春第19条：检查结果应于检查完成后20个工作日内公示',
    };
  });
}

/** A correction of the head's department awaiting approval. */
export interface CorrectionDueFact {
  readonly correctionId: string;
  readonly resultId: string;
  readonly taskName: string;
  readonly entityName: string;
  readonly reason: string;
}

export function correctionItems(facts: readonly CorrectionDueFact[]): TodoItem[] {
  return facts.map((f) => ({
    kind: 'correction_approval', recordType: 'inspection_result', recordId: f.resultId,
    title: `审批检查结果更正：${f.entityName}（${f.taskName}），理由：${f.reason}`,
    dueOn: null, overdue: false, provisional: false, source: '长春第20条：已公示的抽查结果确需更正的，须经主要负责人同意',
  }));
}
