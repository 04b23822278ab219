import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, followUps } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { at } from '../dispatch/test_fixtures';
import type { ResultView } from '../results/schema';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';
import { FollowUpPage, type FollowUpDetail } from './schema';

let server: TestServer;
let world: ResultWorld;
let leader: Client;
let chaoyang: Client;
let nanguan: Client;
const results: string[] = [];
const FAKE = '00000000-0000-4000-8000-000000000000';
const base = '/api/inspection/follow-ups';

/** The five objects' results: a transfer, a 责令改正, nothing to follow, an unreachable entity, and one left unapproved. */
function resultOf(k: number): Record<string, unknown> {
  const complete = completeResult(world);
  const noncompliant = { ...complete, itemFindings: world.items.map((i, n) => ({ itemId: i.itemId, finding: n === 0 ? 'noncompliant' : 'compliant', note: n === 0 ? '未按时公示年报' : null })) };
  switch (k) {
    case 0: return { ...noncompliant, resultCategory: 'pending_followup', disposal: 'transfer', note: '发现露天焚烧废料，涉嫌环境违法' };
    case 1: return { ...noncompliant, resultCategory: 'pending_followup', disposal: 'order_correction' };
    case 3: return { ...complete, resultCategory: 'unreachable', disposal: 'none', itemFindings: [], signature: null, note: '两次到登记住所均无人，电话无法接通' };
    default: return complete;
  }
}

