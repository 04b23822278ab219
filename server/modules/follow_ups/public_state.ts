/**
 * What the public results list may say about a follow-up (一公开, issue #10 item 7): that one exists and whether it is
 * 未完结 or 已完结. Never its internal notes, measure, receiver or a transfer to a judicial organ — a transfer of a
 * suspected crime must not warn its suspect — and the outcome is published on its own by whoever decides it (东胜 四（四）3:
 * 后续对检查对象作出行政处罚等监管执法结果信息应按照规定程序另行公示).
 */
import { inArray } from 'drizzle-orm';
import { completionLabel, type FollowUpStatus } from '../../../domain/inspection/follow_up_states';
import type { Db } from '../../db/database';
import { followUps } from '../../db/schema';

export async function publicFollowUpStates(db: Db, resultIds: readonly string[]): Promise<Map<string, { completion: '未完结' | '已完结' }>> {
  if (resultIds.length === 0) return new Map();
  const rows = await db.select({ resultId: followUps.resultId, status: followUps.status }).from(followUps).where(inArray(followUps.resultId, [...resultIds]));
  return new Map(rows.map((r) => [r.resultId, { completion: completionLabel(r.status as FollowUpStatus) }]));
}
