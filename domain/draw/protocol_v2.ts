/**
 * suiji-draw/2 (docs/draw-protocol.md §15–§17): no operator secret; the seed is
 * H(commitmentHash ‖ typed source values), the sources are declared in the commitment before they
 * exist (at least one outside source such as a future lottery issue), the commitment is anchored in
 * the operation log and a signed checkpoint, and a redraw carries the anchor of the attempt it replaces.
 *
 * The pool, quotas, tickets, lists and result hashes are those of /1 (protocol.ts).
 */
import { ok, type Result } from '../basics/result';
import { ce, field, fromHex, HASH_ALG, isNfc, isWellFormed, taggedHash, TICKET_ALG, toHex, u32be, type CanonicalValue } from './encoding';
import { drawError, type DrawError } from './errors';
import type { Anchor, AnchorBinding } from './anchor';
import type { PoolCommitment, PreparedPool, SaltMode } from './pool';
import { checkAttemptLink, drawResultPart, quotasOf, type CommittedStratum, type PublicResult, type StratumResult } from './protocol';
import { computeQuotas, type DrawParams } from './quota';
import { allSourceValues, checkSourceDeclarations, checkSourceValues, SOURCE_KEYS, type SourceDeclaration, type SourceValue } from './sources';
import { checkStratumKeyV2, checkTaskId, isCalendarDate, isNonBlank, parseInstant } from './text_rules';

export const PROTOCOL_V2 = 'suiji-draw/2';
export const ALGORITHM_V2 = `${HASH_ALG}+${TICKET_ALG}`;
export const TAG_V2 = { commitment: 'suiji/draw/v2/commitment', seed: 'suiji/draw/v2/seed' } as const;
export const MAX_ATTEMPT_V2 = 999;

/** The /2 commitment record (§16.1). All values are strings. */
export interface CommitmentV2 {
  readonly protocol: string;
  readonly algorithm: string;
  readonly taskId: string;
  readonly attempt: string;
  readonly previousCommitmentHash: string;
  readonly redrawReason: string;
  readonly redrawApprovedBy: string;
  readonly committedAt: string;
  /** The draw's date for the annual cap (威海第5条、曲阳第17条), YYYY-MM-DD. */
  readonly drawDate: string;
  /** At most this many random selections per entity per calendar year (default 2). */
  readonly annualCap: string;
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly params: DrawParams;
  readonly pool: { readonly size: string; readonly root: string; readonly saltMode: SaltMode };
  readonly strata: readonly CommittedStratum[];
  readonly ledgerHash: string;
  readonly inspectorPoolHash: string;
  readonly sources: readonly SourceDeclaration[];
  /** "" or the documented, approved reason for drawing from party sources (dice) alone. */
  readonly sourceException: string;
}

export interface ReceiptV2 {
  readonly protocol: string;
  readonly disclosure: 'full' | 'public';
  readonly commitment: CommitmentV2;
  readonly commitmentHash: string;
  readonly anchor: Anchor;
  /** The anchor of the previous attempt's commitment (attempt > 1 only). */
  readonly previousAnchor?: Anchor;
  readonly sourceValues: readonly SourceValue[];
  readonly seed: string;
  readonly result?: { readonly strata: readonly StratumResult[] };
  readonly publicResult: PublicResult;
  readonly publicResultHash: string;
  readonly privateResultHash: string;
  readonly resultHash: string;
}

export function commitmentValueV2(c: CommitmentV2): CanonicalValue {
  return {
    protocol: c.protocol,
    algorithm: c.algorithm,
    taskId: c.taskId,
    attempt: c.attempt,
    previousCommitmentHash: c.previousCommitmentHash,
    redrawReason: c.redrawReason,
    redrawApprovedBy: c.redrawApprovedBy,
    committedAt: c.committedAt,
    drawDate: c.drawDate,
    annualCap: c.annualCap,
    ruleVersions: { ...c.ruleVersions },
    params: {
      strata: c.params.strata.map((s) => ({ key: s.key, mode: s.mode, value: s.value, rounding: s.rounding, minPercent: s.minPercent, reserve: s.reserve })),
      minTotalPercent: c.params.minTotalPercent,
    },
    pool: { size: c.pool.size, root: c.pool.root, saltMode: c.pool.saltMode },
    strata: c.strata.map((s) => ({ key: s.key, size: s.size, quota: s.quota, reserve: s.reserve })),
    ledgerHash: c.ledgerHash,
    inspectorPoolHash: c.inspectorPoolHash,
    sources: c.sources.map((s) => Object.fromEntries(SOURCE_KEYS.map((k) => [k, s[k]]))),
    sourceException: c.sourceException,
  };
}

