import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/calendar/civil_date';
import { inspectorConflicts } from '../../db/schema';
import { shanghaiDate } from '../../http/today';
import { startTestServer, type TestServer } from '../../test/harness';
import { insertInspector } from '../todos/test_workflow';
import type { InspectorRow } from './schema';

/**
 * A page's rows come from one prepared statement (store.ts, pageRows); a single inspector is still read through the
 * row query with its correlated subqueries (getInspectorInScope). Both must give the same row, field for field.
 */
let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const base = '/api/directory/inspectors';
type Page = { rows: InspectorRow[]; total: number };

describe('inspector list rows', () => {
  it('equal the rows read one by one, in the list order, for every filter, page and scope', async () => {
    const { departments: d, users } = server.fixture;
    const today = shanghaiDate(server.now);
    const add = (name: string, departmentId: string, regionCode: string, days: number | null, more: { status?: string; userId?: string; expertise?: string[] } = {}) =>
      insertInspector(server, { name, departmentId, regionCode, validUntil: days === null ? null : addDays(today, days), ...more });
    const ai = await add('艾列表', d.chaoyangMarket, '220104', 400, { userId: users.inspector, expertise: ['食品安全'] });
    const ba = await add('巴列表', d.chaoyangMarket, '220104', 10, { expertise: ['特种设备', '食品安全'] });
    await add('陈列表', d.chaoyangMarket, '220104', -3, { status: 'on_leave' });
    await add('丁列表', d.chaoyangMarket, '220199', null); // a region the regions table does not hold: no region name
    await add('鄂列表', d.nanguanMarket, '220102', 100);
    await add('冯列表', d.cityMarket, '220100', 200, { status: 'transferred' });
    await add('龚列表', d.jilinMarket, '220200', 50);
    // Two active 回避 and a withdrawn one for 艾, only a withdrawn one for 巴.
    await server.db.insert(inspectorConflicts).values([
      { inspectorId: ai, personName: '某甲', reason: '亲属' },
      { inspectorId: ai, personName: '某乙', reason: '同学' },
      { inspectorId: ai, personName: '某丙', reason: '曾任职', withdrawnAt: server.now },
      { inspectorId: ba, personName: '某丁', reason: '亲属', withdrawnAt: server.now },
    ]);

    const queries = ['', 'pageSize=2', 'pageSize=2&page=2', 'pageSize=2&page=9', `departmentId=${d.chaoyangMarket}`, `name=${encodeURIComponent('列表')}`,
      'status=on_leave', 'certificate=expiring', 'certificate=missing', `expertise=${encodeURIComponent('食品安全')}`, 'regionCode=220104'];
    for (const account of ['admin', 'joint', 'chaoyang', 'inspector']) {
      const client = await server.as(account);
      for (const query of queries) {
        const page = (await client.get(`${base}?${query}`)).json<Page>();
        const one = await Promise.all(page.rows.map(async (r) => (await client.get(`${base}/${r.id}`)).json<InspectorRow>()));
        expect(page.rows, `${account} ?${query}`).toEqual(one);
      }
      // Pages of two are the full list cut in pieces (the same order).
      const all = (await client.get(`${base}?pageSize=100`)).json<Page>();
      const pieces: InspectorRow[] = [];
      for (let p = 1; p <= Math.ceil(all.total / 2); p += 1) pieces.push(...(await client.get(`${base}?pageSize=2&page=${p}`)).json<Page>().rows);
      expect(pieces.map((r) => r.id), account).toEqual(all.rows.map((r) => r.id));
    }

    const chaoyang = (await (await server.as('chaoyang')).get(`${base}?departmentId=${d.chaoyangMarket}&pageSize=100`)).json<Page>();
    expect(chaoyang.rows.map((r) => r.name)).toEqual(['艾列表', '巴列表', '陈列表', '丁列表']);
    expect(chaoyang.rows.map((r) => r.activeRecusalCount)).toEqual([2, 0, 0, 0]);
    expect(chaoyang.rows.map((r) => r.userAccount)).toEqual(['inspector', null, null, null]);
    expect(chaoyang.rows.map((r) => r.regionName)).toEqual(['朝阳区', '朝阳区', '朝阳区', null]);
    expect(chaoyang.rows.map((r) => r.certificateState)).toEqual(['valid', 'expiring', 'expired', 'missing']);
  });
});
