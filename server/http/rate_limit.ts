/**
 * Request rate limits in front of every route (issue #7 item 5): in-process token buckets, keyed by
 * the session for a signed-in caller and by the client IP (`request.ip`, which honours TRUST_PROXY)
 * otherwise, with separate buckets for reads and state-changing requests. A refused request is
 * answered 429 `RATE_LIMITED` with Retry-After. Why in-process and not shared: docs/architecture.md.
 *
 * A session cookie is only trusted once the access hook has resolved it (`afterAuth`): a request
 * with an unknown or expired cookie is charged to its IP, so inventing cookies gains nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../modules/auth/session_store';
import { MUTATING } from './access';
import { AppError } from './errors';

export const RATE_WINDOW_MS = 10_000;

/** Requests allowed per 10-second window (the bucket's size, refilled evenly); 0 turns that limit off. */
export interface RateLimitPolicy {
  readonly anonymousWrites: number;
  readonly anonymousReads: number;
  readonly sessionWrites: number;
  readonly sessionReads: number;
  /** Most clients tracked at once; the least recently seen are forgotten first (bounded memory). */
  readonly maxClients: number;
}

/**
 * High enough that a person never meets them, including an office of users behind one NAT address
 * signing in at nine o'clock; low enough that a script is stopped within its first seconds.
 */
export const DEFAULT_RATE_LIMITS: RateLimitPolicy = {
  anonymousWrites: 60, anonymousReads: 600, sessionWrites: 300, sessionReads: 1200, maxClients: 50_000,
};

interface Bucket { tokens: number; at: number }

/** Token buckets in a Map kept in least-recently-used order, so its size never exceeds `maxKeys`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys: number, private readonly clock: () => number) {}

  get size(): number { return this.buckets.size; }

  /** Takes one token; returns 0 when the request may pass, else the whole seconds until a token is back. */
  take(key: string, capacity: number, windowMs = RATE_WINDOW_MS): number {
    if (capacity <= 0) return 0;
    const now = this.clock();
    const perMs = capacity / windowMs;
    const seen = this.buckets.get(key);
    const bucket = seen ? { tokens: Math.min(capacity, seen.tokens + Math.max(0, now - seen.at) * perMs), at: now } : { tokens: capacity, at: now };
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}

export interface RequestLimiter {
  /** Charges a request that carried a session cookie, once the access hook knows whether the session is real. */
  afterAuth(request: FastifyRequest, reply: FastifyReply): void;
}

export function rateLimited(retryAfter: number): AppError {
  return new AppError(429, 'RATE_LIMITED', `请求过于频繁，请 ${retryAfter} 秒后再试`);
}

/** `clock` is the app's (milliseconds), so tests that hold the clock still get exact bucket arithmetic. */
export function registerRateLimit(app: FastifyInstance, policy: RateLimitPolicy, clock: () => number): RequestLimiter {
  const buckets = new TokenBuckets(policy.maxClients, clock);

  /** Returns the refusal to answer with, or null when the request may pass. */
  function charge(request: FastifyRequest, reply: FastifyReply, session: string | null): AppError | null {
    const writes = MUTATING.has(request.method);
    const key = session ? `s${writes ? 'w' : 'r'}:${session}` : `i${writes ? 'w' : 'r'}:${request.ip}`;
    const capacity = session
      ? (writes ? policy.sessionWrites : policy.sessionReads)
      : (writes ? policy.anonymousWrites : policy.anonymousReads);
    const wait = buckets.take(key, capacity);
    if (wait === 0) return null;
    void reply.header('retry-after', String(wait));
    return rateLimited(wait);
  }

  // Runs before the access hook (registered first): an anonymous flood is refused before any database work.
  // Answered here, not thrown: plugin routes registered before the app's error handler (Swagger UI) would
  // answer a thrown error in Fastify's own format.
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token && request.routeOptions.config.access) return; // charged in afterAuth
    const refusal = charge(request, reply, token ?? null);
    if (!refusal) return undefined;
    return reply.status(refusal.status).header('x-error-code', refusal.code).send({ code: refusal.code, message: refusal.message });
  });

  return {
    afterAuth: (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const refusal = charge(request, reply, request.auth && token ? token : null);
      if (refusal) throw refusal;
    },
  };
}
