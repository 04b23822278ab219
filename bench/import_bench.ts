/**
 * `npm run bench:import` — issue #4: a million-entity import and directory search at a million rows.
 *
 * 1. Streams a CSV of BENCH_ROWS (default 1,000,000) demo entities (domain/demo iterator) to a temporary file.
 * 2. For PostgreSQL (a fresh database on BENCH_PG_URL, default 127.0.0.1:5432) and the embedded database (a temporary
 *    directory): starts the real server, uploads the file through POST /api/directory/entities/import (all_or_nothing),
 *    polls the job, and times upload, validation + staging, and the one-transaction apply.
 * 3. Runs a set of directory searches as the 长春市双随机办 (two-character names, pinyin initials, code prefix,
 *    region + industry, …) through GET /api/directory/entities and reports p50/p95.
 * 4. Imports the same file again: the weekly update, an upsert into the full directory.
 * Prints tables of this machine's figures; it asserts nothing. Targets: import ≤ 30 s on PostgreSQL, ≤ 120 s embedded;
 * search p95 ≤ 200 ms. BENCH_DB=pg or BENCH_DB=pglite runs one of the two.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { allRegions } from '../domain/codes/regions';
import { departmentKey } from '../domain/demo/departments';
import { iterateDemoEntities } from '../domain/demo/entities';
import { generateDemoData } from '../domain/demo/generate';
import { CHANGCHUN_CODE } from '../domain/demo/places';
import { ENTITY_STATUSES, ENTITY_TYPES } from '../domain/directory/entity';
import { nameInitials } from '../domain/directory/name_initials';
import { ensureBuiltinRoles, ensureRegions } from '../server/bootstrap';
import { openDatabase, type Database } from '../server/db/database';
import { desc, sql } from 'drizzle-orm';
import { departments, operationLog, userRoles, users } from '../server/db/schema';
import { buildApp } from '../server/http/app';
import { hashPassword } from '../server/modules/auth/password';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const BACKENDS = (process.env['BENCH_DB'] ?? 'pg,pglite').split(',');
const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 'bench-import';
const PASSWORD = 'Bench2026pass';
const RUNS = 7;

let peakRss = 0;
const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const demo = generateDemoData({ seed: SEED, entities: 0 });
const ownerName = new Map(demo.departments.map((d) => [d.key, d.name]));

async function writeCsv(path: string): Promise<{ ms: number; bytes: number; samples: { name: string; code: string }[] }> {
  const started = performance.now();
  const out = createWriteStream(path);
  const samples: { name: string; code: string }[] = [];
  const header = '统一社会信用代码/注册号,名称,主体类型,行政区划代码,行业代码,登记状态,法定代表人/负责人,住所/经营场所,成立日期,登记机关,列入经营异常名录,列入严重违法失信名单,信用风险分类,投诉举报次数';
  let buffer = `${header}\r\n`;
  let i = 0;
  for (const e of iterateDemoEntities({ seed: SEED, count: ROWS })) {
    const owner = ownerName.get(departmentKey(e.regionCode, 'market_regulation')) ?? ownerName.get(departmentKey(CHANGCHUN_CODE, 'market_regulation')) ?? '';
    buffer += [e.uscc, e.name, ENTITY_TYPES[e.entityType], e.regionCode, e.industryCode, ENTITY_STATUSES[e.status], e.legalRepresentative, e.address,
      e.registeredOn, owner, e.onAbnormalList ? '是' : '否', e.onSeriousViolationList ? '是' : '否', e.creditClass, String(e.complaintCount)].map(csvField).join(',') + '\r\n';
    if (i % 997 === 13 && samples.length < 400) samples.push({ name: e.name, code: e.uscc });
    i += 1;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { ms: performance.now() - started, bytes: statSync(path).size, samples };
}

async function openBackend(kind: string): Promise<{ database: Database; label: string; drop: () => Promise<void> }> {
  if (kind === 'pg') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query('drop database if exists suiji_bench_import with (force)');
    await admin.query(`create database suiji_bench_import template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = '/suiji_bench_import';
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    return {
      database, label: `PostgreSQL ${version.split(' ')[0] ?? ''}`,
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN });
        await c.connect();
        await c.query('drop database if exists suiji_bench_import with (force)');
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'suiji-bench-import-'));
  return { database: await openDatabase({ kind: 'pglite', dataDir: dir }), label: 'embedded (PGlite)', drop: async () => { rmSync(dir, { recursive: true, force: true }); } };
}

async function seed(database: Database): Promise<void> {
  const db = database.db;
  await ensureRegions(db, allRegions().map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: r.level === 'province' ? 1 : r.level === 'prefecture' ? 2 : 3 })));
  const roleIds = await ensureBuiltinRoles(db);
  const byKey = new Map<string, string>();
  for (const d of demo.departments) {
    const [row] = await db.insert(departments).values({ name: d.name, type: d.type, regionCode: d.regionCode }).returning({ id: departments.id });
    if (row) byKey.set(d.key, row.id);
  }
  const passwordHash = await hashPassword(PASSWORD);
  const addUser = async (account: string, departmentId: string | null, role: string) => {
    const [row] = await db.insert(users).values({ account, name: account, departmentId, passwordHash }).returning({ id: users.id });
    await db.insert(userRoles).values({ userId: row?.id ?? '', roleId: roleIds.get(role) ?? '' });
  };
  await addUser('benchadmin', null, 'system_admin');
  await addUser('benchjoint', byKey.get(departmentKey(CHANGCHUN_CODE, 'joint_office')) ?? null, 'joint_office');
}

class HttpClient {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(private readonly base: string) {}

  private remember(response: Response): void {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': this.csrf, ...extra };
  }

  async login(account: string): Promise<void> {
    const first = await fetch(`${this.base}/api/auth/csrf`);
    this.remember(first);
    this.csrf = ((await first.json()) as { csrfToken: string }).csrfToken;
    const login = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify({ account, password: PASSWORD }) });
    if (!login.ok) throw new Error(`login ${account}: ${login.status} ${await login.text()}`);
    this.remember(login);
    this.csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`, { headers: this.headers() });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Streams a file as multipart/form-data field `file`. */
  async upload<T>(path: string, file: string, fileName: string): Promise<T> {
    const boundary = '----suiji-bench';
    async function* body(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    }
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST', headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }), body: body(), duplex: 'half',
    } as unknown as RequestInit);
    if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}

