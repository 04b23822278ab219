/**
 * `npm run bench:draw-e2e -- --sizes 1000000,10000000 --db pg,pglite [--threads 2] [--keep] [--match-max 30000]`:
 * a draw end to end on a real database (issue #9 item 12). Per database and size:
 * 1. a fresh database with the project's migrations (PostgreSQL: suiji_bench_draw_<n>, dropped after
 *    unless --keep; PGlite: a temporary directory) and N synthetic entities loaded with COPY — the
 *    plain COPY time is printed as the baseline;
 * 2. freeze: the eligible entities of the scope (存续, in 长春市, stratum = credit class) streamed in
 *    code byte order into a packed pool (bench/draw_e2e_db.ts), with fresh salts;
 * 3. commit: pool check, lots and Merkle root (bench/pool_commit_parallel.ts, --threads threads)
 *    and the commitment record; the floor is one SHA-256 over the pool's bytes;
 * 4. draw: `executeDraw` (suiji-draw/1: seed, tickets, 3% per stratum, reserve lists, receipt);
 * 5. match: inspectors for the drawn objects (domain/matching, the synthetic inspectors of
 *    bench/draw_matching_data.ts; at most --match-max objects: 2,000 inspectors cannot take more);
 * 6. persist: the drawn list (selected + reserve, with teams) with COPY into the bench's own table
 *    behind `DrawnListStore` (the real draw tables do not exist yet).
 * Prints wall and CPU time per phase and the peak RSS so far. CPU is this process's (PGlite runs
 * in a worker thread of it; PostgreSQL's own CPU is not included).
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { stratumSizes, type PreparedPool } from '../domain/draw/pool';
import { executeDraw, makeCommitment } from '../domain/draw/protocol';
import { matchInspectors } from '../domain/matching/match';
import { buildMatchingInstance, checkTeams } from './draw_matching_data';
import { benchDrawnListStore, ENTITY_COPY, entityCopyText, freezePool, openBenchDb, type BenchDb, type DrawnRow } from './draw_e2e_db';
import { KEYS } from './draw_pool_data';
import { CommitWorkers, type SharedPackedPool } from './pool_commit_parallel';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const SIZES = arg('--sizes', '1000000').split(',').map(Number);
const DBS = arg('--db', 'pg,pglite').split(',') as ('pg' | 'pglite')[];
const THREADS = Number(arg('--threads', '2'));
const MATCH_MAX = Number(arg('--match-max', '30000'));
const KEEP = process.argv.includes('--keep');

const PARAMS = { strata: KEYS.map((key) => ({ key, mode: 'ratio' as const, value: '3', rounding: 'ceil' as const, minPercent: '', reserve: '' })), minTotalPercent: '3' };
const SOURCES = [{ id: 'dice', kind: 'dice', description: '监督人员现场掷骰 8 次' }];
const VALUES = [{ id: 'dice', value: '3 1 4 1 5 2 6 5' }];

interface Phase {
  readonly phase: string;
  readonly wall: number;
  readonly cpu: number;
  readonly rss: number;
  readonly note: string;
}

async function timed<T>(phases: Phase[], phase: string, fn: () => Promise<T> | T, note: (v: T) => string = () => ''): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  phases.push({ phase, wall, cpu: (c.user + c.system) / 1000, rss: process.resourceUsage().maxRSS / 1024, note: note(value) });
  return value;
}

function floorHash(pool: SharedPackedPool): string {
  return createHash('sha256').update(pool.idBytes).update(pool.salts).update(new Uint8Array(pool.strata.buffer, pool.strata.byteOffset, pool.strata.byteLength)).digest('hex');
}

async function runOne(kind: 'pg' | 'pglite', n: number, workers: CommitWorkers): Promise<{ label: string; phases: Phase[] }> {
  const phases: Phase[] = [];
  const db: BenchDb = await timed(phases, 'create database + migrations', () => openBenchDb(kind, n, KEEP));
  try {
    await timed(phases, `load ${n.toLocaleString('en-US')} entities (plain COPY, baseline)`, () => db.copyIn(ENTITY_COPY, entityCopyText(n)), () => `${Math.round(n / 1000)}k rows`);
    if (kind === 'pg') await timed(phases, 'analyze (after load)', () => db.query('analyze market_entities'));
    const store = await benchDrawnListStore(db);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const pool = await timed(phases, 'freeze: stream eligible entities → packed pool', () => freezePool(db, KEYS), (p) => `${p.size.toLocaleString('en-US')} eligible`);
    const floor = await timed(phases, '  (floor: SHA-256 once over the pool bytes)', () => floorHash(pool), () => `${Math.round((pool.idBytes.length + pool.salts.length + 2 * pool.size) / 2 ** 20)} MB`);
    void floor;
    const floorMs = (phases[phases.length - 1] as Phase).wall;
    const committed = await timed(phases, `commit: check + lots + Merkle root (${THREADS} thread${THREADS > 1 ? 's' : ''})`, () => workers.commit(pool));
    (phases[phases.length - 1] as { note: string }).note = `${((phases[phases.length - 1] as Phase).wall / floorMs).toFixed(1)}× floor`;
    const secret = randomBytes(32);
    const sizes = stratumSizes(pool);
    const pc = { size: pool.size, root: committed.root, saltMode: 'salted' as const, stratumSizes: sizes };
    const commitment = await timed(phases, '  commitment record', () => makeCommitment({ taskId: `BENCH-${n}`, attempt: 1, committedAt: '2025-03-03T09:00:00+08:00', ruleVersions: {}, params: PARAMS, pool: pc, serverSecret: secret, randomness: SOURCES }));
    if (!commitment.ok) throw new Error(commitment.error.message);
    const prepared: PreparedPool = { ...pool, lots: committed.lots };
    const receipt = await timed(phases, 'draw: executeDraw (suiji-draw/1)', () => executeDraw(prepared, pc, commitment.value, VALUES, secret), (r) => (r.ok ? `${(r.value.result?.strata ?? []).reduce((s, x) => s + x.selected.length, 0).toLocaleString('en-US')} selected` : r.error.message));
    if (!receipt.ok) throw new Error(receipt.error.message);
    const strata = receipt.value.result?.strata ?? [];
    const drawn = strata.flatMap((s) => s.selected.map((e) => e.id));
    const matched = drawn.slice(0, MATCH_MAX);
    const teamOf = new Map<string, number>();
    await timed(phases, 'match: inspectors for the drawn objects', () => {
      const inst = buildMatchingInstance({ objects: matched.length, inspectors: 2_000, departments: 10, ids: matched });
      const r = matchInspectors(inst.objects, inst.inspectors, inst.rules, secret);
      if (!r.ok) throw new Error(r.error.message);
      const broken = checkTeams(inst.objects, inst.inspectors, inst.rules, r.value.teams);
      if (broken) throw new Error(broken);
      r.value.teams.forEach((t, i) => teamOf.set(t.objectId, i));
      return r.value.teams.length;
    }, (teams) => `${teams.toLocaleString('en-US')} teams${matched.length < drawn.length ? ` (first ${MATCH_MAX.toLocaleString('en-US')} of ${drawn.length.toLocaleString('en-US')})` : ''}`);
    const rows: DrawnRow[] = strata.flatMap((s) => [
      ...s.selected.map((e, rank) => ({ stratum: s.key, rank, entityCode: e.id, ticket: e.ticket, reserve: false, team: teamOf.get(e.id) ?? null })),
      ...s.reserveList.map((e, rank) => ({ stratum: s.key, rank, entityCode: e.id, ticket: e.ticket, reserve: true, team: null })),
    ]);
    await timed(phases, 'persist: drawn list (COPY)', () => store.persist(`BENCH-${n}`, rows), () => `${rows.length.toLocaleString('en-US')} rows`);
    const c = process.cpuUsage(c0);
    phases.push({ phase: 'total: freeze → persist', wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, rss: process.resourceUsage().maxRSS / 1024, note: '' });
    return { label: db.label, phases };
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  process.stdout.write(`suiji draw end to end — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  const workers = new CommitWorkers(Math.max(0, THREADS - 1));
  await workers.ready();
  try {
    for (const kind of DBS) {
      for (const n of SIZES) {
        process.stdout.write(`… ${kind} N = ${n.toLocaleString('en-US')}\n`);
        try {
          const { label, phases } = await runOne(kind, n, workers);
          process.stdout.write(`\n${label}, N = ${n.toLocaleString('en-US')} (load ${loadavg().map((x) => x.toFixed(2)).join(' ')}):\n\n| phase | wall ms | CPU ms | peak RSS MB | note |\n|---|---|---|---|---|\n`);
          for (const p of phases) process.stdout.write(`| ${p.phase} | ${Math.round(p.wall)} | ${Math.round(p.cpu)} | ${Math.round(p.rss)} | ${p.note} |\n`);
          process.stdout.write('\n');
        } catch (error) {
          process.stdout.write(`${kind} N = ${n}: failed — ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    }
  } finally {
    await workers.close();
  }
}

await main();
