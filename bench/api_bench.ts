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
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { benchTarget } from './bench_target';
import { login, startServer, stopServer } from './results_load';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SIZES = (arg('sizes') ?? process.env['BENCH_SIZES'] ?? '20000').split(',').map(Number);
const BACKENDS = (arg('db') ?? process.env['BENCH_DB'] ?? 'pg,pglite').split(',');
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
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
    const { env } = await benchTarget(backend, `api_${size}`, FRESH, { DEMO_ENTITIES: String(size) });
    const started = performance.now();
    // Rate limits off (server/http/rate_limit.ts: 0 = no limit): 20 clients on one session would otherwise measure 429s.
    const server = await startServer(env);
    const startSeconds = (performance.now() - started) / 1000;
    try {
      const base = server.base;
      const { cookie } = await login(base, ACCOUNT);
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
      await stopServer(server);
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
