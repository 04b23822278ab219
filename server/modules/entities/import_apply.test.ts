/**
 * An all_or_nothing import writes its records in short transactions, hidden until one closing transaction shows them
 * (pending_import.ts, docs/decisions/0007): other requests are answered meanwhile, and a failure or a stop in between
 * leaves the directory as it was.
 */
import { count, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entityImportRows, entityImportsPending, importJobErrors, marketEntities, operationLog } from '../../db/schema';
import type { ImportJobView } from '../../import/jobs';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { uploadFile } from '../../test/upload';
import { ENTITY_IMPORT_CHUNK } from './import_pipeline';
import { rowsOf } from './import_staging';
import { APPLY_CHUNKS, discardInterruptedImports } from './pending_import';
import type { EntityPage } from './schema';
import { seedEntities, uscc } from './test_entities';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
const defaults = { ...APPLY_CHUNKS };
const chunkRows = ENTITY_IMPORT_CHUNK.rows;
afterEach(() => {
  Object.assign(APPLY_CHUNKS, defaults);
  ENTITY_IMPORT_CHUNK.rows = chunkRows;
});

const HEADER = '统一社会信用代码/注册号,名称,主体类型,行政区划代码,行业代码,登记状态,成立日期,登记机关,信用风险分类';
const line = (n: number, status = '存续') => `${uscc('220104', 500 + n)},长春市朝阳区隐藏${n}号商行,个体工商户,220104,5281,${status},,,`;

/** Two rows per chunk, and `hook` between chunks. */
function smallChunks(hook: (chunk: number) => Promise<void>): void {
  Object.assign(APPLY_CHUNKS, { rows: 2, minRows: 2, maxRows: 2, afterChunk: hook });
}

async function start(client: Client, lines: readonly string[]): Promise<string> {
  const response = await uploadFile(client, '/api/directory/entities/import?mode=all_or_nothing', '检查对象.csv', [HEADER, ...lines].join('\r\n'));
  expect(response.statusCode, response.body).toBe(202);
  return response.json<ImportJobView>().id;
}

async function job(client: Client, id: string): Promise<ImportJobView> {
  return (await client.get(`/api/directory/import-jobs/${id}`)).json<ImportJobView>();
}