/** commitmentHash = SHA-256(field("suiji/draw/v2/commitment") ‖ ce(commitment)). */
export function hashCommitmentV2(c: CommitmentV2): string {
  return toHex(taggedHash(TAG_V2.commitment, [ce(commitmentValueV2(c))]));
}

/** What the operation-log row of the commitment must carry in its `detail` (§16.2). */
export function commitLogDetail(c: CommitmentV2): AnchorBinding {
  return { protocol: PROTOCOL_V2, taskId: c.taskId, attempt: c.attempt, commitmentHash: hashCommitmentV2(c) };
}

/** seed = SHA-256(field("suiji/draw/v2/seed") ‖ field(commitmentHash) ‖ u32be(m) ‖ (field(id) ‖ field(value))…) over all declared sources (§17.1). */
export function deriveSeedV2(commitmentHash: Uint8Array, values: readonly SourceValue[]): Uint8Array {
  const parts: Uint8Array[] = [field(commitmentHash), u32be(values.length)];
  for (const v of values) parts.push(field(v.id), field(v.value));
  return taggedHash(TAG_V2.seed, parts);
}

/** §18.1 step 5, in order: the fields /2 checks before the sources and the quotas. */
export function checkCommitmentFieldsV2(c: Pick<CommitmentV2, 'taskId' | 'committedAt' | 'drawDate' | 'annualCap' | 'attempt' | 'previousCommitmentHash' | 'redrawReason' | 'redrawApprovedBy' | 'ruleVersions'>, base = 'commitment'): Result<true, DrawError> {
  const task = checkTaskId(c.taskId, `${base}.taskId`);
  if (!task.ok) return task;
  if (parseInstant(c.committedAt) === undefined) return drawError('INVALID_PARAMS', `承诺时间“${c.committedAt}”须为 ISO-8601 时间（如 2025-03-03T09:00:00+08:00）`, `${base}.committedAt`);
  if (!isCalendarDate(c.drawDate)) return drawError('INVALID_PARAMS', `抽取日期“${c.drawDate}”须为有效的 YYYY-MM-DD 日期`, `${base}.drawDate`);
  if (!/^[1-9][0-9]{0,2}$/.test(c.annualCap)) return drawError('INVALID_PARAMS', `年度抽查上限“${c.annualCap}”须为 1–999 的整数`, `${base}.annualCap`);
  if (!/^[1-9][0-9]{0,2}$/.test(c.attempt)) return drawError('INVALID_PARAMS', `抽取次序“${c.attempt}”须为 1–${MAX_ATTEMPT_V2} 的整数`, `${base}.attempt`);
  // checkAttemptLink's "non-blank" is JavaScript's trim(), whose white space is exactly the set of §2.3.
  const link = checkAttemptLink(c);
  if (!link.ok) return link;
  for (const [k, v] of Object.entries(c.ruleVersions)) {
    for (const text of [k, v]) {
      if (!isNonBlank(text) || !isWellFormed(text) || !isNfc(text)) return drawError('INVALID_PARAMS', `规则版本“${k}”的名称和版本须为非空白的 NFC 文本`, `${base}.ruleVersions`);
    }
  }
  return ok(true);
}

export interface PreviousAttempt {
  readonly commitmentHash: string;
  readonly reason: string;
  readonly approvedBy: string;
}

export interface CommitmentV2Input {
  readonly taskId: string;
  readonly attempt: number;
  readonly previous?: PreviousAttempt;
  /** When the commitment is made, ISO-8601 with offset (the log row's time must not be earlier). */
  readonly committedAt: string;
  readonly drawDate: string;
  readonly annualCap: number;
  readonly ruleVersions: Readonly<Record<string, string>>;
  readonly params: DrawParams;
  readonly pool: PoolCommitment;
  readonly ledgerHash: string;
  readonly inspectorPoolHash: string;
  readonly sources: readonly SourceDeclaration[];
  readonly sourceException?: string;
}

