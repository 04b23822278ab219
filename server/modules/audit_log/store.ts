/**
 * 操作日志 and 登录日志, read side. An operation row is in the caller's scope by its actor (the
 * actor's region, department, or the caller themself); a login row by the user's department and
 * its region (or the caller's own logins). Rows without any of these (system actions, unknown
 * accounts) are seen only with 全部数据.
 */
import { and, count, desc, eq, inArray, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import { DOMAIN_EVENT_LABELS, type DomainEventType } from '../../../domain/events';
import { actionLabel, errorCodeLabel, otherLabel, targetTypeLabel } from '../../../domain/labels/codes';
import { operationSentence } from '../../../domain/labels/operation_sentence';
import { refusalCountsOf } from '../../audit/refusals';
import type { Db } from '../../db/database';
import { departments, domainEvents, loginLog, operationLog } from '../../db/schema';
import { scopeWhere } from '../../db/scope_sql';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import type { LoginLogQuery, LoginLogRow, OperationLogQuery, OperationLogRow } from './schema';

/** A [start, end) instant range; either end open. */
export interface InstantRange { readonly start: Date | null; readonly end: Date | null }

const LOGIN_OUTCOMES = ['success', 'failure', 'locked', 'throttled', 'logout'] as const;

function eventLabel(type: string): string {
  return Object.hasOwn(DOMAIN_EVENT_LABELS, type) ? DOMAIN_EVENT_LABELS[type as DomainEventType] : otherLabel(type);
}

export function operationScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: operationLog.actorRegionCode, departmentId: operationLog.actorDepartmentId, ownerUserId: operationLog.actorId });
}

export function loginScope(scope: DataScope): SQL {
  return scopeWhere(scope, { regionCode: loginLog.regionCode, departmentId: loginLog.departmentId, ownerUserId: loginLog.userId });
}

function rangeWhere(column: SQLWrapper, range: InstantRange): SQL | undefined {
  return and(
    range.start ? sql`${column} >= ${range.start.toISOString()}` : undefined,
    range.end ? sql`${column} < ${range.end.toISOString()}` : undefined,
  );
}

export type OperationListQuery = Omit<OperationLogQuery, 'from' | 'to'> & {
  readonly range: InstantRange;
  /** Only rows up to this seq (an export pins the end, so appends during it do not shift its pages). */
  readonly maxSeq?: number;
};

export async function listOperations(db: Db, scope: DataScope, query: OperationListQuery): Promise<Page<OperationLogRow>> {
  const where = and(
    operationScope(scope),
    query.actorName ? sql`${operationLog.actorName} ilike ${likeContains(query.actorName)}` : undefined,
    query.summary ? sql`${operationLog.summary} ilike ${likeContains(query.summary)}` : undefined,
    query.outcome ? eq(operationLog.outcome, query.outcome) : undefined,
    rangeWhere(operationLog.at, query.range),
    query.maxSeq !== undefined ? lte(operationLog.seq, query.maxSeq) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db.select().from(operationLog).where(where).orderBy(desc(operationLog.seq)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(operationLog).where(where),
  ]);
  const refusals = await refusalCountsOf(db, rows.filter((r) => r.outcome === 'failure').map((r) => r.seq));
  const events = rows.length === 0 ? [] : await db.select({ seq: domainEvents.operationSeq, type: domainEvents.type }).from(domainEvents)
    .where(inArray(domainEvents.operationSeq, rows.map((r) => r.seq))).orderBy(domainEvents.id);
  const bySeq = new Map<number, { type: string; label: string }[]>();
  for (const e of events) bySeq.set(e.seq, [...(bySeq.get(e.seq) ?? []), { type: e.type, label: eventLabel(e.type) }]);
  const departmentIds = [...new Set(rows.flatMap((r) => (r.actorDepartmentId ? [r.actorDepartmentId] : [])))];
  const departmentNames = new Map(departmentIds.length === 0 ? [] : (await db.select({ id: departments.id, name: departments.name })
    .from(departments).where(inArray(departments.id, departmentIds))).map((d) => [d.id, d.name]));
  return {
    rows: rows.map((r) => {
      const operation = {
        actorName: r.actorName, actorDepartmentName: (r.actorDepartmentId && departmentNames.get(r.actorDepartmentId)) ?? null,
        action: r.action, summary: r.summary, targetType: r.targetType, outcome: r.outcome === 'success' ? 'success' as const : 'failure' as const,
        errorCode: r.errorCode, detail: (r.detail ?? {}) as Record<string, unknown>,
      };
      return {
        ...operation, seq: r.seq, at: new Date(r.at).toISOString(), actorId: r.actorId, actionLabel: actionLabel(r.action),
        targetTypeLabel: r.targetType && targetTypeLabel(r.targetType), targetId: r.targetId,
        errorLabel: r.errorCode && errorCodeLabel(r.errorCode), sentence: operationSentence(operation),
        ip: r.ip, method: r.method, path: r.path, events: bySeq.get(r.seq) ?? [], refusalCount: refusals.get(r.seq) ?? null, hash: r.hash,
      };
    }),
    total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize,
  };
}

export async function lastSeq(db: Db): Promise<number> {
  const [row] = await db.select({ seq: operationLog.seq }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  return row?.seq ?? 0;
}

export type LoginListQuery = Omit<LoginLogQuery, 'from' | 'to'> & {
  readonly range: InstantRange;
  /** An export reads up to the id it started at, so logins arriving meanwhile do not shift its pages. */
  readonly maxId?: number;
};

export async function listLogins(db: Db, scope: DataScope, query: LoginListQuery): Promise<Page<LoginLogRow>> {
  const where = and(
    loginScope(scope),
    query.account ? sql`${loginLog.account} ilike ${likeContains(query.account)}` : undefined,
    query.ip ? sql`${loginLog.ip} like ${likeContains(query.ip)}` : undefined,
    query.outcome ? eq(loginLog.outcome, query.outcome) : undefined,
    rangeWhere(loginLog.at, query.range),
    query.maxId !== undefined ? lte(loginLog.id, query.maxId) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db.select().from(loginLog).where(where).orderBy(desc(loginLog.id)).limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(loginLog).where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), account: r.account, ip: r.ip, userAgent: r.userAgent,
      outcome: (LOGIN_OUTCOMES as readonly string[]).includes(r.outcome) ? r.outcome as LoginLogRow['outcome'] : 'failure', reason: r.reason,
    })),
    total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize,
  };
}

export async function lastLoginId(db: Db): Promise<number> {
  const [row] = await db.select({ id: loginLog.id }).from(loginLog).orderBy(desc(loginLog.id)).limit(1);
  return row?.id ?? 0;
}
