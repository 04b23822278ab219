/**
 * `npm run bench:simulate` — issue #9 item 3: how long the plan simulator takes on the demo directory.
 *
 * For each database (`--db pg,pglite`, default pg: a database `suiji_bench_simulate_<size>` on BENCH_PG_URL, kept
 * between runs; the embedded one in a folder under the system temp directory) and each size (`--sizes 20000,1000000`,
 * default 20000): loads the demo data of that many entities once, then runs a three-task plan of 长春市 (an untargeted
 * task stratified by credit class, a targeted one by industry, one by 经营范围 keyword with an expertise requirement)
 * through the same function the API calls, one warm-up and BENCH_RUNS (default 5) timed runs. Prints a markdown
 * table of this machine's figures; it asserts nothing.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { allRegions } from '../domain/codes/regions';
import { ensureBuiltinRoles, ensureRegions } from '../server/bootstrap';
import { openDatabase, type Database } from '../server/db/database';
import { departments, marketEntities } from '../server/db/schema';
import { loadDemoData } from '../server/demo/load_demo';
import { runSimulation } from '../server/modules/plan_simulation/run';
import { SimulationBody } from '../server/modules/plan_simulation/schema';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SIZES = (arg('sizes') ?? process.env['BENCH_SIZES'] ?? '20000').split(',').map(Number);
const BACKENDS = (arg('db') ?? process.env['BENCH_DB'] ?? 'pg').split(',');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function open(backend: string, size: number): Promise<Database> {
  if (backend === 'pglite') {
    const dir = join(tmpdir(), `suiji-bench-simulate-${size}`);
    mkdirSync(dir, { recursive: true });
    return openDatabase({ kind: 'pglite', dataDir: dir });
  }
  const name = `suiji_bench_simulate_${size}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount !== 1) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
}

const stratum = (key: string, value: string) => ({ key, mode: 'ratio' as const, value, rounding: 'half_up' as const, minPercent: '', reserve: '' });

async function planBody(database: Database) {
  const rows = await database.db.select({ id: departments.id, type: departments.type }).from(departments)
    .where(and(eq(departments.regionCode, '220100'), inArray(departments.type, ['market_regulation', 'health', 'ecology_environment'])));
  const of = (type: string) => rows.find((r) => r.type === type)?.id ?? '';
  const untargeted = { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] };
  const common = { items: [], methods: ['实地核查'], windowStart: '2026-04-01', windowEnd: '2026-11-30' };
  return SimulationBody.parse({
    regionCode: '220100', year: 2026,
    tasks: [
      { ...common, key: 'T1', name: '市场主体信用分类抽查', departmentIds: [of('market_regulation')], targeting: untargeted, stratifyBy: 'credit_class', frequency: 1,
        strata: [stratum('A', '3'), stratum('B', '5'), stratum('C', '10'), stratum('D', '20'), stratum('unrated', '5')] },
      { ...common, key: 'T2', name: '批发零售业联合抽查', departmentIds: [of('market_regulation'), of('ecology_environment')], stratifyBy: 'none', frequency: 2,
        targeting: { ...untargeted, mode: 'targeted', industryCodes: ['51', '52'] }, strata: [stratum('all', '5')] },
      { ...common, key: 'T3', name: '食品经营专项抽查', departmentIds: [of('market_regulation'), of('health')], stratifyBy: 'credit_class', frequency: 1,
        targeting: { ...untargeted, mode: 'targeted', scopeKeywords: ['食品'] }, requiredExpertise: [{ departmentId: of('health'), expertise: '食品安全' }],
        strata: [stratum('A', '5'), stratum('B', '10'), stratum('C', '20'), stratum('D', '50'), stratum('unrated', '10')] },
    ],
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const lines = ['| database | entities | pool (3 tasks) | objects / year | warnings | counts p50 (ms) | whole run p50 (ms) | max (ms) |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const backend of BACKENDS) {
    for (const size of SIZES) {
      const database = await open(backend, size);
      try {
        const started = performance.now();
        const LEVELS = { province: 1, prefecture: 2, county: 3 } as const;
        await ensureRegions(database.db, allRegions().map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: LEVELS[r.level] })));
        await ensureBuiltinRoles(database.db);
        const loaded = await loadDemoData(database.db, { seed: 'suiji-demo', entities: size, production: false });
        // What autovacuum does on a live server: without statistics the planner takes a 1M-row table for 10 rows and sorts on disk.
        await database.db.execute(sql`analyze market_entities`);
        const [n] = await database.db.select({ n: count() }).from(marketEntities);
        process.stderr.write(`${backend} ${size}: demo data ${loaded.loaded ? `loaded in ${((performance.now() - started) / 1000).toFixed(1)} s` : 'already there'} (${n?.n ?? 0} entities)\n`);
        const body = await planBody(database);
        const now = new Date('2026-03-01T02:00:00Z');
        await runSimulation(database.db, { kind: 'all' }, body, now, null);
        const counts: number[] = [];
        const totals: number[] = [];
        let last = null;
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          last = await runSimulation(database.db, { kind: 'all' }, body, now, null);
          totals.push(performance.now() - t0);
          counts.push(last.elapsedMs);
        }
        lines.push(`| ${backend} | ${size.toLocaleString('en')} | ${last?.totals.poolSize ?? 0} | ${last?.totals.objectsPerYear ?? 0} | ${last?.warnings.length ?? 0} | ${median(counts).toFixed(0)} | ${median(totals).toFixed(0)} | ${Math.max(...totals).toFixed(0)} |`);
      } finally {
        await database.close();
      }
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
