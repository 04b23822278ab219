/**
 * `npm run bench:results` — issue #10 item 11: results entered from the field and published in a batch.
 *
 * For each database (PostgreSQL: database `suiji_bench_results` on BENCH_PG_URL; embedded: a directory under the
 * system temp folder; both kept between runs, `--fresh` rebuilds them; `--db pg` or `--db pglite` runs one):
 * 1. the first time, starts the server once so it migrates and loads the demo organisation (DEMO_ENTITIES=2000);
 * 2. with the server stopped, writes the bench data by SQL (bench/results_world.ts: 200 inspector accounts linked to
 *    inspectors, a dispatched task where each leads the teams of its own objects, and a 30,000-object task whose
 *    results are all 已通过), and times the baseline of (b): one plain UPDATE of those 30,000 rows;
 * 3. starts the real server (`tsx server/main.ts`, rate limits off) and logs everyone in;
 * (a) baseline: GET /api/auth/csrf (no session, no table) from as many loops as inspectors for min(10, duration) s;
 *     one inspector alone for 3 s (the unloaded latency); then BENCH_INSPECTORS (200) inspectors, each in its own loop for BENCH_SECONDS (60; `--seconds 10` for a
 *     quick run): upload a photo (BENCH_PHOTO_KB, 64 KB JPEG), submit the result; some uploads and submissions are
 *     sent again with the same clientId (bench/results_load.ts). Afterwards the server is stopped and the rows are
 *     counted: every clientId answered 200 must be stored exactly once, nothing else stored;
 * (b) two tasks of 30,000 approved results each, as 部门负责人: one published through POST /api/inspection/results/publish
 *     in chunks of 5,000 ids (the route's limit per request), one after the other; the other through
 *     POST /api/inspection/tasks/:id/results/publish, one request for the whole task; target ≤ 10 s. The server
 *     process's CPU time for each (from /proc) is printed beside the wall time. `--publish-only` skips (a).
 * (c) the archive of a 1,000-object task (issue #10 item 8) has its own bench: `npm run bench:archive`.
 * Prints markdown tables of this machine's figures with a ratio column against the same run's baseline; it asserts
 * nothing.
 */
import { cpus, loadavg } from 'node:os';
import { baselineLoad, inspectorLoad, login, processUsage, publishBatches, publishTask, startServer, stopServer, Tally, type InspectorRun, type Session } from './results_load';
import pg from 'pg';
import { benchTarget, PG_ADMIN } from './bench_target';
import { entryWorld, hasDemo, inspectorAccount, plainUpdate, publishWorld, REVIEWER, stored } from './results_world';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const BACKENDS = (arg('db') ?? process.env['BENCH_DB'] ?? 'pg,pglite').split(',');
const SECONDS = Number(arg('seconds') ?? process.env['BENCH_SECONDS'] ?? 60);
const INSPECTORS = Number(process.env['BENCH_INSPECTORS'] ?? 200);
const PER_INSPECTOR = Number(process.env['BENCH_OBJECTS_PER_INSPECTOR'] ?? 150);
const PUBLISH_OBJECTS = Number(process.env['BENCH_PUBLISH_OBJECTS'] ?? 30_000);
const PHOTO_KB = Number(process.env['BENCH_PHOTO_KB'] ?? 64);
const PUBLISH_CHUNK = 5000;
const FRESH = process.argv.includes('--fresh');
/** `--publish-only`: part (b) alone (no inspectors' load), for a quick look at the publication. */
const ENTRY = !process.argv.includes('--publish-only');

/** A JPEG of `kb` kilobytes (its first bytes are what the type detection reads). */
function photo(kb: number): Buffer {
  const out = Buffer.alloc(kb * 1024, 0x5a);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(out);
  return out;
}

const f0 = (n: number) => n.toFixed(0);
const loadRows: string[] = [];
const countRows: string[] = [];
const publishRows: string[] = [];
const notes: string[] = [];

/** CPU (ms) used so far by each PostgreSQL backend serving the bench database (same machine, /proc); empty for PGlite. */
async function databaseCpu(pgName: string | null): Promise<Map<number, number>> {
  if (pgName === null) return new Map();
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  try {
    const pids = (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [pgName])).rows.map((r) => r.pid);
    return new Map(pids.map((pid) => [pid, processUsage(pid).cpuMs]));
  } finally {
    await admin.end();
  }
}

/**
 * The backends' CPU between two snapshots: a backend present at the end counts from its first snapshot (or from 0 if it
 * started since). One that ended in between is not seen at the end, so its share is missing: a lower bound, never the
 * negative sum a plain difference of totals gave when a pooled connection was replaced.
 */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, cpu] of after) ms += Math.max(0, cpu - (before.get(pid) ?? 0));
  return ms;
}

