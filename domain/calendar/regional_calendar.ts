import { err, ok, type Result } from '../basics/result';
import { regionPrefix } from '../access/data_scope';
import { toDayNumber, type DateOnly } from './civil_date';
import { BUILTIN_SCHEDULES, type YearSchedule } from './holidays';
import { createCalendar, type CalendarError, type WorkingDayCalendar } from './working_days';

/**
 * The platform's working-day calendar (issue #9 item 1): the built-in official schedules, the years an
 * administrator entered when the State Council published them, and regional extra holidays (e.g. the
 * days an ethnic-autonomous area adds, domain.md §4.6). A regional holiday applies to its region and
 * every region below it by GB/T 2260 prefix (a 2201xx holiday of 长春市 covers 南关区 220102).
 */
export interface RegionalHoliday {
  readonly regionCode: string;
  readonly date: DateOnly;
  readonly name: string;
}

export interface CalendarSet {
  /** The national calendar (built-in + entered years), without regional days. */
  readonly national: WorkingDayCalendar;
  readonly regionalHolidays: readonly RegionalHoliday[];
}

/** Where a year's schedule comes from: 内置 (shipped), 已录入 (entered), or none yet (暂定). */
export type YearStatus = 'builtin' | 'entered' | 'provisional';

export const YEAR_STATUS_LABELS: Readonly<Record<YearStatus, string>> = { builtin: '内置', entered: '已录入', provisional: '暂定' };

/**
 * Whether a regional holiday of `holidayRegion` applies in `regionCode` (the same region or one below it, by
 * GB/T 2260 prefix). Uses the code structure only, so the browser needs no region table.
 */
export function regionalHolidayApplies(holidayRegion: string, regionCode: string): boolean {
  return regionCode.startsWith(regionPrefix(holidayRegion));
}

/**
 * Builds the calendar set from the entered years and regional holidays; the built-in years always take
 * part and an entered schedule for a built-in year is refused (`duplicate_year`), like any duplicate.
 */
export function buildCalendarSet(
  entered: readonly YearSchedule[],
  regionalHolidays: readonly RegionalHoliday[],
  builtin: readonly YearSchedule[] = BUILTIN_SCHEDULES,
): Result<CalendarSet, CalendarError> {
  const national = createCalendar([...builtin, ...entered]);
  if (!national.ok) return err(national.error);
  return ok({ national: national.value, regionalHolidays });
}

/**
 * The calendar for one region: the national one plus the regional holidays that apply there. A regional
 * holiday on a 调休 working weekend day makes that day off in its region (the holiday wins). `null` region:
 * the national calendar.
 */
export function calendarForRegion(set: CalendarSet, regionCode: string | null): WorkingDayCalendar {
  if (regionCode === null) return set.national;
  const local = set.regionalHolidays.filter((h) => regionalHolidayApplies(h.regionCode, regionCode));
  if (local.length === 0) return set.national;
  const holidays = new Map(set.national.holidays);
  for (const h of local) {
    const n = toDayNumber(h.date);
    if (!holidays.has(n)) holidays.set(n, h.name);
  }
  return { ...set.national, holidays };
}

/** The status of each year from `from` to `to` (inclusive), for the year list. */
export function yearStatuses(
  from: number, to: number, enteredYears: ReadonlySet<number>, builtin: readonly YearSchedule[] = BUILTIN_SCHEDULES,
): { year: number; status: YearStatus }[] {
  const builtinYears = new Set(builtin.map((s) => s.year));
  const out: { year: number; status: YearStatus }[] = [];
  for (let year = from; year <= to; year += 1) {
    out.push({ year, status: builtinYears.has(year) ? 'builtin' : enteredYears.has(year) ? 'entered' : 'provisional' });
  }
  return out;
}
