/**
 * The keys of a name's pieces, for searching names by any part of them (鑫源, 商贸, 长春鑫源商贸有限公司): pg_trgm cannot
 * index a search shorter than three characters, so each name also stores the distinct keys of its pieces (lower-cased)
 * in an int4[] with a GIN index (`market_entities.name_bigram_keys`), and `name_bigram_keys @> keys(search)` finds
 * every name containing the search through the index; a LIKE on the name then checks the order of the pieces and any
 * collision. Two sizes of piece are stored:
 * - every two-character piece, for searches of two or three characters;
 * - every four-character piece (decision 0013, "Four-character pieces"), for searches of four characters or more, the
 *   public lookup by a whole name above all: a two-character piece of a million names has a posting list of hundreds or
 *   thousands of entries (赵记, 鞋店), a four-character one of a few dozen, and reading the lists was most of a lookup.
 *
 * A key is a 32-bit integer rather than the piece's text: a GIN index of integers builds about twice as fast as one of
 * text (no collation in the comparisons) and a million-row import builds it once. The key of two characters a, b:
 * - both in the BMP (code points ≤ U+FFFF, every CJK character in common use): a·65536 + b, exact;
 * - otherwise: FNV-1a (32-bit) over the two code points, which may collide, harmlessly (the LIKE recheck);
 * and of four characters: FNV-1a over the four code points (which may collide with any other key, as harmlessly);
 * read as a signed 32-bit integer. The SQL function suiji_name_piece_keys (migration 0043) computes the same keys.
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

/** The key of the piece of four code points (signed 32-bit). */
export function quadKey(a: number, b: number, c: number, d: number): number {
  let h = FNV_OFFSET;
  h = Math.imul(h ^ a, FNV_PRIME) >>> 0;
  h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  h = Math.imul(h ^ c, FNV_PRIME) >>> 0;
  h = Math.imul(h ^ d, FNV_PRIME) >>> 0;
  return h | 0;
}

/** Searches of this many characters or more are looked up by their four-character pieces. */
export const QUAD_MIN_LENGTH = 4;

/** The code points of the lower-cased text, or null when it has none outside the BMP (then its UTF-16 units are its code points). */
function astralPoints(text: string): number[] | null {
  return SURROGATE.test(text) ? Array.from(text, (c) => c.codePointAt(0) ?? 0) : null;
}

/** Ascending, then the repeats dropped in place (a million-row import calls this once per row). */
function distinctAscending(keys: number[]): number[] {
  keys.sort((x, y) => x - y);
  let kept = 0;
  for (const key of keys) if (kept === 0 || keys[kept - 1] !== key) keys[kept++] = key;
  keys.length = kept;
  return keys;
}

