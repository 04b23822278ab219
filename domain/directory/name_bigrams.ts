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
