/**
 * Helpers shared by the draw tests, the golden-vector generator and the benchmark: build a
 * commitment and a receipt from plain entries in one call. Pure (no clock, no randomness: the
 * caller passes the server secret).
 */
import { ok, type Result } from '../basics/result';
import type { DrawError } from './errors';
import { packPool, preparePool, type PackedPool, type PoolEntry, type SaltMode } from './pool';
import { executeDraw, makeCommitment, type Commitment, type RandomnessSource, type RandomnessValue, type Receipt } from './protocol';
import type { DrawParams, RoundingRule, StratumParams } from './quota';

export interface DrawFixture {
  readonly entries: readonly PoolEntry[];
  readonly params: DrawParams;
  readonly saltMode: SaltMode;
  readonly serverSecret: Uint8Array;
  readonly randomness?: readonly RandomnessValue[];
  readonly sources?: readonly RandomnessSource[];
  readonly taskId?: string;
  readonly committedAt?: string;
  readonly attempt?: number;
  readonly previousCommitmentHash?: string;
  readonly redrawReason?: string;
  readonly redrawApprovedBy?: string;
  /** The commitment's ledgerHash (§4.3), when the pool was built from a ledger. */
  readonly ledgerHash?: string;
}

export const DEFAULT_SOURCES: readonly RandomnessSource[] = [
  { id: 'dice', kind: 'dice', description: '监督人员现场掷骰 8 次，按顺序录入点数，以空格分隔' },
];
export const DEFAULT_VALUES: readonly RandomnessValue[] = [{ id: 'dice', value: '3 1 4 1 5 2 6 5' }];

/** Ratio parameters for the given keys with one rounding rule. */
export function ratioParams(keys: readonly string[], percent: string, rounding: RoundingRule = 'half_up', extra: Partial<StratumParams> = {}): DrawParams {
  return {
    strata: [...keys].sort().map((key) => ({ key, mode: 'ratio', value: percent, rounding, minPercent: '', reserve: '', ...extra })),
    minTotalPercent: '',
  };
}

export interface FixtureResult {
  readonly pool: PackedPool;
  readonly commitment: Commitment;
  readonly receipt: Receipt;
}

export function runFixture(f: DrawFixture): Result<FixtureResult, DrawError> {
  const packed = packPool(f.entries, f.params.strata.map((s) => s.key), f.saltMode);
  if (!packed.ok) return packed;
  const { prepared, commitment: pc } = preparePool(packed.value);
  const c = makeCommitment({
    taskId: f.taskId ?? 'TASK-2025-001',
    attempt: f.attempt ?? 1,
    ...(f.previousCommitmentHash === undefined ? {} : { previousCommitmentHash: f.previousCommitmentHash }),
    ...(f.redrawReason === undefined ? {} : { redrawReason: f.redrawReason }),
    ...(f.redrawApprovedBy === undefined ? {} : { redrawApprovedBy: f.redrawApprovedBy }),
    ...(f.ledgerHash === undefined ? {} : { ledgerHash: f.ledgerHash }),
    committedAt: f.committedAt ?? '2025-03-03T09:00:00+08:00',
    ruleVersions: { 'eligibility.annual-cap': 'v1 威海第5条、曲阳第17条' },
    params: f.params,
    pool: pc,
    serverSecret: f.serverSecret,
    randomness: f.sources ?? DEFAULT_SOURCES,
  });
  if (!c.ok) return c;
  const r = executeDraw(prepared, pc, c.value, f.randomness ?? DEFAULT_VALUES, f.serverSecret);
  if (!r.ok) return r;
  return ok({ pool: packed.value, commitment: c.value, receipt: r.value });
}
