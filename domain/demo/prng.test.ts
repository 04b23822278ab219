import { describe, expect, it } from 'vitest';
import { Rng, Weighted, hashSeed } from './prng';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng('长春');
    const b = new Rng('长春');
    const c = new Rng('长春 ');
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    expect(hashSeed('')).toEqual(hashSeed(''));
    expect(hashSeed('a')).not.toEqual(hashSeed('b'));
  });

  it('keeps values in range', () => {
    const r = new Rng('range');
    for (let k = 0; k < 2000; k += 1) {
      const u = r.nextUint32();
      expect(u >= 0 && u < 2 ** 32 && Number.isInteger(u)).toBe(true);
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      const i = r.int(7);
      expect(i >= 0 && i < 7).toBe(true);
      const b = r.between(-2, 2);
      expect(b >= -2 && b <= 2).toBe(true);
    }
    expect(r.int(1)).toBe(0);
    expect(r.int(2 ** 32) >= 0).toBe(true);
  });

  it('rejects biased draws: int(3·2^30) over many draws stays uniform by thirds', () => {
    const r = new Rng('bias');
    const n = 3 * 2 ** 30; // 2^32 mod n ≠ 0, so rejection is exercised
    const thirds = [0, 0, 0];
    for (let k = 0; k < 30_000; k += 1) {
      const third = Math.floor(r.int(n) / 2 ** 30);
      thirds[third] = (thirds[third] ?? 0) + 1;
    }
    for (const t of thirds) expect(Math.abs(t - 10_000)).toBeLessThan(500);
  });

  it('throws on bad arguments', () => {
    const r = new Rng('bad');
    expect(() => r.int(0)).toThrow(RangeError);
    expect(() => r.int(1.5)).toThrow(RangeError);
    expect(() => r.int(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });

  it('chance and pick behave', () => {
    const r = new Rng('pick');
    let hits = 0;
    for (let k = 0; k < 10_000; k += 1) if (r.chance(0.3)) hits += 1;
    expect(Math.abs(hits - 3000)).toBeLessThan(250);
    expect(['x']).toContain(r.pick(['x']));
  });
});

describe('Weighted', () => {
  it('samples in proportion to the weights and skips zero weights', () => {
    const w = new Weighted<string>([['a', 1], ['b', 3], ['z', 0]]);
    const r = new Rng('weights');
    const counts: Record<string, number> = { a: 0, b: 0, z: 0 };
    for (let k = 0; k < 40_000; k += 1) {
      const v = w.pick(r);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts.z).toBe(0);
    expect(Math.abs((counts.b as number) / ((counts.a as number) + (counts.b as number)) - 0.75)).toBeLessThan(0.02);
  });

  it('needs a positive weight', () => {
    expect(() => new Weighted([['a', 0]])).toThrow(RangeError);
  });
});
