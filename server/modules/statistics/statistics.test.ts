import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectionResults, marketEntities } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { at } from '../dispatch/test_fixtures';
import { documentText } from '../notices/test_fixtures';
import { addResultWorld, type ResultWorld } from '../results/test_fixtures';
import type { Dashboard, WeightsView } from './schema';

let server: TestServer;
let world: ResultWorld;
const URL = '/api/statistics/dashboard?year=2026';

/**
 * One joint task of 朝阳区 (南关区 participating), four objects: one published on time without a problem, one entered
 * late and published with a problem corrected, one submitted and now past its publication deadline, one without a
 * result. Today is 30 December 2026.
 */
beforeAll(async () => {
  server = await startTestServer();
  world = await addResultWorld(server, { objects: 4 });
  const classes: [string | null, string | null][] = [['A', '5191'], ['C', '5211'], ['C', '1310'], [null, null]];
  for (const [k, entityId] of world.entities.entries()) {
    const [riskClass, industryCode] = classes[k] ?? [null, null];
    await server.db.update(marketEntities).set({ riskClass, industryCode }).where(eq(marketEntities.id, entityId));
  }
  const d = server.fixture.departments;
  const base = { taskId: world.taskId, departmentId: d.chaoyangMarket, regionCode: '220104', checkMethod: 'on_site', disposal: 'none', entryDue: '2026-12-08', publishDue: '2026-12-29', checkDate: '2026-12-01' };
  const object = (k: number) => ({ taskObjectId: world.objects[k] ?? '', entityId: world.entities[k] ?? 0 });
  await server.db.insert(inspectionResults).values([
    { ...base, ...object(0), status: 'published', resultCategory: 'no_problem', submittedAt: new Date('2026-12-02T02:00:00Z'), publishedAt: new Date('2026-12-10T02:00:00Z') },
    { ...base, ...object(1), status: 'published', resultCategory: 'corrected', submittedAt: new Date('2026-12-10T02:00:00Z'), publishedAt: new Date('2026-12-11T02:00:00Z') },
    { ...base, ...object(2), status: 'submitted', resultCategory: 'no_problem', submittedAt: new Date('2026-12-03T02:00:00Z') },
  ]);
  at(server, '2026-12-30T01:00:00Z');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const rateOf = (d: Dashboard, key: string) => d.indicators.find((i) => i.key === key);

describe('statistics dashboard', () => {
  it('refuses the anonymous (401) and those without the permission (403)', async () => {
    await expectAuthRefusals(server, 'GET', URL, 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/statistics/export?year=2026&table=departments', 'inspector');
    await expectAuthRefusals(server, 'GET', '/api/statistics/report.docx?year=2026', 'inspector');
  });

  it('names each bad filter (400)', async () => {
    const joint = await server.as('joint');
    const cases: [string, string][] = [
      ['year=abc', 'year'], ['year=1999', 'year'], ['year=2101', 'year'], ['year=2026.5', 'year'], ['', 'year'],
      ['year=2026&regionCode=22', 'regionCode'], ['year=2026&departmentId=x', 'departmentId'], ['year=2026&table=secret', 'table'],
    ];
    for (const [query, field] of cases) {
      const path = field === 'table' ? '/api/statistics/export' : '/api/statistics/dashboard';
      const response = await joint.get(`${path}?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ code: string; message: string; details?: { field: string }[] }>();
      expect(body.details?.some((d) => d.field === field), `${query}: ${body.message}`).toBe(true);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('refuses another department’s or region’s numbers (403)', async () => {
    const nanguan = await server.as('nanguan');
    const other = await nanguan.get(`${URL}&departmentId=${server.fixture.departments.chaoyangMarket}`);
    expect(other.statusCode).toBe(403);
    expect((await (await server.as('joint')).get(`${URL}&regionCode=220200`)).statusCode).toBe(403);
    expect((await (await server.as('chaoyang')).get(`/api/statistics/export?year=2026&table=departments&departmentId=${server.fixture.departments.nanguanMarket}`)).statusCode).toBe(403);
  });

  it('counts the office’s region exactly', async () => {
    const d = (await (await server.as('joint')).get(URL)).json<Dashboard>();
    expect(rateOf(d, 'completion')).toMatchObject({ numerator: 3, denominator: 4, rate: 75 });
    expect(rateOf(d, 'entry_on_time')).toMatchObject({ numerator: 2, denominator: 3, rate: 66.7 });
    expect(rateOf(d, 'publication_on_time')).toMatchObject({ numerator: 2, denominator: 3, rate: 66.7 });
    expect(rateOf(d, 'joint_share')).toMatchObject({ numerator: 4, denominator: 4, rate: 100 });
    expect(rateOf(d, 'coverage')).toMatchObject({ numerator: 3, denominator: 3, rate: 100 });
    expect(rateOf(d, 'problem_rate')).toMatchObject({ numerator: 1, denominator: 2, rate: 50 });
    expect(d.overdue).toEqual({ entry: 0, publication: 1, missingAfterPeriod: 0 });
    // 75×30 + 66.7×20 + 66.7×20 + 100×15 + 100×15, over 100.
    expect(d.assessment).toMatchObject({ score: 79.2, weightsSource: null });
    // 南关区 led no task: its list's coverage shows (its item is used by the joint task), it is not scored.
    expect(d.departments.map((u) => [u.name, u.objects, u.completed, u.coverage, u.score])).toEqual([
      ['长春市朝阳区市场监督管理局', 4, 3, 100, 79.2], ['长春市南关区市场监督管理局', 0, 0, 100, null],
    ]);
    expect(d.regions.map((u) => [u.key, u.name, u.objects])).toEqual([['220104', '朝阳区', 4]]);
    expect(d.byCreditClass).toEqual([
      { key: 'A', label: 'A 类（信用风险低）', results: 1, inspected: 1, problems: 0, rate: 0 },
      { key: 'C', label: 'C 类（信用风险较高）', results: 2, inspected: 1, problems: 1, rate: 100 },
    ]);
    expect(d.byIndustry.map((r) => [r.key, r.results, r.inspected, r.problems, r.rate])).toEqual([['C', 1, 0, 0, null], ['F', 2, 2, 1, 50]]);
    expect(d.burden).toEqual([
      { bucket: '1', label: '1 次', entities: 4, overCap: false },
      { bucket: '2', label: '2 次', entities: 0, overCap: false },
      { bucket: '3+', label: '3 次及以上', entities: 0, overCap: true },
    ]);
    // The busiest first, then in pinyin order: 李, 王, 张.
    expect(d.workload.map((w) => [w.name.replace(/\d+$/, ''), w.objects, w.leads, w.completed])).toEqual([['李组员', 4, 0, 3], ['王组员', 4, 0, 3], ['张组长', 4, 4, 3]]);
  });

  it('shows a department only the tasks it leads', async () => {
    const chaoyang = (await (await server.as('chaoyang')).get(URL)).json<Dashboard>();
    expect(rateOf(chaoyang, 'completion')).toMatchObject({ numerator: 3, denominator: 4 });
    expect(rateOf(chaoyang, 'coverage')).toMatchObject({ numerator: 2, denominator: 2 });
    const nanguan = (await (await server.as('nanguan')).get(URL)).json<Dashboard>();
    expect(rateOf(nanguan, 'completion')).toMatchObject({ numerator: 0, denominator: 0, rate: null });
    expect(rateOf(nanguan, 'coverage')).toMatchObject({ numerator: 0, denominator: 1, rate: 0 });
    expect(nanguan.departments.map((u) => [u.name, u.objects, u.coverage, u.score])).toEqual([['长春市南关区市场监督管理局', 0, 0, null]]);
    expect(nanguan.workload).toEqual([]);
  });

  it('exports a table as .xlsx and logs the export', async () => {
    const response = await (await server.as('joint')).get('/api/statistics/export?year=2026&table=departments');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('2026年部门考核.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('部门考核');
    expect(sheet?.getRow(1).getCell(1).value).toBe('部门');
    expect(sheet?.getRow(2).values).toEqual([undefined, '长春市朝阳区市场监督管理局', 4, 3, '75%', '66.7%', '66.7%', '100%', '100%', 0, 1, 0, '50%', 79.2]);
    expect(await lastOperation(server)).toMatchObject({ summary: '导出统计表', action: 'statistics:report:export', targetType: 'statistics', targetId: '2026' });
  });

  it('writes the year report as .docx', async () => {
    const response = await (await server.as('chaoyang')).get('/api/statistics/report.docx?year=2026');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('2026年度统计分析与考核报告-长春市朝阳区市场监督管理局.docx'));
    const text = documentText(strFromU8(unzipSync(new Uint8Array(response.rawPayload))['word/document.xml'] ?? new Uint8Array()));
    expect(text).toContain('2026年度“双随机、一公开”监管统计分析与考核报告');
    expect(text).toContain('任务完成率：75%（3/4）');
    expect(text).toContain('综合得分：79.2 分');
    expect(text).toContain('C 类（信用风险较高）');
    expect(await lastOperation(server)).toMatchObject({ summary: '下载年度统计与考核报告', targetId: '2026' });
  });
});

describe('assessment weights (长春第27条)', () => {
  const valid = { completion: 30, entry_on_time: 20, publication_on_time: 20, coverage: 15, joint_share: 15 };

  it('refuses the anonymous, a department, another region, and bad weights field by field', async () => {
    await expectAuthRefusals(server, 'PUT', '/api/statistics/weights/220100', 'chaoyang', valid);
    const joint = await server.as('joint');
    expect((await joint.put('/api/statistics/weights/220200', valid)).statusCode).toBe(403);
    await expectFieldErrors(joint, 'PUT', '/api/statistics/weights/220100', valid, {
      completion: [-1, 101, 1.5, '30', null], entry_on_time: [undefined], joint_share: [200],
    });
    const sum = await joint.put('/api/statistics/weights/220100', { ...valid, completion: 40 });
    expect(sum.statusCode).toBe(400);
    expect(sum.json()).toMatchObject({ message: '各项权重之和须为 100（当前为 110）', details: [{ field: 'weights' }] });
  });

  it('saves the region’s weights, which then score its departments', async () => {
    const joint = await server.as('joint');
    expect((await joint.get('/api/statistics/weights/220104')).json<WeightsView>()).toMatchObject({ source: null, weights: valid });
    const saved = await joint.put('/api/statistics/weights/220100', { completion: 100, entry_on_time: 0, publication_on_time: 0, coverage: 0, joint_share: 0 });
    expect(saved.statusCode).toBe(200);
    expect(await lastOperation(server)).toMatchObject({ summary: '设置考核权重', targetId: '220100' });
    expect((await joint.get('/api/statistics/weights/220104')).json<WeightsView>()).toMatchObject({ source: '220100', weights: { completion: 100 } });
    const d = (await joint.get(URL)).json<Dashboard>();
    expect(d.assessment).toMatchObject({ score: 75, weightsSource: '220100' });
    expect(d.departments[0]?.score).toBe(75);
  });
});
