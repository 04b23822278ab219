/**
 * The department's side of results: lists within the caller's data scope, the history of a result (its domain events
 * with who and when), and the corrections. A result is visible to whoever sees its task (lead, participating
 * departments, the region: dispatch/task_access.ts taskScope) and reviewed, published and corrected only by the
 * department in charge of it (results.department_id, the task's lead) or whoever covers its region.
 */
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { CHECK_METHODS, DISPOSALS, FINDINGS, labelOf, RESULT_CATEGORIES, RESULT_STATUS_LABELS } from '../../../domain/inspection/categories';
import type { ResultStatus } from '../../../domain/inspection/result_states';
import type { Db } from '../../db/database';
import { domainEvents, inspectionResults, marketEntities, operationLog, resultCorrections, tasks, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import type { ChangeRecorder } from '../../http/change';
import { conflict, uniqueViolation, type AppError } from '../../http/errors';
import { likeContains, offsetOf } from '../../http/paging';
import { taskScope } from '../dispatch/task_access';
import type { CorrectionView, ResultRow } from './schema';
import { selectResults } from './views';

/** Who may see a result: whoever sees its task. */
export const visibleResult = (scope: DataScope): SQL => taskScope(scope);

/** Who may review, publish and correct it: its department, or whoever covers its region. */
export const reviewableResult = (scope: DataScope): SQL => scopeWhere(scope, { regionCode: inspectionResults.regionCode, departmentId: inspectionResults.departmentId });

export interface ResultFilter {
  readonly status?: ResultStatus | undefined;
  readonly taskId?: string | undefined;
  readonly keyword?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export async function listResults(db: Db, scope: DataScope, filter: ResultFilter, today: string): Promise<{ rows: ResultRow[]; total: number }> {
  const where = and(
    visibleResult(scope),
    filter.status ? eq(inspectionResults.status, filter.status) : undefined,
    filter.taskId ? eq(inspectionResults.taskId, filter.taskId) : undefined,
    filter.keyword ? or(sql`${marketEntities.name} like ${likeContains(filter.keyword)}`, eq(marketEntities.code, filter.keyword.toUpperCase()), eq(tasks.code, filter.keyword)) : undefined,
  );
  const pending = sql<boolean>`exists (select 1 from ${resultCorrections} c where c.result_id = ${inspectionResults.id} and c.status = 'pending')`;
  const [rows, [total]] = await Promise.all([
    selectResults(db).where(where).orderBy(sql`${inspectionResults.status} = 'submitted' desc`, asc(inspectionResults.publishDue), asc(tasks.code), asc(marketEntities.name))
      .limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
      .innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)).where(where),
  ]);
  const withPending = rows.length === 0 ? [] : await db.select({ id: inspectionResults.id, pending }).from(inspectionResults).where(inArray(inspectionResults.id, rows.map((r) => r.id)));
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.id, taskId: r.taskId, taskCode: r.taskCode, taskName: r.taskName, taskObjectId: r.taskObjectId, entityName: r.entityName, creditCode: r.creditCode,
      departmentName: r.departmentName, status: r.status as ResultStatus, statusLabel: RESULT_STATUS_LABELS[r.status as ResultStatus] ?? r.status,
      checkDate: r.checkDate, resultCategoryLabel: labelOf(RESULT_CATEGORIES, r.resultCategory), submittedAt: r.submittedAt?.toISOString() ?? null,
      entryDue: r.entryDue, publishDue: r.publishDue, dueProvisional: r.dueProvisional,
      publishOverdue: r.status !== 'published' && r.publishDue !== null && r.publishDue < today,
      pendingCorrection: withPending.find((p) => p.id === r.id)?.pending === true, rowVersion: r.rowVersion,
    })),
  };
}

const RESULT_EVENT_TYPES = ['InspectionResultSaved', 'InspectionResultStatusChanged', 'ResultCorrectionRequested', 'ResultCorrectionDecided'];

/** The result's recorded changes, oldest first: who, when, what (from the operation log and its domain events). */
export async function resultHistory(db: Db, resultId: string): Promise<{ at: string; actorName: string | null; summary: string; event: string | null; reason: string | null }[]> {
  const rows = await db.select({ at: operationLog.at, actorName: operationLog.actorName, summary: operationLog.summary, payload: domainEvents.payload })
    .from(domainEvents).innerJoin(operationLog, eq(operationLog.seq, domainEvents.operationSeq))
    .where(and(inArray(domainEvents.type, RESULT_EVENT_TYPES), sql`${domainEvents.payload}->>'resultId' = ${resultId}`))
    .orderBy(asc(domainEvents.id));
  return rows.map((r) => {
    const p = r.payload as { event?: string; decision?: string; reason?: string };
    return { at: new Date(r.at).toISOString(), actorName: r.actorName, summary: r.summary, event: p.event ?? p.decision ?? null, reason: p.reason ?? null };
  });
}

const CORRECTION_STATUS_LABELS = { pending: '待审批', approved: '已批准并公示', rejected: '未批准' } as const;

