import { addDays, fromDayNumber, isoWeekday, parseDateOnly, toDayNumber, yearOf, type DateOnly } from './civil_date';
import type { HolidayPeriod, YearSchedule } from './holidays';

/**
 * A year's schedule as an administrator enters it: one row per day, each a holiday (放假) or a 调休
 * working weekend day (调休上班), with a name. This is the shape stored and shown; {@link scheduleFromDays}
 * turns it into the periods the working-day engine reads (domain.md §3 M16 item 5).
 */
export type ScheduleDayKind = 'holiday' | 'makeup_workday';

export interface ScheduleDay {
  readonly date: DateOnly;
  readonly kind: ScheduleDayKind;
  readonly name: string;
}

export const SCHEDULE_DAY_KIND_LABELS: Readonly<Record<ScheduleDayKind, string>> = { holiday: '放假', makeup_workday: '调休上班' };

/** The default name of a 调休 working day when the line gives none. */
export const MAKEUP_WORKDAY_NAME = '调休上班';

export const SCHEDULE_NAME_MAX = 20;

/** A problem with one row: its 0-based index in the list, the field, and a Chinese message. */
export interface ScheduleRowError {
  readonly index: number;
  readonly field: 'date' | 'kind' | 'name';
  readonly message: string;
}

/** A problem with one pasted line (1-based line number). */
export interface ScheduleLineError {
  readonly line: number;
  readonly message: string;
}

export interface RawScheduleDay {
  readonly date: string;
  readonly kind: ScheduleDayKind;
  readonly name: string;
}

/**
 * The State Council's notice rules as checked on entry (国务院《全国年节及纪念日放假办法》 and the yearly
 * 部分节假日安排的通知): every date inside the year, each day once, a day not both off and 调休上班, a 调休上班
 * day on a Saturday or Sunday (a weekday is a working day already), a holiday on any day.
 */
export function validateScheduleDays(year: number, days: readonly RawScheduleDay[]): ScheduleRowError[] {
  const errors: ScheduleRowError[] = [];
  const seen = new Map<string, { index: number; kind: ScheduleDayKind }>();
  days.forEach((day, index) => {
    const row = `第${index + 1}行`;
    const parsed = parseDateOnly(day.date);
    if (!parsed.ok) {
      errors.push({ index, field: 'date', message: `${row}：${parsed.error.message}` });
      return;
    }
    const date = parsed.value;
    if (yearOf(date) !== year) errors.push({ index, field: 'date', message: `${row}：${date}不在${year}年内` });
    const name = day.name.trim();
    if (name.length === 0) errors.push({ index, field: 'name', message: `${row}：名称不能为空` });
    if (name.length > SCHEDULE_NAME_MAX) errors.push({ index, field: 'name', message: `${row}：名称不能超过 ${SCHEDULE_NAME_MAX} 个字符` });
    if (day.kind === 'makeup_workday' && isoWeekday(toDayNumber(date)) < 6) {
      errors.push({ index, field: 'date', message: `${row}：调休上班日${date}不是周六或周日` });
    }
    const earlier = seen.get(date);
    if (earlier) {
      const message = earlier.kind === day.kind
        ? `${row}：${date}与第${earlier.index + 1}行重复`
        : `${row}：${date}不能既放假又调休上班（见第${earlier.index + 1}行）`;
      errors.push({ index, field: 'date', message });
    } else {
      seen.set(date, { index, kind: day.kind });
    }
  });
  return errors;
}

/** Sorted by date; consecutive holiday days with the same name become one period. */
export function scheduleFromDays(year: number, source: string, days: readonly ScheduleDay[]): YearSchedule {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const holidays: HolidayPeriod[] = [];
  for (const day of sorted) {
    if (day.kind !== 'holiday') continue;
    const last = holidays.at(-1);
    if (last && last.name === day.name && addDays(last.to, 1) === day.date) holidays[holidays.length - 1] = { ...last, to: day.date };
    else holidays.push({ name: day.name, from: day.date, to: day.date });
  }
  return { year, source, holidays, makeupWorkdays: sorted.filter((d) => d.kind === 'makeup_workday').map((d) => d.date) };
}

