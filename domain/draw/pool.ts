/**
 * The eligible pool (名录库快照) as the protocol commits to it (docs/draw-protocol.md §3):
 * entries (identifier, stratum, salt) sorted by identifier bytes, no duplicates; per entry a
 * Merkle leaf (public, binds the stratum without revealing it) and a lot (secret when salted, the
 * input of the ticket PRF). The draw itself only needs the lots and the strata.
 *
 * Large pools are packed (one byte buffer + offsets) so 10 M entries fit in a few hundred MB.
 */
import { ok, type Result } from '../basics/result';
import { compareUtf8, fromHex, sha256, toHex, utf8 } from './encoding';
import { drawError, type DrawError } from './errors';
import { canonicalIdentifier, checkCanonicalIdentifier } from './identifier';
import { checkStratumKey } from './quota';
import { chunkCount, PoolHasher, rootFromChunkRoots } from './pool_hash';
import { Sha256Scratch } from './sha256';

export const SALT_BYTES = 16;
export const LOT_BYTES = 16;

/** Salted: every entry has a secret 16-byte salt (strata stay confidential). Unsalted: no salts, tickets are public. */
export type SaltMode = 'salted' | 'unsalted';

/** One pool entry as users supply it. `salt` is 32 lowercase hex characters, or '' in an unsalted pool. */
export interface PoolEntry {
  readonly id: string;
  readonly stratum: string;
  readonly salt: string;
}

/** A pool in canonical order, packed. Identifier i is `idBytes[idOffsets[i]..idOffsets[i+1])`. */
export interface PackedPool {
  readonly size: number;
  readonly idBytes: Uint8Array;
  readonly idOffsets: Uint32Array;
  /** Index into `keys` per entry. */
  readonly strata: Uint16Array;
  /** Stratum keys in UTF-8 byte order. */
  readonly keys: readonly string[];
  readonly saltMode: SaltMode;
  /** 16 bytes per entry when salted, empty when unsalted. */
  readonly salts: Uint8Array;
}

