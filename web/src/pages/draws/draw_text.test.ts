import { describe, expect, it } from 'vitest';
import type { SourceDeclaration } from '../../../../domain/draw/sources';
import { hashGroups, msUntilAvailable, publicDrawPath, sourceHint, sourceTitle, waitText } from './draw_text';

const base: SourceDeclaration = { id: 'ssq', type: 'lottery', name: 'fc-ssq', round: '2026141', count: '', availableAt: '2026-12-06T13:15:00Z', value: '', description: '双色球' };

describe('draw_text', () => {
  it('cuts a 64-hex hash into 16 groups of 4 that join back to it', () => {
    const hash = 'a'.repeat(30) + '0123456789abcdef' + 'f'.repeat(18);
    const groups = hashGroups(hash);
    expect(groups).toHaveLength(16);
    expect(groups.every((g) => g.length === 4)).toBe(true);
    expect(groups.join('')).toBe(hash);
  });

  it('names each kind of source in Chinese', () => {
    expect(sourceTitle(base)).toBe('福彩双色球 第 2026141 期');
    expect(sourceTitle({ ...base, type: 'lottery', name: 'tc-pl3', round: '26141' })).toBe('体彩排列三 第 26141 期');
    expect(sourceTitle({ ...base, type: 'beacon', name: 'drand-quicknet', round: '123', count: '32' })).toBe('信标 drand-quicknet 第 123 轮');
    expect(sourceTitle({ ...base, type: 'dice', name: '', round: '', count: '8' })).toBe('掷骰 8 次');
  });

  it('gives a dice example of exactly the declared length', () => {
    expect(sourceHint({ ...base, type: 'dice', name: '', round: '', count: '3' })).toContain('如 3 1 4');
    expect(sourceHint({ ...base, type: 'dice', name: '', round: '', count: '3' })).not.toContain('3 1 4 1');
    expect(sourceHint({ ...base, type: 'beacon', name: 'x', round: '5', count: '32' })).toContain('64 位小写十六进制');
  });

  it('counts down to the declared time', () => {
    expect(msUntilAvailable(base, Date.parse('2026-12-06T13:14:00Z'))).toBe(60_000);
    expect(waitText(40_000)).toBe('还有 40 秒');
    expect(waitText(125 * 60_000)).toBe('还有 2 小时 5 分');
    expect(waitText(5 * 86_400_000)).toBe('还有 5 天');
    expect(publicDrawPath('d 1')).toBe('/public/draws/d%201');
  });
});
