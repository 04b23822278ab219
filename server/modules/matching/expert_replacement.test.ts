/**
 * Experts of the 专家库 in matching and replacement (decision 0011 addendum): declared conflicts (an entity, or a person
 * who is its 法定代表人) and recent inspections keep an expert off an object; the record carries them and verifies with
 * both verifiers; an expert is replaced by the head of its department for one of the four grounds, the successor drawn
 * by the engine (409 when none qualifies), in one transaction, one winner among parallel requests.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../../domain/draw/encoding';
import { replacementTicket } from '../../../domain/matching/replace';
import { experts, marketEntities } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addDrawnTask, addEntities, addInspectors, addUser, at, type DrawnTask } from '../dispatch/test_fixtures';
import type { MatchingSummary, PublicMatching, ReplacementRow, TeamExpertRow } from './schema';
import { expectRecordVerifies } from './test_verify';

const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
let entities: number[];
let earlier: DrawnTask;
let task: DrawnTask;
let summary: MatchingSummary;
const ids: Record<string, string> = {};

async function dispatchAndMatch(t: DrawnTask, date: string): Promise<MatchingSummary> {
  const chaoyang = await server.as('chaoyang');
  expect((await chaoyang.post(`/api/workflow/tasks/${t.taskId}/dispatch`)).statusCode).toBe(200);
  const matched = await chaoyang.post(`/api/workflow/tasks/${t.taskId}/matching`, { inspectionDate: date });
  expect(matched.statusCode, matched.body).toBe(200);
  return matched.json<MatchingSummary>();
}

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房', '长春丁超市']);
  await server.db.update(marketEntities).set({ legalRepresentative: '赵亲属' }).where(eq(marketEntities.id, entities[3]!));
  await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二', '朝阳三', '朝阳四']);
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二']);
  await addUser(server, 'cy_head', '朝阳负责人', d.chaoyangMarket, ['dept_head']);
  await addUser(server, 'ng_head', '南关负责人', d.nanguanMarket, ['dept_head']);
  await addUser(server, 'jl_head', '吉林负责人', d.jilinMarket, ['dept_head']);
  const rows = await server.db.insert(experts).values([
    { name: '专家甲', organisation: '吉林大学', specialty: '食品', departmentId: d.chaoyangMarket },
    { name: '专家乙', organisation: '省计量院', specialty: '计量', departmentId: d.chaoyangMarket },
    { name: '专家丙', organisation: '省药检所', specialty: '药品', departmentId: d.chaoyangMarket },
    { name: '专家丁', organisation: '长春工业大学', specialty: '电梯', departmentId: d.chaoyangMarket, status: 'unavailable' },
  ]).returning({ id: experts.id, name: experts.name });
  for (const r of rows) ids[r.name] = r.id;
  const chaoyang = await server.as('chaoyang');
  // 回避: 专家甲 declared the first entity; 专家乙 a person who is the fourth entity's 法定代表人.
  expect((await chaoyang.post(`/api/directory/experts/${ids['专家甲']}/conflicts`, { entityId: entities[0], reason: '曾任该公司顾问' })).statusCode).toBe(201);
  expect((await chaoyang.post(`/api/directory/experts/${ids['专家乙']}/conflicts`, { personName: '赵亲属', reason: '近亲属' })).statusCode).toBe(201);
  // An earlier task of 朝阳 alone put one expert on the second entity: 回避 of that expert there (recusalYears = 1).
  earlier = await addDrawnTask(server, { lead: d.chaoyangMarket, selected: [entities[1]!], team: { expertsPerObject: 1, recusalYears: 1 } });
  await dispatchAndMatch(earlier, '2026-12-05');
  task = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities, team: { expertsPerObject: 1, recusalYears: 1 } });
  summary = await dispatchAndMatch(task, '2026-12-10');
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const expertOn = (s: MatchingSummary, entityId: number): TeamExpertRow[] => {
  const object = s.objects.find((o) => o.entityId === String(entityId));
  return s.experts.filter((x) => x.taskObjectId === object?.id);
};
const url = () => `/api/workflow/tasks/${task.taskId}/expert-replacements`;
const current = async () => (await (await server.as('cy_head')).get(`/api/workflow/tasks/${task.taskId}/matching`)).json<MatchingSummary>();

describe('experts’ 回避 in matching', () => {
  it('keeps a conflicted or recently inspecting expert off the object; the record carries both and verifies', async () => {
    const before = (await (await server.as('chaoyang')).get(`/api/workflow/tasks/${earlier.taskId}/matching`)).json<MatchingSummary>();
    const [previous] = before.experts;
    expect(previous).toBeDefined();
    expect(expertOn(summary, entities[0]!).map((x) => x.name)).not.toContain('专家甲');
    expect(expertOn(summary, entities[3]!).map((x) => x.name)).not.toContain('专家乙');
    expect(expertOn(summary, entities[1]!).map((x) => x.expertId)).not.toContain(previous!.expertId);
    for (const e of entities) expect(expertOn(summary, e).map((x) => x.name)).not.toContain('专家丁');
    const record = await expectRecordVerifies(server, task.taskId);
    const pool = record.experts as { id: string; conflicts: string[]; history?: { entityId: string; date: string }[] }[];
    expect(pool.find((x) => x.id === ids['专家甲'])?.conflicts).toEqual([String(entities[0])]);
    expect(pool.find((x) => x.id === ids['专家乙'])?.conflicts).toEqual([String(entities[3])]);
    expect(pool.find((x) => x.id === previous!.expertId)?.history).toEqual([{ entityId: String(entities[1]), date: '2026-12-05' }]);
    // Experts without a past inspection carry no history key: such entries hash as before the field existed.
    expect(pool.filter((x) => x.id !== previous!.expertId).every((x) => !('history' in x))).toBe(true);
    await expectRecordVerifies(server, earlier.taskId);
  });
});

describe('replacing an expert', () => {
  it('refuses anonymous callers, callers without the permission, out-of-scope tasks, other departments and invalid fields', async () => {
    const leaving = expertOn(summary, entities[2]!)[0]!;
    const body = { teamExpertId: leaving.teamExpertId, reason: 'health', note: '住院' };
    await expectAuthRefusals(server, 'POST', url(), 'chaoyang', body);
    const head = await server.as('cy_head');
    expect((await head.post(`/api/workflow/tasks/${FAKE}/expert-replacements`, body)).statusCode).toBe(404);
    expect((await head.post(url(), { ...body, teamExpertId: FAKE })).statusCode).toBe(404);
    const other = (await head.get(`/api/workflow/tasks/${earlier.taskId}/matching`)).json<MatchingSummary>().experts[0]!;
    expect((await head.post(url(), { ...body, teamExpertId: other.teamExpertId })).statusCode).toBe(404);
    expect((await (await server.as('jl_head')).post(url(), body)).statusCode).toBe(404);
    const nanguan = await (await server.as('ng_head')).post(url(), body);
    expect(nanguan.statusCode).toBe(403);
    expect(nanguan.json()).toMatchObject({ code: 'FORBIDDEN', message: '只有该专家维护部门的负责人可以替换专家' });
    await expectFieldErrors(head, 'POST', url(), body, { teamExpertId: ['x', null], reason: ['bored', '健康状况', null], note: ['a'.repeat(501), 5] });
  });

  it('replaces with the engine’s choice from the 专家库, reproducible, recorded and shown; none left → 409', async () => {
    const head = await server.as('cy_head');
    const object = summary.objects.find((o) => o.entityId === String(entities[2]))!;
    const seen = new Set<string>();
    for (let step = 0; step < 2; step++) {
      const leaving = (await current()).experts.find((x) => x.taskObjectId === object.id && x.active)!;
      seen.add(leaving.expertId);
      const response = await head.post(url(), { teamExpertId: leaving.teamExpertId, reason: 'work_conflict', note: '同期另有检测任务' });
      expect(response.statusCode, response.body).toBe(201);
      const row = response.json<ReplacementRow>();
      expect(await lastOperation(server)).toMatchObject({ action: 'workflow:replacement:approve', summary: '替换专家', targetType: 'replacement', targetId: row.id, outcome: 'success' });
      expect(row).toMatchObject({ kind: 'expert', kindLabel: '专家', reasonLabel: '工作冲突', status: 'applied', leavingName: leaving.name, entityName: '长春丙药房', decidedByName: '朝阳负责人' });
      const chosen = (await current()).experts.find((x) => x.taskObjectId === object.id && x.active)!;
      expect(row.chosenName).toBe(chosen.name);
      expect(seen.has(chosen.expertId)).toBe(false);
      expect(chosen.name).not.toBe('专家丁');
      const outcome = row.outcome as { ticket: string; seq: number; seedMatch: string };
      expect(outcome.ticket).toBe(toHex(replacementTicket(fromHex(summary.seedMatch, 32)!, outcome.seq, String(entities[2]), chosen.expertId)));
    }
    const after = await current();
    expect(after.experts.filter((x) => x.taskObjectId === object.id).map((x) => x.active).sort()).toEqual([false, false, true]);
    const published = (await (await server.anon()).get(`/api/public/matching/${task.taskId}`)).json<PublicMatching>();
    const team = published.teams.find((t) => t.entityName === '长春丙药房')!;
    expect(team.members.filter((m) => m.role === 'expert').map((m) => m.name)).toEqual([after.experts.find((x) => x.taskObjectId === object.id && x.active)!.name]);
    expect(published.replacements).toBe(2);
    const last = after.experts.find((x) => x.taskObjectId === object.id && x.active)!;
    const none = await head.post(url(), { teamExpertId: last.teamExpertId, reason: 'health' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'REPLACEMENT_NO_CANDIDATE' });
    expect(none.json<{ message: string }>().message).toContain('专家库共 4 名专家');
    expect((await current()).experts.find((x) => x.teamExpertId === last.teamExpertId)?.active).toBe(true);
    const replaced = after.experts.find((x) => x.taskObjectId === object.id && !x.active)!;
    expect((await head.post(url(), { teamExpertId: replaced.teamExpertId, reason: 'health' })).json()).toMatchObject({ code: 'REPLACEMENT_EXPERT_INACTIVE' });
    // The history of the dispatch page lists them with the inspectors' replacements.
    const history = (await head.get(`/api/workflow/tasks/${task.taskId}/replacements`)).json<ReplacementRow[]>();
    expect(history.filter((r) => r.kind === 'expert')).toHaveLength(2);
  });

  it('of two parallel replacements of the same expert one wins', async () => {
    const head = await server.as('cy_head');
    const leaving = (await current()).experts.find((x) => x.taskObjectId === summary.objects.find((o) => o.entityId === String(entities[0]))!.id && x.active)!;
    const body = { teamExpertId: leaving.teamExpertId, reason: 'recusal' };
    const answers = await Promise.all([head.post(url(), body), head.post(url(), body), head.post(url(), body)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(['REPLACEMENT_EXPERT_INACTIVE', 'REPLACEMENT_CONCURRENT']).toContain(a.json<{ code: string }>().code);
    const on = (await current()).experts.filter((x) => x.taskObjectId === leaving.taskObjectId);
    expect(on.filter((x) => x.active)).toHaveLength(1);
    expect(on.find((x) => x.active)?.name).not.toBe('专家甲');
  });
});