/** Appends the keys of the pieces of `width` (2 or 4) code points of the lower-cased `text`. */
function pushPieceKeys(text: string, width: 2 | 4, keys: number[]): void {
  const points = astralPoints(text);
  const at = points ? (i: number) => points[i] ?? 0 : (i: number) => text.charCodeAt(i);
  const length = points ? points.length : text.length;
  if (width === 2) {
    if (points) for (let i = 0; i + 1 < length; i += 1) keys.push(bigramKey(at(i), at(i + 1)));
    else for (let i = 0; i + 1 < length; i += 1) keys.push(((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) | 0);
    return;
  }
  for (let i = 0; i + 3 < length; i += 1) keys.push(quadKey(at(i), at(i + 1), at(i + 2), at(i + 3)));
}

/** The distinct keys of the lower-cased name's two-character and four-character pieces, ascending: what a name stores. */
export function nameBigramKeys(name: string): number[] {
  const text = name.toLowerCase();
  const keys: number[] = [];
  pushPieceKeys(text, 2, keys);
  pushPieceKeys(text, 4, keys);
  return distinctAscending(keys);
}

/**
 * The keys a search is looked up by when no statistics say which pieces are rare: its four-character pieces from
 * QUAD_MIN_LENGTH characters on, else its two-character ones. Every one of them is among the keys of a name containing
 * the search. Distinct, ascending.
 */
export function searchKeys(search: string): number[] {
  const keys: number[] = [];
  pushPieceKeys(search.toLowerCase(), pieceWidth(search), keys);
  return distinctAscending(keys);
}

/** The size of piece a search is looked up by: four characters from QUAD_MIN_LENGTH on (rarer than any two of them), else two. */
export function pieceWidth(search: string): 2 | 4 {
  return Array.from(search.toLowerCase()).length >= QUAD_MIN_LENGTH ? 4 : 2;
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
 * A search of QUAD_MIN_LENGTH characters or more is looked up by its four-character pieces (rarePair: the two rarest
 * together, more only while worth their lists), a shorter one by its two-character pieces.
 *
 * Any subset gives the same answer: a name containing the search contains every one of its pieces, so fewer keys find
 * more candidates, never fewer, and the LIKE that follows keeps exactly the names containing the search.
 */
export function probeKeys(search: string, frequencyOf: (key: number) => number | undefined, unlisted: number, recheckCost = 20,
  width: 2 | 4 = pieceWidth(search)): number[] {
  const points = Array.from(search.toLowerCase(), (c) => c.codePointAt(0) ?? 0);
  const p = (i: number) => points[i] ?? 0;
  const pieces = points.slice(width - 1).map((_, at) => {
    const key = width === 4 ? quadKey(p(at), p(at + 1), p(at + 2), p(at + 3)) : bigramKey(p(at), p(at + 1));
    return { key, at, f: frequencyOf(key) ?? unlisted };
  }).sort((x, y) => x.f - y.f || x.at - y.at);
  if (width === 4) return rarePair(pieces, recheckCost);
  const kept = new Set<number>();
  const taken: number[] = [];
  let candidates = 1;
  for (const { key, at, f } of pieces) {
    // A piece sharing a character with a kept one says little more than it (二道, 道区 come together).
    if (kept.has(key) || taken.some((t) => Math.abs(t - at) < width)) continue;
    if (kept.size > 0 && f >= recheckCost * candidates * (1 - f)) break;
    kept.add(key);
    taken.push(at);
    candidates *= f;
  }
  return [...kept].sort((x, y) => x - y);
}

interface Piece { readonly key: number; readonly at: number; readonly f: number }

/**
 * Of four-character pieces (rarest first), the two rarest together — taking the rarest first and then the rarest left
 * that does not overlap it would often leave none (a search of 5–7 characters has no two pieces apart), and one
 * piece shared by a thousand names (农安县李) costs a thousand row fetches where a second list of a few dozen entries
 * (李记药店) leaves a handful — when the second is worth its list by the rule of probeKeys; else the rarest alone.
 * Pieces that overlap are taken as independent here; among equally rare pairs the one farthest apart goes first, as it
 * says most about the whole search. A third piece that overlaps neither is added under the same rule (rarely worth it).
 */
function rarePair(pieces: readonly Piece[], recheckCost: number): number[] {
  const [rarest] = pieces;
  if (!rarest) return [];
  let pair: [Piece, Piece] | null = null;
  for (let i = 0; i < pieces.length; i += 1) {
    const a = pieces[i] as Piece;
    for (let j = i + 1; j < pieces.length; j += 1) {
      const b = pieces[j] as Piece;
      if (a.key === b.key) continue;
      // Ties (unlisted pieces all count alike) go to the pair farthest apart.
      const better = !pair || a.f * b.f < pair[0].f * pair[1].f
        || (a.f * b.f === pair[0].f * pair[1].f && Math.abs(a.at - b.at) > Math.abs(pair[0].at - pair[1].at));
      if (better) pair = [a, b];
    }
  }
  // pieces are rarest first, so pair[0] is the rarer of the two.
  if (!pair || pair[1].f >= recheckCost * pair[0].f * (1 - pair[1].f)) return [rarest.key];
  const kept = [pair[0], pair[1]];
  let candidates = pair[0].f * pair[1].f;
  for (const piece of pieces) {
    if (kept.some((k) => k.key === piece.key || Math.abs(k.at - piece.at) < 4)) continue;
    if (piece.f >= recheckCost * candidates * (1 - piece.f)) break;
    kept.push(piece);
    candidates *= piece.f;
  }
  return kept.map((k) => k.key).sort((x, y) => x - y);
}