interface Job { id: string; status: string; finished: boolean; processedRows: number; added: number; updated: number; unchanged: number; rejected: number; message: string | null }

interface ImportFigures { upload: number; validate: number; apply: number; total: number; job: Job }

/** Upload, then poll; the job's own timing of its phases is in its operation-log row (the embedded database answers no poll during the apply). */
async function runImport(client: HttpClient, database: Database, file: string): Promise<ImportFigures> {
  const started = performance.now();
  const queued = await client.upload<Job>('/api/directory/entities/import?mode=all_or_nothing', file, 'bench.csv');
  const uploaded = performance.now();
  let job = queued;
  while (!job.finished) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = await client.get<Job>(`/api/directory/import-jobs/${queued.id}`);
  }
  const done = performance.now();
  const [log] = await database.db.select({ detail: operationLog.detail }).from(operationLog)
    .where(sql`${operationLog.action} = 'directory:entity:import' and ${operationLog.detail}->>'jobId' = ${queued.id}`).orderBy(desc(operationLog.seq)).limit(1);
  const timing = (log?.detail ?? {}) as { validateMs?: number; applyMs?: number };
  return { upload: uploaded - started, validate: timing.validateMs ?? 0, apply: timing.applyMs ?? 0, total: done - started, job };
}

interface Query { label: string; kind: string; path: string }

