/**
 * An approved 更正 moves the result's follow-up with it (domain/inspection/follow_up_sync.ts), inside the approval's
 * change: the opening, closing, notice or measure is in the same transaction and its operation-log row (the events
 * FollowUpCreated / FollowUpStatusChanged / FollowUpCorrectionNoted, and `followUp` in the row's detail).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Disposal, ResultCategory } from '../../../domain/inspection/categories';
import { followUpAfterCorrection } from '../../../domain/inspection/follow_up_sync';
import type { FollowUpMeasure, FollowUpStatus } from '../../../domain/inspection/follow_up_states';
import type { Db } from '../../db/database';
import { followUps, resultCorrections } from '../../db/schema';
import type { ChangeRecorder } from '../../http/change';
import { shanghaiDate } from '../../http/today';
import { openFollowUp, type FollowUpSource } from './open';

/** The result's disposal and category with every approved correction applied in order. */
async function correctedValues(tx: Db, original: FollowUpSource): Promise<{ disposal: Disposal | null; resultCategory: ResultCategory | null }> {
  const approved = await tx.select({ changes: resultCorrections.changes }).from(resultCorrections)
    .where(and(eq(resultCorrections.resultId, original.id), eq(resultCorrections.status, 'approved'))).orderBy(asc(resultCorrections.seq));
  let { disposal, resultCategory } = original;
  for (const { changes } of approved) {
    const c = changes as { disposal?: Disposal; resultCategory?: ResultCategory };
    if (c.disposal) disposal = c.disposal;
    if (c.resultCategory) resultCategory = c.resultCategory;
  }
  return { disposal, resultCategory };
}

/** Called once the correction is stored as approved (same transaction). `original` carries the result's own values. */
export async function syncFollowUpWithCorrection(tx: Db, record: ChangeRecorder, original: FollowUpSource, correction: { id: string; seq: number }, userId: string, now: Date): Promise<void> {
  const corrected = await correctedValues(tx, original);
  const [existing] = await tx.select({ id: followUps.id, status: followUps.status, measure: followUps.measure, note: followUps.note, dueDate: followUps.dueDate })
    .from(followUps).where(eq(followUps.resultId, original.id));
  const sync = followUpAfterCorrection(corrected, existing ? { status: existing.status as FollowUpStatus, measure: existing.measure as FollowUpMeasure | null } : null, { seq: correction.seq, approvedOn: shanghaiDate(now) });
  const bump = { updatedAt: now, rowVersion: sql`${followUps.rowVersion} + 1` };
  switch (sync.kind) {
    case 'none':
      return;
    case 'open': {
      const id = await openFollowUp(tx, record, { ...original, ...corrected }, userId, now, { automatic: true, note: `因检查结果第 ${correction.seq} 次更正而登记。` });
      if (id) record.detail({ followUp: { id, action: 'opened' } });
      return;
    }
    case 'close': {
      if (!existing) return;
      await tx.update(followUps).set({ status: 'closed', outcome: sync.outcome, closedBy: userId, closedAt: now, ...bump }).where(eq(followUps.id, existing.id));
      record.event({ type: 'FollowUpStatusChanged', followUpId: existing.id, resultId: original.id, from: existing.status, to: 'closed', event: 'close', reason: sync.outcome });
      record.detail({ followUp: { id: existing.id, action: 'closed', from: existing.status } });
      return;
    }
    case 'notice': {
      if (!existing) return;
      const note = existing.note ? `${existing.note}\n${sync.note}` : sync.note;
      await tx.update(followUps).set({ note, ...bump }).where(eq(followUps.id, existing.id));
      record.event({ type: 'FollowUpCorrectionNoted', followUpId: existing.id, resultId: original.id, correctionId: correction.id, status: existing.status, reason: sync.note });
      record.detail({ followUp: { id: existing.id, action: 'noted', status: existing.status } });
      return;
    }
    case 'measure': {
      if (!existing) return;
      await tx.update(followUps).set({ measure: sync.measure, ...bump }).where(eq(followUps.id, existing.id));
      record.event({ type: 'FollowUpPlanned', followUpId: existing.id, resultId: original.id, measure: sync.measure, dueDate: existing.dueDate });
      record.detail({ followUp: { id: existing.id, action: 'measure', from: existing.measure, to: sync.measure } });
      return;
    }
  }
}
