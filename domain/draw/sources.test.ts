import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSourceDeclarations, validateSourceValue, type SourceDeclaration } from './sources';
import { DICE_COMMITTED, LOTTERY_SSQ } from './test_support_v2';
import { checkIdentifierV2, isNonBlank, parseInstant } from './text_rules';

const PL3: SourceDeclaration = { ...LOTTERY_SSQ, id: 'pl3', name: 'tc-pl3', round: '25061' };
const FC3D: SourceDeclaration = { ...LOTTERY_SSQ, id: 'fc3d', name: 'fc-3d', round: '2025061' };
const DICE8: SourceDeclaration = { ...DICE_COMMITTED, value: '' };
const BEACON: SourceDeclaration = { ...LOTTERY_SSQ, id: 'drand', type: 'beacon', name: 'drand-quicknet', round: '12345678', count: '32' };

const two = (n: number): string => String(n).padStart(2, '0');
const ssqValue = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 33 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: 16 }))
  .map(([reds, blue]) => [...[...reds].sort((a, b) => a - b).map(two), two(blue)].join(' '));
const diceValue = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 8, maxLength: 8 }).map((d) => d.join(' '));
const threeDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }).map((d) => d.join(''));
const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

/** Every way of writing a value that §15.2 refuses: it must never be accepted (and so never silently normalised). */
function variants(value: string): string[] {
  const fullWidth = value.replace(/[0-9a-f]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return [` ${value}`, `${value} `, `${value}\n`, value.replace(/ /g, '  '), value.replace(/ /g, ','), value.replace(/ /g, ', '), value.replace(/ /g, '\t'), value.replace(/ /g, '\u3000'), fullWidth, `0${value}`, value.toUpperCase() === value ? `${value}0` : value.toUpperCase()].filter((v) => v !== value);
}

describe('source value grammars (§15.2)', () => {
  it('canonical values are accepted unchanged (round trip)', () => {
    fc.assert(fc.property(ssqValue, (v) => {
      expect(validateSourceValue(LOTTERY_SSQ, v)).toEqual({ ok: true, value: v });
    }));
    fc.assert(fc.property(diceValue, (v) => {
      expect(validateSourceValue(DICE8, v)).toEqual({ ok: true, value: v });
    }));
    fc.assert(fc.property(threeDigits, (v) => {
      expect(validateSourceValue(PL3, v).ok && validateSourceValue(FC3D, v).ok).toBe(true);
    }));
    fc.assert(fc.property(hex32, (v) => {
      expect(validateSourceValue(BEACON, v)).toEqual({ ok: true, value: v });
    }));
  });

  it('any non-canonical variant (spaces, separators, full-width digits, extra zeros, upper case) is refused', () => {
    const cases: [SourceDeclaration, fc.Arbitrary<string>][] = [[LOTTERY_SSQ, ssqValue], [DICE8, diceValue], [PL3, threeDigits], [FC3D, threeDigits], [BEACON, hex32]];
    for (const [source, arb] of cases) {
      fc.assert(
        fc.property(arb, (v) => {
          for (const bad of variants(v)) {
            const r = validateSourceValue(source, bad);
            expect(r.ok, `${source.id}: “${bad}” was accepted`).toBe(false);
            if (!r.ok) expect(r.error.code).toBe('INVALID_SOURCE_VALUE');
          }
        }),
        { numRuns: 50 },
      );
    }
  });

  it('双色球: red balls out of ascending order, a repeated red, missing leading zeros or a blue above 16 are refused', () => {
    fc.assert(
      fc.property(ssqValue, fc.integer({ min: 0, max: 4 }), (v, i) => {
        const balls = v.split(' ');
        [balls[i], balls[i + 1]] = [balls[i + 1] as string, balls[i] as string];
        expect(validateSourceValue(LOTTERY_SSQ, balls.join(' ')).ok).toBe(false);
      }),
    );
    for (const bad of ['03 03 14 22 27 31 08', '3 9 14 22 27 31 8', '03 09 14 22 27 31 17', '03 09 14 22 27 34 08', '03 09 14 22 27 31', '03 09 14 22 27 31 08 01']) {
      expect(validateSourceValue(LOTTERY_SSQ, bad).ok, bad).toBe(false);
    }
  });

  it('3D and 排列三 keep positional order and leading zeros; dice need exactly the declared count', () => {
    expect(validateSourceValue(FC3D, '073').ok).toBe(true);
    expect(validateSourceValue(FC3D, '73').ok).toBe(false);
    expect(validateSourceValue(PL3, '5 8 0').ok).toBe(false);
    expect(validateSourceValue(DICE8, '3 1 4 1 5 2 6').ok).toBe(false);
    expect(validateSourceValue(DICE8, '3 1 4 1 5 2 6 7').ok).toBe(false);
    expect(validateSourceValue(DICE8, '0 1 4 1 5 2 6 5').ok).toBe(false);
  });

  it('gives the entry form a Chinese message with the canonical form', () => {
    const r = validateSourceValue(LOTTERY_SSQ, '3 9 14 22 27 31 8');
    expect(!r.ok && r.error.message).toContain('例如 03 09 14 22 27 31 08');
  });
});

describe('source declarations (§15.1, §15.3)', () => {
  it('requires an outside source unless an exception is committed', () => {
    const onlyDice = checkSourceDeclarations([DICE8], '');
    expect(!onlyDice.ok && onlyDice.error.code).toBe('SOURCE_NOT_INDEPENDENT');
    expect(checkSourceDeclarations([DICE8], '海岛所无网络，经局长办公会批准仅用现场掷骰').ok).toBe(true);
    expect(checkSourceDeclarations([DICE8], '\u3000 ').ok).toBe(false);
    expect(checkSourceDeclarations([LOTTERY_SSQ], '').ok).toBe(true);
  });

  it('dice next to a lottery must be sealed in the commitment; lottery values never are', () => {
    const r = checkSourceDeclarations([DICE8, LOTTERY_SSQ], '');
    expect(!r.ok && r.error.code).toBe('INVALID_SOURCE');
    expect(checkSourceDeclarations([DICE_COMMITTED, LOTTERY_SSQ], '').ok).toBe(true);
    const withValue = checkSourceDeclarations([{ ...LOTTERY_SSQ, value: '03 09 14 22 27 31 08' }], '');
    expect(!withValue.ok && withValue.error.code).toBe('INVALID_SOURCE');
    const badIssue = checkSourceDeclarations([{ ...LOTTERY_SSQ, round: '2025000' }], '');
    expect(!badIssue.ok && badIssue.error.path).toBe('commitment.sources[0].round');
    const dup = checkSourceDeclarations([LOTTERY_SSQ, LOTTERY_SSQ], '');
    expect(!dup.ok && dup.error.code).toBe('INVALID_SOURCE');
  });
});

describe('text rules (§18.2)', () => {
  it('non-blank is "not only §2.3 white space"', () => {
    expect(isNonBlank('\u3000\ufeff\u00a0 \t')).toBe(false);
    expect(isNonBlank('\u001c')).toBe(true);
    expect(isNonBlank('局长')).toBe(true);
  });

  it('instants compare across offsets; impossible dates are refused', () => {
    expect(parseInstant('2025-03-03T09:00:00+08:00')).toBe(parseInstant('2025-03-03T01:00:00Z'));
    expect(parseInstant('2025-03-03T01:00:00.5Z')).toBe((parseInstant('2025-03-03T01:00:00Z') as number) + 500);
    expect(parseInstant('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2025-03-03 09:00:00Z')).toBeUndefined();
  });

  it('refuses identifiers that look like a 统一社会信用代码 but are not', () => {
    expect(checkIdentifierV2('91350100M000100Y43').ok).toBe(true);
    const r17 = checkIdentifierV2('91350100M000100Y4');
    expect(!r17.ok && r17.error.code).toBe('INVALID_USCC');
    const r19 = checkIdentifierV2('91350100M000100Y43X');
    expect(!r19.ok && r19.error.code).toBe('INVALID_USCC');
    const full = checkIdentifierV2('９１３５０１００Ｍ０００１００Ｙ４３');
    expect(!full.ok && full.error.code).toBe('NON_CANONICAL_ID');
    const zw = checkIdentifierV2('91350100M000100Y43\u200b');
    expect(!zw.ok && zw.error.code).toBe('INVALID_ID');
    expect(checkIdentifierV2('110105600123457').ok).toBe(true);
  });
});
