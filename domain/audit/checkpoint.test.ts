import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FORMAT, checkpointMessage, compareCheckpoints, keyIdOf, parseCheckpoint, publicKeyFromRaw, rawPublicKey,
  verifyCheckpointSignature, type Checkpoint, type CheckpointPayload,
} from './checkpoint';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const keyId = keyIdOf(rawPublicKey(publicKey));
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

function signed(seq: number, headHash: string, at = '2026-12-06T08:00:00.000Z', key = privateKey, id = keyId): Checkpoint {
  const payload: CheckpointPayload = { format: CHECKPOINT_FORMAT, seq, headHash, at, keyId: id };
  return { ...payload, signature: sign(null, checkpointMessage(payload), key).toString('base64') };
}

describe('checkpoint format suiji-checkpoint/1', () => {
  it('signs the canonical JSON of the object without its signature, keys sorted', () => {
    const c = signed(7, hashOf('a'));
    expect(checkpointMessage(c).toString('utf8')).toBe(`{"at":"2026-12-06T08:00:00.000Z","format":"suiji-checkpoint/1","headHash":"${hashOf('a')}","keyId":"${keyId}","seq":7}`);
    expect(verifyCheckpointSignature(c, publicKey)).toBe(true);
  });

  it('names the key by the first 16 hex of SHA-256 of the raw 32-byte public key', () => {
    const raw = rawPublicKey(publicKey);
    expect(raw).toHaveLength(32);
    expect(keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(keyIdOf(rawPublicKey(publicKeyFromRaw(raw)))).toBe(keyId);
  });

  it('refuses a checkpoint with any field changed, another key, or a broken signature', () => {
    const c = signed(7, hashOf('a'));
    for (const changed of [{ seq: 8 }, { headHash: hashOf('b') }, { at: '2026-12-06T08:00:01.000Z' }]) {
      expect(verifyCheckpointSignature({ ...c, ...changed }, publicKey), JSON.stringify(changed)).toBe(false);
    }
    expect(verifyCheckpointSignature(c, other.publicKey)).toBe(false);
    // Signed by another key that claims this key's id.
    expect(verifyCheckpointSignature(signed(7, hashOf('a'), undefined, other.privateKey), publicKey)).toBe(false);
    expect(verifyCheckpointSignature({ ...c, signature: 'AAAA' }, publicKey)).toBe(false);
  });

  it('parses the JSON of a checkpoint and names the first field that does not fit', () => {
    const c = signed(3, hashOf('x'));
    expect(parseCheckpoint(JSON.parse(JSON.stringify(c)))).toEqual({ ok: true, value: c });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ format: 'suiji-checkpoint/2' }, /format/], [{ seq: 0 }, /seq/], [{ seq: '3' }, /seq/], [{ headHash: 'ABC' }, /headHash/],
      [{ at: '2026-12-06 08:00' }, /at/], [{ keyId: 'xyz' }, /keyId/], [{ signature: '***' }, /signature/],
    ];
    for (const [change, field] of cases) {
      const parsed = parseCheckpoint({ ...c, ...change });
      expect(parsed.ok, JSON.stringify(change)).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(field);
    }
    expect(parseCheckpoint([c]).ok).toBe(false);
  });

  it('compares checkpoints with the chain: missing row (cut tail, truncate), other hash (re-chained), bad signature', () => {
    const chain = new Map([[1, hashOf('1')], [2, hashOf('2')], [3, hashOf('3')]]);
    const good = [signed(1, hashOf('1')), signed(3, hashOf('3'))];
    expect(compareCheckpoints(good, publicKey, chain)).toEqual({ checked: 2, findings: [], anchoredSeq: 3 });

    const cut = compareCheckpoints([...good, signed(5, hashOf('5'))], publicKey, chain);
    expect(cut.findings.map((f) => [f.checkpoint.seq, f.problem])).toEqual([[5, 'missing']]);
    expect(cut.findings[0]?.message).toMatch(/没有第 5 条.*尾部被删除或被清空/);
    expect(cut.anchoredSeq).toBe(3);

    const rechained = compareCheckpoints(good, publicKey, new Map([...chain, [3, hashOf('3 again')]]));
    expect(rechained.findings.map((f) => [f.checkpoint.seq, f.problem])).toEqual([[3, 'mismatch']]);
    expect(rechained.findings[0]?.message).toMatch(/重算了哈希链/);

    const forged = compareCheckpoints([{ ...signed(2, hashOf('2')), headHash: hashOf('1') }], publicKey, chain);
    expect(forged.findings.map((f) => f.problem)).toEqual(['signature']);
    expect(forged.anchoredSeq).toBe(0);
  });
});
