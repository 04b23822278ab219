import { describe, expect, it } from 'vitest';
import { parseImportDate } from './dates';

describe('parseImportDate', () => {
  it('reads the usual spellings and Excel serial numbers', () => {
    for (const text of ['2028-12-31', '2028/12/31', '2028.12.31', '2028年12月31日', '20281231', ' 2028-12-31 ', '47118', '47118.5']) {
      expect(parseImportDate(text), text).toEqual({ ok: true, value: '2028-12-31' });
    }
    expect(parseImportDate('2026/3/5')).toEqual({ ok: true, value: '2026-03-05' });
    expect(parseImportDate('25569')).toEqual({ ok: true, value: '1970-01-01' });
  });

  it('refuses what is not a date, in Chinese', () => {
    expect(parseImportDate('2029-02-30')).toEqual({ ok: false, error: '日期“2029-02-30”不存在' });
    expect(parseImportDate('明年')).toEqual({ ok: false, error: '日期格式应为 2028-12-31，实际为“明年”' });
    expect(parseImportDate('123').ok).toBe(false);
    expect(parseImportDate('20281301').ok).toBe(false);
  });
});
