/**
 * The suiji-draw/2 API for the server's draw ceremony (docs/draw-protocol.md §15–§17), in the order
 * the ceremony uses it:
 *
 * 1. `makeCommitmentV2` — from the frozen pool, parameters, declared sources, draw date, annual cap and
 *    (for a redraw) the previous attempt; `checkSourceDeclarations` for the form that declares sources;
 * 2. `commitLogDetail` — the `detail` of the `draw.commit` operation-log row (with `COMMIT_ACTION`),
 *    then a checkpoint covering that row (`checkpointMessage` is what it signs, `keyIdOf` its key id);
 * 3. `validateSourceValue` — each value typed in at the entry form, with a Chinese message;
 * 4. `executeDrawV2` — seed, draw and the full receipt, given the anchor (rows + checkpoint) and, for a
 *    redraw, the previous attempt's anchor; `toPublicReceiptV2` for publication;
 * 5. `verifyReceiptV2` / `checkAttemptList` — what the verifiers run.
 */
export { COMMIT_ACTION, checkpointMessage, keyIdOf, logRowHash, verifyAnchor, type Anchor, type AnchorBinding, type Checkpoint, type LogRow } from './anchor';
export { ATTEMPTS_FORMAT, checkAttemptList, parseAttemptList, type AttemptList } from './attempts';
export { commitLogDetail, executeDrawV2, hashCommitmentV2, makeCommitmentV2, toPublicReceiptV2, type CommitmentV2, type CommitmentV2Input, type PreviousAttempt, type ReceiptV2 } from './protocol_v2';
export { checkSourceDeclarations, checkSourceValues, LOTTERY_LABELS, validateSourceValue, type SourceDeclaration, type SourceValue } from './sources';
export { parseReceiptV2, verifyReceiptV2, type VerifyV2Options } from './verify_v2';
