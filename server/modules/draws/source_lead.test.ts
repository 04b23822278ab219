import { describe, expect, it } from 'vitest';
import { drawSourceLead } from '../../config';
import { checkSourceTimes, SOURCE_MIN_LEAD_MS } from './ceremony';

const source = (availableAt: string) => ({ id: 'fc3d', type: 'lottery' as const, name: 'fc-3d', round: '2026321', count: '', availableAt, value: '', description: '' });

describe('the lead between a commitment and its sources (browser journeys shorten it outside production)', () => {
  it('is 10 minutes unless SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS is set, and the setting is refused in production', () => {
    expect(drawSourceLead({}, false)).toBe(SOURCE_MIN_LEAD_MS);
    expect(drawSourceLead({}, true)).toBe(SOURCE_MIN_LEAD_MS);
    expect(drawSourceLead({ SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS: '15' }, false)).toBe(15_000);
    expect(() => drawSourceLead({ SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS: '15' }, true)).toThrow(/非生产环境/);
  });

  it('refuses values that are not positive whole seconds', () => {
    for (const raw of ['0', '1.5', 'abc', '-20']) expect(() => drawSourceLead({ SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS: raw }, false), raw).toThrow(/正整数/);
  });

  it('checkSourceTimes applies the lead it is given and names it in the message', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    expect(() => checkSourceTimes([source('2026-12-07T06:00:20Z')], now, 15_000)).not.toThrow();
    expect(() => checkSourceTimes([source('2026-12-07T06:00:10Z')], now, 15_000)).toThrow(/至少 15 秒/);
    expect(() => checkSourceTimes([source('2026-12-07T06:09:00Z')], now)).toThrow(/至少 10 分钟/);
  });
});
