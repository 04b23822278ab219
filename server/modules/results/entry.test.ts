import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, inspectionResults } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { at } from '../dispatch/test_fixtures';
import type { AttachmentView, MyObjectRow, ObjectDetail, ResultView } from './schema';
import { addResultWorld, completeResult, JPEG, uploadAttachment, type ResultWorld } from './test_fixtures';

let server: TestServer;
let world: ResultWorld;
let leader: Client;
const FAKE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  world = await addResultWorld(server);
  // Thursday 10 December 2026, 09:00 in Shanghai.
  at(server, '2026-12-10T01:00:00Z');
  leader = await server.as(world.users.leader);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const objectUrl = (k: number) => `/api/inspection/objects/${world.objects[k] ?? ''}`;

async function upload(client: Client, k: number, fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  return uploadAttachment(client, world.objects[k] ?? '', fields, file);
}

describe('inspector workbench: my objects and an object', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', '/api/inspection/my-objects', 'outsider');
    await expectAuthRefusals(server, 'GET', objectUrl(0), 'outsider');
  });

  it('lists the objects where I am an active team member, saying whether I lead', async () => {
    const rows = (await leader.get('/api/inspection/my-objects')).json<{ rows: MyObjectRow[] }>().rows;
    expect(rows.map((r) => r.taskObjectId).sort()).toEqual([...world.objects].sort());
    expect(rows[0]).toMatchObject({ taskId: world.taskId, isLeader: true, result: null, entryDue: null, periodStart: '2026-12-01', objectStatus: 'pending' });
    expect(rows[0]?.teamSummary).toMatch(/^张组长\d+（组长）、王组员\d+、李组员\d+$/);
    const partner = (await (await server.as(world.users.partner)).get('/api/inspection/my-objects')).json<{ rows: MyObjectRow[] }>().rows;
    expect(partner.map((r) => r.isLeader)).toEqual([false, false, false]);
    expect((await (await server.as(world.users.stranger)).get('/api/inspection/my-objects')).json()).toEqual({ rows: [] });
  });

  it('shows the entity, the team and the items of every participating department, never the phone; 403 off the team, 404 unknown', async () => {
    const response = await leader.get(objectUrl(0));
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json<ObjectDetail>();
    expect(detail.items.map((i) => [i.code.replace(/\d+-/, '-'), i.departmentName, i.basis])).toEqual([
      ['CY-01', '长春市朝阳区市场监督管理局', '《企业信息公示暂行条例》第十四条'], ['CY-02', '长春市朝阳区市场监督管理局', '《企业信息公示暂行条例》第十四条'],
      ['NG-01', '长春市南关区市场监督管理局', '《企业信息公示暂行条例》第十四条'],
    ]);
    expect(detail.team.map((m) => m.roleLabel)).toEqual(['组长', '组员', '组员']);
    expect(detail.result).toBeNull();
    expect(response.body).not.toMatch(/phone|13900001111|riskClass/);
    expect((await (await server.as(world.users.stranger)).get(objectUrl(0))).statusCode).toBe(403);
    expect((await leader.get(`/api/inspection/objects/${FAKE}`)).statusCode).toBe(404);
    expect((await leader.get('/api/inspection/objects/nope')).statusCode).toBe(400);
  });
});

