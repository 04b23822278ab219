import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateOnly as D } from './civil_date';
import { SCHEDULE_2025, SCHEDULE_2026 } from './holidays';
import { daysOfSchedule, parseScheduleText, scheduleFromDays, validateScheduleDays } from './schedule_input';

describe('parseScheduleText', () => {
  it('reads single days, periods and 调休 lines as the notice reads', () => {
    const text = ['# 2027年安排', '2027-01-01 元旦', '', '2027-02-06至2027-02-08 春节', '2027-2-14　春节调休上班', '2027-02-20 调休上班'].join('\n');
    const r = parseScheduleText(2027, text);
    expect(r.errors).toEqual([]);
    expect(r.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-14', kind: 'makeup_workday', name: '春节调休上班' },
      { date: '2027-02-20', kind: 'makeup_workday', name: '调休上班' },
    ]);
  });

  it('names the pasted line of every problem', () => {
    const text = [
      '2027-01-01 元旦', // 1
      '元旦 2027-01-01', // 2: format
      '2027-02-30 春节', // 3: no such day
      '2028-01-03 元旦', // 4: other year
      '2027-01-01 元旦', // 5: duplicate of line 1
      '2027-01-04 调休上班', // 6: a Monday
      '2027-01-09', // 7: no name
      '2027-02-10至2027-02-08 春节', // 8: reversed
      '2027-01-01 调休上班', // 9: both (line 1)
    ].join('\n');
    const r = parseScheduleText(2027, text);
    expect(r.days).toEqual([]);
    expect(r.errors).toEqual([
      { line: 2, message: '第2行：应为“YYYY-MM-DD 名称”或“YYYY-MM-DD至YYYY-MM-DD 名称”' },
      { line: 3, message: '第3行：日期“2027-02-30”不存在' },
      { line: 4, message: '第4行：2028-01-03不在2027年内' },
      { line: 5, message: '第5行：2027-01-01与第1行重复' },
      { line: 6, message: '第6行：调休上班日2027-01-04不是周六或周日' },
      { line: 7, message: '第7行：缺少节日名称（如“元旦”），调休上班日请写“调休上班”' },
      { line: 8, message: '第8行：结束日期早于开始日期' },
      { line: 9, message: '第9行：调休上班日2027-01-01不是周六或周日' },
      { line: 9, message: '第9行：2027-01-01不能既放假又调休上班（见第1行）' },
    ]);
  });
});

describe('validateScheduleDays', () => {
  it('reports the row index and field', () => {
    expect(validateScheduleDays(2027, [
      { date: '2027-13-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: ' ' },
      { date: '2027-01-02', kind: 'makeup_workday', name: '调休上班' },
      { date: '2027-01-03', kind: 'holiday', name: '很'.repeat(21) },
    ])).toEqual([
      { index: 0, field: 'date', message: '第1行：日期“2027-13-01”不存在' },
      { index: 1, field: 'name', message: '第2行：名称不能为空' },
      { index: 2, field: 'date', message: '第3行：2027-01-02不能既放假又调休上班（见第2行）' },
      { index: 3, field: 'name', message: '第4行：名称不能超过 20 个字符' },
    ]);
  });
  it('accepts holidays on any day, 调休 on weekends', () => {
    expect(validateScheduleDays(2027, [
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-04', kind: 'holiday', name: '元旦' },
      { date: '2027-01-10', kind: 'makeup_workday', name: '调休上班' },
    ])).toEqual([]);
  });
});

describe('schedule ⇄ days', () => {
  it('round-trips the built-in schedules', () => {
    for (const s of [SCHEDULE_2025, SCHEDULE_2026]) {
      const days = daysOfSchedule(s);
      expect(validateScheduleDays(s.year, days)).toEqual([]);
      const back = scheduleFromDays(s.year, s.source, days);
      expect(back.holidays).toEqual(s.holidays);
      expect([...back.makeupWorkdays].sort()).toEqual([...s.makeupWorkdays].sort());
    }
  });
  it('property: any set of distinct holiday days survives days → schedule → days', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 28 }), { maxLength: 15 }), fc.constantFrom('春节', '元旦'), (dayNumbers, name) => {
      const days = dayNumbers.map((d) => ({ date: D(`2027-03-${String(d).padStart(2, '0')}`), kind: 'holiday' as const, name }));
      const back = daysOfSchedule(scheduleFromDays(2027, 's', days));
      expect(back).toEqual([...days].sort((a, b) => (a.date < b.date ? -1 : 1)));
    }));
  });
});