/** The corrected values in words, for the page and the public list. */
export function changeLabels(changes: Record<string, unknown>, itemNames: ReadonlyMap<string, string>): { field: string; label: string; value: string }[] {
  const out: { field: string; label: string; value: string }[] = [];
  if (typeof changes['resultCategory'] === 'string') out.push({ field: 'resultCategory', label: '检查结果', value: labelOf(RESULT_CATEGORIES, changes['resultCategory']) ?? '' });
  if (typeof changes['disposal'] === 'string') out.push({ field: 'disposal', label: '处置', value: labelOf(DISPOSALS, changes['disposal']) ?? '' });
  if (typeof changes['checkMethod'] === 'string') out.push({ field: 'checkMethod', label: '检查方式', value: labelOf(CHECK_METHODS, changes['checkMethod']) ?? '' });
  if (typeof changes['note'] === 'string') out.push({ field: 'note', label: '备注', value: changes['note'] });
  if (Array.isArray(changes['itemFindings'])) {
    for (const f of changes['itemFindings'] as { itemId: string; finding: string; note?: string | null }[]) {
      out.push({ field: 'itemFindings', label: `检查事项：${itemNames.get(f.itemId) ?? f.itemId}`, value: `${labelOf(FINDINGS, f.finding) ?? f.finding}${f.note ? `（${f.note}）` : ''}` });
    }
  }
  return out;
}

const nameOf = (column: typeof resultCorrections.requestedBy | typeof resultCorrections.decidedBy) => sql<string | null>`(select u.name from ${users} u where u.id = ${column})`;

export async function correctionsOf(db: Db, resultIds: readonly string[], itemNames: ReadonlyMap<string, string>, onlyApproved = false): Promise<CorrectionView[]> {
  if (resultIds.length === 0) return [];
  const rows = await db.select({
    id: resultCorrections.id, resultId: resultCorrections.resultId, seq: resultCorrections.seq, reason: resultCorrections.reason, changes: resultCorrections.changes,
    source: resultCorrections.source, status: resultCorrections.status, requestedByName: nameOf(resultCorrections.requestedBy), requestedAt: resultCorrections.requestedAt,
    decidedByName: nameOf(resultCorrections.decidedBy), decidedAt: resultCorrections.decidedAt, decisionComments: resultCorrections.decisionComments, rowVersion: resultCorrections.rowVersion,
  }).from(resultCorrections).where(and(inArray(resultCorrections.resultId, [...resultIds]), onlyApproved ? eq(resultCorrections.status, 'approved') : undefined))
    .orderBy(asc(resultCorrections.resultId), asc(resultCorrections.seq));
  return rows.map((r) => {
    const status = r.status as CorrectionView['status'];
    const changes = (r.changes ?? {}) as Record<string, unknown>;
    return {
      ...r, changes, changeLabels: changeLabels(changes, itemNames), status, statusLabel: CORRECTION_STATUS_LABELS[status] ?? r.status,
      requestedAt: r.requestedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null,
    };
  });
}

export async function correctionById(db: Db, id: string): Promise<{ id: string; resultId: string; seq: number; status: string; rowVersion: number; requestedBy: string } | null> {
  const [row] = await db.select({ id: resultCorrections.id, resultId: resultCorrections.resultId, seq: resultCorrections.seq, status: resultCorrections.status, rowVersion: resultCorrections.rowVersion, requestedBy: resultCorrections.requestedBy })
    .from(resultCorrections).where(eq(resultCorrections.id, id));
  return row ?? null;
}

/**
 * Requests a correction of a published result inside the caller's change (长春第20条): the next number, the corrected
 * values, where it came from ('staff', or 'objection' for an upheld objection, 威海第11条). A pending one already there
 * is a 409 (CORRECTION_PENDING), answered by `correctionConflict`.
 */
export async function insertCorrection(
  tx: Db, record: ChangeRecorder,
  input: { resultId: string; reason: string; changes: Record<string, unknown>; requestedBy: string; now: Date; source: 'staff' | 'objection' },
): Promise<{ id: string; seq: number }> {
  const seq = await nextCorrectionSeq(tx, input.resultId);
  const [row] = await tx.insert(resultCorrections).values({
    resultId: input.resultId, seq, reason: input.reason, changes: input.changes, source: input.source, requestedBy: input.requestedBy, requestedAt: input.now,
  }).returning({ id: resultCorrections.id });
  if (!row) throw new Error('insert returned no row');
  record.event({ type: 'ResultCorrectionRequested', correctionId: row.id, resultId: input.resultId, seq });
  return { id: row.id, seq };
}

/** The 409 of a second pending correction of one result (the partial unique index), or null for another error. */
export function correctionConflict(error: unknown): AppError | null {
  const constraint = uniqueViolation(error);
  if (constraint === 'result_corrections_one_pending_uq' || constraint === 'result_corrections_result_seq_uq') return conflict('CORRECTION_PENDING', '该检查结果已有待审批的更正，请待其审批后再申请');
  return null;
}

/** The changes' item findings that are not items of the result's task, as 400 details (empty when all are). */
export function unknownCorrectionItems(changes: { itemFindings?: readonly { itemId: string }[] | undefined }, items: ReadonlyMap<string, string>, prefix: string): { field: string; message: string }[] {
  return (changes.itemFindings ?? []).flatMap((f, i) => (items.has(f.itemId) ? [] : [{ field: `${prefix}.itemFindings.${i}.itemId`, message: '不是本检查对象的检查事项' }]));
}

export async function nextCorrectionSeq(tx: Db, resultId: string): Promise<number> {
  const [row] = await tx.select({ seq: resultCorrections.seq }).from(resultCorrections).where(eq(resultCorrections.resultId, resultId)).orderBy(desc(resultCorrections.seq)).limit(1);
  return (row?.seq ?? 0) + 1;
}
