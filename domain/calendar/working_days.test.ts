import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import cd2025 from 'chinese-days/dist/years/2025.json';
import cd2026 from 'chinese-days/dist/years/2026.json';
import { addDays, dateOnly, fromDayNumber, toDayNumber, type DateOnly } from './civil_date';
import { BUILTIN_SCHEDULES, SCHEDULE_2025, SCHEDULE_2026, type YearSchedule } from './holidays';
import {
  DEFAULT_CALENDAR,
  addWorkingDays,
  createCalendar,
  createCalendarOrThrow,
  isWorkingDay,
  workingDaysBetween,
} from './working_days';

const cal = DEFAULT_CALENDAR;
const D = dateOnly;

function expandHolidays(s: YearSchedule): string[] {
  const out: string[] = [];
  for (const p of s.holidays) {
    for (let n = toDayNumber(p.from); n <= toDayNumber(p.to); n += 1) out.push(fromDayNumber(n));
  }
  return out.sort();
}

describe('built-in schedules (domain.md §4.6)', () => {
  it('have 248 working days in 2025 and in 2026, computed without guessing', () => {
    expect(workingDaysBetween(D('2024-12-31'), D('2025-12-31'), cal)).toEqual({ days: 248, provisional: false, unscheduledYears: [] });
    expect(workingDaysBetween(D('2025-12-31'), D('2026-12-31'), cal)).toEqual({ days: 248, provisional: false, unscheduledYears: [] });
  });

  it('match chinese-days 1.5.7’s data files day for day', () => {
    expect(expandHolidays(SCHEDULE_2025)).toEqual(Object.keys(cd2025.holidays).sort());
    expect(expandHolidays(SCHEDULE_2026)).toEqual(Object.keys(cd2026.holidays).sort());
    expect([...SCHEDULE_2025.makeupWorkdays].sort()).toEqual(Object.keys(cd2025.workdays).sort());
    expect([...SCHEDULE_2026.makeupWorkdays].sort()).toEqual(Object.keys(cd2026.workdays).sort());
  });

  it('agree with chinese-days isWorkday on every day of 2025–2026', () => {
    for (let n = toDayNumber(D('2025-01-01')); n <= toDayNumber(D('2026-12-31')); n += 1) {
      const date = fromDayNumber(n);
      expect(isWorkingDay(date, cal).workingDay, date).toBe(chineseDays.isWorkday(date));
    }
  });

  it('is what BUILTIN_SCHEDULES lists', () => {
    expect(BUILTIN_SCHEDULES.map((s) => s.year)).toEqual([2025, 2026]);
    expect([...cal.scheduledYears]).toEqual([2025, 2026]);
  });
});

describe('isWorkingDay', () => {
  it('explains the kind of day', () => {
    expect(isWorkingDay(D('2026-10-01'), cal)).toEqual({ date: '2026-10-01', workingDay: false, kind: 'holiday', holidayName: '国庆节', provisional: false });
    expect(isWorkingDay(D('2026-02-14'), cal)).toEqual({ date: '2026-02-14', workingDay: true, kind: 'makeup_workday', provisional: false });
    expect(isWorkingDay(D('2026-09-19'), cal)).toMatchObject({ workingDay: false, kind: 'weekend' });
    expect(isWorkingDay(D('2026-09-18'), cal)).toMatchObject({ workingDay: true, kind: 'workday' });
  });
  it('flags days in unscheduled years as provisional (weekends and the fixed statutory days only)', () => {
    expect(isWorkingDay(D('2027-01-01'), cal)).toEqual({ date: '2027-01-01', workingDay: false, kind: 'holiday', holidayName: '元旦', provisional: true });
    expect(isWorkingDay(D('2027-01-04'), cal)).toEqual({ date: '2027-01-04', workingDay: true, kind: 'workday', provisional: true });
    expect(isWorkingDay(D('2027-01-02'), cal)).toMatchObject({ workingDay: false, kind: 'weekend', provisional: true });
    expect(isWorkingDay(D('2027-05-01'), cal)).toMatchObject({ workingDay: false, kind: 'holiday', holidayName: '劳动节' });
    for (const day of ['2027-10-01', '2027-10-04', '2027-10-05']) expect(isWorkingDay(D(day), cal).workingDay, day).toBe(day !== '2027-10-01');
    expect(isWorkingDay(D('2028-10-03'), cal)).toMatchObject({ workingDay: false, kind: 'holiday', holidayName: '国庆节', provisional: true });
    // 春节 2027 is not guessed: only the fixed Gregorian dates are known before the notice.
    expect(isWorkingDay(D('2027-02-08'), cal)).toMatchObject({ workingDay: true, kind: 'workday', provisional: true });
  });
});

