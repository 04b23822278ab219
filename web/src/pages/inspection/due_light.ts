/**
 * The traffic light of a deadline on 我的检查: red once overdue, amber when at most 2 working days remain, green
 * otherwise. Working days on the built-in national schedule (domain/calendar); the server's deadlines already count
 * the region's own holidays, this only colours them.
 */
import { dateOnly } from '../../../../domain/calendar/civil_date';
import { DEFAULT_CALENDAR, workingDaysBetween, type WorkingDayCalendar } from '../../../../domain/calendar/working_days';
import type { MyObjectRow } from '../../api/inspection';

export type DueLight = 'green' | 'amber' | 'red';

/** How many working days before the deadline the light turns amber. */
export const AMBER_WORKING_DAYS = 2;

export function dueLight(due: string, today: string, calendar: WorkingDayCalendar = DEFAULT_CALENDAR): DueLight {
  if (due < today) return 'red';
  return workingDaysBetween(dateOnly(today), dateOnly(due), calendar).days <= AMBER_WORKING_DAYS ? 'amber' : 'green';
}

export interface ObjectDue {
  readonly date: string;
  readonly label: string;
}

/**
 * The deadline the inspector works against: none once submitted; the entry deadline once checked (5 working days,
 * 曲阳第20条); before that, the end of the task's inspection period.
 */
export function objectDue(row: Pick<MyObjectRow, 'result' | 'entryDue' | 'periodEnd'>): ObjectDue | null {
  const status = row.result?.status;
  if (status === 'submitted' || status === 'approved' || status === 'published') return null;
  if (row.result?.checkDate && row.entryDue) return { date: row.entryDue, label: '录入期限' };
  return { date: row.periodEnd, label: '检查期限' };
}

export const LIGHT_COLORS: Readonly<Record<DueLight, string>> = { green: 'green', amber: 'orange', red: 'red' };
export const LIGHT_TEXT: Readonly<Record<DueLight, string>> = { green: '正常', amber: '即将到期', red: '已逾期' };
