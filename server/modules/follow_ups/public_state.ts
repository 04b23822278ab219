/**
 * What the public results list may say about a follow-up (一公开, issue #10 item 7): that one exists and whether it is
 * 未完结 or 已完结. Never its internal notes, measure, receiver or a transfer to a judicial organ — a transfer of a
 * suspected crime must not warn its suspect — and the outcome is published on its own by whoever decides it (东胜 四（四）3:
 * 后续对检查对象作出行政处罚等监管执法结果信息应按照规定程序另行公示).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { completionLabel, type FollowUpStatus } from '../../../domain/inspection/follow_up_states';
import { followUps } from '../../db/schema';

/**
 * The status of the result's follow-up (at most one per result), as a subquery of the row that reads the result — the
 * public page reads it in the same statement (issue #11 item 6) — or null when there is none. Only publicFollowUpState may
 * turn it into what the public sees.
 */
export function followUpStatusOf(resultId: AnyColumn): SQL<string | null> {
  return sql<string | null>`(select ${followUps.status} from ${followUps} where ${followUps.resultId} = ${resultId})`;
}

export function publicFollowUpState(status: string | null): { completion: '未完结' | '已完结' } | null {
  return status === null ? null : { completion: completionLabel(status as FollowUpStatus) };
}
