/**
 * The byte encodings of the draw protocol (docs/draw-protocol.md §2). Everything that is hashed is
 * built from three pieces only, so a verifier in any language can reproduce it:
 *
 * - `field(b)` = u32be(len(b)) ‖ b — every variable-length value is length-prefixed;
 * - strings are UTF-8 of the NFC form (callers reject non-NFC input instead of normalizing silently);
 * - structured records use the canonical encoding `ce()`: strings, lists and maps only (no numbers,
 *   no booleans, no null — numbers travel as decimal strings).
 */
import { createCipheriv, hash } from 'node:crypto';

export const PROTOCOL = 'suiji-draw/1';
export const HASH_ALG = 'sha256';
export const TICKET_ALG = 'aes-256-ecb';

/** Domain-separation tags (ASCII). Every hash input starts with `field(tag)`. */
export const TAG = {
  commitment: 'suiji/draw/v1/commitment',
  secret: 'suiji/draw/v1/server-secret',
  seed: 'suiji/draw/v1/seed',
  ticketKey: 'suiji/draw/v1/ticket-key',
  lot: 'suiji/draw/v1/lot',
  leaf: 'suiji/draw/v1/pool-leaf',
  publicResult: 'suiji/draw/v1/public-result',
  privateResult: 'suiji/draw/v1/private-result',
  result: 'suiji/draw/v1/result',
  ledger: 'suiji/draw/v1/ledger',
  matchSeed: 'suiji/match/v1/seed',
  matchKey: 'suiji/match/v1/cost-key',
  matchOrderKey: 'suiji/match/v1/order-key',
  matchObject: 'suiji/match/v1/object',
  matchInspector: 'suiji/match/v1/inspector',
  inspectorPool: 'suiji/match/v1/inspector-pool',
} as const;

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** True when `s` has no lone surrogate (so its UTF-8 form is well defined). */
export function isWellFormed(s: string): boolean {
  return !/\p{Cs}/u.test(s);
}

export function isNfc(s: string): boolean {
  return s.normalize('NFC') === s;
}

export function u32be(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`u32be: out of range ${n}`);
  return new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** `u32be(len) ‖ bytes`; a string argument is encoded as UTF-8 first. */
export function field(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? utf8(value) : value;
  return concat([u32be(bytes.length), bytes]);
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

/** SHA-256 of `field(tag) ‖ parts…`. */
export function taggedHash(tag: string, parts: readonly Uint8Array[]): Uint8Array {
  return sha256(concat([field(tag), ...parts]));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict lowercase hex → bytes; `undefined` when malformed or of the wrong length. */
export function fromHex(hex: string, byteLength?: number): Uint8Array | undefined {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) return undefined;
  if (byteLength !== undefined && hex.length !== byteLength * 2) return undefined;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Unsigned lexicographic byte comparison (shorter prefix first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Compares two strings by their UTF-8 bytes (= Unicode code point order). JS `<` compares UTF-16
 * code units, which differs when a supplementary-plane character meets one in U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1; // a surrogate (≥ U+10000) sorts after any BMP unit
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** A value of the canonical encoding: strings, lists and string-keyed maps, nothing else. */
export type CanonicalValue = string | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

/**
 * Canonical encoding (protocol §2.2):
 * - string: `0x53 ‖ u32be(len) ‖ utf8`;
 * - list:   `0x4C ‖ u32be(count) ‖ item…`;
 * - map:    `0x4D ‖ u32be(count) ‖ (key as string ‖ value)…`, keys in UTF-8 byte order.
 * Throws on anything else (a bug: callers validate shapes first).
 */
export function ce(value: CanonicalValue): Uint8Array {
  const w = new CanonicalWriter();
  encodeInto(value, w);
  return w.bytes();
}

/**
 * Writes the canonical encoding incrementally (the encoding of a 300 k-entry result is ~20 MB);
 * `header` writes a list (0x4C) or map (0x4D) header, `string` a string.
 */
export class CanonicalWriter {
  private buf = new Uint8Array(1024);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  header(tag: number, n: number): void {
    this.reserve(5);
    const b = this.buf;
    const at = this.len;
    b[at] = tag;
    b[at + 1] = n >>> 24;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = (n >>> 8) & 0xff;
    b[at + 4] = n & 0xff;
    this.len += 5;
  }

  string(s: string): void {
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    this.reserve(5 + 3 * s.length);
    const at = this.len;
    const b = this.buf;
    let written = 0;
    // ASCII fast path (identifiers, hex tickets, decimals); anything else goes through TextEncoder.
    for (; written < s.length; written++) {
      const c = s.charCodeAt(written);
      if (c >= 0x80) break;
      b[at + 5 + written] = c;
    }
    if (written < s.length) written = encoder.encodeInto(s, b.subarray(at + 5)).written;
    this.header(0x53, written);
    this.len = at + 5 + written;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function encodeInto(value: CanonicalValue, w: CanonicalWriter): void {
  if (typeof value === 'string') {
    w.string(value);
  } else if (Array.isArray(value)) {
    const list = value as readonly CanonicalValue[];
    w.header(0x4c, list.length);
    for (const item of list) encodeInto(item, w);
  } else if (typeof value === 'object' && value !== null) {
    const map = value as { readonly [key: string]: CanonicalValue };
    const keys = Object.keys(map).sort(compareUtf8);
    w.header(0x4d, keys.length);
    for (const key of keys) {
      w.string(key);
      encodeInto(map[key] as CanonicalValue, w);
    }
  } else {
    throw new Error(`ce: unsupported value ${String(value)}`);
  }
}

/** Sorts strings by UTF-8 bytes; the native sort is used when no string has a surrogate (then UTF-16 order is the same). */
export function sortUtf8(list: string[]): string[] {
  return list.some((s) => /[\uD800-\uDFFF]/.test(s)) ? list.sort(compareUtf8) : list.sort();
}

/** AES-256 in ECB mode over whole 16-byte blocks (the ticket PRF, protocol §3.3). */
export function aes256EcbBlocks(key: Uint8Array, blocks: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new Error('aes256EcbBlocks: key must be 32 bytes');
  if (blocks.length % 16 !== 0) throw new Error('aes256EcbBlocks: input must be whole blocks');
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const out = cipher.update(blocks);
  cipher.final();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Creates a reusable AES-256-ECB encryptor (one key, many batches). */
export function aes256EcbEncryptor(key: Uint8Array): (blocks: Uint8Array) => Uint8Array {
  if (key.length !== 32) throw new Error('aes256EcbEncryptor: key must be 32 bytes');
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return (blocks) => {
    const out = cipher.update(blocks);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
}

const DECIMAL = /^(?:0|[1-9][0-9]{0,14})$/;

/** Parses a canonical non-negative decimal integer string ("0", "17"; no sign, no leading zeros). */
export function parseDecimal(s: string): number | undefined {
  return DECIMAL.test(s) ? Number(s) : undefined;
}
