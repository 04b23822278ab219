import { describe, expect, test } from 'vitest';
import { dueLight, objectDue } from './due_light';

describe('dueLight', () => {
  test('red once the day has passed, amber within 2 working days, green before', () => {
    // 2026-12-04 is a Friday: Monday 12-07 is 1 working day away, Tuesday 2, Wednesday 3.
    expect(dueLight('2026-12-03', '2026-12-04')).toBe('red');
    expect(dueLight('2026-12-04', '2026-12-04')).toBe('amber');
    expect(dueLight('2026-12-07', '2026-12-04')).toBe('amber');
    expect(dueLight('2026-12-08', '2026-12-04')).toBe('amber');
    expect(dueLight('2026-12-09', '2026-12-04')).toBe('green');
  });

  test('holidays do not count: before 国庆 2026 a deadline a week later is still amber', () => {
    // 2026-09-30 (Wednesday); 10-01 to 10-07 are holidays, 10-08 is the first working day after.
    expect(dueLight('2026-10-08', '2026-09-30')).toBe('amber');
  });
});

describe('objectDue', () => {
  const base = { entryDue: '2026-12-10', periodEnd: '2026-12-31' };
  test('the period end before the check, the entry deadline after it, nothing once submitted', () => {
    expect(objectDue({ ...base, result: null })).toEqual({ date: '2026-12-31', label: '检查期限' });
    expect(objectDue({ ...base, result: { id: 'r', status: 'draft', statusLabel: '草稿', rowVersion: 1, checkDate: '2026-12-03' } })).toEqual({ date: '2026-12-10', label: '录入期限' });
    expect(objectDue({ ...base, result: { id: 'r', status: 'returned', statusLabel: '已退回', rowVersion: 2, checkDate: '2026-12-03' } })?.label).toBe('录入期限');
    expect(objectDue({ ...base, result: { id: 'r', status: 'submitted', statusLabel: '待审核', rowVersion: 2, checkDate: '2026-12-03' } })).toBeNull();
  });
});
