import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * 拼音首字母 of a name (长春鑫源商贸有限公司 → ccxysmyxgs), stored beside the name at import and create so the
 * directory can be searched by initials (stack.md §5: "store initials at import time"). Letters and digits are
 * kept (lower-cased); punctuation and brackets are dropped.
 *
 * Speed matters: pinyin-pro on a whole name costs ~25 µs, i.e. 25 s for a million-row import. Most characters
 * have one initial whatever their reading, so they come from a per-character table filled once. Only a character
 * whose readings start with different letters (长 chang/zhang, 重 chong/zhong, 行 hang/xing…) needs its word:
 * pinyin-pro reads it with its neighbours, and the answer is cached per window. On the demo names this gives the
 * same initials as pinyin-pro on the whole name, more than ten times faster.
 */

const UNKNOWN = 0;
const NONE = 1;
const AMBIGUOUS = 2;
/** Per UTF-16 unit: UNKNOWN, NONE, AMBIGUOUS, or the char code of the initial ('a'…'z', '0'…'9'). */
const TABLE = new Uint8Array(0x10000);
for (let c = 0x30; c <= 0x39; c += 1) TABLE[c] = c;
for (let c = 0x61; c <= 0x7a; c += 1) TABLE[c] = c;
for (let c = 0x41; c <= 0x5a; c += 1) TABLE[c] = c + 32;
// Full-width digits and letters (０-９ Ａ-Ｚ ａ-ｚ) read as their half-width forms.
for (let c = 0xff10; c <= 0xff19; c += 1) TABLE[c] = c - 0xff10 + 0x30;
for (let c = 0xff21; c <= 0xff3a; c += 1) TABLE[c] = c - 0xff21 + 0x61;
for (let c = 0xff41; c <= 0xff5a; c += 1) TABLE[c] = c - 0xff41 + 0x61;

/**
 * One neighbour on each side decides the reading in practice (长春, 朝阳区, 银行, 行长): on 200,000 demo names a window
 * of 1, 2 or 3 gave the same initials as the whole name, while the distinct windows to read grew from 17k to 75k to
 * 150k, and each read costs ~40 µs.
 */
const WINDOW = 1;
const WINDOW_CACHE_LIMIT = 200_000;
const windowCache = new Map<string, number>();

function classify(code: number): number {
  // Below the CJK blocks (after the ASCII/full-width entries set above) and lone surrogates: no initial.
  if (code < 0x3400 || (code >= 0xd800 && code <= 0xdfff)) return NONE;
  const readings = polyphonic(String.fromCharCode(code), { pattern: 'first', toneType: 'none', type: 'array' })[0] ?? [];
  const letters = new Set<string>();
  for (const r of readings) {
    const letter = r.toLowerCase();
    if (/^[a-z]$/.test(letter)) letters.add(letter);
  }
  if (letters.size === 0) return NONE;
  if (letters.size > 1) return AMBIGUOUS;
  return (letters.values().next().value as string).charCodeAt(0);
}

function initialInContext(name: string, at: number): number {
  const from = Math.max(0, at - WINDOW);
  const window = name.substring(from, at + WINDOW + 1);
  const key = `${at - from}|${window}`;
  const cached = windowCache.get(key);
  if (cached !== undefined) return cached;
  const letters = pinyin(window, { pattern: 'first', toneType: 'none', type: 'array' });
  const letter = (letters[at - from] ?? '').toLowerCase();
  const code = /^[a-z]$/.test(letter) ? letter.charCodeAt(0) : 0;
  if (windowCache.size >= WINDOW_CACHE_LIMIT) windowCache.clear();
  windowCache.set(key, code);
  return code;
}

/** The pinyin initials of `name`, lower-case, with letters and digits kept and everything else dropped. */
export function nameInitials(name: string): string {
  const out: number[] = [];
  for (let i = 0; i < name.length; i += 1) {
    const ch = name.charCodeAt(i);
    let v = TABLE[ch] as number;
    if (v === UNKNOWN) {
      v = classify(ch);
      TABLE[ch] = v;
    }
    if (v === NONE) continue;
    if (v === AMBIGUOUS) {
      const letter = initialInContext(name, i);
      if (letter !== 0) out.push(letter);
      continue;
    }
    out.push(v);
  }
  return String.fromCharCode(...out);
}

/** Whether a search text is meant as pinyin initials (ASCII letters only, e.g. "ccxy"). */
export function looksLikeInitials(text: string): boolean {
  return /^[A-Za-z]{1,40}$/.test(text);
}
