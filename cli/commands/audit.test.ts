/**
 * `audit verify` run as a separate process (tsx), against an embedded database prepared here, the
 * way an operator would run it next to a stopped server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendOperation, type OperationEntry } from '../../server/audit/chain';
import { openDatabase, type Database } from '../../server/db/database';
import { operationLog } from '../../server/db/schema';
import { auditCommand } from './audit';
import { runCli } from './run_cli';

const TIMEOUT = 120_000;

/** Runs the command in this process (for the paths that open no database), capturing stderr. */
async function inProcess(args: string[], env: Record<string, string>): Promise<{ code: number; text: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { text += String(chunk); return true; });
  try {
    const code = await auditCommand.run(args[0] === 'audit' ? args.slice(1) : args);
    return { code, text };
  } finally {
    spy.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const entry = (summary: string): OperationEntry => ({
  actor: null, action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null,
  ip: '127.0.0.1', method: 'POST', path: '/api/test', detail: { summary },
});

async function appendRows(database: Database, summaries: string[]): Promise<string> {
  await database.db.transaction(async (tx) => {
    for (const summary of summaries) await appendOperation(tx, entry(summary), new Date('2025-06-01T08:00:00Z'));
  });
  const [head] = await database.db.select({ hash: operationLog.hash }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  return head!.hash;
}

describe('cli audit verify (embedded database)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'suiji-audit-cli-'));
  let head = '';
  beforeAll(async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    head = await appendRows(database, ['第一条', '第二条', '第三条']);
    await database.close();
  }, TIMEOUT);
  afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

  it('prints 完整 with the row count and head hash, exit 0', async () => {
    const result = await runCli(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`嵌入式数据库 ${join(dataDir, 'pgdata')}`);
    expect(result.stdout).toContain('留痕链完整：共 3 条操作日志');
    expect(result.stdout).toContain(`链头哈希：${head}`);
  }, TIMEOUT);

  it('refuses, exit 2, while another process holds the data directory', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const result = await runCli(['audit', 'verify'], { DATA_DIR: dataDir });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`数据目录 ${dataDir} 正被进程 ${process.pid} 使用`);
      expect(result.stderr).toContain('请先停止服务再校验');
      expect(result.stdout).toBe('');
    } finally {
      await database.close();
    }
  }, TIMEOUT);

  it('prints the first broken row, exit 1, after a row was edited around the trigger', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await database.db.execute(sql`alter table operation_log disable trigger operation_log_append_only`);
      await database.db.update(operationLog).set({ summary: '第二条（改）' }).where(eq(operationLog.seq, 2));
      await database.db.execute(sql`alter table operation_log enable trigger operation_log_append_only`);
    } finally {
      await database.close();
    }
    const result = await runCli(['audit', 'verify'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('留痕链断裂：第 2 条操作日志被修改');
    expect(result.stdout).toContain('第 2 条操作日志的内容与其哈希不符');
  }, TIMEOUT);

  it('explains usage and a missing database, exit 2', async () => {
    const stderr = await inProcess(['audit'], {});
    expect(stderr.code).toBe(2);
    expect(stderr.text).toContain('用法：npm run cli -- audit verify');
    const unknown = await inProcess(['repair'], {});
    expect(unknown).toMatchObject({ code: 2, text: expect.stringContaining('未知子命令：repair') as unknown });
    const empty = mkdtempSync(join(tmpdir(), 'suiji-audit-empty-'));
    try {
      const missing = await inProcess(['verify'], { DATA_DIR: empty, DATABASE_URL: '' });
      expect(missing).toMatchObject({ code: 2, text: expect.stringContaining('中没有数据库') as unknown });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('cli audit verify (DATABASE_URL)', () => {
  const adminUrl = process.env['SUIJI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `suiji_cli_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  };
  beforeAll(async () => {
    await admin(`create database ${name} template template0 encoding 'UTF8'`);
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    await appendRows(database, ['甲', '乙']);
    await database.close();
  }, TIMEOUT);
  afterAll(async () => { await admin(`drop database if exists ${name} with (force)`); });

  it('checks the PostgreSQL database named by DATABASE_URL', async () => {
    const result = await runCli(['audit', 'verify'], { DATABASE_URL: url.toString(), DATA_DIR: '/nonexistent' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PostgreSQL ${url.toString()}`);
    expect(result.stdout).toContain('共 2 条操作日志');
  }, TIMEOUT);
});
