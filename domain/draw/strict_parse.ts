/**
 * Strict parsing of receipts (docs/draw-protocol.md §10 step 1, §18.1 step 2): every field present,
 * strings only, no extra keys. Shared by the /1 and /2 verifiers.
 */
import { ok, type Result } from '../basics/result';
import { isWellFormed } from './encoding';
import { drawError, type DrawError } from './errors';
import type { PublicResult, ReceiptEntry, StratumResult } from './protocol';
import type { DrawParams, RoundingRule, StratumParams } from './quota';
import type { SaltMode } from './pool';

export type Parsed<T> = Result<T, DrawError>;

export function malformed(path: string, what: string): Parsed<never> {
  return drawError('RECEIPT_MALFORMED', `凭证格式错误：${path} ${what}`, path);
}

export function asObject(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Parsed<Record<string, unknown>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return malformed(path, '应为对象');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!required.includes(k) && !optional.includes(k)) return malformed(`${path}.${k}`, '是未定义的字段（凭证不允许多余字段）');
  }
  for (const k of required) if (!(k in o)) return malformed(`${path}.${k}`, '缺失');
  return ok(o);
}

export function asString(v: unknown, path: string): Parsed<string> {
  if (typeof v !== 'string') return malformed(path, '应为字符串（数字也须写成字符串）');
  if (!isWellFormed(v)) return malformed(path, '含有无效的 Unicode（孤立代理项）');
  return ok(v);
}

export function asArray(v: unknown, path: string): Parsed<unknown[]> {
  return Array.isArray(v) ? ok(v as unknown[]) : malformed(path, '应为数组');
}

export function strings<K extends string>(o: Record<string, unknown>, path: string, keys: readonly K[]): Parsed<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of keys) {
    const s = asString(o[k], `${path}.${k}`);
    if (!s.ok) return s;
    out[k] = s.value;
  }
  return ok(out);
}

export function list<T>(v: unknown, path: string, item: (x: unknown, p: string) => Parsed<T>): Parsed<T[]> {
  const a = asArray(v, path);
  if (!a.ok) return a;
  const out: T[] = [];
  for (const [i, x] of a.value.entries()) {
    const r = item(x, `${path}[${i}]`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

export function parseRecord<K extends string>(v: unknown, path: string, keys: readonly K[]): Parsed<Record<K, string>> {
  const o = asObject(v, path, keys);
  return o.ok ? strings(o.value, path, keys) : o;
}

export interface CommitmentParts {
  readonly ruleVersions: Record<string, string>;
  readonly params: DrawParams;
  readonly pool: { readonly size: string; readonly root: string; readonly saltMode: SaltMode };
  readonly strata: { key: string; size: string; quota: string; reserve: string }[];
}

/** The parts /1 and /2 commitments share, in this order: ruleVersions, params, pool, strata. */
export function parseCommitmentParts(o: Record<string, unknown>, path: string): Parsed<CommitmentParts> {
  const rvObj = o.ruleVersions;
  if (typeof rvObj !== 'object' || rvObj === null || Array.isArray(rvObj)) return malformed(`${path}.ruleVersions`, '应为对象');
  const ruleVersions: Record<string, string> = {};
  for (const [k, x] of Object.entries(rvObj as Record<string, unknown>)) {
    if (!isWellFormed(k)) return malformed(`${path}.ruleVersions`, '的键含有无效的 Unicode');
    const r = asString(x, `${path}.ruleVersions.${k}`);
    if (!r.ok) return r;
    ruleVersions[k] = r.value;
  }
  const po = asObject(o.params, `${path}.params`, ['strata', 'minTotalPercent']);
  if (!po.ok) return po;
  const minTotal = asString(po.value.minTotalPercent, `${path}.params.minTotalPercent`);
  if (!minTotal.ok) return minTotal;
  const pstrata = list(po.value.strata, `${path}.params.strata`, (x, p) => parseRecord(x, p, ['key', 'mode', 'value', 'rounding', 'minPercent', 'reserve'] as const));
  if (!pstrata.ok) return pstrata;
  const pool = parseRecord(o.pool, `${path}.pool`, ['size', 'root', 'saltMode'] as const);
  if (!pool.ok) return pool;
  if (pool.value.saltMode !== 'salted' && pool.value.saltMode !== 'unsalted') return malformed(`${path}.pool.saltMode`, '应为 salted 或 unsalted');
  const strata = list(o.strata, `${path}.strata`, (x, p) => parseRecord(x, p, ['key', 'size', 'quota', 'reserve'] as const));
  if (!strata.ok) return strata;
  return ok({
    ruleVersions,
    params: {
      strata: pstrata.value.map((x) => ({ ...x, mode: x.mode as StratumParams['mode'], rounding: x.rounding as RoundingRule })),
      minTotalPercent: minTotal.value,
    },
    pool: { size: pool.value.size, root: pool.value.root, saltMode: pool.value.saltMode },
    strata: strata.value,
  });
}

export function parseEntries(v: unknown, path: string): Parsed<ReceiptEntry[]> {
  return list(v, path, (x, p) => parseRecord(x, p, ['id', 'ticket'] as const));
}

export function parseStratumResult(v: unknown, path: string): Parsed<StratumResult> {
  const o = asObject(v, path, ['key', 'size', 'quota', 'reserve', 'threshold', 'selected', 'reserveList']);
  if (!o.ok) return o;
  const s = strings(o.value, path, ['key', 'size', 'quota', 'reserve', 'threshold'] as const);
  if (!s.ok) return s;
  const selected = parseEntries(o.value.selected, `${path}.selected`);
  if (!selected.ok) return selected;
  const reserveList = parseEntries(o.value.reserveList, `${path}.reserveList`);
  if (!reserveList.ok) return reserveList;
  return ok({ ...s.value, selected: selected.value, reserveList: reserveList.value });
}

export function parsePublicResult(v: unknown, path: string): Parsed<PublicResult> {
  const o = asObject(v, path, ['strata', 'selected']);
  if (!o.ok) return o;
  const strata = list(o.value.strata, `${path}.strata`, (x, p) => parseRecord(x, p, ['key', 'size', 'quota', 'threshold'] as const));
  if (!strata.ok) return strata;
  const selected = list(o.value.selected, `${path}.selected`, asString);
  if (!selected.ok) return selected;
  return ok({ strata: strata.value, selected: selected.value });
}

/** The optional `result` of a full receipt. */
export function parseResult(o: Record<string, unknown>): Parsed<{ strata: StratumResult[] } | undefined> {
  if (!('result' in o)) return ok(undefined);
  const ro = asObject(o.result, 'receipt.result', ['strata']);
  if (!ro.ok) return ro;
  const strata = list(ro.value.strata, 'receipt.result.strata', parseStratumResult);
  if (!strata.ok) return strata;
  return ok({ strata: strata.value });
}
