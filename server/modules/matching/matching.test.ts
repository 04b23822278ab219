import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectorConflicts } from '../../db/schema';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { startTestServer, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { addDrawnTask, addEntities, addInspectors, at, type DrawnTask } from '../dispatch/test_fixtures';
import { recordHashOf } from './routes';
import type { MatchingSummary, PublicMatching } from './schema';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const FAKE = '00000000-0000-4000-8000-000000000000';

let server: TestServer;
let task: DrawnTask;
let chaoyangInspectors: string[];

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  at(server, '2026-12-04T01:00:00Z');
  const d = server.fixture.departments;
  const entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房', '长春丁超市']);
  chaoyangInspectors = await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二', '朝阳三', '朝阳四']);
  await addInspectors(server, d.chaoyangMarket, ['朝阳休假'], { status: 'on_leave' });
  await addInspectors(server, d.chaoyangMarket, ['朝阳证过期'], { certificateValidUntil: '2026-11-30' });
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二']);
  // 朝阳一 declared a conflict with 长春甲商贸: 回避.
  await server.db.insert(inspectorConflicts).values({ inspectorId: chaoyangInspectors[0] ?? '', entityId: entities[0] ?? 0, reason: '亲属任职' });
  task = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities.slice(0, 3), reserve: entities.slice(3), team: { teamSize: 3, maxObjectsPerInspector: 3 } });
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

const url = (t: DrawnTask) => `/api/workflow/tasks/${t.taskId}/matching`;

