/**
 * The resolved caller of a session, kept for a few seconds: without it every request paid two queries (the session
 * with its user, department and region; the roles) before its own work.
 *
 * How fast a change takes effect (docs/decisions/0008-list-speed.md):
 *  - in this process, at once: every state-changing request (a user disabled, a role's permissions or data scope
 *    changed, roles assigned, a logout, a password change) drops the cache before its answer is sent
 *    (invalidateOnChange), and a context read while a change was being made is not kept;
 *  - from another instance or a script on the same database, within AUTH_CACHE_TTL_MS;
 *  - the session's own expiry is checked on every request; the idle limit (an hour) only on each reload.
 */
import type { AuthContext } from '../../http/request_context';
import { createShortCache, type ShortCache } from '../../http/short_cache';

export const AUTH_CACHE_TTL_MS = 5_000;
/** Sessions kept; the oldest is dropped beyond it. */
const MAX_ENTRIES = 10_000;

export type AuthContextCache = ShortCache<AuthContext>;

export function createAuthContextCache(ttlMs = AUTH_CACHE_TTL_MS): AuthContextCache {
  return createShortCache<AuthContext>(ttlMs, MAX_ENTRIES);
}