/** A packed pool plus its per-entry lots, ready to draw from. */
export interface PreparedPool extends PackedPool {
  /** 16 bytes per entry: lot(id, salt). */
  readonly lots: Uint8Array;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function idAt(pool: PackedPool, i: number): string {
  return decoder.decode(pool.idBytes.subarray(pool.idOffsets[i], pool.idOffsets[i + 1]));
}

/**
 * Canonicalizes, sorts and packs user entries. Errors: invalid or duplicate identifiers (after
 * canonicalization), unknown strata, malformed salts, mixed salted/unsalted entries.
 */
export function packPool(entries: readonly PoolEntry[], keys: readonly string[], saltMode: SaltMode): Result<PackedPool, DrawError> {
  const sortedKeys = [...keys].sort(compareUtf8);
  for (const [i, k] of sortedKeys.entries()) {
    const r = checkStratumKey(k, `keys[${i}]`);
    if (!r.ok) return r;
    if (i > 0 && sortedKeys[i - 1] === k) return drawError('DUPLICATE_STRATUM', `分层“${k}”重复`);
  }
  const keyIndex = new Map(sortedKeys.map((k, i) => [k, i]));
  const rows: { id: string; stratum: number; salt: Uint8Array }[] = [];
  for (const [i, e] of entries.entries()) {
    const id = canonicalIdentifier(e.id);
    if (!id.ok) return drawError(id.error.code, `第 ${i + 1} 条：${id.error.message}`, `pool[${i}].id`);
    const s = keyIndex.get(e.stratum);
    if (s === undefined) return drawError('UNKNOWN_STRATUM', `第 ${i + 1} 条（${id.value}）的分层“${e.stratum}”未在抽查参数中定义`, `pool[${i}].stratum`);
    const salt = parseSalt(e.salt, saltMode, `pool[${i}].salt`, id.value);
    if (!salt.ok) return salt;
    rows.push({ id: id.value, stratum: s, salt: salt.value });
  }
  rows.sort((a, b) => compareUtf8(a.id, b.id));
  for (let i = 1; i < rows.length; i++) {
    if ((rows[i - 1] as { id: string }).id === (rows[i] as { id: string }).id) {
      return drawError('DUPLICATE_ID', `名录库中标识“${(rows[i] as { id: string }).id}”重复出现`);
    }
  }
  const encoded = rows.map((r) => utf8(r.id));
  const total = encoded.reduce((n, b) => n + b.length, 0);
  const idBytes = new Uint8Array(total);
  const idOffsets = new Uint32Array(rows.length + 1);
  const strata = new Uint16Array(rows.length);
  const salts = new Uint8Array(saltMode === 'salted' ? rows.length * SALT_BYTES : 0);
  let off = 0;
  for (const [i, r] of rows.entries()) {
    const b = encoded[i] as Uint8Array;
    idBytes.set(b, off);
    off += b.length;
    idOffsets[i + 1] = off;
    strata[i] = r.stratum;
    if (saltMode === 'salted') salts.set(r.salt, i * SALT_BYTES);
  }
  return ok({ size: rows.length, idBytes, idOffsets, strata, keys: sortedKeys, saltMode, salts });
}

function parseSalt(hex: string, mode: SaltMode, path: string, id: string): Result<Uint8Array, DrawError> {
  if (mode === 'unsalted') {
    if (hex !== '') return drawError('INVALID_SALT', `“${id}”有盐值，但本次抽取声明为无盐模式（unsalted）`, path);
    return { ok: true, value: new Uint8Array(0) };
  }
  const b = fromHex(hex, SALT_BYTES);
  if (!b) return drawError('INVALID_SALT', `“${id}”的盐值须为 32 个小写十六进制字符（本次抽取为加盐模式 salted）`, path);
  return { ok: true, value: b };
}

/**
 * Checks that a packed pool is canonical: identifiers canonical, strictly increasing (so unique),
 * stratum indices in range, keys sorted and valid, salts sized for the mode. O(n); the verifier
 * runs it on pool files before anything else.
 */
export function checkPackedPool(pool: PackedPool): Result<PackedPool, DrawError> {
  for (const [i, k] of pool.keys.entries()) {
    const r = checkStratumKey(k, `keys[${i}]`);
    if (!r.ok) return r;
    if (i > 0 && compareUtf8(pool.keys[i - 1] as string, k) >= 0) return drawError('POOL_MALFORMED', '分层键未按顺序排列或重复');
  }
  if (pool.idOffsets.length !== pool.size + 1 || pool.strata.length !== pool.size) return drawError('POOL_MALFORMED', '名录库数组长度不一致');
  if (pool.salts.length !== (pool.saltMode === 'salted' ? pool.size * SALT_BYTES : 0)) return drawError('POOL_MALFORMED', '名录库盐值长度不一致');
  return checkPackedEntries(pool, 0, pool.size);
}

/**
 * The per-entry part of `checkPackedPool` for entries [start, end) (each compared with the one
 * before it, also across `start`): ranges can be checked independently and in any order.
 */
export function checkPackedEntries(pool: PackedPool, start: number, end: number): Result<PackedPool, DrawError> {
  const ids = pool.idBytes;
  for (let i = start; i < end; i++) {
    const a = pool.idOffsets[i] as number;
    const b = pool.idOffsets[i + 1] as number;
    if (!(b >= a && b <= ids.length)) return drawError('POOL_MALFORMED', '名录库标识偏移量无效');
    if (!isCanonicalAsciiUscc(ids, a, b)) {
      let id: string;
      try {
        id = decoder.decode(ids.subarray(a, b));
      } catch {
        return drawError('INVALID_ID', `第 ${i + 1} 条标识不是有效的 UTF-8`, `pool[${i}].id`);
      }
      const r = checkCanonicalIdentifier(id);
      if (!r.ok) return drawError(r.error.code, `第 ${i + 1} 条：${r.error.message}`, `pool[${i}].id`);
    }
    if (i > 0) {
      const c = compareRanges(ids, pool.idOffsets[i - 1] as number, a, a, b);
      if (c === 0) return drawError('DUPLICATE_ID', `名录库中标识“${idAt(pool, i)}”重复出现`, `pool[${i}].id`);
      if (c > 0) return drawError('POOL_MALFORMED', `名录库未按标识排序：第 ${i + 1} 条“${idAt(pool, i)}”`, `pool[${i}].id`);
    }
    if ((pool.strata[i] as number) >= pool.keys.length) return drawError('UNKNOWN_STRATUM', `第 ${i + 1} 条的分层编号越界`, `pool[${i}].stratum`);
  }
  return ok(pool);
}

const USCC_VALUE = (() => {
  const t = new Int8Array(128).fill(-1);
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = i;
  return t;
})();
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Byte-level fast path of the identifier rule for the common case: a valid uppercase USCC (GB 32100-2015). */
function isCanonicalAsciiUscc(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = bytes[start + i] as number;
    const v = c < 128 ? (USCC_VALUE[c] as number) : -1;
    if (v < 0) return false;
    if (i >= 2 && i <= 7 && v > 9) return false;
    sum += v * (USCC_W[i] as number);
  }
  const last = bytes[start + 17] as number;
  return last < 128 && USCC_VALUE[last] === (31 - (sum % 31)) % 31;
}

