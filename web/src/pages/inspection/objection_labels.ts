/** The objection vocabulary (domain/inspection/objection_states.ts) as tags and options. */
import { FEEDBACK_METHODS, OBJECTION_CHANNELS, OBJECTION_STATUS_LABELS, type ObjectionStatus } from '../../../../domain/inspection/objection_states';
import type { ValueEnum } from '../../components/value_tag';
import { optionsOf } from './result_labels';

const STATUS_COLORS: Readonly<Record<ObjectionStatus, string>> = { received: 'gold', reviewing: 'blue', upheld: 'volcano', dismissed: 'purple', answered: 'green' };

export const OBJECTION_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(OBJECTION_STATUS_LABELS) as ObjectionStatus[]).map((key) => [key, { text: OBJECTION_STATUS_LABELS[key], color: STATUS_COLORS[key] }]),
);
export const OBJECTION_CHANNEL_ENUM: ValueEnum = Object.fromEntries(Object.entries(OBJECTION_CHANNELS).map(([key, text]) => [key, { text }]));
export const FEEDBACK_METHOD_OPTIONS = optionsOf(FEEDBACK_METHODS);
export const ENTERED_CHANNEL_OPTIONS = [{ value: 'counter', label: OBJECTION_CHANNELS.counter }, { value: 'mail', label: OBJECTION_CHANNELS.mail }];

/** The deadline that applies now, named: 复核期限 until decided, then 反馈期限. */
export function dueLabel(status: ObjectionStatus): string {
  return status === 'received' || status === 'reviewing' ? '复核期限' : '反馈期限';
}
