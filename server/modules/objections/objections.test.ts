import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entitySignInCodes, marketEntities, resultCorrections } from '../../db/schema';
import { LogMessageProvider } from '../../messaging/provider';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addUser, at } from '../dispatch/test_fixtures';
import type { ResultDetail } from '../results/schema';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';
import type { EntityObjectionView, ObjectionView } from './schema';

let server: TestServer;
let world: ResultWorld;
let chaoyang: Client;
let head: Client;
const messages = new LogMessageProvider(() => undefined);
const results: string[] = [];
const codes: string[] = [];
const FAKE = '00000000-0000-4000-8000-000000000000';
const PHONE = '13800001234';

/** The 6-digit code of the last message to PHONE. */
function lastCode(): string {
  return /验证码为 (\d{6})/.exec(messages.last(PHONE)?.text ?? '')?.[1] ?? '';
}

async function signedInEntity(creditCode: string): Promise<Client> {
  const entity = await server.anon();
  expect((await entity.post('/api/entity/sign-in/code', { creditCode })).statusCode).toBe(200);
  const signed = await entity.post('/api/entity/sign-in', { creditCode, code: lastCode() });
  expect(signed.statusCode, signed.body).toBe(200);
  return entity;
}

/** Moves the clock and signs the staff in again (a session idles out after an hour). */
async function moveTo(iso: string): Promise<void> {
  at(server, iso);
  chaoyang = await server.as('chaoyang');
  head = await server.as('obj_head');
}

async function objection(id: string): Promise<ObjectionView> {
  return (await chaoyang.get(`/api/inspection/objections/${id}`)).json<ObjectionView>();
}

