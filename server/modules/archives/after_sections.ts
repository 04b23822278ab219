/**
 * The archive's sections for what follows publication: the objections against the task's results and their review
 * (威海第11条), and the follow-ups of its findings with their transfers (曲阳第22条). Stored rows as they are, ordered by
 * result and date, so the archive stays the same bytes for the same data.
 */
import { asc, eq } from 'drizzle-orm';
import { followUps, inspectionResults, marketEntities, objections } from '../../db/schema';
import { jsonFile, type ArchiveSection } from './sections';

export const objectionSection: ArchiveSection = {
  folder: '08-异议与复核',
  describes: '检查对象对已公示结果提出的异议：受理、复核结论与反馈（成立的异议所引起的更正见 06-结果更正）',
  async *files({ db, task }) {
    const rows = await db.select({ objection: objections, creditCode: marketEntities.code, entityName: marketEntities.name }).from(objections)
      .innerJoin(inspectionResults, eq(inspectionResults.id, objections.resultId))
      .innerJoin(marketEntities, eq(marketEntities.id, objections.entityId))
      .where(eq(inspectionResults.taskId, task.id))
      .orderBy(asc(marketEntities.code), asc(objections.receivedOn), asc(objections.id));
    yield jsonFile('objections.json', rows.map((r) => ({ ...r.objection, creditCode: r.creditCode, entityName: r.entityName })));
  },
};

export const followUpSection: ArchiveSection = {
  folder: '09-后续处置',
  describes: '发现问题的后续处置：本部门处置、移送其他部门或司法机关、接收与退回、复查与办结',
  async *files({ db, task }) {
    const rows = await db.select({ followUp: followUps, creditCode: marketEntities.code, entityName: marketEntities.name }).from(followUps)
      .innerJoin(inspectionResults, eq(inspectionResults.id, followUps.resultId))
      .innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
      .where(eq(inspectionResults.taskId, task.id))
      .orderBy(asc(marketEntities.code), asc(followUps.id));
    yield jsonFile('follow_ups.json', rows.map((r) => ({ ...r.followUp, creditCode: r.creditCode, entityName: r.entityName })));
  },
};
