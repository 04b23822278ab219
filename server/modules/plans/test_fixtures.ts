/**
 * Test world for the plan API: 长春市市场监管局 (scjg_admin drafts, scjg_head approves), 长春市生态环境局
 * (sthj_admin), 长春市司法局 (justice), the fixture's 双随机办 (joint), each department with a published
 * checklist; and the bodies of a valid joint plan.
 */
import { expect } from 'vitest';
import { departments, roles, userRoles, users } from '../../db/schema';
import { hashPassword } from '../auth/password';
import { TEST_PASSWORD, type Client, type TestServer } from '../../test/harness';
import { buildSampleTree, createList, publish } from '../checklists/test_fixtures';
import type { PlanDetail } from './schema';

export interface PlanWorld {
  readonly market: string;
  readonly eco: string;
  readonly justiceDept: string;
  /** Published item refs: market SX-001, SX-002; eco HB-001. */
  readonly marketItems: { checklistVersionId: string; itemId: string }[];
  readonly ecoItems: { checklistVersionId: string; itemId: string }[];
  /** A draft (unpublished) version's item, for the refusal. */
  readonly draftItem: { checklistVersionId: string; itemId: string };
}

export async function addRoleUser(server: TestServer, account: string, departmentId: string, roleKeys: readonly string[]): Promise<string> {
  const [user] = await server.db.insert(users).values({ account, name: account, departmentId, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!user) throw new Error('user fixture');
  const all = await server.db.select({ id: roles.id, key: roles.key }).from(roles);
  for (const key of roleKeys) {
    const role = all.find((r) => r.key === key);
    if (!role) throw new Error(`role ${key}`);
    await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  }
  return user.id;
}

async function publishedList(admin: Client, departmentId: string, name: string, prefix: string, subject: string) {
  const list = await createList(admin, { name, departmentId });
  const url = `/api/directory/checklists/${list.id}/versions/1`;
  const ids = await buildSampleTree(admin, url, prefix, subject);
  const version = await publish(admin, url);
  return [`${prefix}-001`, `${prefix}-002`].map((code) => ({ checklistVersionId: version.id, itemId: ids.get(code) ?? '' }));
}

export async function buildPlanWorld(server: TestServer): Promise<PlanWorld> {
  const dept = async (name: string, type: string) => {
    const [row] = await server.db.insert(departments).values({ name, type, regionCode: '220100' }).returning({ id: departments.id });
    if (!row) throw new Error('department fixture');
    return row.id;
  };
  const market = server.fixture.departments.cityMarket;
  const eco = await dept('长春市生态环境局', 'ecology_environment');
  const justiceDept = await dept('长春市司法局', 'justice');
  await addRoleUser(server, 'scjg_admin', market, ['dept_admin']);
  await addRoleUser(server, 'scjg_head', market, ['dept_head']);
  await addRoleUser(server, 'scjg_head2', market, ['dept_head']);
  await addRoleUser(server, 'scjg_both', market, ['dept_admin', 'dept_head']);
  await addRoleUser(server, 'sthj_admin', eco, ['dept_admin']);
  await addRoleUser(server, 'justice', justiceDept, ['justice_reviewer']);
  const admin = await server.as('admin');
  const marketItems = await publishedList(admin, market, '长春市市场监管局随机抽查事项清单', 'SX', '长春市市场监督管理局');
  const ecoItems = await publishedList(admin, eco, '长春市生态环境局随机抽查事项清单', 'HB', '长春市生态环境局');
  const draft = await createList(admin, { name: '草稿清单', departmentId: market });
  const draftIds = await buildSampleTree(admin, `/api/directory/checklists/${draft.id}/versions/1`, 'CG', '长春市市场监督管理局');
  const draftVersion = draft.versions[0]?.id ?? '';
  return { market, eco, justiceDept, marketItems, ecoItems, draftItem: { checklistVersionId: draftVersion, itemId: draftIds.get('CG-001') ?? '' } };
}

export const PLAN_YEAR = 2027;

export function plannedTask(world: PlanWorld, overrides: Record<string, unknown> = {}) {
  return {
    key: 'T1', name: '企业公示信息与排污许可联合抽查', departmentIds: [],
    items: [world.marketItems[0], world.ecoItems[0]],
    targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
    stratifyBy: 'credit_class',
    strata: [
      { key: 'A', mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '' },
      { key: 'D', mode: 'ratio', value: '100', rounding: 'ceil', minPercent: '', reserve: '' },
    ],
    frequency: 1, methods: ['实地核查', '书面检查'], windowStart: `${PLAN_YEAR}-03-01`, windowEnd: `${PLAN_YEAR}-11-30`,
    ...overrides,
  };
}

export function jointPlanBody(world: PlanWorld, tasks: unknown[] = [plannedTask(world)]) {
  return {
    kind: 'joint', year: PLAN_YEAR, name: `${PLAN_YEAR}年度市场监管领域部门联合抽查计划`, participatingDepartmentIds: [world.eco],
    content: { summary: '按信用风险分类差异化抽查', tasks },
  };
}

export async function createPlan(client: Client, body: unknown): Promise<PlanDetail> {
  const response = await client.post('/api/workflow/plans', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<PlanDetail>();
}

/** POSTs a transition with the plan's current rowVersion; returns the response. */
export async function act(client: Client, plan: { id: string; rowVersion: number }, action: string, extra: Record<string, unknown> = {}) {
  return client.post(`/api/workflow/plans/${plan.id}/${action}`, { rowVersion: plan.rowVersion, ...extra });
}

export async function actOk(client: Client, plan: { id: string; rowVersion: number }, action: string, extra: Record<string, unknown> = {}): Promise<PlanDetail> {
  const response = await act(client, plan, action, extra);
  expect(response.statusCode, `${action}: ${response.body}`).toBe(200);
  return response.json<PlanDetail>();
}
