/**
 * Reading objections: within the caller's data scope (the result's department, or whoever covers its region), as the
 * staff see them and as the entity sees its own. Deadlines are stored (review_due, feedback_due) and "overdue" is the
 * deadline that applies now against today (domain/inspection/objection_states.ts).
 */
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import {
  currentDue, FEEDBACK_METHODS, isOverdue, OBJECTION_CHANNELS, OBJECTION_STATUS_LABELS, OBJECTION_TRANSITIONS, type ObjectionStatus,
} from '../../../domain/inspection/objection_states';
import { allowedEvents } from '../../../domain/workflow/machine';
import type { Db } from '../../db/database';
import { departments, inspectionResults, marketEntities, objections, resultCorrections, tasks, users } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf } from '../../http/paging';
import type { EntityObjectionView, ObjectionView } from './schema';

const CORRECTION_LABELS: Record<string, string> = { pending: '更正待主要负责人审批', approved: '已更正并公示', rejected: '更正未获批准' };

export const objectionScope = (scope: DataScope): SQL => scopeWhere(scope, { regionCode: objections.regionCode, departmentId: objections.departmentId });

const nameOf = (column: SQL | typeof objections.enteredBy) => sql<string | null>`(select u.name from ${users} u where u.id = ${column})`;

function selectObjections(db: Db) {
  return db.select({
    o: objections, entityName: marketEntities.name, creditCode: marketEntities.code, taskCode: tasks.code, taskName: tasks.name,
    departmentName: departments.name, checkDate: inspectionResults.checkDate,
    enteredByName: nameOf(objections.enteredBy), reviewStartedByName: nameOf(sql`${objections.reviewStartedBy}`), decidedByName: nameOf(sql`${objections.decidedBy}`),
    correctionSeq: resultCorrections.seq, correctionStatus: resultCorrections.status,
  }).from(objections)
    .innerJoin(inspectionResults, eq(inspectionResults.id, objections.resultId))
    .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .innerJoin(marketEntities, eq(marketEntities.id, objections.entityId))
    .innerJoin(departments, eq(departments.id, objections.departmentId))
    .leftJoin(resultCorrections, eq(resultCorrections.id, objections.correctionId));
}
type Raw = Awaited<ReturnType<ReturnType<typeof selectObjections>['where']>>[number];

function present(r: Raw, today: DateOnly): ObjectionView {
  const o = r.o;
  const status = o.status as ObjectionStatus;
  const due = { reviewDue: o.reviewDue as DateOnly, feedbackDue: o.feedbackDue as DateOnly };
  return {
    id: o.id, resultId: o.resultId, entityName: r.entityName, creditCode: r.creditCode, taskCode: r.taskCode, taskName: r.taskName,
    departmentName: r.departmentName, checkDate: r.checkDate,
    channel: o.channel, channelLabel: (OBJECTION_CHANNELS as Record<string, string>)[o.channel] ?? o.channel,
    receivedOn: o.receivedOn, reason: o.reason, contactName: o.contactName,
    status, statusLabel: OBJECTION_STATUS_LABELS[status] ?? o.status,
    reviewDue: o.reviewDue, feedbackDue: o.feedbackDue, dueProvisional: o.dueProvisional,
    currentDue: currentDue(status, due), overdue: isOverdue(status, due, today),
    enteredByName: r.enteredByName, reviewStartedByName: r.reviewStartedByName,
    decisionComments: o.decisionComments, decidedByName: r.decidedByName, decidedOn: o.decidedOn,
    correction: o.correctionId && r.correctionSeq !== null && r.correctionStatus !== null
      ? { id: o.correctionId, seq: r.correctionSeq, status: r.correctionStatus, statusLabel: CORRECTION_LABELS[r.correctionStatus] ?? r.correctionStatus }
      : null,
    feedback: o.feedback, feedbackMethod: o.feedbackMethod,
    feedbackMethodLabel: o.feedbackMethod ? (FEEDBACK_METHODS as Record<string, string>)[o.feedbackMethod] ?? o.feedbackMethod : null,
    fedBackOn: o.fedBackOn, createdAt: o.createdAt.toISOString(),
    allowedEvents: allowedEvents(OBJECTION_TRANSITIONS, status), rowVersion: o.rowVersion,
  };
}

