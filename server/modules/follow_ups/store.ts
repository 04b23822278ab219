/**
 * 后续处置 queries. A follow-up is seen by its owner department (and whoever covers the owner's region, e.g. the
 * 联席会议办公室) and by the department it was transferred to; it is acted on by the side the state machine names
 * (domain/inspection/follow_up_states.ts). Internal notes and 涉密 content never leave these routes.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DataScope } from '../../../domain/access/data_scope';
import { DISPOSALS, labelOf, RESULT_CATEGORIES, RESULT_STATUS_LABELS, type ResultCategory } from '../../../domain/inspection/categories';
import {
  completionLabel, FOLLOW_UP_MEASURES, FOLLOW_UP_STATUS_LABELS, isFollowUpOverdue, JUDICIAL_ORGAN_KINDS, listingSuggestion, type FollowUpMeasure, type FollowUpStatus,
} from '../../../domain/inspection/follow_up_states';
import type { Db } from '../../db/database';
import { departments, domainEvents, followUps, inspectionResults, marketEntities, operationLog, tasks, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf } from '../../http/paging';
import type { FollowUpDetail, FollowUpRow } from './schema';

const owner = alias(departments, 'owner_department');
const receiver = alias(departments, 'receiver_department');
const nameOf = (column: SQLWrapper) => sql<string | null>`(select u.name from ${users} u where u.id = ${column})`;

/** The owner side: the owner department, or whoever covers the owner's region. */
export const ownerScope = (scope: DataScope): SQL => scopeWhere(scope, { regionCode: followUps.regionCode, departmentId: followUps.ownerDepartmentId });
/** The receiver side: the department it was transferred to. */
export const receiverScope = (scope: DataScope): SQL => and(isNotNull(followUps.receiverDepartmentId), scopeWhere(scope, { departmentId: followUps.receiverDepartmentId })) ?? sql`false`;
export const visibleFollowUp = (scope: DataScope): SQL => or(ownerScope(scope), receiverScope(scope)) ?? sql`false`;

function columns(scope: DataScope) {
  return {
    id: followUps.id, resultId: followUps.resultId, taskId: inspectionResults.taskId, taskCode: tasks.code, taskName: tasks.name,
    entityName: marketEntities.name, creditCode: marketEntities.code, resultCategory: inspectionResults.resultCategory, disposal: inspectionResults.disposal,
    checkDate: inspectionResults.checkDate, resultStatus: inspectionResults.status,
    ownerDepartmentId: followUps.ownerDepartmentId, ownerDepartmentName: owner.name,
    receiverDepartmentId: followUps.receiverDepartmentId, receiverDepartmentName: receiver.name,
    judicialOrganKind: followUps.judicialOrganKind, judicialOrganName: followUps.judicialOrganName,
    status: followUps.status, measure: followUps.measure, dueDate: followUps.dueDate, handler: followUps.handler, note: followUps.note, automatic: followUps.automatic,
    transferReason: followUps.transferReason, transferredByName: nameOf(followUps.transferredBy), transferredAt: followUps.transferredAt,
    acceptedByName: nameOf(followUps.acceptedBy), acceptedAt: followUps.acceptedAt, returnReason: followUps.returnReason, returnedAt: followUps.returnedAt,
    recheckDate: followUps.recheckDate, recheckRectified: followUps.recheckRectified, receiptNumber: followUps.receiptNumber, receiptDate: followUps.receiptDate,
    outcome: followUps.outcome, closedByName: nameOf(followUps.closedBy), closedAt: followUps.closedAt, createdByName: nameOf(followUps.createdBy),
    createdAt: followUps.createdAt, rowVersion: followUps.rowVersion,
    isOwner: sql<boolean>`(${ownerScope(scope)})`, isReceiver: sql<boolean>`(${receiverScope(scope)})`,
  };
}