beforeAll(async () => {
  server = await startTestServer({ messages });
  await addOutsider(server);
  world = await addResultWorld(server, { objects: 4 });
  await addUser(server, 'obj_head', '朝阳区局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  head = await server.as('obj_head');
  for (const k of [0, 1, 2, 3]) {
    const r = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
    results.push(r.json<{ id: string }>().id);
  }
  for (const k of [0, 1, 2]) {
    const current = (await chaoyang.get(`/api/inspection/results/${results[k] ?? ''}`)).json<ResultDetail>();
    expect((await chaoyang.post(`/api/inspection/results/${current.id}/approve`, { rowVersion: current.rowVersion })).statusCode).toBe(200);
  }
  expect((await chaoyang.post('/api/inspection/results/publish', { ids: results.slice(0, 3) })).statusCode).toBe(200);
  // Maintained by the 朝阳区 market department (its registration authority), which registers the contact.
  for (const id of world.entities) await server.db.update(marketEntities).set({ ownerDepartmentId: server.fixture.departments.chaoyangMarket }).where(eq(marketEntities.id, id));
  for (const id of world.entities) {
    const [row] = await server.db.select({ code: marketEntities.code }).from(marketEntities).where(eq(marketEntities.id, id));
    codes.push(row?.code ?? '');
  }
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('registered contact', () => {
  it('refuses anonymous callers, callers without the permission, and entities out of scope', async () => {
    const url = `/api/directory/entities/${world.entities[0] ?? 0}/contact`;
    await expectAuthRefusals(server, 'PUT', url, 'inspector', { phone: PHONE, rowVersion: null });
    const jilin = await server.as('jilin');
    expect((await jilin.put(url, { phone: PHONE, rowVersion: null })).statusCode).toBe(404);
    expect((await jilin.get(url)).statusCode).toBe(404);
    await expectFieldErrors(chaoyang, 'PUT', url, { phone: PHONE, rowVersion: null }, { phone: ['', '1380000', '23800001234', 13800001234], rowVersion: ['1', 0] });
  });

  it('sets the contact with optimistic concurrency; the number stays out of the operation log', async () => {
    const url = `/api/directory/entities/${world.entities[0] ?? 0}/contact`;
    expect((await chaoyang.get(url)).json()).toMatchObject({ phone: null, rowVersion: null });
    const set = await chaoyang.put(url, { phone: '13900000000', rowVersion: null });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ phone: '13900000000', maskedPhone: '139****0000', source: 'staff', rowVersion: 1 });
    expect((await chaoyang.put(url, { phone: PHONE, rowVersion: null })).statusCode).toBe(409);
    const changed = await chaoyang.put(url, { phone: PHONE, rowVersion: 1 });
    expect(changed.json()).toMatchObject({ phone: PHONE, rowVersion: 2 });
    const stale = await chaoyang.put(url, { phone: PHONE, rowVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', details: [{ field: 'rowVersion', message: '2' }] });
    const op = await lastOperation(server);
    expect(JSON.stringify(op)).not.toContain(PHONE);
  });
});

describe('entity sign-in by code', () => {
  it('validates the credit code and answers an unknown one, or one without a published result, alike', async () => {
    const anon = await server.anon();
    await expectFieldErrors(anon, 'POST', '/api/entity/sign-in/code', { creditCode: codes[0] }, { creditCode: ['', 'abc', '91220104MA0000001X-1', 42] });
    const unknown = await anon.post('/api/entity/sign-in/code', { creditCode: '91220104MA9999999X' });
    expect(unknown.statusCode).toBe(404);
    const unpublished = await anon.post('/api/entity/sign-in/code', { creditCode: codes[3] });
    expect(unpublished.statusCode).toBe(404);
    expect(unpublished.json()).toEqual(unknown.json());
    expect(unknown.json()).toMatchObject({ code: 'ENTITY_NOT_FOUND' });
    const noContact = await anon.post('/api/entity/sign-in/code', { creditCode: codes[1] });
    expect(noContact.statusCode).toBe(409);
    expect(noContact.json()).toMatchObject({ code: 'ENTITY_NO_CONTACT' });
  });

  it('sends a 6-digit code to the registered contact, shows the number masked, and throttles per code', async () => {
    const anon = await server.anon();
    const sent = await anon.post('/api/entity/sign-in/code', { creditCode: codes[0]?.toLowerCase() });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ maskedPhone: '138****1234', expiresInSeconds: 600, resendAfterSeconds: 60 });
    expect(sent.body).not.toContain(PHONE);
    expect(lastCode()).toMatch(/^\d{6}$/);
    const [stored] = await server.db.select().from(entitySignInCodes).where(eq(entitySignInCodes.entityId, world.entities[0] ?? 0));
    expect(stored?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.codeHash).not.toContain(lastCode());
    const again = await anon.post('/api/entity/sign-in/code', { creditCode: codes[0] });
    expect(again.statusCode).toBe(429);
    expect(again.json()).toMatchObject({ code: 'SIGN_IN_CODE_THROTTLED' });
    expect(again.headers['retry-after']).toBeDefined();
    at(server, '2026-12-10T01:01:05Z');
    expect((await anon.post('/api/entity/sign-in/code', { creditCode: codes[0] })).statusCode).toBe(200);
  });

  it('allows 5 attempts, expires after 10 minutes and uses a code once', async () => {
    at(server, '2026-12-10T01:03:00Z');
    const anon = await server.anon();
    expect((await anon.post('/api/entity/sign-in/code', { creditCode: codes[0] })).statusCode).toBe(200);
    const right = lastCode();
    const wrong = right === '000000' ? '111111' : '000000';
    const first = await anon.post('/api/entity/sign-in', { creditCode: codes[0], code: wrong });
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ code: 'SIGN_IN_CODE_INVALID', message: '验证码不正确，还可尝试 4 次' });
    for (let k = 0; k < 4; k++) await anon.post('/api/entity/sign-in', { creditCode: codes[0], code: wrong });
    expect((await anon.post('/api/entity/sign-in', { creditCode: codes[0], code: right })).json()).toMatchObject({ code: 'SIGN_IN_CODE_INVALID', message: '验证码错误或已失效，请重新获取验证码' });

    at(server, '2026-12-10T01:05:00Z');
    expect((await anon.post('/api/entity/sign-in/code', { creditCode: codes[0] })).statusCode).toBe(200);
    at(server, '2026-12-10T01:15:01Z');
    expect((await anon.post('/api/entity/sign-in', { creditCode: codes[0], code: lastCode() })).statusCode).toBe(400);

    at(server, '2026-12-10T01:20:00Z');
    expect((await anon.post('/api/entity/sign-in/code', { creditCode: codes[0] })).statusCode).toBe(200);
    const code = lastCode();
    const signed = await anon.post('/api/entity/sign-in', { creditCode: codes[0], code });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ entity: { name: expect.stringContaining('长春') as unknown, creditCode: codes[0] } });
    expect(String(signed.headers['set-cookie'])).toMatch(/suiji_entity=.*HttpOnly.*SameSite=Strict/i);
    expect((await lastOperation(server))).toMatchObject({ summary: '检查对象凭验证码登录', targetType: 'entity_session', actorId: null, outcome: 'success' });
    expect((await (await server.anon()).post('/api/entity/sign-in', { creditCode: codes[0], code })).statusCode).toBe(400);
    expect((await anon.get('/api/entity/session')).json()).toMatchObject({ entity: { creditCode: codes[0] } });
  });

  it('throttles code requests per client address, known codes or not', async () => {
    at(server, '2026-12-10T02:00:00Z');
    const anon = await server.anon();
    const answers: number[] = [];
    for (let k = 0; k < 11; k++) answers.push((await anon.post('/api/entity/sign-in/code', { creditCode: `91220104MA80000${String(k).padStart(2, '0')}X` })).statusCode);
    expect(answers.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(answers[10]).toBe(429);
    at(server, '2026-12-10T02:30:00Z');
  });
});

