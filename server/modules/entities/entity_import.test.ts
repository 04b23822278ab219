import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { entityImportRows, importJobs, marketEntities, operationLog } from '../../db/schema';
import type { ImportJobView } from '../../import/jobs';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { expectAuthRefusals, lastOperation } from '../../test/expectations';
import { ENTITY_IMPORT_LIMITS } from './import_routes';
import type { EntityPage } from './schema';
import { seedEntities, uscc } from './test_entities';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { ENTITY_IMPORT_LIMITS.maxBytes = 300 * 1024 * 1024; });

const HEADER = '统一社会信用代码/注册号,名称,主体类型,行政区划代码,行业代码,登记状态,成立日期,登记机关,信用风险分类';

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----suiji-entity-import';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(client: Client, fileName: string, content: Buffer, mode = 'all_or_nothing') {
  const body = multipart(fileName, content);
  return client.raw('POST', `/api/directory/entities/import?mode=${mode}`, body.payload, { ...body.headers, 'x-csrf-token': client.csrf });
}

async function finished(client: Client, id: string): Promise<ImportJobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/directory/import-jobs/${id}`)).json<ImportJobView>();
    if (job.finished) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import job did not finish');
}

async function importCsv(client: Client, lines: readonly string[], mode = 'all_or_nothing', encoding = 'utf8'): Promise<ImportJobView> {
  const text = [HEADER, ...lines].join('\r\n');
  const response = await upload(client, '检查对象.csv', encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text), mode);
  expect(response.statusCode, response.body).toBe(202);
  return finished(client, response.json<ImportJobView>().id);
}

async function errorSheet(client: Client, jobId: string): Promise<string[][]> {
  const response = await client.get(`/api/directory/import-jobs/${jobId}/errors.xlsx`);
  expect(response.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => { rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v as string)))); });
  return rows;
}

const names = (page: EntityPage) => page.rows.map((r) => r.name);
const entityCount = async () => (await server.db.select({ n: count() }).from(marketEntities))[0]?.n ?? 0;
const stagedCount = async () => (await server.db.select({ n: count() }).from(entityImportRows))[0]?.n ?? 0;

const good = (n: number, extra = '') => `${uscc('220104', 100 + n)},长春市朝阳区第${n}商贸有限公司,企业,220104,F5121,存续,2020-01-0${(n % 9) + 1},,B${extra}`;

/** The directory table's indexes and constraints, as the catalog defines them. */
async function tableSchema(db: TestServer['db']): Promise<unknown[]> {
  const result: unknown = await db.execute(sql`select indexname as name, indexdef as definition from pg_indexes where tablename = 'market_entities'
    union all select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'market_entities'::regclass order by name, definition`);
  const rows = (result as { rows: unknown[] }).rows;
  expect(JSON.stringify(rows)).toContain('market_entities_owner_department_id_departments_id_fk');
  return rows;
}

describe('entity import: files refused at once', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'POST', '/api/directory/entities/import', 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/directory/entities/import-template', 'inspector');
  });

  it('answers a clear Chinese 400 for each kind of bad file', async () => {
    const chaoyang = await server.as('chaoyang');
    const cases: [string, Buffer, RegExp][] = [
      ['名录.pdf', Buffer.from('%PDF-1.4 ...'), /只能导入 \.xlsx 或 \.csv/],
      ['名录.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /不支持旧版 \.xls/],
      ['名录.csv', Buffer.alloc(0), /文件为空/],
      ['名录.csv', Buffer.from(`${HEADER}\r\n`), /没有数据行/],
      ['名录.csv', Buffer.from('名称,地址\r\n甲公司,某路'), /缺少必填列：统一社会信用代码\/注册号、行政区划代码/],
      ['名录.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), /Excel 文件已损坏/],
      ['名录.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n`, 'utf16le')]), /UTF-16 编码/],
      ['名录.csv', Buffer.from([0x31, 0x00, 0x32, 0x00]), /不是文本格式的 CSV/],
      ['名录.csv', iconv.encode(`${HEADER}\r\n${good(1)}`, 'big5'), /乱码.*UTF-8 或 GBK/],
    ];
    for (const [name, content, message] of cases) {
      const response = await upload(chaoyang, name, content);
      expect(response.statusCode, name).toBe(400);
      expect(response.json<{ message: string }>().message, name).toMatch(message);
    }
    ENTITY_IMPORT_LIMITS.maxBytes = 1024;
    const big = await upload(chaoyang, '名录.csv', Buffer.from(`${HEADER}\r\n${Array.from({ length: 40 }, (_, i) => good(i)).join('\r\n')}`));
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/文件超过 1 KB/) as unknown });
    const noFile = await chaoyang.post('/api/directory/entities/import', {});
    expect(noFile.statusCode).toBe(400);
    expect(await entityCount()).toBe(0);
  });

  it('downloads the template, with the internal columns only for holders of the risk permission', async () => {
    const load = async (account: string) => {
      const response = await (await server.as(account)).get('/api/directory/entities/import-template');
      expect(response.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      return (workbook.worksheets[0]?.getRow(1).values as string[]).slice(1);
    };
    const withRisk = await load('chaoyang');
    expect(withRisk).toEqual(expect.arrayContaining(['统一社会信用代码/注册号*', '名称*', '行政区划代码*', '信用风险分类']));
  });
});

