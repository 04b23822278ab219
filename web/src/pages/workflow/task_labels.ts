/** Tags and labels of 抽查任务 shared by the list, editor and detail pages. */
import { TASK_STATUS_LABELS, type TaskStatus } from '../../../../domain/workflow/task_states';
import type { ValueEnum } from '../../components/value_tag';

const STATUS_COLORS: Readonly<Record<TaskStatus, string>> = {
  draft: 'default', in_review: 'orange', published: 'green', drawing: 'purple', drawn: 'cyan', dispatched: 'blue', inspecting: 'geekblue',
  completed: 'green', terminated: 'red',
};

export const TASK_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(TASK_STATUS_LABELS) as TaskStatus[]).map((s) => [s, { text: TASK_STATUS_LABELS[s], color: STATUS_COLORS[s] }]),
);

export const TASK_KIND_ENUM: ValueEnum = { planned: { text: '计划任务', color: 'blue' }, ad_hoc: { text: '临时任务', color: 'gold' } };

export const DECISION_LABELS: Readonly<Record<string, string>> = { submitted: '提交审核', approved: '审核通过', returned: '退回', withdrawn: '撤回' };
