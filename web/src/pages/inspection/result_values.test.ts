import { describe, expect, test } from 'vitest';
import type { ObjectItem, ResultView } from '../../api/inspection';
import { draftOfResult, itemsByDepartment, resultInputOf } from './result_values';

const item = (itemId: string, departmentId: string, departmentName: string): ObjectItem =>
  ({ itemId, departmentId, departmentName, code: itemId, name: `事项${itemId}`, basis: null, method: null });
const ITEMS = [item('a', 'd1', '市场监管局'), item('b', 'd2', '生态环境局'), item('c', 'd1', '市场监管局')];

describe('resultInputOf', () => {
  test('a checked object: every answered item, the signature, trimmed notes', () => {
    const input = resultInputOf({
      checkMethod: 'on_site', checkDate: '2026-12-01', resultCategory: 'corrected', disposal: 'order_correction', note: '  ',
      findings: { a: { finding: 'compliant' }, b: { finding: 'noncompliant', note: ' 未公示年报 ' }, c: { finding: 'not_applicable', note: '' } },
      signatureKind: 'signed', signerName: ' 王五 ',
    }, ITEMS);
    expect(input).toEqual({
      checkDate: '2026-12-01', checkMethod: 'on_site', resultCategory: 'corrected', disposal: 'order_correction',
      itemFindings: [{ itemId: 'a', finding: 'compliant' }, { itemId: 'b', finding: 'noncompliant', note: '未公示年报' }, { itemId: 'c', finding: 'not_applicable' }],
      signature: { kind: 'signed', signerName: '王五' },
    });
  });

  test('a refusal to sign keeps its reason and witness; an object completed without a check drops the items', () => {
    expect(resultInputOf({
      checkMethod: 'on_site', checkDate: '2026-12-01', resultCategory: 'no_problem', disposal: 'none', findings: { a: { finding: 'compliant' } },
      signatureKind: 'refused', refusalReason: '负责人不在', witness: '社区网格员赵六',
    }, ITEMS).signature).toEqual({ kind: 'refused', reason: '负责人不在', witness: '社区网格员赵六' });
    const gone = resultInputOf({
      checkMethod: 'on_site', checkDate: '2026-12-01', resultCategory: 'unreachable', disposal: 'none', note: '两次到登记住所均无法联系',
      findings: { a: { finding: 'compliant' } },
    }, ITEMS);
    expect(gone.itemFindings).toEqual([]);
    expect(gone.signature).toBeNull();
    expect(gone.note).toBe('两次到登记住所均无法联系');
  });

  test('a stored result comes back into the form unchanged', () => {
    const view = {
      checkMethod: 'documents', checkDate: '2026-11-30', resultCategory: 'no_problem', disposal: 'none', note: null,
      itemFindings: [{ itemId: 'a', finding: 'compliant' }], signature: { kind: 'signed', signerName: '王五' },
    } as unknown as ResultView;
    const draft = draftOfResult(view);
    expect(resultInputOf(draft, ITEMS)).toEqual({
      checkDate: '2026-11-30', checkMethod: 'documents', resultCategory: 'no_problem', disposal: 'none',
      itemFindings: [{ itemId: 'a', finding: 'compliant' }], signature: { kind: 'signed', signerName: '王五' },
    });
  });
});

test('itemsByDepartment groups in the order listed', () => {
  expect(itemsByDepartment(ITEMS).map((g) => [g.departmentName, g.items.map((i) => i.itemId)])).toEqual([['市场监管局', ['a', 'c']], ['生态环境局', ['b']]]);
});
