/**
 * Access control for every route, fail-closed:
 *  - at registration, an /api route without a declared `access` stops the server from starting;
 *  - on each request, the session is resolved, then 401 / 403 / CSRF are decided before any input
 *    validation or handler runs;
 *  - before answering each state-changing request that did not record itself (a refusal, a validation error,
 *    a failure), an operation-log row with outcome "failure" is appended in its own transaction — one row
 *    per refusal for a signed-in caller; for an anonymous caller, and for every 429, only the first of each
 *    minute per client, route and error code, the rest counted beside it (server/audit/refusals.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { isPermission } from '../../domain/access/permissions';
import { appendOperation, type OperationEntry } from '../audit/chain';
import { recordCountedRefusal } from '../audit/refusals';
import type { Db } from '../db/database';
import { createAuthContextCache } from '../modules/auth/auth_cache';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, loadSession, sha256Hex, type SessionPolicy } from '../modules/auth/session_store';
import { actionOf, loggedPlace, requestActor } from './change';
import { AppError, forbidden, unauthenticated } from './errors';
import type { RequestLimiter } from './rate_limit';
import { invalidateOnChange } from './short_cache';

export const MUTATING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class MissingAccessError extends Error {
  constructor(route: string) {
    super(`路由 ${route} 没有声明权限（config.access）：每个 /api 路由都必须声明所需权限，服务拒绝启动。`);
    this.name = 'MissingAccessError';
  }
}

/** Throws at registration when an /api route declares no access, or a mutating route no summary. */
export function checkRouteDeclaration(route: RouteOptions): void {
  const url = route.url;
  if (!url.startsWith('/api/') || url.startsWith('/api/docs')) return;
  const access = route.config?.access;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.every((m) => m === 'HEAD')) return;
  if (!access) throw new MissingAccessError(`${methods.join(',')} ${url}`);
  if (access !== 'public' && access !== 'authenticated' && !isPermission(access)) {
    throw new MissingAccessError(`${methods.join(',')} ${url}（未知权限 ${String(access)}）`);
  }
  if (methods.some((m) => MUTATING.has(m)) && !route.config?.summary) {
    throw new Error(`路由 ${methods.join(',')} ${url} 改变状态，必须声明 config.summary 以写入操作日志`);
  }
}

export interface AccessServices {
  readonly db: Db;
  readonly now: () => Date;
  readonly session: SessionPolicy;
  /** Charges requests with a session cookie once the session is resolved (rate_limit.ts). */
  readonly limiter?: RequestLimiter;
}

export function registerAccessHooks(app: FastifyInstance, services: AccessServices): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('operationRecorded', false);
  app.addHook('onRoute', checkRouteDeclaration);
  // Any change may concern users, roles or sessions: cached callers are dropped before the client sees the answer.
  const authCache = createAuthContextCache();
  invalidateOnChange(app, authCache);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const access = config.access;
    if (!access) return; // static files and the SPA
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const now = services.now();
      const tokenHash = sha256Hex(token);
      request.auth = await authCache.resolve(tokenHash, now, async () => {
        const loaded = await loadSession(services.db, tokenHash, now, services.session);
        return loaded && { value: loaded.context, expiresAt: loaded.expiresAt };
      });
      services.limiter?.afterAuth(request, reply);
    } else {
      request.auth = null;
    }
    if (access !== 'public' && !request.auth) throw unauthenticated();
    if (MUTATING.has(request.method)) checkCsrf(request);
    if (!request.auth || access === 'public') return;
    if (request.auth.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录须先修改初始密码');
    }
    if (access !== 'authenticated' && !request.auth.permissions.has(access)) {
      throw forbidden(`没有权限：${access}`);
    }
  });

  // onSend, not onResponse: the failure row is committed before the client sees the answer.
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!MUTATING.has(request.method) || request.operationRecorded || !request.routeOptions.config.access) return payload;
    const failed = reply.statusCode >= 400;
    const errorCode = failed ? (reply.getHeader('x-error-code') as string | undefined) ?? `HTTP_${reply.statusCode}` : 'NOT_RECORDED_IN_TRANSACTION';
    const entry: OperationEntry = {
      actor: requestActor(request), action: actionOf(request),
      summary: request.routeOptions.config.summary ?? actionOf(request),
      targetType: null, targetId: null,
      outcome: failed ? 'failure' : 'success', errorCode,
      ...loggedPlace(request), method: request.method,
      detail: failed ? { status: reply.statusCode, ...errorMessageOf(payload) } : { status: reply.statusCode },
    };
    if (failed && (!request.auth || reply.statusCode === 429)) {
      await recordCountedRefusal(services.db, { ...entry, route: `${request.method} ${request.routeOptions.url ?? ''}`, errorCode }, services.now());
    } else {
      await services.db.transaction(async (tx) => { await appendOperation(tx, entry, services.now()); });
    }
    request.operationRecorded = true;
    if (!failed) request.log.error({ url: request.url }, 'state-changing route did not record its change with runChange');
    return payload;
  });
}

/** Longest reason kept in a failure row: enough for any message the API writes, bounded against a huge one. */
const MAX_MESSAGE_CHARS = 300;

/** The `{code, message}` body's message, so the failure row says why (the log shows it as the reason). */
function errorMessageOf(payload: unknown): { message?: string } {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return {};
  try {
    const body: unknown = JSON.parse(payload.toString());
    const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
    return typeof message === 'string' ? { message: message.slice(0, MAX_MESSAGE_CHARS) } : {};
  } catch {
    return {};
  }
}

/**
 * CSRF: every state-changing request carries the token in a header. With a session, it must match
 * the session's token; before login, it must match the (SameSite=Strict) csrf cookie.
 */
function checkCsrf(request: FastifyRequest): void {
  const header = request.headers[CSRF_HEADER];
  const expected = request.auth?.csrfToken ?? request.cookies[CSRF_COOKIE];
  if (typeof header !== 'string' || !expected || header !== expected) {
    throw new AppError(403, 'CSRF_TOKEN_INVALID', '请求缺少有效的防跨站令牌（CSRF），请刷新页面后重试');
  }
}