function loadRow(db: string, label: string, t: Tally, seconds: number, baseline: Tally | null, baselineSeconds: number): string {
  const rps = t.ms.length / seconds;
  const ratio = baseline ? `${(rps / (baseline.ms.length / baselineSeconds)).toFixed(3)} | ${(t.quantile(0.5) / baseline.quantile(0.5)).toFixed(1)}` : '1 | 1';
  return `| ${db} | ${label} | ${t.ms.length} | ${f0(rps)} | ${t.quantile(0.5).toFixed(1)} | ${t.quantile(0.99).toFixed(1)} | ${t.errors} | ${ratio} |`;
}

for (const backend of BACKENDS) {
  const { env, open, label, pgName } = await benchTarget(backend, 'results', FRESH, { DEMO_ENTITIES: '2000' });
  let database = await open();
  if (!(await hasDemo(database.db))) {
    await database.close();
    const t0 = performance.now();
    await stopServer(await startServer(env));
    notes.push(`${label}: demo loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    database = await open();
  }
  const setup0 = performance.now();
  const world = await entryWorld(database.db, INSPECTORS, PER_INSPECTOR, PUBLISH_OBJECTS);
  // Two tasks of the same size: one published by ids in chunks, one by the task-level request.
  const publish = await publishWorld(database.db, PUBLISH_OBJECTS);
  const whole = await publishWorld(database.db, PUBLISH_OBJECTS);
  const update = await plainUpdate(database.db, publish.taskId);
  notes.push(`${label}: bench data ready in ${((performance.now() - setup0) / 1000).toFixed(1)} s`);
  await database.close();

  const server = await startServer(env);
  let run: InspectorRun | null = null;
  let batches: { ms: number[]; errors: string[] };
  let batchCpu: number;
  let task: { ms: number; error: string | null };
  let taskCpu: number;
  let batchDbCpu: number;
  let taskDbCpu: number;
  let peakMb: number;
  try {
    const sessions = new Map<string, Session>();
    const accounts = Array.from({ length: INSPECTORS }, (_, k) => inspectorAccount(k + 1));
    for (let i = 0; i < accounts.length; i += 8) {
      await Promise.all(accounts.slice(i, i + 8).map(async (a) => { sessions.set(a, await login(server.base, a)); }));
    }
    if (ENTRY) {
    const { tally: baseline, seconds: baseSeconds } = await baselineLoad(server.base, INSPECTORS, Math.min(10, SECONDS));
    loadRows.push(loadRow(label, 'GET /api/auth/csrf (no table, baseline)', baseline, baseSeconds, null, baseSeconds));
    const input = { checkDate: world.checkDate, itemIds: world.itemIds, photo: photo(PHOTO_KB) };
    // One inspector alone first (3 s on the last 20 objects of the first account): the unloaded latency.
    const probeAccount = accounts[0] ?? '';
    const own = world.objectsOf.get(probeAccount) ?? [];
    const probe = await inspectorLoad(server.base, new Map([[probeAccount, sessions.get(probeAccount) as Session]]), new Map([[probeAccount, own.slice(-20)]]), input, 3);
    loadRows.push(loadRow(label, 'one inspector alone: result submission', probe.submit, probe.seconds, baseline, baseSeconds));
    run = await inspectorLoad(server.base, sessions, new Map([...world.objectsOf, [probeAccount, own.slice(0, -20)]]), input, SECONDS);
    for (const id of probe.submitted) run.submitted.add(id);
    for (const id of probe.photos) run.photos.add(id);
    for (const [name, t] of [['photo upload', run.photo], ['photo upload, same clientId again', run.photoRetry], ['result submission', run.submit], ['result submission, same clientId again', run.submitRetry]] as const) {
      loadRows.push(loadRow(label, name, t, run.seconds, baseline, baseSeconds));
      if (t.firstError) notes.push(`${label} ${name}: first error ${t.firstError}`);
    }
    const merged = new Tally();
    for (const t of [run.photo, run.photoRetry, run.submit, run.submitRetry]) {
      merged.ms.push(...t.ms);
      merged.errors += t.errors;
    }
    loadRows.push(loadRow(label, 'all requests of the inspectors', merged, run.seconds, baseline, baseSeconds));
    notes.push(`${label}: the inspectors' load ran ${run.seconds.toFixed(1)} s (answers to requests sent before the end included)`);
    if (run.exhausted > 0) notes.push(`${label}: ${run.exhausted} inspectors ran out of objects (raise BENCH_OBJECTS_PER_INSPECTOR)`);
    }
    const reviewer = await login(server.base, REVIEWER);
    const cpu0 = processUsage(server.child.pid).cpuMs;
    const db0 = await databaseCpu(pgName);
    batches = await publishBatches(server.base, reviewer, publish.resultIds, PUBLISH_CHUNK);
    const cpu1 = processUsage(server.child.pid).cpuMs;
    const db1 = await databaseCpu(pgName);
    task = await publishTask(server.base, reviewer, whole.taskId, whole.resultIds.length);
    const usage = processUsage(server.child.pid);
    const db2 = await databaseCpu(pgName);
    [batchCpu, taskCpu, peakMb] = [cpu1 - cpu0, usage.cpuMs - cpu1, usage.peakMb];
    [batchDbCpu, taskDbCpu] = [cpuBetween(db0, db1), cpuBetween(db1, db2)];
  } finally {
    await stopServer(server);
  }

  database = await open();
  const after = await stored(database.db, world.entryTaskId, publish.taskId);
  const wholeAfter = await stored(database.db, world.entryTaskId, whole.taskId);
  await database.close();
  if (run) {
    const done = run;
    const lost = [...done.submitted].filter((id) => !after.submitIds.has(id)).length;
    const extra = [...after.submitIds].filter((id) => !done.submitted.has(id)).length;
    const lostPhotos = [...done.photos].filter((id) => !after.attachmentIds.has(id)).length;
    const extraPhotos = [...after.attachmentIds].filter((id) => !done.photos.has(id)).length;
    countRows.push(`| ${label} | results | ${done.submitted.size} | ${after.resultRows} | ${after.objects} | ${lost} | ${extra + after.resultRows - after.submitIds.size} | ${done.mismatches} |`);
    countRows.push(`| ${label} | photos | ${done.photos.size} | ${after.attachmentRows} | ${after.attachmentIds.size} | ${lostPhotos} | ${extraPhotos + after.attachmentRows - after.attachmentIds.size} | – |`);
  }
  const total = batches.ms.reduce((a, b) => a + b, 0);
  const n = PUBLISH_OBJECTS.toLocaleString('en');
  publishRows.push(`| ${label} | plain UPDATE of ${update.rows.toLocaleString('en')} rows, one statement (baseline) | 1 | ${f0(update.ms)} | – | – | – | 1 |`);
  publishRows.push(`| ${label} | POST /api/inspection/results/publish (by ids), ${n} results | ${batches.ms.length} × ${PUBLISH_CHUNK.toLocaleString('en')} | ${f0(total)} | ${f0(batchCpu)} | ${backend === 'pg' ? f0(batchDbCpu) : 'in the server'} | ${after.published.toLocaleString('en')} | ${(total / update.ms).toFixed(1)} |`);
  publishRows.push(`| ${label} | POST /api/inspection/tasks/:id/results/publish (the whole task), ${n} results | 1 | ${f0(task.ms)} | ${f0(taskCpu)} | ${backend === 'pg' ? f0(taskDbCpu) : 'in the server'} | ${wholeAfter.published.toLocaleString('en')} | ${(task.ms / update.ms).toFixed(1)} |`);
  if (task.error) notes.push(`${label} task publication error: ${task.error}`);
  notes.push(`${label}: server process peak RSS ${f0(peakMb)} MB (VmHWM, the whole run)`);
  notes.push(`${label}: publication chunks ${batches.ms.map(f0).join(', ')} ms`);
}

