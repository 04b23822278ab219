/**
 * The suiji-draw/2 golden vectors (test/vectors/v2/*.json, docs/draw-protocol.md §19): one per
 * attack of §19 and per tightened rule of §18.2, each MATCH or MISMATCH with its error code. Written
 * by `npx tsx bench/draw_vectors.ts` together with the /1 vectors. Every draw commits a non-empty
 * ledger hash and inspector-pool hash. All keys, salts and values are derived from labels.
 */
import { field, taggedHash, toHex } from '../domain/draw/encoding';
import { hashLedger, type LedgerEntry } from '../domain/draw/eligibility';
import { entityRecord, type EntityRecord } from '../domain/draw/entity_check';
import { packPool, type PoolEntry } from '../domain/draw/pool';
import { formatPoolCsv } from '../domain/draw/pool_file';
import { commitLogDetail, toPublicReceiptV2, type ReceiptV2 } from '../domain/draw/protocol_v2';
import type { DrawParams, StratumParams } from '../domain/draw/quota';
import type { SourceDeclaration, SourceValue } from '../domain/draw/sources';
import { ATTEMPTS_FORMAT, type AttemptList } from '../domain/draw/attempts';
import { anchorFor, DICE_COMMITTED, LOTTERY_SSQ, runFixtureV2, testKey, type DrawFixtureV2 } from '../domain/draw/test_support_v2';
import { hashInspectorPool } from '../domain/matching/rules';

export interface PublishedInputs {
  /** The operator's Ed25519 public key, base64 of the raw 32 bytes. */
  readonly publicKey: string;
  readonly checkpoint?: unknown;
  readonly attempts?: unknown;
  readonly commitmentHash?: string;
  readonly resultHash?: string;
}

export interface VectorV2 {
  readonly name: string;
  readonly description: string;
  /** The receipt, or its JSON text when the text itself is the point (a duplicate key). */
  readonly receipt: unknown;
  readonly pool: string | null;
  readonly entity: unknown;
  readonly published: PublishedInputs;
  readonly expect: { readonly result: 'MATCH'; readonly scope: 'recomputed' | 'receipt-only' } | { readonly result: 'MISMATCH'; readonly code: string };
}

const KEY = testKey('operator-2025');
const OTHER_KEY = testKey('someone-else');
const PUBLIC_KEY = Buffer.from(KEY.publicKey).toString('base64');
const label = (s: string): Uint8Array => taggedHash('suiji/test-vector', [field(s)]);
const salt = (s: string): string => toHex(label(`salt:${s}`).subarray(0, 16));
const USCC = ['91350100M000100Y43', '91110000802100433B', '91110000100011000Q', '91310000MA1FL0H7X8'];

function stratum(key: string, extra: Partial<StratumParams> = {}): StratumParams {
  return { key, mode: 'ratio', value: '10', rounding: 'half_up', minPercent: '', reserve: '', ...extra };
}

export const LEDGER: LedgerEntry[] = [
  { taskId: '威临市监随〔2025〕2号', attempt: '1', date: '2025-01-20', departments: ['市场监管局'], entityIds: [USCC[0] as string, '临港区市场主体-003'] },
  { taskId: '威临市监随〔2025〕3号', attempt: '2', date: '2025-02-11', departments: ['市场监管局', '生态环境局'], entityIds: ['临港区市场主体-007'] },
];
const INSPECTOR_POOL_HASH = hashInspectorPool(
  [
    { id: '执法-001', dept: '市场监管局', region: '371002', expertise: ['食品'], certificateValidUntil: '2026-12-31', onDuty: true, conflicts: [], history: [] },
    { id: '执法-002', dept: '市场监管局', region: '371002', expertise: [], certificateValidUntil: '2026-06-30', onDuty: true, conflicts: [USCC[1] as string], history: [] },
  ],
  { inspectionDate: '2025-03-10', teamSize: 2, maxObjectsPerInspector: 10, recusalYears: 0, sameRegion: false },
);

const entries: PoolEntry[] = [];
for (let i = 0; i < 36; i++) entries.push({ id: `临港区市场主体-${String(i).padStart(3, '0')}`, stratum: 'ABCD'.charAt(i % 4), salt: '' });
USCC.forEach((u, i) => entries.push({ id: u, stratum: 'ABCD'.charAt(i), salt: '' }));
const salted = entries.map((e) => ({ ...e, salt: salt(e.id) }));
const params: DrawParams = {
  strata: [stratum('A', { rounding: 'floor_min_1' }), stratum('B', { rounding: 'ceil', reserve: '2' }), stratum('C', { value: '20', minPercent: '30' }), stratum('D', { mode: 'count', value: '2', reserve: '1' })],
  minTotalPercent: '3',
};
const SSQ_VALUE: SourceValue[] = [{ id: 'ssq', value: '03 09 14 22 27 31 08' }];
const commitmentBase = { ledgerHash: hashLedger(LEDGER), inspectorPoolHash: INSPECTOR_POOL_HASH };

