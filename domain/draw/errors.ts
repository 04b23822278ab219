import { err, type Err } from '../basics/result';

/** Expected failures of the draw engine, the protocol and the verifier. Messages are Chinese (shown to users). */
export type DrawErrorCode =
  | 'INVALID_PARAMS'
  | 'RATIO_OUT_OF_RANGE'
  | 'UNKNOWN_STRATUM'
  | 'DUPLICATE_STRATUM'
  | 'BELOW_MIN_TOTAL'
  | 'INVALID_ID'
  | 'INVALID_USCC'
  | 'NON_CANONICAL_ID'
  | 'DUPLICATE_ID'
  | 'INVALID_SALT'
  | 'INVALID_SEED_INPUT'
  | 'RECEIPT_MALFORMED'
  | 'RECEIPT_MISMATCH'
  | 'POOL_MALFORMED'
  | 'POOL_MISMATCH'
  | 'LINK_MISMATCH'
  // suiji-draw/2 (docs/draw-protocol.md §15–§18)
  | 'INVALID_SOURCE'
  | 'INVALID_SOURCE_VALUE'
  | 'SOURCE_NOT_INDEPENDENT'
  | 'ANCHOR_MISMATCH'
  | 'ANCHOR_TOO_LATE'
  | 'ATTEMPT_LIST_MALFORMED'
  | 'ATTEMPT_UNPUBLISHED'
  | 'ATTEMPT_SUPERSEDED'
  | 'PUBLISHED_MISMATCH';

export interface DrawError {
  readonly code: DrawErrorCode;
  readonly message: string;
  /** Where in the receipt or pool the problem is, e.g. `result.strata[1].selected[3].ticket`. */
  readonly path?: string;
}

export function drawError(code: DrawErrorCode, message: string, path?: string): Err<DrawError> {
  return err(path === undefined ? { code, message } : { code, message, path });
}
