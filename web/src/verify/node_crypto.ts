/**
 * The subset of `node:crypto` the draw verifier's domain code uses, for the browser (the web build aliases
 * `node:crypto` to this file, web/vite.config.ts): so the worker runs the very domain/draw code the CLI runs, not a
 * copy. SHA-256 is domain/draw/sha256.ts (pure), AES-256-ECB is ./aes256.ts; Ed25519 signatures are checked by
 * WebCrypto, which is asynchronous, so the worker checks each checkpoint signature first (preverifyEd25519) and the
 * synchronous `verify` answers from those results — a signature not checked beforehand is refused, never assumed.
 * node_crypto.test.ts checks every function against Node's own on random inputs and the draw vectors.
 */
import { compressBlock } from '../../../domain/draw/sha256';
import { aes256Ecb } from './aes256';
import { BrowserBuffer, type BrowserBufferBytes } from './browser_buffer';

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** SHA-256 of any length (the domain's compression function with standard padding). */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  const total = Math.ceil((data.length + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(data);
  buf[data.length] = 0x80;
  const bits = data.length * 8;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor(bits / 0x100000000));
  view.setUint32(total - 4, bits >>> 0);
  const state = Int32Array.from(INITIAL);
  for (let off = 0; off < total; off += 64) compressBlock(state, buf, off);
  const out = new Uint8Array(32);
  const o = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) o.setInt32(4 * i, state[i] as number);
  return out;
}

type Data = string | Uint8Array;
const bytesOf = (d: Data): Uint8Array => (typeof d === 'string' ? new TextEncoder().encode(d) : d);

function checkAlgorithm(algorithm: string): void {
  if (algorithm !== 'sha256') throw new Error(`browser crypto: only sha256 is available, not ${algorithm}`);
}

/** `crypto.hash('sha256', data, 'buffer' | 'hex')`. */
export function hash(algorithm: string, data: Data, outputEncoding: 'buffer' | 'hex' = 'hex'): BrowserBufferBytes | string {
  checkAlgorithm(algorithm);
  const digest = BrowserBuffer.from(sha256Bytes(bytesOf(data)));
  return outputEncoding === 'buffer' ? digest : digest.toString('hex');
}

class Hash {
  private readonly parts: Uint8Array[] = [];
  update(data: Data): this {
    this.parts.push(bytesOf(data));
    return this;
  }
  digest(): BrowserBufferBytes;
  digest(encoding: 'hex' | 'base64'): string;
  digest(encoding?: 'hex' | 'base64'): BrowserBufferBytes | string {
    const out = BrowserBuffer.from(sha256Bytes(BrowserBuffer.concat(this.parts)));
    return encoding ? out.toString(encoding) : out;
  }
}

export function createHash(algorithm: string): Hash {
  checkAlgorithm(algorithm);
  return new Hash();
}

class EcbCipher {
  constructor(private readonly key: Uint8Array) {}
  setAutoPadding(_on: boolean): this { return this; }
  update(blocks: Uint8Array): BrowserBufferBytes { return BrowserBuffer.from(aes256Ecb(this.key, blocks)); }
  final(): BrowserBufferBytes { return BrowserBuffer.from(new Uint8Array(0)); }
}

export function createCipheriv(algorithm: string, key: Uint8Array, _iv: null): EcbCipher {
  if (algorithm !== 'aes-256-ecb') throw new Error(`browser crypto: only aes-256-ecb is available, not ${algorithm}`);
  return new EcbCipher(Uint8Array.from(key));
}

/** An Ed25519 public key as `createPublicKey({ key: jwk, format: 'jwk' })` gives it. */
export class KeyObject {
  readonly type = 'public';
  constructor(readonly raw: Uint8Array) {}
  export(_options: { format: 'jwk' }): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
    return { kty: 'OKP', crv: 'Ed25519', x: BrowserBuffer.from(this.raw).toString('base64url') };
  }
}

export function createPublicKey(input: { key: { kty: string; crv: string; x: string }; format: 'jwk' }): KeyObject {
  if (input.format !== 'jwk' || input.key.kty !== 'OKP' || input.key.crv !== 'Ed25519') throw new Error('browser crypto: only Ed25519 JWK public keys');
  const raw = BrowserBuffer.from(input.key.x, 'base64url');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return new KeyObject(raw);
}

const hex = (b: Uint8Array) => BrowserBuffer.from(b).toString('hex');
const checked = new Map<string, boolean>();
const keyOf = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => `${hex(publicKey)}|${hex(message)}|${hex(signature)}`;

/** Checks an Ed25519 signature with WebCrypto and remembers the answer for the synchronous `verify`. */
export async function preverifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  let valid = false;
  try {
    const key = await globalThis.crypto.subtle.importKey('raw', Uint8Array.from(publicKey), { name: 'Ed25519' }, false, ['verify']);
    valid = await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, Uint8Array.from(signature), Uint8Array.from(message));
  } catch {
    valid = false;
  }
  checked.set(keyOf(publicKey, message, signature), valid);
  return valid;
}

/** `crypto.verify(null, message, key, signature)` for Ed25519, from the answers of preverifyEd25519. */
export function verify(algorithm: null, message: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  if (algorithm !== null) throw new Error('browser crypto: only Ed25519 (algorithm null)');
  const answer = checked.get(keyOf(key.raw, message, signature));
  if (answer === undefined) throw new Error('browser crypto: this Ed25519 signature was not checked beforehand');
  return answer;
}
