import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../../domain/draw/encoding';
import { replacementTicket } from '../../../domain/matching/replace';
import { inspectorConflicts, marketEntities } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { replacementsAwaitingApproval } from '../dispatch/due';
import type { TaskObjectRow } from '../dispatch/schema';
import { addDrawnTask, addEntities, addInspectors, addUser, at, type DrawnTask } from '../dispatch/test_fixtures';
import type { MatchingSummary, ReplacementRow } from './schema';

const FAKE = '00000000-0000-4000-8000-000000000000';
let server: TestServer;
let task: DrawnTask;
let entities: number[];
let summary: MatchingSummary;
let chaoyangIds: string[];

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房', '长春丁超市', '长春戊五金店']);
  chaoyangIds = await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二', '朝阳三', '朝阳四', '朝阳五', '朝阳六']);
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二', '南关三']);
  await addUser(server, 'cy_head', '朝阳负责人甲', d.chaoyangMarket, ['dept_head']);
  await addUser(server, 'cy_head2', '朝阳负责人乙', d.chaoyangMarket, ['dept_head']);
  await addUser(server, 'cy_boss', '朝阳负责人丙', d.chaoyangMarket, ['dept_head', 'dept_admin']);
  task = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities.slice(0, 3), reserve: entities.slice(3) });
  const chaoyang = await server.as('chaoyang');
  expect((await chaoyang.post(`/api/workflow/tasks/${task.taskId}/dispatch`)).statusCode).toBe(200);
  const matched = await chaoyang.post(`/api/workflow/tasks/${task.taskId}/matching`, { inspectionDate: '2026-12-10' });
  expect(matched.statusCode, matched.body).toBe(200);
  summary = matched.json<MatchingSummary>();
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const base = () => `/api/workflow/tasks/${task.taskId}`;
const leaderOf = (objects: readonly TaskObjectRow[], k: number) => {
  const leader = objects[k]?.team.find((m) => m.role === 'leader' && m.active);
  if (!leader) throw new Error('no leader');
  return leader;
};