describe('the entity session', () => {
  it('files an objection against its own published result only, once at a time, and sees its status', async () => {
    at(server, '2026-12-11T01:00:00Z');
    const entity = await signedInEntity(codes[0] ?? '');
    await expectFieldErrors(entity, 'POST', '/api/entity/objections', { resultId: results[0], reason: '检查时台账齐全，记录有误。' }, { resultId: ['x', null], reason: ['', '短', 'x'.repeat(2001)] });
    expect((await entity.post('/api/entity/objections', { resultId: results[1], reason: '不是本单位的结果。' })).statusCode).toBe(404);
    expect((await entity.post('/api/entity/objections', { resultId: FAKE, reason: '不存在的结果。' })).statusCode).toBe(404);
    const filed = await entity.post('/api/entity/objections', { resultId: results[0], reason: '检查时台账齐全，记录有误。', contactName: '王经理' });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json<EntityObjectionView>()).toMatchObject({ status: 'received', statusLabel: '已受理', channelLabel: '网上提交', receivedOn: '2026-12-11', reviewDue: '2027-01-11' });
    expect(filed.body).not.toMatch(/朝阳区管理员|rowVersion/);
    const twice = await entity.post('/api/entity/objections', { resultId: results[0], reason: '再次提出异议内容。' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'OBJECTION_OPEN' });
    expect((await entity.get('/api/entity/objections')).json<{ rows: EntityObjectionView[] }>().rows).toHaveLength(1);
  });

  it('grants no staff permission and ends on sign-out', async () => {
    const entity = await signedInEntityLater(codes[0] ?? '');
    expect((await entity.get('/api/inspection/objections')).statusCode).toBe(401);
    expect((await entity.get('/api/auth/me')).statusCode).toBe(401);
    expect((await entity.get(`/api/inspection/results/${results[0] ?? ''}`)).statusCode).toBe(401);
    expect((await entity.post('/api/entity/sign-out')).statusCode).toBe(204);
    expect((await entity.get('/api/entity/objections')).json()).toMatchObject({ code: 'ENTITY_SESSION_REQUIRED' });
    expect((await (await server.anon()).post('/api/entity/objections', { resultId: results[0], reason: '未登录时提出异议。' })).statusCode).toBe(401);
  });
});

