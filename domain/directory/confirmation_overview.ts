/**
 * 两库确认 overview for the 双随机办 (issue #8 item 8; 长春第7条 「各级各有关部门每次组织抽查活动前必须对“两库”进行更新确认」):
 * each department's directories as 已确认, 即将到期 (the confirmation lapses within the 待办's warning window) or
 * 已逾期 (never confirmed, or older than the time limit, so a draw is refused).
 */
import { addDays, type DateOnly } from '../calendar/civil_date';
import { CONFIRMATION_WARN_DAYS } from '../workflow/todo_items';
import type { DirectoryFreshness } from './freshness';

export const OVERVIEW_STATUSES = ['overdue', 'due', 'confirmed'] as const;
export type OverviewStatus = (typeof OVERVIEW_STATUSES)[number];
export const OVERVIEW_STATUS_LABELS: Readonly<Record<OverviewStatus, string>> = { confirmed: '已确认', due: '即将到期', overdue: '已逾期' };

export interface OverviewState {
  readonly status: OverviewStatus;
  /** The last day the confirmation still counts (the last confirmation + the time limit); null when never confirmed. */
  readonly validUntil: DateOnly | null;
}

/** One directory's place in the overview, from its freshness (domain/directory/freshness.ts). */
export function overviewState(state: DirectoryFreshness, maxAgeDays: number, warnDays = CONFIRMATION_WARN_DAYS): OverviewState {
  if (state.lastConfirmedOn === null || state.ageDays === null) return { status: 'overdue', validUntil: null };
  const validUntil = addDays(state.lastConfirmedOn, maxAgeDays);
  if (state.status !== 'fresh') return { status: 'overdue', validUntil };
  return { status: maxAgeDays - state.ageDays < warnDays ? 'due' : 'confirmed', validUntil };
}

/** A department's status: its worst directory's (已逾期 before 即将到期 before 已确认). */
export function worstStatus(statuses: readonly OverviewStatus[]): OverviewStatus {
  return OVERVIEW_STATUSES.find((s) => statuses.includes(s)) ?? 'confirmed';
}
