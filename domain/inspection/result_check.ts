import type { DateOnly } from '../calendar/civil_date';
import { err, ok, type Result } from '../basics/result';
import { completesWithoutCheck, RESULT_CATEGORIES, type CheckMethod, type Disposal, type Finding, type ResultCategory } from './categories';

/**
 * Checks a result against its object before it is stored (issue #10 item 3 and 「Bad input」): the check date lies
 * within [the task's period start, today]; every finding names an item of the object's checklist (once); a submitted
 * result covers every item unless its category completes the object without a substantive check (威海第8条,
 * 长春第18条), in which case its 情况说明 is required; the entity signed, or refused with a reason and a witness
 * (渝北 四（八）: 拒绝签字的，由检查人员注明原因并由见证人签字). Each error names its field, in Chinese.
 */

export type Signature =
  | { readonly kind: 'signed'; readonly signerName: string }
  | { readonly kind: 'refused'; readonly reason: string; readonly witness: string };

export interface ItemFindingInput {
  readonly itemId: string;
  readonly finding: Finding;
  readonly note?: string | null;
}

export interface ResultInput {
  readonly checkDate: string;
  readonly checkMethod: CheckMethod;
  readonly resultCategory: ResultCategory;
  readonly disposal: Disposal;
  readonly itemFindings: readonly ItemFindingInput[];
  readonly note?: string | null;
  readonly signature: Signature | null;
}

/** A checklist item of the object (of any participating department). */
export interface ObjectItem {
  readonly itemId: string;
  readonly departmentId: string;
  readonly code: string;
  readonly name: string;
}

export interface CheckContext {
  readonly items: readonly ObjectItem[];
  /** The task's 检查期间 start: no check before it. */
  readonly periodStart: DateOnly;
  /** Today in China Standard Time: no check in the future. */
  readonly today: DateOnly;
  /**
   * 'submit' requires the complete record; 'draft' only refuses what is wrong (a wrong date, an unknown item, a
   * refusal without its reason), so a leader may save half of the form at the door and finish it later.
   */
  readonly mode: 'draft' | 'submit';
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface CheckedResult {
  readonly completedWithoutCheck: boolean;
  /** The findings with each item's department, code and name (a snapshot kept with the result), in checklist order. */
  readonly findings: readonly {
    readonly itemId: string; readonly departmentId: string; readonly code: string; readonly name: string; readonly finding: Finding; readonly note: string | null;
  }[];
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

export function checkResult(input: ResultInput, ctx: CheckContext): Result<CheckedResult, FieldError[]> {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => { errors.push({ field, message }); };
  const withoutCheck = completesWithoutCheck(input.resultCategory);

  if (input.checkDate > ctx.today) add('checkDate', `检查日期 ${input.checkDate} 晚于今天（${ctx.today}），不能录入将来的检查`);
  else if (input.checkDate < ctx.periodStart) add('checkDate', `检查日期 ${input.checkDate} 早于任务的检查期间开始日 ${ctx.periodStart}`);

  const byId = new Map(ctx.items.map((item) => [item.itemId, item]));
  const given = new Map<string, { finding: Finding; note: string | null }>();
  input.itemFindings.forEach((f, i) => {
    const item = byId.get(f.itemId);
    if (!item) { add(`itemFindings.${i}.itemId`, `检查事项 ${f.itemId} 不是本检查对象的检查事项`); return; }
    if (given.has(f.itemId)) { add(`itemFindings.${i}.itemId`, `检查事项“${item.name}”重复填写`); return; }
    const note = blank(f.note) ? null : (f.note ?? '').trim();
    if (ctx.mode === 'submit' && f.finding === 'noncompliant' && note === null) add(`itemFindings.${i}.note`, `检查事项“${item.name}”不符合，须在说明中写明发现的问题`);
    given.set(f.itemId, { finding: f.finding, note });
  });

  if (ctx.mode === 'submit' && !withoutCheck) {
    const missing = ctx.items.filter((item) => !given.has(item.itemId));
    if (missing.length > 0) add('itemFindings', `以下检查事项尚未填写检查情况：${missing.map((m) => `${m.code} ${m.name}`).join('、')}`);
  }
  if (input.resultCategory === 'no_problem' && [...given.values()].some((g) => g.finding === 'noncompliant')) {
    add('resultCategory', `检查结果为“${RESULT_CATEGORIES.no_problem}”，但有检查事项不符合，请核对检查结果`);
  }
  if (ctx.mode === 'submit' && withoutCheck && blank(input.note)) {
    add('note', `检查结果为“${RESULT_CATEGORIES[input.resultCategory]}”，无需实质检查，但须在备注中写明情况说明（威海第8条、长春第18条）`);
  }

  const s = input.signature;
  if (s === null) {
    if (ctx.mode === 'submit' && !withoutCheck) add('signature', '须填写被检查对象的签字情况（签字人或拒签的原因与见证人）');
  } else if (s.kind === 'signed') {
    if (blank(s.signerName)) add('signature.signerName', '签字人姓名不能为空');
  } else {
    if (blank(s.reason)) add('signature.reason', '被检查对象拒绝签字的，须注明拒签原因');
    if (blank(s.witness)) add('signature.witness', '被检查对象拒绝签字的，须有见证人');
  }

  if (errors.length > 0) return err(errors);
  const findings = ctx.items.flatMap((item) => {
    const g = given.get(item.itemId);
    return g ? [{ itemId: item.itemId, departmentId: item.departmentId, code: item.code, name: item.name, finding: g.finding, note: g.note }] : [];
  });
  return ok({ completedWithoutCheck: withoutCheck, findings });
}
