import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_SHEET_COLUMNS } from '../../../domain/checklist/check_sheet';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import type { ItemRow, VersionDetail } from './schema';
import { addNode, addOutsider, buildSampleTree, contentBody, createList, itemBody, publish, subitemBody } from './test_fixtures';

let server: TestServer;
let chaoyang: Client;
let v1: string;
beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  chaoyang = await server.as('chaoyang');
  const list = await createList(chaoyang, { name: '朝阳区市场监管局随机抽查事项清单', departmentId: server.fixture.departments.chaoyangMarket });
  v1 = `/api/directory/checklists/${list.id}/versions/1`;
});
afterAll(async () => { await server.close(); });

const items = async (url: string) => (await chaoyang.get(url)).json<VersionDetail>().items;
const strip = (rows: readonly ItemRow[]) => rows.map(({ id: _id, parentId: _parentId, ...rest }) => rest);

function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----suiji-checklist-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function sheet(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('检查表');
  for (const row of rows) ws.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(url: string, file: Buffer, mode = 'all_or_nothing', name = '检查表.xlsx') {
  const body = multipart(name, file);
  return chaoyang.raw('POST', `${url}/import?mode=${mode}`, body.payload, { ...body.headers, 'x-csrf-token': chaoyang.csrf });
}

describe('editing the tree of a draft', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'POST', `${v1}/items`, 'outsider', itemBody('SX-001', '事项'));
    await expectAuthRefusals(server, 'PUT', `${v1}/order`, 'outsider', { parentId: null, itemIds: ['00000000-0000-4000-8000-000000000000'] });
    await expectAuthRefusals(server, 'GET', `${v1}/export`, 'outsider');
    await expectAuthRefusals(server, 'GET', '/api/directory/checklists/import-template', 'inspector');
  });

  it('rejects each invalid field, including the fields a 检查事项 needs, with Chinese messages', async () => {
    await expectFieldErrors(chaoyang, 'POST', `${v1}/items`, itemBody('SX-001', '企业公示信息检查'), {
      code: ['', 'a b', 'x'.repeat(41), 5],
      name: ['', 'n'.repeat(301), null],
      category: ['urgent', null],
      target: ['t'.repeat(201), null, ''],
      methods: [['phone'], [1], 'on_site', []],
      subject: [null],
      basis: ['b'.repeat(2001), null],
      resultOptions: [[''], ['x'.repeat(21)], 'a', ['正常'], ['正常', '正常']],
      parentId: ['nope', '00000000-0000-4000-8000-000000000000'],
    });
    expect(await items(v1)).toEqual([]);
  });

  it('takes the level from the parent and keeps only the fields of that level', async () => {
    const item = await addNode(chaoyang, v1, itemBody('SX-001', '企业公示信息检查'));
    expect(item).toMatchObject({ level: 'item', depth: 0, category: 'general', methods: ['on_site', 'documents'], inherited: false, source: null });
    const sub = await addNode(chaoyang, v1, { ...subitemBody(item.id, 'SX-001-01', '年度报告公示信息'), category: 'key', methods: ['online'], target: '无关', checkMethod: '无关' });
    expect(sub).toMatchObject({ level: 'subitem', depth: 1, category: null, methods: [], target: null, checkMethod: null, resultOptions: [] });
    await expectFieldErrors(chaoyang, 'POST', `${v1}/items`, contentBody(sub.id, 'SX-001-01-01', '内容'), {
      checkMethod: [null, ''], yesWording: [null, 'w'.repeat(201)], noWording: [null, '公示信息真实、及时'],
    });
    const content = await addNode(chaoyang, v1, contentBody(sub.id, 'SX-001-01-01', '企业通信地址等信息是否真实'));
    expect(content).toMatchObject({ level: 'content', depth: 2, checkMethod: '查阅企业年度报告，实地核查' });
    const below = await chaoyang.post(`${v1}/items`, contentBody(content.id, 'SX-001-01-01-01', '更下一级'));
    expect(below.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '检查内容下不能再添加下级' });
    const taken = await chaoyang.post(`${v1}/items`, subitemBody(item.id, 'SX-001-01-01', '重复编码'));
    expect(taken.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '编码「SX-001-01-01」已被检查内容「企业通信地址等信息是否真实」（SX-001-01-01）使用' });
    const noResults = await addNode(chaoyang, v1, { ...itemBody('SX-002', '广告发布检查'), resultOptions: undefined });
    expect(noResults.resultOptions).toEqual(['正常', '不正常']);
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:checklist:update', summary: '新增清单事项', outcome: 'success' });
  });

  it('edits a node in place, refusing codes in use and unknown nodes', async () => {
    const [item, sub, content] = await items(v1);
    const renamed = await chaoyang.put(`${v1}/items/${item?.id ?? ''}`, { ...itemBody('SX-001', '企业即时公示信息和年报信息检查'), category: 'key' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<ItemRow>()).toMatchObject({ name: '企业即时公示信息和年报信息检查', category: 'key', level: 'item' });
    const recoded = await chaoyang.put(`${v1}/items/${content?.id ?? ''}`, { ...contentBody('', 'SX-001-01-09', '企业通信地址等信息是否真实') });
    expect(recoded.json<ItemRow>()).toMatchObject({ code: 'SX-001-01-09', parentId: sub?.id });
    const clash = await chaoyang.put(`${v1}/items/${sub?.id ?? ''}`, { code: 'SX-002', name: '年度报告公示信息' });
    expect(clash.statusCode).toBe(400);
    expect(clash.json()).toMatchObject({ details: [{ field: 'code' }] });
    const same = await chaoyang.put(`${v1}/items/${content?.id ?? ''}`, { ...contentBody('', 'SX-001-01-09', '内容'), noWording: '公示信息真实、及时' });
    expect(same.json()).toMatchObject({ details: [{ field: 'noWording', message: '检查内容「内容」（SX-001-01-09）：“是”与“否”的表述不能相同' }] });
    expect((await chaoyang.put(`${v1}/items/00000000-0000-4000-8000-000000000000`, itemBody('SX-009', '无此事项'))).statusCode).toBe(404);
    expect((await chaoyang.delete(`${v1}/items/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('reorders the children of one parent, and refuses anything but exactly those children', async () => {
    const before = await items(v1);
    const roots = before.filter((i) => i.parentId === null).map((i) => i.id);
    expect((await chaoyang.put(`${v1}/order`, { parentId: null, itemIds: [...roots].reverse() })).statusCode).toBe(204);
    expect((await items(v1)).map((i) => i.code)).toEqual(['SX-002', 'SX-001', 'SX-001-01', 'SX-001-01-09']);
    for (const itemIds of [[roots[0]], [roots[0], roots[0]], [roots[0], before[1]?.id]]) {
      const refused = await chaoyang.put(`${v1}/order`, { parentId: null, itemIds });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ details: [{ field: 'itemIds' }] });
    }
    await expectFieldErrors(chaoyang, 'PUT', `${v1}/order`, { parentId: null, itemIds: roots }, { itemIds: [[], 'x', ['nope']], parentId: ['nope'] });
  });

  it('deletes a node with all its descendants', async () => {
    const sub = (await items(v1)).find((i) => i.code === 'SX-001-01');
    expect((await chaoyang.delete(`${v1}/items/${sub?.id ?? ''}`)).statusCode).toBe(204);
    expect((await items(v1)).map((i) => i.code)).toEqual(['SX-002', 'SX-001']);
    expect(await lastOperation(server)).toMatchObject({ summary: '删除抽查事项清单事项', outcome: 'success' });
  });
});

describe('the 检查表 as .xlsx', () => {
  let source: string;
  let target: string;

  beforeAll(async () => {
    const a = await createList(chaoyang, { name: '导出用清单', departmentId: server.fixture.departments.chaoyangMarket });
    source = `/api/directory/checklists/${a.id}/versions/1`;
    await buildSampleTree(chaoyang, source);
    await publish(chaoyang, source);
    const b = await createList(chaoyang, { name: '导入用清单', departmentId: server.fixture.departments.chaoyangMarket });
    target = `/api/directory/checklists/${b.id}/versions/1`;
  });

  it('exports one line per 检查内容 with 事项 / 子项 / 内容 / 方法 / 是 / 否 / 依据', async () => {
    const response = await chaoyang.get(`${source}/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('导出用清单（第1版）检查表.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0];
    const values = (n: number) => (ws?.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(CHECK_SHEET_COLUMNS.map((c) => c.header));
    expect(ws?.rowCount).toBe(5);
    expect(values(2)).toEqual(['SX-001', '企业公示信息检查', '一般检查事项', '辖区内企业', '实地核查、书面检查', '长春市朝阳区市场监督管理局', 'SX-001-01', '年度报告公示信息',
      'SX-001-01-01', '企业通信地址、邮政编码、联系电话、电子邮箱等信息是否真实', '查阅企业年度报告，实地核查', '公示信息真实、及时', '公示信息不真实或未按时公示', '《企业信息公示暂行条例》第十四条', '正常、不正常']);
  });

  it('imports an exported 检查表 into a draft unchanged, and downloads a template', async () => {
    const template = await chaoyang.get('/api/directory/checklists/import-template');
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const file = (await chaoyang.get(`${source}/export`)).rawPayload;
    const response = await upload(target, file);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ added: 4, rejected: 0, errors: [] });
    expect(strip(await items(target))).toEqual(strip(await items(source)));
    expect(await lastOperation(server)).toMatchObject({ summary: '导入抽查事项清单', outcome: 'success' });
  });

  it('reports every wrong line; imports nothing, or only the correct 检查事项, as asked', async () => {
    const headers = CHECK_SHEET_COLUMNS.map((c) => c.header);
    const good = ['SX-101', '价格行为检查', '一般', '经营者', '实地核查', '朝阳区市场监管局', 'SX-101-01', '明码标价', 'SX-101-01-01', '是否明码标价', '查看现场', '已明码标价', '未明码标价', '《中华人民共和国价格法》第十三条', ''];
    const bad = ['SX-102', '广告发布检查', '特别', '广告主', '实地核查', '朝阳区市场监管局', 'SX-102-01', '广告内容', 'SX-102-01-01', '是否虚假宣传', '', '否', '否', '《中华人民共和国广告法》第四条', ''];
    const file = await sheet([headers, good, bad]);
    const all = await upload(target, file);
    expect(all.json()).toMatchObject({
      added: 0, rejected: 2,
      errors: [
        { row: 3, column: '事项类别', message: '事项类别「特别」无法识别，应为 一般 或 重点' },
        { row: 3, column: '事项类别', message: '检查事项「广告发布检查」（SX-102）：请选择事项类别（一般或重点）' },
        { row: 3, column: '检查方法', message: '检查内容「是否虚假宣传」（SX-102-01-01）：缺少检查方法' },
        { row: 3, column: '否', message: '检查内容「是否虚假宣传」（SX-102-01-01）：“是”与“否”的表述不能相同' },
      ],
    });
    expect((await items(target)).map((i) => i.code)[0]).toBe('SX-001');
    const some = await upload(target, file, 'valid_rows');
    expect(some.json()).toMatchObject({ added: 1, rejected: 1 });
    expect((await items(target)).map((i) => i.code)).toEqual(['SX-101', 'SX-101-01', 'SX-101-01-01']);
  });

  it('rejects files that are not 检查表 and drafts that are published', async () => {
    for (const [name, content, code] of [
      ['empty.csv', Buffer.alloc(0), 'IMPORT_FILE_INVALID'],
      ['list.pdf', Buffer.from('%PDF-1.4'), 'IMPORT_FILE_INVALID'],
      ['columns.csv', Buffer.from('检查事项,备注\n价格,x\n'), 'IMPORT_FILE_INVALID'],
      ['headers-only.csv', Buffer.from(`${CHECK_SHEET_COLUMNS.map((c) => c.header).join(',')}\n`), 'IMPORT_FILE_EMPTY'],
    ] as const) {
      const response = await upload(target, content, 'all_or_nothing', name);
      expect(response.statusCode, name).toBe(400);
      expect(response.json<{ code: string }>().code, name).toBe(code);
    }
    const locked = await upload(source, await sheet([CHECK_SHEET_COLUMNS.map((c) => c.header)]));
    expect(locked.statusCode).toBe(409);
    const noFile = await chaoyang.post(`${target}/import`, {});
    expect(noFile.statusCode).toBe(400);
  });
});
