/**
 * 复核本次抽取 (issue #11 item 2): checks a published suiji-draw/2 receipt with the domain verifier the CLI's
 * `verify-draw` runs (domain/draw/verify_v2.ts, entity_check.ts — the same modules, not a copy), against what was
 * published separately: the commitment hash, the task's attempt list, the checkpoint and its public key. Optional: an
 * entity's own record (its stratum, salt and audit path, which only the entity is given) to see whether it was rightly
 * drawn or rightly not drawn, and the pool file of a designated verifier for a full recomputation.
 *
 * Runs in the verification worker (verify_worker.ts) and in unit tests; in the browser `node:crypto` is the adapter
 * ./node_crypto.ts, whose Ed25519 answers come from WebCrypto, so checkpoint signatures are checked here first.
 */
import { checkpointMessage } from '../../../domain/audit/checkpoint';
import { fromBase64 } from '../../../domain/draw/anchor';
import { parseAttemptList } from '../../../domain/draw/attempts';
import { fromHex } from '../../../domain/draw/encoding';
import { checkEntity, type EntityRecord } from '../../../domain/draw/entity_check';
import { parsePoolCsv } from '../../../domain/draw/pool_file';
import { findDuplicateKey } from '../../../domain/draw/strict_json';
import { parseCheckpoint, parseReceiptV2, verifyReceiptV2, type VerifyV2Options } from '../../../domain/draw/verify_v2';

/** What the portal fetched (JSON values as the public API answered them) and what the visitor added. */
export interface PublishedDraw {
  readonly receipt: unknown;
  /** base64 of the raw 32-byte Ed25519 key (GET /api/public/audit/checkpoint-key). */
  readonly publicKey: string;
  readonly commitmentHash?: string;
  readonly attempts?: unknown;
  readonly checkpoint?: unknown;
  /** The entity's own record as text (JSON {id, stratum, salt, proof}). */
  readonly entity?: string;
  /** The pool file (CSV), held by designated verifiers only. */
  readonly pool?: string;
}

export interface EntityFinding {
  readonly id: string;
  readonly stratum: string;
  readonly ticket: string;
  readonly threshold: string;
  readonly selected: boolean;
  readonly summary: string;
}

export type Verdict =
  | { readonly result: 'MATCH'; readonly scope: 'recomputed' | 'receipt-only'; readonly checked: readonly string[]; readonly entity?: EntityFinding }
  | { readonly result: 'MISMATCH'; readonly code: string; readonly message: string; readonly path?: string; readonly checked: readonly string[] };

/** Gives a signature checker its answers ahead of time (the browser's WebCrypto is asynchronous). */
export type Preverify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

function mismatch(code: string, message: string, checked: readonly string[], path?: string): Verdict {
  return { result: 'MISMATCH', code, message, checked, ...(path === undefined ? {} : { path }) };
}

/** Every `suiji-checkpoint/1` object inside a JSON value (the receipt's anchors, the published checkpoint). */
function checkpointsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) checkpointsIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (o['format'] === 'suiji-checkpoint/1' && typeof o['signature'] === 'string') out.push(o);
    else for (const v of Object.values(o)) checkpointsIn(v, out);
  }
  return out;
}

async function preverifyAll(draw: PublishedDraw, publicKey: Uint8Array, preverify: Preverify): Promise<void> {
  for (const cp of checkpointsIn([draw.receipt, draw.checkpoint])) {
    const { format, seq, headHash, at, keyId, signature } = cp;
    if (typeof seq !== 'number' || typeof headHash !== 'string' || typeof at !== 'string' || typeof keyId !== 'string' || typeof signature !== 'string') continue;
    const sig = fromBase64(signature);
    if (!sig) continue;
    await preverify(publicKey, new Uint8Array(checkpointMessage({ format: format as 'suiji-checkpoint/1', seq, headHash, at, keyId })), sig);
  }
}

/** §18.2: the entity record is exactly {id, stratum, salt, proof}, each step exactly {side, hash}. */
function parseEntity(text: string): EntityRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (findDuplicateKey(text) !== undefined) return undefined;
  const exact = (v: unknown, keys: readonly string[]): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === keys.length && keys.every((k) => k in v);
  if (!exact(value, ['id', 'stratum', 'salt', 'proof']) || typeof value.id !== 'string' || typeof value.stratum !== 'string' || typeof value.salt !== 'string' || !Array.isArray(value.proof)) return undefined;
  const proof: { side: 'L' | 'R'; hash: string }[] = [];
  for (const s of value.proof as unknown[]) {
    if (!exact(s, ['side', 'hash']) || (s.side !== 'L' && s.side !== 'R') || typeof s.hash !== 'string' || !fromHex(s.hash, 32)) return undefined;
    proof.push({ side: s.side, hash: s.hash });
  }
  return { id: value.id, stratum: value.stratum, salt: value.salt, proof };
}

/** Verifies a published draw; MATCH with what was checked, or the first difference. */
export async function verifyPublishedDraw(draw: PublishedDraw, preverify: Preverify): Promise<Verdict> {
  const receipt = parseReceiptV2(draw.receipt);
  if (!receipt.ok) return mismatch(receipt.error.code, receipt.error.message, [], receipt.error.path);
  const publicKey = fromBase64(draw.publicKey) ?? fromHex(draw.publicKey, 32);
  if (publicKey?.length !== 32) return mismatch('PUBLIC_KEY_INVALID', '检查点公钥不是 32 字节的 Ed25519 公钥', []);
  await preverifyAll(draw, publicKey, preverify);
  const options: { -readonly [K in keyof VerifyV2Options]: VerifyV2Options[K] } = { publicKey };
  if (draw.commitmentHash !== undefined) options.publishedCommitmentHash = draw.commitmentHash;
  if (draw.attempts !== undefined) {
    const list = parseAttemptList(draw.attempts);
    if (!list.ok) return mismatch(list.error.code, list.error.message, [], list.error.path);
    options.attempts = list.value;
  }
  if (draw.checkpoint !== undefined) {
    const cp = parseCheckpoint(draw.checkpoint, 'checkpoint');
    if (!cp.ok) return mismatch('ANCHOR_MISMATCH', cp.error.message, [], cp.error.path);
    options.checkpoint = cp.value;
  }
  let pool;
  if (draw.pool !== undefined) {
    const p = parsePoolCsv(draw.pool, receipt.value.commitment.pool.saltMode);
    if (!p.ok) return mismatch(p.error.code, p.error.message, [], p.error.path);
    pool = p.value;
  }
  const r = verifyReceiptV2(receipt.value, options, pool);
  if (!r.ok) return mismatch(r.error.code, r.error.message, [], r.error.path);
  if (draw.entity === undefined) return { result: 'MATCH', scope: r.value.scope, checked: r.value.checked };
  const entity = parseEntity(draw.entity);
  if (!entity) return mismatch('RECEIPT_MALFORMED', '主体核验记录应恰为 {"id","stratum","salt","proof":[{"side":"L|R","hash":"64 位十六进制"}]}', r.value.checked, 'entity');
  const c = checkEntity(receipt.value, entity);
  if (!c.ok) return mismatch(c.error.code, c.error.message, r.value.checked, c.error.path);
  return { result: 'MATCH', scope: r.value.scope, checked: r.value.checked, entity: { id: entity.id, stratum: entity.stratum, ...c.value } };
}
