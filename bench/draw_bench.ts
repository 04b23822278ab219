/**
 * `npm run bench:draw`: the draw and matching benchmark of issue #3 (prints a table; not a test).
 *
 * Every measurement runs in its own child process, so each peak RSS (getrusage maxRSS) belongs to
 * one case only:
 * - commit: generate N synthetic 统一社会信用代码 in 4 strata with salts, check the pool, compute
 *   lots, leaves and the Merkle root (what happens before any randomness exists), then write the
 *   frozen snapshot (ids, strata, lots) to a temporary directory;
 * - draw: load the snapshot and run the whole draw for 3% per stratum — seed derivation, tickets,
 *   selection, reserve lists and the receipt with all its hashes (`executeDraw`);
 * - naive: load the same ids and do what a straightforward implementation does — a fresh SHA-256
 *   hasher per id (createHash(seed).update(id)), then a full sort of all N digests — for the ratio;
 * - matching: 30,000 objects, 2,000 inspectors in 10 departments, every constraint on.
 * Wall time is what the targets refer to; CPU time is printed too because this machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackedPool, computeLots, poolRoot, stratumSizes, type PackedPool, type PreparedPool } from '../domain/draw/pool';
import { executeDraw, makeCommitment, type Receipt } from '../domain/draw/protocol';
import { toHex } from '../domain/draw/encoding';
import { parseReceipt, verifyReceipt } from '../domain/draw/verify';
import { buildMatchingInstance, checkTeams } from './draw_matching_data';
import { generatePool, KEYS } from './draw_pool_data';
import { matchInspectors } from '../domain/matching/match';

const SCRIPT = fileURLToPath(import.meta.url);

interface Measured {
  readonly wall: number;
  readonly cpu: number;
}

function measure<T>(fn: () => T): { value: T } & Measured {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

function peakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const PARAMS = { strata: KEYS.map((key) => ({ key, mode: 'ratio' as const, value: '3', rounding: 'half_up' as const, minPercent: '', reserve: '' })), minTotalPercent: '3' };
const SOURCES = [{ id: 'dice', kind: 'dice', description: '监督人员现场掷骰 8 次' }];
const VALUES = [{ id: 'dice', value: '3 1 4 1 5 2 6 5' }];

function childCommit(n: number, dir: string): object {
  const gen = measure(() => generatePool(n));
  const pool = gen.value;
  const commit = measure(() => {
    const c = checkPackedPool(pool);
    if (!c.ok) throw new Error(c.error.message);
    const lots = new Uint8Array(16 * n);
    computeLots(pool, 0, n, lots);
    return { lots, root: poolRoot(pool) };
  });
  const secret = randomBytes(32);
  const commitment = makeCommitment({ taskId: `BENCH-${n}`, attempt: 1, committedAt: '2025-03-03T09:00:00+08:00', ruleVersions: {}, params: PARAMS, pool: { size: n, root: commit.value.root, saltMode: 'salted', stratumSizes: stratumSizes(pool) }, serverSecret: secret, randomness: SOURCES });
  if (!commitment.ok) throw new Error(commitment.error.message);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ids.bin'), pool.idBytes);
  writeFileSync(join(dir, 'offsets.bin'), pool.idOffsets);
  writeFileSync(join(dir, 'strata.bin'), pool.strata);
  writeFileSync(join(dir, 'lots.bin'), commit.value.lots);
  if (n <= 1_000_000) writeFileSync(join(dir, 'salts.bin'), pool.salts);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ n, root: commit.value.root, commitment: commitment.value, secret: toHex(secret) }));
  return { gen: gen.wall, commitWall: commit.wall, commitCpu: commit.cpu, peak: peakMb() };
}

function view<T extends ArrayBufferView>(buf: Buffer, make: (b: ArrayBufferLike, off: number, len: number) => T, bytes: number): T {
  if (buf.byteOffset % bytes === 0) return make(buf.buffer, buf.byteOffset, buf.length / bytes);
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return make(copy.buffer, 0, buf.length / bytes);
}

function loadSnapshot(dir: string): { pool: PreparedPool; meta: { n: number; root: string; commitment: Parameters<typeof executeDraw>[2]; secret: string } } {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { n: number; root: string; commitment: Parameters<typeof executeDraw>[2]; secret: string };
  const idBytes = new Uint8Array(readFileSync(join(dir, 'ids.bin')));
  const idOffsets = view(readFileSync(join(dir, 'offsets.bin')), (b, o, l) => new Uint32Array(b, o, l), 4);
  const strata = view(readFileSync(join(dir, 'strata.bin')), (b, o, l) => new Uint16Array(b, o, l), 2);
  const lots = new Uint8Array(readFileSync(join(dir, 'lots.bin')));
  return { pool: { size: meta.n, idBytes, idOffsets, strata, keys: KEYS, saltMode: 'salted', salts: new Uint8Array(0), lots }, meta };
}

function childDraw(dir: string): object {
  const { pool, meta } = loadSnapshot(dir);
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const secret = Buffer.from(meta.secret, 'hex');
  const sizes = stratumSizes(pool);
  const drawn = measure(() => executeDraw(pool, { size: meta.n, root: meta.root, saltMode: 'salted', stratumSizes: sizes }, meta.commitment, VALUES, secret));
  if (!drawn.value.ok) throw new Error(drawn.value.error.message);
  const receipt: Receipt = drawn.value.value;
  const selected = receipt.result?.strata.reduce((s, x) => s + x.selected.length, 0) ?? 0;
  writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
  return { drawWall: drawn.wall, drawCpu: drawn.cpu, selected, rssBefore, peak: peakMb() };
}

function childVerify(dir: string): object {
  const { pool, meta } = loadSnapshot(dir);
  const salts = new Uint8Array(readFileSync(join(dir, 'salts.bin')));
  const packed: PackedPool = { ...pool, salts };
  const parsed = parseReceipt(JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const v = measure(() => verifyReceipt(parsed.value, packed));
  return { ok: v.value.ok, message: v.value.ok ? v.value.value.scope : v.value.error.message, wall: v.wall, n: meta.n };
}

function childNaive(dir: string): object {
  const { pool } = loadSnapshot(dir);
  const n = pool.size;
  const dec = Buffer.from(pool.idBytes.buffer, pool.idBytes.byteOffset, pool.idBytes.byteLength);
  const ids: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = dec.toString('latin1', pool.idOffsets[i], pool.idOffsets[i + 1]);
  const seed = randomBytes(32);
  const run = measure(() => {
    const rows: { id: string; stratum: number; digest: Buffer }[] = new Array<{ id: string; stratum: number; digest: Buffer }>(n);
    for (let i = 0; i < n; i++) rows[i] = { id: ids[i] as string, stratum: pool.strata[i] as number, digest: createHash('sha256').update(seed).update(ids[i] as string).digest() };
    rows.sort((a, b) => Buffer.compare(a.digest, b.digest) || (a.id < b.id ? -1 : 1));
    const want = KEYS.map((_, s) => Math.round(rows.filter((r) => r.stratum === s).length * 0.03));
    const out: string[][] = KEYS.map(() => []);
    for (const r of rows) if ((out[r.stratum] as string[]).length < (want[r.stratum] as number)) (out[r.stratum] as string[]).push(r.id);
    return out.reduce((t, x) => t + x.length, 0);
  });
  return { wall: run.wall, cpu: run.cpu, selected: run.value, peak: peakMb() };
}

function childMatching(): object {
  const inst = buildMatchingInstance({ objects: 30_000, inspectors: 2_000, departments: 10 });
  const seed = randomBytes(32);
  const r = measure(() => matchInspectors(inst.objects, inst.inspectors, inst.rules, seed));
  if (!r.value.ok) return { ok: false, message: r.value.error.message, wall: r.wall, cpu: r.cpu, peak: peakMb() };
  const violation = checkTeams(inst.objects, inst.inspectors, inst.rules, r.value.value.teams);
  const loads = r.value.value.loads.map((l) => l.objects);
  return { ok: violation === undefined, message: violation ?? '', wall: r.wall, cpu: r.cpu, peak: peakMb(), members: loads.reduce((a, b) => a + b, 0), maxLoad: Math.max(...loads), stats: inst.stats };
}

// ---- parent --------------------------------------------------------------------------------

function child(args: string[], extraNodeArgs: string[] = []): Record<string, unknown> {
  const r = spawnSync(process.execPath, [...extraNodeArgs, ...process.execArgv, SCRIPT, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return { failed: true, message: `${r.stderr.slice(-600)} (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})` };
  return JSON.parse(line.slice(7)) as Record<string, unknown>;
}

const fmtS = (x: unknown): string => (typeof x === 'number' ? `${x.toFixed(2)} s` : '—');
const fmtMb = (x: unknown): string => (typeof x === 'number' ? `${Math.round(x)} MB` : '—');
const fmtN = (x: number): string => x.toLocaleString('en-US');

function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'suiji-draw-bench-'));
  const rows: string[][] = [];
  const notes: string[] = [];
  process.stdout.write(`suiji draw benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  try {
    for (const n of sizes) {
      const dir = join(work, String(n));
      process.stdout.write(`… N = ${fmtN(n)}: commit\n`);
      const c = child(['commit', String(n), dir]);
      if (c.failed) {
        notes.push(`commit N=${n} failed: ${String(c.message)}`);
        continue;
      }
      process.stdout.write(`… N = ${fmtN(n)}: draw\n`);
      const d = child(['draw', dir]);
      process.stdout.write(`… N = ${fmtN(n)}: naive baseline\n`);
      const nv = child(['naive', dir], ['--max-old-space-size=12000']);
      const k = typeof d.selected === 'number' ? d.selected : NaN;
      rows.push([fmtN(n), fmtN(k), fmtS(d.drawWall), fmtS(d.drawCpu), fmtMb(d.peak), nv.failed ? 'failed' : fmtS(nv.wall), nv.failed ? '—' : fmtMb(nv.peak), typeof nv.wall === 'number' && typeof d.drawWall === 'number' ? `${(nv.wall / d.drawWall).toFixed(1)}×` : '—', fmtS(c.commitWall), fmtMb(c.peak)]);
      if (nv.failed) notes.push(`naive N=${n}: ${String(nv.message)}`);
      if (d.failed) notes.push(`draw N=${n}: ${String(d.message)}`);
      if (n <= 1_000_000) {
        const v = child(['verify', dir]);
        notes.push(`N = ${fmtN(n)}: receipt re-verified from the pool by verifyReceipt → ${v.ok === true ? `MATCH (${String(v.message)}, ${fmtS(v.wall)})` : `FAILED ${String(v.message)}`}`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write('… matching\n');
    const m = child(['matching']);
    process.stdout.write('\nEntity draw, 3% per stratum (4 strata: 40/35/20/5%), salted pool, reserve lists ⌈k/10⌉:\n\n');
    const header = ['N', 'selected', 'draw wall', 'draw CPU', 'draw peak RSS', 'naive wall', 'naive peak RSS', 'naive ÷ draw', 'commit wall (before randomness)', 'commit peak RSS'];
    process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
    process.stdout.write('\nInspector matching (30,000 objects × 2,000 inspectors, 10 departments, all constraints):\n\n');
    process.stdout.write('| objects | inspectors | departments | members assigned | max load | wall | CPU | peak RSS | all rules hold |\n|---|---|---|---|---|---|---|---|---|\n');
    process.stdout.write(`| 30,000 | 2,000 | 10 | ${typeof m.members === 'number' ? fmtN(m.members) : '—'} | ${typeof m.maxLoad === 'number' ? String(m.maxLoad) : '—'} | ${fmtS(m.wall)} | ${fmtS(m.cpu)} | ${fmtMb(m.peak)} | ${m.ok === true ? 'yes' : `NO: ${String(m.message).slice(0, 300)}`} |\n`);
    if (m.stats) process.stdout.write(`\nMatching instance: ${JSON.stringify(m.stats)}\n`);
    process.stdout.write(`\nTargets: 10M draw ≤ 3 s and ≤ 1 GB (Arlo 64 s, consistent_sampler 35 s); matching ≤ 5 s. Load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.\n`);
    for (const note of notes) process.stdout.write(`- ${note}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const [, kind, a, b] = argv;
  const result = kind === 'commit' ? childCommit(Number(a), b as string) : kind === 'draw' ? childDraw(a as string) : kind === 'naive' ? childNaive(a as string) : kind === 'verify' ? childVerify(a as string) : childMatching();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
} else {
  main();
}
