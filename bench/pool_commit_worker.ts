/**
 * Worker of bench/pool_commit_parallel.ts: checks, lots and chunk roots for a range of chunks of a
 * pool held in SharedArrayBuffers. Pure domain calls; the orchestration is the caller's.
 */
import { parentPort } from 'node:worker_threads';
import { checkPackedEntries, type PackedPool } from '../domain/draw/pool';
import { CHUNK_LEAVES, PoolHasher } from '../domain/draw/pool_hash';
import type { CommitJob, CommitJobResult } from './pool_commit_parallel';

const hasher = new PoolHasher();

export function runCommitJob(job: CommitJob): CommitJobResult {
  const pool: PackedPool = {
    size: job.size,
    idBytes: new Uint8Array(job.idBytes),
    idOffsets: new Uint32Array(job.idOffsets),
    strata: new Uint16Array(job.strata),
    keys: job.keys,
    saltMode: job.saltMode,
    salts: new Uint8Array(job.salts),
  };
  const start = Math.min(job.size, job.firstChunk * CHUNK_LEAVES);
  const end = Math.min(job.size, job.lastChunk * CHUNK_LEAVES);
  const check = checkPackedEntries(pool, start, end);
  if (!check.ok) return { ok: false, message: check.error.message };
  hasher.lots(pool, start, end, new Uint8Array(job.lots, 16 * start, 16 * (end - start)));
  return { ok: true, roots: hasher.chunkRoots(pool, job.firstChunk, job.lastChunk) };
}

parentPort?.on('message', (job: CommitJob) => {
  parentPort?.postMessage(runCommitJob(job));
});