function searchQueries(samples: readonly { name: string; code: string }[]): Query[] {
  const sample = (i: number) => samples[i % samples.length] ?? { name: '长春市', code: '91220104' };
  // A two-character run of Chinese inside a sampled name (its 字号), which pg_trgm cannot serve.
  const pair = (i: number) => {
    const n = sample(i).name.replace(/^(长春市|长春)/, '').replace(/[^\u4e00-\u9fa5]/g, '');
    return n.slice(0, 2);
  };
  const q = (label: string, kind: string, params: string) => ({ label, kind, path: `/api/directory/entities?pageSize=20&${params}` });
  const enc = encodeURIComponent;
  return [
    q('no filter (first page)', 'browse', ''),
    q('status + type', 'filters', 'status=active&entityType=enterprise'),
    q('region + industry section', 'region+industry', 'regionCode=220104&industryCode=F'),
    q('region + industry class', 'region+industry', 'regionCode=220102&industryCode=5281'),
    q('city + industry division', 'region+industry', 'regionCode=220100&industryCode=13'),
    q('code prefix (8)', 'code', `code=${sample(1).code.slice(0, 8)}`),
    q('code prefix (12)', 'code', `code=${sample(2).code.slice(0, 12)}`),
    q('code exact', 'code', `code=${sample(3).code}`),
    q('name 3+ chars (rare)', 'name ≥3', `name=${enc(sample(4).name.slice(-8))}`),
    q('name 4 chars (common 有限公司)', 'name ≥3', `name=${enc('有限公司')}`),
    q('name 2 chars (common 商贸)', 'name 2', `name=${enc('商贸')}`),
    q(`name 2 chars (${pair(5)})`, 'name 2', `name=${enc(pair(5))}`),
    q(`name 2 chars (${pair(6)})`, 'name 2', `name=${enc(pair(6))}`),
    q('name 2 chars (absent 龘靐)', 'name 2', `name=${enc('龘靐')}`),
    q('name 1 char (鑫)', 'name 2', `name=${enc('鑫')}`),
    q('pinyin initials (prefix ccs)', 'initials', 'name=ccs'),
    q(`pinyin initials (${nameInitials(sample(7).name).slice(3, 7)})`, 'initials', `name=${nameInitials(sample(7).name).slice(3, 7)}`),
    q('pinyin initials (absent zzzq)', 'initials', 'name=zzzq'),
    q('name 2 chars + region', 'name 2', `name=${enc(pair(8))}&regionCode=220104`),
    q('page 50 of a region', 'browse', 'regionCode=220104&page=50'),
  ];
}

interface QueryFigures { label: string; kind: string; p50: number; p95: number; total: string }

