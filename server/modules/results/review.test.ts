import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, inspectionResults, resultAttachments } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addUser, at } from '../dispatch/test_fixtures';
import type { ResultDetail, ResultView } from './schema';
import { ResultPage } from './schema';
import { addResultWorld, completeResult, JPEG, uploadAttachment, type ResultWorld } from './test_fixtures';

let server: TestServer;
let world: ResultWorld;
let leader: Client;
let chaoyang: Client;
const ids: string[] = [];
const FAKE = '00000000-0000-4000-8000-000000000000';

async function submit(k: number, result: Record<string, unknown> = completeResult(world)): Promise<ResultView> {
  const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ResultView>();
}
const url = (k: number, action = '') => `/api/inspection/results/${ids[k] ?? ''}${action}`;
async function current(k: number): Promise<ResultDetail> {
  return (await chaoyang.get(url(k))).json<ResultDetail>();
}

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  world = await addResultWorld(server, { objects: 4 });
  await addUser(server, 'cy_head', '朝阳区局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  await addUser(server, 'ng_head', '南关区局长', server.fixture.departments.nanguanMarket, ['dept_head']);
  at(server, '2026-12-10T01:00:00Z');
  leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  for (const k of [0, 1, 2, 3]) ids.push((await submit(k)).id);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('review: list, detail, return, approve, publish', () => {
  it('refuses anonymous callers, callers without the permission, and results out of scope', async () => {
    await expectAuthRefusals(server, 'GET', '/api/inspection/results', 'outsider');
    await expectAuthRefusals(server, 'POST', url(0, '/approve'), world.users.leader, { rowVersion: 1 });
    await expectAuthRefusals(server, 'POST', url(0, '/publish'), world.users.leader, { rowVersion: 1 });
    const jilin = await server.as('jilin');
    expect((await jilin.get('/api/inspection/results')).json()).toMatchObject({ rows: [], total: 0 });
    expect((await jilin.get(url(0))).statusCode).toBe(404);
    expect((await jilin.post(url(0, '/approve'), { rowVersion: 1 })).statusCode).toBe(404);
    expect((await chaoyang.get(`/api/inspection/results/${FAKE}`)).statusCode).toBe(404);
    // 南关区 participates: it sees the results but does not review the lead department's.
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get('/api/inspection/results')).json<{ total: number }>().total).toBe(4);
    expect((await nanguan.post(url(0, '/approve'), { rowVersion: 1 })).json()).toMatchObject({ code: 'FORBIDDEN', message: '只有负责该检查结果的部门（任务的牵头部门）可以审核、公示和更正' });
  });

  it('lists the results awaiting review with their deadlines', async () => {
    const response = await chaoyang.get(`/api/inspection/results?status=submitted&taskId=${world.taskId}&pageSize=2`);
    expect(response.statusCode, response.body).toBe(200);
    const page = ResultPage.parse(response.json());
    expect(page.total).toBe(4);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0]).toMatchObject({ statusLabel: '待审核', checkDate: '2026-12-08', entryDue: '2026-12-15', publishDue: '2027-01-06', dueProvisional: true, publishOverdue: false });
    await expectFieldErrors(chaoyang, 'POST', url(0, '/return'), { rowVersion: 1, comments: '照片不清晰' }, { rowVersion: ['1', 0, null], comments: ['', null, 'x'.repeat(1001)] });
    expect((await chaoyang.get('/api/inspection/results?status=done')).statusCode).toBe(400);
  });

  it('returns with comments; the leader corrects and submits again; stale versions answer 409', async () => {
    expect((await chaoyang.post(url(0, '/return'), { rowVersion: 9, comments: '照片不清晰' })).json()).toMatchObject({ code: 'VERSION_CONFLICT' });
    const returned = await chaoyang.post(url(0, '/return'), { rowVersion: 1, comments: '照片不清晰，请补拍门头' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json<ResultDetail>()).toMatchObject({ status: 'returned', reviewComments: '照片不清晰，请补拍门头', rowVersion: 2, allowedEvents: [] });
    expect((await chaoyang.post(url(0, '/approve'), { rowVersion: 2 })).json()).toMatchObject({ code: 'RESULT_ILLEGAL_TRANSITION', message: '检查结果当前为“已退回”，不能审核通过' });
    const again = await submit(0);
    expect(again).toMatchObject({ id: ids[0], status: 'submitted', rowVersion: 3 });
    const detail = await current(0);
    expect(detail.history.map((h) => [h.event, h.reason])).toEqual([['submit', null], ['return', '照片不清晰，请补拍门头'], ['submit', null]]);
    expect(detail.allowedEvents).toEqual(['return', 'approve']);
  });

  it('approves and publishes, each in the operation log with its event; a submit after publication answers 409', async () => {
    const approved = await chaoyang.post(url(0, '/approve'), { rowVersion: 3, comments: '同意' });
    expect(approved.json<ResultDetail>()).toMatchObject({ status: 'approved', statusLabel: '已通过', reviewComments: '同意' });
    const published = await chaoyang.post(url(0, '/publish'), { rowVersion: 4 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json<ResultDetail>()).toMatchObject({ status: 'published', publishedByName: '朝阳区管理员', allowedEvents: [] });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'inspection:result:publish', summary: '公示检查结果', targetId: ids[0], outcome: 'success' });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ type: 'InspectionResultStatusChanged', from: 'approved', to: 'published' })]);

    const resubmit = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[0], result: completeResult(world) });
    expect(resubmit.statusCode).toBe(409);
    expect(resubmit.json()).toMatchObject({ code: 'RESULT_ILLEGAL_TRANSITION', message: '检查结果当前为“已公示”，不能提交审核' });
    expect((await leader.put(`/api/inspection/objects/${world.objects[0] ?? ''}/result`, { ...completeResult(world), rowVersion: 5 })).statusCode).toBe(409);
    expect((await chaoyang.post(url(0, '/publish'), { rowVersion: 5 })).statusCode).toBe(409);
    const photo = await uploadAttachment(leader, world.objects[0] ?? '', { clientId: randomUUID(), kind: 'photo' }, { name: '补拍.jpg', content: JPEG });
    expect(photo.statusCode).toBe(409);
    expect(photo.json()).toMatchObject({ code: 'RESULT_PUBLISHED', message: '检查结果已公示，附件不可增加' });
  });

  it('publishes a batch all or nothing', async () => {
    const refused = await chaoyang.post('/api/inspection/results/publish', { ids: [ids[1], ids[2]] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ message: '所选检查结果中有 2 条不是“已通过”状态，不能公示；本次未公示任何结果' });
    await chaoyang.post(url(1, '/approve'), { rowVersion: 1, withheld: { fields: ['note', 'disposal'], reason: '涉及公共安全' } });
    const half = await chaoyang.post('/api/inspection/results/publish', { ids: [ids[1], ids[2]] });
    expect(half.statusCode).toBe(409);
    expect((await current(1)).status).toBe('approved');
    await chaoyang.post(url(2, '/approve'), { rowVersion: 1 });
    expect((await chaoyang.post('/api/inspection/results/publish', { ids: [ids[1], FAKE] })).statusCode).toBe(404);
    expect((await (await server.as('nanguan')).post('/api/inspection/results/publish', { ids: [ids[1], ids[2]] })).statusCode).toBe(403);
    await expectFieldErrors(chaoyang, 'POST', '/api/inspection/results/publish', { ids: [ids[1]] }, { ids: [[], ['x'], null] });
    const done = await chaoyang.post('/api/inspection/results/publish', { ids: [ids[1], ids[2]] });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ published: 2, ids: [ids[1], ids[2]] });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ summary: '批量公示检查结果', outcome: 'success' });
    expect(await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1))).toHaveLength(2);
  });
});

