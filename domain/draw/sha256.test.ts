import { hash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sha256Scratch } from './sha256';

describe('Sha256Scratch', () => {
  it('matches node:crypto on messages of every padding class (0–300 bytes)', () => {
    const h = new Sha256Scratch();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (msg) => {
        h.scratch(msg.length).set(msg);
        const out = new Uint8Array(32);
        h.digestInto(msg.length, out, 0);
        expect(Buffer.from(out).toString('hex')).toBe(hash('sha256', msg, 'hex'));
      }),
      { numRuns: 400 },
    );
  });

  it('writes a truncated digest at an offset and reuses its buffer', () => {
    const h = new Sha256Scratch();
    const out = new Uint8Array(40).fill(0xee);
    const msg = new TextEncoder().encode('abc');
    h.scratch(3).set(msg);
    h.digestInto(3, out, 4, 16);
    expect(Buffer.from(out.subarray(4, 20)).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223');
    expect(out[3]).toBe(0xee);
    expect(out[20]).toBe(0xee);
  });

  it('hashes a one-block message right after a longer one (no stale byte in the length field)', () => {
    const h = new Sha256Scratch();
    const out = new Uint8Array(32);
    for (const [long, short] of [[100, 30], [64, 50], [200, 0], [120, 55]] as const) {
      h.scratch(long).set(new Uint8Array(long).fill(0xa7));
      h.digestInto(long, out, 0);
      const msg = new Uint8Array(short).fill(0x5c);
      h.scratch(short).set(msg);
      h.digestInto(short, out, 0);
      expect(Buffer.from(out).toString('hex')).toBe(hash('sha256', msg, 'hex'));
    }
  });
});
