import type { Disposal, ResultCategory } from './categories';
import { initialMeasure, needsFollowUp, type FollowUpMeasure, type FollowUpStatus } from './follow_up_states';

/**
 * What an approved 更正 does to the result's follow-up (后续处置). The corrected result is the result (长春第20条: 事后发现
 * 检查结果确有错误的，经本部门主要负责人签字确认后予以更正; 曲阳第十一条: 经复查确有错误的予以更正), and the follow-up
 * answers the finding as established (曲阳第22条) — so it follows the correction, in the same change as the approval:
 *  - the corrected result needs one and has none → it is opened (as on approval);
 *  - it no longer needs one and the follow-up is still in the owner's hands (本部门处置中 / 已退回) → it is closed, the
 *    outcome naming the correction (a 复查 of a finding that was an error has nothing to check);
 *  - it no longer needs one but another department or a judicial organ holds it (待接收 / 已接收 / 已移送司法机关) → it is
 *    not taken from them: a notice is added to its notes for the holder to close it (谁主管、谁负责);
 *  - it still needs one and the owner handles it with another measure → the measure follows the corrected disposal;
 *  - a closed follow-up stays closed.
 */
export type FollowUpSync =
  | { readonly kind: 'open' }
  | { readonly kind: 'close'; readonly outcome: string }
  | { readonly kind: 'notice'; readonly note: string }
  | { readonly kind: 'measure'; readonly measure: FollowUpMeasure | null }
  | { readonly kind: 'none' };

export interface CorrectedResult {
  readonly disposal: Disposal | null;
  readonly resultCategory: ResultCategory | null;
}

export interface CorrectionFacts {
  readonly seq: number;
  /** The day of the approval, YYYY-MM-DD (Asia/Shanghai). */
  readonly approvedOn: string;
}

export function followUpAfterCorrection(
  corrected: CorrectedResult, existing: { readonly status: FollowUpStatus; readonly measure: FollowUpMeasure | null } | null, correction: CorrectionFacts,
): FollowUpSync {
  const needed = needsFollowUp(corrected.disposal, corrected.resultCategory);
  const which = `检查结果第 ${correction.seq} 次更正（${correction.approvedOn} 经主要负责人批准，长春第20条）`;
  if (!existing) return needed ? { kind: 'open' } : { kind: 'none' };
  if (existing.status === 'closed') return { kind: 'none' };
  const inOwnerHands = existing.status === 'open' || existing.status === 'returned';
  if (!needed) {
    return inOwnerHands
      ? { kind: 'close', outcome: `${which}后，该检查结果无需后续处置，本后续处置随之办结。` }
      : { kind: 'notice', note: `【更正提示】${which}后，该检查结果已无需后续处置，请承办方知悉并视情办结。` };
  }
  const measure = initialMeasure(corrected.disposal);
  if (inOwnerHands && corrected.disposal !== 'transfer' && measure !== existing.measure) return { kind: 'measure', measure };
  return { kind: 'none' };
}
