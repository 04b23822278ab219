import { err, ok, type Result } from '../basics/result';

/**
 * Calendar dates as 'YYYY-MM-DD' strings (proleptic Gregorian, no time zone: a date in Asia/Shanghai as
 * the user means it). domain/ has no clock, so arithmetic is done on day numbers (days since 1970-01-01)
 * with Howard Hinnant's civil-date algorithms (public domain, http://howardhinnant.github.io/date_algorithms.html).
 */
export type DateOnly = string & { readonly __brand: 'DateOnly' };

export interface DateError {
  readonly code: 'date_format' | 'date_invalid';
  readonly message: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses and checks a 'YYYY-MM-DD' string (years 1000–9999). */
export function parseDateOnly(input: string): Result<DateOnly, DateError> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (!m) return err({ code: 'date_format', message: `日期格式应为YYYY-MM-DD，实际为“${input}”` });
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return err({ code: 'date_invalid', message: `日期“${input.trim()}”不存在` });
  }
  return ok(input.trim() as DateOnly);
}

/** For literals and trusted data: like {@link parseDateOnly} but throws on a bad date (a bug). */
export function dateOnly(input: string): DateOnly {
  const r = parseDateOnly(input);
  if (!r.ok) throw new RangeError(r.error.message);
  return r.value;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: DateOnly): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): DateOnly {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` as DateOnly;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar days. */
export function addDays(date: DateOnly, days: number): DateOnly {
  return fromDayNumber(toDayNumber(date) + days);
}

/** The year of a date. */
export function yearOf(date: DateOnly): number {
  return Number(date.slice(0, 4));
}
