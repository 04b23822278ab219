/**
 * The entity draw (docs/draw-protocol.md §3.3–3.5): ticket(e) = AES-256_K(lot(e)) with
 * K = SHA-256(field(tag) ‖ field(seed)); per stratum, the quota smallest tickets are selected in
 * ascending order and the next `reserve` form the ordered reserve list. Ties (equal tickets, which
 * need equal lots, i.e. a SHA-256 collision) are broken by identifier bytes.
 *
 * Properties the tests check: the result does not depend on pool order (tickets depend only on the
 * entry), a larger quota extends a smaller one (prefix consistency), and every entity can recompute
 * its own ticket from the seed and its lot.
 *
 * Cost: one AES block per entity, run by OpenSSL over 64 Ki-entry chunks (AES-NI), plus a streaming
 * filter that keeps, per stratum, only tickets below a shrinking cutoff. Memory is O(quota + reserve)
 * beyond the pool itself.
 */
import { aes256EcbEncryptor, compareBytes, field, taggedHash, TAG } from './encoding';
import { LOT_BYTES, type PreparedPool } from './pool';
import type { StratumQuota } from './quota';

export const TICKET_BYTES = 16;
const CHUNK = 1 << 16;
const TWO_POW_21 = 2 ** 21;
const TWO_POW_53 = 2 ** 53;

/** K = SHA-256(field("suiji/draw/v1/ticket-key") ‖ field(seed)): the AES-256 key of this draw. */
export function ticketKey(seed: Uint8Array): Uint8Array {
  return taggedHash(TAG.ticketKey, [field(seed)]);
}

/** Tickets of the given lots (16 bytes each) under the draw's key. */
export function ticketsOf(seed: Uint8Array, lots: Uint8Array): Uint8Array {
  if (lots.length === 0) return new Uint8Array(0);
  return aes256EcbEncryptor(ticketKey(seed))(lots).slice();
}

export interface StratumDraw {
  readonly key: string;
  readonly size: number;
  readonly quota: number;
  readonly reserve: number;
  /** Pool indices, ascending ticket order: the first `quota` are selected, the rest the reserve list. */
  readonly order: Uint32Array;
  /** 16 bytes per entry of `order`. */
  readonly tickets: Uint8Array;
}

interface Candidates {
  idx: Uint32Array;
  key: Float64Array;
  n: number;
  cutoff: number;
  readonly want: number;
}

/**
 * Keeps the entries whose key is at most the smallest bucket boundary covering `want` entries, so
 * the kept set always contains the `want` smallest keys (and all entries tied with them).
 */
