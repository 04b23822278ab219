/** An entity export re-imports unchanged, and the untouched import template imports nothing. */
import ExcelJS from 'exceljs';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketEntities } from '../../db/schema';
import type { ImportJobView } from '../../import/jobs';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { uploadFile } from '../../test/upload';
import { seedEntities, uscc } from './test_entities';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function finished(client: Client, id: string): Promise<ImportJobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await client.get(`/api/directory/import-jobs/${id}`)).json<ImportJobView>();
    if (job.finished) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import job did not finish');
}

const stored = async (ids: number[]) => (await server.db.select().from(marketEntities).where(inArray(marketEntities.id, ids)).orderBy(marketEntities.id))
  .map(({ updatedAt: _updatedAt, ...row }) => row);

describe('entity export ↔ import', () => {
  it('exports every importable column under the template\'s headers, and the export re-imports unchanged', async () => {
    const chaoyang = await server.as('chaoyang');
    const seeded = await seedEntities(server, [
      { name: '长春市朝阳区往返商贸有限公司', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket, riskClass: 'C' },
      { name: '长春市朝阳区往返食品店', regionCode: '220104', ownerDepartmentId: server.fixture.departments.chaoyangMarket, entityType: 'individual_business', code: uscc('220104', 9001, '92'), industryCode: '5221' },
    ]);
    const ids = seeded.map((s) => s.id);
    await server.db.update(marketEntities).set({
      businessScope: '日用百货、五金交电销售', address: '吉林省长春市朝阳区往返路1号', legalRepresentative: '王五', registeredOn: '2019-07-01',
      abnormalList: true, complaintsCount: 3,
    }).where(eq(marketEntities.id, ids[0]!));
    const before = await stored(ids);

    const exported = await chaoyang.get(`/api/directory/entities/export?name=${encodeURIComponent('往返')}`);
    expect(exported.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await chaoyang.get('/api/directory/entities/import-template')).rawPayload as unknown as ArrayBuffer);
    const templateHeader = (template.worksheets[0]!.getRow(1).values as string[]).slice(1).map((h) => h.replace(/\*$/, ''));
    expect(templateHeader).toContain('经营范围');
    expect(header.slice(0, templateHeader.length)).toEqual(templateHeader);
    expect(book.worksheets[0]!.rowCount).toBe(3);

    const response = await uploadFile(chaoyang, '/api/directory/entities/import?mode=all_or_nothing', '检查对象名录.xlsx', Buffer.from(exported.rawPayload));
    expect(response.statusCode, response.body).toBe(202);
    const job = await finished(chaoyang, response.json<ImportJobView>().id);
    expect(job).toMatchObject({ status: 'succeeded', processedRows: 2, rejected: 0, added: 0, updated: 0, unchanged: 2 });
    expect(await stored(ids)).toEqual(before);
    expect(before[0]).toMatchObject({ businessScope: '日用百货、五金交电销售', riskClass: 'C', complaintsCount: 3, abnormalList: true });
  });

  it('imports nothing from the untouched template and says why', async () => {
    const chaoyang = await server.as('chaoyang');
    const entities = async () => (await server.db.select({ n: count() }).from(marketEntities))[0]?.n ?? 0;
    const before = await entities();
    const template = await chaoyang.get('/api/directory/entities/import-template');
    const response = await uploadFile(chaoyang, '/api/directory/entities/import', '检查对象导入模板.xlsx', Buffer.from(template.rawPayload));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'IMPORT_FILE_EMPTY', message: expect.stringContaining('示例行不会导入') as unknown });
    expect(await entities()).toBe(before);
  });
});
