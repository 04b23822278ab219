import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../basics/canonical_json';
import { CHECKPOINT_FORMAT, publicKeyFromRaw, verifyCheckpointSignature, type Checkpoint } from '../audit/checkpoint';
import { eventsDigest, rowHash } from '../audit/row_hash';
import { keyIdOf, logRowHash, verifyAnchor } from './anchor';
import { sha256, toHex, utf8 } from './encoding';
import { packPool, preparePool } from './pool';
import { commitLogDetail, executeDrawV2, makeCommitmentV2, toPublicReceiptV2, type CommitmentV2Input } from './protocol_v2';
import { runFixture } from './test_support';
import { anchorFor, DICE_COMMITTED, LOTTERY_SSQ, runFixtureV2, testKey } from './test_support_v2';
import { ratioParams } from './test_support';
import { findDuplicateKey } from './strict_json';
import { parseReceipt, verifyReceipt } from './verify';
import { parseReceiptV2, verifyReceiptV2 } from './verify_v2';

const KEY = testKey('unit');
const entries = Array.from({ length: 40 }, (_, i) => ({ id: `主体-${String(i).padStart(2, '0')}`, stratum: i % 2 === 0 ? 'A' : 'B', salt: '' }));
const params = ratioParams(['A', 'B'], '10');

function ceremony(overrides: Partial<CommitmentV2Input> = {}) {
  const packed = packPool(entries, ['A', 'B'], 'unsalted');
  if (!packed.ok) throw new Error(packed.error.message);
  const { prepared, commitment: pc } = preparePool(packed.value);
  const c = makeCommitmentV2({ taskId: 'T-1', attempt: 1, committedAt: '2025-03-03T09:00:00+08:00', drawDate: '2025-03-05', annualCap: 2, ruleVersions: {}, params, pool: pc, ledgerHash: '', inspectorPoolHash: '', sources: [DICE_COMMITTED, LOTTERY_SSQ], ...overrides });
  return { prepared, pc, c };
}

