import { describe, expect, it } from 'vitest';
import { dateOnly } from '../calendar/civil_date';
import { checkResult, type CheckContext, type ResultInput } from './result_check';

const items = [
  { itemId: 'i1', departmentId: 'd1', code: 'A01', name: '营业执照公示情况' },
  { itemId: 'i2', departmentId: 'd2', code: 'B01', name: '食品经营许可情况' },
];
const ctx: CheckContext = { items, periodStart: dateOnly('2026-12-01'), today: dateOnly('2026-12-10'), mode: 'submit' };
const valid: ResultInput = {
  checkDate: '2026-12-08', checkMethod: 'on_site', resultCategory: 'no_problem', disposal: 'none', note: null,
  itemFindings: [{ itemId: 'i2', finding: 'compliant' }, { itemId: 'i1', finding: 'not_applicable', note: '  ' }],
  signature: { kind: 'signed', signerName: '王经理' },
};
const fields = (input: ResultInput, c: CheckContext = ctx) => {
  const r = checkResult(input, c);
  return r.ok ? [] : r.error.map((e) => e.field);
};

describe('checkResult', () => {
  it('accepts a complete result and returns the findings with their departments in checklist order', () => {
    expect(checkResult(valid, ctx)).toEqual({ ok: true, value: { completedWithoutCheck: false, findings: [
      { itemId: 'i1', departmentId: 'd1', code: 'A01', name: '营业执照公示情况', finding: 'not_applicable', note: null },
      { itemId: 'i2', departmentId: 'd2', code: 'B01', name: '食品经营许可情况', finding: 'compliant', note: null },
    ] } });
  });

  it('refuses a check date in the future or before the task period, naming 检查日期', () => {
    const future = checkResult({ ...valid, checkDate: '2026-12-11' }, ctx);
    expect(future).toEqual({ ok: false, error: [{ field: 'checkDate', message: '检查日期 2026-12-11 晚于今天（2026-12-10），不能录入将来的检查' }] });
    expect(checkResult({ ...valid, checkDate: '2026-11-30' }, ctx)).toEqual({ ok: false, error: [{ field: 'checkDate', message: '检查日期 2026-11-30 早于任务的检查期间开始日 2026-12-01' }] });
    expect(fields({ ...valid, checkDate: '2026-12-01' })).toEqual([]);
    expect(fields({ ...valid, checkDate: '2026-12-10' })).toEqual([]);
  });

  it('requires a finding for every item on submit, but not in a draft', () => {
    const partial = { ...valid, itemFindings: [{ itemId: 'i1', finding: 'compliant' as const }] };
    const r = checkResult(partial, ctx);
    expect(r).toEqual({ ok: false, error: [{ field: 'itemFindings', message: '以下检查事项尚未填写检查情况：B01 食品经营许可情况' }] });
    expect(fields(partial, { ...ctx, mode: 'draft' })).toEqual([]);
  });

  it('refuses unknown and repeated items, and a noncompliant item without its problem', () => {
    expect(fields({ ...valid, itemFindings: [...valid.itemFindings, { itemId: 'x9', finding: 'compliant' }] })).toEqual(['itemFindings.2.itemId']);
    expect(fields({ ...valid, itemFindings: [...valid.itemFindings, { itemId: 'i1', finding: 'compliant' }] })).toEqual(['itemFindings.2.itemId']);
    const problem = { ...valid, resultCategory: 'corrected' as const, itemFindings: [{ itemId: 'i1', finding: 'noncompliant' as const }, { itemId: 'i2', finding: 'compliant' as const }] };
    expect(fields(problem)).toEqual(['itemFindings.0.note']);
    expect(fields({ ...problem, itemFindings: [{ itemId: 'i1', finding: 'noncompliant', note: '未公示年报' }, { itemId: 'i2', finding: 'compliant' }] })).toEqual([]);
  });

  it('refuses 未发现问题 when an item is noncompliant', () => {
    expect(fields({ ...valid, itemFindings: [{ itemId: 'i1', finding: 'noncompliant', note: '问题' }, { itemId: 'i2', finding: 'compliant' }] })).toEqual(['resultCategory']);
  });

  it('requires the signature, or a refusal with reason and witness', () => {
    expect(fields({ ...valid, signature: null })).toEqual(['signature']);
    expect(fields({ ...valid, signature: { kind: 'refused', reason: '', witness: ' ' } })).toEqual(['signature.reason', 'signature.witness']);
    expect(fields({ ...valid, signature: { kind: 'refused', reason: '负责人不在', witness: '社区网格员李某' } })).toEqual([]);
    expect(fields({ ...valid, signature: { kind: 'signed', signerName: ' ' } }, { ...ctx, mode: 'draft' })).toEqual(['signature.signerName']);
  });

  it('completes an unreachable or 注销 object without items or signature, but with a 情况说明 (威海第8条, 长春第18条)', () => {
    const unreachable: ResultInput = { ...valid, resultCategory: 'unreachable', itemFindings: [], signature: null, note: null };
    expect(fields(unreachable)).toEqual(['note']);
    const ok = checkResult({ ...unreachable, note: '两次到登记住所均无人，电话无法接通' }, ctx);
    expect(ok).toEqual({ ok: true, value: { completedWithoutCheck: true, findings: [] } });
    expect(fields({ ...unreachable, resultCategory: 'deregistered', note: '已于 2026-11-20 注销' })).toEqual([]);
  });
});
