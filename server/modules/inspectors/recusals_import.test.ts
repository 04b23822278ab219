import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketEntities } from '../../db/schema';
import type { ImportResult } from '../../import/upload';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { uploadFile } from '../../test/upload';
import type { InspectorRow, RecusalRow } from './schema';
import { activeRecusalsOf } from './store';

let server: TestServer;
let inspector: InspectorRow;
let entityId: number;
beforeAll(async () => {
  server = await startTestServer();
  const [entity] = await server.db.insert(marketEntities).values({
    code: '91220104MA0000001X', codeType: 'uscc', name: '长春朝阳亲戚商贸有限公司', entityType: 'enterprise', regionCode: '220104', status: 'active',
  }).returning({ id: marketEntities.id });
  entityId = entity!.id;
  const chaoyang = await server.as('chaoyang');
  inspector = (await chaoyang.post('/api/directory/inspectors', {
    name: '周回避', departmentId: server.fixture.departments.chaoyangMarket, certificateNo: 'ZY0001', certificateValidUntil: '2099-12-31', phone: '13800001111',
  })).json<InspectorRow>();
});
afterAll(async () => { await server.close(); });

const recusals = () => `/api/directory/inspectors/${inspector.id}/recusals`;

describe('回避 (recusal)', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'POST', recusals(), 'inspector', { entityId, reason: '亲属任法定代表人' });
    await expectAuthRefusals(server, 'POST', `${recusals()}/${inspector.id}/withdraw`, 'inspector', {});
    await expectAuthRefusals(server, 'GET', `/api/directory/inspectors/${inspector.id}/entity-choices?keyword=${encodeURIComponent('亲戚')}`, 'inspector');
    const anon = await server.anon();
    expect((await anon.get(recusals())).statusCode).toBe(401);
  });

  it('rejects each invalid field, and an entity that does not exist', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', recusals(), { entityId, personName: null, reason: '亲属任法定代表人' }, {
      entityId: [0, 'x', null, 999_999_999],
      reason: ['', 'x', 'a'.repeat(201)],
      personName: ['a'.repeat(65)],
    });
    const both = await chaoyang.post(recusals(), { entityId, personName: '张三', reason: '两个都填' });
    expect(both.statusCode).toBe(400);
  });

  it('declares a conflict with an entity and with a person, each recorded, and answers 404 out of scope', async () => {
    const chaoyang = await server.as('chaoyang');
    const choices = (await chaoyang.get(`/api/directory/inspectors/${inspector.id}/entity-choices?keyword=${encodeURIComponent('亲戚')}`)).json<{ id: number; name: string }[]>();
    expect(choices).toEqual([{ id: entityId, code: '91220104MA0000001X', name: '长春朝阳亲戚商贸有限公司' }]);
    expect((await chaoyang.get(`/api/directory/inspectors/${inspector.id}/entity-choices?keyword=x`)).statusCode).toBe(400);
    const first = await chaoyang.post(recusals(), { entityId, reason: '配偶任该公司法定代表人' });
    expect(first.statusCode).toBe(201);
    expect(first.json<RecusalRow>()).toMatchObject({ entityName: '长春朝阳亲戚商贸有限公司', active: true, createdByName: '朝阳区管理员' });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:inspector:update', summary: '登记回避', targetId: inspector.id });
    expect((await chaoyang.post(recusals(), { entityId, reason: '重复登记' })).json()).toMatchObject({ code: 'RECUSAL_EXISTS' });
    expect((await chaoyang.post(recusals(), { personName: '周某某', reason: '兄弟经营个体户' })).statusCode).toBe(201);
    const list = (await chaoyang.get(recusals())).json<RecusalRow[]>();
    expect(list).toHaveLength(2);
    expect((await chaoyang.get(`/api/directory/inspectors/${inspector.id}`)).json<InspectorRow>().activeRecusalCount).toBe(2);
    expect(await activeRecusalsOf(server.db, [inspector.id])).toHaveLength(2);
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get(recusals())).statusCode).toBe(404);
    expect((await nanguan.post(recusals(), { entityId, reason: '越权登记' })).statusCode).toBe(404);
    expect((await nanguan.post(`${recusals()}/${list[0]!.id}/withdraw`, {})).statusCode).toBe(404);
  });

  it('withdraws a declaration, keeping it in the history', async () => {
    const chaoyang = await server.as('chaoyang');
    const [first] = (await chaoyang.get(recusals())).json<RecusalRow[]>();
    await expectFieldErrors(chaoyang, 'POST', `${recusals()}/${first!.id}/withdraw`, {}, { reason: ['a'.repeat(201)] });
    expect((await chaoyang.post(`${recusals()}/00000000-0000-4000-8000-000000000000/withdraw`, {})).statusCode).toBe(404);
    const withdrawn = await chaoyang.post(`${recusals()}/${first!.id}/withdraw`, { reason: '已离婚' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json<RecusalRow>()).toMatchObject({ active: false });
    expect(await lastOperation(server)).toMatchObject({ summary: '撤回回避', outcome: 'success' });
    expect((await chaoyang.post(`${recusals()}/${first!.id}/withdraw`, {})).json()).toMatchObject({ code: 'RECUSAL_WITHDRAWN' });
    const list = (await chaoyang.get(recusals())).json<RecusalRow[]>();
    expect(list.map((r) => r.active)).toEqual([true, false]);
    expect(await activeRecusalsOf(server.db, [inspector.id])).toHaveLength(1);
  });
});

