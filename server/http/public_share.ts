/**
 * Public reads take a bounded share of the database (issue #11 item 6, decision 0013). At most PUBLIC_READ_SLOTS
 * handlers of the anonymous `GET /api/public/…` routes run at once; the others wait their turn, in order, before
 * touching the database. The connection pool has 10 connections and a public handler holds one or two at a time, so
 * however many anonymous clients ask, a signed-in user's request finds a free connection at once: the queue is the
 * public's own, not everyone's (before, 500 anonymous clients queued in the pool itself, in front of the list page,
 * and the replica's pool gives up on a connection after 3 s of waiting). Answers the public cache holds are sent before
 * the handler and wait for nothing. A slot is held while the handler's promise runs — a streamed download keeps
 * reading after that, in pieces, without one.
 */
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'handler': the public read takes its slot itself, only around the work that needs one (the results lookup: a
     * lookup by code is coalesced with its neighbours into a bounded number of statements and needs no slot).
     */
    publicShare?: 'handler';
  }
}

/** Four handlers of one or two connections each: at least two of the pool's ten left for everyone else. */
export const PUBLIC_READ_SLOTS = 4;

export interface Gate {
  /** Runs `work` once fewer than the limit are running (first come, first served). */
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function createGate(limit: number): Gate {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      // A finished handler hands its slot straight to the first waiting one (running stays the same).
      if (running < limit) running += 1;
      else await new Promise<void>((resolve) => { queue.push(resolve); });
      try {
        return await work();
      } finally {
        release();
      }
    },
    get running() { return running; },
    get waiting() { return queue.length; },
  };
}

/** Whether a route is a public read that takes a slot: an anonymous GET under /api/public/ (unless its handler takes it). */
export function isPublicRead(route: { readonly url: string; readonly method: string | readonly string[]; readonly config?: unknown }): boolean {
  const methods = typeof route.method === 'string' ? [route.method] : route.method;
  const config = route.config as { access?: string; publicShare?: string } | undefined;
  return route.url.startsWith('/api/public/') && methods.includes('GET') && config?.access === 'public' && config.publicShare !== 'handler';
}

/** Wraps the handler of every public read registered after this call in `gate` (call before the modules register). */
export function registerPublicShare(app: FastifyInstance, gate: Gate): void {
  app.addHook('onRoute', (route) => {
    if (!isPublicRead(route)) return;
    const handler: RouteHandlerMethod = route.handler;
    route.handler = function gated(this: FastifyInstance, request, reply) {
      return gate.run(async () => handler.call(this, request, reply));
    };
  });
}
