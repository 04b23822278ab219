import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigramKey, keysLiteral, nameBigramKeys, probeKeys } from './name_bigrams';

const key = (piece: string) => {
  const [a, b] = Array.from(piece, (c) => c.codePointAt(0) ?? 0);
  return bigramKey(a ?? 0, b ?? 0);
};

describe('nameBigramKeys', () => {
  it('gives the distinct keys of the lower-cased two-character pieces, ascending', () => {
    expect(nameBigramKeys('鑫源商贸')).toEqual(['鑫源', '源商', '商贸'].map(key).sort((x, y) => x - y));
    expect(nameBigramKeys('ABab')).toEqual([key('ab'), key('ba')].sort((x, y) => x - y));
    expect(nameBigramKeys('源')).toEqual([]);
    expect(nameBigramKeys('')).toEqual([]);
    expect(nameBigramKeys('公司公司')).toHaveLength(2);
  });

  it('packs two BMP characters exactly into a signed 32-bit key', () => {
    expect(bigramKey(0x41, 0x42)).toBe(0x00410042);
    expect(bigramKey(0x9451, 0x6e90)).toBe((0x9451 * 65536 + 0x6e90) - 2 ** 32);
    expect(bigramKey(0xffff, 0xffff)).toBe(-1);
  });

  it('hashes pieces with a character outside the BMP (FNV-1a over the code points), kept whole', () => {
    // FNV-1a of 0x20BB7 then 0x91CE, worked by hand with BigInt.
    let h = 0x811c9dc5n;
    for (const point of [0x20bb7n, 0x91cen]) h = ((h ^ point) * 0x01000193n) % 2n ** 32n;
    const expected = Number(BigInt.asIntN(32, h));
    expect(bigramKey(0x20bb7, 0x91ce)).toBe(expected);
    expect(nameBigramKeys('𠮷野家')).toEqual([expected, key('野家')].sort((x, y) => x - y));
  });

  it('finds every piece of a search among the keys of a name that contains it', () => {
    // Characters whose lower case does not depend on their neighbours (unlike Greek Σ): CJK, Latin, digits, outside the BMP.
    const unit = fc.constantFrom('鑫', '源', '商', '贸', '有', '限', 'A', 'b', 'Z', '1', ' ', '𠮷', '野', '（');
    fc.assert(fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit, maxLength: 12 }), fc.string({ unit, minLength: 2, maxLength: 4 }),
      (before, after, search) => {
        const keys = new Set(nameBigramKeys(`${before}${search}${after}`));
        return nameBigramKeys(search).every((k) => keys.has(k));
      }));
  });

  it('writes a PostgreSQL array literal', () => {
    expect(keysLiteral([])).toBe('{}');
    expect(keysLiteral([-5, 7])).toBe('{-5,7}');
  });
});

describe('probeKeys', () => {
  const share = new Map([[key('长春'), 0.3], [key('有限'), 0.9], [key('限公'), 0.9], [key('公司'), 0.9], [key('商贸'), 0.05], [key('贸有'), 0.04]]);
  const frequencyOf = (k: number) => share.get(k);

  it('keeps rare pieces that do not touch, and leaves out the ones in most names', () => {
    // Unlisted (春鑫, 鑫源, 源商: at most 0.001 each): 春鑫 and 源商 (鑫源 touches both) cut the candidates to a
    // millionth; a third piece is not worth its list.
    expect(probeKeys('长春鑫源商贸有限公司', frequencyOf, 0.001)).toEqual([key('春鑫'), key('源商')].sort((x, y) => x - y));
  });

  it('passes over a piece next to a kept one: together they say little more than one', () => {
    // 贸有 is the rarest; 商贸 and 有限 touch it, 限公 touches nothing kept but is in 90 % of the names.
    expect(probeKeys('商贸有限', frequencyOf, 0.001)).toEqual([key('贸有')]);
    // 贸x then x有 (unlisted, touching) — 商贸 touches 贸x, 有限 is too common: one piece.
    expect(probeKeys('商贸x有限', frequencyOf, 0.001)).toEqual([key('贸x')]);
    // Two characters apart they are kept both.
    expect(probeKeys('贸xy有', frequencyOf, 0.001)).toEqual([key('贸x'), key('y有')].sort((x, y) => x - y));
  });

  it('keeps a common piece only when it strikes out more candidates than its list costs', () => {
    // 贸有 (4 %) then 长春 (30 %): worth it (strikes out 70 % of 4 % of the rows, × 20, for a list of 30 %)…
    // (春贸 unknown and taken as in every name)
    expect(probeKeys('长春贸有', frequencyOf, 1)).toEqual([key('长春'), key('贸有')].sort((x, y) => x - y));
    // …but 有限 (90 %) after 商贸 (5 %) strikes out a tenth of 5 % for a list of 90 %: not.
    expect(probeKeys('商贸的有限', frequencyOf, 1)).toEqual([key('商贸')]);
    expect(probeKeys('公司', frequencyOf, 0.001)).toEqual([key('公司')]);
    expect(probeKeys('有限公司', frequencyOf, 0.001)).toEqual([key('有限'), key('公司')].sort((x, y) => x - y));
    expect(probeKeys('源', frequencyOf, 0.001)).toEqual([]);
    expect(probeKeys('', frequencyOf, 0.001)).toEqual([]);
  });

  it('keeps some of the search\'s own keys, each once, at least one of a search of two characters or more', () => {
    const unit = fc.constantFrom('鑫', '源', '商', '贸', '有', '限', 'A', 'b', 'Z', '1', ' ', '𠮷', '野', '（');
    fc.assert(fc.property(fc.string({ unit, minLength: 2, maxLength: 16 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
      (search, shares) => {
        const own = nameBigramKeys(search);
        const probe = probeKeys(search, (k) => shares[own.indexOf(k)], 0.001);
        return probe.length >= 1 && probe.every((k) => own.includes(k)) && new Set(probe).size === probe.length;
      }));
  });
});
