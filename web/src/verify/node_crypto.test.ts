/**
 * The browser adapter of node:crypto and Buffer (node_crypto.ts, browser_buffer.ts, aes256.ts) gives exactly what
 * Node gives: SHA-256 and AES-256-ECB on random inputs of every length class, the Buffer encodings the domain uses,
 * and Ed25519 answers (WebCrypto) equal to Node's on good and forged checkpoint signatures.
 */
import { createCipheriv, createHash as nodeCreateHash, createPrivateKey, hash as nodeHash, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointMessage, keyIdOf, publicKeyFromRaw, verifyCheckpointSignature } from '../../../domain/audit/checkpoint';
import { testKey } from '../../../domain/draw/test_support_v2';
import { aes256Ecb } from './aes256';
import { BrowserBuffer } from './browser_buffer';
import { createHash, createPublicKey, hash, preverifyEd25519, sha256Bytes, verify } from './node_crypto';

const LENGTHS = [0, 1, 3, 31, 32, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 4099];

describe('browser SHA-256', () => {
  it('equals node:crypto for every padding boundary and random data', () => {
    for (const n of LENGTHS) {
      const data = new Uint8Array(randomBytes(n));
      const expected = nodeHash('sha256', data, 'hex');
      expect(BrowserBuffer.from(sha256Bytes(data)).toString('hex'), `length ${n}`).toBe(expected);
      expect(hash('sha256', data, 'hex')).toBe(expected);
      expect(createHash('sha256').update(data.subarray(0, n >> 1)).update(data.subarray(n >> 1)).digest('hex')).toBe(expected);
    }
    expect(createHash('sha256').update('前一行哈希').update('\n')
      .update('内容').digest('hex'))
      .toBe(nodeCreateHash('sha256').update('前一行哈希').update('\n').update('内容', 'utf8').digest('hex'));
  });
});

describe('browser AES-256-ECB', () => {
  it('equals node:crypto on the FIPS-197 example and random keys and blocks', () => {
    const fipsKey = Uint8Array.from({ length: 32 }, (_, i) => i);
    const fipsPlain = Uint8Array.from({ length: 16 }, (_, i) => (i << 4) | i);
    expect(BrowserBuffer.from(aes256Ecb(fipsKey, fipsPlain)).toString('hex')).toBe('8ea2b7ca516745bfeafc49904b496089');
    for (let k = 0; k < 20; k++) {
      const key = new Uint8Array(randomBytes(32));
      const blocks = new Uint8Array(randomBytes(16 * (1 + k)));
      const cipher = createCipheriv('aes-256-ecb', key, null);
      cipher.setAutoPadding(false);
      expect(BrowserBuffer.from(aes256Ecb(key, blocks)).toString('hex')).toBe(Buffer.concat([cipher.update(blocks), cipher.final()]).toString('hex'));
    }
  });
});

describe('browser Buffer', () => {
  it('encodes and decodes hex, base64, base64url and UTF-8 like Node', () => {
    for (const n of [0, 1, 2, 3, 4, 31, 32, 33, 64]) {
      const bytes = new Uint8Array(randomBytes(n));
      for (const enc of ['hex', 'base64', 'base64url'] as const) {
        const text = Buffer.from(bytes).toString(enc);
        expect(BrowserBuffer.from(bytes).toString(enc)).toBe(text);
        expect([...BrowserBuffer.from(text, enc)]).toEqual([...Buffer.from(text, enc)]);
      }
    }
    expect(BrowserBuffer.from('检查点 ✓', 'utf8').toString('hex')).toBe(Buffer.from('检查点 ✓', 'utf8').toString('hex'));
    expect([...BrowserBuffer.from('QUJD*', 'base64')]).toEqual([...Buffer.from('QUJD*', 'base64')]);
  });
});

describe('browser Ed25519 (WebCrypto, answered ahead of the synchronous verify)', () => {
  it('agrees with node:crypto on a good, a forged and an unchecked signature', async () => {
    const key = testKey('browser');
    const payload = { format: 'suiji-checkpoint/1', seq: 7, headHash: 'a'.repeat(64), at: '2026-12-01T00:00:00.000Z', keyId: keyIdOf(key.publicKey) } as const;
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), key.seed]), format: 'der', type: 'pkcs8' });
    const message = new Uint8Array(checkpointMessage(payload));
    const good = new Uint8Array(sign(null, message, priv));
    const forged = Uint8Array.from(good, (b, i) => (i === 5 ? b ^ 1 : b));
    const browserKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey).toString('base64url') }, format: 'jwk' });
    expect(await preverifyEd25519(key.publicKey, message, good)).toBe(true);
    expect(await preverifyEd25519(key.publicKey, message, forged)).toBe(false);
    expect(verify(null, message, browserKey, good)).toBe(true);
    expect(verify(null, message, browserKey, forged)).toBe(false);
    expect(() => verify(null, message.subarray(1), browserKey, good)).toThrow(/not checked/);
    // Node's own answers, through the domain function the verifier uses.
    const nodeKey = publicKeyFromRaw(key.publicKey);
    expect(verifyCheckpointSignature({ ...payload, signature: Buffer.from(good).toString('base64') }, nodeKey)).toBe(true);
    expect(verifyCheckpointSignature({ ...payload, signature: Buffer.from(forged).toString('base64') }, nodeKey)).toBe(false);
  });
});