async function followUpOf(k: number): Promise<FollowUpDetail> {
  const page = FollowUpPage.parse((await chaoyang.get(`${base}?resultId=${results[k] ?? ''}`)).json());
  const id = page.rows[0]?.id ?? FAKE;
  return (await chaoyang.get(`${base}/${id}`)).json<FollowUpDetail>();
}

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  world = await addResultWorld(server, { objects: 5 });
  at(server, '2026-12-10T01:00:00Z');
  leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  nanguan = await server.as('nanguan');
  for (const k of [0, 1, 2, 3, 4]) {
    const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: resultOf(k) });
    expect(response.statusCode, response.body).toBe(200);
    results.push(response.json<ResultView>().id);
  }
  for (const k of [0, 1, 2, 3]) {
    const approved = await chaoyang.post(`/api/inspection/results/${results[k] ?? ''}/approve`, { rowVersion: 1 });
    expect(approved.statusCode, approved.body).toBe(200);
  }
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('opening follow-ups', () => {
  it('opens one automatically when a result needing one is approved, in the approval\'s change', async () => {
    const page = FollowUpPage.parse((await chaoyang.get(`${base}?box=outgoing`)).json());
    expect(page.total).toBe(3);
    const transfer = await followUpOf(0);
    expect(transfer).toMatchObject({ status: 'open', statusLabel: '本部门处置中', completionLabel: '未完结', measure: null, automatic: true, disposalLabel: '移送', isOwner: true, isReceiver: false });
    expect(transfer.allowedEvents).toEqual(['transfer', 'transfer_judicial', 'close']);
    expect(transfer.history).toMatchObject([{ event: 'create', summary: '审核通过检查结果（自动登记后续处置）' }]);
    expect(await followUpOf(1)).toMatchObject({ measure: 'order_correction', measureLabel: '责令改正', listingSuggestion: null });
    const unreachable = await followUpOf(3);
    expect(unreachable.listingSuggestion).toMatchObject({ ground: '通过登记的住所（经营场所）无法联系', basis: expect.stringContaining('长春第28条') as unknown });
    const events = await server.db.select({ operationSeq: domainEvents.operationSeq, type: domainEvents.type }).from(domainEvents).where(eq(domainEvents.type, 'FollowUpCreated'));
    const statusEvents = await server.db.select({ operationSeq: domainEvents.operationSeq }).from(domainEvents).where(eq(domainEvents.type, 'InspectionResultStatusChanged'));
    expect(events.every((e) => statusEvents.some((s) => s.operationSeq === e.operationSeq))).toBe(true);
  });

  it('opens by hand once per result: 409 when it exists or the result is not approved, 400 per field', async () => {
    await expectAuthRefusals(server, 'POST', base, world.users.leader, { resultId: results[2] });
    await expectFieldErrors(chaoyang, 'POST', base, { resultId: results[2] }, { resultId: ['x', null], measure: ['fine'], dueDate: ['2026-02-30', 'tomorrow'] });
    expect((await chaoyang.post(base, { resultId: results[0] })).json()).toMatchObject({ code: 'FOLLOW_UP_EXISTS' });
    expect((await chaoyang.post(base, { resultId: results[4] })).json()).toMatchObject({ code: 'FOLLOW_UP_RESULT_NOT_APPROVED' });
    expect((await (await server.as('jilin')).post(base, { resultId: results[2] })).statusCode).toBe(404);
    expect((await nanguan.post(base, { resultId: results[2] })).statusCode).toBe(403);
    const created = await chaoyang.post(base, { resultId: results[2], measure: 'guidance', dueDate: '2026-12-31', note: '复核时发现广告用语不规范' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<FollowUpDetail>()).toMatchObject({ automatic: false, measure: 'guidance', dueDate: '2026-12-31', note: '复核时发现广告用语不规范' });
    expect(await lastOperation(server)).toMatchObject({ targetType: 'follow_up', summary: '登记后续处置' });
  });
});

describe('scope and permissions', () => {
  it('refuses anonymous callers and callers without the permission; hides follow-ups out of scope', async () => {
    const f = await followUpOf(0);
    await expectAuthRefusals(server, 'GET', base, world.users.leader);
    await expectAuthRefusals(server, 'GET', `${base}/${f.id}`, world.users.leader);
    await expectAuthRefusals(server, 'POST', `${base}/${f.id}/transfer`, world.users.leader, { rowVersion: 1, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '属生态环境部门管辖' });
    await expectAuthRefusals(server, 'POST', `${base}/${f.id}/accept`, world.users.leader, { rowVersion: 1 });
    const jilin = await server.as('jilin');
    expect((await jilin.get(base)).json()).toMatchObject({ total: 0 });
    expect((await jilin.get(`${base}/${f.id}`)).statusCode).toBe(404);
    expect((await jilin.post(`${base}/${f.id}/close`, { rowVersion: 1, outcome: '已处理' })).statusCode).toBe(404);
    // 南关区 participated in the task but neither owns nor received this follow-up.
    expect((await nanguan.get(`${base}/${f.id}`)).statusCode).toBe(404);
    expect((await chaoyang.get(`${base}/${FAKE}`)).statusCode).toBe(404);
    // The 双随机办 sees its region's follow-ups.
    expect((await (await server.as('joint')).get(base)).json<{ total: number }>().total).toBe(4);
    expect((await chaoyang.get(`${base}?box=bogus`)).statusCode).toBe(400);
  });
});

describe('transfer to another department (谁主管、谁负责)', () => {
  it('checks every field and refuses the own department or a department that does not exist', async () => {
    const f = await followUpOf(0);
    const url = `${base}/${f.id}/transfer`;
    const valid = { rowVersion: f.rowVersion, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '涉嫌环境违法，属生态环境部门管辖' };
    await expectFieldErrors(chaoyang, 'POST', url, valid, { rowVersion: ['1', 0, null], toDepartmentId: ['x', null], reason: ['', null, 'x'.repeat(2001)], dueDate: ['2026-13-01'] });
    expect((await chaoyang.post(url, { ...valid, toDepartmentId: FAKE })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'toDepartmentId' }] });
    expect((await chaoyang.post(url, { ...valid, toDepartmentId: server.fixture.departments.chaoyangMarket })).json()).toMatchObject({ code: 'FOLLOW_UP_SAME_DEPARTMENT' });
    expect((await chaoyang.post(url, { ...valid, rowVersion: f.rowVersion + 1 })).json()).toMatchObject({ code: 'VERSION_CONFLICT', details: [{ field: 'rowVersion', message: String(f.rowVersion) }] });
    const options = (await chaoyang.get(`${base}/${f.id}/receiver-options`)).json<{ id: string }[]>();
    expect(options.map((o) => o.id)).toContain(server.fixture.departments.nanguanMarket);
    expect(options.map((o) => o.id)).not.toContain(server.fixture.departments.chaoyangMarket);
  });

  it('is received by exactly one of two concurrent answers, then accepted and closed by the receiver', async () => {
    const f = await followUpOf(0);
    const sent = await chaoyang.post(`${base}/${f.id}/transfer`, { rowVersion: f.rowVersion, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '涉嫌环境违法，属生态环境部门管辖', dueDate: '2026-12-20' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<FollowUpDetail>()).toMatchObject({ status: 'awaiting', statusLabel: '待接收', receiverDepartmentName: '长春市南关区市场监督管理局', allowedEvents: [] });
    // The receiver now sees it, with its 待办.
    const incoming = FollowUpPage.parse((await nanguan.get(`${base}?box=incoming`)).json());
    expect(incoming.rows.map((r) => r.id)).toEqual([f.id]);
    const todos = (await nanguan.get('/api/todos')).json<{ items: { kind: string; link: string }[] }>();
    expect(todos.items).toContainEqual(expect.objectContaining({ kind: 'follow_up_accept', link: `/inspection/follow-ups/${f.id}` }));
    const received = await nanguan.get(`${base}/${f.id}`);
    expect(received.json<FollowUpDetail>()).toMatchObject({ isReceiver: true, isOwner: false, allowedEvents: ['accept', 'return'] });
    // The wrong side: 403; an event the state does not accept or a stale version: 409.
    expect((await chaoyang.post(`${base}/${f.id}/accept`, { rowVersion: 2 })).json()).toMatchObject({ code: 'FORBIDDEN', message: '只有接收移送的部门可以接收、退回或办结' });
    expect((await nanguan.post(`${base}/${f.id}/transfer`, { rowVersion: 2, toDepartmentId: server.fixture.departments.jilinMarket, reason: 'x' })).json()).toMatchObject({ code: 'FOLLOW_UP_ILLEGAL_TRANSITION' });
    expect((await nanguan.post(`${base}/${f.id}/accept`, { rowVersion: 1 })).json()).toMatchObject({ code: 'VERSION_CONFLICT' });
    await expectFieldErrors(nanguan, 'POST', `${base}/${f.id}/return`, { rowVersion: 2, reason: '不属本部门' }, { reason: ['', null], rowVersion: ['2'] });
    // Two people answer at once: one wins, the other gets 409.
    const [accept, giveBack] = await Promise.all([nanguan.post(`${base}/${f.id}/accept`, { rowVersion: 2 }), nanguan.post(`${base}/${f.id}/return`, { rowVersion: 2, reason: '不属本部门职责' })]);
    expect([accept.statusCode, giveBack.statusCode].sort()).toEqual([200, 409]);
    if (giveBack.statusCode === 200) {
      const again = await chaoyang.post(`${base}/${f.id}/transfer`, { rowVersion: 3, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '经协调仍属南关区管辖' });
      expect(again.statusCode, again.body).toBe(200);
      expect((await nanguan.post(`${base}/${f.id}/accept`, { rowVersion: 4 })).statusCode).toBe(200);
    }
    const accepted = (await nanguan.get(`${base}/${f.id}`)).json<FollowUpDetail>();
    expect(accepted).toMatchObject({ status: 'accepted', acceptedByName: '南关区管理员', completionLabel: '未完结', allowedEvents: ['close'] });
    expect((await chaoyang.post(`${base}/${f.id}/close`, { rowVersion: accepted.rowVersion, outcome: '已处理' })).statusCode).toBe(403);
    await expectFieldErrors(nanguan, 'POST', `${base}/${f.id}/close`, { rowVersion: accepted.rowVersion, outcome: '已立案' }, { outcome: ['', null, 'x'.repeat(2001)] });
    const closed = await nanguan.post(`${base}/${f.id}/close`, { rowVersion: accepted.rowVersion, outcome: '已立案调查，责令停止焚烧并处罚款' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<FollowUpDetail>()).toMatchObject({ status: 'closed', completionLabel: '已完结', outcome: '已立案调查，责令停止焚烧并处罚款', closedByName: '南关区管理员' });
    expect((await nanguan.post(`${base}/${f.id}/close`, { rowVersion: accepted.rowVersion + 1, outcome: '再次办结' })).json()).toMatchObject({ code: 'FOLLOW_UP_ILLEGAL_TRANSITION', message: '后续处置当前为“已完结”，不能办结' });
    const history = (await chaoyang.get(`${base}/${f.id}`)).json<FollowUpDetail>().history;
    expect(history.map((h) => h.event).slice(0, 2)).toEqual(['create', 'transfer']);
    expect(history.at(-1)).toMatchObject({ event: 'close', reason: '已立案调查，责令停止焚烧并处罚款', actorName: '南关区管理员' });
  });

  it('is returned with a reason; the owner resumes it and closes it', async () => {
    const f = await followUpOf(2);
    expect((await chaoyang.post(`${base}/${f.id}/resume`, { rowVersion: f.rowVersion })).json()).toMatchObject({ code: 'FOLLOW_UP_ILLEGAL_TRANSITION' });
    const sent = await chaoyang.post(`${base}/${f.id}/transfer`, { rowVersion: f.rowVersion, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '广告发布地在南关区' });
    expect(sent.statusCode, sent.body).toBe(200);
    const returned = await nanguan.post(`${base}/${f.id}/return`, { rowVersion: f.rowVersion + 1, reason: '广告主住所在朝阳区，仍由朝阳区管辖' });
    expect(returned.json<FollowUpDetail>()).toMatchObject({ status: 'returned', returnReason: '广告主住所在朝阳区，仍由朝阳区管辖' });
    expect((await chaoyang.get(`${base}/${f.id}`)).json<FollowUpDetail>().allowedEvents).toEqual(['transfer', 'transfer_judicial', 'resume', 'close']);
    const resumed = await chaoyang.post(`${base}/${f.id}/resume`, { rowVersion: f.rowVersion + 2 });
    expect(resumed.json<FollowUpDetail>()).toMatchObject({ status: 'open' });
    expect((await chaoyang.post(`${base}/${f.id}/close`, { rowVersion: f.rowVersion + 3, outcome: '已约谈并开展行政指导' })).json()).toMatchObject({ status: 'closed' });
  });
});

describe('内部处置 and 司法机关', () => {
  it('sets the rectification deadline, shows it overdue in the owner\'s 待办 and closes only after 复查', async () => {
    const f = await followUpOf(1);
    const url = `${base}/${f.id}`;
    const plan = { rowVersion: f.rowVersion, measure: 'order_correction', dueDate: '2026-12-09', handler: '信用监管科', note: '限期 10 日内公示年度报告' };
    await expectFieldErrors(chaoyang, 'PUT', url, plan, { measure: ['fine'], dueDate: ['2026-02-30'], handler: ['x'.repeat(101)] });
    expect((await nanguan.put(url, plan)).statusCode).toBe(404);
    const [first, second] = await Promise.all([chaoyang.put(url, plan), chaoyang.put(url, plan)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const planned = (await chaoyang.get(url)).json<FollowUpDetail>();
    expect(planned).toMatchObject({ dueDate: '2026-12-09', overdue: true, handler: '信用监管科' });
    const todos = (await chaoyang.get('/api/todos')).json<{ items: { kind: string; recordId: string; overdue: boolean }[] }>();
    expect(todos.items).toContainEqual(expect.objectContaining({ kind: 'follow_up_overdue', recordId: f.id, overdue: true }));
    const close = `${url}/close`;
    expect((await chaoyang.post(close, { rowVersion: planned.rowVersion, outcome: '已改正' })).json()).toMatchObject({ code: 'FOLLOW_UP_RECHECK_REQUIRED' });
    expect((await chaoyang.post(close, { rowVersion: planned.rowVersion, outcome: '已改正', recheck: { date: '2026-12-11', rectified: true } })).json()).toMatchObject({ code: 'FOLLOW_UP_DATE_FUTURE' });
    await expectFieldErrors(chaoyang, 'POST', close, { rowVersion: planned.rowVersion, outcome: '已改正' }, { recheck: [{ date: '2026-02-30', rectified: true }, { date: '2026-12-10' }, 'yes'] });
    const closed = await chaoyang.post(close, { rowVersion: planned.rowVersion, outcome: '经复查已公示年度报告', recheck: { date: '2026-12-10', rectified: true } });
    expect(closed.json<FollowUpDetail>()).toMatchObject({ status: 'closed', recheckDate: '2026-12-10', recheckRectified: true, overdue: false });
  });

  it('transfers to a judicial organ recorded by name and closes with its 回执', async () => {
    const f = await followUpOf(3);
    const url = `${base}/${f.id}/transfer-judicial`;
    const valid = { rowVersion: f.rowVersion, organKind: 'public_security', organName: '长春市公安局朝阳分局', reason: '涉嫌提交虚假材料取得登记' };
    await expectFieldErrors(chaoyang, 'POST', url, valid, { organKind: ['court', null], organName: ['', 'x'.repeat(101)], reason: [''] });
    const sent = await chaoyang.post(url, valid);
    expect(sent.json<FollowUpDetail>()).toMatchObject({ status: 'sent_judicial', judicialOrganName: '长春市公安局朝阳分局', judicialOrganKindLabel: '公安机关', receiverDepartmentId: null });
    const close = `${base}/${f.id}/close`;
    expect((await chaoyang.post(close, { rowVersion: f.rowVersion + 1, outcome: '公安机关已受案' })).json()).toMatchObject({ code: 'FOLLOW_UP_RECEIPT_REQUIRED' });
    await expectFieldErrors(chaoyang, 'POST', close, { rowVersion: f.rowVersion + 1, outcome: '公安机关已受案' }, { receipt: [{ number: '', date: '2026-12-10' }, { number: '1', date: 'x' }] });
    const closed = await chaoyang.post(close, { rowVersion: f.rowVersion + 1, outcome: '公安机关已受案', receipt: { number: '长公朝受〔2026〕88号', date: '2026-12-10' } });
    expect(closed.json<FollowUpDetail>()).toMatchObject({ status: 'closed', receiptNumber: '长公朝受〔2026〕88号', receiptDate: '2026-12-10' });
    const [row] = await server.db.select({ status: followUps.status, rowVersion: followUps.rowVersion }).from(followUps).where(eq(followUps.id, f.id));
    expect(row).toEqual({ status: 'closed', rowVersion: f.rowVersion + 2 });
  });

  it('tells the public only that a follow-up exists and whether it is 已完结', async () => {
    await chaoyang.post('/api/inspection/results/publish', { ids: [results[0], results[1], results[2]] });
    const anon = await server.anon();
    const page = (await anon.get('/api/public/results?pageSize=50')).json<{ rows: { id: string; followUp: unknown }[] }>();
    expect(page.rows.find((r) => r.id === results[0])?.followUp).toEqual({ completion: '已完结' });
    expect(JSON.stringify(page.rows)).not.toMatch(/南关区|复查|措施|公安/);
  });

  it('filters by completion and puts what is 未完结 first', async () => {
    const open = FollowUpPage.parse((await chaoyang.get(`${base}?completion=open`)).json());
    const closed = FollowUpPage.parse((await chaoyang.get(`${base}?completion=closed`)).json());
    expect(open.total + closed.total).toBe(4);
    expect(closed.rows.every((r) => r.completionLabel === '已完结')).toBe(true);
  });
});
