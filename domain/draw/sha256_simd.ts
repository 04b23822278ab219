/**
 * Four-lane SHA-256 in WebAssembly SIMD for the bulk loops of the pool commitment (leaves, lots,
 * Merkle nodes): one i32x4 lane per message, so four independent messages are compressed by the
 * same instructions. The module is assembled here from its opcodes (no toolchain, no file, no
 * network) and compiled synchronously; where WebAssembly or SIMD is missing, `createSha256Simd`
 * returns undefined and the caller keeps the scalar `Sha256Scratch` (same results, slower).
 *
 * Functions of the module (all addresses are byte offsets into its own memory):
 * - `blocks(src, count, dst, stride)`: message i is one padded 64-byte block at src + 64·i; its
 *   digest is stored at dst + stride·i (stride 16 keeps the first half: stores run in order, so
 *   each next digest overwrites the previous one's second half).
 * - `level(src, pairs, dst)`: Merkle level: node i = SHA-256(0x01 ‖ child 2i ‖ child 2i+1) with the
 *   children at src + 64·i, stored at dst + 32·i (dst = src is allowed: a batch reads before it writes).
 * Both process four messages per step: up to three lanes past `count` hash whatever lies there and
 * write up to 3 · stride bytes past the last digest; callers keep that slack.
 */

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Pages of 64 KiB in the module's memory. */
export const SIMD_PAGES = 40;

// ---- a minimal WebAssembly binary writer ------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const I32 = 0x7f;
const V128 = 0x7b;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const OP = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n | 0)],
  add: [0x6a],
  geU: [0x4f],
  load8: (offset: number) => [0x2d, 0, ...uleb(offset)],
  vload: (offset: number) => [...simd(0), 0, ...uleb(offset)],
  vstore: (offset: number) => [...simd(11), 0, ...uleb(offset)],
  splat: (n: number) => [...OP.i32(n), ...simd(17)],
  shuffle: (lanes: readonly number[]) => [...simd(13), ...lanes],
  replace8: (lane: number) => [...simd(23), lane],
  replace32: (lane: number) => [...simd(28), lane],
  and: simd(78),
  or: simd(80),
  xor: simd(81),
  bitselect: simd(82),
  shl: simd(171),
  shrU: simd(173),
  vadd: simd(174),
};

/** Locals of both functions: 4 i32 params, then i32 p0..p3 + k, then v128 registers. */
const P = { src: 0, count: 1, dst: 2, stride: 3 };
const LANE = [4, 5, 6, 7];
const KK = 8;
const W = (t: number): number => 9 + (t & 15);
const S = (i: number): number => 25 + i; // working a..h
const H = (i: number): number => 33 + i; // chaining state
const T1 = 41;
const T2 = 42;
const U = [43, 44, 45, 46];
const V128_LOCALS = 38;

/** rotr(x, n) of local x, left on the stack. */
function rotr(x: number, n: number): number[] {
  return [...OP.get(x), ...OP.i32(n), ...OP.shrU, ...OP.get(x), ...OP.i32(32 - n), ...OP.shl, ...OP.or];
}

