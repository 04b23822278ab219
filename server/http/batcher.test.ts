/**
 * The lookup batcher (batcher.ts): keys that arrive while statements run leave together, each caller gets its own
 * key's answer, statements in flight never exceed the bound, a batch never exceeds its size, a failure reaches every
 * caller of that statement and no other, and the batcher goes on after it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher';

interface Call { readonly keys: readonly number[]; finish(fail?: boolean): void }

function controlled(maxInFlight: number, maxBatch: number) {
  const calls: Call[] = [];
  let peak = 0;
  let running = 0;
  const batcher = createBatcher<number, string>((keys) => new Promise((resolve, reject) => {
    running += 1;
    peak = Math.max(peak, running);
    calls.push({
      keys,
      finish(fail = false) {
        running -= 1;
        if (fail) reject(new Error('语句失败'));
        else resolve(new Map(keys.filter((k) => k % 10 !== 0).map((k) => [k, `值${k}`])));
      },
    });
  }), { maxInFlight, maxBatch, missing: () => '无' });
  return { batcher, calls, peak: () => peak };
}

const tick = () => new Promise<void>((resolve) => { setImmediate(resolve); });

describe('createBatcher', () => {
  it('sends the first key at once, coalesces the keys that come meanwhile, and answers each caller its own key', async () => {
    const { batcher, calls } = controlled(1, 100);
    const first = batcher.load(1);
    expect(calls.map((c) => c.keys)).toEqual([[1]]);
    const later = [2, 3, 2, 10, 4].map((k) => batcher.load(k));
    expect(batcher.waiting).toBe(5);
    calls[0]?.finish();
    expect(await first).toBe('值1');
    await tick();
    // Distinct keys, in the order asked; a key asked twice is looked up once and answered twice.
    expect(calls[1]?.keys).toEqual([2, 3, 10, 4]);
    calls[1]?.finish();
    expect(await Promise.all(later)).toEqual(['值2', '值3', '值2', '无', '值4']);
    expect(batcher.inFlight).toBe(0);
    expect(batcher.waiting).toBe(0);
  });

  it('a failed statement fails its own callers only, and the next statement still runs', async () => {
    const { batcher, calls } = controlled(1, 100);
    const a = batcher.load(1);
    const b = batcher.load(2);
    calls[0]?.finish(true);
    await expect(a).rejects.toThrow('语句失败');
    await tick();
    calls[1]?.finish();
    expect(await b).toBe('值2');
  });

  it('rejects a bound below one', () => {
    expect(() => createBatcher(async () => new Map(), { maxInFlight: 0, maxBatch: 1, missing: () => null })).toThrow();
    expect(() => createBatcher(async () => new Map(), { maxInFlight: 1, maxBatch: 0, missing: () => null })).toThrow();
  });

  it('for any arrivals: never more statements than the bound, never a batch over its size, every caller its own answer', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }),
      fc.array(fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
      async (maxInFlight, maxBatch, waves) => {
        const { batcher, calls, peak } = controlled(maxInFlight, maxBatch);
        const asked: Promise<[number, string]>[] = [];
        let finished = 0;
        for (const wave of waves) {
          for (const k of wave) asked.push(batcher.load(k).then((v) => [k, v]));
          // Finish one running statement per wave, failing none.
          const running = calls.slice(finished);
          if (running.length > 0) { running[0]?.finish(); finished += 1; }
          await tick();
        }
        while (finished < calls.length) { calls[finished]?.finish(); finished += 1; await tick(); }
        const answers = await Promise.all(asked);
        for (const [k, v] of answers) expect(v).toBe(k % 10 === 0 ? '无' : `值${k}`);
        expect(peak()).toBeLessThanOrEqual(maxInFlight);
        for (const c of calls) {
          expect(c.keys.length).toBeLessThanOrEqual(maxBatch);
          expect(new Set(c.keys).size).toBe(c.keys.length);
        }
      },
    ), { numRuns: 200 });
  });
});
