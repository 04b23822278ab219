/**
 * The suiji-draw/2 verifier (docs/draw-protocol.md §18.1): the commitment's rules, its hash and the
 * published hash, its anchor in the signed log, the previous attempt's anchor, the published attempt
 * list, the typed source values and the seed; then the outcome exactly as /1 (verify.ts).
 */
import { ok } from '../basics/result';
import { fromHex, toHex } from './encoding';
import { drawError } from './errors';
import { CHECKPOINT_KEYS, LOG_ROW_KEYS, NULLABLE_ROW_KEYS, verifyAnchor, type Anchor, type Checkpoint, type LogRow } from './anchor';
import { ALGORITHM_V2, checkCommitmentFieldsV2, deriveSeedV2, hashCommitmentV2, PROTOCOL_V2, type CommitmentV2, type ReceiptV2 } from './protocol_v2';
import { allSourceValues, checkSourceDeclarations, checkSourceValues, enteredSources, SOURCE_KEYS } from './sources';
import { asObject, asString, list, malformed, parseCommitmentParts, parsePublicResult, parseRecord, parseResult, strings, type Parsed } from './strict_parse';
import { checkIdentifierV2, checkStratumKeyV2, parseInstant } from './text_rules';
import { checkCommittedQuotas, verifyOutcome, type VerifyReport } from './verify';
import { checkAttemptList, type AttemptList } from './attempts';

function parseRow(v: unknown, path: string): Parsed<LogRow> {
  const o = asObject(v, path, LOG_ROW_KEYS);
  if (!o.ok) return o;
  const r = o.value;
  for (const k of ['seq', 'hashVersion'] as const) {
    if (typeof r[k] !== 'number' || !Number.isSafeInteger(r[k])) return malformed(`${path}.${k}`, '应为整数');
  }
  for (const k of ['at', 'action', 'summary', 'outcome', 'method', 'path', 'prevHash', 'hash'] as const) {
    const s = asString(r[k], `${path}.${k}`);
    if (!s.ok) return s;
  }
  for (const k of NULLABLE_ROW_KEYS) {
    if (r[k] !== null) {
      const s = asString(r[k], `${path}.${k}`);
      if (!s.ok) return s;
    }
  }
  if (typeof r.detail !== 'object' || r.detail === null || Array.isArray(r.detail)) return malformed(`${path}.detail`, '应为对象');
  return ok(r as unknown as LogRow);
}

export function parseCheckpoint(v: unknown, path: string): Parsed<Checkpoint> {
  const o = asObject(v, path, CHECKPOINT_KEYS);
  if (!o.ok) return o;
  if (typeof o.value.seq !== 'number' || !Number.isSafeInteger(o.value.seq)) return malformed(`${path}.seq`, '应为整数');
  const s = strings(o.value, path, ['format', 'headHash', 'at', 'keyId', 'signature'] as const);
  if (!s.ok) return s;
  return ok({ ...s.value, seq: o.value.seq });
}

function parseAnchor(v: unknown, path: string): Parsed<Anchor> {
  const o = asObject(v, path, ['rows', 'checkpoint']);
  if (!o.ok) return o;
  const rows = list(o.value.rows, `${path}.rows`, parseRow);
  if (!rows.ok) return rows;
  const checkpoint = parseCheckpoint(o.value.checkpoint, `${path}.checkpoint`);
  if (!checkpoint.ok) return checkpoint;
  return ok({ rows: rows.value, checkpoint: checkpoint.value });
}

const COMMITMENT_STRINGS = ['protocol', 'algorithm', 'taskId', 'attempt', 'previousCommitmentHash', 'redrawReason', 'redrawApprovedBy', 'committedAt', 'drawDate', 'annualCap', 'ledgerHash', 'inspectorPoolHash', 'sourceException'] as const;

function parseCommitmentV2(v: unknown, path: string): Parsed<CommitmentV2> {
  const o = asObject(v, path, [...COMMITMENT_STRINGS, 'ruleVersions', 'params', 'pool', 'strata', 'sources']);
  if (!o.ok) return o;
  const s = strings(o.value, path, COMMITMENT_STRINGS);
  if (!s.ok) return s;
  const parts = parseCommitmentParts(o.value, path);
  if (!parts.ok) return parts;
  const sources = list(o.value.sources, `${path}.sources`, (x, p) => parseRecord(x, p, SOURCE_KEYS));
  if (!sources.ok) return sources;
  return ok({ ...s.value, ...parts.value, sources: sources.value });
}

