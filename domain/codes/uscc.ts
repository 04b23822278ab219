import { err, ok, type Result } from '../basics/result';

/**
 * 统一社会信用代码 (unified social credit code) and the legacy 15-digit 工商注册号.
 *
 * Sources:
 * - GB 32100-2015《法人和其他组织统一社会信用代码编码规则》: 18 characters from a 31-character set,
 *   layout and check character (docs: shared/reference/domain.md §4.3).
 * - GB 11714-1997《全国组织机构代码编制规则》: check digit of the 9-character 组织机构代码 at positions 9–17.
 * - 《工商行政管理市场主体注册号编制规则》(GS15-2006): 15-digit 注册号, check digit by ISO 7064 MOD 11,10.
 */

/** A string that passed {@link validateUscc}. */
export type Uscc = string & { readonly __brand: 'Uscc' };
/** A string that passed {@link validateRegistrationNumber}. */
export type RegistrationNumber = string & { readonly __brand: 'RegistrationNumber' };

export type UsccErrorCode = 'empty' | 'length' | 'illegal_character' | 'region_digits' | 'check_character';

export interface UsccError {
  readonly code: UsccErrorCode;
  /** Chinese, for the user. */
  readonly message: string;
  /** 1-based position of the offending character, when there is one. */
  readonly position?: number;
  /** The check character the code should end with (check_character only). */
  readonly expected?: string;
}

/** GB 32100-2015 §4.2: the code character set; a character's value is its index (0–30). No I, O, S, V, Z. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: weight of position i (1-based) is 3^(i−1) mod 31. */
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k += 1) w = (w * 3) % 31;
  return w;
});

/** Character code → value, −1 for characters outside the set (an array: validation runs on millions of rows). */
const CHAR_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i += 1) CHAR_VALUE[USCC_CHARSET.charCodeAt(i)] = i;

function charValue(code: string, index: number): number {
  return CHAR_VALUE[code.charCodeAt(index)] ?? -1;
}

/**
 * Trims, upper-cases and turns full-width ASCII (Ｏ０-９Ａ-Ｚ, common in pasted Chinese text) into
 * half-width, and drops inner spaces and hyphens. Letters are not otherwise changed.
 */
export function normalizeCodeInput(input: string): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.charCodeAt(0);
    const half = cp >= 0xff01 && cp <= 0xff5e ? String.fromCodePoint(cp - 0xfee0) : ch;
    if (half === ' ' || half === '-' || half === '\u3000' || half === '\t') continue;
    out += half;
  }
  return out.toUpperCase();
}

/**
 * GB 32100-2015 §5: check character C18 = 31 − (Σ Ci·Wi mod 31), where 31 maps to 0.
 * Throws RangeError if `first17` is not 17 characters of {@link USCC_CHARSET} (a caller bug; use
 * {@link makeUscc} for user input).
 */