describe('replacing an inspector (长春第13条、威海第6条、曲阳第16条)', () => {
  let first: ReplacementRow;

  it('refuses anonymous callers, callers without the permission, other departments and invalid fields', async () => {
    const member = leaderOf(summary.objects, 0);
    const body = { teamMemberId: member.memberId, reason: 'health', note: '住院治疗' };
    await expectAuthRefusals(server, 'POST', `${base()}/replacements`, 'outsider', body);
    await expectAuthRefusals(server, 'POST', `/api/workflow/replacements/${FAKE}/approve`, 'outsider', { rowVersion: 1 });
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`/api/workflow/tasks/${FAKE}/replacements`, body)).statusCode).toBe(404);
    expect((await chaoyang.post(`${base()}/replacements`, { ...body, teamMemberId: FAKE })).statusCode).toBe(404);
    await expectFieldErrors(chaoyang, 'POST', `${base()}/replacements`, body, {
      teamMemberId: ['x', null], reason: ['bored', '健康状况', null], note: ['a'.repeat(501), 5],
    });
    const nanguan = await server.as('nanguan');
    expect((await nanguan.post(`${base()}/replacements`, body)).json()).toMatchObject({ code: 'FORBIDDEN', message: '只能为本部门的检查人员申请替换' });
  });

  it('records the request, pending the head; a second request for the same member is refused', async () => {
    const member = leaderOf(summary.objects, 0);
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(`${base()}/replacements`, { teamMemberId: member.memberId, reason: 'health', note: '住院治疗' });
    expect(response.statusCode, response.body).toBe(201);
    first = response.json<ReplacementRow>();
    expect(first).toMatchObject({ seq: 1, kind: 'inspector', reasonLabel: '健康状况', status: 'pending', statusLabel: '待审批', leavingName: member.name, chosenName: null, canDecide: false });
    const twice = await chaoyang.post(`${base()}/replacements`, { teamMemberId: member.memberId, reason: 'work_conflict' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'REPLACEMENT_PENDING_EXISTS' });
    expect(await replacementsAwaitingApproval(server.db, server.fixture.departments.chaoyangMarket)).toMatchObject([{ replacementId: first.id, reason: 'health' }]);
    const head = await server.as('cy_head');
    expect((await head.get(`${base()}/replacements`)).json<ReplacementRow[]>()[0]).toMatchObject({ id: first.id, canDecide: true });
  });

  it('has the head approve; the engine chooses the replacement reproducibly from the matching seed and the sequence number', async () => {
    const head = await server.as('cy_head');
    expect((await head.post(`/api/workflow/replacements/${first.id}/approve`, { rowVersion: 7 })).json()).toMatchObject({ code: 'STALE_ROW_VERSION' });
    expect((await (await server.as('nanguan')).post(`/api/workflow/replacements/${first.id}/approve`, { rowVersion: 1 })).statusCode).toBe(403);
    const response = await head.post(`/api/workflow/replacements/${first.id}/approve`, { rowVersion: first.rowVersion });
    expect(response.statusCode, response.body).toBe(200);
    const approved = response.json<ReplacementRow>();
    expect(approved).toMatchObject({ status: 'approved', statusLabel: '已替换', decidedByName: '朝阳负责人甲' });
    expect(approved.chosenName).toMatch(/^朝阳/);
    const objects = (await head.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    const team = objects[0]?.team ?? [];
    const leader = leaderOf(objects, 0);
    expect(leader.name).toBe(approved.chosenName);
    expect(team.find((m) => m.name === first.leavingName)).toMatchObject({ active: false, replacementId: first.id });
    // Reproducible: the chosen inspector holds the lowest ticket among the qualified (every other 朝阳 inspector not in this team).
    const seed = fromHex(summary.seedMatch, 32) ?? new Uint8Array(32);
    const entityId = objects[0]?.entityId ?? '';
    const outcome = approved.outcome as { ticket: string; qualified: number };
    expect(outcome.ticket).toBe(toHex(replacementTicket(seed, 1, entityId, leader.inspectorId)));
    const loads = new Map(summary.loads.map((l) => [l.inspectorId, l.objects]));
    const pool = (await head.get(`${base()}/matching/record`)).json<{ inspectors: { id: string; dept: string }[] }>().inspectors
      .filter((i) => i.dept === server.fixture.departments.chaoyangMarket && i.id !== leader.inspectorId && !team.some((m) => m.inspectorId === i.id));
    expect(outcome.qualified).toBe(pool.filter((i) => (loads.get(i.id) ?? 0) < 30).length + 1);
    for (const other of pool) expect(toHex(replacementTicket(seed, 1, entityId, other.id)) > outcome.ticket).toBe(true);
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:replacement:approve', targetType: 'replacement', targetId: first.id });
    const again = await head.post(`/api/workflow/replacements/${first.id}/approve`, { rowVersion: approved.rowVersion });
    expect(again.json()).toMatchObject({ code: 'REPLACEMENT_NOT_PENDING' });
  });

  let second: ReplacementRow;
  it('refuses the requester approving their own request', async () => {
    const boss = await server.as('cy_boss');
    const member = leaderOf(summary.objects, 1);
    const response = await boss.post(`${base()}/replacements`, { teamMemberId: member.memberId, reason: 'recusal', note: '与主体负责人为同学' });
    expect(response.statusCode, response.body).toBe(201);
    second = response.json<ReplacementRow>();
    expect(second.seq).toBe(2);
    const self = await boss.post(`/api/workflow/replacements/${second.id}/approve`, { rowVersion: second.rowVersion });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ message: '不能审批本人提出的替换申请，须由部门其他负责人审批' });
    expect(await replacementsAwaitingApproval(server.db, server.fixture.departments.chaoyangMarket, (await lastOperation(server))?.actorId ?? undefined)).toEqual([]);
  });

  it('lets one of two heads approving at once win; the other gets 409', async () => {
    const [a, b] = [await server.as('cy_head'), await server.as('cy_head2')];
    const results = await Promise.all([a, b].map((c) => c.post(`/api/workflow/replacements/${second.id}/approve`, { rowVersion: second.rowVersion })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const objects = (await a.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    expect(objects[1]?.team.filter((m) => m.role === 'leader' && m.active)).toHaveLength(1);
    const history = (await a.get(`${base()}/replacements`)).json<ReplacementRow[]>();
    expect(history.map((r) => [r.seq, r.status])).toEqual([[2, 'approved'], [1, 'approved']]);
  });

  it('lets the head refuse with a reason', async () => {
    const chaoyang = await server.as('chaoyang');
    const objects = (await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    const request = (await chaoyang.post(`${base()}/replacements`, { teamMemberId: leaderOf(objects, 2).memberId, reason: 'work_conflict' })).json<ReplacementRow>();
    const head = await server.as('cy_head');
    await expectFieldErrors(head, 'POST', `/api/workflow/replacements/${request.id}/reject`, { rowVersion: 1, comment: '工作可调整' }, { comment: ['', 'x'], rowVersion: [0, 'a'] });
    const rejected = await head.post(`/api/workflow/replacements/${request.id}/reject`, { rowVersion: 1, comment: '工作可调整' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', statusLabel: '未同意', outcome: { comment: '工作可调整' } });
  });

  it('replaces a 注销 object strictly from the reserve list, in order; a live object is not replaced', async () => {
    const chaoyang = await server.as('chaoyang');
    const objects = (await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    const target = objects[2] as TaskObjectRow;
    const path = `${base()}/objects/${target.id}/gone`;
    await expectAuthRefusals(server, 'POST', path, 'outsider', {});
    expect((await chaoyang.post(`${base()}/objects/${FAKE}/gone`, {})).statusCode).toBe(404);
    const live = await chaoyang.post(path, {});
    expect(live.statusCode).toBe(409);
    expect(live.json()).toMatchObject({ code: 'OBJECT_NOT_GONE' });
    await server.db.update(marketEntities).set({ status: 'deregistered' }).where(eq(marketEntities.id, Number(target.entityId)));
    // Every 朝阳 inspector declared a conflict with the reserve entity: the team cannot move there, nothing changes.
    const leader = leaderOf(objects, 2);
    await server.db.insert(inspectorConflicts).values(chaoyangIds.map((inspectorId) => ({ inspectorId, entityId: entities[3] ?? 0, reason: '亲属经营' })));
    const blocked = await chaoyang.post(path, {});
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ code: 'REPLACEMENT_NO_CANDIDATE', message: expect.stringMatching(new RegExp(`^备选对象的检查组须回避：检查组成员“${leader.name}”对替补对象申报了利害关系须回避，且无法替换`)) as unknown });
    expect((await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>().find((o) => o.id === target.id)).toMatchObject({ status: 'pending' });
    // Only the leader keeps the conflict: the engine replaces the leader on the moved team, as in a fresh match.
    await server.db.delete(inspectorConflicts).where(eq(inspectorConflicts.reason, '亲属经营'));
    await server.db.insert(inspectorConflicts).values({ inspectorId: leader.inspectorId, entityId: entities[3] ?? 0, reason: '亲属经营' });
    const replaced = await chaoyang.post(path, { note: '经核查已于 11 月注销' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const row = replaced.json<ReplacementRow>();
    expect(row).toMatchObject({ kind: 'object', reasonLabel: '注销', status: 'applied', outcome: { rule: 'reserve', reserveEntityId: String(entities[3]), reserveRank: 1 } });
    const recusals = (row.outcome as { recusals: { leavingInspectorId: string; ground: string; chosenInspectorId: string; ticket: string }[] }).recusals;
    expect(recusals).toMatchObject([{ leavingInspectorId: leader.inspectorId, ground: '申报了利害关系须回避' }]);
    const seed = fromHex(summary.seedMatch, 32) ?? new Uint8Array(32);
    expect(recusals[0]?.ticket).toBe(toHex(replacementTicket(seed, row.seq, String(entities[3]), recusals[0]?.chosenInspectorId ?? '')));
    expect(await lastOperation(server)).toMatchObject({ targetId: row.id, detail: expect.objectContaining({ recusals }) as unknown });
    const after = (await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    expect(after.find((o) => o.id === target.id)).toMatchObject({ status: 'replaced', team: [] });
    const fromReserve = after.find((o) => o.fromReserve);
    expect(fromReserve).toMatchObject({ entityName: '长春丁超市', status: 'pending' });
    const active = fromReserve?.team.filter((m) => m.active) ?? [];
    expect(active).toHaveLength(2);
    expect(active.map((m) => m.inspectorId)).not.toContain(leader.inspectorId);
    expect(active.find((m) => m.role === 'leader')?.inspectorId).toBe(recusals[0]?.chosenInspectorId);
    expect(fromReserve?.team.find((m) => m.inspectorId === leader.inspectorId)).toMatchObject({ active: false, replacementId: row.id });
    expect((await chaoyang.post(path, {})).json()).toMatchObject({ code: 'OBJECT_NOT_PENDING' });
  });

  it('counts a 迁出 object done without a check where the region says so', async () => {
    const joint = await server.as('joint');
    expect((await joint.put('/api/workflow/dispatch-settings/220100', { confirmWorkingDays: 1, goneEntityRule: 'count_done' })).statusCode).toBe(200);
    const chaoyang = await server.as('chaoyang');
    const objects = (await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    const target = objects.find((o) => o.status === 'pending' && !o.fromReserve) as TaskObjectRow;
    await server.db.update(marketEntities).set({ status: 'moved_out' }).where(eq(marketEntities.id, Number(target.entityId)));
    const done = await chaoyang.post(`${base()}/objects/${target.id}/gone`, {});
    expect(done.json()).toMatchObject({ reasonLabel: '迁出', outcome: { rule: 'count_done', reserveEntityId: null } });
    const after = (await chaoyang.get(`${base()}/objects`)).json<TaskObjectRow[]>();
    expect(after.find((o) => o.id === target.id)).toMatchObject({ status: 'done_no_check', statusLabel: '已完成无需检查' });
    const pub = (await (await server.anon()).get(`/api/public/matching/${task.taskId}`)).json<{ replacements: number }>();
    expect(pub.replacements).toBe(2);
  });
});
