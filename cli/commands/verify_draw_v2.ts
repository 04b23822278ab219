/**
 * The suiji-draw/2 half of `verify-draw` (docs/draw-protocol.md §16–§18): the receipt plus what was
 * published independently — the operator's public key (required), and optionally the checkpoint as
 * published, the task's attempt list, the published commitment and result hashes, the pool file and
 * an entity record.
 */
import { mismatch, parseJsonText, type VerifyOutcome } from '../command';
import { fromBase64 } from '../../domain/draw/anchor';
import { parseAttemptList } from '../../domain/draw/attempts';
import { fromHex } from '../../domain/draw/encoding';
import { checkEntity, type EntityRecord } from '../../domain/draw/entity_check';
import { parsePoolCsv } from '../../domain/draw/pool_file';
import { findDuplicateKey } from '../../domain/draw/strict_json';
import { parseCheckpoint, parseReceiptV2, verifyReceiptV2, type VerifyV2Options } from '../../domain/draw/verify_v2';

export interface DrawInputs {
  readonly receipt: string;
  readonly pool?: string;
  readonly entity?: string;
  /** base64 (44 characters) or hex (64) of the raw 32-byte Ed25519 key. */
  readonly publicKey?: string;
  readonly checkpoint?: string;
  readonly attempts?: string;
  readonly commitmentHash?: string;
  readonly resultHash?: string;
}

export const V2_OPTIONS = ['--public-key', '--checkpoint', '--attempts', '--commitment-hash', '--result-hash'] as const;

/** Parses JSON text and refuses a duplicate key (§18.1 step 1) with `code`. */
export function parseStrictJson(text: string, what: string, code: string): { ok: true; value: unknown } | { ok: false; outcome: VerifyOutcome } {
  const json = parseJsonText(text, what, code);
  if (!json.ok) return json;
  const dup = findDuplicateKey(text);
  if (dup !== undefined) return { ok: false, outcome: mismatch({ code, message: `${what}中的键“${dup}”出现了不止一次（不同解析器会读出不同内容）`, path: dup }) };
  return json;
}

/** §18.2: exactly {id, stratum, salt, proof}, each step exactly {side: L|R, hash: 64 hex}. */
function parseEntityStrict(value: unknown): EntityRecord | undefined {
  const exact = (v: unknown, keys: readonly string[]): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === keys.length && keys.every((k) => k in v);
  if (!exact(value, ['id', 'stratum', 'salt', 'proof']) || typeof value.id !== 'string' || typeof value.stratum !== 'string' || typeof value.salt !== 'string' || !Array.isArray(value.proof)) return undefined;
  const proof: { side: 'L' | 'R'; hash: string }[] = [];
  for (const s of value.proof as unknown[]) {
    if (!exact(s, ['side', 'hash']) || (s.side !== 'L' && s.side !== 'R') || typeof s.hash !== 'string' || !fromHex(s.hash, 32)) return undefined;
    proof.push({ side: s.side, hash: s.hash });
  }
  return { id: value.id, stratum: value.stratum, salt: value.salt, proof };
}

function usage(message: string): VerifyOutcome {
  return { exitCode: 2, output: `${message}\n` };
}

/** Verifies a /2 receipt (already known to be /2) from file contents. */
export function verifyDrawV2Inputs(receiptJson: unknown, inputs: DrawInputs): VerifyOutcome {
  // The structure first: a /1 receipt whose protocol was edited to /2 is malformed, not a usage error.
  const receipt = parseReceiptV2(receiptJson);
  if (!receipt.ok) return mismatch(receipt.error);
  if (inputs.publicKey === undefined) return usage('核验 suiji-draw/2 凭证须用 --public-key 给出操作方公布的 Ed25519 公钥（base64 或 64 位十六进制）');
  const publicKey = fromHex(inputs.publicKey, 32) ?? fromBase64(inputs.publicKey);
  if (publicKey?.length !== 32) return usage('--public-key 须为 32 字节公钥的 base64（44 个字符）或 64 位小写十六进制');
  for (const [name, h] of [['--commitment-hash', inputs.commitmentHash], ['--result-hash', inputs.resultHash]] as const) {
    if (h !== undefined && !fromHex(h, 32)) return usage(`${name} 须为 64 位小写十六进制`);
  }
  const options: { -readonly [K in keyof VerifyV2Options]: VerifyV2Options[K] } = { publicKey };
  if (inputs.commitmentHash !== undefined) options.publishedCommitmentHash = inputs.commitmentHash;
  if (inputs.resultHash !== undefined) options.publishedResultHash = inputs.resultHash;
  if (inputs.checkpoint !== undefined) {
    const j = parseStrictJson(inputs.checkpoint, '检查点', 'ANCHOR_MISMATCH');
    if (!j.ok) return j.outcome;
    const cp = parseCheckpoint(j.value, 'checkpoint');
    if (!cp.ok) return mismatch({ ...cp.error, code: 'ANCHOR_MISMATCH' });
    options.checkpoint = cp.value;
  }
  if (inputs.attempts !== undefined) {
    const j = parseStrictJson(inputs.attempts, '抽取次序表', 'ATTEMPT_LIST_MALFORMED');
    if (!j.ok) return j.outcome;
    const list = parseAttemptList(j.value);
    if (!list.ok) return mismatch(list.error);
    options.attempts = list.value;
  }
  let pool;
  if (inputs.pool !== undefined) {
    const p = parsePoolCsv(inputs.pool, receipt.value.commitment.pool.saltMode);
    if (!p.ok) return mismatch(p.error);
    pool = p.value;
  }
  const r = verifyReceiptV2(receipt.value, options, pool);
  if (!r.ok) return mismatch(r.error);
  const lines = ['MATCH', `范围：${r.value.scope === 'recomputed' ? '已用名录库文件完整重算' : '仅核对凭证本身（未提供名录库文件；加盐模式下各主体票号由主体自行或由指定核验方核对）'}`, ...r.value.checked.map((c) => `- ${c}`)];
  if (inputs.entity !== undefined) {
    const ej = parseStrictJson(inputs.entity, '主体记录', 'RECEIPT_MALFORMED');
    if (!ej.ok) return ej.outcome;
    const entity = parseEntityStrict(ej.value);
    if (!entity) return mismatch({ code: 'RECEIPT_MALFORMED', message: '主体记录应恰为 {"id","stratum","salt","proof":[{"side":"L|R","hash":"64 位十六进制"}]}，不能有其他字段', path: 'entity' });
    const c = checkEntity(receipt.value, entity);
    if (!c.ok) return mismatch(c.error);
    lines.push(`- 主体“${entity.id}”：${c.value.summary}`);
  }
  return { exitCode: 0, output: `${lines.join('\n')}\n` };
}
