/**
 * Text rules that suiji-draw/2 states explicitly where a second implementation of /1 had to guess
 * (docs/draw-protocol.md §18.2): what "non-blank" means, the forms of dates and instants, and which
 * invisible characters an identifier, a stratum key or a task number may not contain.
 */
import { ok, type Result } from '../basics/result';
import { drawError, type DrawError } from './errors';
import { checkCanonicalIdentifier } from './identifier';
import { isNfc, isWellFormed, utf8 } from './encoding';

/** The white-space set of §2.3. */
const WHITE = /[\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/u;
const ALL_WHITE = /^[\t-\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$/u;
const BIDI = new Set([0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
/** Zero-width and invisible format characters (§18.2): they make two different strings look equal. */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x200b, 0x200d], [0x2060, 0x2064], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xffa0, 0xffa0],
];

function hasCodePoint(s: string, test: (cp: number) => boolean): boolean {
  for (const ch of s) if (test(ch.codePointAt(0) as number)) return true;
  return false;
}

function isControlOrBidi(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) || BIDI.has(cp);
}

/** True when `s` contains a zero-width or invisible format character of §18.2. */
export function hasInvisible(s: string): boolean {
  return hasCodePoint(s, (cp) => INVISIBLE_RANGES.some(([a, b]) => cp >= a && cp <= b));
}

const FULL_WIDTH_ASCII = /[\uff01-\uff5e]/u;

/** §18.2: at least one character outside the white-space set of §2.3 (not `\s`, not Python's strip()). */
export function isNonBlank(s: string): boolean {
  return !ALL_WHITE.test(s);
}

function trimmedOfWhite(s: string): boolean {
  return s.length > 0 && !WHITE.test(s.charAt(0)) && !WHITE.test(s.charAt(s.length - 1));
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** A real calendar date `YYYY-MM-DD` (02-29 only in leap years). */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number;
  return d <= days;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const INSTANT = /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,3}))?(Z|([+-])([0-9]{2}):([0-9]{2}))$/;

/**
 * Milliseconds since the epoch of an ISO-8601 instant `YYYY-MM-DDTHH:MM:SS[.s{1,3}](Z|±HH:MM)`, or
 * `undefined` when it is not one (no leap seconds, hours 00–23, offsets up to ±23:59).
 */
export function parseInstant(s: string): number | undefined {
  const m = INSTANT.exec(s);
  if (!m || !isCalendarDate(m[1] as string)) return undefined;
  const [h, mi, se] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || mi > 59 || se > 59) return undefined;
  let offset = 0;
  if (m[6] !== 'Z') {
    const [oh, om] = [Number(m[8]), Number(m[9])];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const [y, mo, d] = (m[1] as string).split('-').map(Number) as [number, number, number];
  const ms = Number(((m[5] ?? '') + '00').slice(0, 3));
  return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offset) * 60_000 + se * 1000 + ms;
}

/** `YYYY-MM-DDTHH:MM:SSZ`: the form of a source's `availableAt`. */
export function isIsoInstantUtc(s: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/.test(s) && parseInstant(s) !== undefined;
}

/** The /2 task number: non-blank NFC, ≤ 256 bytes, no outer white space, controls, bidi or invisible characters. */
export function checkTaskId(taskId: string, path: string): Result<string, DrawError> {
  if (!isWellFormed(taskId) || !isNfc(taskId) || !isNonBlank(taskId) || !trimmedOfWhite(taskId) || utf8(taskId).length > 256 || hasCodePoint(taskId, isControlOrBidi) || hasInvisible(taskId)) {
    return drawError('INVALID_PARAMS', `任务编号“${taskId.slice(0, 40)}”须为非空白的 NFC 文本（至多 256 字节，首尾无空白，不含控制符、方向控制符或零宽字符）`, path);
  }
  return ok(taskId);
}

/** /2 stratum keys: §2.3 plus no bidi control and no zero-width character. */
export function checkStratumKeyV2(key: string, path: string): Result<string, DrawError> {
  if (hasCodePoint(key, isControlOrBidi) || hasInvisible(key)) return drawError('INVALID_PARAMS', `分层键“${key}”含有控制符、方向控制符或零宽字符`, path);
  return ok(key);
}

/**
 * /2 identifiers: canonical as in /1, and additionally not a mistyped 统一社会信用代码 (17 or 19 ASCII
 * letters/digits), not written with full-width ASCII, and without invisible characters (§18.2).
 */
export function checkIdentifierV2(id: string): Result<string, DrawError> {
  if (hasInvisible(id)) return drawError('INVALID_ID', `标识“${id}”含有零宽或不可见字符`);
  const r = checkCanonicalIdentifier(id);
  if (!r.ok) return r;
  if (/^[0-9A-Za-z]{17}$|^[0-9A-Za-z]{19}$/.test(id)) return drawError('INVALID_USCC', `标识“${id}”有 ${id.length} 位字母数字，像是少写或多写一位的统一社会信用代码（应为 18 位）`);
  if (FULL_WIDTH_ASCII.test(id)) return drawError('NON_CANONICAL_ID', `标识“${id}”含有全角字母或数字，规范形式须用半角`);
  return r;
}
