import { z } from 'zod';

export const TodoKindField = z.enum([
  'plan_review', 'plan_returned', 'plan_not_submitted', 'joint_plan_missing', 'plan_adjustment', 'task_review', 'draw_presence',
  'certificate_expired', 'certificate_expiring', 'directory_confirmation', 'dispatch_confirmation', 'replacement_approval', 'recusal_approval',
  'result_entry', 'result_review', 'result_publish', 'correction_approval',
  'follow_up_accept', 'follow_up_overdue',
  'objection_review', 'objection_feedback',
]);

export const TodoItemRow = z.object({
  kind: TodoKindField,
  /** 待办类型 in Chinese. */
  kindLabel: z.string(),
  recordType: z.enum(['plan', 'task', 'draw', 'department', 'region', 'inspector', 'inspectors', 'directory', 'dispatch', 'recusal', 'inspection_object', 'inspection_results', 'inspection_result',
    'follow_up', 'objection']),
  recordId: z.string(),
  title: z.string(),
  /** The web page of the record (a route of web/src/routes.tsx). */
  link: z.string(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  /** 暂定: the deadline runs through a year without an official holiday schedule. */
  provisional: z.boolean(),
  /** The traffic light: overdue (red), due within 3 working days (orange), otherwise (green). */
  urgency: z.enum(['overdue', 'soon', 'normal']),
  /** The rule the item comes from. */
  source: z.string(),
});
export type TodoItemRow = z.infer<typeof TodoItemRow>;

export const TodoList = z.object({
  today: z.string(),
  items: z.array(TodoItemRow),
  overdue: z.number().int(),
});
export type TodoList = z.infer<typeof TodoList>;
