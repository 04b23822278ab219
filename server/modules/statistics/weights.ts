/**
 * 考核权重 per region (长春第27条), kept with the region's other workflow settings (approval_chain_settings, record type
 * 'weights'); a region without its own uses its city's, then its province's, then domain/statistics DEFAULT_WEIGHTS.
 */
import { eq } from 'drizzle-orm';
import { DEFAULT_WEIGHTS, validateWeights, type AssessmentWeights } from '../../../domain/statistics/assessment';
import type { Db } from '../../db/database';
import { approvalChainSettings } from '../../db/schema';

export const WEIGHTS_RECORD = 'weights';

export interface RegionWeights {
  /** The region whose setting applies, or null for the defaults. */
  readonly source: string | null;
  readonly weights: AssessmentWeights;
}

/** Every region's stored weights (a handful of rows), for resolving many regions at once. */
export async function storedWeights(db: Db): Promise<Map<string, AssessmentWeights>> {
  const rows = await db.select({ regionCode: approvalChainSettings.regionCode, chain: approvalChainSettings.chain }).from(approvalChainSettings)
    .where(eq(approvalChainSettings.recordType, WEIGHTS_RECORD));
  const map = new Map<string, AssessmentWeights>();
  for (const row of rows) {
    const checked = validateWeights((row.chain ?? {}) as Record<string, unknown>);
    if (checked.ok) map.set(row.regionCode, checked.value);
  }
  return map;
}

/** The weights that apply to a region: its own, its city's, its province's, else the defaults. */
export function weightsFor(stored: ReadonlyMap<string, AssessmentWeights>, regionCode: string | null): RegionWeights {
  if (regionCode) {
    for (const code of [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`]) {
      const weights = stored.get(code);
      if (weights) return { source: code, weights };
    }
  }
  return { source: null, weights: DEFAULT_WEIGHTS };
}

export async function saveWeights(tx: Db, regionCode: string, weights: AssessmentWeights, actorId: string, now: Date): Promise<void> {
  await tx.insert(approvalChainSettings).values({ regionCode, recordType: WEIGHTS_RECORD, chain: weights, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({ target: [approvalChainSettings.regionCode, approvalChainSettings.recordType], set: { chain: weights, updatedBy: actorId, updatedAt: now } });
}
