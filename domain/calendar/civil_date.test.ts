import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dateOnly, fromDayNumber, isoWeekday, parseDateOnly, toDayNumber, yearOf } from './civil_date';

describe('civil dates', () => {
  it('parses valid dates and rejects others in Chinese', () => {
    expect(parseDateOnly(' 2024-02-29 ')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDateOnly('2000-02-29').ok).toBe(true);
    expect(parseDateOnly('1900-02-29')).toEqual({ ok: false, error: { code: 'date_invalid', message: '日期“1900-02-29”不存在' } });
    expect(parseDateOnly('2025-02-29').ok).toBe(false);
    expect(parseDateOnly('2025-04-31').ok).toBe(false);
    expect(parseDateOnly('2025-13-01').ok).toBe(false);
    expect(parseDateOnly('2025-00-10').ok).toBe(false);
    expect(parseDateOnly('2025-01-00').ok).toBe(false);
    expect(parseDateOnly('0999-01-01').ok).toBe(false);
    expect(parseDateOnly('2025/01/01')).toEqual({ ok: false, error: { code: 'date_format', message: '日期格式应为YYYY-MM-DD，实际为“2025/01/01”' } });
  });

  it('dateOnly throws on bad literals', () => {
    expect(dateOnly('2025-12-31')).toBe('2025-12-31');
    expect(() => dateOnly('2025-12-32')).toThrow(RangeError);
  });

  it('counts days from 1970-01-01 and knows weekdays', () => {
    expect(toDayNumber(dateOnly('1970-01-01'))).toBe(0);
    expect(toDayNumber(dateOnly('1969-12-31'))).toBe(-1);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(isoWeekday(0)).toBe(4); // Thursday
    expect(isoWeekday(-1)).toBe(3);
    expect(isoWeekday(toDayNumber(dateOnly('2026-09-18')))).toBe(5); // Friday
    expect(addDays(dateOnly('2024-02-28'), 2)).toBe('2024-03-01');
    expect(yearOf(dateOnly('2026-01-04'))).toBe(2026);
  });

  it('property: agrees with the JavaScript UTC calendar (tests may use Date)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 2_900_000 }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(iso);
        expect(toDayNumber(dateOnly(iso))).toBe(n);
        expect(isoWeekday(n)).toBe(((new Date(n * 86_400_000).getUTCDay() + 6) % 7) + 1);
      }),
      { numRuns: 3000 },
    );
  });
});
