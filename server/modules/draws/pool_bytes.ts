/**
 * The frozen pool as bytes, without a string or an object per entry (issue #9 item 12): a growable packed pool fed
 * one identifier at a time (the freeze reads them from the database already in byte order), the pool file's chunks
 * written straight from the packed arrays, and the stored chunks parsed back into the packed arrays.
 *
 * Both directions are exact: the chunk text is byte for byte what `formatPoolCsv` writes for the same entries, and
 * `parsePoolChunks` returns what `parsePoolCsv` (the verifiers' parser) returns for the same text — whenever the text
 * is not the plain canonical file this module writes (unsorted, CRLF, BOM, odd salts, …) it hands the whole text to
 * `parsePoolCsv`, so the errors are the verifiers' too.
 */
import { SALT_BYTES, type PackedPool } from '../../../domain/draw/pool';
import { parsePoolCsv, POOL_HEADER } from '../../../domain/draw/pool_file';
import { compareUtf8 } from '../../../domain/draw/encoding';
import type { Result } from '../../../domain/basics/result';
import type { DrawError } from '../../../domain/draw/errors';

const HEX = new TextEncoder().encode('0123456789abcdef');
const HEX_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) t[HEX[i] as number] = i;
  return t;
})();

/** A packed pool grown one entry at a time (identifiers must be appended in canonical order to be usable as is). */
export class PackedPoolBuilder {
  private idBytes = new Uint8Array(18 << 16);
  private idOffsets = new Uint32Array((1 << 16) + 1);
  private strata = new Uint16Array(1 << 16);
  private used = 0;
  size = 0;

  /** Appends identifier `code` (UTF-8) with stratum index `stratum`. */
  push(code: string, stratum: number): void {
    if (this.size === this.strata.length) this.growEntries();
    if (this.used + 3 * code.length > this.idBytes.length) this.growBytes(3 * code.length);
    let at = this.used;
    const b = this.idBytes;
    for (let x = 0; x < code.length; x++) {
      const c = code.charCodeAt(x);
      if (c >= 0x80) {
        at = this.used + Buffer.from(b.buffer, b.byteOffset + this.used, b.length - this.used).write(code, 'utf8');
        break;
      }
      b[at++] = c;
    }
    this.used = at;
    this.size++;
    this.idOffsets[this.size] = at;
    this.strata[this.size - 1] = stratum;
  }

  /** Appends raw identifier bytes. */
  pushBytes(src: Uint8Array, start: number, end: number, stratum: number): void {
    if (this.size === this.strata.length) this.growEntries();
    if (this.used + (end - start) > this.idBytes.length) this.growBytes(end - start);
    this.idBytes.set(src.subarray(start, end), this.used);
    this.used += end - start;
    this.size++;
    this.idOffsets[this.size] = this.used;
    this.strata[this.size - 1] = stratum;
  }

  private growEntries(): void {
    const o = new Uint32Array(2 * this.strata.length + 1);
    o.set(this.idOffsets);
    this.idOffsets = o;
    const s = new Uint16Array(2 * this.strata.length);
    s.set(this.strata);
    this.strata = s;
  }

  private growBytes(need: number): void {
    const b = new Uint8Array(Math.max(2 * this.idBytes.length, this.used + need));
    b.set(this.idBytes.subarray(0, this.used));
    this.idBytes = b;
  }

  /** Whether the last identifier's bytes come strictly after the one before it. */
  lastIncreasing(): boolean {
    const n = this.size;
    if (n < 2) return true;
    const o = this.idOffsets;
    const b = this.idBytes;
    const a0 = o[n - 2] as number;
    const a1 = o[n - 1] as number;
    const b1 = o[n] as number;
    const len = Math.min(a1 - a0, b1 - a1);
    for (let x = 0; x < len; x++) {
      const d = (b[a1 + x] as number) - (b[a0 + x] as number);
      if (d !== 0) return d > 0;
    }
    return b1 - a1 > a1 - a0;
  }

  finish(keys: readonly string[], saltMode: 'salted' | 'unsalted', salts: Uint8Array): PackedPool {
    return {
      size: this.size, idBytes: this.idBytes.slice(0, this.used), idOffsets: this.idOffsets.slice(0, this.size + 1), strata: this.strata.slice(0, this.size),
      keys, saltMode, salts,
    };
  }
}

/**
 * The pool file's chunk of entries [start, end) as UTF-8 bytes: `id,stratum,salt` lines, LF, the header first when
 * `start` is 0 — the same bytes `formatPoolCsv` writes for these entries.
 */
export function poolFileChunk(p: PackedPool, start: number, end: number): Buffer {
  const keys = p.keys.map((k) => Buffer.from(k, 'utf8'));
  const salted = p.saltMode === 'salted';
  const head = start === 0 ? Buffer.from(`${POOL_HEADER}\n`, 'utf8') : Buffer.alloc(0);
  let length = head.length;
  for (let i = start; i < end; i++) length += ((p.idOffsets[i + 1] as number) - (p.idOffsets[i] as number)) + (keys[p.strata[i] as number] as Buffer).length + 3 + (salted ? 2 * SALT_BYTES : 0);
  const out = Buffer.allocUnsafe(length);
  head.copy(out, 0);
  let q = head.length;
  const ids = p.idBytes;
  const salts = p.salts;
  for (let i = start; i < end; i++) {
    for (let x = p.idOffsets[i] as number, e = p.idOffsets[i + 1] as number; x < e; x++) out[q++] = ids[x] as number;
    out[q++] = 0x2c;
    const k = keys[p.strata[i] as number] as Buffer;
    for (let x = 0; x < k.length; x++) out[q++] = k[x] as number;
    out[q++] = 0x2c;
    if (salted) {
      for (let x = i * SALT_BYTES, e = x + SALT_BYTES; x < e; x++) {
        const v = salts[x] as number;
        out[q++] = HEX[v >>> 4] as number;
        out[q++] = HEX[v & 15] as number;
      }
    }
    out[q++] = 0x0a;
  }
  return out;
}

