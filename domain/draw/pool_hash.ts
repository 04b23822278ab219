/**
 * The bulk hashing of the pool commitment (docs/draw-protocol.md §3.2, §3.4): lots, Merkle leaves and
 * the RFC 6962 root, four messages at a time in WebAssembly SIMD (`sha256_simd.ts`) with the scalar
 * `Sha256Scratch` as fallback and for messages longer than one block. The bytes hashed are exactly
 * those of the scalar definitions in pool.ts; only the speed differs.
 *
 * The root is computed per chunk of CHUNK_LEAVES leaves: each full chunk is a perfect subtree of
 * height CHUNK_HEIGHT, and the last (partial) chunk's own RFC 6962 root is the right-most part of
 * the tree, so the pool root is a fold of chunk roots (`rootFromChunkRoots`). Chunks are independent,
 * which lets a caller outside the domain spread them over threads and fold the results.
 */
import { sha256 } from './encoding';
import { Sha256Scratch } from './sha256';
import { createSha256Simd, type Sha256Simd } from './sha256_simd';

export const CHUNK_HEIGHT = 13;
export const CHUNK_LEAVES = 1 << CHUNK_HEIGHT;

/** What the hasher reads from a pool (structurally a `PackedPool`). */
export interface HashablePool {
  readonly size: number;
  readonly idBytes: Uint8Array;
  readonly idOffsets: Uint32Array;
  readonly strata: Uint16Array;
  readonly keys: readonly string[];
  readonly saltMode: 'salted' | 'unsalted';
  readonly salts: Uint8Array;
}

const SALT = 16;
const SLACK = 1024;
const BLOCKS = 1024;
const LEAVES = BLOCKS + 64 * CHUNK_LEAVES + SLACK;
const OUT = LEAVES + 32 * CHUNK_LEAVES + SLACK;
const encoder = new TextEncoder();

function writeU32(buf: Uint8Array, at: number, n: number): void {
  buf[at] = n >>> 24;
  buf[at + 1] = (n >>> 16) & 0xff;
  buf[at + 2] = (n >>> 8) & 0xff;
  buf[at + 3] = n & 0xff;
}

/** Hashes pool messages in batches. Not re-entrant; one per thread. */
export class PoolHasher {
  private readonly simd: Sha256Simd | undefined;
  private readonly mem: Uint8Array;
  private readonly scalar = new Sha256Scratch();
  private readonly long: number[] = [];

  /** `useSimd: false` forces the scalar path (the tests compare both). */
  constructor(useSimd = true) {
    this.simd = useSimd ? createSha256Simd() : undefined;
    this.mem = this.simd ? this.simd.memory : new Uint8Array(OUT + 16 * CHUNK_LEAVES + SLACK);
  }

  get accelerated(): boolean {
    return this.simd !== undefined;
  }

  /**
   * Writes the message of entry i (a lot when `key` is undefined, else a leaf) into `buf` at `p`
   * and returns its length.
   */
  private message(pool: HashablePool, i: number, key: Uint8Array | undefined, buf: Uint8Array, p: number): number {
    const a = pool.idOffsets[i] as number;
    const len = (pool.idOffsets[i + 1] as number) - a;
    const saltLen = pool.saltMode === 'salted' ? SALT : 0;
    const ids = pool.idBytes;
    buf[p] = key === undefined ? 0x02 : 0x00;
    writeU32(buf, p + 1, len);
    for (let x = 0; x < len; x++) buf[p + 5 + x] = ids[a + x] as number;
    let q = p + 5 + len;
    if (key !== undefined) {
      writeU32(buf, q, key.length);
      for (let x = 0; x < key.length; x++) buf[q + 4 + x] = key[x] as number;
      q += 4 + key.length;
    }
    writeU32(buf, q, saltLen);
    q += 4;
    if (saltLen > 0) {
      const salts = pool.salts;
      const s = i * SALT;
      for (let x = 0; x < SALT; x++) buf[q + x] = salts[s + x] as number;
      q += SALT;
    }
    return q - p;
  }

  /**
   * Hashes entries [start, end) (end − start ≤ CHUNK_LEAVES) into the hasher's memory at `dst`,
   * `stride` bytes apart (16: lots, keeping the first half; 32: leaves).
   */
  private hashChunk(pool: HashablePool, start: number, end: number, keys: Uint8Array[] | undefined, dst: number, stride: number): void {
    const m = this.mem;
    const count = end - start;
    const long = this.long;
    const saltLen = pool.saltMode === 'salted' ? SALT : 0;
    long.length = 0;
    m.fill(0, BLOCKS, BLOCKS + 64 * count);
    for (let j = 0; j < count; j++) {
      const i = start + j;
      const key = keys === undefined ? undefined : (keys[pool.strata[i] as number] as Uint8Array);
      const p = BLOCKS + 64 * j;
      const a = pool.idOffsets[i] as number;
      const bound = 9 + ((pool.idOffsets[i + 1] as number) - a) + (key === undefined ? 0 : 4 + key.length) + saltLen;
      if (bound > 55 || this.simd === undefined) {
        long.push(j);
        continue;
      }
      const n = this.message(pool, i, key, m, p);
      m[p + n] = 0x80;
      m[p + 62] = (n * 8) >>> 8;
      m[p + 63] = (n * 8) & 0xff;
    }
    if (this.simd !== undefined && long.length < count) this.simd.blocks(BLOCKS, count, dst, stride);
    const h = this.scalar;
    for (const j of long) {
      const i = start + j;
      const key = keys === undefined ? undefined : (keys[pool.strata[i] as number] as Uint8Array);
      const a = pool.idOffsets[i] as number;
      const buf = h.scratch(17 + ((pool.idOffsets[i + 1] as number) - a) + (key === undefined ? 0 : key.length) + SALT);
      const n = this.message(pool, i, key, buf, 0);
      h.digestInto(n, m, dst + stride * j, stride);
    }
  }

