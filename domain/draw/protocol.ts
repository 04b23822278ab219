/**
 * The draw protocol records (docs/draw-protocol.md §4–6): the commitment made before any randomness
 * exists, the seed derived after it, and the receipt (抽取凭证) of the result.
 *
 * Every record is a tree of strings, lists and maps, hashed with the canonical encoding `ce()`
 * (encoding.ts), so a verifier in another language needs no JSON canonicalization.
 */
import { ok, type Result } from '../basics/result';
import { CanonicalWriter, ce, compareUtf8, field, sortUtf8, fromHex, HASH_ALG, isNfc, isWellFormed, PROTOCOL, TAG, taggedHash, TICKET_ALG, toHex, u32be, utf8, type CanonicalValue } from './encoding';
import { drawError, type DrawError } from './errors';
import { type PoolCommitment, type PreparedPool, type SaltMode } from './pool';
import { computeQuotas, type DrawParams, type StratumQuota } from './quota';
import { drawStrata, TICKET_BYTES, type StratumDraw } from './select';

export const ALGORITHM = `${HASH_ALG}+${TICKET_ALG}`;
export const SERVER_SECRET_BYTES = 32;

/** A source of public randomness declared in the commitment, before its value exists. */
export interface RandomnessSource {
  /** Short ASCII id, e.g. "dice", "lottery". */
  readonly id: string;
  /** 'dice' | 'lottery' | 'beacon' | 'other' (free text is allowed; it is only displayed). */
  readonly kind: string;
  /** Exactly which future value will be used and how it is written, e.g. "监督人员现场掷骰 8 次，按顺序录入点数，以空格分隔". */
  readonly description: string;
}

/** The value of a declared source, entered after the commitment. */
export interface RandomnessValue {
  readonly id: string;
  readonly value: string;
}

export interface CommittedStratum {
  readonly key: string;
  readonly size: string;
  readonly quota: string;
  readonly reserve: string;
}

/** The commitment record (承诺记录), frozen before any randomness exists. All values are strings. */
export interface Commitment {
  readonly protocol: string;
  readonly algorithm: string;
  readonly taskId: string;
  /** "1" for the first attempt; a redraw is attempt n + 1 and names the previous commitment. */
  readonly attempt: string;
  readonly previousCommitmentHash: string;
  readonly redrawReason: string;
  readonly redrawApprovedBy: string;
  /** When the commitment was made, as recorded by the caller (ISO 8601 with offset). */
  readonly committedAt: string;
  /** Versions of the rules applied to build the pool (eligibility, annual cap, exclusions…). */
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly params: DrawParams;
  readonly pool: { readonly size: string; readonly root: string; readonly saltMode: SaltMode };
  readonly strata: readonly CommittedStratum[];
  /** Hash of the ledger of earlier draws used for the annual cap ("" if none). */
  readonly ledgerHash: string;
  /** Hash of the inspector pool frozen for matching ("" if this draw has no matching). */
  readonly inspectorPoolHash: string;
  readonly serverSecretHash: string;
  readonly randomness: readonly RandomnessSource[];
}

export interface ReceiptEntry {
  readonly id: string;
  readonly ticket: string;
}

export interface StratumResult {
  readonly key: string;
  readonly size: string;
  readonly quota: string;
  readonly reserve: string;
  /** Ticket of the last selected entity ("" when the quota is 0): selected ⇔ ticket ≤ threshold. */
  readonly threshold: string;
  readonly selected: readonly ReceiptEntry[];
  readonly reserveList: readonly ReceiptEntry[];
}

export interface PublicStratumResult {
  readonly key: string;
  readonly size: string;
  readonly quota: string;
  readonly threshold: string;
}

/** What may be published: per-stratum counts and thresholds, and the selected identifiers without strata. */
export interface PublicResult {
  readonly strata: readonly PublicStratumResult[];
  /** Selected identifiers in UTF-8 byte order (no stratum, no draw order). */
  readonly selected: readonly string[];
}

export type Disclosure = 'full' | 'public';

