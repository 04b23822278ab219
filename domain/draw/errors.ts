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
  | 'LINK_MISMATCH';

export interface DrawError {
  readonly code: DrawErrorCode;
  readonly message: string;
  /** Where in the receipt or pool the problem is, e.g. `result.strata[1].selected[3].ticket`. */
  readonly path?: string;
}

export function drawError(code: DrawErrorCode, message: string, path?: string): Err<DrawError> {
  return err(path === undefined ? { code, message } : { code, message, path });
}
