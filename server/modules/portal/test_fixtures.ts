/**
 * The portal tests' world: a dispatched joint task (server/modules/results/test_fixtures.ts) made public — published
 * task, a real suiji-draw/2 public receipt (test/vectors/v2) as its published draw, a published matching record —
 * plus everything that must never reach the public API, each carrying a distinctive marker: credit-risk classes on
 * the entities, phone numbers on departments, users and inspectors, a declared conflict of interest, a result with
 * withheld fields, a submitted and an approved-but-unpublished result, a draft plan and a draft task.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { DEFAULT_PLAN_CHAIN, DEFAULT_TASK_CHAIN } from '../../../domain/workflow/approval_chain';
import { departments, draws, inspectorConflicts, inspectors, marketEntities, matchingRecords, plans, planVersions, tasks, users } from '../../db/schema';
import type { TestServer } from '../../test/harness';
import { taskSpec } from '../dispatch/test_fixtures';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';

/** Strings that must never appear in any public answer. */
export const SECRETS = {
  departmentPhone: '0431-88886666', userPhone: '13900001111', inspectorPhone: '13700002222',
  conflictReason: 'CONFLICT-亲属关系-4417', conflictPerson: '冲突人甲乙',
  withheldNote: 'WITHHELD-涉密说明-7731', submittedNote: 'UNPUBLISHED-草稿说明-5512', approvedNote: 'APPROVED-未公示说明-6623',
  draftPlan: 'DRAFT-PLAN-未发布计划', draftPlanSummary: 'DRAFT-PLAN-CONTENT-8844', draftTask: 'DRAFT-TASK-未发布任务',
  signer: '王经理',
} as const;

/** Strings that must appear somewhere (so the walk sees real data, not empty pages). */
export const PUBLIC = { note: 'PUBLIC-公开说明-1001', plan: '2026年度朝阳区双随机抽查计划', planSummary: 'PUBLIC-PLAN-SUMMARY-3003' } as const;

export interface PortalWorld extends ResultWorld {
  readonly drawId: string;
  readonly resultIds: string[];
  readonly creditCodes: string[];
  readonly riskClasses: ReadonlyMap<string, string>;
  readonly draftTaskId: string;
  readonly draftPlanId: string;
}

const VECTOR = join(import.meta.dirname, '..', '..', '..', 'test', 'vectors', 'v2', 'public_receipt.json');

