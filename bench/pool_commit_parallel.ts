/**
 * Pool commitment on several threads (bench and, later, the server's draw job): the pool's arrays
 * live in SharedArrayBuffers; each thread checks its range of chunks, writes their lots into the
 * shared lot array and returns their chunk roots; the caller folds the chunk roots into the root
 * (`rootFromChunkRoots`). Same checks, lots and root as the single-threaded domain functions —
 * the domain stays pure, the threads are only here.
 */
import { Worker } from 'node:worker_threads';
import { checkPackedPool, type PackedPool } from '../domain/draw/pool';
import { chunkCount, rootFromChunkRoots } from '../domain/draw/pool_hash';
import { toHex } from '../domain/draw/encoding';
import { runCommitJob } from './pool_commit_worker';

export interface CommitJob {
  readonly size: number;
  readonly idBytes: SharedArrayBuffer;
  readonly idOffsets: SharedArrayBuffer;
  readonly strata: SharedArrayBuffer;
  readonly salts: SharedArrayBuffer;
  readonly lots: SharedArrayBuffer;
  readonly keys: readonly string[];
  readonly saltMode: 'salted' | 'unsalted';
  readonly firstChunk: number;
  readonly lastChunk: number;
}

export type CommitJobResult = { ok: true; roots: Uint8Array } | { ok: false; message: string };

/** A pool whose arrays are views of whole SharedArrayBuffers (what the workers can see). */
export interface SharedPackedPool extends PackedPool {
  readonly idBytes: Uint8Array<SharedArrayBuffer>;
  readonly idOffsets: Uint32Array<SharedArrayBuffer>;
  readonly strata: Uint16Array<SharedArrayBuffer>;
  readonly salts: Uint8Array<SharedArrayBuffer>;
}

export function sharedBytes(n: number): Uint8Array<SharedArrayBuffer> {
  return new Uint8Array(new SharedArrayBuffer(n));
}

/** Idle workers kept between commitments (starting one costs tens of milliseconds). */
export class CommitWorkers {
  private readonly workers: Worker[];

  constructor(count: number) {
    // The worker is TypeScript: register tsx's loader inside the worker, then import it.
    const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./pool_commit_worker.ts', import.meta.url).href)}); });`;
    this.workers = Array.from({ length: count }, () => new Worker(code, { eval: true }));
  }

  /** Waits until every worker has loaded its modules (one empty job each). */
  async ready(): Promise<void> {
    const empty = sharedBytes(0).buffer;
    await Promise.all(this.workers.map((w) => this.run(w, { size: 0, idBytes: empty, idOffsets: new SharedArrayBuffer(4), strata: empty, salts: empty, lots: empty, keys: [], saltMode: 'unsalted', firstChunk: 0, lastChunk: 0 })));
  }

  private run(w: Worker, job: CommitJob): Promise<CommitJobResult> {
    return new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(job);
    });
  }

  /**
   * Checks the pool and computes lots and root with the workers plus the calling thread
   * (threads = workers + 1). Throws on an invalid pool.
   */
  async commit(pool: SharedPackedPool): Promise<{ lots: Uint8Array; root: string }> {
    const head = checkPackedPool({ ...pool, size: 0, idOffsets: new Uint32Array(1), strata: new Uint16Array(0), salts: new Uint8Array(0) });
    if (!head.ok) throw new Error(head.error.message);
    if (pool.idOffsets.length !== pool.size + 1 || pool.strata.length !== pool.size || pool.salts.length !== (pool.saltMode === 'salted' ? 16 * pool.size : 0)) throw new Error('名录库数组长度不一致');
    const lots = sharedBytes(16 * pool.size);
    const chunks = chunkCount(pool.size);
    const threads = this.workers.length + 1;
    const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.round((chunks * t) / threads));
    const job = (t: number): CommitJob => ({
      size: pool.size,
      idBytes: pool.idBytes.buffer,
      idOffsets: pool.idOffsets.buffer,
      strata: pool.strata.buffer,
      salts: pool.salts.buffer,
      lots: lots.buffer,
      keys: pool.keys,
      saltMode: pool.saltMode,
      firstChunk: bounds[t] as number,
      lastChunk: bounds[t + 1] as number,
    });
    const pending = this.workers.map((w, t) => this.run(w, job(t + 1)));
    const mine = runCommitJob(job(0));
    const results = [mine, ...(await Promise.all(pending))];
    const roots = new Uint8Array(32 * chunks);
    let at = 0;
    for (const r of results) {
      if (!r.ok) throw new Error(r.message);
      roots.set(r.roots, at);
      at += r.roots.length;
    }
    return { lots, root: toHex(rootFromChunkRoots(roots, pool.size)) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