/** The receipt (抽取凭证). A public receipt omits `result` and keeps its hash. */
export interface Receipt {
  readonly protocol: string;
  readonly disclosure: Disclosure;
  readonly commitment: Commitment;
  readonly commitmentHash: string;
  readonly randomness: readonly RandomnessValue[];
  readonly serverSecret: string;
  readonly seed: string;
  readonly result?: { readonly strata: readonly StratumResult[] };
  readonly publicResult: PublicResult;
  readonly publicResultHash: string;
  readonly privateResultHash: string;
  readonly resultHash: string;
}

// ---- canonical forms -------------------------------------------------------------------------

export function commitmentValue(c: Commitment): CanonicalValue {
  return {
    protocol: c.protocol,
    algorithm: c.algorithm,
    taskId: c.taskId,
    attempt: c.attempt,
    previousCommitmentHash: c.previousCommitmentHash,
    redrawReason: c.redrawReason,
    redrawApprovedBy: c.redrawApprovedBy,
    committedAt: c.committedAt,
    ruleVersions: { ...c.ruleVersions },
    params: {
      strata: c.params.strata.map((s) => ({ key: s.key, mode: s.mode, value: s.value, rounding: s.rounding, minPercent: s.minPercent, reserve: s.reserve })),
      minTotalPercent: c.params.minTotalPercent,
    },
    pool: { size: c.pool.size, root: c.pool.root, saltMode: c.pool.saltMode },
    strata: c.strata.map((s) => ({ key: s.key, size: s.size, quota: s.quota, reserve: s.reserve })),
    ledgerHash: c.ledgerHash,
    inspectorPoolHash: c.inspectorPoolHash,
    serverSecretHash: c.serverSecretHash,
    randomness: c.randomness.map((r) => ({ id: r.id, kind: r.kind, description: r.description })),
  };
}

function entriesValue(list: readonly ReceiptEntry[]): CanonicalValue {
  return list.map((e) => ({ id: e.id, ticket: e.ticket }));
}

export function privateResultValue(strata: readonly StratumResult[]): CanonicalValue {
  return {
    strata: strata.map((s) => ({
      key: s.key,
      size: s.size,
      quota: s.quota,
      reserve: s.reserve,
      threshold: s.threshold,
      selected: entriesValue(s.selected),
      reserveList: entriesValue(s.reserveList),
    })),
  };
}

export function publicResultValue(p: PublicResult): CanonicalValue {
  return {
    strata: p.strata.map((s) => ({ key: s.key, size: s.size, quota: s.quota, threshold: s.threshold })),
    selected: [...p.selected],
  };
}

// ---- hashes ----------------------------------------------------------------------------------

/** commitmentHash = SHA-256(field("suiji/draw/v1/commitment") ‖ ce(commitment)). */
export function hashCommitment(c: Commitment): string {
  return toHex(taggedHash(TAG.commitment, [ce(commitmentValue(c))]));
}

/** serverSecretHash = SHA-256(field("suiji/draw/v1/server-secret") ‖ field(secret)). */
export function hashServerSecret(secret: Uint8Array): string {
  return toHex(taggedHash(TAG.secret, [field(secret)]));
}

/**
 * seed = SHA-256(field("suiji/draw/v1/seed") ‖ field(commitmentHash) ‖ u32be(m) ‖
 *        (field(id_j) ‖ field(value_j))_{j<m} ‖ field(serverSecret)) — protocol §5.
 * Neither the operator (who knows the secret) nor the supervisor (who enters the public values)
 * can choose the outcome alone; both inputs are fixed by the commitment.
 */
export function deriveSeed(commitmentHash: Uint8Array, values: readonly RandomnessValue[], serverSecret: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [field(commitmentHash), u32be(values.length)];
  for (const v of values) parts.push(field(v.id), field(v.value));
  parts.push(field(serverSecret));
  return taggedHash(TAG.seed, parts);
}

export function hashPublicResult(p: PublicResult): string {
  return toHex(taggedHash(TAG.publicResult, [ce(publicResultValue(p))]));
}

export function hashPrivateResult(strata: readonly StratumResult[]): string {
  return toHex(taggedHash(TAG.privateResult, [encodePrivateResult(strata)]));
}

/**
 * ce(privateResultValue(strata)), written directly: the same bytes without building 300 k small
 * maps and sorting their keys (the tests compare both).
 */