/** 64 rounds on the working locals from the chaining locals, with W(0..15) loaded; adds into the chaining locals. */
function compress(): number[] {
  const c: number[] = [];
  for (let i = 0; i < 8; i++) c.push(...OP.get(H(i)), ...OP.set(S(i)));
  // Rename registers instead of moving values: at round t, a is S((8 - t) mod 8 + 0) etc.
  const reg = (t: number, r: number): number => S((r - t + 64) & 7);
  for (let t = 0; t < 64; t++) {
    if (t >= 16) {
      // w[t] = σ1(w[t−2]) + w[t−7] + σ0(w[t−15]) + w[t−16]
      const w2 = W(t - 2);
      const w15 = W(t - 15);
      c.push(...rotr(w2, 17), ...rotr(w2, 19), ...OP.xor, ...OP.get(w2), ...OP.i32(10), ...OP.shrU, ...OP.xor);
      c.push(...OP.get(W(t - 7)), ...OP.vadd);
      c.push(...rotr(w15, 7), ...rotr(w15, 18), ...OP.xor, ...OP.get(w15), ...OP.i32(3), ...OP.shrU, ...OP.xor, ...OP.vadd);
      c.push(...OP.get(W(t)), ...OP.vadd, ...OP.set(W(t)));
    }
    const [a, b, cc, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => reg(t, r)) as [number, number, number, number, number, number, number, number];
    // t1 = h + Σ1(e) + Ch(e, f, g) + K[t] + w[t]
    c.push(...OP.get(h), ...rotr(e, 6), ...rotr(e, 11), ...OP.xor, ...rotr(e, 25), ...OP.xor, ...OP.vadd);
    c.push(...OP.get(f), ...OP.get(g), ...OP.get(e), ...OP.bitselect, ...OP.vadd);
    c.push(...OP.splat(K[t] as number), ...OP.vadd, ...OP.get(W(t)), ...OP.vadd, ...OP.set(T1));
    // t2 = Σ0(a) + Maj(a, b, c); Maj = bitselect(c, b, a ^ b)
    c.push(...rotr(a, 2), ...rotr(a, 13), ...OP.xor, ...rotr(a, 22), ...OP.xor);
    c.push(...OP.get(cc), ...OP.get(b), ...OP.get(a), ...OP.get(b), ...OP.xor, ...OP.bitselect, ...OP.vadd, ...OP.set(T2));
    // d += t1; h = t1 + t2 (h becomes the next round's a)
    c.push(...OP.get(d), ...OP.get(T1), ...OP.vadd, ...OP.set(d));
    c.push(...OP.get(T1), ...OP.get(T2), ...OP.vadd, ...OP.set(h));
  }
  // After 64 rounds (a multiple of 8) the names are back in place.
  for (let i = 0; i < 8; i++) c.push(...OP.get(H(i)), ...OP.get(S(i)), ...OP.vadd, ...OP.set(H(i)));
  return c;
}

const SWAP_LO = [3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20];
const SWAP_HI = [11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28];
const PICK_LO = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const PICK_HI = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * Transposes four rows (v128 values produced by `row(i)`) of four big-endian words into four
 * columns of native words, or back: column j = (bswap row0.j, …, bswap row3.j). Calls `put(j)` after
 * pushing column j.
 */
function transpose(row: (i: number) => number[], put: (j: number) => number[]): number[] {
  const c: number[] = [];
  c.push(...row(0), ...row(1), ...OP.shuffle(SWAP_LO), ...OP.set(U[0] as number));
  c.push(...row(0), ...row(1), ...OP.shuffle(SWAP_HI), ...OP.set(U[1] as number));
  c.push(...row(2), ...row(3), ...OP.shuffle(SWAP_LO), ...OP.set(U[2] as number));
  c.push(...row(2), ...row(3), ...OP.shuffle(SWAP_HI), ...OP.set(U[3] as number));
  const u = (i: number): number[] => OP.get(U[i] as number);
  c.push(...u(0), ...u(2), ...OP.shuffle(PICK_LO), ...put(0));
  c.push(...u(0), ...u(2), ...OP.shuffle(PICK_HI), ...put(1));
  c.push(...u(1), ...u(3), ...OP.shuffle(PICK_LO), ...put(2));
  c.push(...u(1), ...u(3), ...OP.shuffle(PICK_HI), ...put(3));
  return c;
}

function setIv(): number[] {
  const c: number[] = [];
  for (let i = 0; i < 8; i++) c.push(...OP.splat(IV[i] as number), ...OP.set(H(i)));
  return c;
}

/** Stores the four digests: lane l at dst + stride·(k + l), first half then second half, in lane order. */
function storeDigests(stride: number[]): number[] {
  const c: number[] = [];
  // The message words are dead here: W(0..3) take the first halves, W(4..7) the second halves.
  c.push(...transpose((i) => OP.get(H(i)), (j) => OP.set(W(j))));
  c.push(...transpose((i) => OP.get(H(4 + i)), (j) => OP.set(W(4 + j))));
  for (let l = 0; l < 4; l++) {
    const addr = [...OP.get(P.dst), ...stride, ...OP.get(KK), ...OP.i32(l), ...OP.add, ...[0x6c], ...OP.add];
    c.push(...addr, ...OP.get(W(l)), ...OP.vstore(0));
    c.push(...addr, ...OP.get(W(4 + l)), ...OP.vstore(16));
  }
  return c;
}

