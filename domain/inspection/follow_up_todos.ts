import type { DateOnly } from '../calendar/civil_date';
import type { TodoItem } from '../workflow/todo_items';
import { FOLLOW_UP_STATUS_LABELS, type FollowUpStatus } from './follow_up_states';

/**
 * 待办 of 后续处置 (issue #10 item 7): a transfer awaiting the receiving department's acceptance (谁主管、谁负责, 曲阳第22条),
 * and a follow-up still 未完结 past its due date (整改期限 or 办理期限) for the side now handling it.
 */
export interface FollowUpDueFact {
  readonly id: string;
  readonly entityName: string;
  readonly taskName: string;
  readonly status: FollowUpStatus;
  readonly dueDate: DateOnly | null;
  /** Whose 待办: the receiver's (待接收, or accepted and past due) or the owner's (未完结 past due). */
  readonly side: 'owner' | 'receiver';
  readonly fromDepartmentName: string;
}

export function followUpItems(facts: readonly FollowUpDueFact[], today: DateOnly): TodoItem[] {
  return facts.map((f) => {
    const overdue = f.dueDate !== null && f.dueDate < today;
    if (f.status === 'awaiting') {
      return {
        kind: 'follow_up_accept', recordType: 'follow_up', recordId: f.id,
        title: `接收或退回移送的后续处置：${f.entityName}（${f.taskName}，${f.fromDepartmentName}移送）`,
        dueOn: f.dueDate, overdue, provisional: false, source: '曲阳第22条：按照“谁主管、谁负责”原则，落实下一步深入调查与处理',
      };
    }
    return {
      kind: 'follow_up_overdue', recordType: 'follow_up', recordId: f.id,
      title: `后续处置已逾期未完结：${f.entityName}（${f.taskName}，${FOLLOW_UP_STATUS_LABELS[f.status]}）`,
      dueOn: f.dueDate, overdue, provisional: false, source: '长春第28条：做好抽查检查与后续监管工作的衔接，防止监管脱节',
    };
  });
}
