/**
 * Which ids a page of the entity list shows, and how many records match (capped), kept for a few seconds by
 * (read scope, filters, page): a page of the directory is the most repeated request of the application, and finding
 * its ids means reading up to COUNT_CAP + 1 matches. The rows themselves are always read fresh by id.
 *
 * Freshness (docs/decisions/0008-list-speed.md): any state-changing request of this app drops every entry before the
 * answer is sent; while an import job runs (it commits after its 202), pages are read fresh and not kept; a change
 * made by another instance or a script shows within ENTITY_PAGE_CACHE_TTL_MS.
 */
import type { FastifyInstance } from 'fastify';
import { createShortCache, invalidateOnChange, type ShortCache } from '../../http/short_cache';

export const ENTITY_PAGE_CACHE_TTL_MS = 5_000;
/** Distinct (scope, filters, page) keys kept; each entry is a count and at most a page of ids. */
const MAX_ENTRIES = 5_000;

export interface MatchedPage {
  /** Matches found, up to the cap + 1. */
  readonly found: number;
  /** The page's ids, newest first. */
  readonly pageIds: readonly number[];
}

const caches = new WeakMap<FastifyInstance, ShortCache<MatchedPage>>();

/** The page cache of one app (created, with its invalidation hook, on first use). */
export function entityPageCache(app: FastifyInstance): ShortCache<MatchedPage> {
  let cache = caches.get(app);
  if (!cache) {
    cache = createShortCache<MatchedPage>(ENTITY_PAGE_CACHE_TTL_MS, MAX_ENTRIES);
    invalidateOnChange(app, cache);
    caches.set(app, cache);
  }
  return cache;
}
