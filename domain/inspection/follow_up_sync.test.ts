import { describe, expect, it } from 'vitest';
import { followUpAfterCorrection } from './follow_up_sync';

const facts = { seq: 1, approvedOn: '2026-05-07' };
const noProblem = { disposal: 'none', resultCategory: 'no_problem' } as const;
const ordered = { disposal: 'order_correction', resultCategory: 'corrected' } as const;

describe('followUpAfterCorrection', () => {
  it('opens a follow-up when the corrected result needs one and has none, and does nothing when neither', () => {
    expect(followUpAfterCorrection(ordered, null, facts)).toEqual({ kind: 'open' });
    expect(followUpAfterCorrection({ disposal: 'none', resultCategory: 'unreachable' }, null, facts)).toEqual({ kind: 'open' });
    expect(followUpAfterCorrection(noProblem, null, facts)).toEqual({ kind: 'none' });
  });

  it('closes a follow-up the owner still handles once the result no longer needs one, naming the correction', () => {
    for (const status of ['open', 'returned'] as const) {
      const sync = followUpAfterCorrection(noProblem, { status, measure: 'order_correction' }, facts);
      expect(sync.kind).toBe('close');
      expect(sync.kind === 'close' && sync.outcome).toBe('检查结果第 1 次更正（2026-05-07 经主要负责人批准，长春第20条）后，该检查结果无需后续处置，本后续处置随之办结。');
    }
  });

  it('leaves a transferred follow-up to its holder, with a notice in its notes; a closed one stays closed', () => {
    for (const status of ['awaiting', 'accepted', 'sent_judicial'] as const) {
      const sync = followUpAfterCorrection(noProblem, { status, measure: null }, facts);
      expect(sync.kind).toBe('notice');
      expect(sync.kind === 'notice' && sync.note).toMatch(/^【更正提示】检查结果第 1 次更正/);
    }
    expect(followUpAfterCorrection(noProblem, { status: 'closed', measure: 'order_correction' }, facts)).toEqual({ kind: 'none' });
    expect(followUpAfterCorrection(ordered, { status: 'closed', measure: null }, facts)).toEqual({ kind: 'none' });
  });

  it('moves the owner\'s measure to the corrected disposal, but not for a 移送 or a transferred follow-up', () => {
    expect(followUpAfterCorrection({ disposal: 'penalty', resultCategory: 'pending_followup' }, { status: 'open', measure: 'order_correction' }, facts)).toEqual({ kind: 'measure', measure: 'penalty' });
    expect(followUpAfterCorrection(ordered, { status: 'open', measure: 'order_correction' }, facts)).toEqual({ kind: 'none' });
    expect(followUpAfterCorrection({ disposal: 'transfer', resultCategory: 'pending_followup' }, { status: 'open', measure: 'order_correction' }, facts)).toEqual({ kind: 'none' });
    expect(followUpAfterCorrection({ disposal: 'penalty', resultCategory: 'pending_followup' }, { status: 'accepted', measure: null }, facts)).toEqual({ kind: 'none' });
  });
});
