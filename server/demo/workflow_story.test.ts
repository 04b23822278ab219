/**
 * The demo story on a fresh database, as `npm start` plays it on first run (server/main.ts): the organisation and
 * directories, then the workflow and results played through the API. Checks that last year's task shows every result
 * state (issue #10 item 10) and that a second start plays nothing again.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRegions } from '../../domain/codes/regions';
import { generateCheckpointKey } from '../audit/checkpoint_key';
import { ensureAdministrator, ensureBuiltinRoles, ensureRegions } from '../bootstrap';
import type { Database } from '../db/database';
import { checkEntity, type EntityRecord } from '../../domain/draw/entity_check';
import type { Receipt } from '../../domain/draw/protocol';
import { LogMessageProvider } from '../messaging/provider';
import { appMeta, departments, draws, entityContacts, marketEntities, followUps, inspectionNotices, inspectionResults, inspectors, objections, resultAttachments, resultCorrections, tasks, teamMembers, teams, users } from '../db/schema';
import { buildApp, type App } from '../http/app';
import { ensureDictionaries } from '../modules/dictionaries/store';
import type { PublicResultRow } from '../modules/results/schema';
import { openTestDatabase } from '../test/harness';
import { demoShopPhoto } from './demo_photo';
import { DEMO_PASSWORD, loadDemoData } from './load_demo';
import { loadWorkflowDemo } from './workflow_story';

const LEVELS = { province: 1, prefecture: 2, county: 3 } as const;
const NOW = new Date('2026-12-07T02:00:00Z');
const SEED = 'suiji-demo';
let database: Database;
let drop: () => Promise<void>;
let played: boolean;
let app: App;
let lastTaskId: string;
let currentTaskId: string;
const messages = new LogMessageProvider(() => undefined);

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const { db } = database;
  await ensureRegions(db, allRegions().map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: LEVELS[r.level] })));
  await ensureBuiltinRoles(db);
  await ensureDictionaries(db);
  await ensureAdministrator(db, { production: false, demoPassword: DEMO_PASSWORD });
  await loadDemoData(db, { seed: SEED, entities: 12_000, production: false, now: NOW });
  played = await loadWorkflowDemo(db, { seed: SEED, now: NOW, checkpointKey: generateCheckpointKey() });
  const [task] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.name, '2025年度食品经营单位与排污单位联合抽查'));
  lastTaskId = task?.id ?? '';
  const [current] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.name, '2026年度食品经营单位与排污单位联合抽查'));
  currentTaskId = current?.id ?? '';
  app = await buildApp({
    db, now: () => NOW, production: false, cookieSecure: false, trustProxy: false, session: { ttlHours: 8, idleMinutes: 60 }, logLevel: 'silent', webRoot: null,
    rateLimit: { anonymousWrites: 1000, anonymousReads: 1000, sessionWrites: 1000, sessionReads: 1000, maxClients: 100 }, checkpoints: { key: generateCheckpointKey(), intervalMinutes: 0 },
    messages,
  });
}, 300_000);
afterAll(async () => {
  await app.close();
  await database.close();
  await drop();
});

describe('the demo story of a first start', () => {
  it('plays the workflow and the results without a failure', async () => {
    expect(played).toBe(true);
    const meta = await database.db.select().from(appMeta);
    expect(meta.find((m) => m.key === 'demo.workflow')?.value).toMatchObject({ failure: null });
    expect(meta.find((m) => m.key === 'demo.results')?.value).toMatchObject({ failure: null, taskId: lastTaskId });
    expect(meta.find((m) => m.key === 'demo.results.current')?.value).toMatchObject({ failure: null, taskId: currentTaskId });
  });

  it('dispatches this year\'s task and publishes its first results, without a problem, a follow-up or an objection (issue #11 item 7)', async () => {
    const [task] = await database.db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, currentTaskId));
    expect(task?.status).toBe('inspecting');
    const rows = await database.db.select().from(inspectionResults).where(eq(inspectionResults.taskId, currentTaskId));
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect({ submitted: count('submitted'), approved: count('approved'), published: count('published') }).toEqual({ submitted: 1, approved: 1, published: 3 });
    expect(rows.every((r) => r.resultCategory === 'no_problem' && r.checkDate!.startsWith('2026-04-'))).toBe(true);
    const notices = await database.db.select().from(inspectionNotices).where(eq(inspectionNotices.taskId, currentTaskId));
    expect(notices.map((n) => n.serial).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(notices.every((n) => n.year === 2026)).toBe(true);
    const response = await app.inject({ method: 'GET', url: '/api/public/results?pageSize=50' });
    const page = response.json<{ rows: PublicResultRow[] }>();
    expect(page.rows.filter((r) => r.checkDate.startsWith('2026-'))).toHaveLength(3);
  });

  it('gives last year\'s task results in every state, entered by the team leaders within the deadlines', async () => {
    const rows = await database.db.select().from(inspectionResults).where(eq(inspectionResults.taskId, lastTaskId));
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect({ returned: count('returned'), submitted: count('submitted'), approved: count('approved'), published: count('published'), draft: count('draft') })
      .toEqual({ returned: 1, submitted: 2, approved: 2, published: 8, draft: 0 });
    expect(rows.find((r) => r.status === 'returned')?.reviewComments).toMatch(/补充/);
    const withoutCheck = rows.filter((r) => r.completedWithoutCheck);
    expect(withoutCheck.map((r) => [r.status, r.resultCategory, r.itemFindings])).toEqual([['published', 'unreachable', []]]);
    for (const r of rows) {
      // 谁检查、谁录入: the submitter is the active leader of the object's team.
      const [leader] = await database.db.select({ userId: inspectors.userId }).from(teams)
        .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.role, 'leader'), eq(teamMembers.active, true)))
        .innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId)).where(eq(teams.taskObjectId, r.taskObjectId));
      expect(r.submittedBy).toBe(leader?.userId);
      expect(r.checkDate! >= '2025-03-15' && r.checkDate! <= '2025-10-31').toBe(true);
      expect(r.submittedAt!.toISOString().slice(0, 10) <= r.entryDue!).toBe(true);
      if (r.publishedAt) expect(r.publishedAt.toISOString().slice(0, 10) <= r.publishDue!).toBe(true);
    }
    // The README's demo accounts still sign in; leaders without one got an inspectorNN account.
    const accounts = await database.db.select({ account: users.account }).from(users).where(isNotNull(users.id));
    expect(accounts.map((a) => a.account)).toEqual(expect.arrayContaining(['inspector01', 'scjg_admin', 'scjg_head', 'sthj_admin']));
  });

  it('numbers notices, delivers most of them, and keeps one photo', async () => {
    const notices = await database.db.select().from(inspectionNotices).where(eq(inspectionNotices.taskId, lastTaskId));
    expect(notices).toHaveLength(8);
    expect(notices.map((n) => n.serial).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(notices.every((n) => n.year === 2025 && n.inspectionDate === '2025-04-08')).toBe(true);
    expect(notices.filter((n) => n.deliveredAt !== null)).toHaveLength(6);
    const photos = await database.db.select().from(resultAttachments);
    expect(photos.map((p) => [p.kind, p.mime])).toEqual([['photo', 'image/jpeg']]);
    expect(photos[0]?.sha256).toBe(createHash('sha256').update(demoShopPhoto()).digest('hex'));
  });

  it('shows the published results with the approved correction on the public list', async () => {
    const [correction] = await database.db.select().from(resultCorrections);
    expect(correction).toMatchObject({ status: 'approved', seq: 1 });
    const names = new Map((await database.db.select({ id: users.id, account: users.account }).from(users)).map((u) => [u.id, u.account]));
    expect([names.get(correction!.requestedBy), names.get(correction!.decidedBy ?? '')]).toEqual(['scjg_admin', 'scjg_head']);
    const response = await app.inject({ method: 'GET', url: '/api/public/results?pageSize=50' });
    expect(response.statusCode).toBe(200);
    const page = response.json<{ rows: PublicResultRow[]; total: number }>();
    // Last year's 8 and this year's 3.
    expect(page.total).toBe(11);
    const corrected = page.rows.filter((r) => r.corrections.length > 0);
    expect(corrected.map((r) => [r.id, r.resultCategory, r.corrections[0]?.changes.find((c) => c.field === 'resultCategory')?.value]))
      .toEqual([[correction!.resultId, '发现问题已责令改正', '未发现问题']]);
  });

  it('opens the follow-ups on approval, transfers one to the 生态环境局 (accepted); the correction to 未发现问题 closes its 责令改正', async () => {
    const rows = await database.db.select({ status: followUps.status, measure: followUps.measure, receiver: departments.name, recheckDate: followUps.recheckDate, automatic: followUps.automatic, outcome: followUps.outcome, closedAt: followUps.closedAt })
      .from(followUps).leftJoin(departments, eq(departments.id, followUps.receiverDepartmentId)).orderBy(followUps.status);
    expect(rows.every((r) => r.automatic)).toBe(true);
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'closed', 'open']);
    expect(rows.find((r) => r.status === 'accepted')?.receiver).toMatch(/生态环境/);
    expect(rows.find((r) => r.status === 'closed')).toMatchObject({ measure: 'order_correction', recheckDate: null, closedAt: new Date('2025-05-07T07:00:00Z') });
    expect(rows.find((r) => r.status === 'closed')?.outcome).toMatch(/^检查结果第 1 次更正（2025-05-07 经主要负责人批准，长春第20条）后，该检查结果无需后续处置/);
  });

  it('registers the contacts of the published entities and plays one answered and one open objection (威海第11条)', async () => {
    const rows = await database.db.select().from(objections).orderBy(objections.receivedOn);
    expect(rows.map((o) => [o.channel, o.status, o.receivedOn])).toEqual([['counter', 'answered', '2025-05-08'], ['mail', 'reviewing', '2025-05-25']]);
    expect(rows[0]).toMatchObject({ decidedOn: '2025-05-20', fedBackOn: '2025-05-22', feedbackMethod: 'phone', correctionId: null });
    const contacts = await database.db.select().from(entityContacts);
    expect(contacts.length).toBe(8);
    const response = await app.inject({ method: 'GET', url: '/api/public/results?pageSize=50' });
    expect(response.body).not.toContain(contacts[0]?.phone ?? '13900000001');
  });

  it('gives a drawn entity, signed in with its code, its own record of the draw, which proves it was rightly drawn', async () => {
    const [contact] = await database.db.select({ phone: entityContacts.phone, code: marketEntities.code }).from(entityContacts)
      .innerJoin(marketEntities, eq(marketEntities.id, entityContacts.entityId)).limit(1);
    const [draw] = await database.db.select({ id: draws.id, receipt: draws.receipt }).from(draws).where(and(eq(draws.taskId, lastTaskId), eq(draws.status, 'published')));
    if (!contact || !draw) throw new Error('demo contact or draw missing');
    const jar: Record<string, string> = {};
    const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
      const csrf = await app.inject({ method: 'GET', url: '/api/auth/csrf', cookies: jar });
      for (const c of csrf.cookies) jar[c.name] = c.value;
      const r = await app.inject({ method, url, cookies: jar, headers: { 'x-csrf-token': csrf.json<{ csrfToken: string }>().csrfToken }, ...(payload ? { payload } : {}) });
      for (const c of r.cookies) jar[c.name] = c.value;
      return r;
    };
    const recordUrl = `/api/entity/draws/${draw.id}/record`;
    expect((await call('GET', recordUrl)).statusCode).toBe(401);
    expect((await call('POST', '/api/entity/sign-in/code', { creditCode: contact.code })).statusCode).toBe(200);
    const code = /验证码为 (\d{6})/.exec(messages.last(contact.phone)?.text ?? '')?.[1] ?? '';
    expect((await call('POST', '/api/entity/sign-in', { creditCode: contact.code, code })).statusCode).toBe(200);
    const response = await call('GET', recordUrl);
    expect(response.statusCode, response.body).toBe(200);
    const record = response.json<EntityRecord>();
    expect(record.id).toBe(contact.code);
    const receipt = draw.receipt as Receipt;
    const checked = checkEntity(receipt, record);
    expect(checked.ok && checked.value.selected).toBe(true);
    expect((await call('GET', '/api/entity/draws/00000000-0000-4000-8000-000000000000/record')).statusCode).toBe(404);
  });

  it('plays nothing on the next start', async () => {
    const before = (await database.db.select({ id: inspectionResults.id }).from(inspectionResults)).length;
    expect(await loadWorkflowDemo(database.db, { seed: SEED, now: NOW, checkpointKey: generateCheckpointKey() })).toBe(false);
    expect((await database.db.select({ id: inspectionResults.id }).from(inspectionResults)).length).toBe(before);
  });
});
