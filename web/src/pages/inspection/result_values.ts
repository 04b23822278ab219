/**
 * The result form's values ⇄ the API's ResultInput. The form keeps one field per checklist item (findings[itemId]) and
 * the signature as flat fields; the draft saved on the device is these values with the date as text.
 */
import { completesWithoutCheck, type CheckMethod, type Disposal, type Finding, type ResultCategory } from '../../../../domain/inspection/categories';
import type { ObjectItem, ResultBody, ResultView } from '../../api/inspection';

export interface ResultDraft {
  checkMethod?: CheckMethod;
  /** YYYY-MM-DD */
  checkDate?: string;
  resultCategory?: ResultCategory;
  disposal?: Disposal;
  note?: string;
  findings?: Record<string, { finding?: Finding; note?: string } | undefined>;
  signatureKind?: 'signed' | 'refused';
  signerName?: string;
  refusalReason?: string;
  witness?: string;
}

export function draftOfResult(result: ResultView): ResultDraft {
  const findings: NonNullable<ResultDraft['findings']> = {};
  for (const item of result.itemFindings) findings[item.itemId] = { finding: item.finding, note: item.note ?? undefined };
  const signature = result.signature;
  return {
    checkMethod: result.checkMethod ?? undefined,
    checkDate: result.checkDate ?? undefined,
    resultCategory: result.resultCategory ?? undefined,
    disposal: result.disposal ?? undefined,
    note: result.note ?? undefined,
    findings,
    signatureKind: signature?.kind,
    signerName: signature?.kind === 'signed' ? signature.signerName : undefined,
    refusalReason: signature?.kind === 'refused' ? signature.reason : undefined,
    witness: signature?.kind === 'refused' ? signature.witness : undefined,
  };
}

const trimmed = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/**
 * The API body of a complete form (the form's rules have checked it). A result completed without a substantive check
 * (威海第8条、长春第18条) carries no item findings and, when nobody was there, no signature.
 */
export function resultInputOf(draft: ResultDraft, items: readonly ObjectItem[]): ResultBody {
  const { checkMethod, checkDate, resultCategory, disposal } = draft;
  if (!checkMethod || !checkDate || !resultCategory || !disposal) throw new Error('the form was submitted incomplete');
  const withoutCheck = completesWithoutCheck(resultCategory);
  const itemFindings = withoutCheck ? [] : items.flatMap((item) => {
    const entry = draft.findings?.[item.itemId];
    if (!entry?.finding) return [];
    const note = trimmed(entry.note);
    return [{ itemId: item.itemId, finding: entry.finding, ...(note ? { note } : {}) }];
  });
  const note = trimmed(draft.note);
  const signature = draft.signatureKind === 'signed' && trimmed(draft.signerName)
    ? { kind: 'signed' as const, signerName: trimmed(draft.signerName) ?? '' }
    : draft.signatureKind === 'refused' && trimmed(draft.refusalReason) && trimmed(draft.witness)
      ? { kind: 'refused' as const, reason: trimmed(draft.refusalReason) ?? '', witness: trimmed(draft.witness) ?? '' }
      : null;
  return { checkDate, checkMethod, resultCategory, disposal, itemFindings, ...(note ? { note } : {}), signature };
}

/** Items grouped by their department, in the order the server lists them. */
export function itemsByDepartment(items: readonly ObjectItem[]): { departmentId: string; departmentName: string; items: ObjectItem[] }[] {
  const groups = new Map<string, { departmentId: string; departmentName: string; items: ObjectItem[] }>();
  for (const item of items) {
    const group = groups.get(item.departmentId) ?? { departmentId: item.departmentId, departmentName: item.departmentName, items: [] };
    group.items.push(item);
    groups.set(item.departmentId, group);
  }
  return [...groups.values()];
}