export function encodePrivateResult(strata: readonly StratumResult[]): Uint8Array {
  const w = new CanonicalWriter();
  w.header(0x4d, 1);
  w.string('strata');
  w.header(0x4c, strata.length);
  const entries = (list: readonly ReceiptEntry[]): void => {
    w.header(0x4c, list.length);
    for (const e of list) {
      w.header(0x4d, 2);
      w.string('id');
      w.string(e.id);
      w.string('ticket');
      w.string(e.ticket);
    }
  };
  for (const s of strata) {
    // Map keys in UTF-8 byte order.
    w.header(0x4d, 7);
    w.string('key');
    w.string(s.key);
    w.string('quota');
    w.string(s.quota);
    w.string('reserve');
    w.string(s.reserve);
    w.string('reserveList');
    entries(s.reserveList);
    w.string('selected');
    entries(s.selected);
    w.string('size');
    w.string(s.size);
    w.string('threshold');
    w.string(s.threshold);
  }
  return w.bytes();
}

/** resultHash = SHA-256(field(tag) ‖ field(commitmentHash) ‖ field(seed) ‖ field(publicResultHash) ‖ field(privateResultHash)), all raw bytes. */
export function hashResult(commitmentHash: string, seed: string, publicResultHash: string, privateResultHash: string): string {
  const parts = [commitmentHash, seed, publicResultHash, privateResultHash].map((h) => field(fromHex(h, 32) ?? new Uint8Array(0)));
  return toHex(taggedHash(TAG.result, parts));
}

// ---- building --------------------------------------------------------------------------------

export interface CommitmentInput {
  readonly taskId: string;
  readonly attempt: number;
  readonly previousCommitmentHash?: string;
  readonly redrawReason?: string;
  readonly redrawApprovedBy?: string;
  readonly committedAt: string;
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly params: DrawParams;
  readonly pool: PoolCommitment;
  readonly ledgerHash?: string;
  readonly inspectorPoolHash?: string;
  /** 32 bytes generated by the caller (crypto.randomBytes); only its hash goes into the commitment. */
  readonly serverSecret: Uint8Array;
  readonly randomness: readonly RandomnessSource[];
}

function checkText(value: string, what: string, path: string, allowEmpty: boolean): Result<string, DrawError> {
  if (!allowEmpty && value.length === 0) return drawError('INVALID_PARAMS', `${what}不能为空`, path);
  if (!isWellFormed(value) || !isNfc(value)) return drawError('INVALID_PARAMS', `${what}须为 NFC 规范化的 Unicode 文本`, path);
  return ok(value);
}

/** Checks the redraw link rule: attempt 1 has no predecessor; attempt n > 1 names one, with a reason and an approver. */
export function checkAttemptLink(c: Pick<Commitment, 'attempt' | 'previousCommitmentHash' | 'redrawReason' | 'redrawApprovedBy'>): Result<true, DrawError> {
  const n = /^[1-9][0-9]{0,8}$/.test(c.attempt) ? Number(c.attempt) : 0;
  if (n === 0) return drawError('INVALID_PARAMS', `抽取次序“${c.attempt}”须为正整数`, 'commitment.attempt');
  if (n === 1) {
    if (c.previousCommitmentHash !== '' || c.redrawReason !== '' || c.redrawApprovedBy !== '') {
      return drawError('LINK_MISMATCH', '首次抽取不能填写前次承诺、重抽原因或批准人', 'commitment.previousCommitmentHash');
    }
    return ok(true);
  }
  if (!fromHex(c.previousCommitmentHash, 32)) return drawError('LINK_MISMATCH', `第 ${n} 次抽取须填写前一次抽取的承诺哈希（64 位十六进制）`, 'commitment.previousCommitmentHash');
  if (c.redrawReason.trim() === '') return drawError('LINK_MISMATCH', `第 ${n} 次抽取（重抽）须写明原因`, 'commitment.redrawReason');
  if (c.redrawApprovedBy.trim() === '') return drawError('LINK_MISMATCH', `第 ${n} 次抽取（重抽）须写明批准人`, 'commitment.redrawApprovedBy');
  return ok(true);
}

