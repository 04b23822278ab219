import { err, ok, type Result } from '../basics/result';
import { fromDayNumber, isoWeekday, toDayNumber, type DateOnly } from './civil_date';
import { BUILTIN_SCHEDULES, type YearSchedule } from './holidays';

/**
 * Working-day arithmetic over an injected holiday calendar (domain.md §4.6):
 * a working day is a Monday–Friday that is not a holiday, or an official 调休 makeup workday.
 * Counting starts the day after the trigger (民法典 第201条: a period in days starts the next day).
 *
 * When a computation looks at a day in a year whose schedule is not in the calendar, only weekends and the
 * fixed-date statutory holidays ({@link FIXED_STATUTORY_HOLIDAYS}) are days off for that year and the answer
 * carries `provisional: true` (暂定) with the year listed in `unscheduledYears` — never a silent guess
 * (stack.md §5: chinese-days treats 2027 as all-workday silently). It is recomputed once the year is entered.
 */
export interface WorkingDayCalendar {
  /** Years whose official schedule is loaded. */
  readonly scheduledYears: ReadonlySet<number>;
  /** Day number → holiday name. */
  readonly holidays: ReadonlyMap<number, string>;
  /** Day numbers of 调休 makeup workdays. */
  readonly makeupWorkdays: ReadonlySet<number>;
}

export interface CalendarError {
  readonly code: 'duplicate_year' | 'outside_year' | 'bad_period' | 'makeup_not_weekend' | 'overlap';
  readonly message: string;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  readonly date: DateOnly;
  readonly workingDay: boolean;
  readonly kind: DayKind;
  /** Set for kind 'holiday'. */
  readonly holidayName?: string;
  /** True when the date's year has no schedule in the calendar (weekends-only guess). */
  readonly provisional: boolean;
}

export interface ProvisionalFlag {
  /** True when any day looked at lies in a year without a schedule. */
  readonly provisional: boolean;
  /** Those years, ascending. */
  readonly unscheduledYears: readonly number[];
}

export interface WorkingDayDate extends ProvisionalFlag {
  readonly date: DateOnly;
}

export interface WorkingDayCount extends ProvisionalFlag {
  readonly days: number;
}

/**
 * 《全国年节及纪念日放假办法》第二条: the statutory holidays whose dates are fixed in the Gregorian calendar
 * (元旦 1月1日, 劳动节 5月1日, 国庆节 10月1日至3日). The lunar ones (春节, 清明, 端午, 中秋) and the 调休 are
 * only known from the State Council's yearly notice, so a year without a schedule has just these (issue #9).
 */
export const FIXED_STATUTORY_HOLIDAYS: ReadonlyMap<string, string> = new Map([
  ['01-01', '元旦'], ['05-01', '劳动节'], ['10-01', '国庆节'], ['10-02', '国庆节'], ['10-03', '国庆节'],
]);

function yearOfDay(dayNumber: number): number {
  return Number(fromDayNumber(dayNumber).slice(0, 4));
}

function isWeekend(dayNumber: number): boolean {
  return isoWeekday(dayNumber) >= 6;
}

/**
 * Compiles year schedules into a calendar, checking them: one schedule per year, every date inside its
 * year, periods not reversed, makeup workdays on weekends, and no day both holiday and makeup workday.
 */
export function createCalendar(schedules: readonly YearSchedule[]): Result<WorkingDayCalendar, CalendarError> {
  const scheduledYears = new Set<number>();
  const holidays = new Map<number, string>();
  const makeupWorkdays = new Set<number>();
  for (const s of schedules) {
    if (scheduledYears.has(s.year)) return err({ code: 'duplicate_year', message: `${s.year}年的节假日安排重复` });
    scheduledYears.add(s.year);
    for (const p of s.holidays) {
      const from = toDayNumber(p.from);
      const to = toDayNumber(p.to);
      if (yearOfDay(from) !== s.year || yearOfDay(to) !== s.year) {
        return err({ code: 'outside_year', message: `${s.year}年安排中的“${p.name}”（${p.from}至${p.to}）不在该年内` });
      }
      if (to < from) return err({ code: 'bad_period', message: `“${p.name}”的结束日期${p.to}早于开始日期${p.from}` });
      for (let n = from; n <= to; n += 1) holidays.set(n, p.name);
    }
    for (const w of s.makeupWorkdays) {
      const n = toDayNumber(w);
      if (yearOfDay(n) !== s.year) return err({ code: 'outside_year', message: `${s.year}年安排中的调休上班日${w}不在该年内` });
      if (!isWeekend(n)) return err({ code: 'makeup_not_weekend', message: `调休上班日${w}不是周末` });
      makeupWorkdays.add(n);
    }
  }
  for (const n of makeupWorkdays) {
    if (holidays.has(n)) return err({ code: 'overlap', message: `${fromDayNumber(n)}既是假日又是调休上班日` });
  }
  return ok({ scheduledYears, holidays, makeupWorkdays });
}