function selectFollowUps(db: Db, scope: DataScope) {
  return db.select(columns(scope)).from(followUps)
    .innerJoin(inspectionResults, eq(inspectionResults.id, followUps.resultId))
    .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId))
    .innerJoin(owner, eq(owner.id, followUps.ownerDepartmentId))
    .leftJoin(receiver, eq(receiver.id, followUps.receiverDepartmentId));
}

type Raw = Awaited<ReturnType<ReturnType<typeof selectFollowUps>['execute']>>[number];
export type FollowUpRecord = Omit<FollowUpDetail, 'allowedEvents' | 'history'>;

function present(r: Raw, today: string): FollowUpRecord {
  const status = r.status as FollowUpStatus;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id, resultId: r.resultId, taskId: r.taskId, taskCode: r.taskCode, taskName: r.taskName, entityName: r.entityName, creditCode: r.creditCode,
    resultCategoryLabel: labelOf(RESULT_CATEGORIES, r.resultCategory), disposalLabel: labelOf(DISPOSALS, r.disposal),
    checkDate: r.checkDate, resultStatusLabel: labelOf(RESULT_STATUS_LABELS, r.resultStatus) ?? r.resultStatus,
    ownerDepartmentId: r.ownerDepartmentId, ownerDepartmentName: r.ownerDepartmentName,
    receiverDepartmentId: r.receiverDepartmentId, receiverDepartmentName: r.receiverDepartmentName, judicialOrganName: r.judicialOrganName,
    judicialOrganKind: r.judicialOrganKind as FollowUpRecord['judicialOrganKind'], judicialOrganKindLabel: labelOf(JUDICIAL_ORGAN_KINDS, r.judicialOrganKind),
    status, statusLabel: FOLLOW_UP_STATUS_LABELS[status] ?? r.status, completionLabel: completionLabel(status),
    measure: r.measure as FollowUpMeasure | null, measureLabel: labelOf(FOLLOW_UP_MEASURES, r.measure),
    dueDate: r.dueDate, overdue: isFollowUpOverdue(status, r.dueDate, today),
    listingSuggestion: listingSuggestion(r.resultCategory as ResultCategory | null),
    handler: r.handler, note: r.note, automatic: r.automatic,
    transferReason: r.transferReason, transferredByName: r.transferredByName, transferredAt: iso(r.transferredAt),
    acceptedByName: r.acceptedByName, acceptedAt: iso(r.acceptedAt), returnReason: r.returnReason, returnedAt: iso(r.returnedAt),
    recheckDate: r.recheckDate, recheckRectified: r.recheckRectified, receiptNumber: r.receiptNumber, receiptDate: r.receiptDate,
    outcome: r.outcome, closedByName: r.closedByName, closedAt: iso(r.closedAt), createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(), rowVersion: r.rowVersion, isOwner: r.isOwner === true, isReceiver: r.isReceiver === true,
  };
}