async function finished(client: Client, id: string): Promise<ImportJobView> {
  for (let i = 0; i < 600; i++) {
    const view = await job(client, id);
    if (view.finished) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import job did not finish');
}

const search = async (client: Client, name: string) => (await client.get(`/api/directory/entities?name=${encodeURIComponent(name)}`)).json<EntityPage>().rows.map((r) => r.name);

/** Everything a reader or the next import could trip over: the directory's rows, hidden rows, pending jobs, staging. */
async function traces(): Promise<{ entities: number; hidden: number; pending: number; staged: number }> {
  const n = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const db = server.db;
  return {
    entities: await n(db.select({ n: count() }).from(marketEntities)),
    hidden: await n(db.select({ n: count() }).from(marketEntities).where(isNotNull(marketEntities.importJobId))),
    pending: await n(db.select({ n: count() }).from(entityImportsPending)),
    staged: await n(db.select({ n: count() }).from(entityImportRows)),
  };
}

/** Waits until the last job's clean-up ran (it follows the job's final state): no pending line, no staged row. */
async function settled(): Promise<Awaited<ReturnType<typeof traces>>> {
  for (let i = 0; i < 600; i++) {
    const now = await traces();
    if (now.pending === 0 && now.staged === 0) return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import left rows behind');
}

/** A gate the import waits at after chunk `at`: `reached` resolves there, `open` lets it go on, `fail` makes it throw. */
function gateAt(at: number) {
  let reached!: () => void;
  let open!: () => void;
  let fail!: (error: Error) => void;
  const atGate = new Promise<void>((resolve) => { reached = resolve; });
  const released = new Promise<void>((resolve, reject) => { open = resolve; fail = reject; });
  smallChunks(async (chunk) => {
    if (chunk !== at) return;
    reached();
    await released;
  });
  return { atGate, open, fail };
}

describe('all_or_nothing apply in short transactions', () => {
  it('answers other requests between chunks and shows nothing of the import until it commits', async () => {
    const chaoyang = await server.as('chaoyang');
    const gate = gateAt(2);
    const id = await start(chaoyang, Array.from({ length: 9 }, (_, i) => line(i)));
    await gate.atGate;
    try {
      await answeredMidway(chaoyang, id);
    } finally {
      gate.open();
    }
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 9, updated: 0, unchanged: 0 });
    expect(await search(chaoyang, '隐藏1号')).toEqual(['长春市朝阳区隐藏1号商行']);
    expect(await settled()).toMatchObject({ hidden: 9 });
  });

  async function answeredMidway(chaoyang: Client, id: string): Promise<void> {
    const anon = await server.anon();
    // The import is halfway (4 of 9 rows written) and waits for these answers: they come before it can finish.
    const [light, publicPage, found, progress] = await Promise.all([
      anon.get('/api/auth/csrf'), anon.get('/api/public/checklist-regions'), search(chaoyang, '隐藏1号'), job(chaoyang, id),
    ]);
    expect(light.statusCode).toBe(200);
    expect(publicPage.statusCode).toBe(200);
    expect(found).toEqual([]);
    expect(progress).toMatchObject({ status: 'applying', finished: false });
    const written = await server.db.select({ id: marketEntities.id }).from(marketEntities).where(eq(marketEntities.importJobId, id));
    expect(written).toHaveLength(4);
    expect((await chaoyang.get(`/api/directory/entities/${written[0]?.id}`)).statusCode).toBe(404);
  }

  it('counts added, updated and unchanged rows as one transaction did, and updates only what changed', async () => {
    const chaoyang = await server.as('chaoyang');
    smallChunks(async () => undefined);
    const id = await start(chaoyang, [line(0, '停业'), line(1), line(2), line(20), line(21)]);
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 2, updated: 1, unchanged: 2 });
    const [row] = await server.db.select({ status: marketEntities.status, importJobId: marketEntities.importJobId }).from(marketEntities).where(eq(marketEntities.code, uscc('220104', 500)));
    // An updated record stays the import's it was written by (or none): the mark only hides what is not shown yet.
    expect(row?.status).toBe('suspended');
    expect(row?.importJobId).not.toBe(id);
  });

  it('leaves nothing visible and nothing half-written when the import fails between chunks', async () => {
    const chaoyang = await server.as('chaoyang');
    const [existing] = await seedEntities(server, [{ name: '长春市朝阳区原样商行', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket }]);
    const before = await settled();
    smallChunks(async (chunk) => { if (chunk === 3) throw new Error('磁盘已满'); });
    const changed = `${existing?.code},长春市朝阳区改名商行,企业,220104,5281,存续,,,`;
    const id = await start(chaoyang, [changed, ...Array.from({ length: 8 }, (_, i) => line(40 + i))]);
    const view = await finished(chaoyang, id);
    expect(view).toMatchObject({ status: 'failed', added: 0, updated: 0 });
    expect(view.message).toContain('没有写入任何数据');
    expect(await settled()).toEqual(before);
    expect(await search(chaoyang, '隐藏41号')).toEqual([]);
    expect(await search(chaoyang, '原样商行')).toEqual(['长春市朝阳区原样商行']);
    const [log] = await server.db.select({ summary: operationLog.summary }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
    expect(log?.summary).toBe('导入检查对象（失败）');
  });

  it('leaves the directory as it was after a stop between chunks and the clean-up at the next start', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = await settled();
    const gate = gateAt(2);
    const id = await start(chaoyang, Array.from({ length: 7 }, (_, i) => line(60 + i)));
    await gate.atGate;
    try {
      // The process "dies" here: its hidden rows and its pending line stay, and the next start finds them.
      expect(await traces()).toMatchObject({ hidden: before.hidden + 4, pending: 1 });
      expect(await discardInterruptedImports(server.db, { all: true, now: server.now })).toBe(1);
      expect({ ...await traces(), staged: 0 }).toEqual(before);
      expect(await search(chaoyang, '隐藏61号')).toEqual([]);
    } finally {
      // Let the stopped job end (it fails) so the job queue goes on; its clean-up finds nothing left to remove.
      gate.fail(new Error('进程已终止'));
    }
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'failed' });
    expect(await settled()).toEqual(before);
  });

  it('keeps the planner statistics in step with the rows it writes, before they are shown', async () => {
    const chaoyang = await server.as('chaoyang');
    await settled();
    const rows = async () => (await server.db.select({ n: count() }).from(marketEntities))[0]?.n ?? 0;
    const reltuples = async () => Number((await rowsOf<{ n: number }>(server.db, sql`select reltuples::float8 as n from pg_class where oid = 'market_entities'::regclass`))[0]?.n);
    await server.db.execute(sql`analyze ${marketEntities}`);
    const before = await rows();
    // An ANALYZE is due once the import added as many rows as the table held (at least 4): after chunk `at`.
    const at = Math.ceil(Math.max(4, before) / 2);
    const gate = gateAt(at);
    Object.assign(APPLY_CHUNKS, { analyzeAfterRows: 4 });
    const id = await start(chaoyang, Array.from({ length: 2 * at + 2 }, (_, i) => line(100 + i)));
    await gate.atGate;
    try {
      // The table's statistics count the hidden rows (the planner chooses its index for the table as it is now).
      expect(await reltuples()).toBe(before + 2 * at);
      expect(await rows()).toBe(before + 2 * at);
    } finally {
      gate.open();
    }
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 2 * at + 2 });
  });

  it('keeps the hidden rows of an import that is still running when another instance starts', async () => {
    const chaoyang = await server.as('chaoyang');
    const gate = gateAt(1);
    const id = await start(chaoyang, Array.from({ length: 4 }, (_, i) => line(80 + i)));
    await gate.atGate;
    try {
      expect(await discardInterruptedImports(server.db, { all: false, now: server.now })).toBe(0);
    } finally {
      gate.open();
    }
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 4 });
  });
});

