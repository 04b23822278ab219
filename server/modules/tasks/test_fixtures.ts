/**
 * Fixtures of the task API tests, written straight into the database: a second city department (生态环境局),
 * a head and an administrator of the city 市场监管局, one published checklist per department, a confirmed 专项库
 * and a published annual plan (rows as the plans module stores them: status 'published', published_version 1).
 */
import { eq } from 'drizzle-orm';
import type { PlanContent, TaskSpec } from '../../../domain/workflow/task_spec';
import { DEFAULT_PLAN_CHAIN } from '../../../domain/workflow/approval_chain';
import {
  checklistItems, checklists, checklistVersions, departments, entityTags, entityTagVersions, planVersions, plans, roles, userRoles, users,
} from '../../db/schema';
import { hashPassword } from '../auth/password';
import { TEST_PASSWORD, type TestServer } from '../../test/harness';

export interface TaskFixture {
  readonly market: string;
  readonly env: string;
  readonly users: { head: string; admin: string; envAdmin: string; envHead: string };
  readonly items: { market: TaskSpec['items'][number][]; env: TaskSpec['items'][number][]; draft: TaskSpec['items'][number] };
  readonly tagId: string;
  readonly unconfirmedTagId: string;
  readonly planId: string;
  readonly draftPlanId: string;
}

async function addUser(server: TestServer, account: string, name: string, departmentId: string, roleKey: string): Promise<string> {
  const [role] = await server.db.select({ id: roles.id }).from(roles).where(eq(roles.key, roleKey));
  const [user] = await server.db.insert(users).values({ account, name, departmentId, passwordHash: await hashPassword(TEST_PASSWORD) }).returning({ id: users.id });
  if (!role || !user) throw new Error('task fixture user');
  await server.db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  return user.id;
}

async function addList(server: TestServer, departmentId: string, name: string, prefix: string, status = 'published') {
  const [list] = await server.db.insert(checklists).values({ kind: 'department', name, departmentId, regionCode: '220100' }).returning({ id: checklists.id });
  if (!list) throw new Error('list');
  const [version] = await server.db.insert(checklistVersions).values({ checklistId: list.id, version: 1, status }).returning({ id: checklistVersions.id });
  if (!version) throw new Error('version');
  const names = [`${name}检查事项一`, `${name}检查事项二`];
  const rows = await server.db.insert(checklistItems).values(names.map((n, i) => ({
    versionId: version.id, level: 'item', code: `${prefix}-00${i + 1}`, name: n, sortOrder: i,
  }))).returning({ id: checklistItems.id, code: checklistItems.code, name: checklistItems.name });
  return rows.map((r) => ({ departmentId, checklistId: list.id, checklistVersionId: version.id, itemId: r.id, code: r.code, name: r.name }));
}

export async function seedTaskFixture(server: TestServer): Promise<TaskFixture> {
  const market = server.fixture.departments.cityMarket;
  const [env] = await server.db.insert(departments).values({ name: '长春市生态环境局', type: 'ecology_environment', regionCode: '220100' }).returning({ id: departments.id });
  if (!env) throw new Error('env');
  const u = {
    head: await addUser(server, 'cityhead', '市局负责人', market, 'dept_head'),
    admin: await addUser(server, 'cityadmin', '市局管理员', market, 'dept_admin'),
    envAdmin: await addUser(server, 'envadmin', '环境局管理员', env.id, 'dept_admin'),
    envHead: await addUser(server, 'envhead', '环境局负责人', env.id, 'dept_head'),
  };
  const marketItems = await addList(server, market, '市场监管', 'SJ');
  const envItems = await addList(server, env.id, '生态环境', 'HJ');
  const [draft] = await addList(server, market, '草稿清单', 'CG', 'draft');
  const [tag] = await server.db.insert(entityTags).values({ departmentId: market, name: '食品经营专项库', currentVersion: 1 }).returning({ id: entityTags.id });
  const [unconfirmed] = await server.db.insert(entityTags).values({ departmentId: market, name: '未确认专项库' }).returning({ id: entityTags.id });
  if (!tag || !unconfirmed || !draft) throw new Error('tags');
  await server.db.insert(entityTagVersions).values({ tagId: tag.id, version: 1, criteria: {}, memberCount: 0, confirmedAt: new Date(), confirmedBy: u.admin });
  const [firstMarket, firstEnv] = [marketItems[0], envItems[0]];
  if (!firstMarket || !firstEnv) throw new Error('items');
  const content: PlanContent = {
    summary: '2026年度部门联合抽查计划',
    tasks: [{
      key: 'T1', name: '食品经营与排污联合抽查', departmentIds: [market, env.id], items: [firstMarket, firstEnv],
      targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
      stratifyBy: 'credit_class', strata: [{ key: 'A', mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '' }],
      frequency: 1, methods: ['实地核查'], windowStart: '2026-04-01', windowEnd: '2026-09-30',
    }],
  };
  const plan = async (status: string, publishedVersion: number | null) => {
    const [row] = await server.db.insert(plans).values({
      kind: 'joint', year: 2026, name: `2026年度联合抽查计划（${status}）`, leadDepartmentId: market, participatingDepartmentIds: [env.id],
      regionCode: '220100', chain: DEFAULT_PLAN_CHAIN, status, publishedVersion, createdBy: u.admin,
    }).returning({ id: plans.id });
    if (!row) throw new Error('plan');
    await server.db.insert(planVersions).values({ planId: row.id, version: 1, content, createdBy: u.admin });
    return row.id;
  };
  return {
    market, env: env.id, users: u, items: { market: marketItems, env: envItems, draft }, tagId: tag.id, unconfirmedTagId: unconfirmed.id,
    planId: await plan('published', 1), draftPlanId: await plan('draft', null),
  };
}

/** A valid ad hoc joint task of the city 市场监管局 with the 生态环境局: items of both, ratios per credit class. */
export function adHocBody(f: TaskFixture, overrides: Record<string, unknown> = {}) {
  return {
    planId: null, planTaskKey: null, name: '2026年食品经营与排污许可联合抽查', periodStart: '2026-05-01', periodEnd: '2026-06-30',
    participatingDepartmentIds: [f.env],
    spec: {
      items: [f.items.market[0], f.items.env[0]],
      targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
      regionCodes: ['220100'], stratifyBy: 'credit_class',
      strata: [
        { key: 'A', mode: 'ratio', value: '3', rounding: 'half_up', minPercent: '', reserve: '' },
        { key: 'C', mode: 'ratio', value: '10', rounding: 'ceil', minPercent: '', reserve: '' },
      ],
      minTotalPercent: '3', annualCap: 2, methods: ['实地核查'],
      team: {
        teamSize: 3, leaderFromLead: true, departmentQuotas: [{ departmentId: f.market, members: 2 }, { departmentId: f.env, members: 1 }],
        expertsPerObject: 0, maxObjectsPerInspector: 30, recusalYears: 3, crossArea: false, directAppointment: false,
      },
      supervisorsRequired: 1,
    },
    ...overrides,
  };
}
