import { eq, inArray } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, inspectionNotices, inspectors, tasks, teamMembers } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addUser, at } from '../dispatch/test_fixtures';
import type { NoticeDocument, NoticeRow, NoticeStatus, RecordForm } from './schema';
import { addMatchedJointTask, documentText, type JointTask } from './test_fixtures';

let server: TestServer;
let joint: JointTask;
const FAKE = '00000000-0000-4000-8000-000000000000';
const NUMBER_1 = '长春市朝阳区市场监督管理局 部门联合双随机抽检字【2026】第1号';

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  joint = await addMatchedJointTask(server);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const objectId = (k: number) => joint.objects[k]?.id ?? FAKE;
const noticeUrl = (k: number) => `/api/inspection/objects/${objectId(k)}/notice`;

describe('行政检查通知书: numbering', () => {
  it('refuses anonymous callers, callers without the permission, and objects outside the caller\'s tasks and teams', async () => {
    await expectAuthRefusals(server, 'POST', noticeUrl(0), 'outsider', {});
    await expectAuthRefusals(server, 'GET', noticeUrl(0), 'outsider');
    await expectAuthRefusals(server, 'GET', `${noticeUrl(0)}.docx`, 'outsider');
    await expectAuthRefusals(server, 'GET', `/api/inspection/objects/${objectId(0)}/record-form`, 'outsider');
    // 吉林市市场监管局 takes no part in the task: 403 for reading and for issuing.
    const jilin = await server.as('jilin');
    for (const response of [await jilin.get(noticeUrl(0)), await jilin.post(noticeUrl(0), {}), await jilin.get(`/api/inspection/objects/${objectId(0)}/record-form`)]) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', message: '该检查对象不属于本部门参与的任务，您也不是其检查组成员' });
    }
    // The 双随机办 covers the task's region: it reads, but does not act for the team.
    const office = await server.as('joint');
    const status = await office.get(noticeUrl(0));
    expect(status.statusCode).toBe(200);
    expect(status.json<NoticeStatus>()).toMatchObject({ notice: null, issueRefusal: '只有参与该任务的部门人员或该检查对象的检查组成员可以办理通知书', canRecordDelivery: false });
    expect((await office.post(noticeUrl(0), {})).statusCode).toBe(403);
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`/api/inspection/objects/${FAKE}/notice`, {})).statusCode).toBe(404);
    expect((await chaoyang.post('/api/inspection/objects/nope/notice', {})).statusCode).toBe(400);
  });

  it('refuses a bad or out-of-period inspection date, naming the field', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', noticeUrl(0), {}, { inspectionDate: ['2026/12/10', 20261210, '2027-01-05', '2026-11-30', '2026-12-02'] });
    expect((await chaoyang.post(noticeUrl(0), { inspectionDate: '2026-12-10', extra: 1 })).statusCode).toBe(400);
  });

  it('answers 409 for the documents before numbering', async () => {
    const chaoyang = await server.as('chaoyang');
    for (const url of [`${noticeUrl(0)}/document`, `${noticeUrl(0)}.docx`]) {
      const response = await chaoyang.get(url);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'NOTICE_NOT_ISSUED' });
    }
  });

  it('numbers the notice in the lead department\'s sequence, once: a second issue answers the same number', async () => {
    const nanguan = await server.as('nanguan');
    const first = await nanguan.post(noticeUrl(0), {});
    expect(first.statusCode, first.body).toBe(201);
    const notice = first.json<NoticeRow>();
    expect(notice).toMatchObject({
      number: NUMBER_1, year: 2026, serial: 1, departmentId: server.fixture.departments.chaoyangMarket, inspectionDate: '2026-12-10',
      issuedByName: '南关区管理员', delivery: null, rowVersion: 1,
    });
    const op = await lastOperation(server);
    expect(op).toMatchObject({ action: 'inspection:notice:issue', summary: '行政检查通知书编号生成', outcome: 'success', targetType: 'inspection_notice', targetId: notice.id });
    const events = await server.db.select().from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events.map((e) => e.payload)).toMatchObject([{ type: 'InspectionNoticeIssued', number: NUMBER_1, serial: 1 }]);

    const chaoyang = await server.as('chaoyang');
    const again = await chaoyang.post(noticeUrl(0), { inspectionDate: '2026-12-20' });
    expect(again.statusCode).toBe(200);
    expect(again.json<NoticeRow>()).toEqual(notice);
    const status = (await chaoyang.get(noticeUrl(0))).json<NoticeStatus>();
    expect(status).toMatchObject({ entityName: '长春甲商贸有限公司', taskName: '企业公示信息与食品经营联合抽查', issueRefusal: null, canRecordDelivery: true, notice: { number: NUMBER_1 } });
  });

  it('gives parallel issues of one object one number, and parallel issues of 20 objects the numbers 1–20', async () => {
    const chaoyang = await server.as('chaoyang');
    const same = await Promise.all(Array.from({ length: 6 }, () => chaoyang.post(noticeUrl(1), {})));
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(same.map((r) => r.json<NoticeRow>().number))).toEqual(new Set(['长春市朝阳区市场监督管理局 部门联合双随机抽检字【2026】第2号']));

    // A task of 吉林市市场监管局 with 20 objects: its own sequence.
    const { addDrawnTask, addEntities } = await import('../dispatch/test_fixtures');
    const d = server.fixture.departments;
    const entities = await addEntities(server, Array.from({ length: 20 }, (_, i) => `吉林并发测试商店${i + 1}`));
    const drawn = await addDrawnTask(server, { lead: d.jilinMarket, selected: entities });
    const jilin = await server.as('jilin');
    expect((await jilin.post(`/api/workflow/tasks/${drawn.taskId}/dispatch`)).statusCode).toBe(200);
    const objects = (await jilin.get(`/api/workflow/tasks/${drawn.taskId}/objects`)).json<{ id: string }[]>();
    expect(objects).toHaveLength(20);
    const answers = await Promise.all(objects.map((o) => jilin.post(`/api/inspection/objects/${o.id}/notice`, {})));
    expect(answers.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
    const serials = answers.map((r) => r.json<NoticeRow>().serial).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await server.db.select({ number: inspectionNotices.number }).from(inspectionNotices).where(eq(inspectionNotices.departmentId, d.jilinMarket));
    expect(new Set(stored.map((r) => r.number)).size).toBe(20);
    expect(stored.map((r) => r.number)).toContain('吉林市市场监督管理局 部门联合双随机抽检字【2026】第20号');
  });

  it('lets an active team member of another department act on that object only', async () => {
    const team = joint.objects[2]?.team ?? [];
    const member = team.find((m) => m.active);
    if (!member) throw new Error('object 3 has no team');
    const userId = await addUser(server, 'jilin_inspector', '吉林检查员', server.fixture.departments.jilinMarket, ['inspector']);
    await server.db.update(inspectors).set({ userId }).where(eq(inspectors.id, member.inspectorId));
    const client = await server.as('jilin_inspector');
    expect((await client.get(noticeUrl(2))).json<NoticeStatus>().issueRefusal).toBeNull();
    expect((await client.get(noticeUrl(0))).statusCode).toBe(403);
    // Removed from the team (replaced): out of reach again.
    await server.db.update(teamMembers).set({ active: false }).where(eq(teamMembers.id, member.memberId));
    expect((await client.post(noticeUrl(2), {})).statusCode).toBe(403);
    await server.db.update(teamMembers).set({ active: true }).where(eq(teamMembers.id, member.memberId));
  });

  it('refuses to number for a terminated task (409)', async () => {
    await server.db.update(tasks).set({ status: 'terminated' }).where(eq(tasks.id, joint.taskId));
    const chaoyang = await server.as('chaoyang');
    const refused = await chaoyang.post(noticeUrl(2), {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NOTICE_TASK_NOT_LIVE' });
    await server.db.update(tasks).set({ status: 'dispatched' }).where(eq(tasks.id, joint.taskId));
  });
});

