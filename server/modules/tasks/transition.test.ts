import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataScope } from '../../../domain/access/data_scope';
import type { ActorFacts } from '../../../domain/workflow/machine';
import { tasks } from '../../db/schema';
import { AppError } from '../../http/errors';
import { startTestServer, type TestServer } from '../../test/harness';
import { loadTasksForDue } from './domain_map';
import { departmentIdsOf, publicTaskSummary } from './present';
import type { TaskDetail } from './schema';
import { getTask } from './store';
import { applyTaskEvent } from './transition';
import { adHocBody, seedTaskFixture, type TaskFixture } from './test_fixtures';
import { departmentFacts } from './store';

let server: TestServer;
let f: TaskFixture;
let published: TaskDetail;
let lead: ActorFacts;

beforeAll(async () => {
  server = await startTestServer();
  f = await seedTaskFixture(server);
  const admin = await server.as('cityadmin');
  const head = await server.as('cityhead');
  const created = (await admin.post('/api/workflow/tasks', adHocBody(f))).json<TaskDetail>();
  const submitted = (await admin.post(`/api/workflow/tasks/${created.id}/submit`, { rowVersion: created.rowVersion })).json<TaskDetail>();
  published = (await head.post(`/api/workflow/tasks/${created.id}/approve`, { rowVersion: submitted.rowVersion })).json<TaskDetail>();
  lead = { userId: f.users.admin, departmentId: f.market, regionCode: '220100', roleKeys: ['dept_admin'] };
});
afterAll(async () => { await server.close(); });

async function attempt(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('applyTaskEvent (the draw and dispatch modules call it in their transaction)', () => {
  it('moves a published task to 抽取中 and back, bumping row_version and returning the domain events', async () => {
    expect(published.status).toBe('published');
    const started = await server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'start_draw' }, lead, { rowVersion: published.rowVersion }));
    expect(started.task.status).toBe('drawing');
    expect(started.rowVersion).toBe(published.rowVersion + 1);
    expect(started.events).toEqual([{ type: 'TaskStatusChanged', taskId: published.id, from: 'published', to: 'drawing', event: 'start_draw' }]);
    const voided = await server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'draw_voided', reason: '监督员未到场' }, lead));
    expect(voided.task.status).toBe('published');
    expect(voided.events[0]).toMatchObject({ reason: '监督员未到场' });
    const [row] = await server.db.select().from(tasks).where(eq(tasks.id, published.id));
    expect(row).toMatchObject({ status: 'published', rowVersion: published.rowVersion + 2 });
  });

  it('throws 409 for an illegal event, 403 for another department, 400 for a missing reason, 409 for a stale version, 404 for no task', async () => {
    const illegal = await attempt(() => server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'dispatch' }, lead)));
    expect([illegal.status, illegal.code]).toEqual([409, 'TASK_ILLEGAL_TRANSITION']);
    const other = await attempt(() => server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'start_draw' }, { ...lead, departmentId: f.env })));
    expect([other.status, other.code]).toEqual([403, 'TASK_LEAD_DEPARTMENT_ONLY']);
    await server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'start_draw' }, lead));
    const reason = await attempt(() => server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'draw_voided', reason: ' ' }, lead)));
    expect([reason.status, reason.code]).toEqual([400, 'VOID_REASON_REQUIRED']);
    const stale = await attempt(() => server.db.transaction((tx) => applyTaskEvent(tx, published.id, { type: 'draw_completed' }, lead, { rowVersion: 1 })));
    expect([stale.status, stale.code]).toEqual([409, 'TASK_STALE']);
    const missing = await attempt(() => server.db.transaction((tx) => applyTaskEvent(tx, '00000000-0000-4000-8000-000000000000', { type: 'start_draw' }, lead)));
    expect(missing.status).toBe(404);
  });

  it('rolls back with the caller’s transaction', async () => {
    const [before] = await server.db.select().from(tasks).where(eq(tasks.id, published.id));
    await expect(server.db.transaction(async (tx) => {
      await applyTaskEvent(tx, published.id, { type: 'draw_completed' }, lead);
      throw new Error('the draw failed after the task moved');
    })).rejects.toThrow('the draw failed');
    const [after] = await server.db.select().from(tasks).where(eq(tasks.id, published.id));
    expect(after).toMatchObject({ status: before?.status, rowVersion: before?.rowVersion });
  });
});

describe('loadTasksForDue and publicTaskSummary', () => {
  it('loads the open tasks a scope sees as domain tasks', async () => {
    const market: DataScope = { kind: 'limited', regionPrefixes: [], departmentIds: [f.market], userId: null };
    const env: DataScope = { kind: 'limited', regionPrefixes: [], departmentIds: [f.env], userId: null };
    const elsewhere: DataScope = { kind: 'limited', regionPrefixes: [], departmentIds: [server.fixture.departments.nanguanMarket], userId: null };
    const due = await loadTasksForDue(server.db, market);
    expect(due.map((t) => t.id)).toEqual([published.id]);
    expect(due[0]).toMatchObject({ leadDepartmentId: f.market, participatingDepartmentIds: [f.env], status: 'drawing', chain: { key: 'task_default' } });
    expect((await loadTasksForDue(server.db, env)).map((t) => t.id)).toEqual([published.id]);
    expect(await loadTasksForDue(server.db, elsewhere)).toEqual([]);
  });

  it('summarises a task for the portal without internal fields', async () => {
    const record = await getTask(server.db, { kind: 'all' }, published.id);
    if (!record) throw new Error('task');
    const names = new Map([...(await departmentFacts(server.db, departmentIdsOf([record]))).values()].map((d) => [d.id, d.name]));
    const summary = publicTaskSummary(record, names);
    expect(summary).toEqual({
      code: published.code, name: '2026年食品经营与排污许可联合抽查', year: 2026, leadDepartmentName: '长春市市场监督管理局',
      participatingDepartmentNames: ['长春市生态环境局'], periodStart: '2026-05-01', periodEnd: '2026-06-30',
      itemNames: ['市场监管检查事项一', '生态环境检查事项一'], targeted: false, status: '抽取中',
    });
    expect(JSON.stringify(summary)).not.toMatch(/strata|team|rowVersion|createdBy|submittedBy|approvals/);
  });
});
