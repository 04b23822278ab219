import { ok, type Result } from '../basics/result';
import { drawError, type DrawError } from './errors';
import { compareUtf8, isNfc, isWellFormed, parseDecimal, utf8 } from './encoding';

/**
 * How a stratum's quota is rounded when it is a ratio (shown to users with these labels):
 * - `half_up` 四舍五入 (A1 浙江: "抽取数量均按照四舍五入取整数");
 * - `ceil` 向上取整 (A2 万宁 2016);
 * - `floor_min_1` 向下取整但至少 1 (A3 万宁 2020), 0 only for an empty stratum or a 0% ratio.
 */
export type RoundingRule = 'half_up' | 'ceil' | 'floor_min_1';

export const ROUNDING_LABELS: Readonly<Record<RoundingRule, string>> = {
  half_up: '四舍五入',
  ceil: '向上取整',
  floor_min_1: '向下取整但至少 1',
};

/**
 * One stratum's parameters, exactly as committed (all strings, docs/draw-protocol.md §4.1).
 * - `mode` 'ratio': `value` is a percentage "0".."100" with at most 6 decimals ("3", "2.5", "100" for
 *   重点事项 100%); 'count': `value` is a whole number of entities (capped at the stratum size).
 * - `minPercent`: optional floor ("" = none): the quota is raised to ⌈size × minPercent / 100⌉.
 * - `reserve`: reserve-list length ("" = default ⌈quota / 10⌉), always capped at size − quota.
 */
export interface StratumParams {
  readonly key: string;
  readonly mode: 'ratio' | 'count';
  readonly value: string;
  readonly rounding: RoundingRule;
  readonly minPercent: string;
  readonly reserve: string;
}

/**
 * Parameters of one draw. `minTotalPercent` ("" = none) is a floor on the whole sample, e.g. "3" for
 * 曲阳第17条 "每年应按照不低于3%的比例…随机抽取检查对象"; a draw whose quotas add up to less is refused.
 */
export interface DrawParams {
  readonly strata: readonly StratumParams[];
  readonly minTotalPercent: string;
}

export interface StratumQuota {
  readonly key: string;
  readonly size: number;
  readonly quota: number;
  readonly reserve: number;
}

const PERCENT = /^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?$/;
const SIGNED_NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;

interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Parses a percentage string into an exact fraction p/100 (never a float). */
export function parsePercent(value: string, what: string, path: string): Result<Rational, DrawError> {
  if (!PERCENT.test(value)) {
    if (SIGNED_NUMBER.test(value) && (value.startsWith('-') || Number(value) > 100)) {
      return drawError('RATIO_OUT_OF_RANGE', `${what}“${value}%”超出 0–100% 的范围`, path);
    }
    return drawError('INVALID_PARAMS', `${what}“${value}”不是有效的百分数（如 3、2.5、100，最多 6 位小数）`, path);
  }
  const [whole = '0', frac = ''] = value.split('.');
  const scale = 10n ** BigInt(frac.length);
  const num = BigInt(whole) * scale + BigInt(frac === '' ? '0' : frac);
  const den = 100n * scale;
  if (num > den) return drawError('RATIO_OUT_OF_RANGE', `${what}“${value}%”超出 0–100% 的范围`, path);
  return ok({ num, den });
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Applies a rounding rule to size × p (p a fraction in [0, 1]). */
export function roundQuota(size: number, p: Rational, rule: RoundingRule): number {
  const a = BigInt(size) * p.num;
  const b = p.den;
  switch (rule) {
    case 'half_up':
      return Number((2n * a + b) / (2n * b));
    case 'ceil':
      return Number(ceilDiv(a, b));
    case 'floor_min_1': {
      const k = a / b;
      return a > 0n && k === 0n ? 1 : Number(k);
    }
  }
}

/** Checks a stratum key: a non-empty NFC string of at most 64 bytes, CSV-safe. */
export function checkStratumKey(key: string, path: string): Result<string, DrawError> {
  if (key.length === 0 || !isWellFormed(key) || !isNfc(key) || utf8(key).length > 64 || key.trim() !== key || /[\p{Cc},"]/u.test(key)) {
    return drawError('INVALID_PARAMS', `分层键“${key}”无效（须为非空 NFC 字符串，至多 64 字节，不含逗号、引号、控制字符或首尾空白）`, path);
  }
  return ok(key);
}

/** Validates the parameters' shape: sorted unique keys, known modes and rounding rules, numbers in range. */
export function validateParams(params: DrawParams): Result<DrawParams, DrawError> {
  let previous: string | undefined;
  for (const [i, s] of params.strata.entries()) {
    const path = `params.strata[${i}]`;
    const k = checkStratumKey(s.key, `${path}.key`);
    if (!k.ok) return k;
    if (previous !== undefined) {
      const c = compareUtf8(previous, s.key);
      if (c === 0) return drawError('DUPLICATE_STRATUM', `分层“${s.key}”重复`, `${path}.key`);
      if (c > 0) return drawError('INVALID_PARAMS', `分层须按键的 UTF-8 字节顺序排列：“${previous}”应在“${s.key}”之后`, `${path}.key`);
    }
    previous = s.key;
    if (s.mode === 'ratio') {
      const r = parsePercent(s.value, `分层“${s.key}”的抽查比例`, `${path}.value`);
      if (!r.ok) return r;
    } else if (s.mode === 'count') {
      if (parseDecimal(s.value) === undefined) {
        return drawError('INVALID_PARAMS', `分层“${s.key}”的抽查户数“${s.value}”不是非负整数`, `${path}.value`);
      }
    } else {
      return drawError('INVALID_PARAMS', `分层“${s.key}”的抽取方式“${String(s.mode)}”无效（ratio 或 count）`, `${path}.mode`);
    }
    if (!(s.rounding in ROUNDING_LABELS)) {
      return drawError('INVALID_PARAMS', `分层“${s.key}”的取整规则“${String(s.rounding)}”无效（half_up、ceil 或 floor_min_1）`, `${path}.rounding`);
    }
    if (s.minPercent !== '') {
      const r = parsePercent(s.minPercent, `分层“${s.key}”的最低比例`, `${path}.minPercent`);
      if (!r.ok) return r;
    }
    if (s.reserve !== '' && parseDecimal(s.reserve) === undefined) {
      return drawError('INVALID_PARAMS', `分层“${s.key}”的备选名单长度“${s.reserve}”不是非负整数`, `${path}.reserve`);
    }
  }
  if (params.minTotalPercent !== '') {
    const r = parsePercent(params.minTotalPercent, '总体最低抽查比例', 'params.minTotalPercent');
    if (!r.ok) return r;
  }
  return ok(params);
}

/**
 * Computes each stratum's quota and reserve-list length from the stratum sizes (protocol §4.2):
 * 1. ratio: k = round(size × value%) by the stratum's rounding rule; count: k = min(value, size);
 * 2. floor: k = max(k, ⌈size × minPercent%⌉), then k = min(k, size);
 * 3. reserve r = min(reserve or ⌈k / 10⌉, size − k);
 * 4. if minTotalPercent is set, Σk must reach ⌈Σsize × minTotalPercent%⌉ (曲阳第17条: 不低于3%).
 */
export function computeQuotas(params: DrawParams, sizes: ReadonlyMap<string, number>): Result<StratumQuota[], DrawError> {
  const valid = validateParams(params);
  if (!valid.ok) return valid;
  for (const key of sizes.keys()) {
    if (!params.strata.some((s) => s.key === key)) {
      return drawError('UNKNOWN_STRATUM', `名录库中出现未在抽查参数中定义的分层“${key}”`);
    }
  }
  const out: StratumQuota[] = [];
  let totalSize = 0;
  let totalQuota = 0;
  for (const [i, s] of params.strata.entries()) {
    const path = `params.strata[${i}]`;
    const size = sizes.get(s.key) ?? 0;
    let quota: number;
    if (s.mode === 'ratio') {
      const p = parsePercent(s.value, `分层“${s.key}”的抽查比例`, `${path}.value`);
      if (!p.ok) return p;
      quota = roundQuota(size, p.value, s.rounding);
    } else {
      quota = Math.min(parseDecimal(s.value) ?? 0, size);
    }
    if (s.minPercent !== '') {
      const m = parsePercent(s.minPercent, `分层“${s.key}”的最低比例`, `${path}.minPercent`);
      if (!m.ok) return m;
      quota = Math.max(quota, roundQuota(size, m.value, 'ceil'));
    }
    quota = Math.min(quota, size);
    const wanted = s.reserve === '' ? Math.ceil(quota / 10) : (parseDecimal(s.reserve) ?? 0);
    const reserve = Math.min(wanted, size - quota);
    out.push({ key: s.key, size, quota, reserve });
    totalSize += size;
    totalQuota += quota;
  }
  if (params.minTotalPercent !== '') {
    const m = parsePercent(params.minTotalPercent, '总体最低抽查比例', 'params.minTotalPercent');
    if (!m.ok) return m;
    const floor = roundQuota(totalSize, m.value, 'ceil');
    if (totalQuota < floor) {
      return drawError(
        'BELOW_MIN_TOTAL',
        `各分层合计抽取 ${totalQuota} 户，低于总体最低比例 ${params.minTotalPercent}%（${totalSize} 户中至少 ${floor} 户）`,
        'params.minTotalPercent',
      );
    }
  }
  return ok(out);
}