describe('saving a draft (rowVersion) and submitting (clientId)', () => {
  it('lets only the team leader save; a member reads', async () => {
    const member = await server.as(world.users.member);
    const refused = await member.put(`${objectUrl(0)}/result`, { ...completeResult(world), rowVersion: null });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', message: '只有检查组组长可以录入和提交检查结果（谁检查、谁录入）' });
    expect((await (await server.as(world.users.stranger)).put(`${objectUrl(0)}/result`, { ...completeResult(world), rowVersion: null })).statusCode).toBe(403);
    await expectAuthRefusals(server, 'PUT', `${objectUrl(0)}/result`, 'outsider', { ...completeResult(world), rowVersion: null });
  });

  it('answers 400 naming each invalid field', async () => {
    await expectFieldErrors(leader, 'PUT', `${objectUrl(0)}/result`, { ...completeResult(world), rowVersion: null }, {
      checkDate: ['2026-13-01', '', null], checkMethod: ['walk', null], resultCategory: ['fine'], disposal: ['fine'], itemFindings: ['x', [{ itemId: 'x', finding: 'compliant' }], [{ itemId: FAKE, finding: 'ok' }]],
      signature: [{ kind: 'stamp' }, { kind: 'refused', reason: '', witness: '李某' }], rowVersion: ['1', 0, 1.5], note: [123],
    });
    const future = await leader.put(`${objectUrl(0)}/result`, { ...completeResult(world, '2026-12-11'), rowVersion: null });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'RESULT_INVALID', message: expect.stringContaining('检查日期') as unknown, details: [{ field: 'checkDate' }] });
    const early = await leader.put(`${objectUrl(0)}/result`, { ...completeResult(world, '2026-11-30'), rowVersion: null });
    expect(early.json()).toMatchObject({ code: 'RESULT_INVALID', message: '检查日期 2026-11-30 早于任务的检查期间开始日 2026-12-01' });
    const unknown = await leader.put(`${objectUrl(0)}/result`, { ...completeResult(world), itemFindings: [{ itemId: FAKE, finding: 'compliant' }], rowVersion: null });
    expect(unknown.json()).toMatchObject({ code: 'RESULT_INVALID', details: [{ field: 'itemFindings.0.itemId' }] });
  });

  it('saves a half-filled draft with working-day deadlines, recorded in the log', async () => {
    const draft = { ...completeResult(world, '2026-12-01'), itemFindings: [], signature: null, rowVersion: null };
    const saved = await leader.put(`${objectUrl(0)}/result`, draft);
    expect(saved.statusCode, saved.body).toBe(200);
    // 曲阳第20条: 5 working days after Tuesday 1 December; 长春第19条: 20 working days.
    expect(saved.json<ResultView>()).toMatchObject({ status: 'draft', statusLabel: '草稿', rowVersion: 1, entryDue: '2026-12-08', publishDue: '2026-12-29', dueProvisional: false, checkMethodLabel: '实地核查' });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'inspection:result:enter', summary: '保存检查结果', targetType: 'inspection_result', outcome: 'success' });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    // The task's first result also moves it 已派发 → 检查中 (task_progress.ts), in the same operation.
    expect(events.map((e) => e.type)).toEqual(['TaskStatusChanged', 'InspectionResultSaved']);
  });

  it('gives the second of two people saving the same version 409 with the newer version, never a lost update', async () => {
    const body = (note: string) => ({ ...completeResult(world, '2026-12-01'), note, rowVersion: 1 });
    const [a, b] = await Promise.all([leader.put(`${objectUrl(0)}/result`, body('甲的修改')), leader.put(`${objectUrl(0)}/result`, body('乙的修改'))]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const lost = a.statusCode === 409 ? a : b;
    const won = a.statusCode === 200 ? a : b;
    expect(lost.json()).toMatchObject({ code: 'VERSION_CONFLICT', current: { rowVersion: 2, note: won.json<ResultView>().note } });
    const stale = await leader.put(`${objectUrl(0)}/result`, body('过期的修改'));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', message: '检查结果已被他人修改（最新版本号 2），请核对后重试', current: { rowVersion: 2 } });
    const [row] = await server.db.select({ note: inspectionResults.note, rowVersion: inspectionResults.rowVersion }).from(inspectionResults).where(eq(inspectionResults.taskObjectId, world.objects[0] ?? ''));
    expect(row).toEqual({ note: won.json<ResultView>().note, rowVersion: 2 });
  });

  it('refuses an incomplete submission, naming the missing items', async () => {
    const incomplete = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[0], result: { ...completeResult(world), itemFindings: [] } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json()).toMatchObject({ code: 'RESULT_INVALID', details: [{ field: 'itemFindings' }] });
    await expectFieldErrors(leader, 'POST', '/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[0], result: completeResult(world) }, {
      clientId: ['abc', null], taskObjectId: ['x'], result: [null, { ...completeResult(world), checkDate: 'yesterday' }],
    });
    const member = await server.as(world.users.member);
    expect((await member.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[0], result: completeResult(world) })).statusCode).toBe(403);
    expect((await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: FAKE, result: completeResult(world) })).statusCode).toBe(404);
  });

  it('submits once when the same offline submission arrives three times together', async () => {
    const clientId = randomUUID();
    const body = { clientId, taskObjectId: world.objects[0], result: completeResult(world) };
    const answers = await Promise.all([1, 2, 3].map(() => leader.post('/api/inspection/submissions', body)));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const views = answers.map((a) => a.json<ResultView>());
    expect(new Set(views.map((v) => v.id)).size).toBe(1);
    expect(views.map((v) => [v.status, v.rowVersion])).toEqual([['submitted', 3], ['submitted', 3], ['submitted', 3]]);
    const rows = await server.db.select({ id: inspectionResults.id }).from(inspectionResults).where(eq(inspectionResults.submitClientId, clientId));
    expect(rows).toHaveLength(1);
    const changes = await server.db.select().from(domainEvents).where(eq(domainEvents.type, 'InspectionResultStatusChanged'));
    expect(changes.filter((e) => (e.payload as { resultId: string }).resultId === views[0]?.id)).toHaveLength(1);
    // Later, the same clientId again: the same answer.
    const again = await leader.post('/api/inspection/submissions', body);
    expect(again.json<ResultView>()).toMatchObject({ id: views[0]?.id, status: 'submitted', rowVersion: 3 });
    // A different clientId for a submitted result, or the same clientId for another object: 409.
    const other = await leader.post('/api/inspection/submissions', { ...body, clientId: randomUUID() });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'RESULT_ILLEGAL_TRANSITION', message: '检查结果当前为“待审核”，不能提交审核' });
    expect((await leader.post('/api/inspection/submissions', { ...body, taskObjectId: world.objects[1] })).json()).toMatchObject({ code: 'CLIENT_ID_REUSED' });
    expect((await leader.put(`${objectUrl(0)}/result`, { ...completeResult(world), rowVersion: 3 })).statusCode).toBe(409);
  });

  it('creates one result when three copies of a first submission (no draft) arrive together', async () => {
    const clientId = randomUUID();
    const body = { clientId, taskObjectId: world.objects[2], result: completeResult(world) };
    const answers = await Promise.all([1, 2, 3].map(() => leader.post('/api/inspection/submissions', body)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.json<ResultView>().id)).size).toBe(1);
    expect(answers.map((a) => a.json<ResultView>().rowVersion)).toEqual([1, 1, 1]);
    const rows = await server.db.select({ id: inspectionResults.id }).from(inspectionResults).where(eq(inspectionResults.taskObjectId, world.objects[2] ?? ''));
    expect(rows).toHaveLength(1);
  });

  it('submits an unreachable entity without items or signature, with its 情况说明 (威海第8条, 长春第18条)', async () => {
    const result = { ...completeResult(world), resultCategory: 'unreachable', itemFindings: [], signature: null, note: null };
    const missing = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[1], result });
    expect(missing.json()).toMatchObject({ code: 'RESULT_INVALID', details: [{ field: 'note' }] });
    const ok = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[1], result: { ...result, note: '两次到登记住所均无人，电话无法接通' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<ResultView>()).toMatchObject({ status: 'submitted', completedWithoutCheck: true, resultCategoryLabel: '通过登记的住所（经营场所）无法联系', rowVersion: 1 });
  });
});

