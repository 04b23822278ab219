/** Shared state of one matching run (domain/matching/match.ts) and of its explanations (explain.ts). */
import type { Inspector, MatchObject, MatchRules } from './types';

export interface DeptObject {
  /** Global object index. */
  readonly o: number;
  readonly demand: number;
  readonly expertise: string | undefined;
  /** Inspectors appointed directly (直接委派) to this slot: already placed, not drawn (global indices). */
  readonly appointed: readonly number[];
}

export interface Context {
  readonly objects: readonly MatchObject[];
  readonly inspectors: readonly Inspector[];
  readonly rules: MatchRules;
  readonly costEncrypt: (b: Uint8Array) => Uint8Array;
  readonly objectDigest: readonly Uint8Array[];
  /** D_o[0..8) of every object as two raw 32-bit words. */
  readonly objectDigest32: Uint32Array;
  readonly inspectorDigest: readonly Uint8Array[];
  readonly expertiseSets: readonly ReadonlySet<string>[];
  /** Entities each inspector must not inspect (declared conflicts and recent inspections). */
  readonly recusals: readonly (ReadonlySet<string> | undefined)[];
  readonly recentInspections: readonly (ReadonlySet<string> | undefined)[];
  readonly certificateOk: readonly boolean[];
}

/** An inspector's workload cap: the rule's, or a lower personal one. */
export function capOf(ctx: Context, i: number): number {
  const personal = (ctx.inspectors[i] as Inspector).maxObjects;
  return personal === undefined ? ctx.rules.maxObjectsPerInspector : Math.min(personal, ctx.rules.maxObjectsPerInspector);
}