describe('inspector matching', () => {
  it('refuses anonymous callers, callers without the permission, other departments, bad input and a task not yet dispatched', async () => {
    await expectAuthRefusals(server, 'POST', url(task), 'outsider', {});
    await expectAuthRefusals(server, 'GET', `${url(task)}/record`, 'outsider');
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`/api/workflow/tasks/${FAKE}/matching`, {})).statusCode).toBe(404);
    expect((await (await server.as('nanguan')).post(url(task), {})).statusCode).toBe(403);
    await expectFieldErrors(chaoyang, 'POST', url(task), {}, { inspectionDate: ['2026/12/10', 20261210] });
    const early = await chaoyang.post(url(task), {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'MATCHING_NOT_READY' });
    expect((await chaoyang.post(`/api/workflow/tasks/${task.taskId}/dispatch`)).statusCode).toBe(200);
    const outside = await chaoyang.post(url(task), { inspectionDate: '2027-01-05' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ details: [{ field: 'inspectionDate' }] });
    expect((await chaoyang.get(url(task))).json()).toBeNull();
  });

  it('says why, per department with the numbers, when no valid assignment exists (422), and stores nothing', async () => {
    const d = server.fixture.departments;
    const [entity] = await addEntities(server, ['长春己建材商行']);
    const lonely = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.jilinMarket], selected: [entity ?? 0] });
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`/api/workflow/tasks/${lonely.taskId}/dispatch`)).statusCode).toBe(200);
    const refused = await chaoyang.post(url(lonely), { inspectionDate: '2026-12-10' });
    expect(refused.statusCode).toBe(422);
    const body = refused.json<{ code: string; message: string; details: { field: string; message: string }[] }>();
    expect(body.code).toBe('MATCHING_INFEASIBLE');
    expect(body.details).toEqual([{ field: '吉林市市场监督管理局', message: '吉林市市场监督管理局：名录中没有检查人员，但 1 个检查对象（“长春己建材商行”）需要该部门派员' }]);
    expect(body.message).toMatch(/^没有符合规则的检查人员分配：吉林市市场监督管理局：/);
    expect((await chaoyang.get(url(lonely))).json()).toBeNull();
  });

  let summary: MatchingSummary;
  it('staffs every object with a leader of the lead department and stores the record, which both verifiers accept', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await chaoyang.post(url(task), { inspectionDate: '2026-12-10' });
    expect(response.statusCode, response.body).toBe(200);
    summary = response.json<MatchingSummary>();
    expect(summary.inspectionDate).toBe('2026-12-10');
    expect(summary.objects).toHaveLength(3);
    for (const object of summary.objects) {
      expect(object.team).toHaveLength(3);
      expect(object.team[0]).toMatchObject({ role: 'leader', departmentName: '长春市朝阳区市场监督管理局' });
      expect(object.team.filter((m) => m.departmentName === '长春市南关区市场监督管理局')).toHaveLength(1);
      expect(object.team.map((m) => m.name)).not.toContain('朝阳休假');
      expect(object.team.map((m) => m.name)).not.toContain('朝阳证过期');
    }
    expect(summary.objects.find((o) => o.entityName === '长春甲商贸有限公司')?.team.map((m) => m.name)).not.toContain('朝阳一');
    expect(summary.loads.reduce((n, l) => n + l.objects, 0)).toBe(9);
    expect(Math.max(...summary.loads.map((l) => l.objects))).toBeLessThanOrEqual(3);
    expect(await lastOperation(server)).toMatchObject({ action: 'workflow:matching:run', summary: '随机匹配检查人员', targetType: 'matching_record' });

    const download = await chaoyang.get(`${url(task)}/record`);
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="matching-220104-2026-\d+\.json"/);
    const record = download.json<Record<string, unknown>>();
    expect(recordHashOf(record)).toBe(summary.recordHash);
    const file = join(mkdtempSync(join(tmpdir(), 'suiji-matching-')), 'record.json');
    writeFileSync(file, download.body);
    const ts = spawnSync(TSX, [join(ROOT, 'cli', 'main.ts'), 'verify-match', file], { encoding: 'utf8', cwd: ROOT });
    expect(ts.stdout).toMatch(/^MATCH\n/);
    expect(ts.status).toBe(0);
    const py = spawnSync('python3', [join(ROOT, 'scripts', 'verify_match.py'), file], { encoding: 'utf8', cwd: ROOT });
    expect(py.stdout).toMatch(/^MATCH/);
    expect(py.status).toBe(0);
    // A tampered record fails both.
    const teams = (record.expect as { teams: { members: { inspectorId: string }[] }[] }).teams;
    const first = teams[0]?.members[0];
    if (first) first.inspectorId = chaoyangInspectors[3] === first.inspectorId ? chaoyangInspectors[2] ?? '' : chaoyangInspectors[3] ?? '';
    writeFileSync(file, JSON.stringify(record));
    expect(spawnSync(TSX, [join(ROOT, 'cli', 'main.ts'), 'verify-match', file], { encoding: 'utf8', cwd: ROOT }).status).toBe(1);
    expect(spawnSync('python3', [join(ROOT, 'scripts', 'verify_match.py'), file], { encoding: 'utf8', cwd: ROOT }).status).toBe(1);
  }, 120_000);

  it('runs once per task (409)', async () => {
    const again = await (await server.as('chaoyang')).post(url(task), { inspectionDate: '2026-12-10' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'MATCHING_DONE' });
  });

  it('publishes the teams without phone numbers or conflict declarations', async () => {
    const anon = await server.anon();
    const response = await anon.get(`/api/public/matching/${task.taskId}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<PublicMatching>();
    expect(body).toMatchObject({ recordHash: summary.recordHash, seedMatch: summary.seedMatch, inspectionDate: '2026-12-10', replacements: 0 });
    expect(body.teams).toHaveLength(3);
    expect(Object.keys(body.teams[0]?.members[0] ?? {}).sort()).toEqual(['appointed', 'certificateNo', 'departmentName', 'name', 'role']);
    expect(response.body).not.toContain('13900001111');
    expect(response.body).not.toContain('亲属任职');
    expect(response.body).not.toContain('conflicts');
    expect((await anon.get(`/api/public/matching/${FAKE}`)).statusCode).toBe(404);
    const [row] = await server.db.select({ n: inspectorConflicts.id }).from(inspectorConflicts).where(eq(inspectorConflicts.reason, '亲属任职'));
    expect(row).toBeDefined();
  });
  it('matches across areas only where the task declared it (相邻区域, 威海第6条)', async () => {
    const d = server.fixture.departments;
    await addInspectors(server, d.jilinMarket, ['吉林一', '吉林二'], { regionCode: '220202' });
    const [a, b] = await addEntities(server, ['长春庚食品店', '长春辛洗车行']);
    const strict = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.jilinMarket], selected: [a ?? 0] });
    const cross = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.jilinMarket], selected: [b ?? 0], team: { crossArea: true } });
    const chaoyang = await server.as('chaoyang');
    for (const t of [strict, cross]) expect((await chaoyang.post(`/api/workflow/tasks/${t.taskId}/dispatch`)).statusCode).toBe(200);
    const refused = await chaoyang.post(url(strict), { inspectionDate: '2026-12-10' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ message: string }>().message).toContain('其中 2 名不在检查对象所在区域');
    const crossed = await chaoyang.post(url(cross), { inspectionDate: '2026-12-10' });
    expect(crossed.statusCode, crossed.body).toBe(200);
    expect(crossed.json<MatchingSummary>().objects[0]?.team.map((m) => m.departmentName)).toContain('吉林市市场监督管理局');
  });
});

