/**
 * A cache of values read from the database, kept for a few seconds and dropped as a whole by invalidate(): the
 * auth context of a session (modules/auth/auth_cache.ts) and the matches of an entity list page
 * (modules/entities/page_cache.ts). Each invalidate() starts a new generation: entries of an older one are never
 * used, and a value read while a change was being made (the load began before the invalidation) is not kept.
 */
import type { FastifyInstance } from 'fastify';

export interface ShortCache<V> {
  /** The cached value of `key`, or `load()` (kept unless it returned null, expired or raced an invalidation). */
  resolve(key: string, now: Date, load: () => Promise<{ value: V; expiresAt?: Date } | null>): Promise<V | null>;
  /** Every cached value is stale from now on. */
  invalidate(): void;
  /**
   * For a change that commits outside a request (a background import): until the returned release is called, every
   * resolve reads the database and nothing is kept; release() then invalidates.
   */
  hold(): () => void;
}

interface Entry<V> { readonly value: V; readonly generation: number; readonly loadedAt: number; readonly expiresAt: number }

export function createShortCache<V>(ttlMs: number, maxEntries: number): ShortCache<V> {
  const entries = new Map<string, Entry<V>>();
  let generation = 0;
  let holds = 0;
  const invalidate = () => {
    generation += 1;
    entries.clear();
  };
  return {
    async resolve(key, now, load) {
      if (holds > 0) return (await load())?.value ?? null;
      const entry = entries.get(key);
      const t = now.getTime();
      if (entry && entry.generation === generation && t - entry.loadedAt < ttlMs && t < entry.expiresAt) return entry.value;
      entries.delete(key);
      const startedIn = generation;
      const loaded = await load();
      if (!loaded) return null;
      if (startedIn === generation && holds === 0 && ttlMs > 0) {
        // A Map keeps insertion order: the first key is the oldest.
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(key, { value: loaded.value, generation, loadedAt: t, expiresAt: loaded.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY });
      }
      return loaded.value;
    },
    invalidate,
    hold() {
      holds += 1;
      invalidate();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        invalidate();
      };
    },
  };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Drops the cache's values when any state-changing request of this app is answered (before the client sees it). */
export function invalidateOnChange(app: FastifyInstance, cache: { invalidate(): void }): void {
  app.addHook('onSend', async (request, _reply, payload) => {
    if (MUTATING.has(request.method)) cache.invalidate();
    return payload;
  });
}