export async function addPortalWorld(server: TestServer): Promise<PortalWorld> {
  const world = await addResultWorld(server, { objects: 4 });
  const d = server.fixture.departments;
  await server.db.update(tasks).set({ publishedAt: new Date('2026-11-20T02:00:00Z') }).where(eq(tasks.id, world.taskId));
  const [draw] = await server.db.select({ id: draws.id }).from(draws).where(eq(draws.taskId, world.taskId));
  if (!draw) throw new Error('draw fixture');
  const receipt = (JSON.parse(readFileSync(VECTOR, 'utf8')) as { receipt: { commitment: unknown; commitmentHash: string } }).receipt;
  await server.db.update(draws).set({
    receipt, commitment: receipt.commitment, commitmentHash: receipt.commitmentHash, checkpointSeq: 1, committedAt: new Date('2026-11-25T01:00:00Z'),
  }).where(eq(draws.id, draw.id));
  await server.db.update(matchingRecords).set({ publishedAt: new Date('2026-12-02T02:00:00Z'), record: { rules: { inspectionDate: '2026-12-08' } } }).where(eq(matchingRecords.taskId, world.taskId));

  // Private data with markers.
  const classes = ['A', 'B', 'C', 'D'];
  const riskClasses = new Map<string, string>();
  const entityRows = await server.db.select({ id: marketEntities.id, code: marketEntities.code }).from(marketEntities).where(inArray(marketEntities.id, world.entities));
  for (const [k, e] of entityRows.entries()) {
    const riskClass = classes[k % 4] as string;
    await server.db.update(marketEntities).set({ riskClass, legalRepresentative: '法定代表人丙丁' }).where(eq(marketEntities.id, e.id));
    riskClasses.set(e.code, riskClass);
  }
  await server.db.update(departments).set({ phone: SECRETS.departmentPhone });
  await server.db.update(users).set({ phone: SECRETS.userPhone });
  await server.db.update(inspectors).set({ phone: SECRETS.inspectorPhone });
  const [inspector] = await server.db.select({ id: inspectors.id }).from(inspectors).limit(1);
  await server.db.insert(inspectorConflicts).values({ inspectorId: inspector?.id ?? randomUUID(), entityId: world.entities[0] ?? null, personName: SECRETS.conflictPerson, reason: SECRETS.conflictReason });

  // Results: published, published with withheld fields, submitted only, approved only.
  const leader = await server.as(world.users.leader);
  const chaoyang = await server.as('chaoyang');
  const notes = [PUBLIC.note, SECRETS.withheldNote, SECRETS.submittedNote, SECRETS.approvedNote];
  const resultIds: string[] = [];
  for (const [k, objectId] of world.objects.entries()) {
    const r = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: objectId, result: { ...completeResult(world), note: notes[k] } });
    if (r.statusCode !== 200) throw new Error(`submit: ${r.body}`);
    resultIds.push(r.json<{ id: string }>().id);
  }
  const step = async (k: number, action: string, body: Record<string, unknown>) => {
    const r = await chaoyang.post(`/api/inspection/results/${resultIds[k] ?? ''}/${action}`, body);
    if (r.statusCode !== 200) throw new Error(`${action}: ${r.body}`);
  };
  await step(0, 'approve', { rowVersion: 1 });
  await step(0, 'publish', { rowVersion: 2 });
  await step(1, 'approve', { rowVersion: 1, withheld: { fields: ['note', 'disposal'], reason: '涉及公共安全' } });
  await step(1, 'publish', { rowVersion: 2 });
  await step(3, 'approve', { rowVersion: 1 });

  // Plans: one published, one draft; a draft task.
  const plan = (name: string, summary: string, published: boolean) => ({
    kind: 'department', year: 2026, name, leadDepartmentId: d.chaoyangMarket, regionCode: '220104', chain: DEFAULT_PLAN_CHAIN,
    status: published ? 'published' : 'draft', publishedVersion: published ? 1 : null, createdBy: server.fixture.users.chaoyang,
    content: { summary, tasks: [{ key: 'T1', name: `${name}任务`, departmentIds: [d.chaoyangMarket], items: world.items, targeting: taskSpec().targeting, stratifyBy: 'credit_class', strata: [{ key: 'D', mode: 'ratio', value: '77.5', minPercent: '', reserve: '' }], frequency: 1, methods: ['实地核查'], windowStart: '2026-03-01', windowEnd: '2026-11-30' }] },
  });
  const planIds: string[] = [];
  for (const p of [plan(PUBLIC.plan, PUBLIC.planSummary, true), plan(SECRETS.draftPlan, SECRETS.draftPlanSummary, false)]) {
    const { content, ...row } = p;
    const [created] = await server.db.insert(plans).values(row).returning({ id: plans.id });
    if (!created) throw new Error('plan fixture');
    await server.db.insert(planVersions).values({ planId: created.id, version: 1, content, createdBy: server.fixture.users.chaoyang });
    planIds.push(created.id);
  }
  const [draftTask] = await server.db.insert(tasks).values({
    code: '220104-2026-D001', kind: 'ad_hoc', year: 2026, name: SECRETS.draftTask, leadDepartmentId: d.chaoyangMarket, regionCode: '220104',
    periodStart: '2026-12-01', periodEnd: '2026-12-31', spec: taskSpec(), chain: DEFAULT_TASK_CHAIN, status: 'draft', createdBy: server.fixture.users.chaoyang,
  }).returning({ id: tasks.id });
  if (!draftTask) throw new Error('task fixture');
  return {
    ...world, drawId: draw.id, resultIds, creditCodes: entityRows.map((e) => e.code), riskClasses, draftTaskId: draftTask.id, draftPlanId: planIds[1] as string,
  };
}
