/**
 * The part of Node's `Buffer` the draw verifier's domain code calls (domain/draw/encoding.ts, anchor.ts, protocol.ts,
 * domain/audit/checkpoint.ts), for the browser's verification worker: `Buffer.from` of text (utf8, hex, base64,
 * base64url), of bytes or of an ArrayBuffer slice, and `toString` in the same encodings. Installed as
 * `globalThis.Buffer` by the worker only (installBrowserBuffer); the server and the CLI keep Node's own.
 */

type Encoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | 'base64url';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

function encodeBase64(bytes: Uint8Array, url: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >>> 18) & 63] as string;
    out += B64[(n >>> 12) & 63] as string;
    out += b === undefined ? '=' : (B64[(n >>> 6) & 63] as string);
    out += c === undefined ? '=' : (B64[n & 63] as string);
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : out;
}

/** Lenient like Node's: characters outside the alphabet are skipped, decoding stops at '='. */
function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/');
  const values: number[] = [];
  for (const ch of clean) {
    if (ch === '=') break;
    const v = B64_INDEX.get(ch);
    if (v !== undefined) values.push(v);
  }
  const out = new Uint8Array(Math.floor((values.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const v of values) {
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}

function decodeHex(text: string): Uint8Array {
  const n = Math.floor(text.length / 2);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
    if (Number.isNaN(v)) return out.slice(0, i); // Node stops at the first invalid pair
    out[i] = v;
  }
  return out;
}

/** Bytes with Node's `toString(encoding)`. */
export class BrowserBufferBytes extends Uint8Array {
  override toString(encoding: Encoding = 'utf8'): string {
    switch (encoding) {
      case 'hex': {
        let s = '';
        for (const b of this) s += b.toString(16).padStart(2, '0');
        return s;
      }
      case 'base64': return encodeBase64(this, false);
      case 'base64url': return encodeBase64(this, true);
      case 'utf8':
      case 'utf-8':
        return new TextDecoder().decode(this);
    }
  }
}

function wrap(bytes: Uint8Array): BrowserBufferBytes {
  return new BrowserBufferBytes(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

export const BrowserBuffer = {
  from(value: string | Uint8Array | ArrayBufferLike | readonly number[], encodingOrOffset?: Encoding | number, length?: number): BrowserBufferBytes {
    if (typeof value === 'string') {
      const encoding = (encodingOrOffset ?? 'utf8') as Encoding;
      if (encoding === 'hex') return wrap(decodeHex(value));
      if (encoding === 'base64' || encoding === 'base64url') return wrap(decodeBase64(value));
      return wrap(new TextEncoder().encode(value));
    }
    if (value instanceof Uint8Array) return wrap(value.slice());
    if (Array.isArray(value)) return wrap(Uint8Array.from(value as readonly number[]));
    // An ArrayBuffer slice shares memory, as in Node.
    const offset = typeof encodingOrOffset === 'number' ? encodingOrOffset : 0;
    return new BrowserBufferBytes(value as ArrayBuffer, offset, length ?? (value as ArrayBuffer).byteLength - offset);
  },
  concat(list: readonly Uint8Array[]): BrowserBufferBytes {
    const total = list.reduce((n, b) => n + b.length, 0);
    const out = new BrowserBufferBytes(total);
    let off = 0;
    for (const b of list) {
      out.set(b, off);
      off += b.length;
    }
    return out;
  },
  isBuffer(value: unknown): boolean {
    return value instanceof BrowserBufferBytes;
  },
};

/** Makes `Buffer` available where there is none (a browser worker); leaves Node's alone. */
export function installBrowserBuffer(): void {
  const g = globalThis as { Buffer?: unknown };
  if (g.Buffer === undefined) g.Buffer = BrowserBuffer;
}