/** One row per day of a schedule (the built-in ones are shown this way), sorted by date. */
export function daysOfSchedule(schedule: YearSchedule): ScheduleDay[] {
  const out: ScheduleDay[] = [];
  for (const p of schedule.holidays) {
    for (let n = toDayNumber(p.from); n <= toDayNumber(p.to); n += 1) out.push({ date: fromDayNumber(n), kind: 'holiday', name: p.name });
  }
  for (const date of schedule.makeupWorkdays) out.push({ date, kind: 'makeup_workday', name: MAKEUP_WORKDAY_NAME });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

const LINE = /^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|~|～|—|--)\s*(\d{4}-\d{1,2}-\d{1,2}))?(?:[\s,，、\t]+(.*))?$/;

function normalizeDate(input: string): string {
  const [y, m, d] = input.split('-');
  return `${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

/**
 * Parses pasted lines as the notice reads: `2027-01-01 元旦`, `2027-02-06至2027-02-12 春节` (a period),
 * `2027-02-14 调休上班` or `2027-02-14 春节调休上班` (a name with 调休 or 上班 makes a 调休 working day).
 * Blank lines and lines starting with # are skipped. Each line's problems name its line number; the
 * parsed rows are then checked by {@link validateScheduleDays}, reported by line too.
 */
export function parseScheduleText(year: number, text: string): { days: ScheduleDay[]; errors: ScheduleLineError[] } {
  const errors: ScheduleLineError[] = [];
  const rows: { line: number; day: RawScheduleDay }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/\u3000/g, ' ').trim();
    if (content === '' || content.startsWith('#')) return;
    const m = LINE.exec(content);
    if (!m) {
      errors.push({ line, message: `第${line}行：应为“YYYY-MM-DD 名称”或“YYYY-MM-DD至YYYY-MM-DD 名称”` });
      return;
    }
    const from = parseDateOnly(normalizeDate(m[1] ?? ''));
    const to = m[2] === undefined ? from : parseDateOnly(normalizeDate(m[2]));
    if (!from.ok || !to.ok) {
      errors.push({ line, message: `第${line}行：${!from.ok ? from.error.message : !to.ok ? to.error.message : ''}` });
      return;
    }
    const span = toDayNumber(to.value) - toDayNumber(from.value);
    if (span < 0 || span > 31) {
      errors.push({ line, message: `第${line}行：${span < 0 ? '结束日期早于开始日期' : '一段假期不能超过 32 天'}` });
      return;
    }
    const name = (m[3] ?? '').trim();
    const kind: ScheduleDayKind = /调休|上班/.test(name) ? 'makeup_workday' : 'holiday';
    if (kind === 'holiday' && name === '') {
      errors.push({ line, message: `第${line}行：缺少节日名称（如“元旦”），调休上班日请写“调休上班”` });
      return;
    }
    for (let n = toDayNumber(from.value); n <= toDayNumber(to.value); n += 1) {
      rows.push({ line, day: { date: fromDayNumber(n), kind, name: name === '' ? MAKEUP_WORKDAY_NAME : name } });
    }
  });
  for (const e of validateScheduleDays(year, rows.map((r) => r.day))) {
    const line = rows[e.index]?.line ?? 0;
    // The row number in the message is the parsed day's; the user needs the line they pasted.
    errors.push({ line, message: `第${line}行：${e.message.replace(/^第\d+行：/, '').replace(/第(\d+)行/, (_, k: string) => `第${rows[Number(k) - 1]?.line ?? k}行`)}` });
  }
  errors.sort((a, b) => a.line - b.line);
  return { days: errors.length === 0 ? rows.map((r) => ({ ...r.day, date: r.day.date as DateOnly })) : [], errors };
}
