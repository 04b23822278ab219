/**
 * Reading results and attachments as the API shows them (ResultView, AttachmentView): one select with the task,
 * entity and department, names of the people who entered, submitted, reviewed and published, and the labels.
 */
import { and, asc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { ATTACHMENT_KINDS, CHECK_METHODS, DISPOSALS, FINDINGS, labelOf, RESULT_CATEGORIES, RESULT_STATUS_LABELS, type AttachmentKind, type Finding } from '../../../domain/inspection/categories';
import type { ResultStatus } from '../../../domain/inspection/result_states';
import type { Db } from '../../db/database';
import { departments, inspectionResults, marketEntities, resultAttachments, tasks, users } from '../../db/schema';
import type { AttachmentView, ResultView, Withheld } from './schema';

const nameOf = (column: SQLWrapper) => sql<string | null>`(select u.name from ${users} u where u.id = ${column})`;

const columns = {
  id: inspectionResults.id, taskId: inspectionResults.taskId, taskObjectId: inspectionResults.taskObjectId, taskCode: tasks.code, taskName: tasks.name,
  entityId: inspectionResults.entityId, entityName: marketEntities.name, creditCode: marketEntities.code,
  departmentId: inspectionResults.departmentId, departmentName: departments.name, regionCode: inspectionResults.regionCode,
  status: inspectionResults.status, checkDate: inspectionResults.checkDate, checkMethod: inspectionResults.checkMethod,
  resultCategory: inspectionResults.resultCategory, disposal: inspectionResults.disposal, itemFindings: inspectionResults.itemFindings,
  note: inspectionResults.note, signature: inspectionResults.signature, completedWithoutCheck: inspectionResults.completedWithoutCheck,
  withheld: inspectionResults.withheld,
  enteredByName: nameOf(inspectionResults.enteredBy), submittedByName: nameOf(inspectionResults.submittedBy), submittedAt: inspectionResults.submittedAt,
  reviewedByName: nameOf(inspectionResults.reviewedBy), reviewedAt: inspectionResults.reviewedAt, reviewComments: inspectionResults.reviewComments,
  publishedByName: nameOf(inspectionResults.publishedBy), publishedAt: inspectionResults.publishedAt,
  entryDue: inspectionResults.entryDue, publishDue: inspectionResults.publishDue, dueProvisional: inspectionResults.dueProvisional,
  rowVersion: inspectionResults.rowVersion, updatedAt: inspectionResults.updatedAt, submitClientId: inspectionResults.submitClientId,
};

export function selectResults(db: Db) {
  return db.select(columns).from(inspectionResults)
    .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
    .innerJoin(departments, eq(departments.id, inspectionResults.departmentId));
}

type Raw = Awaited<ReturnType<ReturnType<typeof selectResults>['execute']>>[number];

interface StoredFinding { itemId: string; departmentId: string; code?: string; name?: string; finding: Finding; note: string | null }

export function presentResult(r: Raw): ResultView & { submitClientId: string | null } {
  const findings = (r.itemFindings ?? []) as StoredFinding[];
  return {
    ...r, entityId: String(r.entityId), status: r.status as ResultStatus, statusLabel: RESULT_STATUS_LABELS[r.status as ResultStatus] ?? r.status,
    checkMethod: r.checkMethod as ResultView['checkMethod'], checkMethodLabel: labelOf(CHECK_METHODS, r.checkMethod),
    resultCategory: r.resultCategory as ResultView['resultCategory'], resultCategoryLabel: labelOf(RESULT_CATEGORIES, r.resultCategory),
    disposal: r.disposal as ResultView['disposal'], disposalLabel: labelOf(DISPOSALS, r.disposal),
    itemFindings: findings.map((f) => ({ ...f, code: f.code ?? '', name: f.name ?? '', note: f.note ?? null, findingLabel: FINDINGS[f.finding] })),
    signature: (r.signature ?? null) as ResultView['signature'], withheld: (r.withheld ?? null) as Withheld | null,
    submittedAt: r.submittedAt?.toISOString() ?? null, reviewedAt: r.reviewedAt?.toISOString() ?? null, publishedAt: r.publishedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Strips the internal column before answering. */
export function view(r: ResultView & { submitClientId?: string | null }): ResultView {
  const { submitClientId: _c, ...rest } = r;
  return rest;
}

export async function resultWhere(db: Db, where: SQL | undefined): Promise<(ResultView & { submitClientId: string | null }) | null> {
  const [row] = await selectResults(db).where(where).limit(1);
  return row ? presentResult(row) : null;
}

export async function resultOfObject(db: Db, taskObjectId: string): Promise<(ResultView & { submitClientId: string | null }) | null> {
  return resultWhere(db, eq(inspectionResults.taskObjectId, taskObjectId));
}

const attachmentColumns = {
  id: resultAttachments.id, taskObjectId: resultAttachments.taskObjectId, kind: resultAttachments.kind, fileName: resultAttachments.fileName, mime: resultAttachments.mime,
  byteSize: resultAttachments.byteSize, sha256: resultAttachments.sha256, uploadedAt: resultAttachments.uploadedAt, clientId: resultAttachments.clientId,
};

function presentAttachment(r: { id: string; taskObjectId: string; kind: string; fileName: string; mime: string; byteSize: number; sha256: string; uploadedAt: Date }): AttachmentView {
  return {
    id: r.id, taskObjectId: r.taskObjectId, kind: r.kind as AttachmentKind, kindLabel: labelOf(ATTACHMENT_KINDS, r.kind) ?? r.kind, fileName: r.fileName, mime: r.mime,
    byteSize: r.byteSize, sha256: r.sha256, uploadedAt: r.uploadedAt.toISOString(),
  };
}

export async function attachmentsOf(db: Db, taskObjectIds: readonly string[]): Promise<AttachmentView[]> {
  if (taskObjectIds.length === 0) return [];
  const rows = await db.select(attachmentColumns).from(resultAttachments).where(inArray(resultAttachments.taskObjectId, [...taskObjectIds]))
    .orderBy(asc(resultAttachments.uploadedAt), asc(resultAttachments.id));
  return rows.map(presentAttachment);
}

export async function attachmentByClientId(db: Db, clientId: string): Promise<(AttachmentView & { clientId: string }) | null> {
  const [row] = await db.select(attachmentColumns).from(resultAttachments).where(eq(resultAttachments.clientId, clientId));
  return row ? { ...presentAttachment(row), clientId: row.clientId } : null;
}

export async function attachmentContent(db: Db, id: string): Promise<{ taskObjectId: string; fileName: string; mime: string; sha256: string; content: Buffer } | null> {
  const [row] = await db.select({
    taskObjectId: resultAttachments.taskObjectId, fileName: resultAttachments.fileName, mime: resultAttachments.mime, sha256: resultAttachments.sha256, content: resultAttachments.content,
  }).from(resultAttachments).where(and(eq(resultAttachments.id, id)));
  return row ?? null;
}