describe('attachments', () => {
  it('stores a photo by its content with its SHA-256, once per clientId', async () => {
    const clientId = randomUUID();
    const first = await upload(leader, 2, { clientId, kind: 'photo' }, { name: '门头.jpg', content: JPEG });
    expect(first.statusCode, first.body).toBe(200);
    const view = first.json<AttachmentView>();
    expect(view).toMatchObject({ kind: 'photo', kindLabel: '现场照片', fileName: '门头.jpg', mime: 'image/jpeg', byteSize: JPEG.length });
    expect(view.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await upload(await server.as(world.users.member), 2, { clientId, kind: 'photo' }, { name: '门头.jpg', content: JPEG });
    expect(again.json<AttachmentView>().id).toBe(view.id);
    expect((await leader.get(objectUrl(2))).json<ObjectDetail>().attachments.map((a) => a.id)).toEqual([view.id]);

    const download = await (await server.as(world.users.partner)).get(`/api/inspection/attachments/${view.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.rawPayload.equals(JPEG)).toBe(true);
    expect((await (await server.as('chaoyang')).get(`/api/inspection/attachments/${view.id}`)).statusCode).toBe(200);
    expect((await (await server.as('jilin')).get(`/api/inspection/attachments/${view.id}`)).statusCode).toBe(404);
    expect((await (await server.as(world.users.stranger)).get(`/api/inspection/attachments/${view.id}`)).statusCode).toBe(404);
  });

  it('refuses an .exe named .jpg, an oversized file, a missing file or field, and a stranger', async () => {
    const exe = await upload(leader, 2, { clientId: randomUUID(), kind: 'photo' }, { name: 'photo.jpg', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]) });
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ code: 'ATTACHMENT_TYPE', message: expect.stringContaining('photo.jpg') as unknown });
    const big = await upload(leader, 2, { clientId: randomUUID(), kind: 'photo' }, { name: 'big.jpg', content: Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]) });
    expect(big.statusCode).toBe(400);
    expect(big.json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect((await upload(leader, 2, { clientId: randomUUID(), kind: 'photo' }, null)).json()).toMatchObject({ code: 'NO_FILE' });
    const badKind = await upload(leader, 2, { clientId: randomUUID(), kind: 'selfie' }, { name: 'a.jpg', content: JPEG });
    expect(badKind.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'kind' }] });
    expect((await upload(leader, 2, { clientId: 'x', kind: 'photo' }, { name: 'a.jpg', content: JPEG })).json()).toMatchObject({ details: [{ field: 'clientId' }] });
    expect((await upload(await server.as(world.users.stranger), 2, { clientId: randomUUID(), kind: 'photo' }, { name: 'a.jpg', content: JPEG })).statusCode).toBe(403);
  });
});
