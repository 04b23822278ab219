import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobs, operationLog } from '../db/schema';
import { buildApp } from '../http/app';
import { postgresPool } from '../modules/entities/import_staging';
import { uscc } from '../modules/entities/test_entities';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { uploadFile } from '../test/upload';
import { INSTANCE_ID, type ImportJobView } from './jobs';
import { UPLOADS } from './job_upload';

let server: TestServer;
const folder = mkdtempSync(join(tmpdir(), 'suiji-upload-cleanup-'));
beforeAll(async () => {
  UPLOADS.dir = folder;
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const ENTITIES = '/api/directory/entities/import';
const INSPECTORS = '/api/directory/inspectors/import';
const ENTITY_CSV = `统一社会信用代码/注册号,名称,主体类型,行政区划代码\r\n${uscc('220104', 101)},长春市朝阳区甲商贸有限公司,企业,220104\r\n`;
const INSPECTOR_CSV = '姓名,执法证号,部门\r\n张三,22010400001,长春市朝阳区市场监督管理局\r\n';
const leftovers = () => readdirSync(folder);

async function finished(client: Client, id: string): Promise<ImportJobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/directory/import-jobs/${id}`)).json<ImportJobView>();
    if (job.finished) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import job did not finish');
}

describe('hostile upload file names', () => {
  it('refuses control and direction characters and overlong names with 400 before writing; keeps only the name of a path', async () => {
    const chaoyang = await server.as('chaoyang');
    // A NUL is refused earlier still, by the text guard every route has (server/http/text_guard.ts), naming the field.
    const refused: [string, string, RegExp][] = [
      ['名录\u0000.csv', 'VALIDATION_FAILED', /file 含有不允许的字符/],
      ['名录\u202Evsc.exe', 'FILE_NAME_INVALID', /文字方向控制符/],
      ['名录\u0007.csv', 'FILE_NAME_INVALID', /控制字符/],
      [`${'长'.repeat(300)}.csv`, 'FILE_NAME_INVALID', /文件名超过 200 个字符/],
    ];
    for (const [url, content] of [[ENTITIES, ENTITY_CSV], [INSPECTORS, INSPECTOR_CSV]] as const) {
      for (const [name, code, message] of refused) {
        const response = await uploadFile(chaoyang, url, name, content);
        expect(response.statusCode, JSON.stringify(name)).toBe(400);
        expect(response.json(), JSON.stringify(name)).toMatchObject({ code, message: expect.stringMatching(message) as unknown });
        expect(leftovers(), JSON.stringify(name)).toEqual([]);
      }
    }
    const accepted = await uploadFile(chaoyang, ENTITIES, '../../etc/名录.csv', ENTITY_CSV);
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(await finished(chaoyang, accepted.json<ImportJobView>().id)).toMatchObject({ fileName: '名录.csv', status: 'succeeded' });
    const windows = await uploadFile(chaoyang, INSPECTORS, 'C:\\Users\\张三\\人员.csv', INSPECTOR_CSV);
    expect(windows.statusCode, windows.body).toBe(200);
    expect(leftovers()).toEqual([]);
  });

  it('removes the saved file whatever fails after it was written', async () => {
    const chaoyang = await server.as('chaoyang');
    expect((await uploadFile(chaoyang, ENTITIES, '名录.csv', '名称\r\n甲\r\n')).statusCode).toBe(400);
    expect((await uploadFile(chaoyang, INSPECTORS, '人员.csv', '名称\r\n甲\r\n')).statusCode).toBe(400);
    expect((await uploadFile(chaoyang, ENTITIES, '名录.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]))).statusCode).toBe(400);
    const big = await uploadFile(chaoyang, INSPECTORS, '人员.csv', Buffer.concat([Buffer.from(INSPECTOR_CSV), Buffer.alloc(11 * 1024 * 1024, 0x31)]));
    expect(big.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/文件超过 10 MB/) as unknown });
    expect(leftovers()).toEqual([]);
  });
});

describe('jobs cut off by a process that died', () => {
  it('marks them 已中断 at the next start, keeps the jobs of live owners, and removes the files no live job owns', async () => {
    const chaoyang = await server.as('chaoyang');
    const userId = server.fixture.users.chaoyang;
    const pool = postgresPool(server.db);
    // On PostgreSQL another instance is alive while it holds its lock; the embedded database has one process only.
    const liveOwner = randomUUID();
    const other = pool ? new pg.Client(pool.options) : null;
    if (other) {
      await other.connect();
      await other.query('select pg_advisory_lock($1, hashtext($2))', [73_010_002, liveOwner]);
    }
    const job = async (status: string, owner: string | null, file: string | null) => {
      const [row] = await server.db.insert(importJobs).values({
        kind: 'market_entity', userId, fileName: '名录.csv', mode: 'valid_rows', status, ownerInstance: owner, uploadFile: file, createdAt: server.now, updatedAt: server.now,
      }).returning({ id: importJobs.id });
      if (!row) throw new Error('job row');
      return row.id;
    };
    const dead = await job('applying', randomUUID(), 'dead-upload');
    const legacy = await job('validating', null, null);
    const mine = await job('applying', INSTANCE_ID, 'my-upload');
    const live = other ? await job('applying', liveOwner, 'live-upload') : null;
    const files = ['dead-upload', 'my-upload', 'live-upload', 'fresh-orphan', 'old-orphan'];
    for (const name of files) writeFileSync(join(folder, name), 'x');
    const old = new Date(Date.now() - 7 * 60 * 60_000);
    utimesSync(join(folder, 'old-orphan'), old, old);

    const restarted = await buildApp({
      db: server.db, now: () => server.now, production: false, cookieSecure: false, trustProxy: false,
      session: { ttlHours: 8, idleMinutes: 60 }, logLevel: 'silent', webRoot: null,
    });
    await restarted.close();
    await other?.end();

    const rows = await server.db.select({ id: importJobs.id, status: importJobs.status, finishedAt: importJobs.finishedAt }).from(importJobs)
      .where(inArray(importJobs.id, [dead, legacy, mine, ...(live ? [live] : [])]));
    const status = new Map(rows.map((r) => [r.id, r.status]));
    expect(status.get(dead)).toBe('interrupted');
    expect(status.get(legacy)).toBe('interrupted');
    expect(status.get(mine)).toBe('applying');
    if (live) expect(status.get(live)).toBe('applying');
    // At once: the clock has not moved past the 10-minute heartbeat.
    const shown = (await chaoyang.get(`/api/directory/import-jobs/${dead}`)).json<ImportJobView>();
    expect(shown).toMatchObject({ status: 'interrupted', statusLabel: '已中断', finished: true, message: expect.stringMatching(/导入已中断/) as unknown });
    // live-upload belongs to a live job on PostgreSQL and is a recent file of no job on the embedded database: kept either way.
    expect(leftovers().sort()).toEqual(['fresh-orphan', 'live-upload', 'my-upload']);
    const [logged] = await server.db.select({ detail: operationLog.detail }).from(operationLog)
      .where(and(eq(operationLog.action, 'system:import-recovery'), eq(operationLog.targetType, 'import_job')));
    expect(logged?.detail).toMatchObject({ jobs: expect.arrayContaining([dead, legacy]) as unknown });
    await server.db.update(importJobs).set({ status: 'failed' }).where(inArray(importJobs.id, [mine, ...(live ? [live] : [])]));
    for (const name of leftovers()) rmSync(join(folder, name));
  });
});