/** Parses a /2 receipt strictly (§17.2): every key present, no other key, strings where strings are required. */
export function parseReceiptV2(json: unknown): Parsed<ReceiptV2> {
  const top = ['protocol', 'disclosure', 'commitmentHash', 'seed', 'publicResultHash', 'privateResultHash', 'resultHash'] as const;
  const o = asObject(json, 'receipt', [...top, 'commitment', 'anchor', 'sourceValues', 'publicResult'], ['result', 'previousAnchor']);
  if (!o.ok) return o;
  const s = strings(o.value, 'receipt', top);
  if (!s.ok) return s;
  const disclosure = s.value.disclosure;
  if (disclosure !== 'full' && disclosure !== 'public') return malformed('receipt.disclosure', '应为 full 或 public');
  if (disclosure === 'full' && !('result' in o.value)) return malformed('receipt.result', '缺失（完整凭证须包含分层结果）');
  if (disclosure === 'public' && 'result' in o.value) return malformed('receipt.result', '不应出现在公开凭证中（会泄露分层）');
  const commitment = parseCommitmentV2(o.value.commitment, 'receipt.commitment');
  if (!commitment.ok) return commitment;
  const anchor = parseAnchor(o.value.anchor, 'receipt.anchor');
  if (!anchor.ok) return anchor;
  let previousAnchor: Anchor | undefined;
  if ('previousAnchor' in o.value) {
    const p = parseAnchor(o.value.previousAnchor, 'receipt.previousAnchor');
    if (!p.ok) return p;
    previousAnchor = p.value;
  }
  const sourceValues = list(o.value.sourceValues, 'receipt.sourceValues', (x, p) => parseRecord(x, p, ['id', 'value'] as const));
  if (!sourceValues.ok) return sourceValues;
  const publicResult = parsePublicResult(o.value.publicResult, 'receipt.publicResult');
  if (!publicResult.ok) return publicResult;
  const result = parseResult(o.value);
  if (!result.ok) return result;
  return ok({
    ...s.value,
    disclosure,
    commitment: commitment.value,
    anchor: anchor.value,
    ...(previousAnchor ? { previousAnchor } : {}),
    sourceValues: sourceValues.value,
    publicResult: publicResult.value,
    ...(result.value ? { result: result.value } : {}),
  });
}

/** What a /2 verifier is given besides the receipt (§16.3, §17.3, §17.4). */
export interface VerifyV2Options {
  /** The operator's raw 32-byte Ed25519 public key, from an independent publication (required). */
  readonly publicKey: Uint8Array;
  readonly checkpoint?: Checkpoint;
  readonly attempts?: AttemptList;
  readonly publishedCommitmentHash?: string;
  readonly publishedResultHash?: string;
}

const HEX32 = (h: string): boolean => fromHex(h, 32) !== undefined;

function checkCommitmentSelfV2(receipt: ReceiptV2): Parsed<true> {
  const c = receipt.commitment;
  if (receipt.protocol !== PROTOCOL_V2 || c.protocol !== PROTOCOL_V2) return drawError('RECEIPT_MISMATCH', `凭证与承诺的协议版本须为 ${PROTOCOL_V2}`, 'receipt.commitment.protocol');
  if (c.algorithm !== ALGORITHM_V2) return drawError('RECEIPT_MISMATCH', `不支持的算法“${c.algorithm}”（本验证器支持 ${ALGORITHM_V2}）`, 'receipt.commitment.algorithm');
  const fields = checkCommitmentFieldsV2(c, 'receipt.commitment');
  if (!fields.ok) return fields;
  for (const [h, name, allowEmpty] of [[c.pool.root, 'pool.root', false], [c.ledgerHash, 'ledgerHash', true], [c.inspectorPoolHash, 'inspectorPoolHash', true]] as const) {
    if (!(HEX32(h) || (allowEmpty && h === ''))) return malformed(`receipt.commitment.${name}`, '应为 64 位小写十六进制');
  }
  const sources = checkSourceDeclarations(c.sources, c.sourceException, 'receipt.commitment');
  if (!sources.ok) return sources;
  for (const [i, s] of c.params.strata.entries()) {
    const k = checkStratumKeyV2(s.key, `receipt.commitment.params.strata[${i}].key`);
    if (!k.ok) return k;
  }
  return checkCommittedQuotas(c);
}