/** A second sign-in of the same entity after the per-code minute. */
async function signedInEntityLater(creditCode: string): Promise<Client> {
  at(server, new Date(server.now.getTime() + 61_000).toISOString());
  return signedInEntity(creditCode);
}

describe('staff: list, entry and review', () => {
  it('refuses anonymous callers, callers without the permission, and objections out of scope', async () => {
    await moveTo('2026-12-11T03:00:00Z');
    await expectAuthRefusals(server, 'GET', '/api/inspection/objections', 'inspector');
    await expectAuthRefusals(server, 'POST', '/api/inspection/objections', 'inspector', { resultId: results[1], channel: 'counter', receivedOn: '2026-12-10', reason: '窗口提交的异议。' });
    const list = (await chaoyang.get('/api/inspection/objections')).json<{ rows: ObjectionView[]; total: number }>();
    expect(list.total).toBe(1);
    const id = list.rows[0]?.id ?? '';
    await expectAuthRefusals(server, 'POST', `/api/inspection/objections/${id}/start-review`, 'inspector', { rowVersion: 1 });
    const jilin = await server.as('jilin');
    expect((await jilin.get(`/api/inspection/objections/${id}`)).statusCode).toBe(404);
    expect((await jilin.post(`/api/inspection/objections/${id}/start-review`, { rowVersion: 1 })).statusCode).toBe(404);
    expect((await (await server.as('nanguan')).get(`/api/inspection/objections/${id}`)).statusCode).toBe(404);
    // The 双随机办 of the city follows the region's objections.
    expect((await (await server.as('joint')).get('/api/inspection/objections')).json<{ total: number }>().total).toBe(1);
    expect((await chaoyang.get(`/api/inspection/objections/${FAKE}`)).statusCode).toBe(404);
  });

  it('enters an objection received at the counter, with field errors, dates checked and the result published', async () => {
    const valid = { resultId: results[1], channel: 'counter', receivedOn: '2026-12-10', reason: '窗口提交：检查结论与事实不符。' };
    await expectFieldErrors(chaoyang, 'POST', '/api/inspection/objections', valid, {
      resultId: ['1'], channel: ['online', 'fax'], receivedOn: ['2026-02-30', 'tomorrow'], reason: ['', 'abc'], contactName: ['x'.repeat(65)],
    });
    const future = await chaoyang.post('/api/inspection/objections', { ...valid, receivedOn: '2026-12-12' });
    expect(future.json()).toMatchObject({ code: 'OBJECTION_RECEIPT_INVALID', details: [{ field: 'receivedOn' }] });
    const beforeCheck = await chaoyang.post('/api/inspection/objections', { ...valid, receivedOn: '2026-12-01' });
    expect(beforeCheck.statusCode).toBe(400);
    const unpublished = await chaoyang.post('/api/inspection/objections', { ...valid, resultId: results[3] });
    expect(unpublished.statusCode).toBe(409);
    expect((await (await server.as('nanguan')).post('/api/inspection/objections', valid)).statusCode).toBe(403);
    const entered = await chaoyang.post('/api/inspection/objections', { ...valid, contactName: '李会计' });
    expect(entered.statusCode, entered.body).toBe(201);
    expect(entered.json<ObjectionView>()).toMatchObject({
      channelLabel: '窗口受理', status: 'received', enteredByName: '朝阳区管理员', reviewDue: '2027-01-08', currentDue: '2027-01-08', overdue: false, allowedEvents: ['start_review'],
    });
    expect(await lastOperation(server)).toMatchObject({ action: 'inspection:objection:enter', targetType: 'objection', outcome: 'success' });
  });

  it('reviews: illegal steps 409, stale versions 409, concurrent decisions one 409, then feedback', async () => {
    const list = (await chaoyang.get('/api/inspection/objections?keyword=' + encodeURIComponent(codes[1] ?? ''))).json<{ rows: ObjectionView[] }>();
    const o = list.rows[0];
    if (!o) throw new Error('objection of entity 1');
    const url = (action: string) => `/api/inspection/objections/${o.id}/${action}`;
    const early = await head.post(url('decide'), { rowVersion: 1, decision: 'dismiss', comments: '维持原结论' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'OBJECTION_ILLEGAL_TRANSITION', message: '异议当前为“已受理”，不能认定异议不成立' });
    expect((await head.post(url('feedback'), { rowVersion: 1, feedback: '好', method: 'sms' })).statusCode).toBe(409);
    expect((await head.post(url('start-review'), { rowVersion: 1 })).json()).toMatchObject({ status: 'reviewing', reviewStartedByName: '朝阳区局长', rowVersion: 2 });
    expect((await head.post(url('start-review'), { rowVersion: 2 })).statusCode).toBe(409);
    await expectFieldErrors(head, 'POST', url('decide'), { rowVersion: 2, decision: 'dismiss', comments: '维持原结论' }, { decision: ['maybe'], comments: [''], rowVersion: [0] });
    const stale = await head.post(url('decide'), { rowVersion: 1, decision: 'dismiss', comments: '维持原结论' });
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', details: [{ field: 'rowVersion', message: '2' }] });
    await moveTo('2026-12-14T02:00:00Z');
    const body = { rowVersion: 2, decision: 'dismiss', comments: '经复核，检查记录与现场照片一致，维持原检查结论。' };
    const both = await Promise.all([head.post(url('decide'), body), chaoyang.post(url('decide'), body)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const decided = await objection(o.id);
    expect(decided).toMatchObject({ status: 'dismissed', statusLabel: '异议不成立', decidedOn: '2026-12-14', feedbackDue: '2027-01-05', currentDue: '2027-01-05', rowVersion: 3, correction: null });
    await expectFieldErrors(head, 'POST', url('feedback'), { rowVersion: 3, feedback: '已电话告知', method: 'phone' }, { method: ['fax'], feedback: [''] });
    const fed = await head.post(url('feedback'), { rowVersion: 3, feedback: '复核结论已电话告知李会计。', method: 'phone' });
    expect(fed.json()).toMatchObject({ status: 'answered', feedbackMethodLabel: '电话告知', fedBackOn: '2026-12-14', currentDue: null, allowedEvents: [] });
  });

  it('an upheld objection requests a correction through the correction flow, and the entity sees the outcome', async () => {
    const o = (await chaoyang.get('/api/inspection/objections?status=received')).json<{ rows: ObjectionView[] }>().rows.find((r) => r.channel === 'online');
    if (!o) throw new Error('online objection');
    const url = (action: string) => `/api/inspection/objections/${o.id}/${action}`;
    await head.post(url('start-review'), { rowVersion: 1 });
    const noChanges = await head.post(url('decide'), { rowVersion: 2, decision: 'uphold', comments: '台账系误记' });
    expect(noChanges.json()).toMatchObject({ code: 'OBJECTION_CORRECTION_REQUIRED', details: [{ field: 'changes' }] });
    const badItem = await head.post(url('decide'), { rowVersion: 2, decision: 'uphold', comments: '台账系误记', changes: { itemFindings: [{ itemId: FAKE, finding: 'compliant' }] } });
    expect(badItem.json()).toMatchObject({ code: 'CORRECTION_INVALID', details: [{ field: 'changes.itemFindings.0.itemId' }] });
    // A correction already awaiting approval: the objection is not upheld either (one transaction).
    const staffCorrection = await chaoyang.post(`/api/inspection/results/${results[0] ?? ''}/corrections`, { reason: '另案更正', changes: { note: '补充说明' } });
    expect(staffCorrection.statusCode).toBe(201);
    const blocked = await head.post(url('decide'), { rowVersion: 2, decision: 'uphold', comments: '台账系误记', changes: { resultCategory: 'no_problem', note: '经复核更正' } });
    expect(blocked.json()).toMatchObject({ code: 'CORRECTION_PENDING' });
    expect((await objection(o.id)).status).toBe('reviewing');
    const staffId = staffCorrection.json<{ id: string; rowVersion: number }>().id;
    expect((await head.post(`/api/inspection/corrections/${staffId}/reject`, { rowVersion: 1, comments: '以异议复核为准' })).statusCode).toBe(200);

    const upheld = await head.post(url('decide'), { rowVersion: 2, decision: 'uphold', comments: '检查时台账齐全，系检查组误记', changes: { resultCategory: 'no_problem', note: '经异议复核更正' } });
    expect(upheld.statusCode, upheld.body).toBe(200);
    const view = upheld.json<ObjectionView>();
    expect(view).toMatchObject({ status: 'upheld', correction: { seq: 2, status: 'pending', statusLabel: '更正待主要负责人审批' } });
    const [correction] = await server.db.select().from(resultCorrections).where(eq(resultCorrections.id, view.correction?.id ?? FAKE));
    expect(correction).toMatchObject({ source: 'objection', status: 'pending', reason: '异议复核成立：检查时台账齐全，系检查组误记' });
    const detail = (await chaoyang.get(`/api/inspection/results/${results[0] ?? ''}`)).json<ResultDetail>();
    expect(detail.corrections.map((c) => [c.seq, c.source, c.status])).toEqual([[1, 'staff', 'rejected'], [2, 'objection', 'pending']]);
    const todos = (await head.get('/api/todos')).json<{ items: { kind: string }[] }>();
    expect(todos.items.map((i) => i.kind)).toEqual(expect.arrayContaining(['correction_approval', 'objection_feedback']));

    const before = messages.sent().length;
    expect((await head.post(url('feedback'), { rowVersion: 3, feedback: '异议成立，检查结果已申请更正。', method: 'online' })).statusCode).toBe(200);
    expect(messages.sent().length).toBe(before + 1);
    expect(messages.last(PHONE)?.text).toContain('异议已有复核结果');
    const entity = await signedInEntityLater(codes[0] ?? '');
    const mine = (await entity.get('/api/entity/objections')).json<{ rows: EntityObjectionView[] }>().rows;
    expect(mine[0]).toMatchObject({ status: 'answered', decisionComments: '检查时台账齐全，系检查组误记', correctionStatusLabel: '更正待主要负责人审批', feedback: '异议成立，检查结果已申请更正。' });
  });

  it('lists overdue objections and shows them in the reviewers’ 待办', async () => {
    const entered = await chaoyang.post('/api/inspection/objections', { resultId: results[2], channel: 'mail', receivedOn: '2026-12-14', reason: '邮寄提交：对检查结论有异议。' });
    expect(entered.statusCode, entered.body).toBe(201);
    await moveTo('2027-01-20T02:00:00Z');
    const overdue = (await chaoyang.get('/api/inspection/objections?overdue=true')).json<{ rows: ObjectionView[] }>();
    expect(overdue.rows.map((r) => [r.channel, r.status, r.overdue])).toEqual([['mail', 'received', true]]);
    const todos = (await head.get('/api/todos')).json<{ items: { kind: string; overdue: boolean; link: string; kindLabel: string }[] }>();
    const item = todos.items.find((i) => i.kind === 'objection_review');
    expect(item).toMatchObject({ overdue: true, kindLabel: '异议复核', link: `/inspection/objections?id=${entered.json<ObjectionView>().id}` });
  });
});
