/**
 * Coalesces lookups that arrive together into one database statement (issue #11 item 6, decision 0013 addendum): while
 * `maxInFlight` statements are running, further keys wait and leave together in the next one. At low load a key goes
 * at once, alone; under a hundred concurrent public lookups one statement answers dozens of them, so the cost per
 * lookup is no longer a round trip, a plan-cache lookup and an executor start each, and the statements (hence
 * connections) in use stay bounded however many clients ask.
 *
 * `load` receives distinct keys and answers a map; a key missing from the map gets `missing`. If `load` fails, every
 * key of that statement fails with the same error (each caller answers as before: 500 with the error policy's body).
 */
export interface Batcher<K, V> {
  load(key: K): Promise<V>;
  /** Keys waiting for a statement (for tests and monitoring). */
  readonly waiting: number;
  readonly inFlight: number;
}

export interface BatcherOptions<V> {
  /** Statements running at once (each holds one connection). */
  readonly maxInFlight: number;
  /** Keys per statement at most; the rest wait for the next one. */
  readonly maxBatch: number;
  /** The answer for a key `load` left out of its map. */
  readonly missing: () => V;
}

interface Waiter<V> { resolve(value: V): void; reject(error: unknown): void }

export function createBatcher<K, V>(load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>, options: BatcherOptions<V>): Batcher<K, V> {
  if (options.maxInFlight < 1 || options.maxBatch < 1) throw new Error('createBatcher: maxInFlight and maxBatch must be at least 1');
  // Insertion-ordered: the keys asked first leave first.
  const queue = new Map<K, Waiter<V>[]>();
  let inFlight = 0;

  function next(): void {
    while (inFlight < options.maxInFlight && queue.size > 0) {
      const batch = new Map<K, Waiter<V>[]>();
      for (const [key, waiters] of queue) {
        if (batch.size >= options.maxBatch) break;
        batch.set(key, waiters);
      }
      for (const key of batch.keys()) queue.delete(key);
      inFlight += 1;
      void run(batch);
    }
  }

  async function run(batch: ReadonlyMap<K, Waiter<V>[]>): Promise<void> {
    try {
      const found = await load([...batch.keys()]);
      for (const [key, waiters] of batch) {
        const value = found.has(key) ? (found.get(key) as V) : options.missing();
        for (const w of waiters) w.resolve(value);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    } finally {
      inFlight -= 1;
      next();
    }
  }

  return {
    load(key: K): Promise<V> {
      return new Promise<V>((resolve, reject) => {
        const waiters = queue.get(key);
        if (waiters) waiters.push({ resolve, reject });
        else queue.set(key, [{ resolve, reject }]);
        next();
      });
    },
    get waiting() { let n = 0; for (const w of queue.values()) n += w.length; return n; },
    get inFlight() { return inFlight; },
  };
}