export interface ObjectionFilter {
  readonly status?: ObjectionStatus | undefined;
  readonly keyword?: string | undefined;
  readonly overdue?: boolean | undefined;
  readonly page: number;
  readonly pageSize: number;
}

/** The SQL of "the deadline that applies now has passed" (objection_states.ts isOverdue). */
const overdueSql = (today: DateOnly): SQL => sql`((${objections.status} in ('received', 'reviewing') and ${objections.reviewDue} < ${today})
  or (${objections.status} in ('upheld', 'dismissed') and ${objections.feedbackDue} < ${today}))`;

export async function listObjections(db: Db, scope: DataScope, filter: ObjectionFilter, today: DateOnly): Promise<{ rows: ObjectionView[]; total: number }> {
  const where = and(
    objectionScope(scope),
    filter.status ? eq(objections.status, filter.status) : undefined,
    filter.overdue ? overdueSql(today) : undefined,
    filter.keyword ? or(sql`${marketEntities.name} like ${likeContains(filter.keyword)}`, eq(marketEntities.code, filter.keyword.toUpperCase()), eq(tasks.code, filter.keyword)) : undefined,
  );
  // Open ones first, the nearest deadline first.
  const [rows, [total]] = await Promise.all([
    selectObjections(db).where(where)
      .orderBy(sql`${objections.status} = 'answered'`, sql`case when ${objections.status} in ('received', 'reviewing') then ${objections.reviewDue} else ${objections.feedbackDue} end`, desc(objections.createdAt))
      .limit(filter.pageSize).offset(offsetOf(filter)),
    db.select({ n: count() }).from(objections).innerJoin(inspectionResults, eq(inspectionResults.id, objections.resultId))
      .innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(marketEntities, eq(marketEntities.id, objections.entityId)).where(where),
  ]);
  return { rows: rows.map((r) => present(r, today)), total: total?.n ?? 0 };
}

export async function objectionById(db: Db, id: string, today: DateOnly, scope?: DataScope): Promise<ObjectionView | null> {
  const [row] = await selectObjections(db).where(and(eq(objections.id, id), scope ? objectionScope(scope) : undefined));
  return row ? present(row, today) : null;
}

/** The entity's own objections, newest first, as it sees them. */
export async function objectionsOfEntity(db: Db, entityId: number, today: DateOnly): Promise<EntityObjectionView[]> {
  const rows = await selectObjections(db).where(eq(objections.entityId, entityId)).orderBy(desc(objections.createdAt));
  return rows.map((r) => {
    const v = present(r, today);
    return {
      id: v.id, resultId: v.resultId, taskName: v.taskName, departmentName: v.departmentName, checkDate: v.checkDate, channelLabel: v.channelLabel,
      receivedOn: v.receivedOn, reason: v.reason, status: v.status, statusLabel: v.statusLabel, reviewDue: v.reviewDue, feedbackDue: v.feedbackDue,
      decisionComments: v.decisionComments, decidedOn: v.decidedOn, correctionStatusLabel: v.correction?.statusLabel ?? null,
      feedback: v.feedback, fedBackOn: v.fedBackOn,
    };
  });
}

/** 待办 of reviewers: the open objections of the caller's scope (server/modules/todos). */
export async function objectionsDue(db: Db, scope: DataScope): Promise<{ id: string; entityName: string; taskName: string; status: ObjectionStatus; reviewDue: DateOnly; feedbackDue: DateOnly; dueProvisional: boolean }[]> {
  const rows = await db.select({
    id: objections.id, entityName: marketEntities.name, taskName: tasks.name, status: objections.status,
    reviewDue: objections.reviewDue, feedbackDue: objections.feedbackDue, dueProvisional: objections.dueProvisional,
  }).from(objections).innerJoin(inspectionResults, eq(inspectionResults.id, objections.resultId)).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId))
    .innerJoin(marketEntities, eq(marketEntities.id, objections.entityId))
    .where(and(objectionScope(scope), inArray(objections.status, ['received', 'reviewing', 'upheld', 'dismissed'])))
    .orderBy(asc(objections.reviewDue));
  return rows.map((r) => ({ ...r, status: r.status as ObjectionStatus, reviewDue: r.reviewDue as DateOnly, feedbackDue: r.feedbackDue as DateOnly }));
}