/** `for (k = 0; k < count; k += 4) { lane addresses; body }` */
function loop(laneAddr: (l: number) => number[], body: number[]): number[] {
  const c: number[] = [...OP.i32(0), ...OP.set(KK), 0x02, 0x40, 0x03, 0x40];
  c.push(...OP.get(KK), ...OP.get(P.count), ...OP.geU, 0x0d, 1);
  for (let l = 0; l < 4; l++) c.push(...laneAddr(l), ...OP.set(LANE[l] as number));
  c.push(...body, ...OP.get(KK), ...OP.i32(4), ...OP.add, ...OP.set(KK), 0x0c, 0, 0x0b, 0x0b);
  return c;
}

function blocksBody(): number[] {
  const c: number[] = [...setIv()];
  for (let g = 0; g < 4; g++) c.push(...transpose((i) => [...OP.get(LANE[i] as number), ...OP.vload(16 * g)], (j) => OP.set(W(4 * g + j))));
  c.push(...compress(), ...storeDigests(OP.get(P.stride)));
  return c;
}

function levelBody(): number[] {
  const c: number[] = [...setIv()];
  // First block: 0x01 ‖ children bytes 0..62, read from one byte before the children.
  for (let g = 0; g < 4; g++) {
    const row = (i: number): number[] => [...OP.get(LANE[i] as number), ...OP.vload(16 * g), ...(g === 0 ? [...OP.i32(1), ...OP.replace8(0)] : [])];
    c.push(...transpose(row, (j) => OP.set(W(4 * g + j))));
  }
  c.push(...compress());
  // Second block: last child byte ‖ 0x80 ‖ zeros ‖ bit length 520.
  c.push(...OP.splat(0));
  for (let l = 0; l < 4; l++) c.push(...OP.get(LANE[l] as number), ...OP.load8(64), ...OP.replace32(l));
  c.push(...OP.i32(24), ...OP.shl, ...OP.splat(0x00800000), ...OP.or, ...OP.set(W(0)));
  for (let t = 1; t < 15; t++) c.push(...OP.splat(0), ...OP.set(W(t)));
  c.push(...OP.splat(520), ...OP.set(W(15)));
  c.push(...compress(), ...storeDigests(OP.i32(32)));
  return c;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...[...s].map((ch) => ch.charCodeAt(0))];
}

function funcCode(body: number[]): number[] {
  const locals = [...uleb(2), ...uleb(5), I32, ...uleb(V128_LOCALS), V128];
  const f = [...locals, ...body, 0x0b];
  return [...uleb(f.length), ...f];
}

/** The module's bytes. */
export function sha256SimdModule(): Uint8Array {
  const blocksLanes = (l: number): number[] => [...OP.get(P.src), ...OP.get(KK), ...OP.i32(l), ...OP.add, ...OP.i32(64), 0x6c, ...OP.add];
  // Level: lane address = src + 64·(k + l) − 1 for the first block; `load8(64)` then reads byte 63.
  const levelLanes = (l: number): number[] => [...blocksLanes(l), ...OP.i32(-1), ...OP.add];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32]]), 0x00]])),
    ...section(3, vec([[0], [0]])),
    ...section(5, vec([[0x00, ...uleb(SIMD_PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('blocks'), 0x00, 0], [...name('level'), 0x00, 1]])),
    ...section(10, vec([funcCode(loop(blocksLanes, blocksBody())), funcCode(loop(levelLanes, levelBody()))])),
  ];
  return Uint8Array.from(bytes);
}

export interface Sha256Simd {
  readonly memory: Uint8Array;
  blocks(src: number, count: number, dst: number, stride: number): void;
  /** Takes `pairs`; the 4th parameter is ignored. */
  level(src: number, pairs: number, dst: number, unused: number): void;
}

interface WasmLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** A new instance, or undefined where WebAssembly SIMD is not available. */
export function createSha256Simd(): Sha256Simd | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmLike }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const inst = new wasm.Instance(new wasm.Module(sha256SimdModule()));
    const e = inst.exports as { memory: { buffer: ArrayBuffer }; blocks: Sha256Simd['blocks']; level: Sha256Simd['level'] };
    return { memory: new Uint8Array(e.memory.buffer), blocks: e.blocks, level: e.level };
  } catch {
    return undefined;
  }
}