describe('the ceremony API (commit → anchor → enter values → draw → verify)', () => {
  it('a receipt built through the API verifies, publicly and in full', () => {
    const { prepared, pc, c } = ceremony();
    if (!c.ok) throw new Error(c.error.message);
    const anchor = anchorFor(commitLogDetail(c.value), { key: KEY, seq: 9, prevHash: '0'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:01.000Z' });
    const r = executeDrawV2(prepared, pc, c.value, [{ id: 'ssq', value: '01 02 03 04 05 06 07' }], anchor);
    if (!r.ok) throw new Error(r.error.message);
    expect(verifyReceiptV2(r.value, { publicKey: KEY.publicKey }).ok).toBe(true);
    const pub = parseReceiptV2(JSON.parse(JSON.stringify(toPublicReceiptV2(r.value))));
    expect(pub.ok && verifyReceiptV2(pub.value, { publicKey: KEY.publicKey }).ok).toBe(true);
  });

  it('refuses to draw with a non-canonical value instead of normalising it', () => {
    const { prepared, pc, c } = ceremony();
    if (!c.ok) throw new Error(c.error.message);
    const anchor = anchorFor(commitLogDetail(c.value), { key: KEY, seq: 9, prevHash: '0'.repeat(64), rowAt: '2025-03-03T01:00:00.000Z', checkpointAt: '2025-03-03T01:00:01.000Z' });
    const r = executeDrawV2(prepared, pc, c.value, [{ id: 'ssq', value: '1 2 3 4 5 6 7' }], anchor);
    expect(!r.ok && r.error.code).toBe('INVALID_SOURCE_VALUE');
  });

  it('refuses a commitment with dice only, a 1000th attempt or an impossible draw date', () => {
    const dice = ceremony({ sources: [{ ...DICE_COMMITTED, value: '' }] }).c;
    expect(!dice.ok && dice.error.code).toBe('SOURCE_NOT_INDEPENDENT');
    const many = ceremony({ attempt: 1000, previous: { commitmentHash: 'a'.repeat(64), reason: '重抽', approvedBy: '局长' } }).c;
    expect(!many.ok && many.error.code).toBe('INVALID_PARAMS');
    const date = ceremony({ drawDate: '2025-02-29' }).c;
    expect(!date.ok && date.error.path).toBe('commitment.drawDate');
  });
});

describe('what /1 let through and /2 refuses (regressions of issue #9 item 6)', () => {
  it('a bogus previousCommitmentHash verifies in /1 but not in /2', () => {
    const v1 = runFixture({ entries, params, saltMode: 'unsalted', serverSecret: new Uint8Array(32).fill(7), attempt: 2, previousCommitmentHash: 'b'.repeat(64), redrawReason: '重抽', redrawApprovedBy: '局长' });
    if (!v1.ok) throw new Error(v1.error.message);
    const parsed = parseReceipt(JSON.parse(JSON.stringify(v1.value.receipt)));
    expect(parsed.ok && verifyReceipt(parsed.value).ok).toBe(true);
    const first = runFixtureV2({ entries, params, saltMode: 'unsalted', sources: [LOTTERY_SSQ], sourceValues: [{ id: 'ssq', value: '01 02 03 04 05 06 07' }], key: KEY });
    if (!first.ok) throw new Error(first.error.message);
    const v2 = runFixtureV2({ entries, params, saltMode: 'unsalted', sources: [LOTTERY_SSQ], sourceValues: [{ id: 'ssq', value: '01 02 03 04 05 06 07' }], key: KEY, commitment: { attempt: 2, previous: { commitmentHash: 'b'.repeat(64), reason: '重抽', approvedBy: '局长' } }, anchor: { seq: 50 }, previousAnchor: first.value.receipt.anchor });
    if (!v2.ok) throw new Error(v2.error.message);
    const r = verifyReceiptV2(v2.value.receipt, { publicKey: KEY.publicKey });
    expect(!r.ok && r.error.code).toBe('LINK_MISMATCH');
  });

  it('a trailing-space variant of the public value verifies in /1 but not in /2', () => {
    const v1 = runFixture({ entries, params, saltMode: 'unsalted', serverSecret: new Uint8Array(32).fill(7), randomness: [{ id: 'dice', value: '3 1 4 1 5 2 6 5 ' }] });
    expect(v1.ok).toBe(true);
    const v2 = runFixtureV2({ entries, params, saltMode: 'unsalted', sources: [LOTTERY_SSQ], sourceValues: [{ id: 'ssq', value: '01 02 03 04 05 06 07 ' }], key: KEY });
    expect(!v2.ok && v2.error.code).toBe('INVALID_SOURCE_VALUE');
  });
});

describe('anchoring primitives', () => {
  it('checkpoint signatures verify under the key whose id they name, and only over their own content', () => {
    const a = anchorFor({ protocol: 'suiji-draw/2', taskId: 't', attempt: '1', commitmentHash: 'c'.repeat(64) }, { key: KEY, seq: 3, prevHash: '0'.repeat(64), rowAt: '2025-01-01T00:00:00.000Z', checkpointAt: '2025-01-01T00:00:01.000Z' });
    const cp: Checkpoint = { ...a.checkpoint, format: CHECKPOINT_FORMAT };
    expect(a.checkpoint.keyId).toBe(keyIdOf(KEY.publicKey));
    expect(verifyCheckpointSignature(cp, publicKeyFromRaw(KEY.publicKey))).toBe(true);
    expect(verifyCheckpointSignature({ ...cp, seq: 4 }, publicKeyFromRaw(KEY.publicKey))).toBe(false);
    expect(verifyCheckpointSignature(cp, publicKeyFromRaw(testKey('other').publicKey))).toBe(false);
  });

  it('row hashes follow the operation log rule of both versions, with the events digest standing in for the events', () => {
    const binding = { protocol: 'suiji-draw/2', taskId: 't', attempt: '1', commitmentHash: 'c'.repeat(64) };
    const at = '2025-01-01T00:00:00.000Z';
    const [row] = anchorFor(binding, { key: KEY, seq: 3, prevHash: '0'.repeat(64), rowAt: at, checkpointAt: '2025-01-01T00:00:01.000Z' }).rows;
    if (!row) throw new Error('no row');
    const { prevHash, hash, eventsDigest: digest, ...fields } = row;
    const events = [{ type: 'draw.commit', payload: binding, at }];
    expect(digest).toBe(eventsDigest(events));
    expect(rowHash(prevHash, fields, events)).toBe(hash);
    const list = [fields.seq, at, fields.actorId, fields.actorName, fields.actorDepartmentId, fields.actorRegionCode, fields.action, fields.summary, fields.targetType, fields.targetId, fields.outcome, fields.errorCode, fields.ip, fields.method, fields.path, fields.detail];
    expect(hash).toBe(toHex(sha256(utf8(`${prevHash}\n${canonicalJson([2, ...list, digest])}`))));
    expect(canonicalJson(fields.detail)).toBe('{"attempt":"1","commitmentHash":"' + 'c'.repeat(64) + '","protocol":"suiji-draw/2","taskId":"t"}');
    const [old] = anchorFor(binding, { key: KEY, seq: 3, prevHash: '0'.repeat(64), rowAt: at, checkpointAt: '2025-01-01T00:00:01.000Z', hashVersion: 1 }).rows;
    if (!old) throw new Error('no row');
    expect(old.eventsDigest).toBeNull();
    expect(old.hash).toBe(toHex(sha256(utf8(`${prevHash}\n${canonicalJson(list)}`))));
    expect(logRowHash(prevHash, { ...old, hashVersion: 1 })).toBe(old.hash);
  });

  it('refuses a version below the previous row\'s and a digest that does not fit the version', () => {
    const binding = { protocol: 'suiji-draw/2', taskId: 't', attempt: '1', commitmentHash: 'c'.repeat(64) };
    const base = { key: KEY, seq: 3, prevHash: '0'.repeat(64), rowAt: '2025-01-01T00:00:00.000Z', checkpointAt: '2025-01-01T00:00:01.000Z' };
    const rising = anchorFor(binding, { ...base, hashVersion: 1, after: [{ action: 'x', detail: {} }] });
    expect(verifyAnchor(rising, binding, KEY.publicKey, 'a').ok).toBe(true);
    const falling = anchorFor(binding, { ...base, after: [{ action: 'x', detail: {}, hashVersion: 1 }] });
    const r = verifyAnchor(falling, binding, KEY.publicKey, 'a');
    expect(!r.ok && r.error.path).toBe('a.rows[1].hashVersion');
    const [row] = anchorFor(binding, base).rows;
    if (!row) throw new Error('no row');
    const noDigest = verifyAnchor({ ...anchorFor(binding, base), rows: [{ ...row, eventsDigest: null }] }, binding, KEY.publicKey, 'a');
    expect(!noDigest.ok && noDigest.error.path).toBe('a.rows[0].eventsDigest');
    const otherDigest = verifyAnchor({ ...anchorFor(binding, base), rows: [{ ...row, eventsDigest: 'e'.repeat(64) }] }, binding, KEY.publicKey, 'a');
    expect(!otherDigest.ok && otherDigest.error.path).toBe('a.rows[0].hash');
  });

  it('finds a duplicate key at any depth, compared after unescaping, and never reports one that is not there', () => {
    expect(findDuplicateKey('{"a":{"b":1,"\\u0062":2}}')).toBe('a.b');
    expect(findDuplicateKey('[{"x":"}\\"{"},{"x":1,"y":[{"z":1,"z":2}]}]')).toBe('[1].y[0].z');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(findDuplicateKey(JSON.stringify(v, null, 1))).toBeUndefined();
      }),
    );
  });
});
