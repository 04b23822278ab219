/**
 * Synthetic frozen pools for the draw benches: N valid, distinct, sorted 统一社会信用代码 (4
 * registration regions, sequential 组织机构代码 bodies), pseudo-random credit-class strata
 * (A 40%, B 35%, C 20%, D 5%) and random salts, in SharedArrayBuffers so commit workers can read them.
 */
import { randomFillSync } from 'node:crypto';
import { USCC_CHARSET, USCC_WEIGHTS } from '../domain/codes/uscc';
import { sharedBytes, type SharedPackedPool } from './pool_commit_parallel';

export const KEYS = ['A', 'B', 'C', 'D'];
export const SHARES = [0.4, 0.35, 0.2, 0.05];
const VALUE = new Map([...USCC_CHARSET].map((c, i) => [c.charCodeAt(0), i]));

/** The 18-byte USCC number `seq` of region `region` (6 digits) written at `out[at…]`. */
export function writeUscc(region: string, seq: number, out: Uint8Array, at: number): void {
  const body = `91${region}`;
  for (let j = 0; j < 8; j++) out[at + j] = body.charCodeAt(j);
  let rest = seq;
  for (let j = 16; j >= 8; j--) {
    out[at + j] = USCC_CHARSET.charCodeAt(rest % 31);
    rest = Math.floor(rest / 31);
  }
  let sum = 0;
  for (let j = 0; j < 17; j++) sum += (VALUE.get(out[at + j] as number) as number) * (USCC_WEIGHTS[j] as number);
  out[at + 17] = USCC_CHARSET.charCodeAt((31 - (sum % 31)) % 31);
}

export function generatePool(n: number): SharedPackedPool {
  const idBytes = sharedBytes(18 * n);
  const idOffsets = new Uint32Array(new SharedArrayBuffer(4 * (n + 1)));
  const strata = new Uint16Array(new SharedArrayBuffer(2 * n));
  const regions = ['110105', '310115', '370213', '440305'];
  const perRegion = Math.ceil(n / regions.length);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    writeUscc(regions[Math.floor(i / perRegion)] as string, i % perRegion, idBytes, 18 * i);
    idOffsets[i + 1] = 18 * (i + 1);
    // xorshift32 for the stratum (bench data only)
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const u = (x >>> 0) / 2 ** 32;
    strata[i] = u < (SHARES[0] as number) ? 0 : u < 0.75 ? 1 : u < 0.95 ? 2 : 3;
  }
  const salts = sharedBytes(16 * n);
  randomFillSync(salts);
  return { size: n, idBytes, idOffsets, strata, keys: KEYS, saltMode: 'salted', salts };
}