/** {@link createCalendar} for trusted, built-in data: throws if the schedules are inconsistent (a bug). */
export function createCalendarOrThrow(schedules: readonly YearSchedule[]): WorkingDayCalendar {
  const r = createCalendar(schedules);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The platform's built-in calendar: the official 2025 and 2026 schedules (holidays.ts). */
export const DEFAULT_CALENDAR: WorkingDayCalendar = createCalendarOrThrow(BUILTIN_SCHEDULES);

function dayInfo(dayNumber: number, calendar: WorkingDayCalendar): DayInfo {
  const date = fromDayNumber(dayNumber);
  const provisional = !calendar.scheduledYears.has(Number(date.slice(0, 4)));
  const holidayName = calendar.holidays.get(dayNumber) ?? (provisional ? FIXED_STATUTORY_HOLIDAYS.get(date.slice(5)) : undefined);
  if (holidayName !== undefined) return { date, workingDay: false, kind: 'holiday', holidayName, provisional };
  if (calendar.makeupWorkdays.has(dayNumber)) return { date, workingDay: true, kind: 'makeup_workday', provisional };
  if (isWeekend(dayNumber)) return { date, workingDay: false, kind: 'weekend', provisional };
  return { date, workingDay: true, kind: 'workday', provisional };
}

/** Whether `date` is a working day, and why (holiday name, 调休, weekend); provisional outside the calendar. */
export function isWorkingDay(date: DateOnly, calendar: WorkingDayCalendar): DayInfo {
  return dayInfo(toDayNumber(date), calendar);
}

class YearTracker {
  private readonly years = new Set<number>();
  note(info: DayInfo): void {
    if (info.provisional) this.years.add(Number(info.date.slice(0, 4)));
  }
  flag(): ProvisionalFlag {
    const unscheduledYears = [...this.years].sort((a, b) => a - b);
    return { provisional: unscheduledYears.length > 0, unscheduledYears };
  }
}

/**
 * The `n`-th working day after `date` (the trigger day itself never counts; the result is always a working
 * day). With n = 0: `date` itself if it is a working day, otherwise the next working day.
 * Throws RangeError for a negative or fractional n (a caller bug).
 */
export function addWorkingDays(date: DateOnly, n: number, calendar: WorkingDayCalendar): WorkingDayDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays needs a whole number ≥ 0, got ${n}`);
  const tracker = new YearTracker();
  let day = toDayNumber(date);
  let info = dayInfo(day, calendar);
  tracker.note(info);
  let remaining = n;
  if (n === 0 && info.workingDay) return { date, ...tracker.flag() };
  if (n === 0) remaining = 1;
  while (remaining > 0) {
    day += 1;
    info = dayInfo(day, calendar);
    tracker.note(info);
    if (info.workingDay) remaining -= 1;
  }
  return { date: info.date, ...tracker.flag() };
}

/**
 * Working days d with a < d ≤ b (so addWorkingDays(a, k) = b implies workingDaysBetween(a, b) = k).
 * Negative when b is before a (then it counts b < d ≤ a).
 */
export function workingDaysBetween(a: DateOnly, b: DateOnly, calendar: WorkingDayCalendar): WorkingDayCount {
  const start = toDayNumber(a);
  const end = toDayNumber(b);
  const [lo, hi, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  const tracker = new YearTracker();
  let days = 0;
  for (let n = lo + 1; n <= hi; n += 1) {
    const info = dayInfo(n, calendar);
    tracker.note(info);
    if (info.workingDay) days += 1;
  }
  // `+ 0` turns -0 (b before a, nothing counted) into 0.
  return { days: days * sign + 0, ...tracker.flag() };
}
