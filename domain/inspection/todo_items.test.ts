import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import { correctionItems, entryItems, reviewItems } from './todo_items';

const today = dateOnly('2026-12-10');

describe('待办 of results', () => {
  it('dates an entry by 5 working days after the check, or the period end before the check date is known', () => {
    const items = entryItems([
      { taskObjectId: 'o1', taskCode: 'T1', taskName: '食品抽查', entityName: '甲商贸', status: 'draft', entryDue: dateOnly('2026-12-09'), periodEnd: dateOnly('2026-12-31') },
      { taskObjectId: 'o2', taskCode: 'T1', taskName: '食品抽查', entityName: '乙超市', status: 'returned', entryDue: null, periodEnd: dateOnly('2026-12-31') },
    ], today);
    expect(items.map((i) => [i.kind, i.recordType, i.recordId, i.dueOn, i.overdue])).toEqual([
      ['result_entry', 'inspection_object', 'o1', '2026-12-09', true], ['result_entry', 'inspection_object', 'o2', '2026-12-31', false],
    ]);
    expect(items[0]?.title).toBe('录入并提交检查结果：甲商贸（食品抽查，T1），已逾期');
    expect(items[1]?.title).toBe('按退回意见修改并重新提交检查结果：乙超市（食品抽查，T1）');
  });

  it('sums up a task’s results to review or publish by the earliest 公示期限', () => {
    const items = reviewItems([
      { taskId: 't', taskCode: 'T1', taskName: '食品抽查', status: 'submitted', count: 12, publishDue: dateOnly('2026-12-08'), dueProvisional: false },
      { taskId: 't', taskCode: 'T1', taskName: '食品抽查', status: 'approved', count: 3, publishDue: null, dueProvisional: true },
    ], today);
    expect(items.map((i) => [i.kind, i.recordId, i.overdue, i.provisional, i.title])).toEqual([
      ['result_review', 't:submitted', true, false, '审核检查结果：食品抽查（T1）12 条待审核，已超过公示期限'],
      ['result_publish', 't:approved', false, true, '公示检查结果：食品抽查（T1）3 条已通过'],
    ]);
  });

  it('lists corrections for the head without a deadline', () => {
    expect(correctionItems([{ correctionId: 'c', resultId: 'r', taskName: '食品抽查', entityName: '甲商贸', reason: '选错类别' }])).toEqual([{
      kind: 'correction_approval', recordType: 'inspection_result', recordId: 'r', title: '审批检查结果更正：甲商贸（食品抽查），理由：选错类别',
      dueOn: null, overdue: false, provisional: false, source: expect.stringContaining('长春第20条') as unknown,
    }]);
  });
});
