/**
 * Anchoring of a suiji-draw/2 commitment (docs/draw-protocol.md §16): the commitment's hash is in a
 * row of the hash-chained operation log, and a signed checkpoint (`suiji-checkpoint/1`, Ed25519)
 * covering that row was published before any random value existed. This checks it from published
 * data only: the rows from the commitment's row to the checkpoint, the checkpoint and the public key.
 */
import { ok, type Result } from '../basics/result';
import { CHECKPOINT_FORMAT, checkpointMessage, keyIdOf, publicKeyFromRaw, verifyCheckpointSignature, type Checkpoint as SignedCheckpoint } from '../audit/checkpoint';
import { rowHashFromDigest, ROW_HASH_VERSION, type HashedFields } from '../audit/row_hash';
import { drawError, type DrawError } from './errors';
import { parseInstant } from './text_rules';

export { CHECKPOINT_FORMAT, checkpointMessage, keyIdOf };
export const COMMIT_ACTION = 'draw.commit';

/**
 * One operation-log row as published (§16.2): the fields its hash covers (domain/audit/row_hash.ts),
 * its `hashVersion`, the digest of its domain events (`null` for version 1, which covers none) and
 * its chain hashes. The events themselves are not published: the digest is all the hash needs.
 */
export interface LogRow extends HashedFields {
  readonly eventsDigest: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const LOG_ROW_KEYS = ['seq', 'hashVersion', 'at', 'actorId', 'actorName', 'actorDepartmentId', 'actorRegionCode', 'action', 'summary', 'targetType', 'targetId', 'outcome', 'errorCode', 'ip', 'method', 'path', 'detail', 'eventsDigest', 'prevHash', 'hash'] as const;
/** Row fields that are a string or null; `action`, `summary`, `outcome`, `method`, `path` are strings. */
export const NULLABLE_ROW_KEYS = ['actorId', 'actorName', 'actorDepartmentId', 'actorRegionCode', 'targetType', 'targetId', 'errorCode', 'ip', 'eventsDigest'] as const;

/** A `suiji-checkpoint/1` checkpoint (domain/audit/checkpoint.ts) as read from a receipt, before its format is checked. */
export interface Checkpoint extends Omit<SignedCheckpoint, 'format'> {
  readonly format: string;
}

export const CHECKPOINT_KEYS = ['format', 'seq', 'headHash', 'at', 'keyId', 'signature'] as const;

export interface Anchor {
  readonly rows: readonly LogRow[];
  readonly checkpoint: Checkpoint;
}

/** What the commitment row must bind (§16.2). */
export interface AnchorBinding {
  readonly protocol: string;
  readonly taskId: string;
  readonly attempt: string;
  readonly commitmentHash: string;
}

/** The hash of a published row (§16.2): the operation log's own formula over the row and its `eventsDigest`. */
export function logRowHash(prevHash: string, row: Omit<LogRow, 'prevHash' | 'hash'>): string {
  const { eventsDigest, ...fields } = row;
  return rowHashFromDigest(prevHash, fields, eventsDigest);
}

/** Strict base64 (RFC 4648, padded) → bytes, or undefined. */
export function fromBase64(s: string): Uint8Array | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  const b = new Uint8Array(Buffer.from(s, 'base64'));
  return Buffer.from(b).toString('base64') === s ? b : undefined;
}

const ROW_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The checkpoint's Ed25519 signature under a raw 32-byte key (domain/audit/checkpoint.ts); a malformed key verifies nothing. */
function signatureVerifies(checkpoint: SignedCheckpoint, publicKey: Uint8Array): boolean {
  try {
    return verifyCheckpointSignature(checkpoint, publicKeyFromRaw(publicKey));
  } catch {
    return false;
  }
}

function fail(path: string, message: string): Result<never, DrawError> {
  return drawError('ANCHOR_MISMATCH', message, path);
}

/**
 * §16.3 steps 1–4: the first row binds the commitment, the rows chain to the checkpoint's head, and
 * the checkpoint is signed by the given key. Returns the instants of the row and of the checkpoint.
 */