process.stdout.write([
  '',
  `Results benchmark: ${INSPECTORS} inspectors, ${SECONDS} s, ${PHOTO_KB} KB photo per object, 127.0.0.1. Node ${process.version}, ${cpus().length} cores (server and load generator share them;`,
  `load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}). Closed loop without think time: latency ≈ concurrent clients ÷ throughput.`,
  '',
  '(a) Field entry — ratio columns: req/s ÷ baseline req/s, and p50 ÷ baseline p50',
  '',
  '| database | request | count | req/s | p50 ms | p99 ms | errors | req/s ratio | p50 ratio |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...loadRows,
  '',
  '(a) Counted afterwards in the database (entry task): answered 200 = distinct clientIds the server acknowledged',
  '',
  '| database | what | answered 200 | rows | distinct objects | lost | duplicated or unknown | retry answered another id |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...countRows,
  '',
  `(b) Publishing a ${PUBLISH_OBJECTS.toLocaleString('en')}-object task (target ≤ 10 s) — ratio: time ÷ baseline time`,
  '',
  '| database | operation | requests | ms | server CPU ms | PostgreSQL backends CPU ms | rows 已公示 after | time ratio |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...publishRows,
  '',
  '(c) Archive of a 1,000-object task: `npm run bench:archive` (its own table).',
  '',
  ...notes.map((n) => `- ${n}`),
  '',
].join('\n'));
