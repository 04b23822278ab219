/**
 * `audit checkpoint`, `audit checkpoints export FILE` and `audit verify --checkpoints FILE
 * [--public-key FILE]` as separate processes: a checkpoint file kept outside the database finds a
 * cut tail and a TRUNCATE that a superuser hid from the walk — and from the checkpoints table too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOperation } from '../../server/audit/chain';
import { openDatabase, type Database } from '../../server/db/database';
import { runCli } from './run_cli';

const TIMEOUT = 180_000;

async function appendRows(database: Database, summaries: string[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const summary of summaries) {
      await appendOperation(tx, {
        actor: null, action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null,
        ip: '127.0.0.1', method: 'POST', path: '/api/test', detail: {},
      }, new Date('2025-06-01T08:00:00Z'), [{ type: 'DemoDataLoaded', seed: summary, entities: 1 }]);
    }
  });
}

/** What a superuser does with the triggers (and foreign keys) off. */
async function asSuperuser(database: Database, statements: string[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
}

describe('cli audit checkpoints (embedded database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-audit-cp-'));
  const dataDir = join(dir, 'data');
  const keyFile = join(dir, 'keys', 'cp.pem');
  const env = { DATA_DIR: dataDir, SUIJI_CHECKPOINT_KEY_FILE: keyFile };
  const held = join(dir, 'held.jsonl');
  beforeAll(async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await appendRows(database, ['一', '二', '三', '四']);
    await database.close();
  }, TIMEOUT);
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('signs the head (creating the key 0600 on first use), exports, and verifies against the file', async () => {
    const made = await runCli(['audit', 'checkpoint'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`已生成留痕检查点签名密钥：${keyFile}`);
    expect(made.stdout).toContain('已生成留痕检查点：第 4 条');
    const line = JSON.parse(made.stdout.trimEnd().split('\n').at(-1)!) as { format: string; seq: number };
    expect(line).toMatchObject({ format: 'suiji-checkpoint/1', seq: 4 });

    const exported = await runCli(['audit', 'checkpoints', 'export', held], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('已导出 1 个留痕检查点');
    expect(JSON.parse(readFileSync(held, 'utf8').trim())).toEqual(line);

    const verified = await runCli(['audit', 'verify', '--checkpoints', held, '--public-key', join(dir, 'keys', 'cp.pub.b64')], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('留痕链完整：共 4 条操作日志');
    expect(verified.stdout).toContain('1 个检查点签名有效');
    expect(verified.stdout).toContain('结论：通过');
  }, TIMEOUT);

  it('finds a cut tail against the held file after the table was wiped too; the table alone cannot', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await asSuperuser(database, ['delete from domain_events where operation_seq > 2', 'delete from operation_log where seq > 2', 'delete from audit_checkpoints']);
    } finally {
      await database.close();
    }
    const weak = await runCli(['audit', 'verify'], env);
    expect(weak.code).toBe(0);
    expect(weak.stdout).toContain('留痕链完整：共 2 条操作日志');
    expect(weak.stdout).toContain('只核对数据库内保存的检查点');
    expect(weak.stdout).toContain('较弱');

    const strong = await runCli(['audit', 'verify', '--checkpoints', held], env);
    expect(strong.code).toBe(1);
    expect(strong.stdout).toContain('数据库中已没有第 4 条操作日志——日志尾部被删除或被清空（TRUNCATE）');
    expect(strong.stdout).toContain('结论：未通过');
  }, TIMEOUT);

  it('refuses a forged checkpoint (exit 1), and explains an unreadable file or a missing key (exit 2)', async () => {
    const [line] = readFileSync(held, 'utf8').trim().split('\n');
    const forged = join(dir, 'forged.jsonl');
    writeFileSync(forged, `${JSON.stringify({ ...JSON.parse(line!) as object, seq: 1 })}\n`);
    const result = await runCli(['audit', 'verify', '--checkpoints', forged], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('签名无效');

    writeFileSync(forged, '{"format":"suiji-checkpoint/1"}\n');
    const invalid = await runCli(['audit', 'verify', '--checkpoints', forged], env);
    expect(invalid).toMatchObject({ code: 2, stdout: '' });
    expect(invalid.stderr).toContain('第 1 行不是 suiji-checkpoint/1 检查点：seq');

    const noKey = await runCli(['audit', 'verify', '--checkpoints', held], { ...env, SUIJI_CHECKPOINT_KEY_FILE: join(dir, 'none.pem') });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('没有验签公钥');
    const usage = await runCli(['audit', 'verify', '--checkpoints'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--checkpoints 需要一个文件路径');
  }, TIMEOUT);
});

describe('cli audit checkpoints (DATABASE_URL)', () => {
  const adminUrl = process.env['SUIJI_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `suiji_cli_cp_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'suiji-audit-cp-pg-'));
  const env = { DATABASE_URL: url.toString(), DATA_DIR: join(dir, 'data') };
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try { await client.query(statement); } finally { await client.end(); }
  };
  beforeAll(async () => {
    await admin(`create database ${name} template template0 encoding 'UTF8'`);
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    await appendRows(database, ['甲', '乙', '丙']);
    await database.close();
  }, TIMEOUT);
  afterAll(async () => {
    await admin(`drop database if exists ${name} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the key on the app server\'s disk (DATA_DIR/keys) and finds a TRUNCATE against the exported file', async () => {
    const made = await runCli(['audit', 'checkpoint'], env);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(join(dir, 'data', 'keys', 'checkpoint-ed25519.pem'));
    const held = join(dir, 'held.jsonl');
    expect((await runCli(['audit', 'checkpoints', 'export', held], env)).code).toBe(0);

    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    try {
      await asSuperuser(database, ['truncate operation_log cascade']);
    } finally {
      await database.close();
    }
    const weak = await runCli(['audit', 'verify'], env);
    expect(weak.code).toBe(1);
    expect(weak.stdout).toContain('留痕链完整：共 0 条操作日志');
    const strong = await runCli(['audit', 'verify', '--checkpoints', held], env);
    expect(strong.code).toBe(1);
    expect(strong.stdout).toContain('没有第 3 条操作日志');
  }, TIMEOUT);
});
