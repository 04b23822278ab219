/**
 * What the import benchmarks share (bench/import_bench.ts, bench/import_liveness_bench.ts): a CSV of demo entities, a
 * fresh database of either kind with the demo departments and two users, and an HTTP client that logs in, uploads a
 * file and polls the import job.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { desc, sql } from 'drizzle-orm';
import { allRegions } from '../domain/codes/regions';
import { departmentKey } from '../domain/demo/departments';
import { iterateDemoEntities } from '../domain/demo/entities';
import { generateDemoData } from '../domain/demo/generate';
import { CHANGCHUN_CODE } from '../domain/demo/places';
import { ENTITY_STATUSES, ENTITY_TYPES } from '../domain/directory/entity';
import { ensureBuiltinRoles, ensureRegions } from '../server/bootstrap';
import { openDatabase, type Database } from '../server/db/database';
import { departments, operationLog, userRoles, users } from '../server/db/schema';
import { importPhases } from '../server/import/phase_times';
import { hashPassword } from '../server/modules/auth/password';

const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 'bench-import';
const PASSWORD = 'Bench2026pass';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const demo = generateDemoData({ seed: SEED, entities: 0 });
const ownerName = new Map(demo.departments.map((d) => [d.key, d.name]));

/** `rows` demo entities as the import's CSV, with a sample of names and codes to search for. */
export async function writeCsv(path: string, rows: number): Promise<{ ms: number; bytes: number; samples: { name: string; code: string }[] }> {
  const started = performance.now();
  const out = createWriteStream(path);
  const samples: { name: string; code: string }[] = [];
  const header = '统一社会信用代码/注册号,名称,主体类型,行政区划代码,行业代码,登记状态,法定代表人/负责人,住所/经营场所,成立日期,登记机关,列入经营异常名录,列入严重违法失信名单,信用风险分类,投诉举报次数';
  let buffer = `${header}\r\n`;
  let i = 0;
  for (const e of iterateDemoEntities({ seed: SEED, count: rows })) {
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

/** A fresh database: `pg` (database `name` on BENCH_PG_URL) or the embedded one in a temporary directory. */
export async function openBackend(kind: string, name = 'suiji_bench_import'): Promise<{ database: Database; label: string; drop: () => Promise<void> }> {
  if (kind === 'pg') {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    const version = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    return {
      database, label: `PostgreSQL ${version.split(' ')[0] ?? ''}`,
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'suiji-bench-import-'));
  return { database: await openDatabase({ kind: 'pglite', dataDir: dir }), label: 'embedded (PGlite)', drop: async () => { rmSync(dir, { recursive: true, force: true }); } };
}

/** The demo departments, a system administrator (benchadmin) and the 长春市双随机办 (benchjoint). */
export async function seed(database: Database): Promise<void> {
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

export class HttpClient {
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

  /** The session cookie, for requests sent from another thread. */
  cookieHeader(): string {
    return this.headers().cookie ?? '';
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

export interface Job { id: string; status: string; finished: boolean; processedRows: number; added: number; updated: number; unchanged: number; rejected: number; message: string | null }

export interface ImportFigures { upload: number; validate: number; apply: number; total: number; job: Job; phases: Map<string, number> }

/** Upload, then poll; the job's own timing of its phases is in its operation-log row. */
export async function runImport(client: HttpClient, database: Database, file: string): Promise<ImportFigures> {
  importPhases.clear();
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
  // The staging clean-up runs after the job reports its end: give it a moment to be counted.
  for (let i = 0; i < 40 && !importPhases.has('cleanup (staging)'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return { upload: uploaded - started, validate: timing.validateMs ?? 0, apply: timing.applyMs ?? 0, total: done - started, job, phases: new Map(importPhases) };
}
