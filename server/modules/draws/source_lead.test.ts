import { describe, expect, it } from 'vitest';
import { checkSourceTimes, SOURCE_MIN_LEAD_MS, sourceMinLeadMs } from './ceremony';

const source = (availableAt: string) => ({ id: 'fc3d', type: 'lottery' as const, name: 'fc-3d', round: '2026321', count: '', availableAt, value: '', description: '' });

describe('sourceMinLeadMs (the e2e-only shorter lead)', () => {
  it('is 10 minutes unless SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS is set outside production', () => {
    expect(sourceMinLeadMs({})).toBe(SOURCE_MIN_LEAD_MS);
    expect(sourceMinLeadMs({ SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS: '15' })).toBe(15_000);
    expect(sourceMinLeadMs({ SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS: '15', NODE_ENV: 'production' })).toBe(SOURCE_MIN_LEAD_MS);
  });

  it('ignores values below 5 s, non-integers and anything above the 10 minutes', () => {
    for (const raw of ['0', '4', '1.5', 'abc', '-20']) expect(sourceMinLeadMs({ SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS: raw }), raw).toBe(SOURCE_MIN_LEAD_MS);
    expect(sourceMinLeadMs({ SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS: '3600' })).toBe(SOURCE_MIN_LEAD_MS);
  });

  it('checkSourceTimes applies the lead it is given and names it in the message', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    expect(() => checkSourceTimes([source('2026-12-07T06:00:20Z')], now, 15_000)).not.toThrow();
    expect(() => checkSourceTimes([source('2026-12-07T06:00:10Z')], now, 15_000)).toThrow(/至少 15 秒/);
    expect(() => checkSourceTimes([source('2026-12-07T06:09:00Z')], now, SOURCE_MIN_LEAD_MS)).toThrow(/至少 10 分钟/);
  });
});
