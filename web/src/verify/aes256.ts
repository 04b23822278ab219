/**
 * AES-256 block encryption (FIPS 197) in plain TypeScript, for the draw's ticket function (AES-256-ECB over whole
 * blocks, docs/draw-protocol.md §3.3) in the browser, where WebCrypto offers no ECB and no synchronous call. Byte-wise
 * and unhurried: the browser checks a receipt and at most one entity's ticket, not a pool of millions.
 */

const SBOX = new Uint8Array(256);
(() => {
  // The S-box from the multiplicative inverse in GF(2^8) and the affine map.
  let p = 1;
  let q = 1;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const x = q ^ ((q << 1) | (q >>> 7)) ^ ((q << 2) | (q >>> 6)) ^ ((q << 3) | (q >>> 5)) ^ ((q << 4) | (q >>> 4));
    SBOX[p] = (x ^ 0x63) & 0xff;
  } while (p !== 1);
  SBOX[0] = 0x63;
})();

const xtime = (b: number) => ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;

/** The 15 round keys (240 bytes) of a 32-byte key. */
export function expandKey256(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new Error('AES-256 key must be 32 bytes');
  const w = new Uint8Array(240);
  w.set(key);
  let rcon = 1;
  for (let i = 32; i < 240; i += 4) {
    let t0 = w[i - 4] as number, t1 = w[i - 3] as number, t2 = w[i - 2] as number, t3 = w[i - 1] as number;
    if (i % 32 === 0) {
      [t0, t1, t2, t3] = [(SBOX[t1] as number) ^ rcon, SBOX[t2] as number, SBOX[t3] as number, SBOX[t0] as number];
      rcon = xtime(rcon);
    } else if (i % 32 === 16) {
      [t0, t1, t2, t3] = [SBOX[t0] as number, SBOX[t1] as number, SBOX[t2] as number, SBOX[t3] as number];
    }
    w[i] = (w[i - 32] as number) ^ t0;
    w[i + 1] = (w[i - 31] as number) ^ t1;
    w[i + 2] = (w[i - 30] as number) ^ t2;
    w[i + 3] = (w[i - 29] as number) ^ t3;
  }
  return w;
}

/** Encrypts the 16 bytes at `input[offset…]` into `out[offset…]` with expanded key `w`. */
export function encryptBlock(w: Uint8Array, input: Uint8Array, out: Uint8Array, offset: number): void {
  const s = new Uint8Array(16);
  for (let i = 0; i < 16; i++) s[i] = (input[offset + i] as number) ^ (w[i] as number);
  const t = new Uint8Array(16);
  for (let round = 1; round <= 14; round++) {
    // SubBytes + ShiftRows (state is column-major: byte r + 4c).
    for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) t[r + 4 * c] = SBOX[s[r + 4 * ((c + r) % 4)] as number] as number;
    if (round < 14) {
      for (let c = 0; c < 4; c++) {
        const a0 = t[4 * c] as number, a1 = t[4 * c + 1] as number, a2 = t[4 * c + 2] as number, a3 = t[4 * c + 3] as number;
        const all = a0 ^ a1 ^ a2 ^ a3;
        s[4 * c] = a0 ^ all ^ xtime(a0 ^ a1);
        s[4 * c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
        s[4 * c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
        s[4 * c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
      }
    } else s.set(t);
    for (let i = 0; i < 16; i++) s[i] = (s[i] as number) ^ (w[16 * round + i] as number);
  }
  out.set(s, offset);
}

/** AES-256-ECB over whole blocks, no padding (what node:crypto's `createCipheriv('aes-256-ecb')` with setAutoPadding(false) gives). */
export function aes256Ecb(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  if (blocks.length % 16 !== 0) throw new Error('AES-ECB input must be whole 16-byte blocks');
  const w = expandKey256(key);
  const out = new Uint8Array(blocks.length);
  for (let off = 0; off < blocks.length; off += 16) encryptBlock(w, blocks, out, off);
  return out;
}