export function verifyAnchor(anchor: Anchor, binding: AnchorBinding, publicKey: Uint8Array, path: string): Result<{ rowAt: number; checkpointAt: number; rowSeq: number }, DrawError> {
  const first = anchor.rows[0];
  if (!first) return fail(`${path}.rows`, '锚定记录须至少包含承诺所在的操作日志行');
  if (first.action !== COMMIT_ACTION) return fail(`${path}.rows[0].action`, `第一行应为抽取承诺（${COMMIT_ACTION}），实际为“${first.action}”`);
  for (const key of ['protocol', 'taskId', 'attempt', 'commitmentHash'] as const) {
    if (first.detail[key] !== binding[key]) return fail(`${path}.rows[0].detail.${key}`, `操作日志行记录的 ${key} 为“${String(first.detail[key])}”，与本次承诺的“${binding[key]}”不符`);
  }
  for (const [i, row] of anchor.rows.entries()) {
    const p = `${path}.rows[${i}]`;
    const prev = i > 0 ? (anchor.rows[i - 1] as LogRow) : undefined;
    if (!Number.isSafeInteger(row.seq) || row.seq < 1) return fail(`${p}.seq`, '序号须为正整数');
    if (row.hashVersion !== 1 && row.hashVersion !== ROW_HASH_VERSION) return fail(`${p}.hashVersion`, `哈希版本须为 1 或 ${ROW_HASH_VERSION}`);
    if (prev && row.hashVersion < prev.hashVersion) return fail(`${p}.hashVersion`, '哈希版本不能低于上一行（版本只升不降）');
    if (!ROW_AT.test(row.at) || parseInstant(row.at) === undefined) return fail(`${p}.at`, '时间须为 YYYY-MM-DDTHH:MM:SS.sssZ');
    if (!HEX64.test(row.prevHash) || !HEX64.test(row.hash)) return fail(`${p}.hash`, '哈希须为 64 位小写十六进制');
    if (row.hashVersion === 1 ? row.eventsDigest !== null : row.eventsDigest === null || !HEX64.test(row.eventsDigest)) {
      return fail(`${p}.eventsDigest`, '领域事件摘要：版本 1 的行须为 null，版本 2 的行须为 64 位小写十六进制');
    }
    if (prev) {
      if (row.seq !== prev.seq + 1) return fail(`${p}.seq`, `序号应为 ${prev.seq + 1}，实际为 ${row.seq}（日志行不连续）`);
      if (row.prevHash !== prev.hash) return fail(`${p}.prevHash`, '前一行哈希与上一行不符（哈希链断开）');
    }
    const { prevHash: _p, hash: _h, ...content } = row;
    if (logRowHash(row.prevHash, content) !== row.hash) return fail(`${p}.hash`, `第 ${row.seq} 行的内容与其哈希不符（日志行被改动）`);
  }
  const last = anchor.rows[anchor.rows.length - 1] as LogRow;
  const cp = anchor.checkpoint;
  if (cp.format !== CHECKPOINT_FORMAT) return fail(`${path}.checkpoint.format`, `检查点格式应为 ${CHECKPOINT_FORMAT}`);
  if (cp.seq !== last.seq || cp.headHash !== last.hash) return fail(`${path}.checkpoint.headHash`, `检查点（第 ${cp.seq} 行）与提供的日志行末行（第 ${last.seq} 行）不符`);
  const cpAt = /Z$/.test(cp.at) ? parseInstant(cp.at) : undefined;
  if (cpAt === undefined) return fail(`${path}.checkpoint.at`, '检查点时间须为协调世界时的 ISO-8601 时间');
  if (cp.keyId !== keyIdOf(publicKey)) return fail(`${path}.checkpoint.keyId`, `检查点的密钥编号 ${cp.keyId} 不是所给公钥的编号 ${keyIdOf(publicKey)}`);
  const signature = fromBase64(cp.signature);
  if (!signature || !signatureVerifies({ ...cp, format: CHECKPOINT_FORMAT }, publicKey)) return fail(`${path}.checkpoint.signature`, '检查点签名无效（不是该公钥对检查点内容的 Ed25519 签名）');
  const rowAt = parseInstant(first.at) as number;
  if (cpAt < rowAt) return fail(`${path}.checkpoint.at`, '检查点时间早于承诺所在日志行的时间');
  return ok({ rowAt, checkpointAt: cpAt, rowSeq: first.seq });
}
