import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './encoding';
import { canonicalIdentifier } from './identifier';
import { checkPackedPool, computeLeaves, computeLots, EMPTY_ROOT, idAt, leafHash, lotOf, MerkleAccumulator, merkleProof, merkleRootInPlace, packPool, preparePool, rootFromProof, type PackedPool } from './pool';

const SALT = 'a'.repeat(32);

function rfc6962(leaves: Uint8Array[]): Uint8Array {
  // The recursive definition: MTH(D) = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two < n.
  if (leaves.length === 0) return new Uint8Array(hash('sha256', new Uint8Array(0), 'buffer'));
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  const msg = new Uint8Array(65);
  msg[0] = 1;
  msg.set(rfc6962(leaves.slice(0, k)), 1);
  msg.set(rfc6962(leaves.slice(k)), 33);
  return new Uint8Array(hash('sha256', msg, 'buffer'));
}

describe('canonicalIdentifier', () => {
  it('upper-cases and validates 统一社会信用代码, leaves other ids alone after NFC', () => {
    expect(canonicalIdentifier('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(canonicalIdentifier('110105600123457')).toEqual({ ok: true, value: '110105600123457' });
    expect(canonicalIdentifier('Cafe\u0301-个体户')).toEqual({ ok: true, value: 'Café-个体户' });
  });
  it.each([
    ['91350100M000100Y4Z', 'INVALID_USCC'],
    ['91350100M000100Y44', 'INVALID_USCC'],
    ['9135010OM000100Y43', 'INVALID_USCC'],
    ['', 'INVALID_ID'],
    [' 123', 'INVALID_ID'],
    ['a,b', 'INVALID_ID'],
    ['a\nb', 'INVALID_ID'],
    ['\uD800x', 'INVALID_ID'],
    ['x'.repeat(257), 'INVALID_ID'],
  ])('rejects "%s" with %s', (raw, code) => {
    const r = canonicalIdentifier(raw);
    expect(!r.ok && r.error.code).toBe(code);
  });
});

describe('packPool', () => {
  it('sorts by identifier bytes, canonicalizes, and rejects duplicates after canonicalization', () => {
    const p = packPool([{ id: 'b', stratum: 'A', salt: SALT }, { id: '𠀀', stratum: 'B', salt: SALT }, { id: '\uE000', stratum: 'A', salt: SALT }], ['B', 'A'], 'salted');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect([0, 1, 2].map((i) => idAt(p.value, i))).toEqual(['b', '\uE000', '𠀀']);
    expect(p.value.keys).toEqual(['A', 'B']);
    const dup = packPool([{ id: '91350100M000100Y43', stratum: 'A', salt: SALT }, { id: '91350100m000100y43', stratum: 'A', salt: SALT }], ['A'], 'salted');
    expect(!dup.ok && dup.error.code).toBe('DUPLICATE_ID');
    expect(!dup.ok && dup.error.message).toContain('91350100M000100Y43');
  });
  it('rejects unknown strata, invalid USCC and salts that do not fit the mode', () => {
    expect(packPool([{ id: 'x', stratum: 'Q', salt: SALT }], ['A'], 'salted')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_STRATUM' } });
    expect(packPool([{ id: '91350100M000100Y4Z', stratum: 'A', salt: SALT }], ['A'], 'salted')).toMatchObject({ ok: false, error: { code: 'INVALID_USCC', path: 'pool[0].id' } });
    expect(packPool([{ id: 'x', stratum: 'A', salt: '' }], ['A'], 'salted')).toMatchObject({ ok: false, error: { code: 'INVALID_SALT' } });
    expect(packPool([{ id: 'x', stratum: 'A', salt: SALT }], ['A'], 'unsalted')).toMatchObject({ ok: false, error: { code: 'INVALID_SALT' } });
    expect(packPool([{ id: 'x', stratum: 'A', salt: 'A'.repeat(32) }], ['A'], 'salted')).toMatchObject({ ok: false, error: { code: 'INVALID_SALT' } });
  });
});

describe('checkPackedPool', () => {
  const packed = (ids: string[]): PackedPool => {
    const bytes = ids.map((s) => new TextEncoder().encode(s));
    const idBytes = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
    const idOffsets = new Uint32Array(ids.length + 1);
    let off = 0;
    bytes.forEach((b, i) => {
      idBytes.set(b, off);
      off += b.length;
      idOffsets[i + 1] = off;
    });
    return { size: ids.length, idBytes, idOffsets, strata: new Uint16Array(ids.length), keys: ['A'], saltMode: 'unsalted', salts: new Uint8Array(0) };
  };
  it('accepts canonical sorted pools and names the first problem otherwise', () => {
    expect(checkPackedPool(packed(['91350100M000100Y43', 'b'])).ok).toBe(true);
    expect(checkPackedPool(packed(['b', 'a']))).toMatchObject({ ok: false, error: { code: 'POOL_MALFORMED', path: 'pool[1].id' } });
    expect(checkPackedPool(packed(['a', 'a']))).toMatchObject({ ok: false, error: { code: 'DUPLICATE_ID' } });
    expect(checkPackedPool(packed(['91350100m000100y43']))).toMatchObject({ ok: false, error: { code: 'NON_CANONICAL_ID' } });
    expect(checkPackedPool(packed(['91350100M000100Y44']))).toMatchObject({ ok: false, error: { code: 'INVALID_USCC' } });
    expect(checkPackedPool(packed(['Cafe\u0301']))).toMatchObject({ ok: false, error: { code: 'NON_CANONICAL_ID' } });
  });
});

describe('lots, leaves and the Merkle root', () => {
  it('bulk lots and leaves equal the one-entry functions', () => {
    const p = packPool([{ id: '91350100M000100Y43', stratum: 'A', salt: SALT }, { id: '个体户-甲', stratum: 'B', salt: '0'.repeat(32) }], ['A', 'B'], 'salted');
    if (!p.ok) throw new Error(p.error.message);
    const lots = new Uint8Array(32);
    computeLots(p.value, 0, 2, lots);
    const leaves = new Uint8Array(64);
    computeLeaves(p.value, 0, 2, leaves);
    expect(toHex(lots.subarray(0, 16))).toBe(toHex(lotOf('91350100M000100Y43', SALT)));
    expect(toHex(lots.subarray(16, 32))).toBe(toHex(lotOf('个体户-甲', '0'.repeat(32))));
    expect(toHex(leaves.subarray(0, 32))).toBe(toHex(leafHash('91350100M000100Y43', 'A', SALT)));
    expect(toHex(leaves.subarray(32, 64))).toBe(toHex(leafHash('个体户-甲', 'B', '0'.repeat(32))));
  });

  it('bottom-up root equals RFC 6962 and every audit path leads to it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => new Uint8Array(hash('sha256', `leaf${i}`, 'buffer')));
        const flat = new Uint8Array(32 * n);
        leaves.forEach((l, i) => flat.set(l, 32 * i));
        const root = toHex(merkleRootInPlace(flat.slice()));
        expect(root).toBe(toHex(rfc6962(leaves)));
        const acc = new MerkleAccumulator();
        for (let i = 0; i < n; i++) acc.push(flat, i);
        expect(toHex(acc.root())).toBe(root);
        if (n === 0) expect(root).toBe(EMPTY_ROOT);
        for (let i = 0; i < n; i++) expect(rootFromProof(leaves[i] as Uint8Array, merkleProof(flat, i))).toBe(root);
      }),
      { numRuns: 71 },
    );
  });

  it('preparePool commits to ids, strata and salts: changing any one changes the root', () => {
    const base = [{ id: 'a', stratum: 'A', salt: SALT }, { id: 'b', stratum: 'B', salt: SALT }];
    const root = (entries: typeof base) => {
      const p = packPool(entries, ['A', 'B'], 'salted');
      if (!p.ok) throw new Error(p.error.message);
      return preparePool(p.value).commitment.root;
    };
    const r0 = root(base);
    expect(root([base[1]!, base[0]!])).toBe(r0);
    expect(root([{ ...base[0]!, stratum: 'B' }, base[1]!])).not.toBe(r0);
    expect(root([{ ...base[0]!, salt: 'b'.repeat(32) }, base[1]!])).not.toBe(r0);
    expect(root([{ ...base[0]!, id: 'c' }, base[1]!])).not.toBe(r0);
  });
});
