import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors';
import { expectAuthRefusals, expectFieldErrors, lastOperation } from '../../test/expectations';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import { assertDirectoriesFresh } from './freshness';
import type { ConfirmationOverview, ConfirmationRow, FreshnessReport } from './schema';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await addUserWithPermissions(server, 'no_confirm', ['system:region:list'], { departmentId: server.fixture.departments.chaoyangMarket });
});
afterAll(async () => { await server.close(); });

const base = '/api/directory';

async function refusal(departmentId: string): Promise<AppError> {
  const error = await assertDirectoriesFresh(server.db, departmentId, server.now).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('两库确认 and the freshness gate (长春第7条)', () => {
  it('refuses anonymous callers and callers without the permission', async () => {
    await expectAuthRefusals(server, 'GET', `${base}/confirmations`, 'no_confirm');
    await expectAuthRefusals(server, 'POST', `${base}/confirmations`, 'inspector', { directory: 'entities' });
    await expectAuthRefusals(server, 'GET', `${base}/freshness`, 'inspector');
    await expectAuthRefusals(server, 'GET', `${base}/settings`, 'inspector');
    await expectAuthRefusals(server, 'PUT', `${base}/settings`, 'chaoyang', { freshnessDays: 10 });
  });

  it('rejects each invalid field', async () => {
    const chaoyang = await server.as('chaoyang');
    await expectFieldErrors(chaoyang, 'POST', `${base}/confirmations`, { directory: 'entities', note: null }, {
      directory: ['', 'plans', null],
      note: ['a'.repeat(301), 'x\u0007'],
      departmentId: ['nope'],
    });
    const admin = await server.as('admin');
    await expectFieldErrors(admin, 'PUT', `${base}/settings`, { freshnessDays: 30 }, { freshnessDays: [0, 367, 1.5, 'x', null] });
    const noDepartment = await admin.post(`${base}/confirmations`, { directory: 'entities' });
    expect(noDepartment.statusCode).toBe(400);
    expect((await admin.get(`${base}/freshness`)).statusCode).toBe(400);
  });

  it('refuses a draw while a directory was never confirmed', async () => {
    server.now = new Date('2030-10-01T17:00:00Z');
    const chaoyang = await server.as('chaoyang');
    const report = (await chaoyang.get(`${base}/freshness`)).json<FreshnessReport>();
    expect(report).toMatchObject({ departmentName: '长春市朝阳区市场监督管理局', today: '2030-10-02', maxAgeDays: 30, ok: false });
    expect(report.directories.map((d) => d.status)).toEqual(['missing', 'missing']);
    expect(report.message).toBe('长春市朝阳区市场监督管理局 的检查对象名录库尚未确认；执法检查人员名录库尚未确认，请先更新并确认两库后再抽取');
    const error = await refusal(server.fixture.departments.chaoyangMarket);
    expect(error).toMatchObject({ status: 409, code: 'DIRECTORY_NOT_FRESH' });
  });

  it('records each confirmation with who and when, per directory, and then lets the draw through', async () => {
    const chaoyang = await server.as('chaoyang');
    const created = await chaoyang.post(`${base}/confirmations`, { directory: 'entities', note: '已同步登记机关 9 月数据' });
    expect(created.statusCode).toBe(201);
    expect(created.json<ConfirmationRow>()).toMatchObject({
      directory: 'entities', directoryLabel: '检查对象名录库', departmentName: '长春市朝阳区市场监督管理局', confirmedByName: '朝阳区管理员',
      confirmedAt: '2030-10-01T17:00:00.000Z', note: '已同步登记机关 9 月数据',
    });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:confirmation:create', summary: '确认两库', outcome: 'success' });
    let report = (await chaoyang.get(`${base}/freshness`)).json<FreshnessReport>();
    expect(report.directories.map((d) => [d.directory, d.status, d.lastConfirmedOn])).toEqual([['entities', 'fresh', '2030-10-02'], ['inspectors', 'missing', null]]);
    expect((await refusal(server.fixture.departments.chaoyangMarket)).message).toBe('长春市朝阳区市场监督管理局 的执法检查人员名录库尚未确认，请先更新并确认两库后再抽取');
    server.now = new Date('2030-10-01T17:05:00Z');
    expect((await chaoyang.post(`${base}/confirmations`, { directory: 'inspectors' })).statusCode).toBe(201);
    report = (await chaoyang.get(`${base}/freshness`)).json<FreshnessReport>();
    expect(report).toMatchObject({ ok: true, message: null });
    expect(report.directories[1]).toMatchObject({ status: 'fresh', ageDays: 0, confirmedByName: '朝阳区管理员' });
    await expect(assertDirectoriesFresh(server.db, server.fixture.departments.chaoyangMarket, server.now)).resolves.toBeUndefined();
  });

  it('refuses once a confirmation is older than the configured age, which an administrator may change', async () => {
    server.now = new Date('2030-11-02T01:00:00Z'); // 2030-11-02 in Shanghai, 31 days after 10-02
    const error = await refusal(server.fixture.departments.chaoyangMarket);
    expect(error.message).toBe('长春市朝阳区市场监督管理局 的检查对象名录库最近一次确认于 2030-10-02，已超过 30 天；执法检查人员名录库最近一次确认于 2030-10-02，已超过 30 天，请先更新并确认两库后再抽取');
    expect(error.details?.map((d) => d.field)).toEqual(['entities', 'inspectors']);
    const admin = await server.as('admin');
    const changed = await admin.put(`${base}/settings`, { freshnessDays: 45 });
    expect(changed.json()).toEqual({ freshnessDays: 45 });
    expect(await lastOperation(server)).toMatchObject({ action: 'directory:setting:update', summary: '修改两库确认时限' });
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.get(`${base}/settings`)).json()).toEqual({ freshnessDays: 45 });
    expect((await chaoyang.get(`${base}/freshness`)).json<FreshnessReport>()).toMatchObject({ ok: true, maxAgeDays: 45 });
    expect((await chaoyang.post(`${base}/confirmations`, { directory: 'entities' })).statusCode).toBe(201);
    await admin.put(`${base}/settings`, { freshnessDays: 30 });
    const report = (await chaoyang.get(`${base}/freshness`)).json<FreshnessReport>();
    expect(report.directories.map((d) => d.status)).toEqual(['fresh', 'stale']);
    expect(report.message).toContain('执法检查人员名录库最近一次确认于 2030-10-02，已超过 30 天');
  });

  it('keeps confirmations inside the data scope', async () => {
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get(`${base}/freshness?departmentId=${server.fixture.departments.chaoyangMarket}`)).statusCode).toBe(404);
    expect((await nanguan.post(`${base}/confirmations`, { directory: 'entities', departmentId: server.fixture.departments.chaoyangMarket })).statusCode).toBe(404);
    expect((await nanguan.get(`${base}/confirmations`)).json<{ total: number }>().total).toBe(0);
    const jilin = await server.as('jilin');
    expect((await jilin.get(`${base}/confirmations?departmentId=${server.fixture.departments.chaoyangMarket}`)).json<{ total: number }>().total).toBe(0);
    const joint = await server.as('joint');
    const history = (await joint.get(`${base}/confirmations?departmentId=${server.fixture.departments.chaoyangMarket}`)).json<{ rows: ConfirmationRow[]; total: number }>();
    expect(history.total).toBe(3);
    expect(history.rows.map((r) => r.directory)).toEqual(['entities', 'inspectors', 'entities']);
    expect((await joint.get(`${base}/confirmations?directory=inspectors`)).json<{ total: number }>().total).toBe(1);
    expect((await joint.get(`${base}/freshness?departmentId=${server.fixture.departments.chaoyangMarket}`)).json<FreshnessReport>().departmentName).toBe('长春市朝阳区市场监督管理局');
    const own = (await joint.get(`${base}/freshness`)).json<FreshnessReport>();
    expect(own).toMatchObject({ departmentName: '长春市“双随机、一公开”工作领导小组办公室', ok: false });
    expect((await joint.post(`${base}/confirmations`, { directory: 'inspectors', departmentId: server.fixture.departments.nanguanMarket })).statusCode).toBe(201);
  });

  it('gives the 双随机办 the overview of its region: which departments confirmed, which are due and which overdue (issue #8 item 8)', async () => {
    await expectAuthRefusals(server, 'GET', `${base}/confirmations/overview`, 'no_confirm');
    const joint = await server.as('joint');
    const invalid = await joint.get(`${base}/confirmations/overview?status=late`);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'status' }] });
    const d = server.fixture.departments;
    const chaoyang = await server.as('chaoyang');
    expect((await chaoyang.post(`${base}/confirmations`, { directory: 'inspectors' })).statusCode).toBe(201);
    // Both of 朝阳区's directories confirmed on 2030-11-02; 南关区's 执法检查人员名录库 too, its 检查对象名录库 never; the city bureau nothing.
    let overview = (await joint.get(`${base}/confirmations/overview`)).json<ConfirmationOverview>();
    expect(overview).toMatchObject({ today: '2030-11-02', maxAgeDays: 30, warnDays: 7, totals: { confirmed: 1, due: 0, overdue: 2 } });
    // The office's own department and other cities' are not in it.
    expect(overview.rows.map((r) => [r.departmentName, r.regionName, r.statusLabel])).toEqual([
      ['长春市市场监督管理局', '长春市', '已逾期'], ['长春市南关区市场监督管理局', '南关区', '已逾期'], ['长春市朝阳区市场监督管理局', '朝阳区', '已确认'],
    ]);
    const nanguanRow = overview.rows.find((r) => r.departmentId === d.nanguanMarket);
    expect(nanguanRow?.directories.map((x) => [x.label, x.overviewLabel, x.lastConfirmedOn, x.validUntil])).toEqual([
      ['检查对象名录库', '已逾期', null, null], ['执法检查人员名录库', '已确认', '2030-11-02', '2030-12-02'],
    ]);
    // 25 days on, 朝阳区's confirmations lapse within the 7-day window: due.
    server.now = new Date('2030-11-27T01:00:00Z');
    overview = (await (await server.as('joint')).get(`${base}/confirmations/overview?status=due`)).json<ConfirmationOverview>();
    expect(overview.totals).toEqual({ confirmed: 0, due: 1, overdue: 2 });
    expect(overview.rows.map((r) => [r.departmentName, r.directories.map((x) => x.overviewLabel)])).toEqual([['长春市朝阳区市场监督管理局', ['即将到期', '即将到期']]]);
    // A department administrator sees its own department only.
    const nanguan = await server.as('nanguan');
    expect((await nanguan.get(`${base}/confirmations/overview`)).json<ConfirmationOverview>().rows.map((r) => r.departmentId)).toEqual([d.nanguanMarket]);
  });
});
