/**
 * Team settings honoured by matching (issue #9 items 4 and 8): per-department quotas (曲阳第16条), experts per object from
 * the expert directory (威海第6条 专家库), and 直接委派 only where the approved task declared it and the draw alone
 * cannot staff the objects (威海第6条). Every record verifies with both verifiers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { experts, inspectorConflicts } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addDrawnTask, addEntities, addInspectors, at, type DrawnTask } from '../dispatch/test_fixtures';
import type { MatchingSummary, PublicMatching } from './schema';
import { expectRecordVerifies as verifies } from './test_verify';

const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
const url = (t: DrawnTask) => `/api/workflow/tasks/${t.taskId}/matching`;

/** The stored record verifies with the TypeScript verifier and with scripts/verify_match.py. */
const expectRecordVerifies = (t: DrawnTask) => verifies(server, t.taskId);

async function dispatched(input: Parameters<typeof addDrawnTask>[1]): Promise<DrawnTask> {
  const t = await addDrawnTask(server, input);
  expect((await (await server.as('chaoyang')).post(`/api/workflow/tasks/${t.taskId}/dispatch`)).statusCode).toBe(200);
  return t;
}

let far: string;
let conflicted: string;
let entities: number[];

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房', '长春丁超市', '长春戊五金店', '长春己书店', '长春庚茶庄', '长春辛花店']);
  await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二', '朝阳三']);
  [far = ''] = await addInspectors(server, d.chaoyangMarket, ['朝阳外区'], { regionCode: '220102' });
  [conflicted = ''] = await addInspectors(server, d.chaoyangMarket, ['朝阳回避'], { regionCode: '220102' });
  await server.db.insert(inspectorConflicts).values({ inspectorId: conflicted, entityId: entities[6] ?? 0, reason: '亲属经营' });
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二', '南关三', '南关四']);
  await server.db.insert(experts).values([
    { name: '专家甲', organisation: '吉林大学', specialty: '特种设备', departmentId: d.chaoyangMarket },
    { name: '专家乙', organisation: '省计量院', specialty: '计量', departmentId: d.nanguanMarket },
    { name: '专家丙', organisation: '省药检所', specialty: '药品', departmentId: d.chaoyangMarket, status: 'paused' },
  ]);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('per-department quotas and experts per object', () => {
  it('sends each department its quota (曲阳第16条) and one available expert per object; the record and the public view show them', async () => {
    const d = server.fixture.departments;
    const task = await dispatched({
      lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities.slice(0, 2),
      team: { teamSize: 3, departmentQuotas: [{ departmentId: d.chaoyangMarket, members: 1 }, { departmentId: d.nanguanMarket, members: 2 }], expertsPerObject: 1 },
    });
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(url(task), { inspectionDate: '2026-12-10' });
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json<MatchingSummary>();
    for (const o of summary.objects) {
      expect(o.team.filter((m) => m.departmentId === d.chaoyangMarket)).toHaveLength(1);
      expect(o.team.filter((m) => m.departmentId === d.nanguanMarket)).toHaveLength(2);
      expect(o.team.find((m) => m.role === 'leader')?.departmentId).toBe(d.chaoyangMarket);
    }
    expect(summary.experts).toHaveLength(2);
    for (const x of summary.experts) expect(['专家甲', '专家乙']).toContain(x.name);
    expect(summary.appointedMemberIds).toEqual([]);
    const record = await expectRecordVerifies(task);
    expect(record.rules).toMatchObject({ expertsPerObject: 1 });
    expect((record.objects as { quotas: unknown }[])[0]?.quotas).toEqual([{ dept: d.chaoyangMarket, members: 1 }, { dept: d.nanguanMarket, members: 2 }]);
    expect((record.experts as { available: boolean }[]).map((x) => x.available).sort()).toEqual([false, true, true]);
    const pub = (await (await server.anon()).get(`/api/public/matching/${task.taskId}`)).json<PublicMatching>();
    for (const t of pub.teams) {
      expect(t.members.map((m) => m.role)).toEqual(['leader', 'member', 'member', 'expert']);
      expect(t.members.at(-1)).toMatchObject({ certificateNo: '', appointed: false });
    }
  });

  it('says why when the expert directory cannot staff every object (422, 专家库)', async () => {
    const d = server.fixture.departments;
    const task = await dispatched({ lead: d.chaoyangMarket, selected: entities.slice(2, 4), team: { teamSize: 2, expertsPerObject: 2 } });
    const response = await (await server.as('chaoyang')).post(url(task), { inspectionDate: '2026-12-10' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'MATCHING_INFEASIBLE', details: [{ field: '专家库', message: expect.stringContaining('需要专家库派出 2 名专家，符合条件的只有 1 名（专家库共 2 名，其中 1 名暂停）') as unknown }] });
    expect((await (await server.as('chaoyang')).get(url(task))).json()).toBeNull();
  });
});

