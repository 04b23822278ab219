import { sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameSortKey, sortKeyOfReading } from '../../domain/directory/name_sort_key';
import { regions } from './schema';
import { startTestServer, type TestServer } from '../test/harness';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const keyOf = (ch: string) => sortKeyOfReading(pinyin(ch, { toneType: 'num', type: 'array', v: true })[0] ?? '') ?? undefined;

describe('pinyin order in the database (migration 0025)', () => {
  it('computes the same key as the domain rule', async () => {
    for (const name of ['长春市市场监督管理局', '国家税务总局长春市税务局', 'A座1号（分局）', '行政审批局']) {
      const [row] = await server.db.select({ key: sql<string>`pinyin_sort_key(${name})` }).from(regions).limit(1);
      expect(row?.key).toBe(nameSortKey(name, keyOf));
    }
  });

  it('lists inspectors and departments in pinyin order through the API', async () => {
    const admin = await server.as('admin');
    const department = server.fixture.departments.chaoyangMarket;
    const names = ['严', '余', '刘', '叶', '唐'].map((surname) => `${surname}检查`);
    for (const [i, name] of names.entries()) {
      const response = await admin.post('/api/directory/inspectors', {
        name, departmentId: department, certificateNo: `22010419${String(i).padStart(4, '0')}`, certificateValidUntil: '2030-12-31', status: 'on_duty',
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const page = (await admin.get(`/api/directory/inspectors?departmentId=${department}&pageSize=50`)).json<{ rows: { name: string }[] }>();
    expect(page.rows.map((r) => r.name).filter((n) => names.includes(n))).toEqual(['刘检查', '唐检查', '严检查', '叶检查', '余检查']);

    const created = await admin.post('/api/system/departments', { name: '国家税务总局长春市朝阳区税务局', type: 'taxation', regionCode: '220104', sortOrder: 0, status: 'active' });
    expect(created.statusCode, created.body).toBe(201);
    const departments = (await admin.get('/api/system/departments?pageSize=100')).json<{ rows: { name: string; regionCode: string; sortOrder: number }[] }>();
    const chaoyang = departments.rows.filter((d) => d.regionCode === '220104' && d.sortOrder === 0).map((d) => d.name);
    expect(chaoyang.indexOf('长春市朝阳区市场监督管理局')).toBeLessThan(chaoyang.indexOf('国家税务总局长春市朝阳区税务局'));

    // A rename moves the record: the trigger recomputes the key on UPDATE OF name.
    const yan = (await admin.get(`/api/directory/inspectors?departmentId=${department}&name=${encodeURIComponent('严检查')}`)).json<{ rows: { id: string }[] }>().rows[0];
    await server.db.execute(sql`update inspectors set name = '艾检查' where id = ${yan?.id ?? ''}`);
    const again = (await admin.get(`/api/directory/inspectors?departmentId=${department}&pageSize=50`)).json<{ rows: { name: string }[] }>();
    expect(again.rows.map((r) => r.name).filter((n) => n.endsWith('检查'))[0]).toBe('艾检查');
  });
});
