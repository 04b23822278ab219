/** The 后续处置 vocabulary (domain/inspection/follow_up_states.ts) as the list's tags. */
import { FOLLOW_UP_MEASURES, FOLLOW_UP_STATUS_LABELS, type FollowUpStatus } from '../../../../domain/inspection/follow_up_states';
import type { ValueEnum } from '../../components/value_tag';

const COLORS: Readonly<Record<FollowUpStatus, string>> = { open: 'blue', awaiting: 'gold', accepted: 'cyan', returned: 'red', sent_judicial: 'purple', closed: 'green' };

export const FOLLOW_UP_STATUS_ENUM: ValueEnum = Object.fromEntries(
  (Object.keys(FOLLOW_UP_STATUS_LABELS) as FollowUpStatus[]).map((key) => [key, { text: FOLLOW_UP_STATUS_LABELS[key], color: COLORS[key] }]),
);

export const FOLLOW_UP_MEASURE_ENUM: ValueEnum = Object.fromEntries(Object.entries(FOLLOW_UP_MEASURES).map(([key, text]) => [key, { text }]));
