/**
 * The keys of a name's two-character pieces, for two-character search (鑫源, 商贸): pg_trgm cannot index a search
 * shorter than three characters, so each name also stores the distinct keys of its pieces of two characters
 * (lower-cased) in an int4[] with a GIN index, and `name_bigram_keys @> keys('鑫源')` finds every name containing
 * 鑫源 through the index; a LIKE on the name then checks the order of the pieces and any collision.
 *
 * A key is a 32-bit integer rather than the piece's text: a GIN index of integers builds about twice as fast as one of
 * text (no collation in the comparisons) and a million-row import builds it once. The key of two characters a, b:
 * - both in the BMP (code points ≤ U+FFFF, every CJK character in common use): a·65536 + b, exact;
 * - otherwise: FNV-1a (32-bit) over the two code points, which may collide, harmlessly (the LIKE recheck);
 * read as a signed 32-bit integer. server/db/migrations/0008_name_bigram_keys.sql computes the same keys in SQL.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The key of the piece of two code points `a`, `b` (signed 32-bit). */
export function bigramKey(a: number, b: number): number {
  if (a <= 0xffff && b <= 0xffff) return ((a << 16) | b) | 0;
  let h = FNV_OFFSET;
  h = Math.imul(h ^ a, FNV_PRIME) >>> 0;
  h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h | 0;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The distinct keys of the lower-cased name's two-character pieces, ascending. */
export function nameBigramKeys(name: string): number[] {
  const text = name.toLowerCase();
  const keys: number[] = [];
  if (SURROGATE.test(text)) {
    const points = Array.from(text, (c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i + 1 < points.length; i += 1) keys.push(bigramKey(points[i] ?? 0, points[i + 1] ?? 0));
  } else {
    for (let i = 0; i + 1 < text.length; i += 1) keys.push(((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) | 0);
  }
  // Ascending, then the repeats dropped in place (a million-row import calls this once per row).
  keys.sort((x, y) => x - y);
  let kept = 0;
  for (const key of keys) if (kept === 0 || keys[kept - 1] !== key) keys[kept++] = key;
  keys.length = kept;
  return keys;
}

/** The keys as a PostgreSQL array literal ('{1,2,3}'), for COPY and array parameters. */
export function keysLiteral(keys: readonly number[]): string {
  return `{${keys.join(',')}}`;
}

/**
 * The keys to look a search up by in the GIN index (issue #11 item 6, decision 0013). The index reads one posting list
 * per key, and a common piece (有限, 公司, 长春: in most names) has a list of nearly every row — reading it costs more
 * than the few candidates it would strike out. So the pieces go rarest first, and a piece is kept while its list is
 * shorter than `recheckCost` × the candidates still left (a candidate costs a row fetch and the LIKE, a list entry much
 * less), candidates estimated as the product of the kept pieces' frequencies. That product holds only for pieces that
 * say different things: two pieces sharing a character (二道, 道区) come together in nearly every name that has one of
 * them, so a piece next to a kept one is passed over. `frequencyOf` is a key's share of the rows (0–1); a key it does
 * not know is taken as `unlisted` (statistics list only the common ones, so an unlisted key is at most as frequent as
 * the least frequent listed). Ties keep the order of the search. Returns distinct keys, ascending.
 *
 * Any subset gives the same answer: a name containing the search contains every one of its pieces, so fewer keys find
 * more candidates, never fewer, and the LIKE that follows keeps exactly the names containing the search.
 */
export function probeKeys(search: string, frequencyOf: (key: number) => number | undefined, unlisted: number, recheckCost = 20): number[] {
  const points = Array.from(search.toLowerCase(), (c) => c.codePointAt(0) ?? 0);
  const pieces = points.slice(1).map((b, at) => {
    const key = bigramKey(points[at] ?? 0, b);
    return { key, at, f: frequencyOf(key) ?? unlisted };
  }).sort((x, y) => x.f - y.f || x.at - y.at);
  const kept = new Set<number>();
  const taken = new Set<number>();
  let candidates = 1;
  for (const { key, at, f } of pieces) {
    if (kept.has(key) || taken.has(at - 1) || taken.has(at + 1)) continue;
    if (kept.size > 0 && f >= recheckCost * candidates * (1 - f)) break;
    kept.add(key);
    taken.add(at);
    candidates *= f;
  }
  return [...kept].sort((x, y) => x - y);
}