describe('all_or_nothing writes while it validates (a file of several chunks)', () => {
  it('writes the first chunks hidden during validation and shows every row at once at the end', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = await settled();
    ENTITY_IMPORT_CHUNK.rows = 3;
    const gate = gateAt(1);
    const id = await start(chaoyang, Array.from({ length: 11 }, (_, i) => line(400 + i)));
    await gate.atGate;
    try {
      // The first chunk of three was written during validation, the first two rows of the rest just now: all hidden.
      const written = await server.db.select({ id: marketEntities.id }).from(marketEntities).where(eq(marketEntities.importJobId, id));
      expect(written.length).toBeGreaterThanOrEqual(5);
      expect(await search(chaoyang, '隐藏400号')).toEqual([]);
      expect(await job(chaoyang, id)).toMatchObject({ status: 'applying', finished: false });
    } finally {
      gate.open();
    }
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 11, updated: 0, unchanged: 0 });
    expect(await search(chaoyang, '隐藏400号')).toEqual(['长春市朝阳区隐藏400号商行']);
    expect(await settled()).toMatchObject({ entities: before.entities + 11, hidden: before.hidden + 11 });
  });

  it('refuses a code twice in two chunks, naming both rows, and leaves nothing written', async () => {
    const chaoyang = await server.as('chaoyang');
    const before = await settled();
    ENTITY_IMPORT_CHUNK.rows = 3;
    const lines = Array.from({ length: 10 }, (_, i) => line(420 + i));
    lines[8] = line(420).replace('隐藏420号', '隐藏420号分店');
    const id = await start(chaoyang, lines);
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'failed', rejected: 2, added: 0 });
    const errors = await server.db.select({ row: importJobErrors.row, message: importJobErrors.message }).from(importJobErrors)
      .where(eq(importJobErrors.jobId, id)).orderBy(importJobErrors.row);
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [2, '与第 10 行重复：同一文件中一个代码只能出现一次，两行都未导入'],
      [10, '与第 2 行重复：同一文件中一个代码只能出现一次，两行都未导入'],
    ]);
    expect(await settled()).toEqual(before);
    expect(await search(chaoyang, '隐藏421号')).toEqual([]);
  });

  it('leaves a chunk with codes the directory holds to the apply, and counts them updated or unchanged', async () => {
    const chaoyang = await server.as('chaoyang');
    const [same, changed] = await seedEntities(server, [
      { name: '长春市朝阳区早写原样商行', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket },
      { name: '长春市朝阳区早写改名前商行', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket },
    ]);
    const [stored] = await server.db.select({ industryCode: marketEntities.industryCode }).from(marketEntities).where(eq(marketEntities.code, same?.code ?? ''));
    ENTITY_IMPORT_CHUNK.rows = 3;
    const lines = [
      `${same?.code},长春市朝阳区早写原样商行,企业,220104,${stored?.industryCode ?? ''},存续,,,`,
      `${changed?.code},长春市朝阳区早写改名后商行,企业,220104,5121,存续,,,`,
      ...Array.from({ length: 7 }, (_, i) => line(440 + i)),
    ];
    const id = await start(chaoyang, lines);
    expect(await finished(chaoyang, id)).toMatchObject({ status: 'succeeded', added: 7, updated: 1, unchanged: 1 });
    expect(await search(chaoyang, '早写改名后')).toEqual(['长春市朝阳区早写改名后商行']);
    await settled();
  });
});
