/**
 * API test harness: a fresh database per test file (PGlite in memory, or a new PostgreSQL database
 * when SUIJI_TEST_DB=pg), a small organisation in two cities, and clients that log in through the
 * real API (cookies + CSRF) and call it with app.inject.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { BUILTIN_ROLES } from '../../domain/access/roles';
import { generateCheckpointKey } from '../audit/checkpoint_key';
import { ensureBuiltinRoles, ensureRegions } from '../bootstrap';
import { openDatabase, type Database, type Db } from '../db/database';
import { departments, userRoles, users } from '../db/schema';
import { openReplicaRouter, type ReadRouter } from '../db/replica';
import { buildApp, type App, type AppServices } from '../http/app';
import { hashPassword } from '../modules/auth/password';

export const TEST_PASSWORD = 'Test1234pass';

export const FIXTURE_REGIONS = [
  { code: '220000', name: '吉林省', parentCode: null, level: 1 },
  { code: '220100', name: '长春市', parentCode: '220000', level: 2 },
  { code: '220102', name: '南关区', parentCode: '220100', level: 3 },
  { code: '220104', name: '朝阳区', parentCode: '220100', level: 3 },
  { code: '220200', name: '吉林市', parentCode: '220000', level: 2 },
  { code: '220202', name: '昌邑区', parentCode: '220200', level: 3 },
];

export interface Fixture {
  departments: { cityMarket: string; chaoyangMarket: string; nanguanMarket: string; jilinMarket: string; cityJointOffice: string };
  users: Record<'admin' | 'joint' | 'chaoyang' | 'nanguan' | 'jilin' | 'inspector', string>;
}

export interface Client {
  readonly csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  /** A request without the CSRF header (to test the refusal). */
  raw(method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestServer {
  readonly app: App;
  readonly db: Db;
  readonly fixture: Fixture;
  /** The clock the app sees; tests may move it. */
  now: Date;
  /** The PostgreSQL database's URL (SUIJI_TEST_DB=pg), for a child process that must reach the same data. */
  readonly databaseUrl?: string;
  /** SUIJI_TEST_DB=pg with SUIJI_TEST_REPLICA_URL: the replica's router the app reads the portal through. */
  readonly replica?: ReadRouter;
  anon(): Promise<Client>;
  /** Logs in as a fixture account (admin, joint, chaoyang, nanguan, jilin, inspector) or any account with TEST_PASSWORD. */
  as(account: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * A fresh embedded database from a migrated template, cached in the temp directory per migration
 * set: initdb + migrations cost seconds per test file; loading the template costs about one.
 */
async function openEmbeddedTestDatabase(): Promise<Database> {
  // Keyed by every migration file, so an edited migration never reuses a stale template.
  const folder = fileURLToPath(new URL('../db/migrations', import.meta.url));
  const hash = createHash('sha256').update(readFileSync(join(folder, 'meta', '_journal.json')));
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  const key = hash.digest('hex').slice(0, 16);
  const file = join(tmpdir(), `suiji-test-template-${key}.tar`);
  if (existsSync(file)) {
    try {
      return await openDatabase({ kind: 'pglite', dataDir: null, template: new Uint8Array(readFileSync(file)) });
    } catch {
      rmSync(file, { force: true });
    }
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  if (database.dumpDataDir) {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, await database.dumpDataDir());
    renameSync(partial, file);
  }
  return database;
}

export async function openTestDatabase(embeddedDataDir?: string): Promise<{ database: Database; drop: () => Promise<void>; url?: string }> {
  // A data directory on disk (what survives a killed process: draws/execute_kill.test.ts), whatever SUIJI_TEST_DB says.
  if (embeddedDataDir) return { database: await openDatabase({ kind: 'pglite', dataDir: embeddedDataDir }), drop: async () => undefined };
  if (process.env['SUIJI_TEST_DB'] !== 'pg') return { database: await openEmbeddedTestDatabase(), drop: async () => undefined };
  const adminUrl = process.env['SUIJI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `suiji_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      // The pool has ended; give the server a moment to see its connections close before dropping,
      // and force only as a last resort (forcing terminates connections a client may still be ending).
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(attempt < 50 ? `drop database if exists ${name}` : `drop database if exists ${name} with (force)`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

async function seedFixture(db: Db): Promise<Fixture> {
  await ensureRegions(db, FIXTURE_REGIONS);
  const roleIds = await ensureBuiltinRoles(db);
  const dept = async (name: string, type: string, regionCode: string) => {
    const [row] = await db.insert(departments).values({ name, type, regionCode }).returning({ id: departments.id });
    if (!row) throw new Error('fixture department');
    return row.id;
  };
  const d = {
    cityMarket: await dept('长春市市场监督管理局', 'market_regulation', '220100'),
    chaoyangMarket: await dept('长春市朝阳区市场监督管理局', 'market_regulation', '220104'),
    nanguanMarket: await dept('长春市南关区市场监督管理局', 'market_regulation', '220102'),
    jilinMarket: await dept('吉林市市场监督管理局', 'market_regulation', '220200'),
    cityJointOffice: await dept('长春市“双随机、一公开”工作领导小组办公室', 'joint_office', '220100'),
  };
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const user = async (account: string, name: string, departmentId: string | null, roleKey: string) => {
    const [row] = await db.insert(users).values({ account, name, departmentId, passwordHash }).returning({ id: users.id });
    const roleId = roleIds.get(roleKey);
    if (!row || !roleId) throw new Error('fixture user');
    await db.insert(userRoles).values({ userId: row.id, roleId });
    return row.id;
  };
  return {
    departments: d,
    users: {
      admin: await user('admin', '系统管理员', null, 'system_admin'),
      joint: await user('joint', '长春双随机办', d.cityJointOffice, 'joint_office'),
      chaoyang: await user('chaoyang', '朝阳区管理员', d.chaoyangMarket, 'dept_admin'),
      nanguan: await user('nanguan', '南关区管理员', d.nanguanMarket, 'dept_admin'),
      jilin: await user('jilin', '吉林市管理员', d.jilinMarket, 'dept_admin'),
      inspector: await user('inspector', '检查员甲', d.chaoyangMarket, 'inspector'),
    },
  };
}

function cookieHeader(response: LightMyRequestResponse, jar: Map<string, string>): void {
  for (const c of response.cookies) {
    if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
}

/**
 * Test files run hundreds of requests within seconds, all from 127.0.0.1 (every client signs in
 * anonymously first): far above the production limits, which tests of the limiter set themselves.
 */
const TEST_RATE_LIMITS = { anonymousWrites: 100_000, anonymousReads: 100_000, sessionWrites: 100_000, sessionReads: 100_000, maxClients: 10_000 };

/** Settings a test may change: production mode, the rate limits, open API docs, a web root, a trusted proxy. */
export type TestServerOptions = Partial<Pick<AppServices, 'production' | 'rateLimit' | 'apiDocsPublic' | 'webRoot' | 'trustProxy' | 'messages' | 'publicReads'>> & {
  /** Use the embedded database in this directory (kept on disk after close). */
  readonly embeddedDataDir?: string;
};

export async function startTestServer(testOptions: TestServerOptions = {}): Promise<TestServer> {
  const { embeddedDataDir, ...options } = testOptions;
  const { database, drop, url } = await openTestDatabase(embeddedDataDir);
  const fixture = await seedFixture(database.db);
  const replica = url && !embeddedDataDir ? await testReplica(database.db, url) : null;
  const server: TestServer = {
    app: undefined as unknown as App,
    db: database.db,
    fixture,
    now: new Date(),
    ...(url ? { databaseUrl: url } : {}),
    ...(replica ? { replica } : {}),
    anon: async () => makeClient(server, null),
    as: async (account) => makeClient(server, account),
    close: async () => {
      await server.app.close();
      await replica?.close();
      await database.close();
      await drop();
    },
  };
  const app = await buildApp({
    db: database.db, ...(replica ? { replica } : {}), now: () => server.now, production: false, cookieSecure: false, trustProxy: false,
    session: { ttlHours: 8, idleMinutes: 60 }, logLevel: 'silent', webRoot: null, rateLimit: TEST_RATE_LIMITS,
    checkpoints: { key: generateCheckpointKey(), intervalMinutes: 0 }, ...options,
  });
  (server as { app: App }).app = app;
  return server;
}

/**
 * SUIJI_TEST_REPLICA_URL (a streaming replica of the test cluster, started by scripts/pg_replica.sh): the test database
 * as seen on the replica, once it has arrived there. The app then reads the portal, statistics and exports through it,
 * and waits before each GET until the replica has replayed the test's writes (ReadRouter.catchUpBeforeReads).
 */
async function testReplica(primary: Db, primaryUrl: string): Promise<ReadRouter | null> {
  const base = process.env['SUIJI_TEST_REPLICA_URL'];
  if (!base) return null;
  const url = new URL(base);
  url.pathname = new URL(primaryUrl).pathname;
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt >= 100) throw new Error(`只读副本上没有出现测试数据库（${url.pathname}）：${error instanceof Error ? error.message : String(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const router = openReplicaRouter({ primary, replicaUrl: url.toString(), maxLagSeconds: 5, intervalMs: 500, poolSize: 4, catchUpBeforeReads: true });
  await router.catchUp();
  return router;
}

async function makeClient(server: TestServer, account: string | null): Promise<Client> {
  const jar = new Map<string, string>();
  const cookies = () => Object.fromEntries(jar);
  const first = await server.app.inject({ method: 'GET', url: '/api/auth/csrf' });
  cookieHeader(first, jar);
  let csrf = (first.json<{ csrfToken: string }>()).csrfToken;
  if (account) {
    const login = await server.app.inject({
      method: 'POST', url: '/api/auth/login', cookies: cookies(), headers: { 'x-csrf-token': csrf },
      payload: { account, password: TEST_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login as ${account} failed: ${login.statusCode} ${login.body}`);
    cookieHeader(login, jar);
    csrf = login.json<{ csrfToken: string }>().csrfToken;
  }
  const send = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, headers: Record<string, string>) => {
    const response = await server.app.inject({
      method, url, cookies: cookies(), headers, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    cookieHeader(response, jar);
    return response;
  };
  return {
    csrf,
    get: (url) => send('GET', url, undefined, {}),
    post: (url, body) => send('POST', url, body, { 'x-csrf-token': csrf }),
    put: (url, body) => send('PUT', url, body, { 'x-csrf-token': csrf }),
    delete: (url) => send('DELETE', url, undefined, { 'x-csrf-token': csrf }),
    raw: (method, url, body, headers = {}) => send(method, url, body, headers),
  };
}

export const BUILTIN_ROLE_KEYS = BUILTIN_ROLES.map((r) => r.key);
