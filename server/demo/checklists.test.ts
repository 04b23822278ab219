import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departments } from '../db/schema';
import { startTestServer, type TestServer } from '../test/harness';
import type { ChecklistDetail, VersionDetail } from '../modules/checklists/schema';
import { loadDemoChecklists } from './checklists';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const add = async (name: string, type: string) => {
    const [row] = await server.db.insert(departments).values({ name, type, regionCode: '220100' }).returning({ id: departments.id });
    return row?.id ?? '';
  };
  const d = server.fixture.departments;
  const departmentsByKey = new Map([
    ['dept-220100-market_regulation', d.cityMarket],
    ['dept-220100-ecology_environment', await add('长春市生态环境局', 'ecology_environment')],
    ['dept-220100-emergency', await add('长春市应急管理局', 'emergency')],
    ['dept-220104-market_regulation', d.chaoyangMarket],
    ['dept-220100-joint_office', d.cityJointOffice],
  ]);
  const result = await loadDemoChecklists(server.db, {
    departmentsByKey, adminUserId: server.fixture.users.admin,
    publishersByDepartmentKey: new Map([['dept-220104-market_regulation', server.fixture.users.chaoyang], ['dept-220100-joint_office', server.fixture.users.joint]]),
    now: new Date('2026-06-01T08:00:00Z'),
  });
  expect(result).toEqual({ checklists: 5, versions: 7 });
});
afterAll(async () => { await server.close(); });

describe('demo checklists', () => {
  it('publishes the city lists, the district list on top of the city list, and the joint list', async () => {
    const admin = await server.as('admin');
    const lists = (await admin.get('/api/directory/checklists?pageSize=50')).json<{ rows: ChecklistDetail[] }>().rows;
    // Departments by pinyin: 生态 sheng, 市场 shi, 应急 ying.
    expect(lists.map((l) => [l.name, l.currentVersion, l.draftVersion])).toEqual([
      ['长春市生态环境局随机抽查事项清单', 1, null],
      ['长春市市场监督管理局随机抽查事项清单', 2, null],
      ['长春市应急管理局随机抽查事项清单', 1, 2],
      ['长春市朝阳区市场监督管理局随机抽查事项清单', 1, null],
    ]);
    const market = lists.find((l) => l.name.startsWith('长春市市场')) as ChecklistDetail;
    const diff = (await admin.get(`/api/directory/checklists/${market.id}/versions/1/diff/2`)).json<{ added: number; removed: number; changed: number }>();
    expect(diff).toMatchObject({ added: 4, removed: 2, changed: 2 });
    const detail = (await admin.get(`/api/directory/checklists/${market.id}`)).json<ChecklistDetail>();
    expect(detail.versions.map((v) => [v.version, v.status, v.changeReason, v.publishedByName])).toEqual([[2, 'published', 'amended', '系统管理员'], [1, 'superseded', 'initial', '系统管理员']]);

    const emergency = lists.find((l) => l.name.startsWith('长春市应急')) as ChecklistDetail;
    expect((await admin.get(`/api/directory/checklists/${emergency.id}/versions/2`)).json<VersionDetail>().issues).toEqual([]);

    const chaoyang = await server.as('chaoyang');
    const district = lists.find((l) => l.name.startsWith('长春市朝阳区')) as ChecklistDetail;
    const v1 = (await chaoyang.get(`/api/directory/checklists/${district.id}/versions/1`)).json<VersionDetail>();
    expect(v1).toMatchObject({ publishedByName: '朝阳区管理员' });
    expect(v1.items.filter((i) => !i.inherited).map((i) => i.code)).toEqual(['CY-001', 'CY-001-01', 'CY-001-01-01', 'CY-001-01-02', 'CY-001-02', 'CY-001-02-01', 'CY-001-02-02']);
    expect((await chaoyang.post(`/api/directory/checklists/${district.id}/versions`)).json<VersionDetail>().issues).toEqual([]);

    const joint = (await admin.get('/api/directory/joint-checklists')).json<{ rows: ChecklistDetail[] }>().rows;
    expect(joint.map((l) => [l.name, l.currentVersion, l.itemCount])).toEqual([['长春市市场监管领域部门联合抽查事项清单', 1, 4]]);
    const jointItems = (await admin.get(`/api/directory/joint-checklists/${joint[0]?.id ?? ''}/versions/1`)).json<VersionDetail>().items.filter((i) => i.depth === 0);
    expect(jointItems.map((i) => [i.code, i.name, i.source?.departmentName])).toEqual([
      ['LH-001', '食品经营者检查', '长春市市场监督管理局'],
      ['LH-002', '特种设备使用单位检查', '长春市市场监督管理局'],
      ['LH-003', '排污单位污染物排放情况检查', '长春市生态环境局'],
      ['LH-004', '危险化学品生产经营单位安全生产检查', '长春市应急管理局'],
    ]);
    const published = (await (await server.anon()).get('/api/public/checklists?regionCode=220100')).json<unknown[]>();
    expect(published).toHaveLength(4);
  });
});
