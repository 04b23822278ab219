/**
 * The resolved caller of a session, kept for a few seconds: without it every request paid two queries (the session
 * with its user, department and region; the roles) before its own work.
 *
 * How fast a change takes effect (docs/decisions/0008-list-speed.md):
 *  - in this process, at once: every state-changing request (a user disabled, a role's permissions or data scope
 *    changed, roles assigned, a logout, a password change) starts a new generation before its answer is sent, and
 *    entries of an older generation are never used; a context read while a change was being made is not kept;
 *  - from another instance or a script on the same database, within AUTH_CACHE_TTL_MS;
 *  - the session's own expiry is checked on every request; the idle limit (an hour) only on each reload.
 */
import type { AuthContext } from '../../http/request_context';

export const AUTH_CACHE_TTL_MS = 5_000;
/** Oldest entries are dropped beyond this many sessions (a Map keeps insertion order). */
const MAX_ENTRIES = 10_000;

interface Entry { readonly context: AuthContext; readonly generation: number; readonly loadedAt: number; readonly expiresAt: number }

export interface AuthContextCache {
  /** Resolves a session through the cache; `load` reads the database. */
  resolve(tokenHash: string, now: Date, load: () => Promise<{ context: AuthContext; expiresAt: Date } | null>): Promise<AuthContext | null>;
  /** Every cached context is stale from now on. */
  invalidate(): void;
}

export function createAuthContextCache(ttlMs = AUTH_CACHE_TTL_MS): AuthContextCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  return {
    async resolve(tokenHash, now, load) {
      const entry = entries.get(tokenHash);
      const t = now.getTime();
      if (entry && entry.generation === generation && t - entry.loadedAt < ttlMs && t < entry.expiresAt) return entry.context;
      entries.delete(tokenHash);
      const startedIn = generation;
      const loaded = await load();
      if (!loaded) return null;
      if (startedIn === generation && ttlMs > 0) {
        if (entries.size >= MAX_ENTRIES) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(tokenHash, { context: loaded.context, generation, loadedAt: t, expiresAt: loaded.expiresAt.getTime() });
      }
      return loaded.context;
    },
    invalidate() {
      generation += 1;
      entries.clear();
    },
  };
}