describe('执法检查人员导入', () => {
  const url = '/api/directory/inspectors/import';
  const csv = [
    '姓名,性别,部门,执法岗位,执法证号,有效期至,业务专长,联系电话,状态,行政区划代码',
    '吴导入,女,长春市朝阳区市场监督管理局,食品监管,ZY0101,2029-06-30,食品安全、餐饮,13800000001,在岗,',
    '周回避,男,长春市朝阳区市场监督管理局,综合执法,ZY0001,2030-01-01,,,休假,220104',
    '郑越权,男,长春市南关区市场监督管理局,,ZY0102,2029-06-30,,,在岗,',
    '冯错误,未知,长春市朝阳区市场监督管理局,,ZY0101,2029-02-30,,123,离职,220102',
  ].join('\r\n');

  it('refuses anonymous callers and callers without the permission', async () => {
    const anon = await server.anon();
    expect((await uploadFile(anon, url, 'a.csv', csv)).statusCode).toBe(401);
    const self = await server.as('inspector');
    expect((await uploadFile(self, url, 'a.csv', csv)).statusCode).toBe(403);
  });

  it('all-or-nothing reports every problem by row and column and imports nothing', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await uploadFile(chaoyang, `${url}?mode=all_or_nothing`, '人员.csv', iconv.encode(csv, 'gbk'));
    expect(response.statusCode).toBe(200);
    const result = response.json<ImportResult>();
    expect(result).toMatchObject({ added: 0, updated: 0, rejected: 4 });
    expect(result.errors).toEqual(expect.arrayContaining([
      { row: 4, column: '部门', message: '部门「长春市南关区市场监督管理局」不存在或不在您的权限范围内' },
      { row: 5, column: '性别', message: '性别只能填写 男 或 女' },
      { row: 5, column: '执法证号', message: '与第 2 行执法证号重复' },
      expect.objectContaining({ row: 5, column: '有效期至' }),
      { row: 5, column: '联系电话', message: '联系电话应为 11 位手机号或带区号的固定电话' },
      { row: 5, column: '状态', message: '状态只能填写 在岗、休假、调离 或 退休' },
      { row: 5, column: '行政区划代码', message: '行政区划应为长春市朝阳区市场监督管理局所在区划或其下级' },
    ]));
    expect((await chaoyang.get('/api/directory/inspectors?certificateNo=ZY0101')).json<{ total: number }>().total).toBe(0);
  });

  it('valid-rows imports the good rows: a new inspector and an update by 执法证号', async () => {
    const chaoyang = await server.as('chaoyang');
    const result = (await uploadFile(chaoyang, `${url}?mode=valid_rows`, '人员.csv', csv)).json<ImportResult>();
    expect(result).toMatchObject({ added: 1, updated: 1, rejected: 2 });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:inspector:import', outcome: 'success' });
    const rows = (await chaoyang.get('/api/directory/inspectors')).json<{ rows: InspectorRow[] }>().rows;
    expect(rows.find((r) => r.certificateNo === 'ZY0101')).toMatchObject({ name: '吴导入', gender: 'female', expertise: ['食品安全', '餐饮'], regionCode: '220104', certificateValidUntil: '2029-06-30' });
    expect(rows.find((r) => r.certificateNo === 'ZY0001')).toMatchObject({ status: 'on_leave', post: '综合执法', certificateValidUntil: '2030-01-01' });
  });

  it('refuses an 执法证号 registered by another department, reads .xlsx, and serves the template', async () => {
    const nanguan = await server.as('nanguan');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入数据');
    sheet.addRow(['姓名*', '部门*', '执法证号*', '有效期至']);
    sheet.addRow(['示例：张三', '长春市南关区市场监督管理局', 'X0000', '2028-12-31']);
    sheet.addRow(['陈南关', '长春市南关区市场监督管理局', 'ZY0101', '2028-12-31']);
    sheet.addRow(['褚南关', '长春市南关区市场监督管理局', 'NG0001', new Date('2028-12-31T00:00:00Z')]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = (await uploadFile(nanguan, `${url}?mode=valid_rows`, '人员.xlsx', buffer)).json<ImportResult>();
    expect(result, JSON.stringify(result.errors)).toMatchObject({ added: 1, rejected: 1 });
    expect(result.errors).toEqual([{ row: 3, column: '执法证号', message: '该执法证号已由其他部门登记，不在您的数据权限范围内' }]);
    expect((await nanguan.get('/api/directory/inspectors')).json<{ rows: InspectorRow[] }>().rows[0]).toMatchObject({ name: '褚南关', certificateValidUntil: '2028-12-31' });
    for (const [name, content, code] of [['x.pdf', '%PDF-1.4', 'IMPORT_FILE_INVALID'], ['x.csv', '姓名\n张三\n', 'IMPORT_FILE_INVALID'], ['x.csv', '姓名,部门,执法证号\n', 'IMPORT_FILE_EMPTY']] as const) {
      const response = await uploadFile(nanguan, url, name, content);
      expect(response.statusCode, name).toBe(400);
      expect(response.json<{ code: string }>().code, name).toBe(code);
    }
    const template = await nanguan.get('/api/directory/inspectors/import-template');
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