function compact(b: Candidates): void {
  const BUCKETS = 4096;
  const range = (b.cutoff === Infinity ? TWO_POW_53 : b.cutoff) + 1;
  const counts = new Uint32Array(BUCKETS);
  const scale = BUCKETS / range;
  for (let j = 0; j < b.n; j++) {
    const bucket = Math.min(BUCKETS - 1, Math.floor((b.key[j] as number) * scale));
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  let cumulative = 0;
  let last = BUCKETS - 1;
  for (let k = 0; k < BUCKETS; k++) {
    cumulative += counts[k] as number;
    if (cumulative >= b.want) {
      last = k;
      break;
    }
  }
  let m = 0;
  let max = -1;
  for (let j = 0; j < b.n; j++) {
    const key = b.key[j] as number;
    if (Math.min(BUCKETS - 1, Math.floor(key * scale)) <= last) {
      b.key[m] = key;
      b.idx[m] = b.idx[j] as number;
      if (key > max) max = key;
      m++;
    }
  }
  b.n = m;
  b.cutoff = max;
  if (b.idx.length - m < (b.idx.length - b.want) / 2) {
    // Pathological ties: grow instead of compacting forever.
    const idx = new Uint32Array(b.idx.length * 2);
    idx.set(b.idx.subarray(0, m));
    const key = new Float64Array(b.key.length * 2);
    key.set(b.key.subarray(0, m));
    b.idx = idx;
    b.key = key;
  }
}

/**
 * Draws every stratum of a prepared pool. `quotas` lists every stratum of the parameters (strata
 * absent from the pool have size 0); the pool's keys must all appear in it (checked upstream).
 */
export function drawStrata(pool: PreparedPool, seed: Uint8Array, quotas: readonly StratumQuota[]): StratumDraw[] {
  const byKey = new Map(quotas.map((q) => [q.key, q]));
  const buffers: (Candidates | undefined)[] = pool.keys.map((k) => {
    const q = byKey.get(k);
    if (!q) throw new Error(`drawStrata: no quota for stratum ${k}`);
    const want = q.quota + q.reserve;
    if (want === 0) return undefined;
    const cap = Math.max(2 * want, want + 1024);
    return { idx: new Uint32Array(cap), key: new Float64Array(cap), n: 0, cutoff: Infinity, want };
  });
  // Tickets are uniform, so the (quota + reserve)-th smallest key of a stratum of `size` lies near
  // want/size · 2^53. The first pass starts from a generous guess (6 standard deviations above)
  // instead of +∞, which keeps almost every ticket out of the buffers. If a stratum ends the pass
  // with fewer than `want` candidates, the guess was too low and that stratum is scanned again
  // without it — so the result never depends on the guess, only the time does.
  const guess = pool.keys.map((k, s) => {
    const b = buffers[s];
    const size = byKey.get(k)?.size ?? 0;
    if (b === undefined || size <= 0) return Infinity;
    const g = Math.ceil((TWO_POW_53 * (b.want + 6 * Math.sqrt(b.want) + 32)) / size);
    return g >= TWO_POW_53 ? Infinity : g;
  });
  const encrypt = aes256EcbEncryptor(ticketKey(seed));
  // Hot loop state in flat typed arrays: a stratum with nothing to draw has cutoff −1 (every key ≥ 0).
  const cutoff = new Float64Array(pool.keys.length);
  const scan = (): void => {
    const strata = pool.strata;
    for (let start = 0; start < pool.size; start += CHUNK) {
      const end = Math.min(pool.size, start + CHUNK);
      const t = encrypt(pool.lots.subarray(start * LOT_BYTES, end * LOT_BYTES));
      const view = new DataView(t.buffer, t.byteOffset, t.byteLength);
      for (let i = start; i < end; i++) {
        const s = strata[i] as number;
        const o = (i - start) * TICKET_BYTES;
        const key = view.getUint32(o) * TWO_POW_21 + (view.getUint32(o + 4) >>> 11);
        if (key > (cutoff[s] as number)) continue;
        const b = buffers[s] as Candidates;
        b.key[b.n] = key;
        b.idx[b.n] = i;
        b.n++;
        if (b.n === b.idx.length) {
          compact(b);
          cutoff[s] = b.cutoff;
        }
      }
    }
  };
  for (const [s, b] of buffers.entries()) {
    cutoff[s] = b === undefined ? -1 : (guess[s] as number);
    if (b) b.cutoff = guess[s] as number;
  }
  scan();
  let again = false;
  for (const [s, b] of buffers.entries()) {
    const redo = b !== undefined && b.n < b.want && guess[s] !== Infinity;
    if (redo) {
      b.n = 0;
      b.cutoff = Infinity;
      again = true;
    }
    cutoff[s] = redo ? Infinity : -1;
  }
  if (again) scan();

  return quotas.map((q) => {
    const s = pool.keys.indexOf(q.key);
    const b = s < 0 ? undefined : buffers[s];
    if (b === undefined) return { key: q.key, size: q.size, quota: q.quota, reserve: q.reserve, order: new Uint32Array(0), tickets: new Uint8Array(0) };
    if (b.n > b.want + (b.want >> 3) + 64) compact(b);
    return finish(pool, seed, q, b);
  });
}

/** Candidate positions 0..n−1 in ascending (key, ticket, id) order. */
function sortPositions(pool: PreparedPool, b: Candidates, tickets: Uint8Array): Uint32Array {
  const n = b.n;
  // Fast path: keys are distinct 53-bit integers (ties need equal lots or 2^-53 luck), so a native
  // numeric sort of the keys plus a binary search per candidate gives the order.
  const keys = b.key.slice(0, n).sort();
  let distinct = true;
  for (let j = 1; j < n; j++) {
    if (keys[j] === keys[j - 1]) {
      distinct = false;
      break;
    }
  }
  const positions = new Uint32Array(n);
  if (distinct) {
    for (let j = 0; j < n; j++) {
      const key = b.key[j] as number;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((keys[mid] as number) < key) lo = mid + 1;
        else hi = mid;
      }
      positions[lo] = j;
    }
    return positions;
  }
  for (let j = 0; j < n; j++) positions[j] = j;
  return positions.sort((x, y) => {
    const d = (b.key[x] as number) - (b.key[y] as number);
    if (d !== 0) return d;
    const c = compareBytes(tickets.subarray(x * TICKET_BYTES, (x + 1) * TICKET_BYTES), tickets.subarray(y * TICKET_BYTES, (y + 1) * TICKET_BYTES));
    if (c !== 0) return c;
    const ix = b.idx[x] as number;
    const iy = b.idx[y] as number;
    return compareBytes(
      pool.idBytes.subarray(pool.idOffsets[ix], pool.idOffsets[ix + 1]),
      pool.idBytes.subarray(pool.idOffsets[iy], pool.idOffsets[iy + 1]),
    );
  });
}

function finish(pool: PreparedPool, seed: Uint8Array, q: StratumQuota, b: Candidates): StratumDraw {
  const n = b.n;
  const lots = new Uint8Array(n * LOT_BYTES);
  const src = pool.lots;
  for (let j = 0; j < n; j++) {
    const from = (b.idx[j] as number) * LOT_BYTES;
    const to = j * LOT_BYTES;
    for (let x = 0; x < LOT_BYTES; x++) lots[to + x] = src[from + x] as number;
  }
  const tickets = ticketsOf(seed, lots);
  const positions = sortPositions(pool, b, tickets);
  const m = Math.min(n, b.want);
  const order = new Uint32Array(m);
  const out = new Uint8Array(m * TICKET_BYTES);
  for (let r = 0; r < m; r++) {
    const j = positions[r] as number;
    order[r] = b.idx[j] as number;
    for (let x = 0; x < TICKET_BYTES; x++) out[r * TICKET_BYTES + x] = tickets[j * TICKET_BYTES + x] as number;
  }
  return { key: q.key, size: q.size, quota: q.quota, reserve: q.reserve, order, tickets: out };
}
