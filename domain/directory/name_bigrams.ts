/**
 * The two-character pieces of a name, for two-character search (鑫源, 商贸): pg_trgm cannot index a search shorter than
 * three characters, so each name also stores its distinct pieces of two characters (lower-cased, sorted) in an array
 * with a GIN index, and `name_bigrams @> '{鑫源}'` finds every name containing 鑫源 through the index.
 * server/db/migrations/0006_name_bigrams.sql makes the same pieces for names stored before the column existed.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

export function nameBigrams(name: string): string[] {
  const text = name.toLowerCase();
  const pieces: string[] = [];
  if (SURROGATE.test(text)) {
    const chars = Array.from(text);
    for (let i = 0; i + 1 < chars.length; i += 1) pieces.push(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
  } else {
    for (let i = 0; i + 1 < text.length; i += 1) pieces.push(text.substring(i, i + 2));
  }
  // Sorted, then the repeats dropped in place (a million-row import calls this once per row).
  pieces.sort();
  let kept = 0;
  for (const piece of pieces) if (kept === 0 || pieces[kept - 1] !== piece) pieces[kept++] = piece;
  pieces.length = kept;
  return pieces;
}
