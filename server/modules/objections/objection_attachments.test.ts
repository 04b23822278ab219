/**
 * 异议的证明材料 and the entity's 行政检查通知书 (issue #10 item 6): an entity signed in with its code attaches files to
 * its own objection (type by content, ≤10 MB, SHA-256 stored, at most 5, not after the decision); the reviewing
 * department lists and downloads them; the entity lists the notices numbered for it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectionNotices, marketEntities, objectionAttachments, objections, taskObjects, users } from '../../db/schema';
import { LogMessageProvider } from '../../messaging/provider';
import { expectAuthRefusals, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { at } from '../dispatch/test_fixtures';
import type { ResultDetail } from '../results/schema';
import { addResultWorld, completeResult, JPEG, multipartUpload, type ResultWorld } from '../results/test_fixtures';
import type { EntityObjectionView } from './schema';

let server: TestServer;
let world: ResultWorld;
let chaoyang: Client;
const entities: Client[] = [];
const results: string[] = [];
let objectionId: string;
const messages = new LogMessageProvider(() => undefined);
const PHONES = ['13800001111', '13800002222'];
const FAKE = '00000000-0000-4000-8000-000000000000';
const PDF = Buffer.from('%PDF-1.4\n% 营业执照与公示截图\n');

const upload = (client: Client, id: string, file: { name: string; content: Buffer } | null) => multipartUpload(client, `/api/entity/objections/${id}/attachments`, {}, file);

beforeAll(async () => {
  server = await startTestServer({ messages });
  await addOutsider(server);
  world = await addResultWorld(server, { objects: 2 });
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  for (const k of [0, 1]) {
    const r = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
    const current = (await chaoyang.get(`/api/inspection/results/${r.json<{ id: string }>().id}`)).json<ResultDetail>();
    expect((await chaoyang.post(`/api/inspection/results/${current.id}/approve`, { rowVersion: current.rowVersion })).statusCode).toBe(200);
    results.push(current.id);
  }
  expect((await chaoyang.post('/api/inspection/results/publish', { ids: results })).statusCode).toBe(200);
  for (const [k, id] of world.entities.slice(0, 2).entries()) {
    await server.db.update(marketEntities).set({ ownerDepartmentId: server.fixture.departments.chaoyangMarket }).where(eq(marketEntities.id, id));
    expect((await chaoyang.put(`/api/directory/entities/${id}/contact`, { phone: PHONES[k], rowVersion: null })).statusCode).toBe(200);
    const [row] = await server.db.select({ code: marketEntities.code }).from(marketEntities).where(eq(marketEntities.id, id));
    const entity = await server.anon();
    expect((await entity.post('/api/entity/sign-in/code', { creditCode: row?.code })).statusCode).toBe(200);
    const code = /验证码为 (\d{6})/.exec(messages.last(PHONES[k] ?? '')?.text ?? '')?.[1] ?? '';
    expect((await entity.post('/api/entity/sign-in', { creditCode: row?.code, code })).statusCode).toBe(200);
    entities.push(entity);
  }
  const filed = await entities[0]!.post('/api/entity/objections', { resultId: results[0], reason: '检查时本店已公示年度报告，附公示截图为证。' });
  expect(filed.statusCode, filed.body).toBe(201);
  objectionId = filed.json<EntityObjectionView>().id;
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('异议的证明材料', () => {
  it('refuses anonymous callers, another entity\'s objection, a missing file, a file by its content, and a file over 10 MB', async () => {
    const anon = await server.anon();
    expect((await upload(anon, objectionId, { name: 'a.pdf', content: PDF })).statusCode).toBe(401);
    expect((await anon.get(`/api/entity/objections/${objectionId}/attachments`)).statusCode).toBe(401);
    expect((await upload(entities[1]!, objectionId, { name: 'a.pdf', content: PDF })).statusCode).toBe(404);
    expect((await entities[1]!.get(`/api/entity/objections/${objectionId}/attachments`)).statusCode).toBe(404);
    expect((await upload(entities[0]!, FAKE, { name: 'a.pdf', content: PDF })).statusCode).toBe(404);
    expect((await upload(entities[0]!, 'nope', { name: 'a.pdf', content: PDF })).statusCode).toBe(400);
    expect((await upload(entities[0]!, objectionId, null)).json()).toMatchObject({ code: 'NO_FILE' });
    const exe = await upload(entities[0]!, objectionId, { name: '截图.jpg', content: Buffer.from('MZ\x90\x00 this is a program') });
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ code: 'ATTACHMENT_TYPE', details: [{ field: 'file' }] });
    expect((await upload(entities[0]!, objectionId, { name: 'big.pdf', content: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) })).json()).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE' });
    expect(await server.db.select().from(objectionAttachments)).toEqual([]);
  });

  it('stores the file with its SHA-256 in the operation log, lists it to the entity and to the reviewing department, who downloads it', async () => {
    const name = '公示截图<script>.pdf';
    const response = await upload(entities[0]!, objectionId, { name, content: PDF });
    expect(response.statusCode, response.body).toBe(201);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    const saved = response.json<{ id: string; fileName: string; mime: string; byteSize: number; sha256: string }>();
    expect(saved).toMatchObject({ mime: 'application/pdf', byteSize: PDF.length, sha256 });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ targetType: 'objection_attachment', targetId: saved.id, outcome: 'success', actorId: null });
    expect(op?.detail).toMatchObject({ objectionId, sha256, byteSize: PDF.length });
    expect((await entities[0]!.get(`/api/entity/objections/${objectionId}/attachments`)).json()).toMatchObject({ rows: [{ id: saved.id, sha256 }] });

    const staffList = `/api/inspection/objections/${objectionId}/attachments`;
    await expectAuthRefusals(server, 'GET', staffList, 'outsider');
    expect((await (await server.as('jilin')).get(staffList)).statusCode).toBe(404);
    expect((await chaoyang.get(staffList)).json()).toMatchObject({ rows: [{ id: saved.id, fileName: saved.fileName, sha256 }] });
    const download = await chaoyang.get(`/api/inspection/objection-attachments/${saved.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-sha256']).toBe(sha256);
    expect(download.headers['content-disposition']).not.toContain('<script>');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect((await (await server.as('jilin')).get(`/api/inspection/objection-attachments/${saved.id}`)).statusCode).toBe(404);
    expect((await (await server.anon()).get(`/api/inspection/objection-attachments/${saved.id}`)).statusCode).toBe(401);
  });

  it('keeps at most 5 under parallel uploads, and takes none once the objection is decided', async () => {
    const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((n) => upload(entities[0]!, objectionId, { name: `照片${n}.jpg`, content: JPEG })));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(4);
    expect(answers.filter((a) => a.statusCode === 409).map((a) => a.json<{ code: string }>().code)).toEqual(['OBJECTION_ATTACHMENT_LIMIT', 'OBJECTION_ATTACHMENT_LIMIT']);
    expect(await server.db.select({ id: objectionAttachments.id }).from(objectionAttachments)).toHaveLength(5);
    await server.db.update(objections).set({ status: 'dismissed' }).where(eq(objections.id, objectionId));
    expect((await upload(entities[0]!, objectionId, { name: 'late.pdf', content: PDF })).json()).toMatchObject({ code: 'OBJECTION_DECIDED' });
  });
});

describe('the entity\'s 行政检查通知书', () => {
  it('lists the notices numbered for the signed-in entity only', async () => {
    expect((await (await server.anon()).get('/api/entity/notices')).statusCode).toBe(401);
    const [object] = await server.db.select().from(taskObjects).where(eq(taskObjects.id, world.objects[0] ?? ''));
    const [issuer] = await server.db.select({ id: users.id }).from(users).where(eq(users.account, 'chaoyang'));
    await server.db.insert(inspectionNotices).values({
      taskId: object!.taskId, taskObjectId: object!.id, entityId: object!.entityId, departmentId: server.fixture.departments.chaoyangMarket, year: 2026, serial: 1,
      number: '朝阳市场监管 部门联合双随机抽检字【2026】第1号', inspectionDate: '2026-12-08', issuedBy: issuer!.id, issuedAt: new Date('2026-12-03T02:00:00Z'),
      deliveryMethod: 'direct', deliveredAt: new Date('2026-12-04T02:00:00Z'), deliveryRecipient: '张三',
    });
    const mine = (await entities[0]!.get('/api/entity/notices')).json<{ rows: Record<string, unknown>[] }>();
    expect(mine.rows).toEqual([expect.objectContaining({ number: '朝阳市场监管 部门联合双随机抽检字【2026】第1号', inspectionDate: '2026-12-08', deliveryMethodLabel: '直接送达', deliveredAt: '2026-12-04T02:00:00.000Z' })]);
    expect(JSON.stringify(mine)).not.toContain('张三');
    expect((await entities[1]!.get('/api/entity/notices')).json()).toEqual({ rows: [] });
  });
});
