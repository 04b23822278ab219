/**
 * Builds the golden vectors of the draw protocol (test/vectors/*.json). Run
 * `npx tsx bench/draw_vectors.ts` to rewrite them after a deliberate protocol change; the unit test
 * (cli/commands/verify_draw.test.ts) fails when the code and the stored vectors disagree, and runs
 * both verifiers (TypeScript and scripts/verify_draw.py) over every vector.
 *
 * All inputs are fixed (secrets and salts are derived from labels), so the output is reproducible.
 */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ce, field, fromHex, taggedHash, TAG, toHex, u32be } from '../domain/draw/encoding';
import { entityRecord, type EntityRecord } from '../domain/draw/entity_check';
import { leafHash, lotOf, packPool, type PoolEntry } from '../domain/draw/pool';
import { formatPoolCsv } from '../domain/draw/pool_file';
import { commitmentValue, toPublicReceipt, type Receipt } from '../domain/draw/protocol';
import type { DrawParams, StratumParams } from '../domain/draw/quota';
import { ticketKey, ticketsOf } from '../domain/draw/select';
import { runFixture, type DrawFixture } from '../domain/draw/test_support';
import { buildVectorsV2 } from './draw_vectors_v2';

export interface Vector {
  readonly name: string;
  readonly description: string;
  readonly receipt: unknown;
  /** Pool file contents, or null when the vector checks the receipt alone. */
  readonly pool: string | null;
  readonly entity: EntityRecord | null;
  readonly expect: { readonly result: 'MATCH'; readonly scope: 'recomputed' | 'receipt-only' } | { readonly result: 'MISMATCH'; readonly code: string };
  /** Intermediate values for implementers (positive vectors only). */
  readonly intermediate?: Record<string, unknown>;
}

const label = (s: string): Uint8Array => taggedHash('suiji/test-vector', [field(s)]);
const secret = (s: string): Uint8Array => label(`secret:${s}`);
const salt = (s: string): string => toHex(label(`salt:${s}`).subarray(0, 16));

function entries(list: readonly [string, string][], salted: boolean): PoolEntry[] {
  return list.map(([id, stratum]) => ({ id, stratum, salt: salted ? salt(id) : '' }));
}

function stratum(key: string, extra: Partial<StratumParams> = {}): StratumParams {
  return { key, mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '', ...extra };
}

function run(f: DrawFixture): { receipt: Receipt; pool: string; entries: readonly PoolEntry[] } {
  const r = runFixture(f);
  if (!r.ok) throw new Error(`vector fixture failed: ${r.error.message}`);
  return { receipt: r.value.receipt, pool: formatPoolCsv(f.entries), entries: f.entries };
}

function intermediate(receipt: Receipt, list: readonly PoolEntry[], detailed: boolean): Record<string, unknown> {
  const seed = fromHex(receipt.seed, 32) as Uint8Array;
  const out: Record<string, unknown> = {
    commitmentHash: receipt.commitmentHash,
    seed: receipt.seed,
    ticketKey: toHex(ticketKey(seed)),
    poolRoot: receipt.commitment.pool.root,
  };
  if (detailed) {
    out.commitmentCanonicalEncoding = toHex(ce(commitmentValue(receipt.commitment)));
    const parts: Uint8Array[] = [field(TAG.seed), field(fromHex(receipt.commitmentHash, 32) as Uint8Array), u32be(receipt.randomness.length)];
    for (const v of receipt.randomness) parts.push(field(v.id), field(v.value));
    parts.push(field(fromHex(receipt.serverSecret, 32) as Uint8Array));
    out.seedInput = parts.map(toHex).join('');
    out.entries = list.map((e) => {
      const lot = lotOf(e.id, e.salt);
      return { id: e.id, stratum: e.stratum, salt: e.salt, lot: toHex(lot), leaf: toHex(leafHash(e.id, e.stratum, e.salt)), ticket: toHex(ticketsOf(seed, lot)) };
    });
  }
  return out;
}

function positive(name: string, description: string, built: { receipt: Receipt; pool: string; entries: readonly PoolEntry[] }, opts: { publicOnly?: boolean; withPool?: boolean; detailed?: boolean; entity?: EntityRecord } = {}): Vector {
  const receipt = opts.publicOnly ? toPublicReceipt(built.receipt) : built.receipt;
  const withPool = opts.withPool ?? true;
  return {
    name,
    description,
    receipt,
    pool: withPool ? built.pool : null,
    entity: opts.entity ?? null,
    expect: { result: 'MATCH', scope: withPool ? 'recomputed' : 'receipt-only' },
    intermediate: intermediate(built.receipt, built.entries, opts.detailed ?? built.entries.length <= 12),
  };
}

