import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysOf, RESULT_CATEGORIES, DISPOSALS } from './categories';
import {
  completionLabel, FOLLOW_UP_STATUS_LABELS, FOLLOW_UP_TRANSITIONS, initialMeasure, isFollowUpOverdue, listingSuggestion, needsFollowUp,
  transitionFollowUp, type FollowUpActor, type FollowUpEvent, type FollowUpMeasure, type FollowUpState, type FollowUpStatus,
} from './follow_up_states';

const follow = (status: FollowUpStatus, measure: FollowUpMeasure | null = null): FollowUpState => ({ id: 'f1', resultId: 'r1', status, measure });
const owner: FollowUpActor = { isOwner: true, isReceiver: false };
const receiver: FollowUpActor = { isOwner: false, isReceiver: true };
const TODAY = '2026-03-10';
const transfer: FollowUpEvent = { type: 'transfer', toDepartmentId: 'env', ownerDepartmentId: 'amr', reason: '涉嫌超标排污，属生态环境部门管辖' };
const close = (extra: Partial<Extract<FollowUpEvent, { type: 'close' }>> = {}): FollowUpEvent => ({ type: 'close', outcome: '已处理', recheck: null, receipt: null, today: TODAY, ...extra });

describe('needsFollowUp and the listing suggestion', () => {
  it('needs a follow-up for every disposal but 无需后续处置 (曲阳第22条)', () => {
    expect(keysOf(DISPOSALS).filter((d) => needsFollowUp(d, 'no_problem'))).toEqual(['order_correction', 'guidance', 'penalty', 'enforcement', 'transfer']);
    expect(needsFollowUp(null, null)).toBe(false);
  });

  it('suggests 经营异常名录 for false disclosure, unreachable and undisclosed information only (长春第28条)', () => {
    expect(keysOf(RESULT_CATEGORIES).filter((c) => listingSuggestion(c) !== null)).toEqual(['undisclosed', 'false_disclosure', 'unreachable']);
    expect(listingSuggestion('undisclosed')?.advice).toContain('逾期仍未公示');
    expect(listingSuggestion('unreachable')?.basis).toContain('长春第28条');
    expect(needsFollowUp('none', 'unreachable')).toBe(true);
  });

  it('starts 内部处置 with the disposal as its measure; 移送 waits for a receiver', () => {
    expect(initialMeasure('order_correction')).toBe('order_correction');
    expect(initialMeasure('penalty')).toBe('penalty');
    expect(initialMeasure('transfer')).toBeNull();
    expect(initialMeasure('none')).toBeNull();
  });
});

