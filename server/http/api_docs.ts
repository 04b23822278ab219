/**
 * The OpenAPI document and Swagger UI at /api/docs. In production they are shown only to a signed-in
 * user (the document maps every route an attacker could try), unless API_DOCS_PUBLIC=true; in
 * development they stay open.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Db } from '../db/database';
import { SESSION_COOKIE, loadAuthContext, type SessionPolicy } from '../modules/auth/session_store';
import { unauthenticated } from './errors';

export const API_DOCS_PREFIX = '/api/docs';

export interface ApiDocsServices {
  readonly db: Db;
  readonly now: () => Date;
  readonly session: SessionPolicy;
  readonly production: boolean;
  /** Serve /api/docs without login in production too. */
  readonly apiDocsPublic?: boolean;
}

export function isApiDocsPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === API_DOCS_PREFIX || path.startsWith(`${API_DOCS_PREFIX}/`);
}

export async function registerApiDocs(app: FastifyInstance, services: ApiDocsServices): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'suiji 双随机、一公开监管平台 API', version: '0.1.0', description: '所有接口以 {code, message} 返回错误；改变状态的请求须带 x-csrf-token 头。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'suiji_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: API_DOCS_PREFIX });
  if (!services.production || services.apiDocsPublic) return;

  // The docs routes declare no `access` (they come from the plugin), so the access hook skips them: check here.
  // Answered here, not thrown: the plugin's routes were registered before the app's error handler was set.
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiDocsPath(request.url)) return undefined;
    const token = request.cookies[SESSION_COOKIE];
    const auth = token ? await loadAuthContext(services.db, token, services.now(), services.session) : null;
    if (auth) return undefined;
    const refusal = unauthenticated('接口文档须登录后查看');
    return reply.status(refusal.status).header('x-error-code', refusal.code).send({ code: refusal.code, message: refusal.message });
  });
}