function negative(name: string, description: string, receipt: unknown, pool: string | null, code: string): Vector {
  return { name, description, receipt, pool, entity: null, expect: { result: 'MISMATCH', code } };
}

function clone(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x)) as unknown;
}

/** A few valid 统一社会信用代码 (GB 32100-2015 check characters). */
const USCC = ['91350100M000100Y43', '91110000802100433B', '91110000100011000Q', '91310000MA1FL0H7X8'];

export function buildVectors(): Vector[] {
  const vectors: Vector[] = [];

  // 1. The worked example of docs/draw-protocol.md §10.
  const worked = run({
    entries: entries([[USCC[0] as string, 'A'], ['110105600123457', 'A'], ['临港区张三小吃店', 'B']], true),
    params: { strata: [stratum('A', { value: '50' }), stratum('B', { value: '100' })], minTotalPercent: '' },
    saltMode: 'salted',
    serverSecret: secret('worked'),
    taskId: '威临市监随〔2025〕1号',
    committedAt: '2025-03-03T09:00:00+08:00',
  });
  vectors.push(positive('worked_example', 'The worked example of the protocol document: 3 entities (a 统一社会信用代码, a 15-digit 注册号, a Chinese name of an individual business) in 2 strata, salted.', worked, { detailed: true }));

  // 2. Four credit-risk strata with mixed parameters.
  const many: [string, string][] = [];
  for (let i = 0; i < 48; i++) many.push([`临港区市场主体-${String(i).padStart(3, '0')}`, 'ABCD'.charAt(i % 4)]);
  USCC.forEach((u, i) => many.push([u, 'ABCD'.charAt(i)]));
  const fourParams: DrawParams = {
    strata: [
      stratum('A', { value: '5', rounding: 'floor_min_1' }),
      stratum('B', { value: '10', rounding: 'ceil', reserve: '3' }),
      stratum('C', { value: '25', minPercent: '30' }),
      stratum('D', { mode: 'count', value: '6', reserve: '2' }),
    ],
    minTotalPercent: '3',
  };
  const four = run({ entries: entries(many, true), params: fourParams, saltMode: 'salted', serverSecret: secret('four'), sources: [{ id: 'dice', kind: 'dice', description: '监督人员现场掷骰 8 次' }, { id: 'lottery', kind: 'lottery', description: '2025-03-04 晚开奖的福利彩票“双色球”第 2025024 期开奖号码，按公布顺序，以空格分隔' }], randomness: [{ id: 'dice', value: '6 2 5 5 1 3 4 2' }, { id: 'lottery', value: '03 09 14 22 27 31 08' }] });
  vectors.push(positive('four_strata_salted', 'Credit classes A–D with 向下取整但至少1, 向上取整, a 30% floor, a count, explicit reserves, two public randomness sources (dice + lottery), an overall 3% floor.', four));
  vectors.push(positive('four_strata_receipt_only', 'The same receipt checked without the pool file (what the public can check in a salted draw).', four, { withPool: false }));

  // 3. Non-ASCII identifiers, unsalted (tickets publicly recomputable).
  const unicode = run({
    entries: entries(
      [
        ['北京市朝阳区某某餐馆', 'X'],
        ['𠀀号摊位', 'X'],
        ['\uE000私用区商户', 'X'],
        ['Café Ünïcode', 'X'],
        ['株式会社テスト', 'Y'],
        ['🏪便利店-01', 'Y'],
        ["O'Brien & Sons", 'Y'],
        [USCC[1] as string, 'Y'],
      ],
      false,
    ),
    params: { strata: [stratum('X', { value: '50' }), stratum('Y', { value: '50', rounding: 'ceil' })], minTotalPercent: '' },
    saltMode: 'unsalted',
    serverSecret: secret('unicode'),
  });
  vectors.push(positive('non_ascii_ids_unsalted', 'Non-ASCII identifiers (CJK, a supplementary-plane character that sorts after U+E000 in UTF-8, emoji, Latin with diacritics, an apostrophe), unsalted so every ticket is publicly recomputable.', unicode, { detailed: true }));
  vectors.push(positive('non_ascii_ids_unsalted_receipt_only', 'The unsalted receipt without the pool: the verifier recomputes every listed ticket from the seed alone.', unicode, { withPool: false }));

  // 4. Empty strata and k = 0.
  const empty = run({
    entries: entries([['甲', 'B'], ['乙', 'B'], ['丙', 'B'], ['丁', 'D']], true),
    params: { strata: [stratum('A', { value: '50' }), stratum('B', { value: '0' }), stratum('C', { value: '100', rounding: 'floor_min_1' }), stratum('D', { value: '100' })], minTotalPercent: '' },
    saltMode: 'salted',
    serverSecret: secret('empty'),
  });
  vectors.push(positive('empty_strata_and_k0', 'Strata A and C have no entities (quota 0, empty threshold); stratum B has entities but a 0% ratio (k = 0).', empty));

  // 5. k = N.
  const all = run({
    entries: entries(USCC.map((u) => [u, 'key'] as [string, string]).concat([['重点监管对象-1', 'key'], ['一般对象-1', 'rest'], ['一般对象-2', 'rest']]), true),
    params: { strata: [stratum('key', { value: '100' }), stratum('rest', { mode: 'count', value: '9' })], minTotalPercent: '' },
    saltMode: 'salted',
    serverSecret: secret('all'),
  });
  vectors.push(positive('k_equals_n', '重点事项 100% (k = N) and a count larger than the stratum (capped at N); reserve lists are empty.', all));

  // 6. k = 0 everywhere.
  const zero = run({ entries: entries([['a', 'A'], ['b', 'A']], true), params: { strata: [stratum('A', { value: '0', rounding: 'floor_min_1' })], minTotalPercent: '' }, saltMode: 'salted', serverSecret: secret('zero') });
  vectors.push(positive('k_zero', 'A 0% ratio under 向下取整但至少1 stays 0: nobody is selected, the threshold is empty.', zero));

  // 7. One-entity pool.
  const one = run({ entries: entries([[USCC[2] as string, 'C']], true), params: { strata: [stratum('C', { value: '3', rounding: 'floor_min_1' })], minTotalPercent: '' }, saltMode: 'salted', serverSecret: secret('one') });
  vectors.push(positive('one_entity', 'A one-entity pool: 3% under 向下取整但至少1 selects it.', one));

  // 8. A redraw, linked to the first attempt.
  const redraw = run({
    entries: worked.entries,
    params: { strata: [stratum('A', { value: '50' }), stratum('B', { value: '100' })], minTotalPercent: '' },
    saltMode: 'salted',
    serverSecret: secret('redraw'),
    taskId: '威临市监随〔2025〕1号',
    attempt: 2,
    previousCommitmentHash: worked.receipt.commitmentHash,
    redrawReason: '第 1 次抽取时监督人员录入的骰子点数与现场记录不符，经核实后重新抽取',
    redrawApprovedBy: '分管局长 李四',
    randomness: [{ id: 'dice', value: '2 2 6 1 4 3 5 6' }],
  });
  vectors.push(positive('redraw_attempt_2', 'A redraw: attempt 2 names the commitment of attempt 1 (worked_example), a reason and an approver; fresh randomness and secret.', redraw));

  // 9. Public receipt (strata hidden) with the pool, and an entity's own check.
  vectors.push(positive('public_receipt', 'The publishable receipt (no per-stratum lists) checked against the pool by a designated verifier.', four, { publicOnly: true }));
  const packed = packPool(four.entries, fourParams.strata.map((s) => s.key), 'salted');
  if (!packed.ok) throw new Error(packed.error.message);
  const selectedId = toPublicReceipt(four.receipt).publicResult.selected[0] as string;
  const rec = entityRecord(packed.value, selectedId);
  if (!rec) throw new Error('entity missing');
  vectors.push({ ...positive('entity_self_check', 'An inspected entity checks itself from the public receipt, its stratum, salt and audit path (no pool).', four, { publicOnly: true, withPool: false }), entity: rec });

  // ---- negative vectors: each must be refused with this code by every verifier ----
  const base = four.receipt;
  const t1 = clone(base) as { result: { strata: { selected: { ticket: string }[] }[] } };
  const tk = t1.result.strata[1]?.selected[0] as { ticket: string };
  tk.ticket = `${tk.ticket.slice(0, 31)}${tk.ticket.endsWith('0') ? '1' : '0'}`;
  vectors.push(negative('tampered_ticket', 'One ticket edited by hand (last hex digit).', t1, four.pool, 'RECEIPT_MISMATCH'));
  const t2 = clone(base) as { result: { strata: { selected: { id: string }[]; reserveList: { id: string }[] }[] }; publicResult: { selected: string[] } };
  const s3 = t2.result.strata[3] as { selected: { id: string }[]; reserveList: { id: string }[] };
  [s3.selected[0], s3.reserveList[0]] = [s3.reserveList[0] as { id: string }, s3.selected[0] as { id: string }];
  vectors.push(negative('swapped_selected_and_reserve', 'A selected entity swapped with the first reserve entity (entries intact).', t2, four.pool, 'RECEIPT_MISMATCH'));
  const t3 = clone(base) as Record<string, unknown>;
  t3.note = '已核对';
  vectors.push(negative('extra_field', 'A field added to the receipt.', t3, null, 'RECEIPT_MALFORMED'));
  const t4 = clone(base) as { randomness: { value: string }[] };
  (t4.randomness[0] as { value: string }).value = '6 6 6 6 6 6 6 6';
  vectors.push(negative('edited_randomness', 'The public randomness value changed after the fact.', t4, null, 'RECEIPT_MISMATCH'));
  const t5 = clone(base) as { serverSecret: string };
  t5.serverSecret = toHex(secret('other'));
  vectors.push(negative('wrong_server_secret', 'A revealed server secret that does not match the committed hash.', t5, null, 'RECEIPT_MISMATCH'));
  const t6 = clone(base) as { commitment: { params: { strata: { value: string }[] } } };
  (t6.commitment.params.strata[1] as { value: string }).value = '101';
  vectors.push(negative('ratio_out_of_range', 'A committed ratio edited to 101%.', t6, null, 'RATIO_OUT_OF_RANGE'));
  const t7 = clone(base) as { commitment: { strata: { quota: string }[] } };
  (t7.commitment.strata[0] as { quota: string }).quota = '3';
  vectors.push(negative('edited_quota', 'A committed quota that does not follow from the parameters.', t7, null, 'RECEIPT_MISMATCH'));

  const moved = four.entries.map((e, i) => (i === 0 ? { ...e, stratum: 'D' } : e));
  vectors.push(negative('pool_mismatch', 'A pool file in which one entity moved to another stratum.', base, formatPoolCsv(moved), 'POOL_MISMATCH'));
  const resalted = four.entries.map((e, i) => (i === 5 ? { ...e, salt: salt('x') } : e));
  vectors.push(negative('pool_root_mismatch', 'A pool file with one salt changed: sizes agree, the root does not.', base, formatPoolCsv(resalted), 'POOL_MISMATCH'));
  vectors.push(negative('pool_unknown_stratum', 'A pool file with a stratum the commitment does not have.', base, formatPoolCsv([...four.entries, { id: '新增主体', stratum: 'E', salt: salt('新增主体') }]), 'UNKNOWN_STRATUM'));
  vectors.push(negative('pool_duplicate_id', 'A pool file listing one identifier twice.', base, formatPoolCsv([...four.entries, four.entries[0] as PoolEntry]), 'DUPLICATE_ID'));
  vectors.push(negative('pool_invalid_uscc', 'A pool file with an invalid 统一社会信用代码 (wrong check character).', base, formatPoolCsv([...four.entries.slice(1), { id: '91350100M000100Y44', stratum: 'A', salt: salt('bad') }]), 'INVALID_USCC'));
  vectors.push(negative('pool_non_canonical_id', 'A pool file with a lower-case 统一社会信用代码 (not canonical).', base, formatPoolCsv([...four.entries.filter((e) => e.id !== USCC[0]), { id: (USCC[0] as string).toLowerCase(), stratum: 'A', salt: salt(USCC[0] as string) }]), 'NON_CANONICAL_ID'));
  vectors.push(negative('pool_bad_header', 'A pool file without the header line.', base, formatPoolCsv(four.entries).split('\n').slice(1).join('\n'), 'POOL_MALFORMED'));
  return vectors;
}

export function vectorFileName(v: Vector): string {
  return `${v.name}.json`;
}

export const VECTOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'vectors');
/** The suiji-draw/2 vectors (bench/draw_vectors_v2.ts). */
export const VECTOR_DIR_V2 = join(VECTOR_DIR, 'v2');

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(VECTOR_DIR, { recursive: true });
  for (const f of readdirSync(VECTOR_DIR)) if (f.endsWith('.json')) unlinkSync(join(VECTOR_DIR, f));
  const vectors = buildVectors();
  for (const v of vectors) writeFileSync(join(VECTOR_DIR, vectorFileName(v)), `${JSON.stringify(v, null, 2)}\n`);
  mkdirSync(VECTOR_DIR_V2, { recursive: true });
  for (const f of readdirSync(VECTOR_DIR_V2)) if (f.endsWith('.json')) unlinkSync(join(VECTOR_DIR_V2, f));
  const v2 = buildVectorsV2();
  for (const v of v2) writeFileSync(join(VECTOR_DIR_V2, `${v.name}.json`), `${JSON.stringify(v, null, 2)}\n`);
  process.stdout.write(`wrote ${vectors.length} vectors to ${VECTOR_DIR} and ${v2.length} to ${VECTOR_DIR_V2}\n`);
}

