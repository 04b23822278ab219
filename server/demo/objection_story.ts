/**
 * The objections part of the demo story (issue #10 items 6 and 10; 威海第11条), played through the API after the
 * results scene: the entities of last year's published results get a registered contact (so a newcomer can try the
 * sign-in by code at /public/entity: the development message provider prints the code in the server console), one
 * objection received at the counter is reviewed and found not justified, with feedback to the entity, and one received
 * by mail is under review.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { entityContacts, inspectionResults, resultCorrections, taskObjects } from '../db/schema';
import type { ResultsStage } from './results_story';
import { idOf, shanghai, versionOf } from './story_session';

/** The demo contact of the k-th entity: 139 0000 0001, …; numbers of nobody, printed masked. */
export function demoPhone(k: number): string {
  return `1390000${String(k + 1).padStart(4, '0')}`;
}

export async function objectionScene(stage: ResultsStage, taskId: string, year: number): Promise<void> {
  const { clock } = stage;
  const published = await stage.db.select({ id: inspectionResults.id, entityId: inspectionResults.entityId }).from(inspectionResults)
    .innerJoin(taskObjects, eq(taskObjects.id, inspectionResults.taskObjectId))
    .where(and(eq(inspectionResults.taskId, taskId), eq(inspectionResults.status, 'published'))).orderBy(taskObjects.rank);
  if (published.length === 0) return;
  const entityIds = [...new Set(published.map((p) => p.entityId))];
  const known = new Set((await stage.db.select({ id: entityContacts.entityId }).from(entityContacts).where(inArray(entityContacts.entityId, entityIds))).map((r) => r.id));
  const fresh = entityIds.flatMap((entityId, k) => (known.has(entityId) ? [] : [{ entityId, phone: demoPhone(k), source: 'demo', updatedAt: clock.now }]));
  if (fresh.length > 0) await stage.db.insert(entityContacts).values(fresh);

  // The objected results are the last two without a correction: the corrected one stays as the correction scene left it.
  const corrected = new Set((await stage.db.select({ id: resultCorrections.resultId }).from(resultCorrections)).map((r) => r.id));
  const plain = published.filter((p) => !corrected.has(p.id));
  const [dismissed, pending] = [plain[plain.length - 1], plain.length > 2 ? plain[plain.length - 2] : undefined];
  if (!dismissed) return;

  // Received at the 市场监管局's counter on 8 May, reviewed, not justified on 20 May, told by phone on 22 May.
  clock.now = shanghai(`${year}-05-08`, '10:30');
  const entered = await (await stage.as('scjg_admin')).post('/api/inspection/objections', {
    resultId: dismissed.id, channel: 'counter', receivedOn: `${year}-05-08`, contactName: '刘经理',
    reason: '检查结果公示为“未发现问题”，但公示的检查事项说明与本店实际经营范围不一致，请求复核并更正。',
  }, 201);
  clock.now = shanghai(`${year}-05-11`, '09:00');
  const reviewing = await (await stage.as('scjg_head')).post(`/api/inspection/objections/${idOf(entered)}/start-review`, { rowVersion: versionOf(entered) });
  clock.now = shanghai(`${year}-05-20`, '15:00');
  const decided = await (await stage.as('scjg_head')).post(`/api/inspection/objections/${idOf(entered)}/decide`, {
    rowVersion: versionOf(reviewing), decision: 'dismiss',
    comments: '经调阅检查记录和现场照片复核，检查事项与该户登记的经营范围相符，检查结论无误，异议不成立，维持原检查结果。',
  });
  clock.now = shanghai(`${year}-05-22`, '10:00');
  await (await stage.as('scjg_admin')).post(`/api/inspection/objections/${idOf(entered)}/feedback`, {
    rowVersion: versionOf(decided), method: 'phone', feedback: '已电话告知刘经理复核结论及理由，并告知可依法申请行政复议或提起行政诉讼。',
  });

  // Received by mail on 25 May: taken up for review, no conclusion yet.
  if (pending) {
    clock.now = shanghai(`${year}-05-26`, '09:30');
    const mailed = await (await stage.as('scjg_admin')).post('/api/inspection/objections', {
      resultId: pending.id, channel: 'mail', receivedOn: `${year}-05-25`, contactName: null,
      reason: '本单位对检查记录中“即时信息公示情况”一项的检查情况有异议，相关信息已于检查前公示，附公示截图。',
    }, 201);
    clock.now = shanghai(`${year}-05-27`, '09:30');
    await (await stage.as('scjg_head')).post(`/api/inspection/objections/${idOf(mailed)}/start-review`, { rowVersion: versionOf(mailed) });
  }
}
