/**
 * `npm run bench:commit -- --sizes 1000000,10000000 [--before <old checkout>/domain/draw/pool.ts]`:
 * the pool commitment (check, lots, Merkle root — everything before randomness exists) of a
 * synthetic salted pool, in one process so every case sees the same machine load:
 * - floor: one SHA-256 over the pool's bytes (ids, salts, strata) — hashing the data once;
 * - before: the given older pool.ts (e.g. `git archive <commit> domain | tar -x -C /tmp/old`);
 * - scalar: this checkout without SIMD (`PoolHasher(false)`, the plain-JS SHA-256);
 * - simd: this checkout's domain functions (four-lane WebAssembly SHA-256), one thread;
 * - simd ×2: the same split over the calling thread and one worker (bench/pool_commit_parallel.ts).
 * All cases must produce the same root. Prints wall and CPU time and the ratio to the floor.
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { checkPackedPool, computeLots, poolRoot, type PackedPool } from '../domain/draw/pool';
import { chunkCount, PoolHasher, rootFromChunkRoots } from '../domain/draw/pool_hash';
import { toHex } from '../domain/draw/encoding';
import { generatePool } from './draw_pool_data';
import { CommitWorkers } from './pool_commit_parallel';

interface PoolModule {
  checkPackedPool(p: PackedPool): { ok: boolean };
  computeLots(p: PackedPool, s: number, e: number, out: Uint8Array): void;
  poolRoot(p: PackedPool): string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

function floor(pool: PackedPool): string {
  return createHash('sha256').update(pool.idBytes).update(pool.salts).update(new Uint8Array(pool.strata.buffer, pool.strata.byteOffset, pool.strata.byteLength)).digest('hex');
}

function commitWith(mod: PoolModule, pool: PackedPool): string {
  if (!mod.checkPackedPool(pool).ok) throw new Error('pool check failed');
  mod.computeLots(pool, 0, pool.size, new Uint8Array(16 * pool.size));
  return mod.poolRoot(pool);
}

function commitScalar(pool: PackedPool): string {
  if (!checkPackedPool(pool).ok) throw new Error('pool check failed');
  const h = new PoolHasher(false);
  h.lots(pool, 0, pool.size, new Uint8Array(16 * pool.size));
  return toHex(rootFromChunkRoots(h.chunkRoots(pool, 0, chunkCount(pool.size)), pool.size));
}

async function main(): Promise<void> {
  const sizes = (arg('--sizes') ?? '1000000').split(',').map(Number);
  const beforePath = arg('--before');
  const before = beforePath ? ((await import(pathToFileURL(beforePath).href)) as PoolModule) : undefined;
  const workers = new CommitWorkers(1);
  await workers.ready();
  process.stdout.write(`pool commitment — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write('\n| N | case | wall ms | CPU ms | ÷ floor | root |\n|---|---|---|---|---|---|\n');
  try {
    for (const n of sizes) {
      const pool = generatePool(n);
      const f1 = await timed(() => floor(pool));
      const cases: [string, () => string | Promise<string>][] = [];
      if (before) cases.push(['before', () => commitWith(before, pool)]);
      cases.push(['scalar (plain JS)', () => commitScalar(pool)]);
      cases.push(['simd, 1 thread', () => commitWith({ checkPackedPool, computeLots, poolRoot }, pool)]);
      cases.push(['simd, 2 threads', async () => (await workers.commit(pool)).root]);
      const results: [string, { value: string; wall: number; cpu: number }][] = [];
      for (const [label, fn] of cases) results.push([label, await timed(fn)]);
      const f2 = await timed(() => floor(pool));
      const fl = Math.min(f1.wall, f2.wall);
      const row = (label: string, r: { value: string; wall: number; cpu: number }): string => `| ${n.toLocaleString('en-US')} | ${label} | ${Math.round(r.wall)} | ${Math.round(r.cpu)} | ${(r.wall / fl).toFixed(1)}× | ${r.value.slice(0, 12)}… |\n`;
      process.stdout.write(row('floor: SHA-256 once over the pool bytes', { ...f1, wall: fl }));
      for (const [label, r] of results) process.stdout.write(row(label, r));
      const roots = new Set(results.map(([, r]) => r.value));
      if (roots.size !== 1) throw new Error(`roots differ: ${[...roots].join(' ')}`);
    }
  } finally {
    await workers.close();
  }
  process.stdout.write(`\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB, load at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
}

await main();
