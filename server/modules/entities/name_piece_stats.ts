/**
 * Which of a search's pieces (of four characters from four on, else of two) to look up in the names' GIN index (issue #11 item 6, decision 0013): the
 * rarest few, by PostgreSQL's own statistics of the column — `pg_stats.most_common_elems` / `most_common_elem_freqs`
 * for `market_entities.name_bigram_keys`, which ANALYZE (and autovacuum) keep — read once per database handle and kept
 * for STATS_TTL_MS. A piece the statistics do not list is rarer than the least frequent listed one.
 * Without statistics (a table never analysed, as a fresh embedded database) every piece is looked up, as before.
 * The choice only changes the speed: the LIKE that follows every lookup keeps the answer exact (probeKeys).
 */
import { sql } from 'drizzle-orm';
import { probeKeys, searchKeys } from '../../../domain/directory/name_bigrams';
import type { Db } from '../../db/database';

/** Statistics change with ANALYZE, and a stale choice is only slower: read again after ten minutes. */
const STATS_TTL_MS = 10 * 60_000;
const DEFAULT_CONTAIN_SEL = 0.005;

export interface NamePieceStats {
  /** A listed piece's share of the names (0–1). */
  readonly share: ReadonlyMap<number, number>;
  /** The share taken for an unlisted piece (the statistics list the common ones only). */
  readonly unlisted: number;
}

const kept = new WeakMap<Db, { readonly at: number; readonly generation: number; readonly stats: Promise<NamePieceStats | null> }>();
let generation = 0;

/** The column's element statistics, or null when the table has none yet. */
export async function readNamePieceStats(db: Db): Promise<NamePieceStats | null> {
  const result: unknown = await db.execute(sql`select most_common_elems::text::int[] as elems, most_common_elem_freqs as freqs from pg_stats
    where schemaname = current_schema() and tablename = 'market_entities' and attname = 'name_bigram_keys'`);
  const row = (result as { rows: { elems: number[] | null; freqs: number[] | null }[] }).rows[0];
  const elems = row?.elems ?? [];
  const freqs = (row?.freqs ?? []).map(Number);
  // most_common_elem_freqs: one share per element, then the least and the greatest of them and the share of nulls.
  if (elems.length === 0 || freqs.length < elems.length) return null;
  const share = new Map<number, number>();
  elems.forEach((key, i) => share.set(Number(key), freqs[i] ?? 0));
  // An unlisted piece as PostgreSQL's own estimate takes it (array_selfuncs.c): half the least listed share, at most 0.5 %.
  return { share, unlisted: Math.min(DEFAULT_CONTAIN_SEL, (freqs[elems.length] ?? Math.min(...share.values())) / 2) };
}

function statsOf(db: Db): Promise<NamePieceStats | null> {
  const now = performance.now();
  const entry = kept.get(db);
  if (entry && entry.generation === generation && now - entry.at < STATS_TTL_MS) return entry.stats;
  // Not read at all (an error) counts as no statistics until the next read; never fails a search.
  const stats = readNamePieceStats(db).catch(() => null);
  kept.set(db, { at: now, generation, stats });
  return stats;
}

/**
 * Moves the names added since the last vacuum from the pieces index's pending list into the index proper. PostgreSQL
 * adds new entries to a GIN index's unsorted pending list (fastupdate, up to gin_pending_list_limit, 4 MB) and every
 * lookup reads that whole list, sorted entries or not: after a large import, every name search scanned 4 MB until
 * autovacuum came by (never, where it is off; the embedded database has none). Called after imports and the demo load.
 */
export async function flushNamePieceIndex(db: Db): Promise<void> {
  await db.execute(sql`select gin_clean_pending_list('market_entities_name_bigram_idx'::regclass)`);
}

/** Forget the kept statistics of every handle (tests, after an ANALYZE). */
export function forgetNamePieceStats(): void {
  generation += 1;
}

export interface NamePieceProbe {
  /** The keys to look the search up by. */
  readonly keys: number[];
  /** The estimated share of the names having all of them (1 without statistics: unknown). */
  readonly share: number;
}

/**
 * What a candidate name costs against one entry of a posting list (probeKeys' `recheckCost`). Measured, 1,500 sampled
 * names of the 1,000,000 of bench:portal on PostgreSQL, the same prepared lookup one after another (per lookup, second
 * round): 20 → 0.58 ms (1.93 keys), 200 → 0.44 ms, 2,000 → 0.27 ms (2.09 keys), 10,000 → 0.29 ms, 50,000 → 0.33 ms,
 * every piece → 2.8 ms (10.8 keys). A candidate is a heap page that is seldom in shared buffers, read and LIKEd; a list
 * entry is a few compressed bytes of a page that is: one more rare piece pays for itself. (Those figures are of the
 * two-character pieces; a search of four characters or more now goes by two four-character pieces: decision 0013,
 * "Four-character pieces".)
 */
export const PROBE_RECHECK_COST = 2_000;

/** The keys to look `text` up by: the rarest of its pieces' keys (all of them without statistics: searchKeys). */
export async function namePieceProbe(db: Db, text: string): Promise<NamePieceProbe> {
  const stats = await statsOf(db);
  if (!stats) return { keys: searchKeys(text), share: 1 };
  const keys = probeKeys(text, (k) => stats.share.get(k), stats.unlisted, PROBE_RECHECK_COST);
  return { keys, share: keys.reduce((product, k) => product * (stats.share.get(k) ?? stats.unlisted), 1) };
}