/** Checks declared randomness sources: at least one, ids unique and ASCII, texts NFC. */
export function checkSources(sources: readonly RandomnessSource[]): Result<true, DrawError> {
  if (sources.length === 0) return drawError('INVALID_SEED_INPUT', '至少须声明一个公开随机数来源（如现场掷骰、彩票开奖号码或公共随机信标）', 'commitment.randomness');
  const seen = new Set<string>();
  for (const [i, s] of sources.entries()) {
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(s.id)) return drawError('INVALID_SEED_INPUT', `随机数来源编号“${s.id}”须为 1–32 个小写字母、数字、- 或 _`, `commitment.randomness[${i}].id`);
    if (seen.has(s.id)) return drawError('INVALID_SEED_INPUT', `随机数来源编号“${s.id}”重复`, `commitment.randomness[${i}].id`);
    seen.add(s.id);
    for (const [name, v] of [['kind', s.kind], ['description', s.description]] as const) {
      const r = checkText(v, `随机数来源“${s.id}”的 ${name}`, `commitment.randomness[${i}].${name}`, false);
      if (!r.ok) return r;
    }
  }
  return ok(true);
}

/** Builds the commitment record: validates parameters against the pool's stratum sizes and fixes every quota. */
export function makeCommitment(input: CommitmentInput): Result<Commitment, DrawError> {
  const quotas = computeQuotas(input.params, input.pool.stratumSizes);
  if (!quotas.ok) return quotas;
  if (input.serverSecret.length !== SERVER_SECRET_BYTES) return drawError('INVALID_SEED_INPUT', `服务器秘密须为 ${SERVER_SECRET_BYTES} 字节`);
  const texts: [string, string, string, boolean][] = [
    [input.taskId, '任务编号', 'commitment.taskId', false],
    [input.committedAt, '承诺时间', 'commitment.committedAt', false],
    [input.redrawReason ?? '', '重抽原因', 'commitment.redrawReason', true],
    [input.redrawApprovedBy ?? '', '重抽批准人', 'commitment.redrawApprovedBy', true],
  ];
  for (const [value, what, path, allowEmpty] of texts) {
    const r = checkText(value, what, path, allowEmpty);
    if (!r.ok) return r;
  }
  for (const [k, v] of Object.entries(input.ruleVersions)) {
    const r = checkText(k, '规则名', 'commitment.ruleVersions', false);
    if (!r.ok) return r;
    const r2 = checkText(v, `规则“${k}”的版本`, `commitment.ruleVersions.${k}`, false);
    if (!r2.ok) return r2;
  }
  for (const [h, path] of [[input.ledgerHash ?? '', 'ledgerHash'], [input.inspectorPoolHash ?? '', 'inspectorPoolHash']] as const) {
    if (h !== '' && !fromHex(h, 32)) return drawError('INVALID_PARAMS', `${path} 须为 64 位小写十六进制或空`, `commitment.${path}`);
  }
  const sources = checkSources(input.randomness);
  if (!sources.ok) return sources;
  const commitment: Commitment = {
    protocol: PROTOCOL,
    algorithm: ALGORITHM,
    taskId: input.taskId,
    attempt: String(input.attempt),
    previousCommitmentHash: input.previousCommitmentHash ?? '',
    redrawReason: input.redrawReason ?? '',
    redrawApprovedBy: input.redrawApprovedBy ?? '',
    committedAt: input.committedAt,
    ruleVersions: { ...input.ruleVersions },
    params: input.params,
    pool: { size: String(input.pool.size), root: input.pool.root, saltMode: input.pool.saltMode },
    strata: quotas.value.map((q) => ({ key: q.key, size: String(q.size), quota: String(q.quota), reserve: String(q.reserve) })),
    ledgerHash: input.ledgerHash ?? '',
    inspectorPoolHash: input.inspectorPoolHash ?? '',
    serverSecretHash: hashServerSecret(input.serverSecret),
    randomness: input.randomness.map((r) => ({ ...r })),
  };
  const link = checkAttemptLink(commitment);
  if (!link.ok) return link;
  return ok(commitment);
}

