/**
 * Helpers shared by the /2 tests and the golden-vector generator: a deterministic Ed25519 key, log
 * rows chained like server/audit/chain.ts, signed `suiji-checkpoint/1` checkpoints, and a whole /2
 * draw from plain entries. Pure apart from signing (Ed25519 is deterministic).
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { ok, type Result } from '../basics/result';
import { eventsDigest } from '../audit/row_hash';
import { CHECKPOINT_FORMAT, checkpointMessage, COMMIT_ACTION, keyIdOf, logRowHash, type Anchor, type AnchorBinding, type Checkpoint, type LogRow } from './anchor';
import { field, taggedHash } from './encoding';
import type { DrawError } from './errors';
import { packPool, preparePool, type PackedPool, type PoolEntry, type SaltMode } from './pool';
import { commitLogDetail, executeDrawV2, makeCommitmentV2, type CommitmentV2, type CommitmentV2Input, type ReceiptV2 } from './protocol_v2';
import type { DrawParams } from './quota';
import type { SourceDeclaration, SourceValue } from './sources';

export interface TestKey {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A deterministic signing key derived from a label (tests and vectors only). */
export function testKey(label: string): TestKey {
  const seed = taggedHash('suiji/test-key', [field(label)]);
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return { seed, publicKey: new Uint8Array(spki.subarray(spki.length - 32)) };
}

export function signCheckpoint(key: TestKey, seq: number, headHash: string, at: string): Checkpoint {
  const unsigned = { format: CHECKPOINT_FORMAT, seq, headHash, at, keyId: keyIdOf(key.publicKey) } as const;
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, key.seed]), format: 'der', type: 'pkcs8' });
  return { ...unsigned, signature: sign(null, checkpointMessage(unsigned), priv).toString('base64') };
}

/**
 * A row chained like server/audit/chain.ts writes it: version 2 with the digest of one domain event
 * (type = action, payload = detail), or version 1 (no digest) as before migration 0009.
 */
export function logRow(seq: number, prevHash: string, at: string, action: string, detail: Record<string, unknown>, hashVersion: 1 | 2 = 2): LogRow {
  const content = {
    seq, hashVersion, at, actorId: '6f1d2c4e-0000-4000-8000-000000000001', actorName: '王五', actorDepartmentId: null, actorRegionCode: '371000',
    action, summary: action === COMMIT_ACTION ? '抽取承诺' : '其他操作', targetType: 'task', targetId: null, outcome: 'success', errorCode: null,
    ip: null, method: 'POST', path: '/api/tasks/draw', detail,
    eventsDigest: hashVersion === 1 ? null : eventsDigest([{ type: action, payload: detail, at }]),
  };
  return { ...content, prevHash, hash: logRowHash(prevHash, content) };
}

export interface AnchorOptions {
  readonly key: TestKey;
  readonly seq: number;
  readonly prevHash: string;
  readonly rowAt: string;
  readonly checkpointAt: string;
  /** Rows appended after the commitment's row before the checkpoint. */
  readonly after?: readonly { action: string; detail: Record<string, unknown>; hashVersion?: 1 | 2 }[];
  /** The commitment row's hash version (2 unless a vector needs a row from before migration 0009). */
  readonly hashVersion?: 1 | 2;
}

/** The commitment's row, the rows after it, and a checkpoint signed over the last one. */
export function anchorFor(binding: AnchorBinding, o: AnchorOptions): Anchor {
  const rows: LogRow[] = [logRow(o.seq, o.prevHash, o.rowAt, COMMIT_ACTION, { ...binding }, o.hashVersion)];
  for (const a of o.after ?? []) {
    const last = rows[rows.length - 1] as LogRow;
    rows.push(logRow(last.seq + 1, last.hash, o.rowAt, a.action, a.detail, a.hashVersion));
  }
  const last = rows[rows.length - 1] as LogRow;
  return { rows, checkpoint: signCheckpoint(o.key, last.seq, last.hash, o.checkpointAt) };
}

export const LOTTERY_SSQ: SourceDeclaration = {
  id: 'ssq', type: 'lottery', name: 'fc-ssq', round: '2025024', count: '', availableAt: '2025-03-04T13:15:00Z', value: '',
  description: '2025-03-04 21:15（北京时间）开奖的福彩双色球第 2025024 期开奖号码',
};
export const DICE_COMMITTED: SourceDeclaration = {
  id: 'dice', type: 'dice', name: '', round: '', count: '8', availableAt: '2025-03-03T00:30:00Z', value: '3 1 4 1 5 2 6 5',
  description: '承诺前监督人员现场掷骰 8 次，按顺序记录点数',
};

export interface DrawFixtureV2 {
  readonly entries: readonly PoolEntry[];
  readonly params: DrawParams;
  readonly saltMode: SaltMode;
  readonly sources: readonly SourceDeclaration[];
  readonly sourceValues: readonly SourceValue[];
  readonly key: TestKey;
  readonly commitment?: Partial<Omit<CommitmentV2Input, 'params' | 'pool' | 'sources'>>;
  readonly anchor?: Partial<Omit<AnchorOptions, 'key'>>;
  readonly previousAnchor?: Anchor;
}

export interface FixtureV2Result {
  readonly pool: PackedPool;
  readonly commitment: CommitmentV2;
  readonly receipt: ReceiptV2;
}

export function runFixtureV2(f: DrawFixtureV2): Result<FixtureV2Result, DrawError> {
  const packed = packPool(f.entries, f.params.strata.map((s) => s.key), f.saltMode);
  if (!packed.ok) return packed;
  const { prepared, commitment: pc } = preparePool(packed.value);
  const c = makeCommitmentV2({
    taskId: '威临市监随〔2025〕7号',
    attempt: 1,
    committedAt: '2025-03-03T09:00:00+08:00',
    drawDate: '2025-03-05',
    annualCap: 2,
    ruleVersions: { 'eligibility.annual-cap': 'v1 威海第5条、曲阳第17条' },
    ledgerHash: '',
    inspectorPoolHash: '',
    ...f.commitment,
    params: f.params,
    pool: pc,
    sources: f.sources,
  });
  if (!c.ok) return c;
  const anchor = anchorFor(commitLogDetail(c.value), { key: f.key, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z', ...f.anchor });
  const r = executeDrawV2(prepared, pc, c.value, f.sourceValues, anchor, f.previousAnchor);
  if (!r.ok) return r;
  return ok({ pool: packed.value, commitment: c.value, receipt: r.value });
}
