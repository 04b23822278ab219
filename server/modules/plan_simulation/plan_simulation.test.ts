import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawObjects } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { seedEntities } from '../entities/test_entities';
import { addDepartment, addRoleUser, insertDraw, insertInspector, insertPlan, insertTask } from '../todos/test_workflow';
import type { SimulationResult } from './schema';

let server: TestServer;
let health: string;
let planId: string;
let emptyPlanId: string;
let jilinPlanId: string;
const URL = '/api/plans/simulate';

function plannedTask(overrides: Record<string, unknown> = {}) {
  return {
    key: 'T1', name: '食品经营者抽查', departmentIds: [server.fixture.departments.cityMarket, health], items: [],
    targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
    stratifyBy: 'credit_class',
    strata: [
      { key: 'A', mode: 'ratio', value: '10', rounding: 'half_up', minPercent: '', reserve: '' },
      { key: 'B', mode: 'ratio', value: '50', rounding: 'ceil', minPercent: '', reserve: '' },
      { key: 'unrated', mode: 'count', value: '3', rounding: 'half_up', minPercent: '', reserve: '' },
    ],
    frequency: 1, methods: ['实地核查'], windowStart: '2030-04-01', windowEnd: '2030-10-31', ...overrides,
  };
}
const body = (overrides: Record<string, unknown> = {}) => ({ regionCode: '220100', year: 2030, tasks: [plannedTask()], ...overrides });

beforeAll(async () => {
  server = await startTestServer();
  server.now = new Date('2030-03-12T02:00:00Z');
  const d = server.fixture.departments;
  health = await addDepartment(server, '长春市卫生健康委员会', 'health', '220100');
  const admin = await addRoleUser(server, 'scjg_admin', 'dept_admin', d.cityMarket);
  const rows = (n: number, regionCode: string, riskClass: string | null, extra: { status?: string; industryCode?: string } = {}) =>
    Array.from({ length: n }, (_, i) => ({ name: `测试主体${regionCode}${riskClass ?? 'x'}${i}`, regionCode, riskClass, ownerDepartmentId: d.cityMarket, ...extra }));
  await seedEntities(server, [...rows(100, '220102', 'A'), ...rows(100, '220104', 'A'), ...rows(10, '220102', null)]);
  const b = await seedEntities(server, rows(40, '220104', 'B'));
  await seedEntities(server, [...rows(20, '220104', 'D', { industryCode: '5211' }), ...rows(5, '220104', 'A', { status: 'deregistered' }), ...rows(50, '220202', 'A')]);
  // Two tasks drew B entities this year: b[0], b[1] twice (at the cap of 2), b[2], b[3] once; b[4] only as a reserve.
  for (const [n, picked] of [[1, [0, 1, 2]], [2, [0, 1, 3]]] as const) {
    const task = await insertTask(server, { code: `220100-2030-000${n}`, name: `已抽任务${n}`, leadDepartmentId: d.cityMarket, regionCode: '220100', status: 'drawn' });
    const draw = await insertDraw(server, { taskId: task, regionCode: '220100', operatorId: admin, status: 'published', drawDate: '2030-02-01' });
    await server.db.insert(drawObjects).values([...picked.map((i, rank) => ({ drawId: draw, entityId: b[i]?.id ?? 0, stratum: 'B', rank: rank + 1 })), { drawId: draw, entityId: b[4]?.id ?? 0, stratum: 'B', rank: 1, reserve: true }]);
  }
  for (const validUntil of ['2031-01-01', '2031-01-01', '2030-12-31', '2030-01-01']) await insertInspector(server, { name: '市局检查员', departmentId: d.cityMarket, regionCode: '220100', validUntil });
  await insertInspector(server, { name: '休假检查员', departmentId: d.cityMarket, regionCode: '220100', validUntil: '2031-01-01', status: 'on_leave' });
  planId = await insertPlan(server, { year: 2030, name: '2030年度市场监管局抽查计划', leadDepartmentId: d.cityMarket, regionCode: '220100', content: { summary: '', tasks: [plannedTask()] } });
  emptyPlanId = await insertPlan(server, { year: 2030, name: '空计划', leadDepartmentId: d.cityMarket, regionCode: '220100' });
  jilinPlanId = await insertPlan(server, { year: 2030, name: '吉林市计划', leadDepartmentId: d.jilinMarket, regionCode: '220200', content: { summary: '', tasks: [plannedTask()] } });
});
afterAll(async () => { await server.close(); });