/**
 * Parses the stored pool file from its chunks (UTF-8 bytes, in order), as `parsePoolCsv(text, emptyMode)` would:
 * the fast path reads the canonical file this module writes; anything else goes to `parsePoolCsv`.
 */
export function parsePoolChunks(chunks: readonly Buffer[], emptyMode: 'salted' | 'unsalted'): Result<PackedPool, DrawError> {
  const reader = new PoolFileReader();
  for (const c of chunks) reader.push(c);
  return reader.finish(emptyMode);
}

const HEADER = Buffer.from(`${POOL_HEADER}\n`, 'utf8');

/**
 * `parsePoolChunks` fed one chunk at a time (so a caller reading chunks from the database parses each as it arrives,
 * never the whole file in one go). Keeps the chunks for the `parsePoolCsv` fallback.
 */
export class PoolFileReader {
  private readonly chunks: Buffer[] = [];
  private readonly builder = new PackedPoolBuilder();
  private readonly keyBytes: Buffer[] = [];
  private readonly saltParts: Uint8Array[] = [];
  private saltMode: 'salted' | 'unsalted' | undefined;
  private canonical = true;

  get chunkCount(): number {
    return this.chunks.length;
  }

  push(buf: Buffer): void {
    this.chunks.push(buf);
    if (this.canonical) this.canonical = this.read(buf, this.chunks.length === 1);
  }

  private read(buf: Buffer, first: boolean): boolean {
    if (first && (buf.length < HEADER.length || !buf.subarray(0, HEADER.length).equals(HEADER))) return false;
    if (buf.length > 0 && buf[buf.length - 1] !== 0x0a) return false;
    const { builder, keyBytes } = this;
    const salts = new Uint8Array(SALT_BYTES * Math.ceil(buf.length / 20));
    let s = 0;
    let at = first ? HEADER.length : 0;
    while (at < buf.length) {
      const nl = buf.indexOf(0x0a, at);
      const c1 = buf.indexOf(0x2c, at);
      const c2 = c1 < 0 ? -1 : buf.indexOf(0x2c, c1 + 1);
      if (c1 < 0 || c2 < 0 || c2 > nl) return false;
      const c3 = buf.indexOf(0x2c, c2 + 1);
      if ((c3 !== -1 && c3 < nl) || buf[nl - 1] === 0x0d) return false;
      let k = 0;
      for (; k < keyBytes.length; k++) if ((keyBytes[k] as Buffer).equals(buf.subarray(c1 + 1, c2))) break;
      if (k === keyBytes.length) keyBytes.push(Buffer.from(buf.subarray(c1 + 1, c2)));
      const mode = nl === c2 + 1 ? 'unsalted' : 'salted';
      this.saltMode ??= mode;
      if (mode !== this.saltMode) return false;
      if (mode === 'salted') {
        if (nl - c2 - 1 !== 2 * SALT_BYTES) return false;
        for (let x = c2 + 1; x < nl; x += 2) {
          const hi = HEX_VALUE[buf[x] as number] as number;
          const lo = HEX_VALUE[buf[x + 1] as number] as number;
          if (hi < 0 || lo < 0) return false;
          salts[s++] = (hi << 4) | lo;
        }
      }
      builder.pushBytes(buf, at, c1, k);
      if (!builder.lastIncreasing()) return false;
      at = nl + 1;
    }
    this.saltParts.push(salts.subarray(0, s));
    return true;
  }

  finish(emptyMode: 'salted' | 'unsalted'): Result<PackedPool, DrawError> {
    const fast = this.canonical ? this.assemble(emptyMode) : undefined;
    if (fast) return { ok: true, value: fast };
    return parsePoolCsv(Buffer.concat(this.chunks).toString('utf8'), emptyMode);
  }

  private assemble(emptyMode: 'salted' | 'unsalted'): PackedPool | undefined {
    if (this.chunks.length === 0 || this.keyBytes.length > 0xffff) return undefined;
    // Keys in UTF-8 order (parsePoolCsv's order); remap the strata indices.
    const names = this.keyBytes.map((b) => b.toString('utf8'));
    if (names.some((n, i) => !Buffer.from(n, 'utf8').equals(this.keyBytes[i] as Buffer))) return undefined;
    const sorted = [...names].sort(compareUtf8);
    const mode = this.saltMode ?? emptyMode;
    const salts = mode === 'salted' ? Buffer.concat(this.saltParts) : new Uint8Array(0);
    const pool = this.builder.finish(sorted, mode, new Uint8Array(salts.buffer, salts.byteOffset, salts.length));
    const remap = names.map((n) => sorted.indexOf(n));
    for (let i = 0; i < pool.size; i++) pool.strata[i] = remap[pool.strata[i] as number] as number;
    return pool;
  }
}