/** Checks that the entered values answer the declared sources, in order, each a non-empty NFC string. */
export function checkRandomnessValues(sources: readonly RandomnessSource[], values: readonly RandomnessValue[]): Result<true, DrawError> {
  if (values.length !== sources.length) {
    return drawError('INVALID_SEED_INPUT', `承诺声明了 ${sources.length} 个随机数来源，却录入了 ${values.length} 个值`, 'randomness');
  }
  for (const [i, v] of values.entries()) {
    const s = sources[i] as RandomnessSource;
    if (v.id !== s.id) return drawError('INVALID_SEED_INPUT', `第 ${i + 1} 个随机数应来自“${s.id}”，实际为“${v.id}”`, `randomness[${i}].id`);
    if (v.value.length === 0 || !isWellFormed(v.value) || !isNfc(v.value) || utf8(v.value).length > 4096) {
      return drawError('INVALID_SEED_INPUT', `随机数“${v.id}”的值须为非空 NFC 文本（至多 4096 字节）`, `randomness[${i}].value`);
    }
  }
  return ok(true);
}

export function quotasOf(c: Pick<Commitment, 'strata'>): StratumQuota[] {
  return c.strata.map((s) => ({ key: s.key, size: Number(s.size), quota: Number(s.quota), reserve: Number(s.reserve) }));
}

/** Turns the engine's per-stratum draws into receipt results. */
export function stratumResults(pool: PreparedPool, draws: readonly StratumDraw[]): StratumResult[] {
  return draws.map((d) => {
    const ids = decodeIds(pool, d.order);
    const hex = Buffer.from(d.tickets.buffer, d.tickets.byteOffset, d.tickets.byteLength).toString('hex');
    const selected: ReceiptEntry[] = [];
    const reserveList: ReceiptEntry[] = [];
    for (let r = 0; r < d.order.length; r++) {
      const entry = { id: ids[r] as string, ticket: hex.slice(r * 2 * TICKET_BYTES, (r + 1) * 2 * TICKET_BYTES) };
      (r < d.quota ? selected : reserveList).push(entry);
    }
    return {
      key: d.key,
      size: String(d.size),
      quota: String(d.quota),
      reserve: String(d.reserve),
      threshold: selected.length > 0 ? (selected[selected.length - 1] as ReceiptEntry).ticket : '',
      selected,
      reserveList,
    };
  });
}

/** Decodes many identifiers with one UTF-8 decode: ids joined by LF, which no identifier contains. */
function decodeIds(pool: PreparedPool, indices: ArrayLike<number>): string[] {
  if (indices.length === 0) return [];
  let total = 0;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    total += (pool.idOffsets[i + 1] as number) - (pool.idOffsets[i] as number) + 1;
  }
  const joined = new Uint8Array(total - 1);
  let at = 0;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r] as number;
    if (r > 0) joined[at++] = 0x0a;
    const b = pool.idOffsets[i + 1] as number;
    for (let x = pool.idOffsets[i] as number; x < b; x++) joined[at++] = pool.idBytes[x] as number;
  }
  return Buffer.from(joined.buffer, 0, joined.length).toString('utf8').split('\n');
}

/**
 * The public list from the draws: a canonical pool is sorted by identifier bytes, so sorting pool
 * indices sorts identifiers (checked, with a fallback to a string sort). Reuses the decoded ids.
 */
function publicSelectedFromDraws(draws: readonly StratumDraw[], results: readonly StratumResult[]): string[] {
  const packed: number[] = [];
  const ids: string[] = [];
  draws.forEach((d, s) => {
    const selected = (results[s] as StratumResult).selected;
    for (let r = 0; r < d.quota; r++) {
      packed.push(d.order[r] as number);
      ids.push((selected[r] as ReceiptEntry).id);
    }
  });
  const positions = Float64Array.from(packed, (i, j) => i * 2 ** 21 + j).sort();
  const out = Array.from(positions, (p) => ids[p % 2 ** 21] as string);
  for (let j = 1; j < out.length; j++) if (compareUtf8(out[j - 1] as string, out[j] as string) >= 0) return sortUtf8(out);
  return out;
}

export function publicResultOf(strata: readonly StratumResult[]): PublicResult {
  return {
    strata: strata.map((s) => ({ key: s.key, size: s.size, quota: s.quota, threshold: s.threshold })),
    selected: sortUtf8(strata.flatMap((s) => s.selected.map((e) => e.id))),
  };
}

