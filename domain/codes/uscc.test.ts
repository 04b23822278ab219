import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  USCC_CHARSET,
  USCC_WEIGHTS,
  computeMod1110CheckDigit,
  computeOrgCodeCheckChar,
  computeUsccCheckChar,
  describeUscc,
  isValidOrgCode,
  makeUscc,
  normalizeCodeInput,
  validateEntityCode,
  validateRegistrationNumber,
  validateUscc,
} from './uscc';

const charArb = fc.constantFrom(...USCC_CHARSET);
const first17Arb = fc
  .tuple(fc.array(charArb, { minLength: 2, maxLength: 2 }), fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }), fc.array(charArb, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));

describe('GB 32100-2015 check character', () => {
  it('uses weights 3^(i-1) mod 31', () => {
    expect(USCC_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('matches the verified vector 91350100M000100Y4 → 3 (domain.md §4.3)', () => {
    expect(computeUsccCheckChar('91350100M000100Y4')).toBe('3');
    expect(validateUscc('91350100M000100Y43').ok).toBe(true);
  });

  it('rejects the published sample …Y4Z (Z is not in the character set)', () => {
    expect(validateUscc('91350100M000100Y4Z')).toMatchObject({ ok: false, error: { code: 'illegal_character', position: 18 } });
  });

  it('reports a wrong check character with the expected one', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({
      ok: false,
      error: { code: 'check_character', position: 18, expected: '3', message: '统一社会信用代码校验位错误：第18位应为“3”，实际为“4”' },
    });
  });

  it('accepts python-stdnum’s vector 91110000600037341L', () => {
    expect(validateUscc('91110000600037341L').ok).toBe(true);
  });

  it('maps a sum ≡ 0 (mod 31) to check character 0', () => {
    expect(computeUsccCheckChar('00000000000000000')).toBe('0');
  });

  it('throws on malformed input to the low-level function', () => {
    expect(() => computeUsccCheckChar('123')).toThrow(RangeError);
    expect(() => computeUsccCheckChar('9135010OM000100Y4')).toThrow(RangeError);
  });

  it('property: every single-character substitution is detected', () => {
    fc.assert(
      fc.property(first17Arb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (first17, pos, shift) => {
        const valid = first17 + computeUsccCheckChar(first17);
        expect(validateUscc(valid).ok).toBe(true);
        const old = USCC_CHARSET.indexOf(valid.charAt(pos));
        const replacement = USCC_CHARSET.charAt((old + shift) % 31);
        const changed = valid.slice(0, pos) + replacement + valid.slice(pos + 1);
        expect(validateUscc(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateUscc messages', () => {
  it('normalizes case, full-width characters, spaces and hyphens', () => {
    expect(normalizeCodeInput(' ９１３５０１００ｍ０００１００y4-3 ')).toBe('91350100M000100Y43');
    expect(validateUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('reports empty input', () => {
    expect(validateUscc('  ')).toMatchObject({ ok: false, error: { code: 'empty', message: '统一社会信用代码不能为空' } });
  });

  it('reports the length', () => {
    expect(validateUscc('9135010')).toMatchObject({ ok: false, error: { code: 'length', message: '统一社会信用代码应为18位，实际为7位' } });
  });

  it('reports an illegal character and its position', () => {
    expect(validateUscc('91350100M0001O0Y43')).toMatchObject({
      ok: false,
      error: { code: 'illegal_character', position: 14, message: '统一社会信用代码第14位“O”不是合法字符（只能是数字或除I、O、S、V、Z以外的大写字母）' },
    });
  });

  it('reports non-ASCII characters as illegal', () => {
    expect(validateUscc('91350100M000100中43')).toMatchObject({ ok: false, error: { code: 'illegal_character', position: 16 } });
  });

  it('requires digits in the region part (positions 3–8)', () => {
    expect(validateUscc('9135A100M000100Y43')).toMatchObject({
      ok: false,
      error: { code: 'region_digits', position: 5, message: '统一社会信用代码第5位“A”应为数字（第3–8位是登记管理机关行政区划码）' },
    });
  });
});

describe('makeUscc', () => {
  it('appends the check character', () => {
    expect(makeUscc('91350100M000100Y4')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });
  it('rejects wrong lengths and characters', () => {
    expect(makeUscc('9135')).toMatchObject({ ok: false, error: { code: 'length', message: '统一社会信用代码前17位应为17个字符，实际为4个' } });
    expect(makeUscc('91350100M0001I0Y4')).toMatchObject({ ok: false, error: { code: 'illegal_character', position: 14 } });
  });
});

describe('GB 11714 organisation code', () => {
  it('validates the code inside the stdnum vector', () => {
    expect(computeOrgCodeCheckChar('60003734')).toBe('1');
    expect(isValidOrgCode('600037341')).toBe(true);
    expect(isValidOrgCode('600037342')).toBe(false);
    expect(isValidOrgCode('60003734')).toBe(false);
  });
  it('maps 10 to X and 11 to 0, and letters to 10–35', () => {
    // Σ = 0 → 11 → '0'
    expect(computeOrgCodeCheckChar('00000000')).toBe('0');
    // Σ = 1·2 = 2 (last weight) … pick a body whose sum mod 11 is 1 → check 10 → 'X'
    expect(computeOrgCodeCheckChar('00000006')).toBe('X'); // 6·2 = 12, 12 mod 11 = 1
    expect(computeOrgCodeCheckChar('A0000000')).toBe(String(11 - ((10 * 3) % 11)));
  });
  it('throws on malformed bodies', () => {
    expect(() => computeOrgCodeCheckChar('123')).toThrow(RangeError);
    expect(() => computeOrgCodeCheckChar('1234567*')).toThrow(RangeError);
  });
});

describe('legacy 15-digit 注册号 (ISO 7064 MOD 11,10)', () => {
  it('agrees with the ISO 7064 MOD 11,10 vector 33392005961 (python-stdnum hr.oib)', () => {
    expect(computeMod1110CheckDigit('3339200596')).toBe('1');
  });
  it('validates a 15-digit number built with the check digit', () => {
    const body = '22010200001234';
    const code = body + computeMod1110CheckDigit(body);
    expect(validateRegistrationNumber(code)).toEqual({ ok: true, value: code });
  });
  it('property: every single-digit substitution is detected', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789'), { minLength: 14, maxLength: 14 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 9 }), (ds, pos, shift) => {
        const body = ds.join('');
        const code = body + computeMod1110CheckDigit(body);
        const d = (Number(code.charAt(pos)) + shift) % 10;
        const changed = code.slice(0, pos) + String(d) + code.slice(pos + 1);
        expect(validateRegistrationNumber(changed).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
  it('reports empty, length, non-digit and check errors in Chinese', () => {
    expect(validateRegistrationNumber('')).toMatchObject({ ok: false, error: { code: 'empty', message: '注册号不能为空' } });
    expect(validateRegistrationNumber('1234')).toMatchObject({ ok: false, error: { code: 'length', message: '注册号应为15位数字，实际为4位' } });
    expect(validateRegistrationNumber('22010200001234A')).toMatchObject({ ok: false, error: { code: 'illegal_character', position: 15, message: '注册号第15位“A”应为数字' } });
    const body = '22010200001234';
    const good = computeMod1110CheckDigit(body);
    const bad = String((Number(good) + 1) % 10);
    expect(validateRegistrationNumber(body + bad)).toMatchObject({
      ok: false,
      error: { code: 'check_character', expected: good, message: `注册号校验位错误：第15位应为“${good}”，实际为“${bad}”` },
    });
  });
  it('throws on non-digits in the low-level function', () => {
    expect(() => computeMod1110CheckDigit('12a')).toThrow(RangeError);
  });
});

describe('validateEntityCode', () => {
  it('accepts either form', () => {
    expect(validateEntityCode('91350100M000100Y43')).toEqual({ ok: true, value: { kind: 'uscc', code: '91350100M000100Y43' } });
    const body = '22010200001234';
    const reg = body + computeMod1110CheckDigit(body);
    expect(validateEntityCode(reg)).toEqual({ ok: true, value: { kind: 'registration_number', code: reg } });
  });
  it('passes the specific error through', () => {
    expect(validateEntityCode('91350100M000100Y44')).toMatchObject({ ok: false, error: { code: 'check_character' } });
    expect(validateEntityCode('22010200001234X')).toMatchObject({ ok: false, error: { code: 'illegal_character' } });
  });
  it('names both forms for other lengths and empty input', () => {
    expect(validateEntityCode('123')).toMatchObject({ ok: false, error: { code: 'length', message: '统一社会信用代码应为18位、注册号应为15位，实际为3位' } });
    expect(validateEntityCode('')).toMatchObject({ ok: false, error: { code: 'empty', message: '统一社会信用代码/注册号不能为空' } });
  });
});

describe('describeUscc', () => {
  it('labels a market-regulation enterprise code', () => {
    expect(describeUscc('91110000600037341L')).toEqual({
      ok: true,
      value: {
        uscc: '91110000600037341L',
        authority: { code: '9', label: '市场监管（工商）' },
        organisationType: { code: '1', label: '企业' },
        regionCode: '110000',
        organisationCode: '600037341',
        organisationCodeValid: true,
      },
    });
  });
  it('labels individual businesses, cooperatives and 民政 bodies', () => {
    const ib = makeUscc('92220102MA0000000');
    const coop = makeUscc('93220122MA0000000');
    const soc = makeUscc('52220100MJ0000000');
    if (!ib.ok || !coop.ok || !soc.ok) throw new Error('fixture');
    expect(describeUscc(ib.value)).toMatchObject({ ok: true, value: { organisationType: { label: '个体工商户' }, regionCode: '220102' } });
    expect(describeUscc(coop.value)).toMatchObject({ ok: true, value: { organisationType: { label: '农民专业合作社' } } });
    expect(describeUscc(soc.value)).toMatchObject({ ok: true, value: { authority: { label: '民政' }, organisationType: { label: '民办非企业单位' } } });
  });
  it('says 未知 for codes outside the table and passes errors through', () => {
    const unknown = makeUscc('B4220100MJ0000000');
    const unknownType = makeUscc('97220100MJ0000000');
    if (!unknown.ok || !unknownType.ok) throw new Error('fixture');
    expect(describeUscc(unknown.value)).toMatchObject({ ok: true, value: { authority: { label: '未知' }, organisationType: { label: '未知' } } });
    expect(describeUscc(unknownType.value)).toMatchObject({ ok: true, value: { authority: { label: '市场监管（工商）' }, organisationType: { label: '未知' } } });
    expect(describeUscc('x')).toMatchObject({ ok: false });
  });
});
