/**
 * `npm run bench:api` — issue #8 item 4: how many list, search and public requests a server answers.
 *
 * For each database (PostgreSQL on BENCH_PG_URL, a database per size; the embedded database in a directory under the
 * system temp folder) and each size (`--sizes 20000,1000000`, default 20000): starts the real server as a child
 * process (`tsx server/main.ts`, demo data of that many entities — kept between runs, `--fresh` rebuilds it), logs in
 * as the 长春市双随机办 administrator, then loads each route with autocannon from this process: 20 keep-alive clients
 * (BENCH_CONNECTIONS) on 127.0.0.1 for BENCH_SECONDS (default 10) each. The first row of each run is a route that
 * touches no table (GET /api/auth/csrf without a session); the ratio column compares every route with it.
 * Prints a markdown table of this machine's figures; it asserts nothing.
 * Targets (2 cores): authenticated list pages ≥ 1,000 req/s at 20k and p99 ≤ 100 ms at 1M on PostgreSQL;
 * public routes ≥ 3,000 req/s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEMO_PASSWORD } from '../server/demo/load_demo';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SIZES = (arg('sizes') ?? process.env['BENCH_SIZES'] ?? '20000').split(',').map(Number);
const BACKENDS = (arg('db') ?? process.env['BENCH_DB'] ?? 'pg,pglite').split(',');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FRESH = process.argv.includes('--fresh');
const ACCOUNT = 'admin';

interface Route { readonly label: string; readonly path: string; readonly session: boolean }

const ROUTES: readonly Route[] = [
  { label: 'no table (baseline)', path: '/api/auth/csrf', session: false },
  { label: 'entity list', path: '/api/directory/entities?page=1&pageSize=20', session: true },
  { label: 'entity list, page 5', path: '/api/directory/entities?page=5&pageSize=20', session: true },
  { label: 'entity search (name, 2 chars)', path: `/api/directory/entities?page=1&pageSize=20&name=${encodeURIComponent('长春')}`, session: true },
  { label: 'entity search (code prefix)', path: '/api/directory/entities?page=1&pageSize=20&code=9122', session: true },
  { label: 'inspector list', path: '/api/directory/inspectors?page=1&pageSize=20', session: true },
  { label: 'public inspectors', path: '/api/public/inspectors?page=1&pageSize=20', session: false },
  { label: 'public inspector departments', path: '/api/public/inspector-departments', session: false },
  { label: 'public checklists', path: '/api/public/checklists?regionCode=220100', session: false },
];

interface Measured { route: Route; rps: number; p50: number; p99: number; errors: number; non2xx: number }

/** A port nobody listens on now (two runs at once must not meet on one port). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startServer(backend: string, size: number): Promise<{ child: ChildProcess; port: number; startSeconds: number }> {
  const port = await freePort();
  // Rate limits off (server/http/rate_limit.ts: 0 = no limit): 20 clients on one session would otherwise measure 429s.
  const limits = { RATE_LIMIT_ANONYMOUS_WRITES: '0', RATE_LIMIT_ANONYMOUS_READS: '0', RATE_LIMIT_SESSION_WRITES: '0', RATE_LIMIT_SESSION_READS: '0' };
  const env: NodeJS.ProcessEnv = { ...process.env, ...limits, PORT: String(port), HOST: '127.0.0.1', DEMO_ENTITIES: String(size), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  if (backend === 'pg') {
    const name = `suiji_bench_api_${size}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (exists && FRESH) await admin.query(`drop database ${name} with (force)`);
    if (!exists || FRESH) await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    env['DATABASE_URL'] = url.toString();
  } else {
    const dir = join(tmpdir(), `suiji-bench-api-${size}`);
    if (FRESH) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    env['DATA_DIR'] = dir;
    delete env['DATABASE_URL'];
  }
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const deadline = Date.now() + 3_600_000;
  while (!out.includes('已启动')) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error('server did not start within an hour');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port, startSeconds: (performance.now() - started) / 1000 };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** A session cookie of the demo administrator (csrf cookie first: the login is a state-changing request). */
async function login(base: string): Promise<string> {
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrfResponse.json() as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: `suiji_csrf=${csrfToken}` },
    body: JSON.stringify({ account: ACCOUNT, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const sid = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('suiji_sid='));
  if (!sid) throw new Error('login set no session cookie');
  return sid;
}

async function load(base: string, route: Route, cookie: string): Promise<Measured> {
  // One short warm-up (JIT, plans, caches), then the measured run.
  const headers: Record<string, string> = route.session ? { cookie } : {};
  const options = { url: `${base}${route.path}`, connections: CONNECTIONS, headers };
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: SECONDS });
  return { route, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

const lines: string[] = [];
const notes: string[] = [];
for (const backend of BACKENDS) {
  for (const size of SIZES) {
    const { child, port, startSeconds } = await startServer(backend, size);
    try {
      const base = `http://127.0.0.1:${port}`;
      const cookie = await login(base);
      notes.push(`${backend} ${size.toLocaleString('en')}: server ready in ${startSeconds.toFixed(0)} s`);
      let baseline = 0;
      for (const route of ROUTES) {
        const m = await load(base, route, cookie);
        if (baseline === 0) baseline = m.rps;
        const database = backend === 'pg' ? 'PostgreSQL' : 'embedded (PGlite)';
        const loadNow = loadavg()[0]?.toFixed(1) ?? '';
        lines.push(`| ${database} | ${size.toLocaleString('en')} | ${m.route.label} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.errors + m.non2xx} | ${(m.rps / baseline).toFixed(3)} | ${loadNow} |`);
        process.stderr.write(`${lines[lines.length - 1]}\n`);
      }
    } finally {
      await stopServer(child);
    }
  }
}

process.stdout.write([
  '',
  `API benchmark: ${CONNECTIONS} keep-alive clients, ${SECONDS} s per route after a 1 s warm-up, 127.0.0.1, as \`${ACCOUNT}\` (长春市双随机办, whole city).`,
  `Node ${process.version}, ${cpus().length} cores (server and load generator share them). ${notes.join('; ')}.`,
  '',
  '| database | entities | route | req/s | p50 ms | p99 ms | errors | ratio to no-table route | load (1 min) |',
  '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ...lines,
  '',
].join('\n'));