function run(f: Omit<DrawFixtureV2, 'key'> & { key?: DrawFixtureV2['key'] }): ReceiptV2 {
  const r = runFixtureV2({ key: KEY, ...f, commitment: { ...commitmentBase, ...f.commitment } });
  if (!r.ok) throw new Error(`v2 vector fixture failed: ${r.error.code} ${r.error.message}`);
  return r.value.receipt;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function attemptList(...receipts: ReceiptV2[]): AttemptList {
  return { format: ATTEMPTS_FORMAT, taskId: receipts[0]?.commitment.taskId ?? '', attempts: receipts.map((r) => ({ attempt: r.commitment.attempt, commitmentHash: r.commitmentHash, previousCommitmentHash: r.commitment.previousCommitmentHash })) };
}

export function buildVectorsV2(): VectorV2[] {
  const out: VectorV2[] = [];
  const match = (name: string, description: string, receipt: unknown, pool: string | null, published: Partial<PublishedInputs> = {}, entity: unknown = null): void => {
    out.push({ name, description, receipt, pool, entity, published: { publicKey: PUBLIC_KEY, ...published }, expect: { result: 'MATCH', scope: pool === null ? 'receipt-only' : 'recomputed' } });
  };
  const refuse = (name: string, description: string, code: string, receipt: unknown, pool: string | null = null, published: Partial<PublishedInputs> = {}, entity: unknown = null): void => {
    out.push({ name, description, receipt, pool, entity, published: { publicKey: PUBLIC_KEY, ...published }, expect: { result: 'MISMATCH', code } });
  };

  // ---- positive ------------------------------------------------------------------------------
  const main = run({ entries: salted, params, saltMode: 'salted', sources: [DICE_COMMITTED, LOTTERY_SSQ], sourceValues: SSQ_VALUE });
  const pool = formatPoolCsv(salted);
  const mainPublished = { checkpoint: main.anchor.checkpoint, attempts: attemptList(main), commitmentHash: main.commitmentHash, resultHash: main.resultHash };
  match('lottery_and_dice', 'Four credit classes, salted; a future 福彩双色球 issue plus 8 dice thrown and sealed in the commitment; ledger and inspector-pool hashes committed; checked with the pool, the published checkpoint, attempt list and hashes.', main, pool, mainPublished);
  match('lottery_and_dice_receipt_only', 'The same receipt without the pool (what the public checks).', main, null);
  const pub = toPublicReceiptV2(main);
  match('public_receipt', 'The publishable receipt (no per-stratum lists) checked against the pool.', pub, pool);
  const packed = packPool(salted, params.strata.map((s) => s.key), 'salted');
  if (!packed.ok) throw new Error(packed.error.message);
  const entity = entityRecord(packed.value, pub.publicResult.selected[0] as string) as EntityRecord;
  match('entity_self_check', 'An inspected entity checks itself from the public receipt, its stratum, salt and audit path.', pub, null, {}, entity);
  const pl3Source: SourceDeclaration = { ...LOTTERY_SSQ, id: 'pl3', name: 'tc-pl3', round: '25061', description: '体彩排列三第 25061 期开奖号码' };
  const beacon: SourceDeclaration = { ...LOTTERY_SSQ, id: 'drand', type: 'beacon', name: 'drand-quicknet', round: '13450000', count: '32', description: 'drand quicknet 第 13450000 轮随机数' };
  const pl3 = run({ entries, params, saltMode: 'unsalted', sources: [pl3Source, beacon], sourceValues: [{ id: 'pl3', value: '073' }, { id: 'drand', value: toHex(label('beacon')) }] });
  match('pl3_and_beacon_unsalted', '体彩排列三 (positional digits, a leading zero) and a 32-byte beacon, unsalted: every listed ticket recomputable from the receipt.', pl3, null);
  const diceOnly: SourceDeclaration = { ...DICE_COMMITTED, value: '', availableAt: '2025-03-03T02:00:00Z' };
  const exception = run({ entries: salted, params, saltMode: 'salted', sources: [diceOnly], sourceValues: [{ id: 'dice', value: '6 2 5 5 1 3 4 2' }], commitment: { sourceException: '海岛所无法接入互联网，经 2025-02-01 局长办公会批准仅用现场掷骰' } });
  match('dice_exception', 'Dice as the only source with a committed, visible exception; the dice are entered after the checkpoint.', exception, pool);
  const emptyParams: DrawParams = { strata: [stratum('A')], minTotalPercent: '' };
  match('pool_header_only', 'A pool file with the header line only is a valid empty pool (quota 0, empty threshold).', run({ entries: [], params: emptyParams, saltMode: 'salted', sources: [LOTTERY_SSQ], sourceValues: SSQ_VALUE }), 'id,stratum,salt\n');

  // A redraw: attempt 2 carries the anchor of attempt 1.
  const first = run({ entries: salted, params, saltMode: 'salted', sources: [LOTTERY_SSQ], sourceValues: SSQ_VALUE });
  const secondSsq: SourceDeclaration = { ...LOTTERY_SSQ, round: '2025025', availableAt: '2025-03-06T13:15:00Z', description: '2025-03-06 开奖的福彩双色球第 2025025 期' };
  const previous = { commitmentHash: first.commitmentHash, reason: '第 2025024 期开奖后发现名录库漏列 1 个分层，经核实后重新抽取', approvedBy: '分管局长 李四' };
  const redrawFixture = { entries: salted, params, saltMode: 'salted' as const, sources: [secondSsq], sourceValues: [{ id: 'ssq', value: '01 05 11 18 24 33 12' }], commitment: { attempt: 2, previous, committedAt: '2025-03-05T09:00:00+08:00' }, anchor: { seq: 57, rowAt: '2025-03-05T01:00:00.000Z', checkpointAt: '2025-03-05T01:00:03.000Z' }, previousAnchor: first.anchor };
  const second = run(redrawFixture);
  match('redraw_attempt_2', 'A redraw: attempt 2 names attempt 1, carries its anchor, and is the last entry of the published attempt list.', second, pool, { attempts: attemptList(first, second) });

  // ---- §19 attacks ----------------------------------------------------------------------------
  refuse('last_revealer_secret_field', 'A /1-style revealed server secret added to a /2 receipt: /2 has no secret (no last revealer).', 'RECEIPT_MALFORMED', { ...clone(main), serverSecret: toHex(label('secret')) });
  refuse('edited_lottery_value', 'The lottery value replaced by another canonical value after the fact (the official 开奖公告 decides; the seed changes).', 'RECEIPT_MISMATCH', { ...clone(main), sourceValues: [{ id: 'ssq', value: '03 09 14 22 27 31 09' }] });
  const late = clone(main);
  const lateAnchor = anchorFor(commitLogDetail(main.commitment), { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-04T13:20:00.000Z', checkpointAt: '2025-03-04T13:20:01.000Z' });
  refuse('anchor_too_late', 'Back-dating: the commitment was logged and checkpointed after the lottery issue was drawn.', 'ANCHOR_TOO_LATE', { ...late, anchor: lateAnchor });
  const badSig = clone(main) as unknown as { anchor: { checkpoint: { signature: string } } };
  badSig.anchor.checkpoint.signature = (main.anchor.checkpoint.signature.startsWith('A') ? 'B' : 'A') + main.anchor.checkpoint.signature.slice(1);
  refuse('anchor_bad_signature', 'The checkpoint signature altered.', 'ANCHOR_MISMATCH', badSig);
  refuse('anchor_wrong_key', 'A checkpoint checked against another public key than the operator\'s published one.', 'ANCHOR_MISMATCH', main, null, { publicKey: Buffer.from(OTHER_KEY.publicKey).toString('base64') });
  const otherBinding = { ...commitLogDetail(main.commitment), commitmentHash: toHex(label('another commitment')) };
  refuse('anchor_row_other_commitment', 'A validly signed log row and checkpoint of another commitment.', 'ANCHOR_MISMATCH', { ...clone(main), anchor: anchorFor(otherBinding, { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z' }) });
  const chain = anchorFor(commitLogDetail(main.commitment), { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z', after: [{ action: 'entity.update', detail: { count: 3, ok: true, note: null } }] });
  match('anchor_two_rows', 'The checkpoint covers one more row after the commitment (numbers, booleans and null in its detail).', { ...clone(main), anchor: chain }, null);
  const broken = clone({ ...main, anchor: chain }) as unknown as { anchor: { rows: { summary: string }[] } };
  (broken.anchor.rows[1] as { summary: string }).summary = '被改动的摘要';
  refuse('anchor_broken_chain', 'A row between the commitment and the checkpoint edited: the chain no longer reaches the signed head.', 'ANCHOR_MISMATCH', broken);
  const upgraded = anchorFor(commitLogDetail(main.commitment), { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z', hashVersion: 1, after: [{ action: 'entity.update', detail: { count: 3 } }] });
  match('anchor_row_version_1', 'The commitment in a row hashed with version 1 (before migration 0009: no events digest), followed by a version-2 row.', { ...clone(main), anchor: upgraded }, null);
  const downgraded = anchorFor(commitLogDetail(main.commitment), { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z', after: [{ action: 'entity.update', detail: { count: 3 }, hashVersion: 1 }] });
  refuse('anchor_version_downgrade', 'A version-1 row after a version-2 row (validly chained and signed): row-hash versions only rise, so a row cannot drop its events from the hash.', 'ANCHOR_MISMATCH', { ...clone(main), anchor: downgraded });
  const editedEvents = clone(main) as unknown as { anchor: { rows: { eventsDigest: string }[] } };
  (editedEvents.anchor.rows[0] as { eventsDigest: string }).eventsDigest = toHex(label('other events'));
  refuse('anchor_events_digest_edited', 'The commitment row\'s events digest replaced (its domain events edited): the row no longer hashes to the signed head.', 'ANCHOR_MISMATCH', editedEvents);
  refuse('committed_after_row', 'committedAt later than the log row that records the commitment.', 'ANCHOR_MISMATCH', run({ entries: salted, params, saltMode: 'salted', sources: [DICE_COMMITTED, LOTTERY_SSQ], sourceValues: SSQ_VALUE, commitment: { committedAt: '2025-03-03T12:00:00+08:00' } }));
  refuse('checkpoint_not_published', 'The verifier\'s own copy of the published checkpoint differs from the receipt\'s.', 'ANCHOR_MISMATCH', main, null, { checkpoint: lateAnchor.checkpoint });
  for (const [name, value, what] of [['ssq_leading_zero', '3 9 14 22 27 31 8', 'without leading zeros'], ['ssq_unsorted', '09 03 14 22 27 31 08', 'red balls in draw order instead of ascending'], ['ssq_trailing_space', '03 09 14 22 27 31 08 ', 'with a trailing space'], ['ssq_full_width', '０３ ０９ １４ ２２ ２７ ３１ ０８', 'in full-width digits']] as const) {
    refuse(name, `The 双色球 value ${what}: refused, never normalised.`, 'INVALID_SOURCE_VALUE', { ...clone(main), sourceValues: [{ id: 'ssq', value }] });
  }
  refuse('pl3_separator', '排列三 digits separated by commas.', 'INVALID_SOURCE_VALUE', { ...clone(pl3), sourceValues: [{ id: 'pl3', value: '0,7,3' }, pl3.sourceValues[1]] });
  refuse('dice_count', 'Seven dice where eight were declared.', 'INVALID_SOURCE_VALUE', { ...clone(exception), sourceValues: [{ id: 'dice', value: '6 2 5 5 1 3 4' }] });
  refuse('dice_only', 'Dice as the only source without an exception: operator and supervisor could precompute 6^8 outcomes.', 'SOURCE_NOT_INDEPENDENT', { ...clone(exception), commitment: { ...clone(exception.commitment), sourceException: '' } });
  refuse('dice_uncommitted_with_lottery', 'Dice next to a lottery but entered afterwards (whoever throws could choose).', 'INVALID_SOURCE', { ...clone(main), commitment: { ...clone(main.commitment), sources: [{ ...DICE_COMMITTED, value: '' }, LOTTERY_SSQ] } });
  const bogus = run({ ...redrawFixture, commitment: { ...redrawFixture.commitment, previous: { ...previous, commitmentHash: toHex(label('never logged')) } } });
  refuse('redraw_bogus_previous', 'A redraw naming a previous commitment that was never logged (the anchor given is attempt 1\'s).', 'LINK_MISMATCH', bogus);
  const noPrev = clone(second) as unknown as Record<string, unknown>;
  delete noPrev.previousAnchor;
  refuse('redraw_missing_previous_anchor', 'A redraw without the previous attempt\'s anchor.', 'LINK_MISMATCH', noPrev);
  refuse('redraw_unpublished_attempt', 'The published attempt list stops at attempt 1: attempt 2 was never published.', 'ATTEMPT_UNPUBLISHED', second, null, { attempts: attemptList(first) });
  const hiddenAnchor = anchorFor(commitLogDetail(first.commitment), { key: KEY, seq: 41, prevHash: 'a'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:05.000Z', after: [{ action: 'draw.commit', detail: { protocol: 'suiji-draw/2', taskId: first.commitment.taskId, attempt: '1', commitmentHash: toHex(label('hidden attempt')) } }] });
  const hidden = run({ ...redrawFixture, previousAnchor: hiddenAnchor });
  refuse('redraw_hidden_commit_in_log', 'The log shows a second commitment of the task that the published attempt list leaves out.', 'ATTEMPT_UNPUBLISHED', hidden, null, { attempts: attemptList(first, hidden) });
  refuse('redraw_superseded', 'Attempt 1 presented although the published list shows attempt 2 replaced it.', 'ATTEMPT_SUPERSEDED', first, null, { attempts: attemptList(first, second) });

  // ---- §18.2 tightenings ----------------------------------------------------------------------
  const text = JSON.stringify(main);
  refuse('duplicate_key', 'The receipt text repeats the key "taskId" (parsers differ on which one wins).', 'RECEIPT_MALFORMED', text.replace('"taskId":', '"taskId":"威临市监随〔2025〕8号","taskId":'));
  const editCommitment = (patch: Record<string, unknown>): unknown => ({ ...clone(main), commitment: { ...clone(main.commitment), ...patch } });
  refuse('attempt_1000', 'attempt above 999.', 'INVALID_PARAMS', editCommitment({ attempt: '1000' }));
  refuse('task_id_blank', 'A task number made only of an ideographic space.', 'INVALID_PARAMS', editCommitment({ taskId: '\u3000' }));
  refuse('committed_at_invalid', 'committedAt on 30 February.', 'INVALID_PARAMS', editCommitment({ committedAt: '2025-02-30T09:00:00+08:00' }));
  refuse('draw_date_invalid', 'drawDate 29 February in a common year.', 'INVALID_PARAMS', editCommitment({ drawDate: '2025-02-29' }));
  refuse('annual_cap_zero', 'annualCap 0.', 'INVALID_PARAMS', editCommitment({ annualCap: '0' }));
  const bidiParams = clone(main.commitment.params) as unknown as { strata: { key: string }[] };
  (bidiParams.strata[0] as { key: string }).key = 'A\u202e';
  const bidiStrata = clone(main.commitment.strata) as unknown as { key: string }[];
  (bidiStrata[0] as { key: string }).key = 'A\u202e';
  refuse('stratum_key_bidi', 'A stratum key with a right-to-left override.', 'INVALID_PARAMS', editCommitment({ params: bidiParams, strata: bidiStrata }));
  const fractional = clone(main.commitment.params) as unknown as { strata: { value: string }[] };
  (fractional.strata[3] as { value: string }).value = '2.5';
  refuse('count_fractional', 'A count of 2.5 entities.', 'INVALID_PARAMS', editCommitment({ params: fractional }));
  const negative = clone(main.commitment.params) as unknown as { strata: { reserve: string }[] };
  (negative.strata[1] as { reserve: string }).reserve = '-1';
  refuse('reserve_negative', 'A reserve of −1.', 'INVALID_PARAMS', editCommitment({ params: negative }));
  refuse('strata_count_mismatch', 'One committed stratum fewer than the parameters.', 'RECEIPT_MISMATCH', editCommitment({ strata: main.commitment.strata.slice(0, 3) }));
  const withId = (id: string): string => formatPoolCsv([...salted, { id, stratum: 'A', salt: salt(id) }]);
  refuse('uscc_17_chars', 'A pool identifier of 17 letters and digits: a 统一社会信用代码 with a character missing.', 'INVALID_USCC', main, withId('91350100M000100Y4'));
  refuse('uscc_19_chars', 'A pool identifier of 19 letters and digits.', 'INVALID_USCC', main, withId('91350100M000100Y43X'));
  refuse('uscc_full_width', 'A 统一社会信用代码 written in full-width characters.', 'NON_CANONICAL_ID', main, withId('９１３５０１００Ｍ０００１００Ｙ４３'));
  refuse('id_zero_width', 'An identifier that looks like a valid 统一社会信用代码 but ends with a zero-width space.', 'INVALID_ID', main, withId('91110000802100433B\u200b'));
  refuse('pool_empty_file', 'A zero-byte pool file has no header.', 'POOL_MALFORMED', main, '');
  refuse('entity_extra_key', 'An entity record with a key the protocol does not define.', 'RECEIPT_MALFORMED', pub, null, {}, { ...entity, note: '门户附加字段' });
  refuse('published_commitment_hash', 'The receipt is not the commitment that was published.', 'PUBLISHED_MISMATCH', main, null, { commitmentHash: first.commitmentHash });
  refuse('published_result_hash', 'The receipt is not the result that was published.', 'PUBLISHED_MISMATCH', main, null, { resultHash: second.resultHash });
  return out;
}