export interface ResultPart {
  readonly result: { readonly strata: readonly StratumResult[] };
  readonly publicResult: PublicResult;
  readonly publicResultHash: string;
  readonly privateResultHash: string;
  readonly resultHash: string;
}

/** The result fields of a receipt (§8.3), shared by /1 and /2. */
export function resultPart(commitmentHash: string, seed: string, strata: readonly StratumResult[], publicSelected?: readonly string[]): ResultPart {
  const publicResult = publicSelected ? { strata: strata.map((s) => ({ key: s.key, size: s.size, quota: s.quota, threshold: s.threshold })), selected: publicSelected } : publicResultOf(strata);
  const publicResultHash = hashPublicResult(publicResult);
  const privateResultHash = hashPrivateResult(strata);
  return { result: { strata }, publicResult, publicResultHash, privateResultHash, resultHash: hashResult(commitmentHash, seed, publicResultHash, privateResultHash) };
}

/** Draws every stratum of a prepared pool from a seed and returns the result fields. */
export function drawResultPart(pool: PreparedPool, quotas: readonly StratumQuota[], commitmentHash: string, seed: Uint8Array): ResultPart {
  const draws = drawStrata(pool, seed, quotas);
  const results = stratumResults(pool, draws);
  // The position packing needs fewer than 2^21 selected entities per draw.
  const selected = draws.reduce((n, d) => n + d.quota, 0) < 2 ** 21 ? publicSelectedFromDraws(draws, results) : undefined;
  return resultPart(commitmentHash, toHex(seed), results, selected);
}

/** Assembles a full receipt from its parts, computing all result hashes. */
export function assembleReceipt(commitment: Commitment, randomness: readonly RandomnessValue[], serverSecret: string, seed: string, strata: readonly StratumResult[], publicSelected?: readonly string[]): Receipt {
  const commitmentHash = hashCommitment(commitment);
  const { result, ...rest } = resultPart(commitmentHash, seed, strata, publicSelected);
  return {
    protocol: PROTOCOL,
    disclosure: 'full',
    commitment,
    commitmentHash,
    randomness: randomness.map((r) => ({ id: r.id, value: r.value })),
    serverSecret,
    seed,
    result,
    ...rest,
  };
}

/**
 * Runs the draw for a commitment: checks the pool against the commitment, derives the seed from the
 * public randomness and the revealed server secret, draws every stratum and returns the full receipt.
 */
export function executeDraw(pool: PreparedPool, poolCommitment: PoolCommitment, commitment: Commitment, randomness: readonly RandomnessValue[], serverSecret: Uint8Array): Result<Receipt, DrawError> {
  if (poolCommitment.root !== commitment.pool.root || String(poolCommitment.size) !== commitment.pool.size || pool.saltMode !== commitment.pool.saltMode) {
    return drawError('POOL_MISMATCH', '名录库与承诺记录不一致（条目数、根哈希或加盐模式不同）', 'commitment.pool');
  }
  if (hashServerSecret(serverSecret) !== commitment.serverSecretHash) {
    return drawError('INVALID_SEED_INPUT', '服务器秘密与承诺中的哈希不符', 'serverSecret');
  }
  const values = checkRandomnessValues(commitment.randomness, randomness);
  if (!values.ok) return values;
  const commitmentHash = hashCommitment(commitment);
  const seed = deriveSeed(fromHex(commitmentHash, 32) ?? new Uint8Array(0), randomness, serverSecret);
  const part = drawResultPart(pool, quotasOf(commitment), commitmentHash, seed);
  return ok({
    protocol: PROTOCOL,
    disclosure: 'full',
    commitment,
    commitmentHash,
    randomness: randomness.map((r) => ({ id: r.id, value: r.value })),
    serverSecret: toHex(serverSecret),
    seed: toHex(seed),
    ...part,
  });
}

/** The publishable form of a receipt: drops per-stratum lists (which reveal strata) and keeps their hash. */
export function toPublicReceipt(receipt: Receipt): Receipt {
  const { result: _result, ...rest } = receipt;
  return { ...rest, disclosure: 'public' };
}

