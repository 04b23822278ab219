/**
 * Opening a follow-up. It opens by itself when the department APPROVES a result whose disposal is other than
 * 无需后续处置 or whose category calls for a 经营异常名录 suggestion: 曲阳第22条 asks the department to 落实下一步深入调查
 * 与处理 once the finding is established, and approval is where the department confirms it — publication may come up to
 * 20 working days later (长春第19条) and must not hold up a rectification order or a transfer. Staff may also open one
 * by hand for an approved or published result (e.g. after a correction changed its disposal).
 *
 * Idempotent: one follow-up per result (unique index follow_ups_result_uq); the insert does nothing when it exists, so
 * a retried approval or a hand-made one never duplicates.
 */
import type { Disposal, ResultCategory } from '../../../domain/inspection/categories';
import { initialMeasure, needsFollowUp, type FollowUpMeasure } from '../../../domain/inspection/follow_up_states';
import type { Db } from '../../db/database';
import { followUps } from '../../db/schema';
import type { ChangeRecorder } from '../../http/change';

export interface FollowUpSource {
  readonly id: string;
  readonly departmentId: string;
  readonly regionCode: string;
  readonly disposal: Disposal | null;
  readonly resultCategory: ResultCategory | null;
}

export interface OpenOptions {
  readonly automatic: boolean;
  readonly measure?: FollowUpMeasure | null | undefined;
  readonly dueDate?: string | null | undefined;
  readonly note?: string | null | undefined;
}

/** Inserts the result's follow-up unless it has one; answers its id when this call created it, else null. */
export async function openFollowUp(tx: Db, record: ChangeRecorder, result: FollowUpSource, userId: string, now: Date, options: OpenOptions): Promise<string | null> {
  const measure = options.measure !== undefined ? options.measure : initialMeasure(result.disposal);
  const [row] = await tx.insert(followUps).values({
    resultId: result.id, ownerDepartmentId: result.departmentId, regionCode: result.regionCode, status: 'open', measure,
    dueDate: options.dueDate ?? null, note: options.note ?? null, automatic: options.automatic, createdBy: userId, createdAt: now, updatedAt: now,
  }).onConflictDoNothing({ target: followUps.resultId }).returning({ id: followUps.id });
  if (!row) return null;
  record.event({ type: 'FollowUpCreated', followUpId: row.id, resultId: result.id, departmentId: result.departmentId, measure, automatic: options.automatic });
  return row.id;
}

/** Called inside the approval's change: opens the follow-up when the approved result needs one. */
export async function openFollowUpOnApproval(tx: Db, record: ChangeRecorder, result: FollowUpSource, userId: string, now: Date): Promise<void> {
  if (!needsFollowUp(result.disposal, result.resultCategory)) return;
  const id = await openFollowUp(tx, record, result, userId, now, { automatic: true });
  if (id) record.detail({ followUpId: id });
}