describe('transitionFollowUp', () => {
  it('transfers to another department, which accepts and closes (谁主管、谁负责)', () => {
    const sent = transitionFollowUp(follow('open'), transfer, owner);
    expect(sent).toMatchObject({ ok: true, value: { status: 'awaiting' } });
    expect(sent.ok && sent.value.events[0]).toMatchObject({ type: 'FollowUpStatusChanged', from: 'open', to: 'awaiting', event: 'transfer', reason: transfer.type === 'transfer' ? transfer.reason : '' });
    expect(transitionFollowUp(follow('awaiting'), { type: 'accept' }, receiver)).toMatchObject({ ok: true, value: { status: 'accepted' } });
    expect(transitionFollowUp(follow('accepted'), close(), receiver)).toMatchObject({ ok: true, value: { status: 'closed' } });
  });

  it('lets the receiver return with a reason; the owner then resumes, transfers again or closes', () => {
    expect(transitionFollowUp(follow('awaiting'), { type: 'return', reason: '  ' }, receiver)).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'FOLLOW_UP_REASON_REQUIRED' } });
    expect(transitionFollowUp(follow('awaiting'), { type: 'return', reason: '不属本部门职责' }, receiver)).toMatchObject({ ok: true, value: { status: 'returned' } });
    expect(transitionFollowUp(follow('returned'), { type: 'resume' }, owner)).toMatchObject({ ok: true, value: { status: 'open' } });
    expect(transitionFollowUp(follow('returned'), transfer, owner)).toMatchObject({ ok: true, value: { status: 'awaiting' } });
  });

  it('refuses the wrong side (403), a transfer to the own department and missing facts (400)', () => {
    expect(transitionFollowUp(follow('awaiting'), { type: 'accept' }, owner)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'FOLLOW_UP_RECEIVER_ONLY' } });
    expect(transitionFollowUp(follow('open'), transfer, receiver)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'FOLLOW_UP_OWNER_ONLY' } });
    expect(transitionFollowUp(follow('accepted'), close(), owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_RECEIVER_ONLY' } });
    expect(transitionFollowUp(follow('open'), { ...transfer, toDepartmentId: 'amr' }, owner)).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'FOLLOW_UP_SAME_DEPARTMENT' } });
    expect(transitionFollowUp(follow('open'), { type: 'transfer_judicial', organName: '', reason: '涉嫌犯罪' }, owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_ORGAN_REQUIRED' } });
    expect(transitionFollowUp(follow('open'), close({ outcome: ' ' }), owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_OUTCOME_REQUIRED' } });
  });

  it('closes a 责令改正 only after a 复查 not in the future', () => {
    const ordered = follow('open', 'order_correction');
    expect(transitionFollowUp(ordered, close(), owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_RECHECK_REQUIRED' } });
    expect(transitionFollowUp(ordered, close({ recheck: { date: '2026-03-11', rectified: true } }), owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_DATE_FUTURE' } });
    expect(transitionFollowUp(ordered, close({ recheck: { date: TODAY, rectified: true } }), owner)).toMatchObject({ ok: true, value: { status: 'closed' } });
    expect(transitionFollowUp(follow('open', 'guidance'), close(), owner)).toMatchObject({ ok: true });
  });

  it('closes a transfer to a judicial organ only with its 回执 (东胜 四（四）3)', () => {
    const sent = transitionFollowUp(follow('open'), { type: 'transfer_judicial', organName: '某区公安分局', reason: '涉嫌生产销售伪劣产品罪' }, owner);
    expect(sent).toMatchObject({ ok: true, value: { status: 'sent_judicial' } });
    expect(transitionFollowUp(follow('sent_judicial'), close(), owner)).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_RECEIPT_REQUIRED' } });
    expect(transitionFollowUp(follow('sent_judicial'), close({ receipt: { number: '公刑接〔2026〕12号', date: TODAY } }), owner)).toMatchObject({ ok: true, value: { status: 'closed' } });
  });

  it('answers 409 to events a state does not accept; 已完结 is final', () => {
    expect(transitionFollowUp(follow('closed'), close(), owner)).toMatchObject({ ok: false, error: { kind: 'illegal_transition', code: 'FOLLOW_UP_ILLEGAL_TRANSITION', message: '后续处置当前为“已完结”，不能办结' } });
    expect(transitionFollowUp(follow('accepted'), { type: 'return', reason: 'x' }, receiver)).toMatchObject({ ok: false, error: { kind: 'illegal_transition' } });
    expect(transitionFollowUp(follow('open'), { type: 'accept' }, receiver)).toMatchObject({ ok: false, error: { kind: 'illegal_transition' } });
  });

  const events: FollowUpEvent[] = [
    transfer, { type: 'transfer_judicial', organName: '公安', reason: '涉嫌犯罪' }, { type: 'accept' }, { type: 'return', reason: '不属本部门' }, { type: 'resume' },
    close({ recheck: { date: TODAY, rectified: false }, receipt: { number: '1', date: TODAY } }),
  ];

  it('property: any sequence stays in the table, is 未完结 until closed, and never leaves 已完结', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: events.length - 1 }), fc.boolean()), { maxLength: 30 }), (steps) => {
      let status: FollowUpStatus = 'open';
      for (const [i, byOwner] of steps) {
        const event = events[i] as FollowUpEvent;
        const moved = transitionFollowUp(follow(status, 'order_correction'), event, byOwner ? owner : receiver);
        if (status === 'closed') expect(moved.ok).toBe(false);
        if (moved.ok) {
          expect(FOLLOW_UP_TRANSITIONS[status][event.type]).toBe(moved.value.status);
          status = moved.value.status;
        }
        expect(Object.keys(FOLLOW_UP_STATUS_LABELS)).toContain(status);
        expect(completionLabel(status)).toBe(status === 'closed' ? '已完结' : '未完结');
      }
    }));
  });
});

describe('isFollowUpOverdue', () => {
  it('is overdue past the due date until closed', () => {
    expect(isFollowUpOverdue('open', '2026-03-09', TODAY)).toBe(true);
    expect(isFollowUpOverdue('open', TODAY, TODAY)).toBe(false);
    expect(isFollowUpOverdue('closed', '2026-03-01', TODAY)).toBe(false);
    expect(isFollowUpOverdue('awaiting', null, TODAY)).toBe(false);
  });
});
