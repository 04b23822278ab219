import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigramKey, keysLiteral, nameBigramKeys } from './name_bigrams';

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