describe('addWorkingDays', () => {
  it('20 working days after 2026-09-18 is 2026-10-22 (over 中秋 and 国庆)', () => {
    expect(addWorkingDays(D('2026-09-18'), 20, cal)).toEqual({ date: '2026-10-22', provisional: false, unscheduledYears: [] });
  });
  it('counts a 调休 Saturday as a working day', () => {
    expect(addWorkingDays(D('2026-02-13'), 1, cal).date).toBe('2026-02-14');
    expect(addWorkingDays(D('2026-02-14'), 1, cal).date).toBe('2026-02-24');
  });
  it('n = 0 gives the day itself or the next working day', () => {
    expect(addWorkingDays(D('2026-09-18'), 0, cal).date).toBe('2026-09-18');
    expect(addWorkingDays(D('2026-10-01'), 0, cal).date).toBe('2026-10-08');
  });
  it('is provisional when the period runs into an unpublished year', () => {
    // 2027-01-01 (Friday, 元旦) is off even before the 2027 notice.
    expect(addWorkingDays(D('2026-12-20'), 20, cal)).toEqual({ date: '2027-01-18', provisional: true, unscheduledYears: [2027] });
    expect(addWorkingDays(D('2024-12-31'), 1, cal)).toEqual({ date: '2025-01-02', provisional: true, unscheduledYears: [2024] });
  });
  it('throws for negative or fractional n', () => {
    expect(() => addWorkingDays(D('2026-01-05'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(D('2026-01-05'), 1.5, cal)).toThrow(RangeError);
  });
  it('property: lands on a working day exactly n working days later', () => {
    const start = toDayNumber(D('2025-01-01'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 80 }), (offset, n) => {
        const from = fromDayNumber(start + offset);
        const r = addWorkingDays(from, n, cal);
        expect(isWorkingDay(r.date, cal).workingDay).toBe(true);
        expect(workingDaysBetween(from, r.date, cal).days).toBe(n);
        expect(workingDaysBetween(from, addDays(r.date, -1), cal).days).toBe(n - 1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts (a, b], negative when reversed, 0 without -0', () => {
    expect(workingDaysBetween(D('2026-09-18'), D('2026-10-22'), cal).days).toBe(20);
    expect(workingDaysBetween(D('2026-10-22'), D('2026-09-18'), cal).days).toBe(-20);
    expect(workingDaysBetween(D('2026-09-18'), D('2026-09-18'), cal).days).toBe(0);
    expect(Object.is(workingDaysBetween(D('2026-09-20'), D('2026-09-19'), { ...cal, makeupWorkdays: new Set() }).days, 0)).toBe(true);
  });
  it('lists the unscheduled years it crossed', () => {
    expect(workingDaysBetween(D('2024-12-30'), D('2027-01-04'), cal)).toMatchObject({ provisional: true, unscheduledYears: [2024, 2027] });
  });
});

describe('createCalendar', () => {
  const base: YearSchedule = { year: 2030, source: 'test', holidays: [], makeupWorkdays: [] };
  const bad = (s: Partial<YearSchedule>, extra: YearSchedule[] = []) => createCalendar([...extra, { ...base, ...s }]);
  const day = (s: string): DateOnly => D(s);

  it('accepts an administrator-made schedule and uses it', () => {
    const custom = createCalendarOrThrow([{ ...base, holidays: [{ name: '地方节日', from: day('2030-01-02'), to: day('2030-01-02') }] }]);
    expect(isWorkingDay(D('2030-01-02'), custom)).toMatchObject({ workingDay: false, holidayName: '地方节日', provisional: false });
  });
  it('rejects inconsistent schedules with Chinese messages', () => {
    expect(bad({}, [base])).toEqual({ ok: false, error: { code: 'duplicate_year', message: '2030年的节假日安排重复' } });
    expect(bad({ holidays: [{ name: '元旦', from: day('2029-12-31'), to: day('2030-01-01') }] })).toMatchObject({ ok: false, error: { code: 'outside_year' } });
    expect(bad({ holidays: [{ name: '元旦', from: day('2030-01-03'), to: day('2030-01-01') }] })).toEqual({
      ok: false,
      error: { code: 'bad_period', message: '“元旦”的结束日期2030-01-01早于开始日期2030-01-03' },
    });
    expect(bad({ makeupWorkdays: [day('2031-01-04')] })).toMatchObject({ ok: false, error: { code: 'outside_year' } });
    expect(bad({ makeupWorkdays: [day('2030-01-07')] })).toEqual({ ok: false, error: { code: 'makeup_not_weekend', message: '调休上班日2030-01-07不是周末' } });
    expect(bad({ holidays: [{ name: '春节', from: day('2030-01-05'), to: day('2030-01-06') }], makeupWorkdays: [day('2030-01-05')] })).toEqual({
      ok: false,
      error: { code: 'overlap', message: '2030-01-05既是假日又是调休上班日' },
    });
  });
  it('createCalendarOrThrow throws on bad data', () => {
    expect(() => createCalendarOrThrow([base, base])).toThrow('2030年的节假日安排重复');
  });
});
