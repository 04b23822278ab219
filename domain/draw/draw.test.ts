import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, compareUtf8, taggedHash, toHex } from './encoding';
import { lotOf, packPool, preparePool, type PoolEntry, type PreparedPool } from './pool';
import { computeQuotas, type DrawParams } from './quota';
import { drawStrata, ticketsOf } from './select';
import { ratioParams, runFixture } from './test_support';

const KEYS = ['A', 'B', 'C', 'D'];
const SECRET = new Uint8Array(32).fill(42);

function seedOf(n: number): Uint8Array {
  return taggedHash('test/seed', [new TextEncoder().encode(String(n))]);
}

function saltOf(i: number): string {
  return toHex(taggedHash('test/salt', [new TextEncoder().encode(String(i))]).subarray(0, 16));
}

function entriesOf(n: number, keys = KEYS): PoolEntry[] {
  return Array.from({ length: n }, (_, i) => ({ id: `E${String(i).padStart(6, '0')}`, stratum: keys[(i * 7) % keys.length] as string, salt: saltOf(i) }));
}

function prepare(entries: readonly PoolEntry[], keys = KEYS): PreparedPool {
  const p = packPool(entries, keys, 'salted');
  if (!p.ok) throw new Error(p.error.message);
  return preparePool(p.value).prepared;
}

