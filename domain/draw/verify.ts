/**
 * The verifier (docs/draw-protocol.md §8): re-derives a draw from its receipt (and, when given, the
 * pool) and reports MATCH or the first difference. It never repairs anything: unknown keys,
 * non-canonical strings, wrong lengths and every hash are checked, so a hand-edited receipt fails.
 */
import { ok, type Result } from '../basics/result';
import { compareBytes, compareUtf8, fromHex, PROTOCOL, toHex } from './encoding';
import { drawError, type DrawError } from './errors';
import { checkCanonicalIdentifier } from './identifier';
import { checkPackedPool, lotOf, preparePool, stratumSizes, type PackedPool, type PreparedPool } from './pool';
import {
  ALGORITHM,
  checkAttemptLink,
  checkRandomnessValues,
  checkSources,
  deriveSeed,
  hashCommitment,
  hashPrivateResult,
  hashPublicResult,
  hashResult,
  hashServerSecret,
  publicResultOf,
  quotasOf,
  stratumResults,
  type Commitment,
  type CommittedStratum,
  type PublicResult,
  type Receipt,
  type ReceiptEntry,
  type StratumResult,
} from './protocol';
import { computeQuotas } from './quota';
import { asObject, list, malformed, parseCommitmentParts, parsePublicResult, parseRecord, parseResult, strings, type Parsed } from './strict_parse';
import { drawStrata, ticketsOf } from './select';

// ---- strict parsing --------------------------------------------------------------------------

function parseCommitment(v: unknown, path: string): Parsed<Commitment> {
  const top = ['protocol', 'algorithm', 'taskId', 'attempt', 'previousCommitmentHash', 'redrawReason', 'redrawApprovedBy', 'committedAt', 'ledgerHash', 'inspectorPoolHash', 'serverSecretHash'] as const;
  const o = asObject(v, path, [...top, 'ruleVersions', 'params', 'pool', 'strata', 'randomness']);
  if (!o.ok) return o;
  const s = strings(o.value, path, top);
  if (!s.ok) return s;
  const parts = parseCommitmentParts(o.value, path);
  if (!parts.ok) return parts;
  const randomness = list(o.value.randomness, `${path}.randomness`, (x, p) => parseRecord(x, p, ['id', 'kind', 'description'] as const));
  if (!randomness.ok) return randomness;
  return ok({ ...s.value, ...parts.value, randomness: randomness.value });
}

/** Parses a receipt strictly: every field present, strings only, no extra keys. */
export function parseReceipt(json: unknown): Parsed<Receipt> {
  const top = ['protocol', 'disclosure', 'commitmentHash', 'serverSecret', 'seed', 'publicResultHash', 'privateResultHash', 'resultHash'] as const;
  const o = asObject(json, 'receipt', [...top, 'commitment', 'randomness', 'publicResult'], ['result']);
  if (!o.ok) return o;
  const s = strings(o.value, 'receipt', top);
  if (!s.ok) return s;
  if (s.value.disclosure !== 'full' && s.value.disclosure !== 'public') return malformed('receipt.disclosure', '应为 full 或 public');
  if (s.value.disclosure === 'full' && !('result' in o.value)) return malformed('receipt.result', '缺失（完整凭证须包含分层结果）');
  if (s.value.disclosure === 'public' && 'result' in o.value) return malformed('receipt.result', '不应出现在公开凭证中（会泄露分层）');
  const commitment = parseCommitment(o.value.commitment, 'receipt.commitment');
  if (!commitment.ok) return commitment;
  const randomness = list(o.value.randomness, 'receipt.randomness', (x, p) => parseRecord(x, p, ['id', 'value'] as const));
  if (!randomness.ok) return randomness;
  const publicResult = parsePublicResult(o.value.publicResult, 'receipt.publicResult');
  if (!publicResult.ok) return publicResult;
  const parsedResult = parseResult(o.value);
  if (!parsedResult.ok) return parsedResult;
  const result = parsedResult.value;
  return ok({
    ...s.value,
    disclosure: s.value.disclosure,
    commitment: commitment.value,
    randomness: randomness.value,
    publicResult: publicResult.value,
    ...(result ? { result } : {}),
  });
}

