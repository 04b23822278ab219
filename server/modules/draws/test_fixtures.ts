/**
 * Test fixtures for the draw ceremony: role users of the built-in roles (the demo's scjg_admin / supervisor), two-
 * directory confirmations, a published task, entities, and the ceremony's requests step by step.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEFAULT_TASK_CHAIN } from '../../../domain/workflow/approval_chain';
import { DEFAULT_TEAM_SETTINGS, type TaskSpec } from '../../../domain/workflow/task_spec';
import { directoryConfirmations, roles, tasks, userRoles, users } from '../../db/schema';
import { shanghaiDate } from '../../http/today';
import { hashPassword } from '../auth/password';
import { seedEntities } from '../entities/test_entities';
import { TEST_PASSWORD, type Client, type TestServer } from '../../test/harness';
import type { DrawDetail } from './schema';

/** A user holding one built-in role (dept_admin, draw_supervisor, …) in a department. */
export async function addRoleUser(server: TestServer, account: string, roleKey: string, departmentId: string): Promise<string> {
  const [role] = await server.db.select({ id: roles.id }).from(roles).where(eq(roles.key, roleKey));
  const [user] = await server.db.insert(users).values({ account, name: `测试${account}`, departmentId, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!role || !user) throw new Error('role user');
  await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  return user.id;
}

export async function confirmDirectories(server: TestServer, departmentId: string, by: string): Promise<void> {
  for (const directory of ['entities', 'inspectors']) {
    await server.db.insert(directoryConfirmations).values({ departmentId, directory, confirmedAt: server.now, confirmedBy: by });
  }
}

export function taskSpec(overrides: Partial<TaskSpec> = {}): TaskSpec {
  const stratum = (key: string, value: string) => ({ key, mode: 'ratio' as const, value, rounding: 'half_up' as const, minPercent: '', reserve: '' });
  return {
    items: [], targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
    regionCodes: ['220100'], stratifyBy: 'credit_class',
    strata: [stratum('A', '10'), stratum('B', '20'), stratum('C', '50'), stratum('D', '100'), stratum('unrated', '30')],
    minTotalPercent: '', annualCap: 2, methods: ['实地核查'], team: DEFAULT_TEAM_SETTINGS, supervisorsRequired: 1, ...overrides,
  };
}

let taskNo = 1;

export async function insertTask(server: TestServer, input: { leadDepartmentId: string; participating?: string[]; spec?: TaskSpec; status?: string; regionCode?: string }): Promise<string> {
  const year = Number(shanghaiDate(server.now).slice(0, 4));
  const [row] = await server.db.insert(tasks).values({
    code: `220100-${year}-${String(taskNo++).padStart(4, '0')}`, kind: 'ad_hoc', year, name: `测试抽查任务${taskNo}`, leadDepartmentId: input.leadDepartmentId,
    participatingDepartmentIds: input.participating ?? [], regionCode: input.regionCode ?? '220100', periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`,
    spec: input.spec ?? taskSpec(), chain: DEFAULT_TASK_CHAIN, status: input.status ?? 'published',
  }).returning({ id: tasks.id });
  if (!row) throw new Error('task');
  return row.id;
}

const CLASSES = ['A', 'B', 'C', 'D', null] as const;

/** `n` active entities in 长春 districts with risk classes A–D and unrated in turn, plus two deregistered ones. */
export async function seedPoolEntities(server: TestServer, ownerDepartmentId: string, n: number): Promise<{ id: number; code: string }[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    name: `长春测试${i}号商贸有限公司`, regionCode: i % 2 === 0 ? '220102' : '220104', ownerDepartmentId, riskClass: CLASSES[i % CLASSES.length] ?? null,
  }));
  const inactive = [0, 1].map((i) => ({ name: `长春注销${i}号商行`, regionCode: '220104', ownerDepartmentId, status: 'deregistered' }));
  return seedEntities(server, [...rows, ...inactive]);
}

const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** A 福彩3D source drawn `minutes` after the server's clock. */
export function lotterySource(server: TestServer, minutes = 20, id = 'fc3d') {
  return { id, type: 'lottery', name: 'fc-3d', round: `${shanghaiDate(server.now).slice(0, 4)}321`, count: '', availableAt: iso(new Date(server.now.getTime() + minutes * 60_000)), description: '福彩3D当期开奖号码', value: '' };
}

export function commitBody(server: TestServer, rowVersion: number, sources = [lotterySource(server)]) {
  return { rowVersion, drawDate: shanghaiDate(server.now), sources, sourceException: '' };
}

export function ok(response: { statusCode: number; body: string }, status = 200): DrawDetail {
  expect(response.statusCode, response.body).toBe(status);
  return JSON.parse(response.body) as DrawDetail;
}

/** Start → commit → presence → (clock past the source time) → values → execute; returns the executed draw. */
export async function runToExecuted(server: TestServer, operator: Client, supervisor: Client, taskId: string, value = '073'): Promise<DrawDetail> {
  let d = ok(await operator.post('/api/draws', { taskId }), 201);
  d = ok(await operator.post(`/api/draws/${d.id}/commit`, commitBody(server, d.rowVersion)));
  d = ok(await supervisor.post(`/api/draws/${d.id}/presence`, { rowVersion: d.rowVersion }));
  server.now = new Date(server.now.getTime() + 21 * 60_000);
  d = ok(await operator.post(`/api/draws/${d.id}/source-values`, { rowVersion: d.rowVersion, values: [{ id: 'fc3d', value }] }));
  return ok(await operator.post(`/api/draws/${d.id}/execute`, { rowVersion: d.rowVersion }));
}
