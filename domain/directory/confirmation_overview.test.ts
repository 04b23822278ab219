import { describe, expect, it } from 'vitest';
import type { DateOnly } from '../calendar/civil_date';
import { directoryFreshness } from './freshness';
import { overviewState, worstStatus } from './confirmation_overview';

const today = '2026-12-04' as DateOnly;
const stateOn = (confirmedOn: string | null) => directoryFreshness({
  departmentName: '长春市市场监督管理局', directories: ['entities'], confirmations: confirmedOn ? [{ directory: 'entities', confirmedOn: confirmedOn as DateOnly }] : [],
}, today, 30)[0];

describe('两库确认 overview (长春第7条)', () => {
  it('is 已确认 while more than the warning window remains, 即将到期 within it, 已逾期 after the limit or when never confirmed', () => {
    const at = (on: string | null) => { const s = stateOn(on); if (!s) throw new Error('state'); return overviewState(s, 30); };
    expect(at('2026-11-28')).toEqual({ status: 'confirmed', validUntil: '2026-12-28' });
    expect(at('2026-11-10')).toEqual({ status: 'due', validUntil: '2026-12-10' });
    expect(at('2026-11-04')).toEqual({ status: 'due', validUntil: '2026-12-04' });
    expect(at('2026-11-03')).toEqual({ status: 'overdue', validUntil: '2026-12-03' });
    expect(at(null)).toEqual({ status: 'overdue', validUntil: null });
  });

  it('gives a department its worst directory’s status', () => {
    expect(worstStatus(['confirmed', 'due'])).toBe('due');
    expect(worstStatus(['due', 'overdue'])).toBe('overdue');
    expect(worstStatus(['confirmed', 'confirmed'])).toBe('confirmed');
  });
});