// ---- verification ----------------------------------------------------------------------------

export interface VerifyReport {
  /** 'recomputed': the whole draw was re-derived from the pool; 'receipt-only': checks that need no pool. */
  readonly scope: 'recomputed' | 'receipt-only';
  /** What was checked, in Chinese, for the printed report. */
  readonly checked: readonly string[];
}

function mismatch(path: string, message: string): Parsed<never> {
  return drawError('RECEIPT_MISMATCH', message, path);
}

/** The identifier rule of a protocol version (/1: §2.3; /2 adds §18.2). */
export type IdCheck = (id: string) => Result<string, DrawError>;

const HEX32 = (h: string): boolean => fromHex(h, 32) !== undefined;
const HEX16 = (h: string): boolean => fromHex(h, 16) !== undefined;

function checkCommitmentSelf(c: Commitment): Parsed<true> {
  if (c.protocol !== PROTOCOL) return mismatch('receipt.commitment.protocol', `不支持的协议版本“${c.protocol}”（本验证器支持 ${PROTOCOL}）`);
  if (c.algorithm !== ALGORITHM) return mismatch('receipt.commitment.algorithm', `不支持的算法“${c.algorithm}”（本验证器支持 ${ALGORITHM}）`);
  const link = checkAttemptLink(c);
  if (!link.ok) return link;
  for (const [h, name, allowEmpty] of [[c.pool.root, 'pool.root', false], [c.serverSecretHash, 'serverSecretHash', false], [c.ledgerHash, 'ledgerHash', true], [c.inspectorPoolHash, 'inspectorPoolHash', true]] as const) {
    if (!(HEX32(h) || (allowEmpty && h === ''))) return malformed(`receipt.commitment.${name}`, '应为 64 位小写十六进制');
  }
  const sources = checkSources(c.randomness);
  if (!sources.ok) return sources;
  return checkCommittedQuotas(c);
}

/** §10 step 4 (end), shared by /1 and /2: sizes, key order, Σ size, and the quotas follow from the parameters. */
export function checkCommittedQuotas(c: Pick<Commitment, 'strata' | 'pool' | 'params'>): Parsed<true> {
  // Quotas must follow from the committed sizes and parameters.
  const sizes = new Map<string, number>();
  let total = 0;
  let previous: string | undefined;
  for (const [i, s] of c.strata.entries()) {
    const n = /^(?:0|[1-9][0-9]{0,9})$/.test(s.size) ? Number(s.size) : NaN;
    if (Number.isNaN(n)) return malformed(`receipt.commitment.strata[${i}].size`, '应为非负整数字符串');
    if (previous !== undefined && compareUtf8(previous, s.key) >= 0) return malformed(`receipt.commitment.strata[${i}].key`, '分层须按键排序且不重复');
    previous = s.key;
    if (n > 0) sizes.set(s.key, n);
    total += n;
  }
  if (String(total) !== c.pool.size) return mismatch('receipt.commitment.pool.size', `各分层条目数之和 ${total} 与名录库条目数 ${c.pool.size} 不符`);
  const quotas = computeQuotas(c.params, sizes);
  if (!quotas.ok) return quotas;
  if (quotas.value.length !== c.strata.length) return mismatch('receipt.commitment.strata', `抽查参数有 ${quotas.value.length} 个分层，承诺记录有 ${c.strata.length} 个`);
  for (const [i, q] of quotas.value.entries()) {
    const s = c.strata[i] as CommittedStratum;
    const p = `receipt.commitment.strata[${i}]`;
    if (s.key !== q.key) return mismatch(`${p}.key`, `第 ${i + 1} 个分层应为“${q.key}”，承诺记录为“${s.key}”`);
    if (s.quota !== String(q.quota)) return mismatch(`${p}.quota`, `分层“${q.key}”：按参数应抽 ${q.quota} 户，承诺记录为 ${s.quota}`);
    if (s.reserve !== String(q.reserve)) return mismatch(`${p}.reserve`, `分层“${q.key}”：备选名单应为 ${q.reserve} 户，承诺记录为 ${s.reserve}`);
  }
  return ok(true);
}

function short(t: string): string {
  return t.length > 16 ? `${t.slice(0, 16)}…` : t;
}

