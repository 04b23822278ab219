import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import { checkDirectoryFreshness, directoryFreshness, type DirectoryConfirmationFact } from './freshness';

const dept = '长春市朝阳区市场监督管理局';
const on = (directory: DirectoryConfirmationFact['directory'], date: string): DirectoryConfirmationFact => ({ directory, confirmedOn: dateOnly(date) });

describe('checkDirectoryFreshness (长春第7条)', () => {
  it('accepts both directories confirmed within the maximum age, the boundary day included', () => {
    const result = checkDirectoryFreshness({ departmentName: dept, confirmations: [on('entities', '2026-10-01'), on('inspectors', '2026-10-20')] }, dateOnly('2026-10-31'), 30);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.map((s) => [s.directory, s.ageDays, s.status])).toEqual([['entities', 30, 'fresh'], ['inspectors', 11, 'fresh']]);
  });

  it('refuses an expired confirmation with the department, the directory and the date in Chinese', () => {
    const result = checkDirectoryFreshness({ departmentName: dept, confirmations: [on('entities', '2026-10-01'), on('inspectors', '2026-10-20')] }, dateOnly('2026-11-01'), 30);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'DIRECTORY_NOT_FRESH',
        message: '长春市朝阳区市场监督管理局 的检查对象名录库最近一次确认于 2026-10-01，已超过 30 天，请先更新并确认两库后再抽取',
        problems: [{ directory: 'entities', label: '检查对象名录库', lastConfirmedOn: '2026-10-01', ageDays: 31, status: 'stale' }],
      },
    });
  });

  it('refuses a directory never confirmed, and names every problem', () => {
    const result = checkDirectoryFreshness({ departmentName: dept, confirmations: [on('entities', '2026-09-01')] }, dateOnly('2026-11-01'), 30);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe('长春市朝阳区市场监督管理局 的检查对象名录库最近一次确认于 2026-09-01，已超过 30 天；执法检查人员名录库尚未确认，请先更新并确认两库后再抽取');
      expect(result.error.problems.map((p) => p.status)).toEqual(['stale', 'missing']);
    }
    const none = checkDirectoryFreshness({ departmentName: dept, confirmations: [] }, dateOnly('2026-11-01'), 30);
    expect(none.ok ? [] : none.error.problems.map((p) => p.directory)).toEqual(['entities', 'inspectors']);
  });

  it('uses the latest confirmation per directory, whatever the order', () => {
    const states = directoryFreshness({ departmentName: dept, confirmations: [on('inspectors', '2026-10-30'), on('inspectors', '2026-01-01'), on('entities', '2026-10-31')] }, dateOnly('2026-10-31'), 7);
    expect(states.map((s) => [s.lastConfirmedOn, s.status])).toEqual([['2026-10-31', 'fresh'], ['2026-10-30', 'fresh']]);
  });

  it('checks only the directories asked for, and honours the configured age', () => {
    const input = { departmentName: dept, confirmations: [on('inspectors', '2026-10-25')], directories: ['inspectors'] as const };
    expect(checkDirectoryFreshness(input, dateOnly('2026-11-01'), 7).ok).toBe(true);
    expect(checkDirectoryFreshness(input, dateOnly('2026-11-01'), 6).ok).toBe(false);
  });

  it('treats a confirmation dated after today (clock skew) as fresh, age 0', () => {
    const states = directoryFreshness({ departmentName: dept, confirmations: [on('entities', '2026-11-02')] }, dateOnly('2026-11-01'), 30);
    expect(states[0]).toMatchObject({ ageDays: 0, status: 'fresh' });
  });
});