describe('a published result is frozen by the database', () => {
  async function refusedBySql(statement: ReturnType<typeof sql>): Promise<string> {
    try {
      await server.db.execute(statement);
    } catch (error) {
      const chain = [error, (error as { cause?: unknown }).cause];
      return chain.map((e) => (e instanceof Error ? e.message : '')).join(' | ');
    }
    throw new Error('the statement was not refused');
  }

  it('refuses UPDATE, DELETE and TRUNCATE with raw SQL', async () => {
    const id = ids[0] ?? '';
    expect(await refusedBySql(sql`update inspection_results set note = 'x' where status = 'published'`)).toContain('已公示的检查结果不可修改或删除');
    expect(await refusedBySql(sql`delete from inspection_results where id = ${id}`)).toContain('已公示的检查结果不可修改或删除');
    expect(await refusedBySql(sql`truncate inspection_results cascade`)).toContain('不可整表清空');
    expect(await refusedBySql(sql`insert into result_attachments (task_object_id, client_id, kind, file_name, mime, byte_size, sha256, content, uploaded_by)
      values (${world.objects[0] ?? ''}, ${randomUUID()}, 'photo', 'x.jpg', 'image/jpeg', 1, ${'0'.repeat(64)}, '\\xff'::bytea, ${server.fixture.users.chaoyang})`)).toContain('附件不可增加');
    const [row] = await server.db.select({ note: inspectionResults.note, status: inspectionResults.status }).from(inspectionResults).where(eq(inspectionResults.id, id));
    expect(row).toEqual({ note: null, status: 'published' });
    expect(await server.db.select().from(resultAttachments)).toEqual([]);
  });
});