function checkAnchors(receipt: ReceiptV2, commitmentHash: string, options: VerifyV2Options, checked: string[]): Parsed<true> {
  const c = receipt.commitment;
  const own = verifyAnchor(receipt.anchor, { protocol: PROTOCOL_V2, taskId: c.taskId, attempt: c.attempt, commitmentHash }, options.publicKey, 'receipt.anchor');
  if (!own.ok) return own;
  if ((parseInstant(c.committedAt) as number) > own.value.rowAt) return drawError('ANCHOR_MISMATCH', `承诺时间 ${c.committedAt} 晚于其操作日志行的时间`, 'receipt.commitment.committedAt');
  for (const [i, s] of c.sources.entries()) {
    if (s.value !== '') continue;
    if (own.value.checkpointAt >= (parseInstant(s.availableAt) as number)) {
      return drawError('ANCHOR_TOO_LATE', `检查点时间 ${receipt.anchor.checkpoint.at} 不早于随机数“${s.id}”的产生时间 ${s.availableAt}：承诺可能是在随机数产生之后才锚定的`, `receipt.commitment.sources[${i}].availableAt`);
    }
  }
  if (options.checkpoint && JSON.stringify(options.checkpoint) !== JSON.stringify(receipt.anchor.checkpoint)) {
    return drawError('ANCHOR_MISMATCH', '凭证中的检查点与所给的公开检查点不同', 'receipt.anchor.checkpoint');
  }
  checked.push(`锚定：承诺哈希记录在操作日志第 ${own.value.rowSeq} 行，检查点第 ${receipt.anchor.checkpoint.seq} 行（${receipt.anchor.checkpoint.at}）签名有效，早于所有待录入随机数的产生时间`);
  const previous = receipt.previousAnchor;
  if (c.attempt === '1') {
    if (previous) return drawError('LINK_MISMATCH', '首次抽取不应附前次承诺的锚定记录', 'receipt.previousAnchor');
    return ok(true);
  }
  if (!previous) return drawError('LINK_MISMATCH', `第 ${c.attempt} 次抽取须附第 ${Number(c.attempt) - 1} 次抽取承诺的锚定记录（previousAnchor）`, 'receipt.previousAnchor');
  const binding = { protocol: PROTOCOL_V2, taskId: c.taskId, attempt: String(Number(c.attempt) - 1), commitmentHash: c.previousCommitmentHash };
  const prev = verifyAnchor(previous, binding, options.publicKey, 'receipt.previousAnchor');
  if (!prev.ok) return prev.error.path?.startsWith('receipt.previousAnchor.rows[0].') === true && prev.error.path !== 'receipt.previousAnchor.rows[0].hash' ? drawError('LINK_MISMATCH', `前次抽取的锚定记录与本凭证所指的前次承诺不符：${prev.error.message}`, prev.error.path) : prev;
  if (prev.value.rowSeq >= own.value.rowSeq) return drawError('LINK_MISMATCH', '前次抽取的承诺记录须早于本次承诺记录', 'receipt.previousAnchor.rows[0].seq');
  checked.push(`重抽：前次承诺 ${c.previousCommitmentHash} 记录在操作日志第 ${prev.value.rowSeq} 行，检查点签名有效`);
  return ok(true);
}

/** Verifies a parsed /2 receipt against the published key, and optionally the pool and published data. */
export function verifyReceiptV2(receipt: ReceiptV2, options: VerifyV2Options, pool?: Parameters<typeof verifyOutcome>[4]): Parsed<VerifyReport> {
  const checked: string[] = [];
  const c = receipt.commitment;
  const self = checkCommitmentSelfV2(receipt);
  if (!self.ok) return self;
  checked.push(`承诺记录（${PROTOCOL_V2}）：字段合法，随机数来源 ${c.sources.map((s) => `${s.id}（${s.type}）`).join('、')}，各分层抽取数由条目数和参数推出`);
  const commitmentHash = hashCommitmentV2(c);
  if (receipt.commitmentHash !== commitmentHash) return drawError('RECEIPT_MISMATCH', `承诺哈希不符：凭证为 ${receipt.commitmentHash}，按承诺记录计算为 ${commitmentHash}`, 'receipt.commitmentHash');
  if (options.publishedCommitmentHash !== undefined && options.publishedCommitmentHash !== commitmentHash) return drawError('PUBLISHED_MISMATCH', `公布的承诺哈希为 ${options.publishedCommitmentHash}，本凭证为 ${commitmentHash}：这不是公布的那次抽取`, 'published.commitmentHash');
  checked.push(`承诺哈希 ${commitmentHash}${options.publishedCommitmentHash !== undefined ? '（与公布值一致）' : ''}`);
  const anchors = checkAnchors(receipt, commitmentHash, options, checked);
  if (!anchors.ok) return anchors;
  if (options.attempts) {
    const a = checkAttemptList(options.attempts, receipt);
    if (!a.ok) return a;
    checked.push(`公布的抽取次序表：共 ${options.attempts.attempts.length} 次，本凭证为最后一次，衔接无缺`);
  }
  const values = checkSourceValues(c.sources, receipt.sourceValues);
  if (!values.ok) return values;
  const seed = toHex(deriveSeedV2(fromHex(commitmentHash, 32) as Uint8Array, allSourceValues(c.sources, receipt.sourceValues)));
  if (receipt.seed !== seed) return drawError('RECEIPT_MISMATCH', `种子不符：凭证为 ${receipt.seed}，由承诺哈希和随机数计算为 ${seed}`, 'receipt.seed');
  checked.push(`种子 ${seed}（由承诺哈希与 ${c.sources.map((s) => s.id).join('、')} 导出；待录入：${enteredSources(c.sources).map((s) => s.id).join('、') || '无'}）`);
  const outcome = verifyOutcome(c, receipt, commitmentHash, seed, pool, checked, checkIdentifierV2);
  if (!outcome.ok) return outcome;
  if (options.publishedResultHash !== undefined && options.publishedResultHash !== receipt.resultHash) return drawError('PUBLISHED_MISMATCH', `公布的结果哈希为 ${options.publishedResultHash}，本凭证为 ${receipt.resultHash}`, 'published.resultHash');
  return ok({ scope: pool ? 'recomputed' : 'receipt-only', checked });
}