  /** Lots of entries [start, end) into `out` (16 bytes each, entry i at 16·(i − start)). */
  lots(pool: HashablePool, start: number, end: number, out: Uint8Array): void {
    for (let s = start; s < end; s += CHUNK_LEAVES) {
      const e = Math.min(end, s + CHUNK_LEAVES);
      this.hashChunk(pool, s, e, undefined, OUT, 16);
      out.set(this.mem.subarray(OUT, OUT + 16 * (e - s)), 16 * (s - start));
    }
  }

  /** Leaf hashes of entries [start, end) into `out` (32 bytes each). */
  leaves(pool: HashablePool, start: number, end: number, out: Uint8Array): void {
    const keys = pool.keys.map((k) => encoder.encode(k));
    for (let s = start; s < end; s += CHUNK_LEAVES) {
      const e = Math.min(end, s + CHUNK_LEAVES);
      this.hashChunk(pool, s, e, keys, LEAVES, 32);
      out.set(this.mem.subarray(LEAVES, LEAVES + 32 * (e - s)), 32 * (s - start));
    }
  }

  /**
   * Roots of chunks [first, last) (chunk c = entries [c·CHUNK_LEAVES, (c+1)·CHUNK_LEAVES) ∩ pool),
   * 32 bytes each: a perfect subtree for a full chunk, the chunk's own RFC 6962 root for the last one.
   */
  chunkRoots(pool: HashablePool, first: number, last: number): Uint8Array {
    const keys = pool.keys.map((k) => encoder.encode(k));
    const out = new Uint8Array(32 * Math.max(0, last - first));
    const m = this.mem;
    const odd = new Uint8Array(32);
    for (let c = first; c < last; c++) {
      const s = c * CHUNK_LEAVES;
      const e = Math.min(pool.size, s + CHUNK_LEAVES);
      this.hashChunk(pool, s, e, keys, LEAVES, 32);
      let n = e - s;
      while (n > 1) {
        const pairs = n >>> 1;
        if (n % 2 === 1) odd.set(m.subarray(LEAVES + 32 * (n - 1), LEAVES + 32 * n));
        if (this.simd !== undefined) this.simd.level(LEAVES, pairs, LEAVES, 0);
        else this.levelScalar(pairs);
        if (n % 2 === 1) m.set(odd, LEAVES + 32 * pairs);
        n = pairs + (n % 2);
      }
      out.set(m.subarray(LEAVES, LEAVES + 32), 32 * (c - first));
    }
    return out;
  }

  private levelScalar(pairs: number): void {
    const h = this.scalar;
    const m = this.mem;
    for (let j = 0; j < pairs; j++) {
      const buf = h.scratch(65);
      buf[0] = 0x01;
      for (let x = 0; x < 64; x++) buf[1 + x] = m[LEAVES + 64 * j + x] as number;
      h.digestInto(65, m, LEAVES + 32 * j, 32);
    }
  }
}

/** Number of chunks of a pool of `size` entries. */
export function chunkCount(size: number): number {
  return Math.ceil(size / CHUNK_LEAVES);
}

/** The pool root from all its chunk roots (32 bytes each, in order). */
export function rootFromChunkRoots(roots: Uint8Array, size: number): Uint8Array {
  const chunks = chunkCount(size);
  if (size === 0) return sha256(new Uint8Array(0));
  if (roots.length !== 32 * chunks) throw new Error('rootFromChunkRoots: wrong number of chunk roots');
  const node = (left: Uint8Array, right: Uint8Array): Uint8Array => {
    const msg = new Uint8Array(65);
    msg[0] = 0x01;
    msg.set(left, 1);
    msg.set(right, 33);
    return sha256(msg);
  };
  // Full chunks fold like leaves of a binary counter; a partial last chunk is folded in at the end.
  const full = size % CHUNK_LEAVES === 0 ? chunks : chunks - 1;
  const stack: Uint8Array[] = [];
  const heights: number[] = [];
  for (let c = 0; c < full; c++) {
    let cur: Uint8Array = roots.slice(32 * c, 32 * c + 32);
    let height = 0;
    while (heights.length > 0 && heights[heights.length - 1] === height) {
      heights.pop();
      cur = node(stack.pop() as Uint8Array, cur);
      height++;
    }
    stack.push(cur);
    heights.push(height);
  }
  let cur: Uint8Array = full < chunks ? roots.slice(32 * full, 32 * full + 32) : (stack.pop() as Uint8Array);
  for (let k = stack.length - 1; k >= 0; k--) cur = node(stack[k] as Uint8Array, cur);
  return cur;
}