/** Byte order of `bytes[a0..a1)` against `bytes[b0..b1)` (as `compareBytes`, without views). */
function compareRanges(bytes: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let x = 0; x < n; x++) {
    const d = (bytes[a0 + x] as number) - (bytes[b0 + x] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a1 - a0 < b1 - b0 ? -1 : a1 - a0 > b1 - b0 ? 1 : 0;
}

/**
 * Writes the 16-byte lot of entries [start, end) into `out` (16 bytes per entry, entry i at
 * 16·(i − start)): lot = first 16 bytes of SHA-256(0x02 ‖ field(id) ‖ field(salt)) (protocol §3.2).
 */
export function computeLots(pool: PackedPool, start: number, end: number, out: Uint8Array): void {
  hasher().lots(pool, start, end, out);
}

/**
 * Writes the Merkle leaf hashes of entries [start, end) into `out` (32 bytes each):
 * leaf = SHA-256(0x00 ‖ field(id) ‖ field(stratum key) ‖ field(salt)) (protocol §3.4).
 */
export function computeLeaves(pool: PackedPool, start: number, end: number, out: Uint8Array): void {
  hasher().leaves(pool, start, end, out);
}

let shared: PoolHasher | undefined;

/** The batch hasher of this thread (pool_hash.ts), created on first use. */
function hasher(): PoolHasher {
  shared ??= new PoolHasher();
  return shared;
}

/** Byte copy without allocating a subarray view (this runs tens of millions of times). */
function copy(from: Uint8Array, at: number, to: Uint8Array, offset: number, n: number): void {
  for (let x = 0; x < n; x++) to[offset + x] = from[at + x] as number;
}

function writeU32(buf: Uint8Array, at: number, n: number): void {
  buf[at] = n >>> 24;
  buf[at + 1] = (n >>> 16) & 0xff;
  buf[at + 2] = (n >>> 8) & 0xff;
  buf[at + 3] = n & 0xff;
}

/** SHA-256 of the empty string: the root of an empty pool (RFC 6962 §2.1). */
export const EMPTY_ROOT = toHex(sha256(new Uint8Array(0)));

/**
 * RFC 6962 Merkle tree hash over leaf hashes (32 bytes each), computed bottom-up: pairs are hashed
 * as SHA-256(0x01 ‖ left ‖ right) and an odd last node moves up unchanged, which gives the same
 * root as RFC 6962's "largest power of two" split. Overwrites `leaves`.
 */
export function merkleRootInPlace(leaves: Uint8Array): Uint8Array {
  let n = leaves.length / 32;
  if (n === 0) return sha256(new Uint8Array(0));
  const h = new Sha256Scratch();
  while (n > 1) {
    const half = n >>> 1;
    for (let j = 0; j < half; j++) {
      const buf = h.scratch(65);
      buf[0] = 0x01;
      buf.set(leaves.subarray(64 * j, 64 * j + 64), 1);
      h.digestInto(65, leaves, 32 * j, 32);
    }
    if (n % 2 === 1) leaves.copyWithin(32 * half, 32 * (n - 1), 32 * n);
    n = half + (n % 2);
  }
  return leaves.slice(0, 32);
}

export interface MerkleStep {
  /** Where the sibling sits: 'L' = sibling ‖ current, 'R' = current ‖ sibling. */
  readonly side: 'L' | 'R';
  readonly hash: string;
}

/** The audit path of leaf `index` (bottom-up), for an entity to check its own leaf against the committed root. */
export function merkleProof(leaves: Uint8Array, index: number): MerkleStep[] {
  let level = leaves.slice();
  let n = level.length / 32;
  let i = index;
  const steps: MerkleStep[] = [];
  const h = new Sha256Scratch();
  while (n > 1) {
    const sibling = i ^ 1;
    if (sibling < n) steps.push({ side: i % 2 === 1 ? 'L' : 'R', hash: toHex(level.subarray(32 * sibling, 32 * sibling + 32)) });
    const half = n >>> 1;
    const next = new Uint8Array(32 * (half + (n % 2)));
    for (let j = 0; j < half; j++) {
      const buf = h.scratch(65);
      buf[0] = 0x01;
      buf.set(level.subarray(64 * j, 64 * j + 64), 1);
      h.digestInto(65, next, 32 * j, 32);
    }
    if (n % 2 === 1) next.set(level.subarray(32 * (n - 1), 32 * n), 32 * half);
    level = next;
    n = half + (n % 2);
    i = i >>> 1;
  }
  return steps;
}

/** Recomputes a root from one leaf and its audit path. */
export function rootFromProof(leaf: Uint8Array, steps: readonly MerkleStep[]): string | undefined {
  let cur = leaf;
  for (const s of steps) {
    const sib = fromHex(s.hash, 32);
    if (!sib || (s.side !== 'L' && s.side !== 'R')) return undefined;
    const msg = new Uint8Array(65);
    msg[0] = 0x01;
    msg.set(s.side === 'L' ? sib : cur, 1);
    msg.set(s.side === 'L' ? cur : sib, 33);
    cur = sha256(msg);
  }
  return toHex(cur);
}

/** The leaf hash of one entry (for entity self-checks). */
export function leafHash(id: string, stratum: string, salt: string): Uint8Array {
  const idb = utf8(id);
  const key = utf8(stratum);
  const s = salt === '' ? new Uint8Array(0) : (fromHex(salt, SALT_BYTES) ?? new Uint8Array(0));
  const msg = new Uint8Array(1 + 4 + idb.length + 4 + key.length + 4 + s.length);
  msg[0] = 0x00;
  writeU32(msg, 1, idb.length);
  msg.set(idb, 5);
  let p = 5 + idb.length;
  writeU32(msg, p, key.length);
  msg.set(key, p + 4);
  p += 4 + key.length;
  writeU32(msg, p, s.length);
  msg.set(s, p + 4);
  return sha256(msg);
}

/** The lot of one entry (for entity self-checks). */
export function lotOf(id: string, salt: string): Uint8Array {
  const idb = utf8(id);
  const s = salt === '' ? new Uint8Array(0) : (fromHex(salt, SALT_BYTES) ?? new Uint8Array(0));
  const msg = new Uint8Array(1 + 4 + idb.length + 4 + s.length);
  msg[0] = 0x02;
  writeU32(msg, 1, idb.length);
  msg.set(idb, 5);
  writeU32(msg, 5 + idb.length, s.length);
  msg.set(s, 9 + idb.length);
  return sha256(msg).slice(0, LOT_BYTES);
}

export interface PoolCommitment {
  readonly size: number;
  readonly root: string;
  readonly saltMode: SaltMode;
  /** Entries per stratum key (keys with no entries are absent). */
  readonly stratumSizes: ReadonlyMap<string, number>;
}

/** Per-stratum entry counts. */
export function stratumSizes(pool: PackedPool): Map<string, number> {
  const counts = new Uint32Array(pool.keys.length);
  for (let i = 0; i < pool.size; i++) {
    const s = pool.strata[i] as number;
    counts[s] = (counts[s] as number) + 1;
  }
  const out = new Map<string, number>();
  for (const [i, k] of pool.keys.entries()) if ((counts[i] as number) > 0) out.set(k, counts[i] as number);
  return out;
}

/**
 * The same root as `merkleRootInPlace`, from leaves produced in order, keeping only one node per
 * level: each complete subtree of 2^h leaves is folded as soon as it is complete, and at the end the
 * remaining subtrees (largest first) are combined right to left — RFC 6962's tree for any n.
 */
export class MerkleAccumulator {
  private readonly stack: Uint8Array[] = [];
  private readonly heights: number[] = [];
  private readonly h = new Sha256Scratch();
  private count = 0;

  private node(left: Uint8Array, right: Uint8Array): Uint8Array {
    const buf = this.h.scratch(65);
    buf[0] = 0x01;
    copy(left, 0, buf, 1, 32);
    copy(right, 0, buf, 33, 32);
    const out = new Uint8Array(32);
    this.h.digestInto(65, out, 0, 32);
    return out;
  }

  /** Adds the leaf hash at `leaves[32·j..32·j+32)`. */
  push(leaves: Uint8Array, j: number): void {
    let cur: Uint8Array = leaves.slice(32 * j, 32 * j + 32);
    let height = 0;
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      cur = this.node(this.stack.pop() as Uint8Array, cur);
      height++;
    }
    this.stack.push(cur);
    this.heights.push(height);
    this.count++;
  }

  root(): Uint8Array {
    if (this.count === 0) return sha256(new Uint8Array(0));
    let cur = this.stack[this.stack.length - 1] as Uint8Array;
    for (let k = this.stack.length - 2; k >= 0; k--) cur = this.node(this.stack[k] as Uint8Array, cur);
    return cur;
  }
}

/**
 * Merkle root of a canonical pool, chunk by chunk (memory O(chunk)); the same root as
 * `merkleRootInPlace` over all leaves. `chunkRoots`/`rootFromChunkRoots` (pool_hash.ts) split this
 * for callers that spread chunks over threads.
 */
export function poolRoot(pool: PackedPool): string {
  return toHex(rootFromChunkRoots(hasher().chunkRoots(pool, 0, chunkCount(pool.size)), pool.size));
}

/** Computes lots and the Merkle root of a canonical pool, single-threaded. */
export function preparePool(pool: PackedPool): { prepared: PreparedPool; commitment: PoolCommitment } {
  const lots = new Uint8Array(pool.size * LOT_BYTES);
  computeLots(pool, 0, pool.size, lots);
  return {
    prepared: { ...pool, lots },
    commitment: { size: pool.size, root: poolRoot(pool), saltMode: pool.saltMode, stratumSizes: stratumSizes(pool) },
  };
}
