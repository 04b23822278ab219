import { hash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './encoding';
import { leafHash, lotOf, merkleRootInPlace, type PackedPool } from './pool';
import { CHUNK_LEAVES, chunkCount, PoolHasher, rootFromChunkRoots } from './pool_hash';
import { createSha256Simd } from './sha256_simd';

/** A packed pool of arbitrary ids (hashing does not need canonical order). */
function pool(ids: readonly string[], keys: readonly string[], salted: boolean, seed = 1): PackedPool {
  const enc = ids.map((s) => new TextEncoder().encode(s));
  const idBytes = new Uint8Array(enc.reduce((n, b) => n + b.length, 0));
  const idOffsets = new Uint32Array(ids.length + 1);
  enc.forEach((b, i) => {
    idBytes.set(b, idOffsets[i]);
    idOffsets[i + 1] = (idOffsets[i] as number) + b.length;
  });
  const strata = Uint16Array.from(ids, (_, i) => (i * 7 + seed) % keys.length);
  const salts = salted ? new Uint8Array(randomBytes(16 * ids.length)) : new Uint8Array(0);
  return { size: ids.length, idBytes, idOffsets, strata, keys, saltMode: salted ? 'salted' : 'unsalted', salts };
}

const saltHex = (p: PackedPool, i: number): string => (p.saltMode === 'salted' ? toHex(p.salts.subarray(16 * i, 16 * i + 16)) : '');
const ids = (n: number, prefix = '9135010'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(11, '0')}`);

describe('four-lane SIMD SHA-256', () => {
  it('is available in Node and hashes one-block messages and Merkle nodes like node:crypto', () => {
    const s = createSha256Simd();
    expect(s).toBeDefined();
    if (!s) return;
    const m = s.memory;
    const msgs = Array.from({ length: 56 }, (_, n) => new Uint8Array(randomBytes(n)));
    msgs.forEach((msg, i) => {
      const b = m.subarray(1024 + 64 * i, 1024 + 64 * i + 64);
      b.fill(0);
      b.set(msg);
      b[msg.length] = 0x80;
      b[62] = (msg.length * 8) >>> 8;
      b[63] = (msg.length * 8) & 0xff;
    });
    s.blocks(1024, msgs.length, 65536, 32);
    msgs.forEach((msg, i) => expect(toHex(m.subarray(65536 + 32 * i, 65536 + 32 * i + 32))).toBe(hash('sha256', msg, 'hex')));
    const children = new Uint8Array(randomBytes(64 * 7));
    m.set(children, 200_000);
    s.level(200_000, 7, 200_000, 0);
    for (let i = 0; i < 7; i++) {
      const want = hash('sha256', Buffer.concat([Buffer.from([1]), children.subarray(64 * i, 64 * i + 64)]), 'hex');
      expect(toHex(m.subarray(200_000 + 32 * i, 200_000 + 32 * i + 32))).toBe(want);
    }
  });
});

describe('PoolHasher', () => {
  it('lots and leaves equal the one-entry definitions, with and without SIMD, for any id length, key and salt mode', () => {
    const simd = new PoolHasher();
    const scalar = new PoolHasher(false);
    expect(simd.accelerated).toBe(true);
    expect(scalar.accelerated).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 0, maxLength: 23 }), fc.boolean(), fc.constantFrom(['A', 'B'], ['x'], ['长名分层键', 'C', 'D']), (list, salted, keys) => {
        const p = pool(list, keys, salted);
        for (const h of [simd, scalar]) {
          const lots = new Uint8Array(16 * p.size);
          const leaves = new Uint8Array(32 * p.size);
          h.lots(p, 0, p.size, lots);
          h.leaves(p, 0, p.size, leaves);
          for (let i = 0; i < p.size; i++) {
            const id = list[i] as string;
            expect(toHex(lots.subarray(16 * i, 16 * i + 16))).toBe(toHex(lotOf(id, saltHex(p, i))));
            expect(toHex(leaves.subarray(32 * i, 32 * i + 32))).toBe(toHex(leafHash(id, keys[p.strata[i] as number] as string, saltHex(p, i))));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('chunk roots fold to the RFC 6962 root at every chunk boundary, and ranges of lots compose', () => {
    const simd = new PoolHasher();
    const scalar = new PoolHasher(false);
    for (const n of [0, 1, 2, 3, 5, 8, CHUNK_LEAVES - 1, CHUNK_LEAVES, CHUNK_LEAVES + 1, 2 * CHUNK_LEAVES, 3 * CHUNK_LEAVES + 5]) {
      const p = pool(ids(n), ['A', 'B', 'C'], n % 2 === 0, n);
      const leaves = new Uint8Array(32 * n);
      scalar.leaves(p, 0, n, leaves);
      const want = toHex(merkleRootInPlace(leaves));
      expect(toHex(rootFromChunkRoots(simd.chunkRoots(p, 0, chunkCount(n)), n))).toBe(want);
      // Chunks computed in two separate calls (as two threads would) fold to the same root.
      const half = Math.floor(chunkCount(n) / 2);
      const parts = new Uint8Array(32 * chunkCount(n));
      parts.set(simd.chunkRoots(p, 0, half), 0);
      parts.set(scalar.chunkRoots(p, half, chunkCount(n)), 32 * half);
      expect(toHex(rootFromChunkRoots(parts, n))).toBe(want);
      if (n > 3) {
        const whole = new Uint8Array(16 * n);
        simd.lots(p, 0, n, whole);
        const split = new Uint8Array(16 * n);
        simd.lots(p, 0, 3, split.subarray(0, 48));
        simd.lots(p, 3, n, split.subarray(48));
        expect(toHex(split)).toBe(toHex(whole));
      }
    }
  });
});
