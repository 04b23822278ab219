/**
 * 检查方式 is one vocabulary (domain/inspection/categories.ts CHECK_METHODS): the API takes only its keys for a
 * checklist item, and migration 0039 converts what older versions stored (document → documents, third_party →
 * agency; a draft plan's or task's 「委托第三方」 → 「委托专业机构」).
 */
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistItems, planVersions } from '../../db/schema';
import { act, buildPlanWorld, createPlan, jointPlanBody, plannedTask } from '../plans/test_fixtures';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import type { VersionDetail } from './schema';
import { addNode, createList, itemBody } from './test_fixtures';

let server: TestServer;
let chaoyang: Client;
let v1: string;
beforeAll(async () => {
  server = await startTestServer();
  chaoyang = await server.as('chaoyang');
  const list = await createList(chaoyang, { name: '朝阳区市场监管局随机抽查事项清单', departmentId: server.fixture.departments.chaoyangMarket });
  v1 = `/api/directory/checklists/${list.id}/versions/1`;
});
afterAll(async () => { await server.close(); });

const statements = readFileSync(new URL('../../db/migrations/0039_check_methods_objection_files.sql', import.meta.url), 'utf8')
  .split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => /^(--[^\n]*\n)*UPDATE/.test(s));

describe('检查方式: one vocabulary for checklist items and results', () => {
  it('takes the results\' keys for an item and refuses the checklists\' former ones', async () => {
    const item = await addNode(chaoyang, v1, { ...itemBody('SX-001', '产品质量检查'), methods: ['on_site', 'documents', 'agency', 'other_department'] });
    expect(item.methods).toEqual(['on_site', 'documents', 'agency', 'other_department']);
    for (const old of ['document', 'third_party']) {
      const response = await chaoyang.post(`${v1}/items`, { ...itemBody('SX-009', '旧词'), methods: [old] });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('检查方式只能是 实地核查、书面检查、网络监测、抽样检测、委托专业机构、采用其他部门结论');
    }
  });

  it('converts the stored former keys with migration 0039, and leaves the others as they are', async () => {
    expect(statements).toHaveLength(3);
    const item = await addNode(chaoyang, v1, itemBody('SX-002', '广告发布检查'));
    await server.db.update(checklistItems).set({ methods: ['on_site', 'document', 'third_party'] }).where(eq(checklistItems.id, item.id));
    for (const statement of statements) await server.db.execute(sql.raw(statement));
    const detail = (await chaoyang.get(v1)).json<VersionDetail>();
    expect(detail.items.find((i) => i.id === item.id)?.methods).toEqual(['on_site', 'documents', 'agency']);
    expect(detail.items.find((i) => i.code === 'SX-001')?.methods).toEqual(['on_site', 'documents', 'agency', 'other_department']);
    // Run again (a retried migration): nothing changes.
    for (const statement of statements) await server.db.execute(sql.raw(statement));
    const [row] = await server.db.select({ methods: checklistItems.methods }).from(checklistItems).where(eq(checklistItems.id, item.id));
    expect(row?.methods).toEqual(['on_site', 'documents', 'agency']);
  });

  it('reads 「委托第三方」 as 「委托专业机构」 in a draft plan, and leaves a plan in review as it was submitted', async () => {
    const world = await buildPlanWorld(server);
    const admin = await server.as('scjg_admin');
    const body = jointPlanBody(world, [plannedTask(world, { methods: ['实地核查', '委托第三方'] })]);
    const draft = await createPlan(admin, body);
    const submitted = await createPlan(admin, { ...body, name: '提交审核的计划' });
    expect((await act(admin, submitted, 'submit')).statusCode).toBe(200);
    for (const statement of statements) await server.db.execute(sql.raw(statement));
    const methodsOf = async (id: string) => {
      const [plan] = await server.db.select({ content: planVersions.content }).from(planVersions).where(eq(planVersions.planId, id));
      return (plan?.content as { tasks: { methods: string[] }[] }).tasks[0]?.methods;
    };
    expect(await methodsOf(draft.id)).toEqual(['实地核查', '委托专业机构']);
    expect(await methodsOf(submitted.id)).toEqual(['实地核查', '委托第三方']);
  });
});
