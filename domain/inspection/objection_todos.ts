import type { DateOnly } from '../calendar/civil_date';
import type { TodoItem } from '../workflow/todo_items';
import { currentDue, isOverdue, type ObjectionStatus } from './objection_states';

/** An open objection of the reviewer's scope (server/modules/objections/store.ts objectionsDue). */
export interface ObjectionDueFact {
  readonly id: string;
  readonly entityName: string;
  readonly taskName: string;
  readonly status: ObjectionStatus;
  readonly reviewDue: DateOnly;
  readonly feedbackDue: DateOnly;
  readonly dueProvisional: boolean;
}

/**
 * 威海第11条: the reviewers' 待办 — objections to review within 20 working days of receipt, and decided ones to feed
 * back within 15 working days of the decision — each with its deadline, overdue when passed.
 */
export function objectionItems(facts: readonly ObjectionDueFact[], today: DateOnly): TodoItem[] {
  return facts.flatMap((f): TodoItem[] => {
    const dueOn = currentDue(f.status, f);
    if (dueOn === null) return [];
    const overdue = isOverdue(f.status, f, today);
    const review = f.status === 'received' || f.status === 'reviewing';
    return [{
      kind: review ? 'objection_review' : 'objection_feedback', recordType: 'objection', recordId: f.id,
      title: `${review ? (f.status === 'received' ? '复核异议' : '作出异议复核结论') : '反馈异议复核结果'}：${f.entityName}（${f.taskName}）${overdue ? '，已逾期' : ''}`,
      dueOn, overdue, provisional: f.dueProvisional,
      source: review ? '威海第11条：收到异议申请材料之日起20个工作日内复查' : '威海第11条：复查情况自作出复查结果之日起15个工作日内反馈检查对象',
    }];
  });
}