function compareEntryLists(expected: readonly ReceiptEntry[], actual: readonly ReceiptEntry[], path: string, label: string): Parsed<true> {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (!e || !a) return mismatch(`${path}[${i}]`, `${label}长度不符：重新计算为 ${expected.length} 户，凭证为 ${actual.length} 户`);
    if (e.id !== a.id) return mismatch(`${path}[${i}].id`, `${label}第 ${i + 1} 位：凭证为“${a.id}”（票号 ${short(a.ticket)}），重新计算为“${e.id}”（票号 ${short(e.ticket)}）`);
    if (e.ticket !== a.ticket) return mismatch(`${path}[${i}].ticket`, `${label}第 ${i + 1} 位“${a.id}”的票号：凭证为 ${a.ticket}，重新计算为 ${e.ticket}`);
  }
  return ok(true);
}

/** Structural checks of the full result that need no pool: counts, order, thresholds, identifiers. */
function checkResultShape(c: CommittedDraw, strata: readonly StratumResult[], checkId: IdCheck): Parsed<true> {
  if (strata.length !== c.strata.length) return mismatch('receipt.result.strata', `结果有 ${strata.length} 个分层，承诺记录有 ${c.strata.length} 个`);
  const seen = new Set<string>();
  for (const [i, s] of strata.entries()) {
    const cs = c.strata[i] as CommittedStratum;
    const p = `receipt.result.strata[${i}]`;
    for (const k of ['key', 'size', 'quota', 'reserve'] as const) {
      if (s[k] !== cs[k]) return mismatch(`${p}.${k}`, `分层结果的 ${k}“${s[k]}”与承诺记录“${cs[k]}”不符`);
    }
    if (String(s.selected.length) !== s.quota) return mismatch(`${p}.selected`, `分层“${s.key}”应抽中 ${s.quota} 户，凭证列出 ${s.selected.length} 户`);
    if (String(s.reserveList.length) !== s.reserve) return mismatch(`${p}.reserveList`, `分层“${s.key}”备选名单应为 ${s.reserve} 户，凭证列出 ${s.reserveList.length} 户`);
    const all = [...s.selected, ...s.reserveList];
    let prev: ReceiptEntry | undefined;
    for (const [j, e] of all.entries()) {
      const ep = j < s.selected.length ? `${p}.selected[${j}]` : `${p}.reserveList[${j - s.selected.length}]`;
      const id = checkId(e.id);
      if (!id.ok) return drawError(id.error.code, id.error.message, `${ep}.id`);
      if (!HEX16(e.ticket)) return malformed(`${ep}.ticket`, '应为 32 位小写十六进制');
      if (seen.has(e.id)) return mismatch(`${ep}.id`, `“${e.id}”在结果中出现不止一次`);
      seen.add(e.id);
      if (prev) {
        const c1 = compareBytes(fromHex(prev.ticket, 16) as Uint8Array, fromHex(e.ticket, 16) as Uint8Array);
        if (c1 > 0 || (c1 === 0 && compareUtf8(prev.id, e.id) >= 0)) return mismatch(`${ep}.ticket`, `分层“${s.key}”的名单未按票号升序排列（第 ${j + 1} 位）`);
      }
      prev = e;
    }
    const threshold = s.selected.length > 0 ? (s.selected[s.selected.length - 1] as ReceiptEntry).ticket : '';
    if (s.threshold !== threshold) return mismatch(`${p}.threshold`, `分层“${s.key}”的阈值应为最后一名抽中者的票号 ${threshold || '（空）'}，凭证为 ${s.threshold || '（空）'}`);
  }
  return ok(true);
}

function comparePublic(expected: PublicResult, actual: PublicResult): Parsed<true> {
  if (expected.strata.length !== actual.strata.length) return mismatch('receipt.publicResult.strata', '公开结果的分层数与结果不符');
  for (const [i, e] of expected.strata.entries()) {
    const a = actual.strata[i] as PublicResult['strata'][number];
    for (const k of ['key', 'size', 'quota', 'threshold'] as const) {
      if (e[k] !== a[k]) return mismatch(`receipt.publicResult.strata[${i}].${k}`, `公开结果分层“${e.key}”的 ${k}：凭证为“${a[k]}”，应为“${e[k]}”`);
    }
  }
  const n = Math.max(expected.selected.length, actual.selected.length);
  for (let i = 0; i < n; i++) {
    if (expected.selected[i] !== actual.selected[i]) {
      return mismatch(`receipt.publicResult.selected[${i}]`, `公开名单第 ${i + 1} 位：凭证为“${actual.selected[i] ?? '（无）'}”，应为“${expected.selected[i] ?? '（无）'}”`);
    }
  }
  return ok(true);
}

