import { describe, expect, it } from 'vitest';
import type { DateOnly } from '../calendar/civil_date';
import { createCalendarOrThrow, DEFAULT_CALENDAR } from '../calendar/working_days';
import { allowedEvents } from '../workflow/machine';
import { objectionItems } from './objection_todos';
import {
  currentDue, isOverdue, objectionDue, OBJECTION_TRANSITIONS, receiptProblem, transitionObjection, type ObjectionEvent, type ObjectionStatus,
} from './objection_states';

const D = (s: string) => s as DateOnly;
const objection = (status: ObjectionStatus) => ({ id: 'o1', resultId: 'r1', status });
const decide = (type: 'uphold' | 'dismiss', comments: string | null = '经复核，检查记录有误', decidedOn = '2026-12-10'): ObjectionEvent =>
  ({ type, comments, decidedOn: D(decidedOn), receivedOn: D('2026-12-01') });

describe('transitionObjection (威海第11条)', () => {
  it('moves 已受理 → 复核中 → 异议成立 → 已反馈, recording each change', () => {
    expect(transitionObjection(objection('received'), { type: 'start_review' })).toMatchObject({
      ok: true, value: { status: 'reviewing', events: [{ type: 'ObjectionStatusChanged', from: 'received', to: 'reviewing', event: 'start_review' }] },
    });
    expect(transitionObjection(objection('reviewing'), decide('uphold', '  台账系误记 '))).toMatchObject({ ok: true, value: { status: 'upheld', events: [{ reason: '台账系误记' }] } });
    expect(transitionObjection(objection('upheld'), { type: 'feed_back', feedback: '已更正并公示' })).toMatchObject({ ok: true, value: { status: 'answered' } });
  });

  it('dismisses with reasons and feeds back', () => {
    expect(transitionObjection(objection('reviewing'), decide('dismiss'))).toMatchObject({ ok: true, value: { status: 'dismissed' } });
    expect(transitionObjection(objection('dismissed'), { type: 'feed_back', feedback: '维持原检查结果' })).toMatchObject({ ok: true, value: { status: 'answered' } });
  });

  it('refuses every event a status does not accept (409)', () => {
    const events: ObjectionEvent[] = [{ type: 'start_review' }, decide('uphold'), decide('dismiss'), { type: 'feed_back', feedback: '好' }];
    for (const status of Object.keys(OBJECTION_TRANSITIONS) as ObjectionStatus[]) {
      for (const event of events) {
        const result = transitionObjection(objection(status), event);
        const allowed = allowedEvents(OBJECTION_TRANSITIONS, status).includes(event.type);
        if (allowed) expect(result.ok, `${status} ${event.type}`).toBe(true);
        else expect(result).toMatchObject({ ok: false, error: { kind: 'illegal_transition', code: 'OBJECTION_ILLEGAL_TRANSITION' } });
      }
    }
    expect(transitionObjection(objection('answered'), { type: 'feed_back', feedback: 'x' })).toMatchObject({ ok: false, error: { message: '异议当前为“已反馈”，不能反馈复核结果' } });
  });

  it('requires the reasons of a decision, a decision date not before receipt, and the feedback text (400)', () => {
    expect(transitionObjection(objection('reviewing'), decide('dismiss', '  '))).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'OBJECTION_COMMENTS_REQUIRED' } });
    expect(transitionObjection(objection('reviewing'), decide('uphold', '有误', '2026-11-30'))).toMatchObject({ ok: false, error: { code: 'OBJECTION_DECIDED_BEFORE_RECEIPT' } });
    expect(transitionObjection(objection('upheld'), { type: 'feed_back', feedback: null })).toMatchObject({ ok: false, error: { code: 'OBJECTION_FEEDBACK_REQUIRED' } });
  });
});

describe('objection deadlines (威海第11条: 20 working days to review, 15 to feed back)', () => {
  it('counts 20 working days from receipt over the National Day holiday, and 15 from the decision', () => {
    // Received Tuesday 2026-09-29; 2026-10-01..07 are holidays (with makeup workdays in the built-in calendar).
    const due = objectionDue(D('2026-09-29'), DEFAULT_CALENDAR);
    expect(due.reviewDue > D('2026-10-27')).toBe(true);
    const decided = objectionDue(D('2026-12-01'), DEFAULT_CALENDAR, D('2026-12-10'));
    expect(decided).toEqual({ reviewDue: '2026-12-29', feedbackDue: '2026-12-31', provisional: false });
  });

  it('before the decision, gives the latest feedback date (15 working days after the review deadline)', () => {
    const due = objectionDue(D('2026-12-01'), DEFAULT_CALENDAR);
    expect(due.reviewDue).toBe('2026-12-29');
    expect(due.feedbackDue > due.reviewDue).toBe(true);
  });

  it('marks deadlines that run through a year without a schedule as provisional', () => {
    expect(objectionDue(D('2026-12-01'), createCalendarOrThrow([])).provisional).toBe(true);
  });

  it('applies the review deadline until decided, then the feedback deadline, and none once answered', () => {
    const due = { reviewDue: D('2026-12-29'), feedbackDue: D('2027-01-20') };
    expect(currentDue('received', due)).toBe('2026-12-29');
    expect(currentDue('reviewing', due)).toBe('2026-12-29');
    expect(currentDue('dismissed', due)).toBe('2027-01-20');
    expect(currentDue('answered', due)).toBeNull();
    expect(isOverdue('reviewing', due, D('2026-12-30'))).toBe(true);
    expect(isOverdue('reviewing', due, D('2026-12-29'))).toBe(false);
    expect(isOverdue('upheld', due, D('2026-12-30'))).toBe(false);
    expect(isOverdue('answered', due, D('2030-01-01'))).toBe(false);
  });
});

describe('receiptProblem', () => {
  it('accepts objections against published results only, received between the check and today', () => {
    expect(receiptProblem('published', D('2026-12-01'), D('2026-12-05'), D('2026-12-07'))).toBeNull();
    expect(receiptProblem('approved', D('2026-12-01'), D('2026-12-05'), D('2026-12-07'))).toBe('只能对已公示的检查结果提出异议');
    expect(receiptProblem('published', D('2026-12-01'), D('2026-12-08'), D('2026-12-07'))).toBe('收到异议的日期不能晚于今天');
    expect(receiptProblem('published', D('2026-12-01'), D('2026-11-30'), D('2026-12-07'))).toContain('不能早于检查日期');
  });
});

describe('objectionItems (待办)', () => {
  it('lists open objections with the deadline that applies now, overdue when passed, and nothing once answered', async () => {
    const base = { entityName: '长春鑫源商贸有限公司', taskName: '企业公示信息抽查', reviewDue: D('2026-12-29'), feedbackDue: D('2027-01-20'), dueProvisional: false };
    const items = objectionItems([
      { ...base, id: 'a', status: 'received' }, { ...base, id: 'b', status: 'dismissed' }, { ...base, id: 'c', status: 'answered' },
    ], D('2026-12-30'));
    expect(items.map((i) => [i.kind, i.recordId, i.dueOn, i.overdue])).toEqual([
      ['objection_review', 'a', '2026-12-29', true], ['objection_feedback', 'b', '2027-01-20', false],
    ]);
    expect(items[0]?.title).toBe('复核异议：长春鑫源商贸有限公司（企业公示信息抽查），已逾期');
  });
});
