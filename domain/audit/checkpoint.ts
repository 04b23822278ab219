/**
 * 全程留痕 anchored outside the database: a signed checkpoint states "row `seq` of the operation log
 * had hash `headHash` at `at`", signed with an Ed25519 key the database does not hold. A copy kept
 * elsewhere (an auditor's disk, the public portal) proves that the chain up to `seq` was not
 * truncated, cut short or re-chained later: any of these changes row `seq` or its hash.
 * Format `suiji-checkpoint/1` (docs/decisions/0006-signed-audit-checkpoints.md).
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../basics/canonical_json';
import { err, ok, type Result } from '../basics/result';

export const CHECKPOINT_FORMAT = 'suiji-checkpoint/1';

export interface CheckpointPayload {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly seq: number;
  /** The hash of operation_log row `seq` (64 hex). */
  readonly headHash: string;
  /** ISO-8601 UTC. */
  readonly at: string;
  /** First 16 hex of SHA-256 of the raw 32-byte public key. */
  readonly keyId: string;
}

export interface Checkpoint extends CheckpointPayload {
  /** Base64 Ed25519 signature over `checkpointMessage` of the payload. */
  readonly signature: string;
}

/** The bytes that are signed: the canonical JSON of the checkpoint without its signature. */
export function checkpointMessage(checkpoint: CheckpointPayload): Buffer {
  const { format, seq, headHash, at, keyId } = checkpoint;
  return Buffer.from(canonicalJson({ format, seq, headHash, at, keyId }), 'utf8');
}

/** The raw 32-byte Ed25519 public key of a key object (from its JWK `x`). */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyIdOf(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** An Ed25519 public key from its raw 32 bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(rawPublicKey(publicKey))) return false;
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.length !== 64) return false;
  return verify(null, checkpointMessage(checkpoint), publicKey, signature);
}

const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads one checkpoint from parsed JSON, naming the first field that does not fit the format. */
export function parseCheckpoint(value: unknown): Result<Checkpoint, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return err('不是 JSON 对象');
  const v = value as Record<string, unknown>;
  if (v['format'] !== CHECKPOINT_FORMAT) return err(`format 应为 ${CHECKPOINT_FORMAT}`);
  const seq = v['seq'];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return err('seq 应为正整数');
  const { headHash, at, keyId, signature } = v;
  if (typeof headHash !== 'string' || !HEX64.test(headHash)) return err('headHash 应为 64 位十六进制');
  if (typeof at !== 'string' || !ISO_UTC.test(at)) return err('at 应为 ISO-8601 UTC 时间');
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return err('keyId 应为 16 位十六进制');
  if (typeof signature !== 'string' || !BASE64.test(signature)) return err('signature 应为 base64');
  return ok({ format: CHECKPOINT_FORMAT, seq, headHash, at, keyId, signature });
}

export type CheckpointProblem = 'signature' | 'missing' | 'mismatch';

export interface CheckpointFinding {
  readonly checkpoint: Checkpoint;
  readonly problem: CheckpointProblem;
  readonly message: string;
}

export interface CheckpointComparison {
  readonly checked: number;
  readonly findings: readonly CheckpointFinding[];
  /** The highest seq a valid checkpoint vouches for (0 when none). */
  readonly anchoredSeq: number;
}

/**
 * Compares checkpoints with the chain: each must carry a valid signature of `publicKey`, and row
 * `seq` must exist with exactly `headHash`. A missing row means the log was cut (tail deleted,
 * truncated); another hash means a row at or before `seq` was changed and the chain recomputed.
 * `hashes` maps seq → stored hash for (at least) every checkpoint's seq that exists.
 */
export function compareCheckpoints(checkpoints: readonly Checkpoint[], publicKey: KeyObject, hashes: ReadonlyMap<number, string>): CheckpointComparison {
  const findings: CheckpointFinding[] = [];
  let anchoredSeq = 0;
  for (const checkpoint of checkpoints) {
    const label = `检查点（第 ${checkpoint.seq} 条，${checkpoint.at}）`;
    if (!verifyCheckpointSignature(checkpoint, publicKey)) {
      findings.push({ checkpoint, problem: 'signature', message: `${label}的签名无效或不是此公钥所签：检查点被伪造或改动` });
      continue;
    }
    const stored = hashes.get(checkpoint.seq);
    if (stored === undefined) {
      findings.push({ checkpoint, problem: 'missing', message: `${label}：数据库中已没有第 ${checkpoint.seq} 条操作日志——日志尾部被删除或被清空（TRUNCATE）` });
    } else if (stored !== checkpoint.headHash) {
      findings.push({ checkpoint, problem: 'mismatch', message: `${label}：第 ${checkpoint.seq} 条的哈希与签名时不同——此前的记录被改动并重算了哈希链` });
    } else {
      anchoredSeq = Math.max(anchoredSeq, checkpoint.seq);
    }
  }
  return { checked: checkpoints.length, findings, anchoredSeq };
}
