import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigramKey, keysLiteral, nameBigramKeys, pieceWidth, probeKeys, quadKey, searchKeys } from './name_bigrams';

const key = (piece: string) => {
  const [a, b, c, d] = Array.from(piece, (ch) => ch.codePointAt(0) ?? 0);
  return c === undefined ? bigramKey(a ?? 0, b ?? 0) : quadKey(a ?? 0, b ?? 0, c, d ?? 0);
};
const ascending = (keys: number[]) => keys.sort((x, y) => x - y);

describe('nameBigramKeys', () => {
  it('gives the distinct keys of the lower-cased two-character and four-character pieces, ascending', () => {
    expect(nameBigramKeys('鑫源商贸')).toEqual(ascending(['鑫源', '源商', '商贸', '鑫源商贸'].map(key)));
    expect(nameBigramKeys('鑫源商贸行')).toEqual(ascending(['鑫源', '源商', '商贸', '贸行', '鑫源商贸', '源商贸行'].map(key)));
    expect(nameBigramKeys('ABab')).toEqual(ascending([key('ab'), key('ba'), key('abab')]));
    expect(nameBigramKeys('源')).toEqual([]);
    expect(nameBigramKeys('鑫源商')).toEqual(ascending([key('鑫源'), key('源商')]));
    expect(nameBigramKeys('')).toEqual([]);
    expect(nameBigramKeys('公司公司')).toHaveLength(3);
    expect(nameBigramKeys('公司公司公司')).toHaveLength(4);
  });

  it('hashes four code points with FNV-1a', () => {
    let h = 0x811c9dc5n;
    for (const point of [0x946bn, 0x6e90n, 0x20bb7n, 0x61n]) h = ((h ^ point) * 0x01000193n) % 2n ** 32n;
    expect(quadKey(0x946b, 0x6e90, 0x20bb7, 0x61)).toBe(Number(BigInt.asIntN(32, h)));
    expect(nameBigramKeys('鑫源𠮷a')).toContain(Number(BigInt.asIntN(32, h)));
  });

  it('looks a search up by its four-character pieces from four characters on, else by its two-character ones', () => {
    expect(pieceWidth('鑫源商')).toBe(2);
    expect(pieceWidth('鑫源商贸')).toBe(4);
    expect(pieceWidth('𠮷野家x')).toBe(4);
    expect(searchKeys('鑫源商')).toEqual(ascending([key('鑫源'), key('源商')]));
    expect(searchKeys('鑫源商贸行')).toEqual(ascending([key('鑫源商贸'), key('源商贸行')]));
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
    fc.assert(fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit, maxLength: 12 }), fc.string({ unit, minLength: 2, maxLength: 7 }),
      (before, after, search) => {
        const keys = new Set(nameBigramKeys(`${before}${search}${after}`));
        return nameBigramKeys(search).every((k) => keys.has(k)) && searchKeys(search).every((k) => keys.has(k));
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
    expect(probeKeys('长春鑫源商贸有限公司', frequencyOf, 0.001, 20, 2)).toEqual([key('春鑫'), key('源商')].sort((x, y) => x - y));
  });

  it('passes over a piece next to a kept one: together they say little more than one', () => {
    // 贸有 is the rarest; 商贸 and 有限 touch it, 限公 touches nothing kept but is in 90 % of the names.
    expect(probeKeys('商贸有限', frequencyOf, 0.001, 20, 2)).toEqual([key('贸有')]);
    // 贸x then x有 (unlisted, touching) — 商贸 touches 贸x, 有限 is too common: one piece.
    expect(probeKeys('商贸x有限', frequencyOf, 0.001, 20, 2)).toEqual([key('贸x')]);
    // Two characters apart they are kept both.
    expect(probeKeys('贸xy有', frequencyOf, 0.001, 20, 2)).toEqual([key('贸x'), key('y有')].sort((x, y) => x - y));
  });

  it('keeps a common piece only when it strikes out more candidates than its list costs', () => {
    // 贸有 (4 %) then 长春 (30 %): worth it (strikes out 70 % of 4 % of the rows, × 20, for a list of 30 %)…
    // (春贸 unknown and taken as in every name)
    expect(probeKeys('长春贸有', frequencyOf, 1, 20, 2)).toEqual([key('长春'), key('贸有')].sort((x, y) => x - y));
    // …but 有限 (90 %) after 商贸 (5 %) strikes out a tenth of 5 % for a list of 90 %: not.
    expect(probeKeys('商贸的有限', frequencyOf, 1, 20, 2)).toEqual([key('商贸')]);
    expect(probeKeys('公司', frequencyOf, 0.001)).toEqual([key('公司')]);
    expect(probeKeys('有限公司', frequencyOf, 0.001, 20, 2)).toEqual([key('有限'), key('公司')].sort((x, y) => x - y));
    expect(probeKeys('源', frequencyOf, 0.001)).toEqual([]);
    expect(probeKeys('', frequencyOf, 0.001)).toEqual([]);
  });

  it('looks a longer search up by the two of its four-character pieces rarest together, farthest apart among equals', () => {
    const quads = new Map([[key('有限公司'), 0.9], [key('商贸有限'), 0.05], [key('鑫源商贸'), 0.0001]]);
    const of = (k: number) => quads.get(k);
    // 鑫源商贸 is the rarest; with it, the unlisted 源商贸有 and 贸有限公 (0.001 each) are rarest: the farther one.
    expect(probeKeys('鑫源商贸有限公司', of, 0.001)).toEqual(ascending([key('鑫源商贸'), key('贸有限公')]));
    // Unlisted alike: the first and the last piece.
    expect(probeKeys('长春鑫源商贸有限公司', () => undefined, 0.001)).toEqual(ascending([key('长春鑫源'), key('有限公司')]));
    expect(probeKeys('农安县李记药店', () => undefined, 0.001)).toEqual(ascending([key('农安县李'), key('李记药店')]));
    expect(probeKeys('长春鑫源', () => undefined, 0.001)).toEqual([key('长春鑫源')]);
    // A third piece apart from both is kept while worth its list.
    expect(probeKeys('长春鑫源商贸有限公司分公司', () => undefined, 0.01, 2000)).toEqual(ascending([key('长春鑫源'), key('商贸有限'), key('司分公司')]));
    expect(probeKeys('长春鑫源商贸有限公司分公司', () => undefined, 0.01)).toEqual(ascending([key('长春鑫源'), key('司分公司')]));
    expect(nameBigramKeys('鑫源𠮷A')).toEqual(nameBigramKeys('鑫源𠮷a'));
  });

  it('takes the two pieces rarest together, overlapping or not, or the rarest alone', () => {
    // 公主岭市 is common (1 %): of the unlisted pieces, 主岭市赵 and 赵记鞋店 are farthest apart.
    const of = (k: number) => (k === key('公主岭市') ? 0.01 : undefined);
    expect(probeKeys('公主岭市赵记鞋店', of, 0.001)).toEqual(ascending([key('主岭市赵'), key('赵记鞋店')]));
    // A second piece in most names is not worth its list: the rarest alone.
    const common = (k: number) => (k === key('长春鑫源') ? 0.0001 : 0.9);
    expect(probeKeys('长春鑫源商贸', common, 0.001)).toEqual([key('长春鑫源')]);
    expect(probeKeys('公主岭市赵记鞋店', () => undefined, 0.001)).toEqual(ascending([key('公主岭市'), key('赵记鞋店')]));
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