function quotas(pool: PreparedPool, params: DrawParams) {
  const sizes = new Map<string, number>();
  for (let i = 0; i < pool.size; i++) {
    const k = pool.keys[pool.strata[i] as number] as string;
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  const q = computeQuotas(params, sizes);
  if (!q.ok) throw new Error(q.error.message);
  return q.value;
}

/** The same pool in another entry order (bypassing the canonical sort), to test order independence of the engine itself. */
function permuted(pool: PreparedPool, perm: readonly number[]): PreparedPool {
  const ids = perm.map((i) => pool.idBytes.subarray(pool.idOffsets[i] as number, pool.idOffsets[i + 1] as number));
  const idBytes = new Uint8Array(pool.idBytes.length);
  const idOffsets = new Uint32Array(pool.size + 1);
  let off = 0;
  ids.forEach((b, j) => {
    idBytes.set(b, off);
    off += b.length;
    idOffsets[j + 1] = off;
  });
  const lots = new Uint8Array(pool.lots.length);
  perm.forEach((i, j) => lots.set(pool.lots.subarray(16 * i, 16 * i + 16), 16 * j));
  return { ...pool, idBytes, idOffsets, strata: Uint16Array.from(perm, (i) => pool.strata[i] as number), lots };
}

function drawnIds(pool: PreparedPool, seed: Uint8Array, params: DrawParams): string[][] {
  const dec = new TextDecoder();
  return drawStrata(pool, seed, quotas(pool, params)).map((d) => Array.from(d.order, (i, j) => `${dec.decode(pool.idBytes.subarray(pool.idOffsets[i] as number, pool.idOffsets[i + 1] as number))}:${toHex(d.tickets.subarray(16 * j, 16 * j + 16))}`));
}

/** Reference: all tickets, full sort per stratum by (ticket, id), first quota + reserve. */
function reference(pool: PreparedPool, seed: Uint8Array, params: DrawParams): string[][] {
  const tickets = ticketsOf(seed, pool.lots);
  const dec = new TextDecoder();
  const ids = Array.from({ length: pool.size }, (_, i) => dec.decode(pool.idBytes.subarray(pool.idOffsets[i] as number, pool.idOffsets[i + 1] as number)));
  return quotas(pool, params).map((q) => {
    const members = ids.map((_, i) => i).filter((i) => pool.keys[pool.strata[i] as number] === q.key);
    members.sort((a, b) => compareBytes(tickets.subarray(16 * a, 16 * a + 16), tickets.subarray(16 * b, 16 * b + 16)) || compareUtf8(ids[a] as string, ids[b] as string));
    return members.slice(0, q.quota + q.reserve).map((i) => `${ids[i] as string}:${toHex(tickets.subarray(16 * i, 16 * i + 16))}`);
  });
}

describe('entity draw: properties', () => {
  it('equals the full-sort reference, including pools large enough to force compaction', () => {
    const pool = prepare(entriesOf(9000));
    for (const pct of ['0.1', '3', '40', '100']) {
      for (let s = 0; s < 2; s++) expect(drawnIds(pool, seedOf(s), ratioParams(KEYS, pct))).toEqual(reference(pool, seedOf(s), ratioParams(KEYS, pct)));
    }
  });

  it('does not depend on the order of the pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), fc.integer({ min: 0, max: 100 }), (n, salt, pct) => {
        const pool = prepare(entriesOf(n));
        const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => toHex(taggedHash('perm', [new Uint8Array([a & 255, a >> 8, salt & 255])])).localeCompare(toHex(taggedHash('perm', [new Uint8Array([b & 255, b >> 8, salt & 255])]))));
        const params = ratioParams(KEYS, String(pct));
        expect(drawnIds(permuted(pool, perm), seedOf(salt), params)).toEqual(drawnIds(pool, seedOf(salt), params));
      }),
      { numRuns: 60 },
    );
  });

  it('a larger sample extends a smaller one (prefix consistency), selected and reserve alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.nat(), (n, k1, k2, s) => {
        const pool = prepare(entriesOf(n, ['A']), ['A']);
        const params = (k: number): DrawParams => ({ strata: [{ key: 'A', mode: 'count', value: String(k), rounding: 'half_up', minPercent: '', reserve: '0' }], minTotalPercent: '' });
        const [small, large] = [Math.min(k1, k2), Math.max(k1, k2)].map((k) => drawnIds(pool, seedOf(s), params(k))[0] as string[]);
        expect((large as string[]).slice(0, (small as string[]).length)).toEqual(small);
      }),
      { numRuns: 80 },
    );
  });

  it('selects no duplicates, the committed counts, and every entity can check itself against the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 250 }), fc.constantFrom('0', '1', '3', '33.3', '100'), fc.constantFrom<'half_up' | 'ceil' | 'floor_min_1'>('half_up', 'ceil', 'floor_min_1'), (n, pct, rounding) => {
        const entries = entriesOf(n);
        const params = ratioParams(KEYS, pct, rounding);
        const r = runFixture({ entries, params, saltMode: 'salted', serverSecret: SECRET });
        if (!r.ok) throw new Error(r.error.message);
        const strata = r.value.receipt.result?.strata ?? [];
        const all = strata.flatMap((s) => [...s.selected, ...s.reserveList].map((e) => e.id));
        expect(new Set(all).size).toBe(all.length);
        const seed = Buffer.from(r.value.receipt.seed, 'hex');
        for (const s of strata) {
          const size = entries.filter((e) => e.stratum === s.key).length;
          const q = computeQuotas(params, new Map(size > 0 ? [[s.key, size]] : []));
          const expected = q.ok ? q.value.find((x) => x.key === s.key) : undefined;
          expect(s.selected.length).toBe(expected?.quota);
          expect(String(s.selected.length)).toBe(s.quota);
          const selected = new Set(s.selected.map((e) => e.id));
          for (const e of entries.filter((x) => x.stratum === s.key)) {
            const ticket = toHex(ticketsOf(seed, lotOf(e.id, e.salt)));
            expect(selected.has(e.id)).toBe(s.threshold !== '' && ticket <= s.threshold);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('entity draw: edge cases', () => {
  it('handles a one-entity pool, k = N, k = 0 and empty strata', () => {
    const one = runFixture({ entries: [{ id: '91350100M000100Y43', stratum: 'A', salt: saltOf(1) }], params: ratioParams(['A', 'B'], '3', 'floor_min_1'), saltMode: 'salted', serverSecret: SECRET });
    expect(one.ok && one.value.receipt.result?.strata.map((s) => [s.key, s.selected.length, s.reserveList.length, s.threshold === ''])).toEqual([
      ['A', 1, 0, false],
      ['B', 0, 0, true],
    ]);
    const all = runFixture({ entries: entriesOf(7, ['A']), params: ratioParams(['A'], '100'), saltMode: 'salted', serverSecret: SECRET });
    expect(all.ok && all.value.receipt.result?.strata[0]?.selected.length).toBe(7);
    const none = runFixture({ entries: entriesOf(7, ['A']), params: ratioParams(['A'], '0'), saltMode: 'salted', serverSecret: SECRET });
    expect(none.ok && none.value.receipt.result?.strata[0]).toMatchObject({ quota: '0', threshold: '', selected: [], reserveList: [] });
  });
});

describe('entity draw: ties', () => {
  it('orders equal tickets (forced here by equal lots) by identifier bytes, across compactions', () => {
    const base = prepare(entriesOf(3000, ['A']), ['A']);
    const lots = base.lots.slice();
    for (let i = 0; i < base.size; i++) lots.set(base.lots.subarray(0, 16), 16 * i); // every entry the same lot
    const pool: PreparedPool = { ...base, lots };
    const q = quotas(pool, { strata: [{ key: 'A', mode: 'count', value: '5', rounding: 'half_up', minPercent: '', reserve: '2' }], minTotalPercent: '' });
    const reversed = permuted(pool, Array.from({ length: pool.size }, (_, i) => pool.size - 1 - i));
    const d = drawStrata(reversed, seedOf(7), q)[0];
    const dec = new TextDecoder();
    expect(Array.from(d?.order ?? [], (i) => dec.decode(reversed.idBytes.subarray(reversed.idOffsets[i] as number, reversed.idOffsets[i + 1] as number)))).toEqual(['E000000', 'E000001', 'E000002', 'E000003', 'E000004', 'E000005', 'E000006']);
  });
});

describe('entity draw: distribution', () => {
  // Chi-square goodness of fit over fixed seeds (deterministic: the same seeds every run).
  // Critical values at p = 0.001: df 19 → 43.82, df 29 → 58.30.
  it('within a stratum every entity is equally likely to be selected', () => {
    const pool = prepare(entriesOf(40, ['A', 'B']), ['A', 'B']);
    const params: DrawParams = { strata: ['A', 'B'].map((key) => ({ key, mode: 'count' as const, value: '5', rounding: 'half_up' as const, minPercent: '', reserve: '0' })), minTotalPercent: '' };
    const q = quotas(pool, params);
    const counts = new Map<number, number>();
    const SEEDS = 4000;
    for (let s = 0; s < SEEDS; s++) for (const d of drawStrata(pool, seedOf(s), q)) for (const i of d.order) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (const key of ['A', 'B']) {
      const members = Array.from({ length: pool.size }, (_, i) => i).filter((i) => pool.keys[pool.strata[i] as number] === key);
      expect(members.length).toBe(20);
      const expected = (SEEDS * 5) / members.length;
      const chi2 = members.reduce((sum, i) => sum + ((counts.get(i) ?? 0) - expected) ** 2 / expected, 0);
      expect(chi2).toBeLessThan(43.82);
    }
  });

  it('the first-drawn entity is uniform too (draw order carries no bias)', () => {
    const pool = prepare(entriesOf(30, ['A']), ['A']);
    const q = quotas(pool, { strata: [{ key: 'A', mode: 'count', value: '1', rounding: 'half_up', minPercent: '', reserve: '0' }], minTotalPercent: '' });
    const counts = new Array<number>(30).fill(0);
    const SEEDS = 6000;
    for (let s = 0; s < SEEDS; s++) {
      const first = drawStrata(pool, seedOf(100_000 + s), q)[0]?.order[0] as number;
      counts[first] = (counts[first] as number) + 1;
    }
    const expected = SEEDS / 30;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(58.3);
  });
});
