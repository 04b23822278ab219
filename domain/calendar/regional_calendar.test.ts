import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateOnly as D, fromDayNumber, toDayNumber, yearOf } from './civil_date';
import { BUILTIN_SCHEDULES } from './holidays';
import { buildCalendarSet, calendarForRegion, regionalHolidayApplies, yearStatuses, type CalendarSet, type RegionalHoliday } from './regional_calendar';
import { scheduleFromDays } from './schedule_input';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working_days';

const SCHEDULE_2027 = scheduleFromDays(2027, '测试', [
  { date: D('2027-01-01'), kind: 'holiday', name: '元旦' },
  ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map((d) => ({ date: D(d), kind: 'holiday' as const, name: '春节' })),
  { date: D('2027-02-13'), kind: 'makeup_workday', name: '调休上班' },
]);

function setOf(regional: RegionalHoliday[] = [], entered = [SCHEDULE_2027]): CalendarSet {
  const r = buildCalendarSet(entered, regional);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const REGIONS = ['220000', '220100', '220102', '220104', '220200', '220202', '150600', '150602', '500112'];

describe('calendar set (issue #9 item 1)', () => {
  it('uses an entered year as official and keeps the built-ins', () => {
    const cal = calendarForRegion(setOf(), null);
    expect(isWorkingDay(D('2027-02-08'), cal)).toEqual({ date: '2027-02-08', workingDay: false, kind: 'holiday', holidayName: '春节', provisional: false });
    expect(isWorkingDay(D('2027-02-13'), cal)).toMatchObject({ workingDay: true, kind: 'makeup_workday', provisional: false });
    expect(addWorkingDays(D('2027-02-04'), 1, cal)).toEqual({ date: '2027-02-12', provisional: false, unscheduledYears: [] });
    expect(isWorkingDay(D('2026-10-01'), cal)).toMatchObject({ holidayName: '国庆节', provisional: false });
  });

  it('refuses an entered schedule for a built-in year', () => {
    expect(buildCalendarSet([{ ...BUILTIN_SCHEDULES[0]!, source: '重复' }], [])).toMatchObject({ ok: false, error: { code: 'duplicate_year' } });
  });

  it('a deadline in a year without a schedule is provisional and recomputed once the year is entered', () => {
    const before = addWorkingDays(D('2027-02-03'), 3, calendarForRegion(setOf([], []), null));
    expect(before).toEqual({ date: '2027-02-08', provisional: true, unscheduledYears: [2027] });
    const after = addWorkingDays(D('2027-02-03'), 3, calendarForRegion(setOf(), null));
    expect(after).toEqual({ date: '2027-02-13', provisional: false, unscheduledYears: [] });
  });

  it('applies a regional holiday to its region and the regions below it only', () => {
    const set = setOf([{ regionCode: '220100', date: D('2026-09-01'), name: '地方节日' }]);
    expect(isWorkingDay(D('2026-09-01'), calendarForRegion(set, '220102'))).toMatchObject({ workingDay: false, holidayName: '地方节日' });
    expect(isWorkingDay(D('2026-09-01'), calendarForRegion(set, '220100')).workingDay).toBe(false);
    expect(isWorkingDay(D('2026-09-01'), calendarForRegion(set, '220000')).workingDay).toBe(true);
    expect(isWorkingDay(D('2026-09-01'), calendarForRegion(set, '220202')).workingDay).toBe(true);
    expect(isWorkingDay(D('2026-09-01'), calendarForRegion(set, null)).workingDay).toBe(true);
    expect(regionalHolidayApplies('220000', '220104')).toBe(true);
    expect(regionalHolidayApplies('220104', '220100')).toBe(false);
  });

  it('a regional holiday on a 调休 Saturday makes it a day off in that region', () => {
    const set = setOf([{ regionCode: '220102', date: D('2026-02-14'), name: '地方节日' }]);
    expect(isWorkingDay(D('2026-02-14'), calendarForRegion(set, '220102'))).toMatchObject({ workingDay: false, kind: 'holiday' });
    expect(isWorkingDay(D('2026-02-14'), calendarForRegion(set, '220104'))).toMatchObject({ workingDay: true, kind: 'makeup_workday' });
  });

  it('lists each year as 内置, 已录入 or 暂定', () => {
    expect(yearStatuses(2025, 2028, new Set([2027]))).toEqual([
      { year: 2025, status: 'builtin' }, { year: 2026, status: 'builtin' }, { year: 2027, status: 'entered' }, { year: 2028, status: 'provisional' },
    ]);
  });
});

const start = toDayNumber(D('2024-06-01'));
const dayArb = fc.integer({ min: 0, max: 1400 }).map((o) => fromDayNumber(start + o));
const regionalArb = fc.array(
  fc.record({ regionCode: fc.constantFrom(...REGIONS), date: dayArb, name: fc.constant('地方节日') }),
  { maxLength: 12 },
);
const enteredArb = fc.subarray([SCHEDULE_2027]);

describe('calendar properties', () => {
  it('adding n working days and counting back gives n, in any region', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 120 }), regionalArb, enteredArb, fc.constantFrom(null, ...REGIONS), (from, n, regional, entered, region) => {
      const cal = calendarForRegion(setOf(regional, entered), region);
      const r = addWorkingDays(from, n, cal);
      expect(isWorkingDay(r.date, cal).workingDay).toBe(true);
      if (n > 0) expect(workingDaysBetween(from, r.date, cal).days).toBe(n);
    }), { numRuns: 300 });
  });

  it('is monotonic in the start day and in n', () => {
    fc.assert(fc.property(dayArb, dayArb, fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 80 }), regionalArb, (a, b, m, n, regional) => {
      const cal = calendarForRegion(setOf(regional), '220102');
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(addWorkingDays(lo, n, cal).date <= addWorkingDays(hi, n, cal).date).toBe(true);
      const [k1, k2] = m <= n ? [m, n] : [n, m];
      expect(addWorkingDays(a, k1, cal).date <= addWorkingDays(a, k2, cal).date).toBe(true);
    }), { numRuns: 300 });
  });

  it('is provisional exactly when a year without a schedule is touched', () => {
    fc.assert(fc.property(dayArb, fc.integer({ min: 0, max: 200 }), enteredArb, (from, n, entered) => {
      const cal = calendarForRegion(setOf([], entered), null);
      const r = addWorkingDays(from, n, cal);
      const touched: number[] = [];
      for (let y = yearOf(from); y <= yearOf(r.date); y += 1) if (!cal.scheduledYears.has(y)) touched.push(y);
      expect(r.provisional).toBe(touched.length > 0);
      expect(r.unscheduledYears).toEqual(touched);
      // workingDaysBetween looks at (from, date]: the years of those days only.
      const between = workingDaysBetween(from, r.date, cal);
      const looked: number[] = [];
      if (r.date > from) for (let y = yearOf(fromDayNumber(toDayNumber(from) + 1)); y <= yearOf(r.date); y += 1) if (!cal.scheduledYears.has(y)) looked.push(y);
      expect(between).toMatchObject({ provisional: looked.length > 0, unscheduledYears: looked });
    }), { numRuns: 300 });
  });

  it('regional holidays change only the days of their region and the regions below it', () => {
    fc.assert(fc.property(regionalArb, fc.constantFrom(...REGIONS), dayArb, (regional, region, day) => {
      const set = setOf(regional);
      const local = calendarForRegion(set, region);
      const national = calendarForRegion(set, null);
      const applying = regional.some((h) => h.date === day && region.startsWith(h.regionCode.replace(/(00)+$/, '')));
      const a = isWorkingDay(day, local);
      const b = isWorkingDay(day, national);
      if (applying) expect(a.workingDay).toBe(false);
      else expect(a).toEqual(b);
    }), { numRuns: 500 });
  });
});