export interface FollowUpFilter {
  readonly box?: 'outgoing' | 'incoming' | undefined;
  readonly status?: FollowUpStatus | undefined;
  readonly completion?: 'open' | 'closed' | undefined;
  readonly resultId?: string | undefined;
  readonly keyword?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export async function listFollowUps(db: Db, scope: DataScope, filter: FollowUpFilter, today: string): Promise<{ rows: FollowUpRow[]; total: number }> {
  const where = and(
    filter.box === 'outgoing' ? ownerScope(scope) : filter.box === 'incoming' ? receiverScope(scope) : visibleFollowUp(scope),
    filter.status ? eq(followUps.status, filter.status) : undefined,
    filter.completion === 'closed' ? eq(followUps.status, 'closed') : filter.completion === 'open' ? sql`${followUps.status} <> 'closed'` : undefined,
    filter.resultId ? eq(followUps.resultId, filter.resultId) : undefined,
    filter.keyword ? or(sql`${marketEntities.name} like ${likeContains(filter.keyword)}`, eq(marketEntities.code, filter.keyword.toUpperCase()), eq(tasks.code, filter.keyword)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectFollowUps(db, scope).where(where)
      .orderBy(sql`${followUps.status} = 'closed'`, sql`${followUps.status} = 'awaiting' desc`, asc(followUps.dueDate), desc(followUps.createdAt), asc(followUps.id))
      .limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(followUps).innerJoin(inspectionResults, eq(inspectionResults.id, followUps.resultId))
      .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(marketEntities, eq(marketEntities.id, inspectionResults.entityId)).where(where),
  ]);
  return {
    total: total?.n ?? 0,
    rows: rows.map((r) => {
      const p = present(r, today);
      return {
        id: p.id, resultId: p.resultId, taskId: p.taskId, taskCode: p.taskCode, taskName: p.taskName, entityName: p.entityName, creditCode: p.creditCode,
        resultCategoryLabel: p.resultCategoryLabel, disposalLabel: p.disposalLabel, ownerDepartmentId: p.ownerDepartmentId, ownerDepartmentName: p.ownerDepartmentName,
        receiverDepartmentId: p.receiverDepartmentId, receiverDepartmentName: p.receiverDepartmentName, judicialOrganName: p.judicialOrganName,
        status: p.status, statusLabel: p.statusLabel, completionLabel: p.completionLabel, measure: p.measure, measureLabel: p.measureLabel,
        dueDate: p.dueDate, overdue: p.overdue, listingSuggestion: p.listingSuggestion, createdAt: p.createdAt, rowVersion: p.rowVersion,
      };
    }),
  };
}

/** One follow-up within the caller's scope, or null (→ 404). */
export async function followUpInScope(db: Db, scope: DataScope, id: string, today: string): Promise<FollowUpRecord | null> {
  const [row] = await selectFollowUps(db, scope).where(and(eq(followUps.id, id), visibleFollowUp(scope))).limit(1);
  return row ? present(row, today) : null;
}

const FOLLOW_UP_EVENT_TYPES = ['FollowUpCreated', 'FollowUpStatusChanged', 'FollowUpPlanned', 'FollowUpCorrectionNoted'];

/** The follow-up's recorded changes, oldest first (from the operation log and its domain events). */
export async function followUpHistory(db: Db, id: string): Promise<FollowUpDetail['history']> {
  const rows = await db.select({ at: operationLog.at, actorName: operationLog.actorName, summary: operationLog.summary, payload: domainEvents.payload })
    .from(domainEvents).innerJoin(operationLog, eq(operationLog.seq, domainEvents.operationSeq))
    .where(and(inArray(domainEvents.type, FOLLOW_UP_EVENT_TYPES), sql`${domainEvents.payload}->>'followUpId' = ${id}`))
    .orderBy(asc(domainEvents.id));
  return rows.map((r) => {
    const p = r.payload as { event?: string; reason?: string; automatic?: boolean };
    const summary = p.automatic === true ? `${r.summary}（自动登记后续处置）` : r.summary;
    return { at: new Date(r.at).toISOString(), actorName: r.actorName, summary, event: p.event ?? (p.automatic === undefined ? null : 'create'), reason: p.reason ?? null };
  });
}

/** Departments a follow-up may be transferred to: active ones of the owner's city and of its province level. */
export async function receiverOptions(db: Db, ownerRegionCode: string): Promise<{ id: string; name: string; regionCode: string }[]> {
  const city = ownerRegionCode.slice(0, 4);
  return db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments)
    .where(and(isNull(departments.deletedAt), or(sql`${departments.regionCode} like ${`${city}%`}`, eq(departments.regionCode, `${ownerRegionCode.slice(0, 2)}0000`))))
    .orderBy(asc(departments.regionCode), asc(departments.name));
}

export async function activeDepartment(db: Db, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await db.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.id, id), isNull(departments.deletedAt)));
  return row ?? null;
}
