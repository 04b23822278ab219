/**
 * Fixtures of the dispatch and matching tests: a task whose draw's receipt is published (tasks, draws and draw_objects
 * rows written directly, as the draw ceremony would leave them), entities, inspectors and department heads.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { DEFAULT_TASK_CHAIN } from '../../../domain/workflow/approval_chain';
import { DEFAULT_ANNUAL_CAP, DEFAULT_TEAM_SETTINGS, type TaskSpec, type TeamSettings } from '../../../domain/workflow/task_spec';
import { draws, drawObjects, inspectors, marketEntities, roles, tasks, userRoles, users } from '../../db/schema';
import { hashPassword } from '../auth/password';
import { TEST_PASSWORD, type TestServer } from '../../test/harness';

export function taskSpec(team: Partial<TeamSettings> = {}): TaskSpec {
  return {
    items: [], targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] }, regionCodes: ['220104'],
    stratifyBy: 'none', strata: [{ key: 'all', mode: 'count', value: '4', rounding: 'half_up', minPercent: '', reserve: '2' }],
    minTotalPercent: '', annualCap: DEFAULT_ANNUAL_CAP, methods: ['实地核查'], team: { ...DEFAULT_TEAM_SETTINGS, ...team }, supervisorsRequired: 1,
  };
}

let entitySerial = 0;
export async function addEntities(server: TestServer, names: readonly string[], status = 'active'): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    entitySerial += 1;
    const [row] = await server.db.insert(marketEntities).values({
      // The name's pieces, as every writer of the directory keeps them (name search reads them: decision 0004).
      code: `91220104MA${String(entitySerial).padStart(7, '0')}X`, codeType: 'uscc', name, nameBigramKeys: nameBigramKeys(name), entityType: 'enterprise', regionCode: '220104', status,
    }).returning({ id: marketEntities.id });
    if (!row) throw new Error('entity fixture');
    ids.push(row.id);
  }
  return ids;
}

let certSerial = 0;
export async function addInspectors(server: TestServer, departmentId: string, names: readonly string[], over: Partial<typeof inspectors.$inferInsert> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    certSerial += 1;
    const [row] = await server.db.insert(inspectors).values({
      name, departmentId, certificateNo: `JC${String(certSerial).padStart(6, '0')}`, certificateValidUntil: '2099-12-31', phone: '13900001111', regionCode: '220104', ...over,
    }).returning({ id: inspectors.id });
    if (!row) throw new Error('inspector fixture');
    ids.push(row.id);
  }
  return ids;
}

/** A user with built-in roles (e.g. dept_head) in a department. */
export async function addUser(server: TestServer, account: string, name: string, departmentId: string, roleKeys: readonly string[]): Promise<string> {
  const [user] = await server.db.insert(users).values({ account, name, departmentId, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!user) throw new Error('user fixture');
  for (const key of roleKeys) {
    const [role] = await server.db.select({ id: roles.id }).from(roles).where(eq(roles.key, key));
    if (!role) throw new Error(`role ${key}`);
    await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  }
  return user.id;
}

let taskSerial = 0;
export interface DrawnTask { taskId: string; drawId: string; selected: number[]; reserve: number[]; seed: string }

/** A task in 已抽取 with a published draw: `selected` entities drawn, `reserve` in reserve order. */
export async function addDrawnTask(server: TestServer, input: {
  lead: string; participating?: string[]; selected: number[]; reserve?: number[]; team?: Partial<TeamSettings>; periodStart?: string; periodEnd?: string; name?: string;
}): Promise<DrawnTask> {
  taskSerial += 1;
  const operator = server.fixture.users.chaoyang;
  const [task] = await server.db.insert(tasks).values({
    code: `220104-2026-${String(taskSerial).padStart(4, '0')}`, kind: 'ad_hoc', year: 2026, name: input.name ?? `双随机抽查任务${taskSerial}`, leadDepartmentId: input.lead,
    participatingDepartmentIds: input.participating ?? [], regionCode: '220104', periodStart: input.periodStart ?? '2026-12-01', periodEnd: input.periodEnd ?? '2026-12-31',
    spec: taskSpec(input.team), chain: DEFAULT_TASK_CHAIN, status: 'drawn', createdBy: operator,
  }).returning({ id: tasks.id });
  if (!task) throw new Error('task fixture');
  const seed = createHash('sha256').update(`seed-${taskSerial}`).digest('hex');
  const [draw] = await server.db.insert(draws).values({
    taskId: task.id, regionCode: '220104', attempt: 1, operatorId: operator, status: 'published', drawDate: '2026-12-01',
    commitment: { inspectorPoolHash: '' }, receipt: { protocol: 'suiji-draw/2', seed }, receiptHash: createHash('sha256').update(seed).digest('hex'),
    publishedAt: new Date('2026-12-01T02:00:00Z'),
  }).returning({ id: draws.id });
  if (!draw) throw new Error('draw fixture');
  const rows = [
    ...input.selected.map((entityId, k) => ({ drawId: draw.id, entityId, stratum: 'all', rank: k + 1, reserve: false })),
    ...(input.reserve ?? []).map((entityId, k) => ({ drawId: draw.id, entityId, stratum: 'all', rank: k + 1, reserve: true })),
  ];
  await server.db.insert(drawObjects).values(rows);
  return { taskId: task.id, drawId: draw.id, selected: input.selected, reserve: input.reserve ?? [], seed };
}

/**
 * A fixed clock for the app and for the harness's cookie expiry check (which reads Date.now()): only Date is faked,
 * timers run normally.
 */
export function at(server: TestServer, iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
  server.now = new Date(iso);
}
