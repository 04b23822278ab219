/**
 * Every state change runs through `runChange`: the handler's writes, its operation-log row and its
 * domain events commit in one transaction (全程留痕), or none of them does. Refusals and failures
 * are logged afterwards by the onResponse hook in access.ts, in their own transaction.
 */
import type { FastifyRequest } from 'fastify';
import type { DomainEvent } from '../../domain/events';
import { appendOperation, type Actor } from '../audit/chain';
import type { Db } from '../db/database';

export interface ChangeRecorder {
  /** Records a domain event in this change's transaction. */
  event(event: DomainEvent): void;
  /** Names the record the change is about (for a create, once its id is known). */
  target(type: string, id: string): void;
  /** Adds facts to the log row's detail (never secrets). */
  detail(facts: Record<string, unknown>): void;
}

export interface ChangeServices {
  readonly db: Db;
  readonly now: () => Date;
}

export function requestActor(request: FastifyRequest): Actor | null {
  const user = request.auth?.user;
  return user ? { id: user.id, name: user.name, departmentId: user.departmentId, regionCode: user.regionCode } : null;
}

/** The path and IP an operation-log row keeps: the route's pattern and none for an `anonymousLog` route. */
export function loggedPlace(request: FastifyRequest): { path: string; ip: string | null } {
  if (request.routeOptions.config.anonymousLog) return { path: request.routeOptions.url ?? '', ip: null };
  return { path: request.url.slice(0, 300), ip: request.ip };
}

export function actionOf(request: FastifyRequest): string {
  const access = request.routeOptions.config.access;
  return access && access !== 'public' && access !== 'authenticated' ? access : `${request.method} ${request.routeOptions.url ?? request.url}`;
}

export async function runChange<T>(
  request: FastifyRequest,
  services: ChangeServices,
  work: (tx: Db, record: ChangeRecorder) => Promise<T>,
  options: { actor?: Actor | null; action?: string; summary?: string } = {},
): Promise<T> {
  const result = await services.db.transaction(async (tx) => {
    const events: DomainEvent[] = [];
    let targetType: string | null = null;
    let targetId: string | null = null;
    const detail: Record<string, unknown> = {};
    const recorder: ChangeRecorder = {
      event: (e) => { events.push(e); },
      target: (type, id) => { targetType = type; targetId = id; },
      detail: (facts) => { Object.assign(detail, facts); },
    };
    const value = await work(tx, recorder);
    await appendOperation(tx, {
      actor: options.actor !== undefined ? options.actor : requestActor(request),
      action: options.action ?? actionOf(request),
      summary: options.summary ?? request.routeOptions.config.summary ?? actionOf(request),
      targetType, targetId, outcome: 'success', errorCode: null, ...loggedPlace(request),
      method: request.method, detail,
    }, services.now(), events);
    return value;
  });
  request.operationRecorded = true;
  return result;
}
