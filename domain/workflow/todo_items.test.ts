import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../calendar/working_days';
import { certificateItems, confirmationItems, sortTodos, urgencyOf } from './todo_items';
import { D } from './test_support';

const today = D('2026-09-28');
const fact = (validUntil: string, name = '张三') => ({ inspectorId: `i-${name}`, name, departmentName: '市场监管局', certificateNo: 'JL001', validUntil: D(validUntil) });

describe('执法证 待办', () => {
  it('lists expired certificates as overdue and those ending within 30 days as due', () => {
    const items = certificateItems([fact('2026-09-27', '甲'), fact('2026-09-28', '乙'), fact('2026-10-28', '丙'), fact('2026-10-29', '丁')], { expired: 1, expiring: 2 }, today);
    expect(items.map((i) => [i.kind, i.recordId, i.dueOn, i.overdue])).toEqual([
      ['certificate_expired', 'i-甲', '2026-09-27', true],
      ['certificate_expiring', 'i-乙', '2026-09-28', false],
      ['certificate_expiring', 'i-丙', '2026-10-28', false],
    ]);
    expect(items[0]?.title).toBe('执法证已过期，须续期或调整在岗状态：甲（市场监管局，证号 JL001，有效期至 2026-09-27）');
  });
  it('sums up more than three of a state in one item with the count and the earliest date', () => {
    const facts = ['2026-08-01', '2026-08-02', '2026-08-03', '2026-08-04'].map((d, i) => fact(d, `人${i}`));
    const items = certificateItems([...facts, fact('2026-10-01', '丙')], { expired: 12, expiring: 1 }, today);
    expect(items.map((i) => [i.kind, i.recordType, i.recordId, i.dueOn, i.overdue])).toEqual([
      ['certificate_expired', 'inspectors', 'expired', '2026-08-01', true],
      ['certificate_expiring', 'inspector', 'i-丙', '2026-10-01', false],
    ]);
    expect(items[0]?.title).toBe('12 名执法检查人员的执法证已过期（最早于 2026-08-01），须续期或调整在岗状态');
  });
});

describe('两库确认 待办 (长春第7条)', () => {
  const state = (lastConfirmedOn: string | null, status: 'fresh' | 'stale' | 'missing') => ({
    directory: 'entities' as const, label: '检查对象名录库', lastConfirmedOn: lastConfirmedOn === null ? null : D(lastConfirmedOn), ageDays: null, status,
  });
  const dept = { id: 'd1', name: '朝阳区市场监管局' };
  it('is overdue when missing or stale, due in the last week, silent otherwise', () => {
    expect(confirmationItems(dept, [state(null, 'missing')], 30, today)).toMatchObject([{ overdue: true, dueOn: null, recordId: 'd1:entities', title: '朝阳区市场监管局的检查对象名录库尚未确认，确认后方可抽取' }]);
    expect(confirmationItems(dept, [state('2026-08-01', 'stale')], 30, today)).toMatchObject([{ overdue: true, dueOn: '2026-08-31' }]);
    expect(confirmationItems(dept, [state('2026-09-04', 'fresh')], 30, today)).toMatchObject([{ overdue: false, dueOn: '2026-10-04' }]);
    expect(confirmationItems(dept, [state('2026-09-06', 'fresh')], 30, today)).toEqual([]);
  });
});

describe('traffic light and order', () => {
  it('is orange within 3 working days (the 国庆 holidays do not count)', () => {
    expect(urgencyOf({ overdue: true, dueOn: null }, today, DEFAULT_CALENDAR)).toBe('overdue');
    expect(urgencyOf({ overdue: false, dueOn: D('2026-10-08') }, today, DEFAULT_CALENDAR)).toBe('soon');
    expect(urgencyOf({ overdue: false, dueOn: D('2026-10-09') }, today, DEFAULT_CALENDAR)).toBe('normal');
    expect(urgencyOf({ overdue: false, dueOn: null }, today, DEFAULT_CALENDAR)).toBe('normal');
  });
  it('sorts overdue first, then by date, undated last', () => {
    const items = [{ overdue: false, dueOn: null, n: 1 }, { overdue: false, dueOn: D('2026-10-01'), n: 2 }, { overdue: true, dueOn: D('2026-09-01'), n: 3 }, { overdue: true, dueOn: null, n: 4 }];
    expect(sortTodos(items).map((i) => i.n)).toEqual([3, 4, 2, 1]);
  });
});