async function runSearches(client: HttpClient, queries: readonly Query[]): Promise<{ rows: QueryFigures[]; all: number[] }> {
  const all: number[] = [];
  const rows: QueryFigures[] = [];
  for (const query of queries) {
    await client.get(query.path);
    const times: number[] = [];
    let total = '';
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const page = await client.get<{ total: number; totalIsLowerBound: boolean }>(query.path);
      times.push(performance.now() - started);
      total = `${page.total}${page.totalIsLowerBound ? '+' : ''}`;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push({ label: query.label, kind: query.kind, p50: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.ceil(times.length * 0.95) - 1] ?? 0, total });
  }
  return { rows, all };
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1] ?? 0;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-bench-csv-'));
  const file = join(dir, 'entities.csv');
  console.log(`Generating ${ROWS.toLocaleString()} demo entities as CSV …`);
  const csv = await writeCsv(file);
  console.log(`  ${(csv.bytes / 1024 / 1024).toFixed(0)} MB in ${seconds(csv.ms)}`);
  const queries = searchQueries(csv.samples);
  const results: { label: string; imported: ImportFigures; search: Awaited<ReturnType<typeof runSearches>>; again: ImportFigures; rss: number }[] = [];
  for (const kind of BACKENDS) {
    peakRss = 0;
    const { database, label, drop } = await openBackend(kind);
    console.log(`${label}: importing …`);
    try {
      await seed(database);
      const app = await buildApp({
        db: database.db, now: () => new Date(), production: false, cookieSecure: false, trustProxy: false,
        session: { ttlHours: 8, idleMinutes: 120 }, logLevel: 'warn', webRoot: null,
      });
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const admin = new HttpClient(address);
        await admin.login('benchadmin');
        const imported = await runImport(admin, database, file);
        console.log(`  ${imported.job.status}: +${imported.job.added} ~${imported.job.updated} =${imported.job.unchanged} ✗${imported.job.rejected} in ${seconds(imported.total)}${imported.job.message ? ` (${imported.job.message})` : ''}`);
        const joint = new HttpClient(address);
        await joint.login('benchjoint');
        console.log(`${label}: searching …`);
        const search = await runSearches(joint, queries);
        // The weekly case: the same file again, now an upsert into a full directory (every row found, none changed).
        console.log(`${label}: importing the same file again …`);
        const again = await runImport(admin, database, file);
        console.log(`  ${again.job.status}: +${again.job.added} ~${again.job.updated} =${again.job.unchanged} ✗${again.job.rejected} in ${seconds(again.total)}`);
        results.push({ label, imported, search, again, rss: peakRss });
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
      await drop();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  clearInterval(rssTimer);

  const target = (label: string) => (label.startsWith('PostgreSQL') ? 30_000 : 120_000);
  console.log(`\nMachine: ${cpus().length} cores (${cpus()[0]?.model ?? ''}), Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the end of the run — other work on the machine inflates every figure.`);
  console.log(`\nImport of ${ROWS.toLocaleString()} entities (CSV ${(csv.bytes / 1024 / 1024).toFixed(0)} MB, generated in ${seconds(csv.ms)}), mode all_or_nothing\n`);
  console.log(`| step | ${results.map((r) => r.label).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---:').join('|')}|`);
  const line = (name: string, pick: (r: (typeof results)[number]) => string) => console.log(`| ${name} | ${results.map(pick).join(' | ')} |`);
  line('upload (stream to temp file, header check)', (r) => seconds(r.imported.upload));
  line('parse + validate + stage (chunks of 5,000)', (r) => seconds(r.imported.validate));
  line('apply (one transaction: insert, indexes and foreign key built once)', (r) => seconds(r.imported.apply));
  line('**total**', (r) => `**${seconds(r.imported.total)}** (target ≤ ${target(r.label) / 1000} s${r.imported.total <= target(r.label) ? ', met' : ', MISSED'})`);
  line('rows per second', (r) => Math.round(ROWS / (r.imported.total / 1000)).toLocaleString());
  line('result', (r) => `${r.imported.job.status}: ${r.imported.job.added.toLocaleString()} added, ${r.imported.job.rejected} rejected`);
  line('peak RSS of this process (server + bench)', (r) => `${Math.round(r.rss / 1024 / 1024)} MB`);

  console.log(`\nThe same file imported again into the full directory (upsert by code: every row found, none changed)\n`);
  console.log(`| step | ${results.map((r) => r.label).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---:').join('|')}|`);
  line('parse + validate (one look-up of the codes per chunk) + stage', (r) => seconds(r.again.validate));
  line('apply (INSERT … ON CONFLICT DO UPDATE … WHERE changed)', (r) => seconds(r.again.apply));
  line('**total**', (r) => `**${seconds(r.again.total)}**`);
  line('result', (r) => `${r.again.job.status}: ${r.again.job.added.toLocaleString()} added, ${r.again.job.updated.toLocaleString()} updated, ${r.again.job.unchanged.toLocaleString()} unchanged`);

  console.log(`\nDirectory search at ${ROWS.toLocaleString()} entities, as 长春市双随机办 (GET /api/directory/entities, page of 20 + capped count; ${RUNS} runs each after a warm-up), ms\n`);
  console.log(`| query | kind | ${results.map((r) => `${r.label} p50 / p95 (total)`).join(' | ')} |`);
  console.log(`|---|---|${results.map(() => '---:').join('|')}|`);
  queries.forEach((q, i) => {
    console.log(`| ${q.label} | ${q.kind} | ${results.map((r) => { const f = r.search.rows[i]; return f ? `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} (${f.total})` : ''; }).join(' | ')} |`);
  });
  line('**p95 over all queries** (target ≤ 200 ms)', (r) => { const v = p95(r.search.all); return `**${v.toFixed(1)}**${v <= 200 ? ' met' : ' MISSED'}`; });
  const kinds = [...new Set(queries.map((q) => q.kind))];
  for (const kind of kinds) {
    line(`worst query p95: ${kind}`, (r) => Math.max(...r.search.rows.filter((x) => x.kind === kind).map((x) => x.p95)).toFixed(1));
  }
}

await main();
