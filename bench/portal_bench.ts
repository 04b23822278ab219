/**
 * `npm run bench:portal` — issue #11 item 6: the public lookups of published results (公示) under load.
 *
 *   npm run bench:portal -- [--db pg,pg+replica,pglite] [--entities 1000000] [--pglite-entities 100000]
 *                           [--duration 10] [--crowd-duration 60] [--fresh] [--loads code,name,pages,flood,crowd]
 *
 * For each target (PostgreSQL; PostgreSQL with its streaming replica on 5433, started with scripts/pg_replica.sh when
 * not running; the embedded database, smaller by default because loading it takes about ten times longer): N demo
 * entities (the server's first start), then N 已公示 results (bench/portal_world.ts), then the real server as a child
 * process and autocannon from this process against 127.0.0.1 only, every run bounded in time:
 * - the baseline: GET /api/auth/csrf (no session, no table) at 100 connections, so ratios mean something on a loaded machine;
 * - lookup by 统一社会信用代码 and by name (the entity's name as a keyword) at 100 connections, every request another of
 *   5,000 sampled entities (so the 10-second public cache answers few of them), and public result pages 1–500;
 * - a flood: 100 connections from ONE client address for 5 s; the per-client limit must answer 429;
 * - 500 clients for --crowd-duration seconds (default 60), code and name lookups alternating: errors = anything but 200
 *   (and 429), including autocannon's 10-second timeouts;
 * - all the while, one signed-in administrator reads the entity list page (GET /api/directory/entities?page=1&pageSize=20)
 *   in a loop: its p50/p99 under each load.
 * Before each run the server answers what the last one left queued (until a lookup takes under 2 s again).
 * Rate limits stay as configured (600 anonymous reads per 10 s per client): the server trusts X-Forwarded-For
 * (TRUST_PROXY=true, as behind the reverse proxy) and each autocannon connection sends its own address — one simulated
 * client per connection — so the limiter runs on every request without refusing a client that keeps under its limit.
 * Prints markdown tables and the load average; asserts nothing.
 */
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchTarget, PG_ADMIN } from './bench_target';
import { lookupSample, publishedCount, seedPortalResults, type LookupSample } from './portal_world';
import { login, startServer, stopServer, Tally, type Server } from './results_load';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const TARGETS = (arg('db') ?? 'pg,pg+replica,pglite').split(',');
const ENTITIES = Number(arg('entities') ?? 1_000_000);
const PGLITE_ENTITIES = Number(arg('pglite-entities') ?? Math.min(ENTITIES, 100_000));
const SECONDS = Number(arg('duration') ?? 10);
const CROWD_SECONDS = Number(arg('crowd-duration') ?? 60);
const FRESH = process.argv.includes('--fresh');
/** Which loads to run after the baseline (all by default): code, name, pages, flood, crowd. */
const LOADS = arg('loads')?.split(',') ?? null;

interface Load {
  readonly key: string;
  readonly label: string;
  readonly connections: number;
  readonly seconds: number;
  readonly paths: (k: number) => string;
  /** All connections as one client address (the flood). */
  readonly oneClient?: boolean;
}

interface Measured { rps: number; p50: number; p99: number; ok: number; limited: number; errors: number; probe: Tally }

/** autocannon with a path per request and an X-Forwarded-For per connection, while `probe` reads the list page. */
async function measure(base: string, cookie: string, load: Load): Promise<Measured> {
  let clients = 0;
  let k = 0;
  const probe = new Tally();
  let running = true;
  const probing = (async () => {
    while (running) await probe.time(() => fetch(`${base}/api/directory/entities?page=1&pageSize=20`, { headers: { cookie } }), (r) => r.arrayBuffer());
  })();
  const result = await autocannon({
    url: base, connections: load.connections, duration: load.seconds,
    requests: [{
      setupRequest: (request, context) => {
        // Addresses of the benchmarking range 198.18.0.0/15 (RFC 2544), in a header only: every packet goes to 127.0.0.1.
        context['ip'] ??= load.oneClient ? '198.19.0.1' : `198.18.${Math.floor(clients / 250)}.${(clients++ % 250) + 1}`;
        return { ...request, method: 'GET', path: load.paths(k++), headers: { ...request.headers, 'x-forwarded-for': String(context['ip']) } };
      },
    }],
  });
  running = false;
  await probing;
  const codes = result.statusCodeStats ?? {};
  const ok = codes['200']?.count ?? 0;
  const limited = codes['429']?.count ?? 0;
  const total = Object.values(codes).reduce((s, c) => s + c.count, 0);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok, limited, errors: total - ok - limited + result.errors + result.timeouts, probe };
}

const q = (s: string) => encodeURIComponent(s);

async function timed(call: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  await (await call()).arrayBuffer();
  return performance.now() - t0;
}
const pick = (list: readonly string[], k: number) => list[k % list.length] ?? '';

