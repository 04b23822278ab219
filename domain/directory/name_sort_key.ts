/**
 * Names sort by pinyin (issue #8 item 5: 严, 余, 刘, 叶, 唐 in code-point order is not how a Chinese list reads;
 * 长春市… comes before 国家税务总局). The sort key of a name is the reading of each character followed by a space:
 * syllable letters (ü as v), then the tone 1–4 or 5 for the neutral tone, so 刘 liu2 < 唐 tang2 < 严 yan2 < 叶 ye4 <
 * 余 yu2, and a shorter syllable sorts before a longer one (li3 before liang2: a digit sorts before a letter). A
 * character without a reading stands for itself, Latin letters lower-cased. Compared byte-wise (COLLATE "C"), with
 * the name itself as the tie-break between homophones. The database computes the same key
 * (server/db/migrations/0025_pinyin_sort.sql); this module defines the per-character key both use.
 */

const READING = /^([a-z]+)([0-5])$/;

/** The key of one reading as pinyin-pro gives it with `toneType: 'num', v: true` ('yan2', 'de0'), or null if it is none. */
export function sortKeyOfReading(reading: string): string | null {
  const m = READING.exec(reading);
  if (!m) return null;
  const tone = m[2] === '0' ? '5' : (m[2] as string);
  return `${m[1] as string}${tone}`;
}

/** The sort key of a name from a per-character reading table (the same rule as the database's pinyin_sort_key). */
export function nameSortKey(name: string, keyOf: (ch: string) => string | undefined): string {
  let out = '';
  for (const ch of name) out += `${keyOf(ch) ?? ch.toLowerCase()} `;
  return out;
}