describe('POST /api/plans/simulate', () => {
  it('refuses anonymous callers and callers without workflow:plan:list', async () => {
    await expectAuthRefusals(server, 'POST', URL, 'inspector', body());
    await expectAuthRefusals(server, 'GET', `/api/plans/${planId}/simulation`, 'inspector');
  });

  it('rejects each invalid field', async () => {
    const client = await server.as('scjg_admin');
    await expectFieldErrors(client, 'POST', URL, body(), {
      regionCode: ['', '22010', 'abcdef', null], year: [1999, 2101, 2030.5, 'x'], annualCap: [0, 13, 1.5], tasks: [[], null, 'x'],
    });
    const nested = async (task: Record<string, unknown>, field: string) => {
      const response = await client.post(URL, body({ tasks: [plannedTask(task)] }));
      expect(response.statusCode, field).toBe(400);
      expect(response.json<{ details: { field: string }[] }>().details.map((d) => d.field), field).toContain(field);
    };
    await nested({ frequency: 0 }, 'tasks.0.frequency');
    await nested({ departmentIds: [] }, 'tasks.0.departmentIds');
    await nested({ departmentIds: ['nope'] }, 'tasks.0.departmentIds.0');
    await nested({ strata: [] }, 'tasks.0.strata');
    await nested({ strata: [{ key: 'A', mode: 'ratio', value: '101', rounding: 'half_up' }] }, 'tasks.0.strata.0.value');
    await nested({ strata: [{ key: 'A', mode: 'count', value: '2.5', rounding: 'half_up' }] }, 'tasks.0.strata.0.value');
    await nested({ strata: [{ key: 'Z', mode: 'ratio', value: '1', rounding: 'half_up' }] }, 'tasks.0.strata.0.key');
    await nested({ strata: [{ key: 'A', mode: 'ratio', value: '1', rounding: 'round' }] }, 'tasks.0.strata.0.rounding');
    await nested({ windowEnd: '2030-03-01' }, 'tasks.0.windowEnd');
    await nested({ windowStart: '2030-02-30' }, 'tasks.0.windowStart');
    await nested({ team: { teamSize: 1, maxObjectsPerInspector: 30 } }, 'tasks.0.team.teamSize');
    await nested({ targeting: { mode: 'targeted', industryCodes: ['C13'] } }, 'tasks.0.targeting.industryCodes.0');
    const unknownRegion = await client.post(URL, body({ regionCode: '220105' }));
    expect(unknownRegion.statusCode).toBe(400);
    expect(unknownRegion.json()).toMatchObject({ details: [{ field: 'regionCode' }] });
    const unknownDepartment = await client.post(URL, body({ tasks: [plannedTask({ departmentIds: [server.fixture.departments.cityMarket, '00000000-0000-4000-8000-000000000000'] })] }));
    expect(unknownDepartment.statusCode).toBe(400);
    expect(unknownDepartment.json()).toMatchObject({ details: [{ field: 'tasks.0.departmentIds.1', message: '部门不存在或已删除' }] });
  });

  it('refuses a region outside the caller\'s data scope', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(URL, body({ regionCode: '220200' }));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ message: '只能测算本人数据权限范围内区划的计划' });
  });

  it('counts the pool per stratum and region, the quotas, the cap and each department\'s load', async () => {
    const client = await server.as('scjg_admin');
    const response = await client.post(URL, body());
    expect(response.statusCode).toBe(200);
    const result = response.json<SimulationResult>();
    const [t] = result.tasks;
    expect(t?.strata.map((s) => [s.key, s.label, s.poolSize, s.atCap, s.eligible, s.quotaPerRound, s.roundingLabel])).toEqual([
      ['A', 'A 信用风险低', 200, 0, 200, 20, '四舍五入'],
      ['B', 'B 信用风险一般', 40, 2, 38, 19, '向上取整'],
      ['unrated', '未评级', 10, 0, 10, 3, '四舍五入'],
    ]);
    expect(t?.strata[0]?.regions).toEqual([
      { regionCode: '220102', regionName: '南关区', poolSize: 100, eligible: 100, expectedPerRound: 10 },
      { regionCode: '220104', regionName: '朝阳区', poolSize: 100, eligible: 100, expectedPerRound: 10 },
    ]);
    expect(t).toMatchObject({ poolSize: 250, objectsPerRound: 42, objectsPerYear: 42, teamSize: 2, maxObjectsPerInspector: 30 });
    expect(t?.departments.map((d) => [d.name, d.share, d.demandPerRound, d.qualified, d.capacityPerRound, d.feasible])).toEqual([
      ['长春市市场监督管理局', 1, 42, 3, 90, true],
      ['长春市卫生健康委员会', 1, 42, 0, 0, false],
    ]);
    expect(result.departments[0]).toMatchObject({ total: 5, onDuty: 4, qualified: 3, demandPerYear: 42, perInspectorPerYear: 14 });
    expect(result.warnings.map((w) => [w.kind, w.message])).toEqual([
      ['stratum_without_ratio', '食品经营者抽查：分层“D”有 20 户符合条件的检查对象，但计划未设置该分层的抽查比例，这些对象不会被抽取'],
      ['no_qualified_staff', '食品经营者抽查：长春市卫生健康委员会：在岗且执法证在 2030-04-01 有效的检查人员为 0 名，无法派员'],
    ]);
    expect(result).toMatchObject({ regionCode: '220100', year: 2030, asOf: '2030-03-12', planId: null, annualCap: 2 });
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:plan:list', summary: '计划模拟测算', outcome: 'success' });
  });

  it('narrows a targeted task and shows what its rounds push past the yearly cap', async () => {
    const client = await server.as('scjg_admin');
    const targeted = plannedTask({
      key: 'T2', name: '定向抽查', targeting: { mode: 'targeted', entityTypes: ['enterprise'], industryCodes: ['52'], entityTagId: null, scopeKeywords: [] },
      stratifyBy: 'none', strata: [{ key: 'all', mode: 'count', value: '5', rounding: 'half_up', minPercent: '', reserve: '' }],
    });
    const heavy = plannedTask({ key: 'T3', name: '高频抽查', strata: [{ key: 'B', mode: 'ratio', value: '100', rounding: 'half_up', minPercent: '', reserve: '' }], frequency: 2, departmentIds: [server.fixture.departments.cityMarket], team: { teamSize: 2, maxObjectsPerInspector: 20 } });
    const result = (await client.post(URL, body({ tasks: [targeted, heavy] }))).json<SimulationResult>();
    expect(result.tasks[0]?.strata.map((s) => [s.key, s.poolSize, s.quotaPerRound])).toEqual([['all', 20, 5]]);
    // Every eligible B entity is drawn twice: the two drawn once already go past the cap.
    expect(result.tasks[1]?.strata.find((s) => s.key === 'B')).toMatchObject({ eligible: 38, quotaPerRound: 38, expectedOverCap: 2 });
    expect(result.warnings.filter((w) => w.taskKey === 'T3').map((w) => w.kind)).toEqual(['stratum_without_ratio', 'stratum_without_ratio', 'stratum_without_ratio', 'cap_pressure', 'supply_below_demand']);
    expect(result.warnings.at(-1)?.message).toBe('高频抽查：长春市市场监督管理局：38 个检查对象共需该部门 76 人次，符合条件的检查人员只有 3 名（每人至多 20 个），最多只能承担 60 人次');
  });
});

describe('GET /api/plans/:id/simulation', () => {
  it('simulates the stored version, within the data scope', async () => {
    const client = await server.as('scjg_admin');
    const result = (await client.get(`/api/plans/${planId}/simulation`)).json<SimulationResult>();
    expect(result).toMatchObject({ planId, version: 1, regionCode: '220100', year: 2030, totals: { poolSize: 250, objectsPerYear: 42 } });
    expect((await client.get(`/api/plans/${jilinPlanId}/simulation`)).statusCode).toBe(404);
    expect((await client.get(`/api/plans/${planId}/simulation?version=2`)).statusCode).toBe(404);
    expect((await client.get('/api/plans/nope/simulation')).statusCode).toBe(400);
    expect((await client.get(`/api/plans/${planId}/simulation?version=0`)).statusCode).toBe(400);
    const empty = await client.get(`/api/plans/${emptyPlanId}/simulation`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'PLAN_CONTENT_UNREADABLE' });
  });
});
