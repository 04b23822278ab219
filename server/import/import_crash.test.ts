import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/load_demo';
import { multipartBody } from '../test/upload';
import type { ImportJobView } from './jobs';

const root = mkdtempSync(join(tmpdir(), 'suiji-import-crash-'));
const children: ChildProcess[] = [];
let dropDatabase: (() => Promise<void>) | null = null;
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await dropDatabase?.();
  rmSync(root, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The server as `npm start` runs it (node + tsx, no npx in between, so SIGKILL reaches the server itself). */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)), env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (output.includes('已启动')) return { child, base };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not start: ${output}`);
}

/** Logs in as the administrator over HTTP; returns a fetch that sends the session cookie and the CSRF token. */
async function session(base: string): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const first = await fetch(`${base}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (r: Response) => { for (const c of r.headers.getSetCookie()) { const [pair = ''] = c.split(';'); jar.set(pair.split('=')[0] ?? '', pair); } };
  keep(first);
  const cookie = () => [...jar.values()].join('; ');
  const { csrfToken } = await first.json() as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { cookie: cookie(), 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ account: 'admin', password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  keep(login);
  const { csrfToken: csrf } = await login.json() as { csrfToken: string };
  return (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { cookie: cookie(), 'x-csrf-token': csrf, ...(init.headers as Record<string, string> | undefined) } });
}

async function databaseEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: join(root, 'tmp'), LOAD_DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
  delete env['DATABASE_URL'];
  if (process.env['SUIJI_TEST_DB'] !== 'pg') return { ...env, DATA_DIR: join(root, 'data') };
  const adminUrl = process.env['SUIJI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `suiji_crash_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
  await admin.end();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { ...env, DATABASE_URL: url.toString() };
}

describe('a server killed in the middle of an import', () => {
  it('shows the job 已中断 as soon as it is back, and keeps no upload file', async () => {
    const env = await databaseEnv();
    const uploads = join(root, 'tmp', 'suiji-imports');
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const first = await startServer(env);
    const call = await session(first.base);
    const rows = Array.from({ length: 200_000 }, (_, i) => `91220104MA${String(i).padStart(7, '0')}X,长春市朝阳区第${i}商贸有限公司,企业,220104`);
    const body = multipartBody('名录.csv', Buffer.from(`统一社会信用代码/注册号,名称,主体类型,行政区划代码\r\n${rows.join('\r\n')}\r\n`));
    const response = await call('/api/directory/entities/import?mode=valid_rows', { method: 'POST', headers: body.headers, body: new Uint8Array(body.payload) });
    expect(response.status).toBe(202);
    const { id } = await response.json() as ImportJobView;
    for (;;) {
      const job = await (await call(`/api/directory/import-jobs/${id}`)).json() as ImportJobView;
      expect(job.finished, 'the job ended before it could be cut off').toBe(false);
      if (job.processedRows > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(uploads)).toHaveLength(1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startServer(env);
    const again = await session(second.base);
    const job = await (await again(`/api/directory/import-jobs/${id}`)).json() as ImportJobView;
    expect(job).toMatchObject({ status: 'interrupted', statusLabel: '已中断', finished: true });
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
  }, 600_000);
});