function checkPublicShape(c: CommittedDraw, p: PublicResult, checkId: IdCheck): Parsed<true> {
  if (p.strata.length !== c.strata.length) return mismatch('receipt.publicResult.strata', '公开结果的分层数与承诺记录不符');
  let total = 0;
  for (const [i, s] of p.strata.entries()) {
    const cs = c.strata[i] as CommittedStratum;
    for (const k of ['key', 'size', 'quota'] as const) {
      if (s[k] !== cs[k]) return mismatch(`receipt.publicResult.strata[${i}].${k}`, `公开结果分层的 ${k}“${s[k]}”与承诺记录“${cs[k]}”不符`);
    }
    if (!(s.threshold === '' ? cs.quota === '0' : HEX16(s.threshold) && cs.quota !== '0')) return malformed(`receipt.publicResult.strata[${i}].threshold`, '应为 32 位十六进制票号（抽取数为 0 时为空）');
    total += Number(cs.quota);
  }
  if (p.selected.length !== total) return mismatch('receipt.publicResult.selected', `公开名单应有 ${total} 户，实际 ${p.selected.length} 户`);
  for (const [i, id] of p.selected.entries()) {
    const r = checkId(id);
    if (!r.ok) return drawError(r.error.code, r.error.message, `receipt.publicResult.selected[${i}]`);
    if (i > 0 && compareUtf8(p.selected[i - 1] as string, id) >= 0) return mismatch(`receipt.publicResult.selected[${i}]`, '公开名单须按标识排序且不重复');
  }
  return ok(true);
}

/** The receipt fields that carry the outcome, the same in /1 and /2. */
export interface OutcomeFields {
  readonly disclosure: 'full' | 'public';
  readonly result?: { readonly strata: readonly StratumResult[] };
  readonly publicResult: PublicResult;
  readonly publicResultHash: string;
  readonly privateResultHash: string;
  readonly resultHash: string;
}

export type CommittedDraw = Pick<Commitment, 'pool' | 'strata'>;

/**
 * §10 steps 9–11 (shared by /1 and /2): with a pool, checks it against the commitment and recomputes
 * the draw; then the result's shape, the public result and every result hash. `checkId` is the
 * identifier rule of the protocol version.
 */
