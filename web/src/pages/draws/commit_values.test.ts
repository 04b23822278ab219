import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { declarationProblem, toCommitBody, toDeclarations, utcInstant } from './commit_values';

const at = dayjs('2026-12-08T13:15:00Z');

describe('commit_values', () => {
  it('writes the declared time as a UTC instant without milliseconds', () => {
    expect(utcInstant(dayjs('2026-12-08T13:15:42.123Z'))).toBe('2026-12-08T13:15:42Z');
  });

  it('derives unique ids and a description, and keeps every key of §15.1', () => {
    const d = toDeclarations([{ type: 'lottery', name: 'fc-ssq', round: '2026141', availableAt: at }, { type: 'lottery', name: 'fc-ssq', round: '2026142', availableAt: at }]);
    expect(d.map((s) => s.id)).toEqual(['ssq', 'ssq-2']);
    expect(d[0]).toMatchObject({ type: 'lottery', name: 'fc-ssq', round: '2026141', count: '', value: '', availableAt: '2026-12-08T13:15:00Z' });
    expect(d[0]?.description).toContain('福彩双色球 第 2026141 期');
  });

  it('accepts a lottery and refuses what the domain refuses (dice alone without an exception, a bad issue number)', () => {
    expect(declarationProblem({ sources: [{ type: 'lottery', name: 'fc-3d', round: '2026321', availableAt: at }] })).toBeNull();
    expect(declarationProblem({ sources: [{ type: 'dice', count: '8', availableAt: at }] })).toContain('须至少声明一个彩票或信标来源');
    expect(declarationProblem({ sources: [{ type: 'dice', count: '8', availableAt: at }], sourceException: '海岛所，经局长办公会批准' })).toBeNull();
    expect(declarationProblem({ sources: [{ type: 'lottery', name: 'tc-pl3', round: '2026321', availableAt: at }] })).toContain('5 位数字');
  });

  it('seals dice next to a lottery in the commitment (and leaves dice alone to be entered later)', () => {
    const both = toDeclarations([{ type: 'lottery', name: 'fc-ssq', round: '2026141', availableAt: at }, { type: 'dice', count: '3', value: '3 1 4', availableAt: at }]);
    expect(both[1]).toMatchObject({ id: 'dice', value: '3 1 4', name: '', round: '' });
    expect(declarationProblem({ sources: [{ type: 'lottery', name: 'fc-ssq', round: '2026141', availableAt: at }, { type: 'dice', count: '3', availableAt: at }] })).toContain('须在承诺前掷出');
    expect(toDeclarations([{ type: 'dice', count: '3', value: '3 1 4', availableAt: at }])[0]?.value).toBe('');
  });

  it('builds the request body with the row version and the draw date', () => {
    const body = toCommitBody({ drawDate: dayjs('2026-12-08'), sources: [{ type: 'lottery', name: 'fc-3d', round: '2026321', availableAt: at }] }, 3);
    expect(body).toMatchObject({ rowVersion: 3, drawDate: '2026-12-08', sourceException: '' });
    expect(body.sources).toHaveLength(1);
  });
});
