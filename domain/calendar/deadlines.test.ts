import { describe, expect, it } from 'vitest';
import { dateOnly as D } from './civil_date';
import {
  DEADLINE_RULES,
  deadlineFor,
  disclosureDeadline,
  dispatchConfirmationDeadline,
  objectionDeadlines,
  resultEntryDeadline,
} from './deadlines';
import { DEFAULT_CALENDAR as cal, createCalendarOrThrow, workingDaysBetween } from './working_days';

describe('deadline rules', () => {
  it('carry the seed numbers', () => {
    expect(Object.values(DEADLINE_RULES).map((r) => [r.key, r.workingDays])).toEqual([
      ['disclosure', 20],
      ['result_entry', 5],
      ['dispatch_confirmation', 1],
      ['objection_review', 20],
      ['objection_feedback', 15],
      ['plan_change_entry', 10],
    ]);
    for (const r of Object.values(DEADLINE_RULES)) expect(r.source).toMatch(/第.+条|四（三）1/);
  });

  it('长春第19条: publish within 20 working days', () => {
    expect(disclosureDeadline(D('2026-09-18'), cal)).toEqual({ date: '2026-10-22', provisional: false, unscheduledYears: [] });
  });

  it('曲阳第20条: enter results within 5 working days (over 国庆, counting the 10-10 调休 Saturday)', () => {
    expect(resultEntryDeadline(D('2026-09-30'), cal).date).toBe('2026-10-13');
  });

  it('曲阳第17条: confirm a dispatched list within 1 working day', () => {
    expect(dispatchConfirmationDeadline(D('2026-02-13'), cal).date).toBe('2026-02-14');
    expect(dispatchConfirmationDeadline(D('2026-02-14'), cal).date).toBe('2026-02-24');
  });

  it('东胜四（三）1: enter plan changes within 10 working days', () => {
    expect(deadlineFor('plan_change_entry', D('2026-04-30'), cal).date).toBe('2026-05-18');
  });
});

describe('威海第11条 objections: 20 + 15 working days', () => {
  it('gives the review deadline and the latest feedback date', () => {
    const r = objectionDeadlines(D('2026-09-18'), cal);
    expect(r.review.date).toBe('2026-10-22');
    expect(r.feedback).toEqual({ date: '2026-11-12', provisional: false, unscheduledYears: [] });
    expect(workingDaysBetween(D('2026-09-18'), r.feedback.date, cal).days).toBe(35);
  });

  it('counts feedback from the actual review decision when known', () => {
    const r = objectionDeadlines(D('2026-09-18'), cal, D('2026-10-09'));
    expect(r.feedback.date).toBe('2026-10-29');
  });

  it('is provisional when either period runs into an unpublished year', () => {
    const r = objectionDeadlines(D('2026-12-01'), cal);
    expect(r.review.provisional).toBe(false);
    expect(r.feedback).toMatchObject({ provisional: true, unscheduledYears: [2027] });
    const early = objectionDeadlines(D('2024-12-30'), cal);
    expect(early.feedback).toMatchObject({ provisional: true, unscheduledYears: [2024] });
    const none = objectionDeadlines(D('2026-12-01'), createCalendarOrThrow([]));
    expect(none.feedback).toMatchObject({ date: '2027-01-20', provisional: true, unscheduledYears: [2026, 2027] });
  });
});