export function verifyOutcome(c: CommittedDraw, receipt: OutcomeFields, commitmentHash: string, seed: string, pool: PackedPool | undefined, checked: string[], checkId: IdCheck = checkCanonicalIdentifier): Parsed<true> {
  // With a pool file, the draw is recomputed first, so that the first difference reported is the
  // first entry where the receipt departs from the recomputation.
  let expected: StratumResult[] | undefined;
  if (pool) {
    const p = checkPoolAgainstCommitment(pool, c, checkId);
    if (!p.ok) return p;
    checked.push(`名录库文件与承诺一致：${pool.size} 条，根哈希 ${c.pool.root}`);
    expected = stratumResults(p.value, drawStrata(p.value, fromHex(seed, 32) as Uint8Array, quotasOf(c)));
  }

  let publicResult = receipt.publicResult;
  if (receipt.disclosure === 'full') {
    const strata = receipt.result?.strata ?? [];
    if (expected) {
      if (strata.length !== expected.length) return mismatch('receipt.result.strata', `结果有 ${strata.length} 个分层，应为 ${expected.length} 个`);
      for (const [i, e] of expected.entries()) {
        const a = strata[i] as StratumResult;
        const p = `receipt.result.strata[${i}]`;
        const sel = compareEntryLists(e.selected, a.selected, `${p}.selected`, `分层“${e.key}”抽中名单`);
        if (!sel.ok) return sel;
        const res = compareEntryLists(e.reserveList, a.reserveList, `${p}.reserveList`, `分层“${e.key}”备选名单`);
        if (!res.ok) return res;
      }
      checked.push('用名录库完整重算：各分层抽中名单、备选名单和票号逐一一致');
    }
    const shape = checkResultShape(c, strata, checkId);
    if (!shape.ok) return shape;
    const pub = comparePublic(publicResultOf(strata), receipt.publicResult);
    if (!pub.ok) return pub;
    publicResult = publicResultOf(strata);
    if (c.pool.saltMode === 'unsalted' && !expected) {
      const t = recomputeListedTickets(seed, strata);
      if (!t.ok) return t;
      checked.push('无盐模式：逐一重算了凭证所列全部主体的票号');
    }
    const privateResultHash = hashPrivateResult(strata);
    if (receipt.privateResultHash !== privateResultHash) return mismatch('receipt.privateResultHash', `分层结果哈希不符：凭证为 ${receipt.privateResultHash}，计算为 ${privateResultHash}`);
    checked.push('分层结果：名单按票号排序、阈值、户数与承诺一致');
  } else {
    if (expected) {
      const pub = comparePublic(publicResultOf(expected), receipt.publicResult);
      if (!pub.ok) return pub;
      const privateResultHash = hashPrivateResult(expected);
      if (receipt.privateResultHash !== privateResultHash) return mismatch('receipt.privateResultHash', `分层结果哈希不符：凭证为 ${receipt.privateResultHash}，由名录库重算为 ${privateResultHash}`);
      checked.push('用名录库完整重算：公开名单、阈值和分层结果哈希一致');
    }
    const shape = checkPublicShape(c, receipt.publicResult, checkId);
    if (!shape.ok) return shape;
    if (!HEX32(receipt.privateResultHash)) return malformed('receipt.privateResultHash', '应为 64 位小写十六进制');
    checked.push('公开凭证：各分层户数与承诺一致，公开名单户数正确（分层名单不公开，只核对其哈希的绑定）');
  }
  const publicResultHash = hashPublicResult(publicResult);
  if (receipt.publicResultHash !== publicResultHash) return mismatch('receipt.publicResultHash', `公开结果哈希不符：凭证为 ${receipt.publicResultHash}，计算为 ${publicResultHash}`);
  const resultHash = hashResult(commitmentHash, seed, publicResultHash, receipt.privateResultHash);
  if (receipt.resultHash !== resultHash) return mismatch('receipt.resultHash', `结果哈希不符：凭证为 ${receipt.resultHash}，计算为 ${resultHash}`);
  checked.push(`结果哈希 ${resultHash}`);
  return ok(true);
}

/**
 * Verifies a parsed receipt. Without a pool: the commitment (quotas follow from sizes and
 * parameters), the seed (from the commitment hash, the public values and the revealed secret), the
 * result's internal consistency and every hash; in an unsalted draw also every listed ticket. With
 * the pool: additionally that the pool matches the commitment, and the whole draw is recomputed.
 */
export function verifyReceipt(receipt: Receipt, pool?: PackedPool): Parsed<VerifyReport> {
  const checked: string[] = [];
  if (receipt.protocol !== PROTOCOL) return mismatch('receipt.protocol', `不支持的协议版本“${receipt.protocol}”`);
  const c = receipt.commitment;
  const self = checkCommitmentSelf(c);
  if (!self.ok) return self;
  checked.push('承诺记录：参数合法，各分层抽取数与备选数由条目数和参数推出');
  const commitmentHash = hashCommitment(c);
  if (receipt.commitmentHash !== commitmentHash) return mismatch('receipt.commitmentHash', `承诺哈希不符：凭证为 ${receipt.commitmentHash}，按承诺记录计算为 ${commitmentHash}`);
  checked.push(`承诺哈希 ${commitmentHash}`);
  const secret = fromHex(receipt.serverSecret, 32);
  if (!secret) return malformed('receipt.serverSecret', '应为 64 位小写十六进制');
  if (hashServerSecret(secret) !== c.serverSecretHash) return mismatch('receipt.serverSecret', '公开的服务器秘密与承诺中的哈希不符');
  const values = checkRandomnessValues(c.randomness, receipt.randomness);
  if (!values.ok) return values;
  const seed = toHex(deriveSeed(fromHex(commitmentHash, 32) as Uint8Array, receipt.randomness, secret));
  if (receipt.seed !== seed) return mismatch('receipt.seed', `种子不符：凭证为 ${receipt.seed}，由承诺、公开随机数和服务器秘密计算为 ${seed}`);
  checked.push(`种子 ${seed}（由承诺哈希、${receipt.randomness.map((r) => r.id).join('、')} 与服务器秘密导出）`);

  const outcome = verifyOutcome(c, receipt, commitmentHash, seed, pool, checked);
  if (!outcome.ok) return outcome;
  return ok({ scope: pool ? 'recomputed' : 'receipt-only', checked });
}