describe('entity import: jobs', () => {
  it('imports a GBK CSV: all_or_nothing writes nothing on one bad row and leaves no staging behind', async () => {
    const chaoyang = await server.as('chaoyang');
    const job = await importCsv(chaoyang, [good(1), good(2), `${uscc('220104', 103).slice(0, 17)}0,坏代码公司,企业,220104,5121,存续,,,`], 'all_or_nothing', 'gbk');
    expect(job).toMatchObject({ status: 'failed', processedRows: 3, rejected: 1, added: 0, hasErrorFile: true, progress: 100 });
    expect(job.message).toMatch(/没有写入任何数据/);
    expect(await entityCount()).toBe(0);
    expect(await stagedCount()).toBe(0);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:entity:import', summary: '导入检查对象（有错误，未写入）', targetId: job.id });
  });

  it('valid_rows imports the good rows, reports every bad one with row, column and reason, and the error file re-imports', async () => {
    const chaoyang = await server.as('chaoyang');
    const duplicate = uscc('220104', 150);
    const lines = [
      good(1), good(2), good(3),
      `${uscc('220104', 104).slice(0, 17)}0,校验位错误公司,企业,220104,5121,存续,,,`,
      `${uscc('220104', 105)},区划错误公司,企业,229999,5121,存续,,,`,
      `${uscc('220104', 106)},行业错误公司,企业,220104,9999,存续,,,`,
      `${duplicate},重复甲公司,企业,220104,5121,存续,,,`,
      `${duplicate},重复乙公司,企业,220104,5121,存续,,,`,
      `${uscc('220104', 107)},风险错误公司,企业,220104,5121,存续,2020-13-01,不存在的局,E`,
    ];
    const job = await importCsv(chaoyang, lines, 'valid_rows', 'gbk');
    expect(job, job.message ?? '').toMatchObject({ status: 'succeeded', processedRows: 9, added: 3, updated: 0, unchanged: 0, rejected: 6 });
    const page = (await chaoyang.get('/api/directory/entities?name=%E5%95%86%E8%B4%B8')).json<EntityPage>();
    expect(page.rows.map((r) => r.name).sort()).toEqual(['长春市朝阳区第1商贸有限公司', '长春市朝阳区第2商贸有限公司', '长春市朝阳区第3商贸有限公司']);
    expect(page.rows[0]).toMatchObject({ ownerDepartmentName: '长春市朝阳区市场监督管理局', industryCode: '5121', internal: { riskClass: 'B' } });
    expect(await stagedCount()).toBe(0);

    const sheet = await errorSheet(chaoyang, job.id);
    const header = sheet[0] ?? [];
    expect(header[0]).toBe('原行号');
    expect(header.slice(-2)).toEqual(['错误列', '错误原因']);
    const byRow = new Map(sheet.slice(1).map((r) => [r[0], r]));
    expect([...byRow.keys()]).toEqual(['5', '6', '7', '8', '9', '10']);
    expect(byRow.get('5')?.at(-1)).toMatch(/校验位错误：第18位应为/);
    expect(byRow.get('6')?.at(-2)).toBe('行政区划代码');
    expect(byRow.get('7')?.at(-1)).toMatch(/行业代码.*9999/);
    expect(byRow.get('8')?.at(-1)).toMatch(/与第 9 行重复/);
    expect(byRow.get('9')?.at(-1)).toMatch(/与第 8 行重复/);
    expect(byRow.get('9')?.[2]).toBe('重复乙公司');
    expect(byRow.get('10')?.at(-2)).toBe('成立日期、信用风险分类、登记机关');

    // Fix the error file and import it as it is: the extra columns are ignored.
    const workbook = new ExcelJS.Workbook();
    const fixed = workbook.addWorksheet('错误行');
    fixed.addRow(header);
    for (const row of sheet.slice(1)) {
      const values = [...row];
      const at = (name: string) => header.indexOf(name);
      values[at('统一社会信用代码/注册号')] = uscc('220104', 200 + Number(row[0]));
      values[at('行政区划代码')] = '220104';
      values[at('行业代码')] = '5121';
      values[at('成立日期')] = '2020-12-01';
      values[at('登记机关')] = '';
      values[at('信用风险分类')] = 'A';
      fixed.addRow(values);
    }
    const again = await upload(chaoyang, '修改后.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(again.statusCode, again.body).toBe(202);
    const second = await finished(chaoyang, again.json<ImportJobView>().id);
    expect(second).toMatchObject({ status: 'succeeded', added: 6, rejected: 0, hasErrorFile: false });
    expect(await entityCount()).toBe(9);
  });

  it('upserts by code: counts added, updated and unchanged; a blank optional cell keeps the stored value', async () => {
    const chaoyang = await server.as('chaoyang');
    const first = await importCsv(chaoyang, [good(1), good(2), good(3), good(4)]);
    expect(first).toMatchObject({ status: 'succeeded', added: 1, updated: 0, unchanged: 3 });
    const changed = good(2).replace('第2商贸', '第2商贸改名');
    const blankRisk = good(3).replace(/,B$/, ',');
    const second = await importCsv(chaoyang, [good(1), changed, blankRisk, good(4)]);
    expect(second).toMatchObject({ added: 0, updated: 1, unchanged: 3 });
    const [row] = await server.db.select({ riskClass: marketEntities.riskClass }).from(marketEntities).where(eq(marketEntities.code, uscc('220104', 103)));
    expect(row?.riskClass).toBe('B');
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'directory:entity:import', summary: '导入检查对象（全部写入）', detail: { added: 0, updated: 1, unchanged: 3, rejected: 0 } });
  });

  it('rejects rows the importer may not write: another department\'s record, another region', async () => {
    const d = server.fixture.departments;
    const [nanguanOwned] = await seedEntities(server, [{ name: '南关登记朝阳经营公司', regionCode: '220104', ownerDepartmentId: d.nanguanMarket }]);
    const [jilinOwned] = await seedEntities(server, [{ name: '吉林市某公司', regionCode: '220202', ownerDepartmentId: d.jilinMarket }]);
    const chaoyang = await server.as('chaoyang');
    const job = await importCsv(chaoyang, [
      `${nanguanOwned!.code},南关登记朝阳经营公司改名,企业,220104,5121,存续,,,`,
      `${jilinOwned!.code},吉林市某公司改名,企业,220202,5121,存续,,,`,
      `${uscc('220102', 300)},南关区新公司,企业,220102,5121,存续,,,`,
      `${uscc('220104', 301)},他人名下新公司,企业,220104,5121,存续,,长春市南关区市场监督管理局,`,
    ], 'valid_rows');
    expect(job).toMatchObject({ added: 0, rejected: 4 });
    const reasons = (await errorSheet(chaoyang, job.id)).slice(1).map((r) => r.at(-1));
    expect(reasons[0]).toMatch(/由「长春市南关区市场监督管理局」维护/);
    expect(reasons[1]).toMatch(/数据权限范围以外/);
    expect(reasons[2]).toMatch(/不在您所在区域内/);
    expect(reasons[3]).toMatch(/登记机关「长春市南关区市场监督管理局」不存在或不在您的数据权限范围内/);
    const joint = await server.as('joint');
    const byJoint = await importCsv(joint, [`${nanguanOwned!.code},南关登记朝阳经营公司改名,企业,220104,5121,存续,,,`]);
    expect(byJoint).toMatchObject({ status: 'succeeded', updated: 1 });
  });

  it('applies valid_rows in batches, one log row per batch and one for the totals', async () => {
    // The test clock stands still: a later start than the earlier jobs makes "latest first" well defined.
    server.now = new Date(server.now.getTime() + 1000);
    const chaoyang = await server.as('chaoyang');
    const before = (await server.db.select({ n: count() }).from(operationLog))[0]?.n ?? 0;
    const lines = Array.from({ length: 11_000 }, (_, i) => `${uscc('220104', 10_000 + i)},长春市朝阳区批量${i}号商店,个体工商户,220104,5281,存续,,,`);
    // The test clock stands still: this job is made the latest by time, not by the order rows happen to be stored in.
    server.now = new Date(server.now.getTime() + 1000);
    const job = await importCsv(chaoyang, lines, 'valid_rows');
    expect(job).toMatchObject({ status: 'succeeded', added: 11_000, rejected: 0 });
    const rows = await server.db.select({ summary: operationLog.summary, detail: operationLog.detail }).from(operationLog)
      .where(and(sql`${operationLog.seq} > ${before}`, eq(operationLog.action, 'directory:entity:import'))).orderBy(operationLog.seq);
    expect(rows.map((r) => r.summary)).toEqual([
      '导入检查对象（提交文件）',
      '导入检查对象（第 1 批，第 2–5001 行）',
      '导入检查对象（第 2 批，第 5002–10001 行）',
      '导入检查对象（第 3 批，第 10002–11001 行）',
      '导入检查对象（完成）',
    ]);
    expect(rows[4]?.detail).toMatchObject({ added: 11_000, batches: 3 });
    const recent = (await chaoyang.get('/api/directory/import-jobs')).json<ImportJobView[]>();
    expect(recent[0]?.id).toBe(job.id);
  });

  it('reads a large .xlsx as a stream (header checked first, then the job)', async () => {
    const chaoyang = await server.as('chaoyang');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(HEADER.split(','));
    for (let i = 0; i < 6000; i++) sheet.addRow([uscc('220104', 40_000 + i), `长春市朝阳区表格${i}号商店`, '个体工商户', 220104, '5281', '存续', new Date(Date.UTC(2021, 0, 1 + (i % 300))), '', 'C']);
    const response = await upload(chaoyang, '名录.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()), 'valid_rows');
    expect(response.statusCode, response.body).toBe(202);
    const job = await finished(chaoyang, response.json<ImportJobView>().id);
    expect(job).toMatchObject({ status: 'succeeded', added: 6000, rejected: 0 });
    const [row] = await server.db.select({ registeredOn: marketEntities.registeredOn, riskClass: marketEntities.riskClass }).from(marketEntities).where(eq(marketEntities.code, uscc('220104', 40_001)));
    expect(row).toEqual({ registeredOn: '2021-01-02', riskClass: 'C' });
  });

  it('loads an empty directory, leaves indexes and constraints as the migrations made them, and upserts on the next import', async () => {
    const fresh = await startTestServer();
    try {
      const indexes = () => tableSchema(fresh.db);
      const before = await indexes();
      expect((await fresh.db.select({ n: count() }).from(marketEntities))[0]?.n).toBe(0);
      const chaoyang = await fresh.as('chaoyang');
      const importLines = async (lines: readonly string[]) => {
        const body = multipart('检查对象.csv', Buffer.from([HEADER, ...lines].join('\r\n')));
        const response = await chaoyang.raw('POST', '/api/directory/entities/import?mode=all_or_nothing', body.payload, { ...body.headers, 'x-csrf-token': chaoyang.csrf });
        expect(response.statusCode, response.body).toBe(202);
        return finished(chaoyang, response.json<ImportJobView>().id);
      };
      const line = (i: number, status: string) => `${uscc('220104', 80_000 + i)},长春市朝阳区首批${i}号商行,个体工商户,220104,5281,${status},,,`;
      expect(await importLines(Array.from({ length: 150 }, (_, i) => line(i, '存续')))).toMatchObject({ status: 'succeeded', added: 150, updated: 0 });
      expect(await indexes()).toEqual(before);
      // The same codes update instead of adding.
      const again = await importLines(Array.from({ length: 150 }, (_, i) => line(i, i < 10 ? '停业' : '存续')));
      expect(again).toMatchObject({ status: 'succeeded', added: 0, updated: 10, unchanged: 140 });
      expect((await fresh.db.select({ n: count() }).from(marketEntities))[0]?.n).toBe(150);
      expect(names((await chaoyang.get('/api/directory/entities?name=%E9%A6%96%E6%89%B912%E5%8F%B7')).json<EntityPage>())).toEqual(['长春市朝阳区首批12号商行']);
    } finally {
      await fresh.close();
    }
  });

  it('reports a job whose heartbeat stopped (server restart) as interrupted', async () => {
    const chaoyang = await server.as('chaoyang');
    const job = await importCsv(chaoyang, [good(1)]);
    await server.db.update(importJobs).set({ status: 'validating', updatedAt: new Date(server.now.getTime() - 11 * 60_000), finishedAt: null }).where(eq(importJobs.id, job.id));
    const stale = (await chaoyang.get(`/api/directory/import-jobs/${job.id}`)).json<ImportJobView>();
    expect(stale).toMatchObject({ status: 'interrupted', statusLabel: '已中断', finished: true });
    expect(stale.message).toMatch(/中断/);
  });

  it('shows a job only to the user who started it', async () => {
    const chaoyang = await server.as('chaoyang');
    const job = await importCsv(chaoyang, [good(1)]);
    const joint = await server.as('joint');
    expect((await joint.get(`/api/directory/import-jobs/${job.id}`)).statusCode).toBe(404);
    expect((await joint.get(`/api/directory/import-jobs/${job.id}/errors.xlsx`)).statusCode).toBe(404);
    expect((await (await server.as('admin')).get(`/api/directory/import-jobs/${job.id}`)).statusCode).toBe(200);
  });

  it('lists the imported records once the job ends, though a list page was read while it ran', async () => {
    const chaoyang = await server.as('chaoyang');
    const list = `/api/directory/entities?page=1&pageSize=20&name=${encodeURIComponent('缓存导入')}`;
    const before = (await chaoyang.get(list)).json<EntityPage>();
    const text = [HEADER, `${uscc('220104', 97_301)},长春市朝阳区缓存导入商行,个体工商户,220104,5281,存续,,,`].join('\r\n');
    const response = await upload(chaoyang, '检查对象.csv', Buffer.from(text));
    expect(response.statusCode, response.body).toBe(202);
    // Read while the job runs: this page is cached until the job's end drops it.
    await chaoyang.get(list);
    expect(await finished(chaoyang, response.json<ImportJobView>().id)).toMatchObject({ status: 'succeeded', added: 1 });
    const after = (await chaoyang.get(list)).json<EntityPage>();
    expect(after.total).toBe(before.total + 1);
    expect(names(after)).toContain('长春市朝阳区缓存导入商行');
  });
});
