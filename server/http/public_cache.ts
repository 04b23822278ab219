/**
 * Answers of the public (no login) routes that opt in with `config.publicCache`: the 公示 lists change a few times a
 * day and are read by anyone, so their JSON is kept in memory by URL and sent with an ETag and
 * `Cache-Control: public, max-age=60` (only these routes: every other API answer keeps whatever the security headers
 * say). An answer never depends on the caller, so one copy serves everyone.
 *
 * Freshness (docs/decisions/0008-list-speed.md): every state-changing request in this process starts a new
 * generation before its answer is sent (an inspector added is listed on the next request); changes made by another
 * instance or a script show within PUBLIC_CACHE_TTL_MS here, plus the browsers' max-age.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_CACHE_TTL_MS = 10_000;
export const PUBLIC_MAX_AGE_SECONDS = 60;
/** Distinct URLs kept (queries differ by page, department, name); the oldest is dropped beyond it. */
const MAX_ENTRIES = 2_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public GET whose answer may be cached in memory and by browsers (public_cache.ts). */
    publicCache?: boolean;
  }
}

interface Entry { readonly body: string; readonly etag: string; readonly contentType: string; readonly storedAt: number }

export function registerPublicCache(app: FastifyInstance, services: { readonly now: () => Date }): void {
  const entries = new Map<string, Entry>();
  let generation = 0;
  const startedIn = new WeakMap<FastifyRequest, number>();

  const cacheable = (request: FastifyRequest) => request.method === 'GET' && request.routeOptions.config.publicCache === true;

  function cachingHeaders(reply: FastifyReply, etag: string): void {
    void reply.header('etag', etag).header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  }

  // After validation: an invalid query still answers 400, whatever is cached.
  app.addHook('preHandler', async (request, reply) => {
    if (!cacheable(request)) return;
    const entry = entries.get(request.url);
    if (!entry || services.now().getTime() - entry.storedAt >= PUBLIC_CACHE_TTL_MS) {
      entries.delete(request.url);
      startedIn.set(request, generation);
      return;
    }
    cachingHeaders(reply, entry.etag);
    if (request.headers['if-none-match'] === entry.etag) return reply.status(304).send();
    return reply.type(entry.contentType).send(entry.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (MUTATING.has(request.method)) {
      generation += 1;
      entries.clear();
      return payload;
    }
    const started = startedIn.get(request);
    if (started === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    cachingHeaders(reply, etag);
    // Read while a change was being made: answered, not kept.
    if (started !== generation) return payload;
    if (entries.size >= MAX_ENTRIES) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(request.url, { body: payload, etag, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), storedAt: services.now().getTime() });
    return payload;
  });
}
