/**
 * Builds the HTTP application: Fastify with zod schemas on every route's input and output, the
 * OpenAPI document at /api/docs (api_docs.ts), security headers (security_headers.ts), rate limits
 * (rate_limit.ts), access control (access.ts), the error policy (errors.ts), the resource modules,
 * and the built web app.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, {
  type FastifyBaseLogger, type FastifyError, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { startCheckpointSchedule } from '../audit/checkpoints';
import type { CheckpointKey } from '../audit/checkpoint_key';
import type { Db } from '../db/database';
import type { ReadRouter } from '../db/replica';
import { registerAccessHooks } from './access';
import { registerApiDocs } from './api_docs';
import { registerPublicCache } from './public_cache';
import { createGate, PUBLIC_READ_SLOTS, registerPublicShare, type Gate } from './public_share';
import { AppError, type ErrorBody } from './errors';
import { DEFAULT_RATE_LIMITS, registerRateLimit, type RateLimitPolicy } from './rate_limit';
import { registerSecurityHeaders } from './security_headers';
import { frameworkErrors, registerTextGuard } from './text_guard';
import { registerModules } from '../modules/index';
import { createMessageProvider, type MessageProvider } from '../messaging/provider';
import { recoverImportJobs, registerInstance } from '../import/job_recovery';

z.config(z.locales.zhCN());

export interface AppServices {
  readonly db: Db;
  /**
   * Where reads that may be a few seconds stale go (public portal, statistics, exports): a streaming replica while it
   * is fresh, otherwise the primary (server/db/replica.ts). Absent: everything reads the primary. Use readDb(services).
   */
  readonly replica?: ReadRouter;
  readonly now: () => Date;
  readonly production: boolean;
  readonly cookieSecure: boolean;
  readonly trustProxy: boolean;
  readonly session: { readonly ttlHours: number; readonly idleMinutes: number };
  readonly logLevel?: string;
  /** Requests per 10 s per session or client IP (default DEFAULT_RATE_LIMITS). */
  readonly rateLimit?: RateLimitPolicy;
  /** Serve /api/docs without login in production too. */
  readonly apiDocsPublic?: boolean;
  /** Minimum time between a draw's commitment and its declared random sources (default SOURCE_MIN_LEAD_MS, 10 min). */
  readonly drawSourceMinLeadMs?: number;
  /** Signs the audit checkpoints; without it the checkpoint routes answer 503. Interval 0: no timer. */
  readonly checkpoints?: { readonly key: CheckpointKey; readonly intervalMinutes: number } | null;
  /** Serve the built web app from this folder (default web/dist when it exists). */
  readonly webRoot?: string | null;
  /** Text messages to entities (sign-in codes; server/messaging); default the development provider (the log). */
  readonly messages?: MessageProvider;
  /** The public reads' share of the database (public_share.ts); default PUBLIC_READ_SLOTS handlers at once. */
  readonly publicReads?: Gate;
}

export type App = FastifyInstance;
export type TypedApp = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider
>;

interface ValidationIssue { instancePath?: string; message?: string; params?: { issue?: { path?: PropertyKey[] } } }

function validationBody(error: FastifyError): ErrorBody {
  const issues = (error.validation ?? []) as ValidationIssue[];
  const details = issues.map((issue) => {
    const path = issue.params?.issue?.path?.map(String).join('.') ?? (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return { field: path || (error.validationContext ?? 'body'), message: issue.message ?? '格式不正确' };
  });
  const first = details[0];
  return { code: 'VALIDATION_FAILED', message: first ? `参数校验失败：${first.field} ${first.message}` : '参数校验失败', details };
}

export async function buildApp(services: AppServices): Promise<App> {
  const app = Fastify({
    logger: { level: services.logLevel ?? 'warn' },
    trustProxy: services.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  // Upload limits are set per route (request.file({ limits })); this is the ceiling.
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 10 } });

  registerSecurityHeaders(app);
  const limiter = registerRateLimit(app, services.rateLimit ?? DEFAULT_RATE_LIMITS, () => services.now().getTime());
  await registerApiDocs(app, services);
  registerAccessHooks(app, { ...services, limiter });
  registerTextGuard(app);
  registerPublicCache(app, services);
  const publicReads = services.publicReads ?? createGate(PUBLIC_READ_SLOTS);
  registerPublicShare(app, publicReads);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof AppError) {
      status = error.status;
      body = { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
    } else if (error.validation) {
      status = 400;
      body = validationBody(error);
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error.statusCode === 400 && error.code?.startsWith('FST_'))) {
      status = 400;
      body = { code: 'BAD_REQUEST', message: '请求格式不正确' };
    } else {
      request.log.error(error);
      status = 500;
      body = { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试或联系管理员' };
    }
    void reply.status(status).header('x-error-code', body.code).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !webRootIn(services)) {
      void reply.status(404).send({ code: 'NOT_FOUND', message: `接口不存在：${request.method} ${request.url.split('?')[0] ?? ''}` });
      return;
    }
    void reply.sendFile('index.html');
  });

  const replica = services.replica;
  if (replica?.catchUpBeforeReads) {
    // The reads that go through readDb: public routes, statistics and exports (docs/architecture.md).
    app.addHook('onRequest', async (request) => {
      const path = request.url.split('?')[0] ?? '';
      if (request.method === 'GET' && (request.routeOptions.config.access === 'public' || /\/export(\/|$)|^\/api\/statistics\//.test(path))) await replica.catchUp();
    });
  }
  await registerModules(app.withTypeProvider<ZodTypeProvider>(), { ...services, publicReads, messages: services.messages ?? createMessageProvider('log') });

  if (services.checkpoints) {
    const stop = startCheckpointSchedule({
      db: services.db, key: services.checkpoints.key, intervalMinutes: services.checkpoints.intervalMinutes, now: services.now,
      onError: (error) => { app.log.error(error, '生成留痕检查点失败'); },
    });
    app.addHook('onClose', async () => { stop(); });
  }
  // Import jobs cut off by a process that died are marked 已中断 now, and their files removed.
  const release = await registerInstance(services.db);
  app.addHook('onClose', release);
  await recoverImportJobs(services.db, services.now());

  const webRoot = webRootIn(services);
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  return app;
}

/** The handle for reads that may be `SUIJI_REPLICA_MAX_LAG_SECONDS` stale: the portal, statistics and exports. */
export function readDb(services: AppServices): Db {
  return services.replica?.db() ?? services.db;
}

function webRootIn(services: AppServices): string | null {
  if (services.webRoot !== undefined) return services.webRoot;
  const dist = fileURLToPath(new URL('../../web/dist', import.meta.url));
  return existsSync(dist) ? dist : null;
}