describe('行政检查通知书: delivery', () => {
  const valid = { rowVersion: 1, method: 'direct', deliveredAt: '2026-12-04T09:30:00+08:00', recipient: '王经理', note: null };

  it('refuses without permission or scope, bad fields, and a stale version', async () => {
    const chaoyang = await server.as('chaoyang');
    const notice = (await chaoyang.get(noticeUrl(0))).json<NoticeStatus>().notice as NoticeRow;
    const url = `/api/inspection/notices/${notice.id}/delivery`;
    await expectAuthRefusals(server, 'POST', url, 'outsider', valid);
    expect((await (await server.as('jilin')).post(url, valid)).statusCode).toBe(403);
    expect((await chaoyang.post(`/api/inspection/notices/${FAKE}/delivery`, valid)).statusCode).toBe(404);
    await expectFieldErrors(chaoyang, 'POST', url, valid, {
      rowVersion: [0, 'a', null], method: ['by_hand', null], recipient: ['', 'x'.repeat(65), null],
      deliveredAt: ['2026-12-04', 'nope', '2026-12-05T09:00:00+08:00', '2026-12-04T08:00:00+08:00'], note: ['x'.repeat(501)],
    });
    await expectFieldErrors(chaoyang, 'POST', url, { ...valid, method: 'left_at_premises' }, { note: [null, ''] });
    const stale = await chaoyang.post(url, { ...valid, rowVersion: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'NOTICE_STALE', details: [{ field: 'rowVersion', message: '1' }] });
  });

  it('records the delivery, then a correction; the older version gets 409 with the newer one', async () => {
    at(server, '2026-12-04T03:00:00Z');
    const chaoyang = await server.as('chaoyang');
    const notice = (await chaoyang.get(noticeUrl(0))).json<NoticeStatus>().notice as NoticeRow;
    const url = `/api/inspection/notices/${notice.id}/delivery`;
    const recorded = await chaoyang.post(url, valid);
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json<NoticeRow>()).toMatchObject({
      rowVersion: 2, delivery: { method: 'direct', methodLabel: '直接送达', deliveredAt: '2026-12-04T01:30:00.000Z', recipient: '王经理', note: null, recordedByName: '朝阳区管理员' },
    });
    expect(await lastOperation(server)).toMatchObject({ action: 'inspection:notice:issue', summary: '登记行政检查通知书送达', targetId: notice.id });
    const nanguan = await server.as('nanguan');
    const corrected = await nanguan.post(url, { ...valid, rowVersion: 2, method: 'left_at_premises', recipient: '店员李某', note: '负责人拒收，社区工作人员赵某见证' });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json<NoticeRow>().delivery).toMatchObject({ methodLabel: '留置送达', recordedByName: '南关区管理员' });
    const late = await chaoyang.post(url, { ...valid, rowVersion: 2 });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'NOTICE_STALE', details: [{ field: 'rowVersion', message: '3' }] });
    const rows = await server.db.select().from(domainEvents).where(inArray(domainEvents.type, ['InspectionNoticeDelivered']));
    expect(rows.map((r) => (r.payload as { corrected: boolean }).corrected)).toEqual([false, true]);
  });
});

