/**
 * What an inspected entity can check on its own (docs/draw-protocol.md §9.2), given the public
 * receipt and what the entity portal shows it: its stratum, its salt and the audit path of its
 * pool leaf. No one else's data is needed and nothing about other entities is learnt.
 */
import { ok, type Result } from '../basics/result';
import { fromHex, toHex } from './encoding';
import { drawError, type DrawError } from './errors';
import { computeLeaves, idAt, leafHash, lotOf, merkleProof, rootFromProof, type MerkleStep, type PackedPool } from './pool';
import type { Receipt } from './protocol';
import { ticketsOf } from './select';

/** The entity's own record, as its portal delivers it. */
export interface EntityRecord {
  readonly id: string;
  readonly stratum: string;
  /** 32 hex characters, or '' in an unsalted draw. */
  readonly salt: string;
  /** Audit path from its leaf to the committed pool root. */
  readonly proof: readonly MerkleStep[];
}

export interface EntityCheck {
  readonly ticket: string;
  readonly threshold: string;
  readonly selected: boolean;
  /** Chinese sentence for the portal. */
  readonly summary: string;
}

/**
 * Checks, for one entity: (1) its (id, stratum, salt) leaf is in the committed pool (audit path to
 * `commitment.pool.root`); (2) its ticket recomputed from the public seed; (3) that it appears in
 * the public list exactly when its ticket is at most its stratum's threshold.
 */
export function checkEntity(receipt: { readonly commitment: Pick<Receipt['commitment'], 'pool'>; readonly publicResult: Receipt['publicResult']; readonly seed: string }, entity: EntityRecord): Result<EntityCheck, DrawError> {
  const root = receipt.commitment.pool.root;
  if (entity.salt !== '' && !fromHex(entity.salt, 16)) return drawError('INVALID_SALT', '盐值须为 32 个小写十六进制字符', 'entity.salt');
  const computed = rootFromProof(leafHash(entity.id, entity.stratum, entity.salt), entity.proof);
  if (computed !== root) return drawError('POOL_MISMATCH', `“${entity.id}”的名录记录（标识、分层、盐值）与承诺的名录库根哈希不符：该主体不在承诺时的名录库中，或门户提供的信息有误`, 'entity.proof');
  const stratum = receipt.publicResult.strata.find((s) => s.key === entity.stratum);
  if (!stratum) return drawError('UNKNOWN_STRATUM', `凭证中没有分层“${entity.stratum}”`, 'entity.stratum');
  const seed = fromHex(receipt.seed, 32);
  if (!seed) return drawError('RECEIPT_MALFORMED', '凭证的种子格式错误', 'receipt.seed');
  const ticket = toHex(ticketsOf(seed, lotOf(entity.id, entity.salt)));
  const listed = receipt.publicResult.selected.includes(entity.id);
  const below = stratum.threshold !== '' && ticket <= stratum.threshold;
  if (listed !== below) {
    return drawError(
      'RECEIPT_MISMATCH',
      listed
        ? `“${entity.id}”被列入抽中名单，但其票号 ${ticket} 大于本分层阈值 ${stratum.threshold || '（本分层未抽取）'}`
        : `“${entity.id}”的票号 ${ticket} 不大于本分层阈值 ${stratum.threshold}，却不在抽中名单中`,
      'receipt.publicResult.selected',
    );
  }
  return ok({
    ticket,
    threshold: stratum.threshold,
    selected: listed,
    summary: listed
      ? `本主体在承诺的名录库中；票号 ${ticket} 不大于本分层阈值 ${stratum.threshold}，依规则被抽中。`
      : `本主体在承诺的名录库中；票号 ${ticket} ${stratum.threshold === '' ? '（本分层抽取数为 0）' : `大于本分层阈值 ${stratum.threshold}`}，依规则未被抽中。`,
  });
}

/** The record the entity portal hands to entity `id` (its stratum, salt and audit path). */
export function entityRecord(pool: PackedPool, id: string): EntityRecord | undefined {
  let index = -1;
  for (let i = 0; i < pool.size; i++) {
    if (idAt(pool, i) === id) {
      index = i;
      break;
    }
  }
  if (index < 0) return undefined;
  const leaves = new Uint8Array(32 * pool.size);
  computeLeaves(pool, 0, pool.size, leaves);
  const salt = pool.saltMode === 'salted' ? toHex(pool.salts.subarray(16 * index, 16 * index + 16)) : '';
  return { id, stratum: pool.keys[pool.strata[index] as number] as string, salt, proof: merkleProof(leaves, index) };
}