function loads(sample: LookupSample): Load[] {
  const byCode = (k: number) => `/api/public/results?creditCode=${q(pick(sample.codes, k))}`;
  const byName = (k: number) => `/api/public/results?keyword=${q(pick(sample.names, k * 7))}`;
  return [
    { key: 'baseline', label: 'baseline: GET /api/auth/csrf (no table)', connections: 100, seconds: SECONDS, paths: () => '/api/auth/csrf' },
    { key: 'code', label: 'public results by 统一社会信用代码', connections: 100, seconds: SECONDS, paths: byCode },
    { key: 'name', label: 'public results by name', connections: 100, seconds: SECONDS, paths: byName },
    { key: 'pages', label: 'public results, pages 1–500 (no filter)', connections: 100, seconds: SECONDS, paths: (k) => `/api/public/results?page=${1 + (k * 37) % 500}&pageSize=20` },
    { key: 'flood', label: 'flood: 100 connections from one client address (5 s)', connections: 100, seconds: 5, paths: byCode, oneClient: true },
    { key: 'crowd', label: `500 clients, code and name alternating (${CROWD_SECONDS} s)`, connections: 500, seconds: CROWD_SECONDS, paths: (k) => (k % 2 === 0 ? byCode(k) : byName(k)) },
  ];
}

/** Starts the replica when it is not running (root or postgres); waits until it has replayed the primary. */
async function replicaReady(pgName: string): Promise<string> {
  const base = execFileSync('bash', ['scripts/pg_replica.sh', 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const url = new URL(base);
  url.pathname = `/${pgName}`;
  const primary = new pg.Client({ connectionString: PG_ADMIN });
  const replica = new pg.Client({ connectionString: url.toString() });
  await primary.connect();
  await replica.connect();
  try {
    const lsn = (await primary.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]?.l ?? '0/0';
    for (let i = 0; i < 600; i++) {
      const caught = (await replica.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])).rows[0]?.ok;
      if (caught) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await primary.end();
    await replica.end();
  }
  return url.toString();
}

/** Transactions the replica's database committed so far (to show the public reads went there). */
async function replicaCommits(url: string | null): Promise<number | null> {
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    return Number((await client.query<{ n: string }>('select xact_commit::text as n from pg_stat_database where datname = $1', [name])).rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

const lines: string[] = [];
const notes: string[] = [];
const f0 = (n: number) => n.toFixed(0);

for (const target of TARGETS) {
  const backend = target === 'pglite' ? 'pglite' : 'pg';
  const n = backend === 'pglite' ? PGLITE_ENTITIES : ENTITIES;
  const { env, open, label: dbLabel, pgName } = await benchTarget(backend, `portal_${n}`, FRESH && target !== 'pg+replica', { DEMO_ENTITIES: String(n), TRUST_PROXY: 'true' });
  const label = target === 'pg+replica' ? `${dbLabel} + replica` : dbLabel;
  const t0 = performance.now();
  await stopServer(await startServer(env));
  const database = await open();
  const added = await seedPortalResults(database.db, n);
  const sample = await lookupSample(database.db, 5000);
  const published = await publishedCount(database.db);
  await database.close();
  notes.push(`${label}: ${n.toLocaleString('en')} entities, ${published.toLocaleString('en')} published results (${added.toLocaleString('en')} added), ready in ${f0((performance.now() - t0) / 1000)} s`);
  const replicaUrl = target === 'pg+replica' && pgName ? await replicaReady(pgName) : null;
  const server: Server = await startServer(replicaUrl ? { ...env, DATABASE_REPLICA_URL: replicaUrl } : env, true);
  try {
    const { cookie } = await login(server.base, 'admin');
    let baseline = 0;
    for (const load of loads(sample).filter((l) => l.key === 'baseline' || !LOADS || LOADS.includes(l.key))) {
      // Whatever the last run left queued is answered first (a 1 s warm-up on the no-table route, then until it is fast).
      await autocannon({ url: `${server.base}/api/auth/csrf`, connections: 10, duration: 1 });
      for (let i = 0; i < 60 && (await timed(() => fetch(`${server.base}/api/public/results?creditCode=DRAIN${i}`))) > 2000; i++) await new Promise((r) => setTimeout(r, 1000));
      const before = await replicaCommits(replicaUrl);
      const m = await measure(server.base, cookie, load);
      const after = await replicaCommits(replicaUrl);
      if (baseline === 0) baseline = m.rps;
      const onReplica = before !== null && after !== null ? ` (replica committed ${(after - before).toLocaleString('en')} transactions)` : '';
      lines.push(`| ${label} | ${n.toLocaleString('en')} | ${load.label}${onReplica} | ${load.connections} | ${f0(m.rps)} | ${m.p50} | ${m.p99} | ${m.ok} | ${m.limited} | ${m.errors} | ${(m.rps / baseline).toFixed(3)} | ${m.probe.quantile(0.5).toFixed(0)} / ${m.probe.quantile(0.99).toFixed(0)} (${m.probe.ms.length}) |`);
      process.stderr.write(`${lines[lines.length - 1]}\n`);
    }
  } finally {
    await stopServer(server);
  }
}

process.stdout.write([
  '',
  `Portal benchmark (${new Date().toISOString().slice(0, 16)}Z): autocannon on 127.0.0.1, ${SECONDS} s per run after a 1 s warm-up, every request another of 5,000 sampled entities;`,
  `the list probe is one signed-in administrator reading GET /api/directory/entities?page=1&pageSize=20 in a loop during the run (from the same process as autocannon).`,
  `Node ${process.version}, ${cpus().length} cores shared by the server, the database and the load generator (and other users of this machine); load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
  `${notes.join('; ')}.`,
  '',
  '| database | results | load | connections | req/s | p50 ms | p99 ms | 200 | 429 | errors | ratio to baseline | list page p50 / p99 ms (requests) |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...lines,
  '',
].join('\n'));
