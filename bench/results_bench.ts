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
 * (b) the 30,000 approved results published through POST /api/inspection/results/publish, as 部门负责人, in chunks
 *     of 5,000 ids (the route's limit per request), one after the other; target ≤ 10 s in all.
 * (c) the archive of a 1,000-object task (issue #10 item 8) has its own bench: `npm run bench:archive`.
 * Prints markdown tables of this machine's figures with a ratio column against the same run's baseline; it asserts
 * nothing.
 */
import { cpus, loadavg } from 'node:os';
import { baselineLoad, inspectorLoad, login, publishBatches, startServer, stopServer, Tally, type InspectorRun, type Session } from './results_load';
import { benchTarget } from './bench_target';
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

function loadRow(db: string, label: string, t: Tally, seconds: number, baseline: Tally | null, baselineSeconds: number): string {
  const rps = t.ms.length / seconds;
  const ratio = baseline ? `${(rps / (baseline.ms.length / baselineSeconds)).toFixed(3)} | ${(t.quantile(0.5) / baseline.quantile(0.5)).toFixed(1)}` : '1 | 1';
  return `| ${db} | ${label} | ${t.ms.length} | ${f0(rps)} | ${t.quantile(0.5).toFixed(1)} | ${t.quantile(0.99).toFixed(1)} | ${t.errors} | ${ratio} |`;
}

for (const backend of BACKENDS) {
  const { env, open, label } = await benchTarget(backend, 'results', FRESH, { DEMO_ENTITIES: '2000' });
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
  const publish = await publishWorld(database.db, PUBLISH_OBJECTS);
  const update = await plainUpdate(database.db, publish.taskId);
  notes.push(`${label}: bench data ready in ${((performance.now() - setup0) / 1000).toFixed(1)} s`);
  await database.close();

  const server = await startServer(env);
  let run: InspectorRun;
  let batches: { ms: number[]; errors: string[] };
  try {
    const sessions = new Map<string, Session>();
    const accounts = Array.from({ length: INSPECTORS }, (_, k) => inspectorAccount(k + 1));
    for (let i = 0; i < accounts.length; i += 8) {
      await Promise.all(accounts.slice(i, i + 8).map(async (a) => { sessions.set(a, await login(server.base, a)); }));
    }
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
    const reviewer = await login(server.base, REVIEWER);
    batches = await publishBatches(server.base, reviewer, publish.resultIds, PUBLISH_CHUNK);
  } finally {
    await stopServer(server);
  }

  database = await open();
  const after = await stored(database.db, world.entryTaskId, publish.taskId);
  await database.close();
  const lost = [...run.submitted].filter((id) => !after.submitIds.has(id)).length;
  const extra = [...after.submitIds].filter((id) => !run.submitted.has(id)).length;
  const lostPhotos = [...run.photos].filter((id) => !after.attachmentIds.has(id)).length;
  const extraPhotos = [...after.attachmentIds].filter((id) => !run.photos.has(id)).length;
  countRows.push(`| ${label} | results | ${run.submitted.size} | ${after.resultRows} | ${after.objects} | ${lost} | ${extra + after.resultRows - after.submitIds.size} | ${run.mismatches} |`);
  countRows.push(`| ${label} | photos | ${run.photos.size} | ${after.attachmentRows} | ${after.attachmentIds.size} | ${lostPhotos} | ${extraPhotos + after.attachmentRows - after.attachmentIds.size} | – |`);
  const total = batches.ms.reduce((a, b) => a + b, 0);
  publishRows.push(`| ${label} | plain UPDATE of ${update.rows.toLocaleString('en')} rows, one statement (baseline) | 1 | ${f0(update.ms)} | – | 1 |`);
  publishRows.push(`| ${label} | POST /api/inspection/results/publish, ${PUBLISH_OBJECTS.toLocaleString('en')} results | ${batches.ms.length} × ${PUBLISH_CHUNK.toLocaleString('en')} | ${f0(total)} | ${after.published.toLocaleString('en')} | ${(total / update.ms).toFixed(1)} |`);
  if (batches.errors.length > 0) notes.push(`${label} publication errors: ${batches.errors.join('; ')}`);
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
  '| database | operation | requests | ms | rows 已公示 after | time ratio |',
  '|---|---|---:|---:|---:|---:|',
  ...publishRows,
  '',
  '(c) Archive of a 1,000-object task: not measured (the archive, issue #10 item 8, is not built yet).',
  '',
  ...notes.map((n) => `- ${n}`),
  '',
].join('\n'));