/** The pool file must be canonical, in the committed salt mode, with the committed strata, sizes and root. */
function checkPoolAgainstCommitment(pool: PackedPool, c: CommittedDraw, checkId: IdCheck): Parsed<PreparedPool> {
  const canonical = checkPackedPool(pool);
  if (!canonical.ok) return canonical;
  if (checkId !== checkCanonicalIdentifier) {
    const extra = checkPoolIds(pool, checkId);
    if (!extra.ok) return extra;
  }
  if (pool.saltMode !== c.pool.saltMode) return drawError('POOL_MISMATCH', `名录库文件为${pool.saltMode === 'salted' ? '加盐' : '无盐'}模式，承诺为${c.pool.saltMode === 'salted' ? '加盐' : '无盐'}模式`, 'pool');
  const committedKeys = new Set(c.strata.map((s) => s.key));
  const sizes = stratumSizes(pool);
  for (const key of sizes.keys()) {
    if (!committedKeys.has(key)) return drawError('UNKNOWN_STRATUM', `名录库文件中出现承诺记录没有的分层“${key}”`, 'pool');
  }
  if (String(pool.size) !== c.pool.size) return drawError('POOL_MISMATCH', `名录库文件有 ${pool.size} 条，承诺记录为 ${c.pool.size} 条`, 'pool');
  for (const s of c.strata) {
    const n = sizes.get(s.key) ?? 0;
    if (String(n) !== s.size) return drawError('POOL_MISMATCH', `名录库文件中分层“${s.key}”有 ${n} 条，承诺记录为 ${s.size} 条`, 'pool');
  }
  const { prepared, commitment: pc } = preparePool(pool);
  if (pc.root !== c.pool.root) return drawError('POOL_MISMATCH', `名录库文件的根哈希 ${pc.root} 与承诺记录 ${c.pool.root} 不符（文件被改动或不是承诺时的快照）`, 'pool');
  return ok(prepared);
}

function recomputeListedTickets(seed: string, strata: readonly StratumResult[]): Parsed<true> {
  const seedBytes = fromHex(seed, 32) as Uint8Array;
  for (const [i, s] of strata.entries()) {
    for (const [listName, entries] of [['selected', s.selected], ['reserveList', s.reserveList]] as const) {
      if (entries.length === 0) continue;
      const lots = new Uint8Array(16 * entries.length);
      entries.forEach((e, j) => lots.set(lotOf(e.id, ''), 16 * j));
      const tickets = ticketsOf(seedBytes, lots);
      for (const [j, e] of entries.entries()) {
        const t = toHex(tickets.subarray(16 * j, 16 * j + 16));
        if (t !== e.ticket) return mismatch(`receipt.result.strata[${i}].${listName}[${j}].ticket`, `“${e.id}”的票号：凭证为 ${e.ticket}，重新计算为 ${t}`);
      }
    }
  }
  return ok(true);
}

/** Applies a stricter identifier rule to every pool identifier, in identifier order (§18.2, /2). */
function checkPoolIds(pool: PackedPool, checkId: IdCheck): Parsed<true> {
  const decoder = new TextDecoder();
  for (let i = 0; i < pool.size; i++) {
    const id = decoder.decode(pool.idBytes.subarray(pool.idOffsets[i], pool.idOffsets[i + 1]));
    const r = checkId(id);
    if (!r.ok) return drawError(r.error.code, r.error.message, 'pool');
  }
  return ok(true);
}