describe('直接委派 (威海第6条)', () => {
  let task: DrawnTask;
  let objects: { id: string; entityId: string }[];

  beforeAll(async () => {
    const d = server.fixture.departments;
    // Two objects need four places; the three local inspectors take one object each: the draw alone cannot staff them.
    task = await dispatched({ lead: d.chaoyangMarket, selected: entities.slice(4, 6), team: { teamSize: 2, maxObjectsPerInspector: 1, directAppointment: true } });
    objects = (await (await server.as('chaoyang')).get(`/api/workflow/tasks/${task.taskId}/objects`)).json<{ id: string; entityId: string }[]>();
  });

  const body = () => ({ inspectionDate: '2026-12-10', appointments: [{ taskObjectId: objects[0]?.id ?? '', inspectorId: far }] });

  it('refuses anonymous callers, callers without the permission and other departments', async () => {
    await expectAuthRefusals(server, 'POST', url(task), 'outsider', body());
    expect((await (await server.as('nanguan')).post(url(task), body())).statusCode).toBe(404); // not a department of the task: out of scope
  });

  it('checks each field (400): ids, an object not of the task, an inspector not of its departments', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', url(task), body(), { appointments: ['x', [{ taskObjectId: 'x', inspectorId: far }], [{ taskObjectId: objects[0]?.id, inspectorId: 5 }], Array.from({ length: 501 }, () => body().appointments[0])] });
    const foreign = await chaoyang.post(url(task), { ...body(), appointments: [{ taskObjectId: FAKE, inspectorId: FAKE }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ details: { field: string }[] }>().details.map((x) => x.field)).toEqual(['appointments.0.taskObjectId', 'appointments.0.inspectorId']);
  });

  it('refuses 直接委派 on a task that did not declare it (409), and where the draw can staff every object (409)', async () => {
    const d = server.fixture.departments;
    const undeclared = await dispatched({ lead: d.chaoyangMarket, selected: entities.slice(6, 7), team: { teamSize: 2 } });
    const chaoyang = await server.as('chaoyang');
    const own = (await chaoyang.get(`/api/workflow/tasks/${undeclared.taskId}/objects`)).json<{ id: string }[]>();
    const refused = await chaoyang.post(url(undeclared), { appointments: [{ taskObjectId: own[0]?.id, inspectorId: far }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'DIRECT_APPOINTMENT_NOT_DECLARED' });
    const roomy = await dispatched({ lead: d.chaoyangMarket, selected: entities.slice(7, 8), team: { teamSize: 2, directAppointment: true } });
    const roomyObjects = (await chaoyang.get(`/api/workflow/tasks/${roomy.taskId}/objects`)).json<{ id: string }[]>();
    const needless = await chaoyang.post(url(roomy), { inspectionDate: '2026-12-10', appointments: [{ taskObjectId: roomyObjects[0]?.id, inspectorId: far }] });
    expect(needless.statusCode).toBe(409);
    expect(needless.json()).toMatchObject({ code: 'DIRECT_APPOINTMENT_NOT_NEEDED' });
    expect((await chaoyang.get(url(roomy))).json()).toBeNull();
  });

  it('without an appointment the draw is infeasible (422); an appointed inspector who must recuse is refused by name (422)', async () => {
    const chaoyang = await server.as('chaoyang');
    const plain = await chaoyang.post(url(task), { inspectionDate: '2026-12-10' });
    expect(plain.statusCode).toBe(422);
    expect(plain.json()).toMatchObject({ code: 'MATCHING_INFEASIBLE' });
    await server.db.insert(inspectorConflicts).values({ inspectorId: conflicted, entityId: Number(objects[0]?.entityId), reason: '亲属经营' });
    const recused = await chaoyang.post(url(task), { ...body(), appointments: [{ taskObjectId: objects[0]?.id ?? '', inspectorId: conflicted }] });
    expect(recused.statusCode).toBe(422);
    expect(recused.json()).toMatchObject({ code: 'MATCHING_INVALID_INPUT', message: expect.stringContaining('直接委派的检查人员') as unknown });
    expect(recused.json<{ message: string }>().message).toContain('申报了利害关系须回避');
  });

  it('appoints the declared inspector, draws the rest, logs it and shows it in the published record and the public view', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(url(task), body());
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json<MatchingSummary>();
    const first = summary.objects.find((o) => o.id === objects[0]?.id);
    const member = first?.team.find((m) => m.inspectorId === far);
    expect(member).toBeDefined();
    expect(summary.appointedMemberIds).toEqual([member?.memberId]);
    for (const o of summary.objects) expect(o.team).toHaveLength(2);
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:matching:run', detail: expect.objectContaining({ directAppointments: [{ entityId: objects[0]?.entityId, inspectorId: far }] }) as unknown });
    const record = await expectRecordVerifies(task);
    expect((record.objects as { id: string; appointed?: string[] }[]).find((o) => o.id === objects[0]?.entityId)?.appointed).toEqual([far]);
    const pub = (await (await server.anon()).get(`/api/public/matching/${task.taskId}`)).json<PublicMatching>();
    expect(pub.teams.flatMap((t) => t.members).filter((m) => m.appointed).map((m) => m.name)).toEqual(['朝阳外区']);
    const again = await chaoyang.post(url(task), body());
    expect(again.json()).toMatchObject({ code: 'MATCHING_DONE' });
  });
});