describe('documents', () => {
  it('serves the notice as JSON and as a .docx with a Chinese file name', async () => {
    const chaoyang = await server.as('chaoyang');
    const doc = (await chaoyang.get(`${noticeUrl(0)}/document`)).json<NoticeDocument>();
    expect(doc).toMatchObject({
      title: '朝阳区部门联合“双随机、一公开”行政检查通知书', number: NUMBER_1, issuedOn: '2026-12-04', issuingDepartmentName: '长春市朝阳区市场监督管理局',
      entity: { name: '长春甲商贸有限公司', regionName: '朝阳区' }, inspectionDate: '2026-12-10',
      items: [{ departmentName: '长春市朝阳区市场监督管理局', code: 'SC-001', name: '企业公示信息检查' }, { departmentName: '长春市南关区市场监督管理局', code: 'NG-007', name: '食品经营许可检查' }],
    });
    expect(doc.body).toContain('长春市朝阳区市场监督管理局、长春市南关区市场监督管理局联合定于2026年12月10日');
    expect(doc.team).toHaveLength(2);
    expect(doc.team[0]).toMatchObject({ role: 'leader', roleLabel: '组长', departmentName: '长春市朝阳区市场监督管理局', certificateNo: expect.stringMatching(/^JC\d{6}$/) as unknown });

    const file = await chaoyang.get(`${noticeUrl(0)}.docx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="notice-2026-1.docx"; filename*=UTF-8''${encodeURIComponent('行政检查通知书-长春甲商贸有限公司-2026第1号.docx')}`);
    const text = documentText(strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml'] ?? new Uint8Array()));
    for (const expected of [NUMBER_1, '行政检查通知书', '长春甲商贸有限公司：', '定于2026年12月10日', '1. 企业公示信息检查（长春市朝阳区市场监督管理局）', '2. 食品经营许可检查（长春市南关区市场监督管理局）', doc.team[0]?.certificateNo ?? '?', '送 达 回 证', '☑留置送达', '店员李某']) {
      expect(text, expected).toContain(expected);
    }
  });

  it('serves the 实地核查记录表 with every participating department\'s items, the team and blank columns', async () => {
    const nanguan = await server.as('nanguan');
    const form = (await nanguan.get(`/api/inspection/objects/${objectId(0)}/record-form`)).json<RecordForm>();
    expect(form).toMatchObject({
      title: '朝阳区部门联合“双随机、一公开”实地核查记录表', noticeNumber: NUMBER_1, inspectionDate: '2026-12-10',
      entity: { name: '长春甲商贸有限公司', codeType: 'uscc' }, task: { name: '企业公示信息与食品经营联合抽查', methods: ['实地核查'] },
    });
    expect(form.departments.map((d) => [d.departmentName, d.items.map((i) => [i.code, i.lines.map((l) => l.content)])])).toEqual([
      ['长春市朝阳区市场监督管理局', [['SC-001', ['年度报告公示信息的真实性', '即时信息公示情况']]]],
      ['长春市南关区市场监督管理局', [['NG-007', ['是否持有有效的食品经营许可证', '许可事项与实际经营是否一致']]]],
    ]);
    expect(form.departments[0]?.items[0]?.lines[0]).toMatchObject({ subitem: '企业公示信息检查（子项）', checkMethod: '查阅资料，实地查看', basis: '《企业信息公示暂行条例》第十四条' });
    // Before numbering, the form says so.
    expect((await nanguan.get(`/api/inspection/objects/${objectId(2)}/record-form`)).json<RecordForm>().noticeNumber).toBeNull();

    const file = await nanguan.get(`/api/inspection/objects/${objectId(0)}/record-form.docx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('实地核查记录表-长春甲商贸有限公司-'));
    const text = documentText(strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml'] ?? new Uint8Array()));
    for (const expected of ['实地核查记录表', NUMBER_1, '长春甲商贸有限公司', form.entity.code, '一、长春市朝阳区市场监督管理局检查事项', '二、长春市南关区市场监督管理局检查事项',
      '年度报告公示信息的真实性', '许可事项与实际经营是否一致', '检查情况', '检查结果', '□是（符合规定）', '□否（不符合规定）', '被检查对象（盖章）', '拒绝签字或无法到达现场的原因', '见证人签字', form.team[0]?.certificateNo ?? '?']) {
      expect(text, expected).toContain(expected);
    }
  });
});

describe('文号前缀', () => {
  it('is set by whoever manages the department, and applies to the next numbers', async () => {
    const url = `/api/inspection/notice-settings/${server.fixture.departments.chaoyangMarket}`;
    await expectAuthRefusals(server, 'PUT', url, 'chaoyang', { prefix: '朝阳市监' });
    const office = await server.as('joint');
    await expectFieldErrors(office, 'PUT', url, { prefix: '朝阳市监' }, { prefix: ['朝阳【市监】', 'x'.repeat(61), 5] });
    expect((await office.put(`/api/inspection/notice-settings/${server.fixture.departments.jilinMarket}`, { prefix: '吉林' })).statusCode).toBe(403);
    const saved = await office.put(url, { prefix: '朝阳市监' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ prefix: '朝阳市监', custom: true, defaultPrefix: '长春市朝阳区市场监督管理局 部门联合双随机抽检字', example: '朝阳市监【2026】第1号' });
    // After the matched inspection date has passed, the notice leaves the date blank to be written in.
    at(server, '2026-12-11T01:00:00Z');
    const issued = await (await server.as('chaoyang')).post(noticeUrl(2), {});
    expect(issued.json<NoticeRow>()).toMatchObject({ number: '朝阳市监【2026】第3号', inspectionDate: null });
    at(server, '2026-12-04T03:00:00Z');
    const reset = await office.put(url, { prefix: null });
    expect(reset.json()).toMatchObject({ custom: false, prefix: '长春市朝阳区市场监督管理局 部门联合双随机抽检字' });
  });
});
