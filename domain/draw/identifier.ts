import { ok, type Result } from '../basics/result';
import { validateUscc } from '../codes/uscc';
import { drawError, type DrawError } from './errors';
import { isWellFormed, utf8 } from './encoding';

/** Longest identifier accepted, in UTF-8 bytes. */
export const MAX_ID_BYTES = 256;

const USCC_SHAPE = /^[0-9A-Za-z]{18}$/;
// Control characters, separators that would break the one-line CSV pool file, and bidi controls.
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp},"\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Brings an entity identifier (统一社会信用代码, 注册号 or another id of a non-enterprise object) to the
 * canonical form the protocol hashes (docs/draw-protocol.md §2.3):
 * 1. it must be well-formed Unicode; it is normalized to NFC;
 * 2. it must be 1–256 UTF-8 bytes, without leading/trailing white space, control characters, line
 *    separators, commas, double quotes or bidi controls;
 * 3. exactly 18 ASCII letters/digits means a 统一社会信用代码: it is upper-cased and must pass
 *    GB 32100-2015 (character set, digits at positions 3–8, check character).
 * Any other string (e.g. a 15-digit 注册号) is an opaque identifier.
 */
export function canonicalIdentifier(raw: string): Result<string, DrawError> {
  if (!isWellFormed(raw)) return drawError('INVALID_ID', `标识“${raw}”含有无效的 Unicode 字符`);
  const nfc = raw.normalize('NFC');
  if (nfc.length === 0) return drawError('INVALID_ID', '标识不能为空');
  if (nfc.trim() !== nfc) return drawError('INVALID_ID', `标识“${nfc}”首尾不能有空白字符`);
  if (FORBIDDEN.test(nfc)) return drawError('INVALID_ID', `标识“${nfc}”含有控制字符、逗号、引号或方向控制符`);
  if (utf8(nfc).length > MAX_ID_BYTES) return drawError('INVALID_ID', `标识“${nfc.slice(0, 20)}…”超过 ${MAX_ID_BYTES} 字节`);
  if (USCC_SHAPE.test(nfc)) {
    const upper = nfc.toUpperCase();
    const r = validateUscc(upper);
    if (!r.ok) return drawError('INVALID_USCC', `统一社会信用代码“${upper}”无效：${r.error.message}`);
    return ok(upper);
  }
  return ok(nfc);
}

/** True when `id` is already canonical (the verifier refuses non-canonical identifiers instead of fixing them). */
export function checkCanonicalIdentifier(id: string): Result<string, DrawError> {
  const r = canonicalIdentifier(id);
  if (!r.ok) return r;
  if (r.value !== id) {
    return drawError('NON_CANONICAL_ID', `标识“${id}”不是规范形式（应为“${r.value}”：NFC、统一社会信用代码大写）`);
  }
  return r;
}