/**
 * Builds a /2 commitment from the frozen pool, the parameters, the declared sources, the draw date,
 * the annual cap and (for a redraw) the previous attempt; every rule of §18.1 step 5 is checked.
 */
export function makeCommitmentV2(input: CommitmentV2Input): Result<CommitmentV2, DrawError> {
  for (const [i, s] of input.params.strata.entries()) {
    const k = checkStratumKeyV2(s.key, `commitment.params.strata[${i}].key`);
    if (!k.ok) return k;
  }
  const quotas = computeQuotas(input.params, input.pool.stratumSizes);
  if (!quotas.ok) return quotas;
  for (const [h, name] of [[input.ledgerHash, 'ledgerHash'], [input.inspectorPoolHash, 'inspectorPoolHash']] as const) {
    if (h !== '' && !fromHex(h, 32)) return drawError('INVALID_PARAMS', `${name} 须为 64 位小写十六进制或空`, `commitment.${name}`);
  }
  const commitment: CommitmentV2 = {
    protocol: PROTOCOL_V2,
    algorithm: ALGORITHM_V2,
    taskId: input.taskId,
    attempt: String(input.attempt),
    previousCommitmentHash: input.previous?.commitmentHash ?? '',
    redrawReason: input.previous?.reason ?? '',
    redrawApprovedBy: input.previous?.approvedBy ?? '',
    committedAt: input.committedAt,
    drawDate: input.drawDate,
    annualCap: String(input.annualCap),
    ruleVersions: { ...input.ruleVersions },
    params: input.params,
    pool: { size: String(input.pool.size), root: input.pool.root, saltMode: input.pool.saltMode },
    strata: quotas.value.map((q) => ({ key: q.key, size: String(q.size), quota: String(q.quota), reserve: String(q.reserve) })),
    ledgerHash: input.ledgerHash,
    inspectorPoolHash: input.inspectorPoolHash,
    sources: input.sources.map((s) => ({ ...s })),
    sourceException: input.sourceException ?? '',
  };
  const fields = checkCommitmentFieldsV2(commitment);
  if (!fields.ok) return fields;
  const sources = checkSourceDeclarations(commitment.sources, commitment.sourceException);
  if (!sources.ok) return sources;
  return ok(commitment);
}

/**
 * Runs a /2 draw once the entered source values exist: checks the pool against the commitment and
 * each value against its grammar, derives the seed and returns the full receipt. The anchors are
 * the published proofs of §16.3 (the caller fetched them from the log and the checkpoint).
 */
export function executeDrawV2(pool: PreparedPool, poolCommitment: PoolCommitment, commitment: CommitmentV2, sourceValues: readonly SourceValue[], anchor: Anchor, previousAnchor?: Anchor): Result<ReceiptV2, DrawError> {
  if (poolCommitment.root !== commitment.pool.root || String(poolCommitment.size) !== commitment.pool.size || pool.saltMode !== commitment.pool.saltMode) {
    return drawError('POOL_MISMATCH', '名录库与承诺记录不一致（条目数、根哈希或加盐模式不同）', 'commitment.pool');
  }
  const values = checkSourceValues(commitment.sources, sourceValues);
  if (!values.ok) return values;
  const commitmentHash = hashCommitmentV2(commitment);
  const seed = deriveSeedV2(fromHex(commitmentHash, 32) as Uint8Array, allSourceValues(commitment.sources, sourceValues));
  const part = drawResultPart(pool, quotasOf(commitment), commitmentHash, seed);
  return ok({
    protocol: PROTOCOL_V2,
    disclosure: 'full',
    commitment,
    commitmentHash,
    anchor,
    ...(previousAnchor ? { previousAnchor } : {}),
    sourceValues: sourceValues.map((v) => ({ id: v.id, value: v.value })),
    seed: toHex(seed),
    ...part,
  });
}

/** The publishable form: drops the per-stratum lists (which reveal strata) and keeps their hash. */
export function toPublicReceiptV2(receipt: ReceiptV2): ReceiptV2 {
  const { result: _result, ...rest } = receipt;
  return { ...rest, disclosure: 'public' };
}