describe('corrections (长春第20条)', () => {
  const correction = { reason: '录入时检查结果选错', changes: { resultCategory: 'corrected', disposal: 'order_correction', note: '已责令限期改正' } };

  it('are requested only for published results, with a reason and changes', async () => {
    await expectAuthRefusals(server, 'POST', url(0, '/corrections'), 'cy_head', correction);
    expect((await chaoyang.post(url(3, '/corrections'), correction)).json()).toMatchObject({ code: 'RESULT_NOT_PUBLISHED' });
    await expectFieldErrors(chaoyang, 'POST', url(0, '/corrections'), correction, { reason: ['', null], changes: [{}, null, { resultCategory: 'fine' }] });
    expect((await (await server.as('jilin')).post(url(0, '/corrections'), correction)).statusCode).toBe(404);
  });

  it('are approved only by the head of the result’s department; the original never changes', async () => {
    const requested = await chaoyang.post(url(0, '/corrections'), correction);
    expect(requested.statusCode, requested.body).toBe(201);
    const c = requested.json<{ id: string; seq: number; status: string; rowVersion: number; changeLabels: unknown[] }>();
    expect(c).toMatchObject({ seq: 1, status: 'pending', rowVersion: 1 });
    expect(c.changeLabels).toEqual([{ field: 'resultCategory', label: '检查结果', value: '发现问题已责令改正' }, { field: 'disposal', label: '处置', value: '责令改正' }, { field: 'note', label: '备注', value: '已责令限期改正' }]);
    expect((await chaoyang.post(url(0, '/corrections'), correction)).json()).toMatchObject({ code: 'CORRECTION_PENDING' });

    const approveUrl = `/api/inspection/corrections/${c.id}/approve`;
    expect((await chaoyang.post(approveUrl, { rowVersion: 1 })).statusCode).toBe(403);
    expect((await (await server.as('joint')).post(approveUrl, { rowVersion: 1 })).json()).toMatchObject({ code: 'FORBIDDEN', message: '更正须经长春市朝阳区市场监督管理局的主要负责人（部门负责人）批准（长春第20条）' });
    expect((await (await server.as('ng_head')).post(approveUrl, { rowVersion: 1 })).statusCode).toBe(403);
    const head = await server.as('cy_head');
    expect((await head.post(approveUrl, { rowVersion: 7 })).json()).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await head.post(`/api/inspection/corrections/${FAKE}/approve`, { rowVersion: 1 })).statusCode).toBe(404);
    const approved = await head.post(approveUrl, { rowVersion: 1, comments: '同意更正' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', statusLabel: '已批准并公示', decidedByName: '朝阳区局长', decisionComments: '同意更正' });
    expect((await head.post(approveUrl, { rowVersion: 2 })).json()).toMatchObject({ code: 'CORRECTION_DECIDED' });
    await expect(server.db.execute(sql`update result_corrections set reason = 'x' where id = ${c.id}`)).rejects.toThrow();

    const detail = await current(0);
    expect(detail).toMatchObject({ status: 'published', resultCategory: 'no_problem', note: null, corrections: [{ seq: 1, status: 'approved' }] });
    expect(detail.itemFindings.map((f) => [f.name, f.findingLabel])).toEqual([['年度报告公示情况', '符合'], ['即时信息公示情况', '符合'], ['食品经营许可情况', '符合']]);
    expect(detail.history.map((h) => h.event)).toContain('approve');
  });

  it('a rejection needs comments', async () => {
    const second = (await chaoyang.post(url(0, '/corrections'), { reason: '再次更正', changes: { note: '补充说明' } })).json<{ id: string }>();
    const head = await server.as('cy_head');
    const bare = await head.post(`/api/inspection/corrections/${second.id}/reject`, { rowVersion: 1 });
    expect(bare.json()).toMatchObject({ code: 'DECISION_COMMENTS_REQUIRED', details: [{ field: 'comments' }] });
    expect((await head.post(`/api/inspection/corrections/${second.id}/reject`, { rowVersion: 1, comments: '理由不充分' })).json()).toMatchObject({ status: 'rejected', seq: 2 });
  });
});

describe('public results', () => {
  it('shows published results with approved corrections, withheld fields left out, without login', async () => {
    const anon = await server.anon();
    const response = await anon.get(`/api/public/results?keyword=${encodeURIComponent('测试商贸')}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ rows: { id: string; resultCategory: string; note: string | null; disposal: string | null; withheldFields: string[]; itemFindings: unknown[] | null; corrections: { seq: number; changes: { field: string }[] }[] }[]; total: number }>();
    expect(page.total).toBe(3);
    const first = page.rows.find((r) => r.id === ids[0]);
    expect(first).toMatchObject({ resultCategory: '未发现问题', disposal: '无需后续处置', withheldFields: [], corrections: [{ seq: 1 }] });
    expect(first?.corrections[0]?.changes.map((c) => c.field)).toEqual(['resultCategory', 'disposal', 'note']);
    expect(first?.itemFindings).toHaveLength(3);
    const withheld = page.rows.find((r) => r.id === ids[1]);
    expect(withheld).toMatchObject({ note: null, disposal: null, withheldFields: ['note', 'disposal'] });
    expect(response.body).not.toMatch(/phone|riskClass|risk_class|王经理|signature|13900001111/);
    expect(response.headers['cache-control']).toMatch(/public/);
    const byCode = (await anon.get(`/api/public/results?creditCode=${(await current(0)).creditCode}`)).json<{ rows: { id: string }[] }>();
    expect(byCode.rows.map((r) => r.id)).toEqual([ids[0]]);
    expect((await anon.get('/api/public/results?creditCode=91220104MA0000000X')).json()).toMatchObject({ rows: [], total: 0 });
    expect((await anon.get('/api/public/results?pageSize=500')).statusCode).toBe(400);
  });
});
