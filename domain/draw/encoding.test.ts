import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ce, compareUtf8, field, fromHex, parseDecimal, toHex, u32be } from './encoding';

describe('field and u32be', () => {
  it('prefixes the UTF-8 length big-endian', () => {
    expect(toHex(field('税'))).toBe('00000003e7a88e');
    expect(toHex(u32be(0x01020304))).toBe('01020304');
    expect(() => u32be(-1)).toThrow();
  });
});

describe('ce (canonical encoding)', () => {
  it('encodes strings, lists and maps with sorted keys', () => {
    expect(toHex(ce('a'))).toBe('530000000161');
    expect(toHex(ce(['a', []]))).toBe('4c00000002' + '530000000161' + '4c00000000');
    // keys sorted by UTF-8 bytes: "b" < "é"
    expect(toHex(ce({ é: 'x', b: 'y' }))).toBe('4d00000002' + '530000000162' + '530000000179' + '5300000002c3a9' + '530000000178');
  });

  it('does not depend on key insertion order', () => {
    expect(toHex(ce({ a: '1', b: ['2'] }))).toBe(toHex(ce({ b: ['2'], a: '1' })));
  });
});

describe('compareUtf8', () => {
  it('agrees with byte comparison of UTF-8, including astral vs U+E000–U+FFFF', () => {
    const char = fc.oneof(fc.constantFrom('a', 'Z', '\uE000', '\uFFFD', '𠀀', '😀', '中', 'é'), fc.string({ unit: 'grapheme', maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 6 }).map((a) => a.join('')), fc.array(char, { maxLength: 6 }).map((a) => a.join('')), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))));
      }),
      { numRuns: 500 },
    );
  });
});

describe('hex and decimals', () => {
  it('parses strict lowercase hex of the right length only', () => {
    expect(fromHex('00ff', 2)).toEqual(new Uint8Array([0, 255]));
    expect(fromHex('00FF', 2)).toBeUndefined();
    expect(fromHex('00f', 2)).toBeUndefined();
    expect(fromHex('00ff', 3)).toBeUndefined();
  });
  it('accepts canonical decimals only', () => {
    expect(parseDecimal('0')).toBe(0);
    expect(parseDecimal('17')).toBe(17);
    expect(parseDecimal('017')).toBeUndefined();
    expect(parseDecimal('-1')).toBeUndefined();
    expect(parseDecimal('1.0')).toBeUndefined();
  });
});