export function computeUsccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`computeUsccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (const [i, weight] of USCC_WEIGHTS.entries()) {
    const value = charValue(first17, i);
    if (value < 0) throw new RangeError(`illegal USCC character at position ${i + 1}`);
    sum += value * weight;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charAt(check);
}

function checkBody(code: string, length: number): UsccError | undefined {
  for (let i = 0; i < length; i += 1) {
    const ch = code.charAt(i);
    if (charValue(code, i) < 0) {
      return {
        code: 'illegal_character',
        position: i + 1,
        message: `统一社会信用代码第${i + 1}位“${ch}”不是合法字符（只能是数字或除I、O、S、V、Z以外的大写字母）`,
      };
    }
    if (i >= 2 && i <= 7 && (ch < '0' || ch > '9')) {
      return {
        code: 'region_digits',
        position: i + 1,
        message: `统一社会信用代码第${i + 1}位“${ch}”应为数字（第3–8位是登记管理机关行政区划码）`,
      };
    }
  }
  return undefined;
}

/**
 * Validates a 统一社会信用代码 against GB 32100-2015: 18 characters, character set (§4.2), digits in the
 * region part (positions 3–8, GB/T 2260), and the check character (§5). Input is normalized first
 * ({@link normalizeCodeInput}); the normalized code is returned.
 *
 * The organisation-code check digit at position 17 (GB 11714) is deliberately not enforced: individual
 * businesses' codes need not follow it (domain.md §4.3); see {@link describeUscc}.
 */
export function validateUscc(input: string): Result<Uscc, UsccError> {
  const code = normalizeCodeInput(input);
  if (code.length === 0) return err({ code: 'empty', message: '统一社会信用代码不能为空' });
  if (code.length !== 18) {
    return err({ code: 'length', message: `统一社会信用代码应为18位，实际为${code.length}位` });
  }
  const bodyError = checkBody(code, 18);
  if (bodyError) return err(bodyError);
  const expected = computeUsccCheckChar(code.slice(0, 17));
  const actual = code.charAt(17);
  if (expected !== actual) {
    return err({
      code: 'check_character',
      position: 18,
      expected,
      message: `统一社会信用代码校验位错误：第18位应为“${expected}”，实际为“${actual}”`,
    });
  }
  return ok(code as Uscc);
}

/** Builds a full code from its first 17 characters (GB 32100-2015 §5), validating them as {@link validateUscc} does. */
export function makeUscc(first17: string): Result<Uscc, UsccError> {
  const body = normalizeCodeInput(first17);
  if (body.length !== 17) {
    return err({ code: 'length', message: `统一社会信用代码前17位应为17个字符，实际为${body.length}个` });
  }
  const bodyError = checkBody(body, 17);
  if (bodyError) return err(bodyError);
  return ok((body + computeUsccCheckChar(body)) as Uscc);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function orgCharValue(ch: string): number | undefined {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  return undefined;
}

/**
 * GB 11714-1997: check character of a 组织机构代码 body of 8 characters (digits or capital letters, A=10 … Z=35),
 * weights 3,7,9,10,5,8,4,2; C9 = 11 − (Σ mod 11), with 10 → 'X' and 11 → '0'.
 * Throws RangeError on a malformed body (caller bug).
 */
export function computeOrgCodeCheckChar(body8: string): string {
  if (body8.length !== 8) throw new RangeError(`computeOrgCodeCheckChar needs 8 characters, got ${body8.length}`);
  let sum = 0;
  for (const [i, weight] of ORG_WEIGHTS.entries()) {
    const v = orgCharValue(body8.charAt(i));
    if (v === undefined) throw new RangeError(`illegal organisation-code character at position ${i + 1}`);
    sum += v * weight;
  }
  const c = 11 - (sum % 11);
  if (c === 10) return 'X';
  if (c === 11) return '0';
  return String(c);
}

/** True when `code9` is a 组织机构代码 whose 9th character is its GB 11714-1997 check character. */
export function isValidOrgCode(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  return computeOrgCodeCheckChar(code9.slice(0, 8)) === code9.charAt(8);
}

/**
 * ISO 7064 MOD 11,10 (hybrid system) check digit for a string of digits, as used by the 15-digit 注册号
 * (GS15-2006). P0 = 10; for each digit: S = (P mod 11) + d, S' = S mod 10 (0 → 10), P = 2·S'; the check
 * digit c makes (P mod 11 + c) mod 10 = 1.
 */
export function computeMod1110CheckDigit(digits: string): string {
  let p = 10;
  for (const ch of digits) {
    const d = ch.charCodeAt(0) - 48;
    if (d < 0 || d > 9) throw new RangeError('computeMod1110CheckDigit needs digits only');
    const s = ((p % 11) + d) % 10;
    p = (s === 0 ? 10 : s) * 2;
  }
  return String((11 - (p % 11)) % 10);
}

/**
 * Validates a legacy 15-digit 工商注册号 (GS15-2006): 6-digit registration-authority code, 8-digit sequence,
 * 1 check digit by ISO 7064 MOD 11,10. Domain.md §4.3: forms and lookups still show "统一社会信用代码/注册号".
 */
export function validateRegistrationNumber(input: string): Result<RegistrationNumber, UsccError> {
  const code = normalizeCodeInput(input);
  if (code.length === 0) return err({ code: 'empty', message: '注册号不能为空' });
  if (code.length !== 15) return err({ code: 'length', message: `注册号应为15位数字，实际为${code.length}位` });
  for (let i = 0; i < 15; i += 1) {
    const ch = code.charAt(i);
    if (ch < '0' || ch > '9') {
      return err({ code: 'illegal_character', position: i + 1, message: `注册号第${i + 1}位“${ch}”应为数字` });
    }
  }
  const expected = computeMod1110CheckDigit(code.slice(0, 14));
  if (expected !== code.charAt(14)) {
    return err({
      code: 'check_character',
      position: 15,
      expected,
      message: `注册号校验位错误：第15位应为“${expected}”，实际为“${code.charAt(14)}”`,
    });
  }
  return ok(code as RegistrationNumber);
}

export type EntityCode =
  | { readonly kind: 'uscc'; readonly code: Uscc }
  | { readonly kind: 'registration_number'; readonly code: RegistrationNumber };

/**
 * Accepts either a 统一社会信用代码 (18 characters) or a legacy 注册号 (15 digits), choosing by length
 * (domain.md §4.3: "accept both"). Any other length gets a message naming both forms.
 */
export function validateEntityCode(input: string): Result<EntityCode, UsccError> {
  const code = normalizeCodeInput(input);
  if (code.length === 0) return err({ code: 'empty', message: '统一社会信用代码/注册号不能为空' });
  if (code.length === 15) {
    const r = validateRegistrationNumber(code);
    return r.ok ? ok({ kind: 'registration_number', code: r.value }) : r;
  }
  if (code.length === 18) {
    const r = validateUscc(code);
    return r.ok ? ok({ kind: 'uscc', code: r.value }) : r;
  }
  return err({
    code: 'length',
    message: `统一社会信用代码应为18位、注册号应为15位，实际为${code.length}位`,
  });
}

interface Labelled {
  readonly code: string;
  readonly label: string;
}

interface AuthorityEntry {
  readonly label: string;
  /** Position-2 机构类别 under this authority. */
  readonly types: Readonly<Record<string, string>>;
}

/**
 * GB 32100-2015 附录A 登记管理部门代码 (position 1) and 机构类别代码 (position 2).
 * Position 1 and the categories for 9 (工商/市场监管) and 5 (民政) are as in domain.md §4.3; the other
 * categories are the standard's table as commonly reproduced ([B] background knowledge, verify before
 * relying on them for anything but display).
 */
export const USCC_AUTHORITIES: Readonly<Record<string, AuthorityEntry>> = {
  '1': { label: '机构编制', types: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { label: '外交', types: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    label: '司法行政',
    types: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { label: '文化', types: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { label: '民政', types: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': { label: '旅游', types: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' } },
  '7': { label: '宗教', types: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { label: '工会', types: { '1': '基层工会', '9': '其他' } },
  '9': { label: '市场监管（工商）', types: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { label: '中央军委改革和编制办公室', types: { '1': '军队事业单位', '9': '其他' } },
  N: { label: '农业', types: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { label: '其他', types: { '1': '其他' } },
};

export interface UsccDescription {
  readonly uscc: Uscc;
  /** Position 1 登记管理部门; label '未知' when the code is not in the table. */
  readonly authority: Labelled;
  /** Position 2 机构类别; label '未知' when not in the table for that authority. */
  readonly organisationType: Labelled;
  /** Positions 3–8: GB/T 2260 code of the registration authority at registration time (may be retired since, §4.4). */
  readonly regionCode: string;
  /** Positions 9–17: 主体标识码 (组织机构代码). */
  readonly organisationCode: string;
  /** Whether positions 9–17 carry a valid GB 11714 check digit (informational, never a rejection reason). */
  readonly organisationCodeValid: boolean;
}

/** Splits a valid 统一社会信用代码 into its GB 32100-2015 parts with Chinese labels. */
export function describeUscc(input: string): Result<UsccDescription, UsccError> {
  const r = validateUscc(input);
  if (!r.ok) return r;
  const code = r.value;
  const a = code.charAt(0);
  const t = code.charAt(1);
  const authority = USCC_AUTHORITIES[a];
  const orgCode = code.slice(8, 17);
  return ok({
    uscc: code,
    authority: { code: a, label: authority?.label ?? '未知' },
    organisationType: { code: t, label: authority?.types[t] ?? '未知' },
    regionCode: code.slice(2, 8),
    organisationCode: orgCode,
    organisationCodeValid: isValidOrgCode(orgCode),
  });
}
