/**
 * The workflow part of the demo data (issue #9 item 11): last year's approved plan with a task whose draw is
 * published, this year's plan and task (drawn, dispatched, its first results published), and next year's plans still in approval — so a newcomer's first start
 * shows every state; last year's task then gets its results (results_story.ts). It is not written into the tables directly: the demo users play the story through the real API
 * (an app instance on the same database whose clock is moved from one scene to the next), so every record, approval
 * step, log row, commitment and receipt is exactly what the platform itself produces and verifies.
 *
 * Runs once per database (app_meta 'demo.workflow'); a failure is reported and recorded, never stops the start.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { PlanContent, StratumSpec, TaskItemRef, TaskSpec } from '../../domain/workflow/task_spec';
import { DEFAULT_ANNUAL_CAP, DEFAULT_TEAM_SETTINGS } from '../../domain/workflow/task_spec';
import type { CheckpointKey } from '../audit/checkpoint_key';
import type { Db } from '../db/database';
import { appMeta, checklistItems, checklists, checklistVersions, departments, users } from '../db/schema';
import { buildApp, type App } from '../http/app';
import { playResultsOnce } from './results_story';
import { idOf, login, shanghai, versionOf, type Session } from './story_session';

const STORY_KEY = 'demo.workflow';

/** Two published checklist items of a department, pinned to their version. */
async function publishedItems(db: Db, departmentId: string, count: number): Promise<TaskItemRef[]> {
  const rows = await db.select({
    checklistId: checklists.id, checklistVersionId: checklistVersions.id, itemId: checklistItems.id, code: checklistItems.code, name: checklistItems.name,
  }).from(checklistItems)
    .innerJoin(checklistVersions, eq(checklistVersions.id, checklistItems.versionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(and(eq(checklists.departmentId, departmentId), eq(checklists.kind, 'department'), eq(checklistVersions.status, 'published'), eq(checklistItems.level, 'item')))
    .orderBy(asc(checklistItems.sortOrder), asc(checklistItems.code)).limit(count);
  return rows.map((r) => ({ departmentId, ...r }));
}

const STRATA: readonly StratumSpec[] = [
  ['A', '3'], ['B', '3'], ['C', '5'], ['D', '10'], ['unrated', '3'],
].map(([key, value]) => ({ key: key as string, mode: 'ratio' as const, value: value as string, rounding: 'ceil' as const, minPercent: '', reserve: '' }));

/** A lottery draw's number for the scene, derived from the demo seed (福彩3D: three digits). */
function lotteryValue(seed: string, scene: string): string {
  const digest = createHash('sha256').update(`${seed}/${scene}`).digest();
  return [0, 1, 2].map((i) => String((digest[i] ?? 0) % 10)).join('');
}

interface Cast {
  readonly market: string;
  readonly ecology: string;
  readonly items: TaskItemRef[];
}

interface Stage {
  readonly app: App;
  readonly clock: { now: Date };
  readonly seed: string;
  readonly cast: Cast;
  readonly as: (account: string) => Promise<Session>;
}

function plannedContent(year: number, cast: Cast): PlanContent {
  return {
    summary: `${year}年度市场监管领域部门联合抽查计划：食品经营与生态环境联合检查，进一次门、查多项事。`,
    tasks: [{
      key: 'T1', name: `${year}年度食品经营单位与排污单位联合抽查`, departmentIds: [cast.market, cast.ecology], items: cast.items,
      targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
      stratifyBy: 'credit_class', strata: STRATA, frequency: 1, methods: ['实地核查', '书面检查'],
      windowStart: `${year}-03-01`, windowEnd: `${year}-11-30`,
    }],
  };
}

/** Drafted by the 市场监管局, approved by its head and the 司法局, published by the 双随机办 — or stopped at `stopAt`. */
async function planScene(stage: Stage, year: number, name: string, stopAt: 'published' | 'legality' | 'returned'): Promise<string> {
  const admin = await stage.as('scjg_admin');
  const plan = await admin.post('/api/workflow/plans', {
    kind: 'joint', year, name, participatingDepartmentIds: [stage.cast.ecology], content: plannedContent(year, stage.cast),
  }, 201);
  let current = await admin.post(`/api/workflow/plans/${idOf(plan)}/submit`, { rowVersion: versionOf(plan) });
  const head = await stage.as('scjg_head');
  if (stopAt === 'returned') {
    await head.post(`/api/workflow/plans/${idOf(plan)}/return`, { rowVersion: versionOf(current), comments: '请补充生态环境局参与检查的人员安排后再提交。' });
    return idOf(plan);
  }
  current = await head.post(`/api/workflow/plans/${idOf(plan)}/approve`, { rowVersion: versionOf(current), comment: '同意。' });
  if (stopAt === 'legality') return idOf(plan);
  current = await (await stage.as('justice')).post(`/api/workflow/plans/${idOf(plan)}/approve`, { rowVersion: versionOf(current), comment: '经合法性审核，同意。' });
  await (await stage.as('jointoffice')).post(`/api/workflow/plans/${idOf(plan)}/approve`, { rowVersion: versionOf(current), comment: '予以发布。' });
  return idOf(plan);
}

/** A task from the plan's planned task, approved by the head (→ 已发布). */
async function taskScene(stage: Stage, year: number, planId: string): Promise<string> {
  const admin = await stage.as('scjg_admin');
  const spec: TaskSpec = {
    items: stage.cast.items, targeting: { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] },
    // One district (朝阳区), so the drawn objects stay within what the demo departments' inspectors can staff.
    regionCodes: ['220104'], stratifyBy: 'credit_class', strata: STRATA, minTotalPercent: '3', annualCap: DEFAULT_ANNUAL_CAP,
    methods: ['实地核查', '书面检查'], team: { ...DEFAULT_TEAM_SETTINGS, teamSize: 2, departmentQuotas: [] }, supervisorsRequired: 1,
  };
  const task = await admin.post('/api/workflow/tasks', {
    planId, planTaskKey: 'T1', name: `${year}年度食品经营单位与排污单位联合抽查`, periodStart: `${year}-03-15`, periodEnd: `${year}-10-31`,
    participatingDepartmentIds: [stage.cast.ecology], spec,
  }, 201);
  const submitted = await admin.post(`/api/workflow/tasks/${idOf(task)}/submit`, { rowVersion: versionOf(task) });
  await (await stage.as('scjg_head')).post(`/api/workflow/tasks/${idOf(task)}/approve`, { rowVersion: versionOf(submitted), comments: '同意按实施方案抽取。' });
  return idOf(task);
}

/** Both departments confirm their directories, then the ceremony: commit, the supervisor's presence, the lottery value, execute, publish. */
async function drawScene(stage: Stage, taskId: string, scene: string): Promise<string> {
  for (const account of ['scjg_admin', 'sthj_admin']) {
    const session = await stage.as(account);
    for (const directory of ['entities', 'inspectors']) await session.post('/api/directory/confirmations', { directory, note: '演示：名录库已更新' }, 201);
  }
  const operator = await stage.as('scjg_admin');
  let draw = await operator.post('/api/draws', { taskId }, 201);
  const at = stage.clock.now;
  const day = at.toISOString().slice(0, 10);
  const source = {
    id: 'fc3d', type: 'lottery', name: 'fc-3d', round: `${day.slice(0, 4)}${String(60 + Number(day.slice(5, 7))).padStart(3, '0')}`, count: '',
    availableAt: new Date(at.getTime() + 20 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), description: '福彩3D当期开奖号码', value: '',
  };
  draw = await operator.post(`/api/draws/${idOf(draw)}/commit`, {
    rowVersion: versionOf(draw), drawDate: new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10), sources: [source], sourceException: '',
  });
  draw = await (await stage.as('supervisor')).post(`/api/draws/${idOf(draw)}/presence`, { rowVersion: versionOf(draw) });
  stage.clock.now = new Date(at.getTime() + 25 * 60_000);
  draw = await operator.post(`/api/draws/${idOf(draw)}/source-values`, { rowVersion: versionOf(draw), values: [{ id: 'fc3d', value: lotteryValue(stage.seed, scene) }] });
  draw = await operator.post(`/api/draws/${idOf(draw)}/execute`, { rowVersion: versionOf(draw) });
  draw = await operator.post(`/api/draws/${idOf(draw)}/publish`, { rowVersion: versionOf(draw) });
  return idOf(draw);
}

/**
 * After the receipt: the list goes to the 生态环境局, which confirms it the same day; inspectors are matched; one of
 * them is replaced for a work conflict with the head's approval (the engine picks the replacement).
 */
async function dispatchScene(stage: Stage, taskId: string, inspectionDate: string): Promise<void> {
  const operator = await stage.as('scjg_admin');
  await operator.post(`/api/workflow/tasks/${taskId}/dispatch`, {});
  await (await stage.as('sthj_admin')).post(`/api/workflow/tasks/${taskId}/dispatches/${stage.cast.ecology}/confirm`, {});
  const matching = await operator.post(`/api/workflow/tasks/${taskId}/matching`, { inspectionDate });
  const objects = (matching['objects'] ?? []) as { team: { memberId: string; role: string; departmentId: string }[] }[];
  const member = objects.flatMap((o) => o.team).find((m) => m.role === 'member' && m.departmentId === stage.cast.market);
  if (!member) return;
  const request = await operator.post(`/api/workflow/tasks/${taskId}/replacements`, {
    teamMemberId: member.memberId, reason: 'work_conflict', note: '该同志同期参加省局专项督查，申请更换。',
  }, 201);
  await (await stage.as('scjg_head')).post(`/api/workflow/replacements/${idOf(request)}/approve`, { rowVersion: versionOf(request) });
}

async function castOf(db: Db): Promise<Cast> {
  const accounts = await db.select({ account: users.account, departmentId: users.departmentId }).from(users).where(inArray(users.account, ['scjg_admin', 'sthj_admin']));
  const market = accounts.find((a) => a.account === 'scjg_admin')?.departmentId;
  const ecology = accounts.find((a) => a.account === 'sthj_admin')?.departmentId;
  if (!market || !ecology) throw new Error('演示数据：缺少市场监管局或生态环境局的演示账号');
  const [marketRow] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, market));
  if (!marketRow) throw new Error('演示数据：市场监管局不存在');
  const items = [...await publishedItems(db, market, 2), ...await publishedItems(db, ecology, 1)];
  if (items.length < 2) throw new Error('演示数据：缺少已发布的抽查事项清单');
  return { market, ecology, items };
}

/**
 * Plays the story once. `now` is the real start time: last year's scenes are dated in that year, this year's in
 * January, and next year's plans (in approval) a few days before `now`.
 */
export async function loadWorkflowDemo(db: Db, options: { seed: string; now: Date; checkpointKey: CheckpointKey }): Promise<boolean> {
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, STORY_KEY));
  if (done) return false;
  const clock = { now: options.now };
  const app = await buildApp({
    db, now: () => clock.now, production: false, cookieSecure: false, trustProxy: false, session: { ttlHours: 12, idleMinutes: 24 * 60 * 400 },
    logLevel: 'error', rateLimit: { anonymousWrites: 100_000, anonymousReads: 100_000, sessionWrites: 100_000, sessionReads: 100_000, maxClients: 100 }, checkpoints: { key: options.checkpointKey, intervalMinutes: 0 }, webRoot: null,
  });
  const started = Date.now();
  let failure: string | null = null;
  let resultsFailure: string | null = null;
  let currentFailure: string | null = null;
  try {
    // A scene months later needs a new sign-in (sessions expire by the app's clock).
    const sessions = new Map<string, { session: Session; at: number }>();
    const stage: Stage = {
      app, clock, seed: options.seed, cast: await castOf(db),
      as: async (account) => {
        const known = sessions.get(account);
        if (known && Math.abs(clock.now.getTime() - known.at) < 3_600_000) return known.session;
        const session = await login(app, account);
        sessions.set(account, { session, at: clock.now.getTime() });
        return session;
      },
    };
    const year = Number(new Date(options.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
    const last = year - 1;
    clock.now = shanghai(`${last}-01-08`);
    const lastPlan = await planScene(stage, last, `${last}年度部门联合抽查计划`, 'published');
    clock.now = shanghai(`${last}-03-10`);
    const lastTask = await taskScene(stage, last, lastPlan);
    clock.now = shanghai(`${last}-03-16`, '10:00');
    await drawScene(stage, lastTask, `${last}-T1`);
    clock.now = shanghai(`${last}-03-17`);
    await dispatchScene(stage, lastTask, `${last}-04-08`);
    // The inspections, review, publication and a correction of last year's task (server/demo/results_story.ts).
    resultsFailure = await playResultsOnce({ db, app, clock, seed: options.seed, as: stage.as }, lastTask, last);

    clock.now = shanghai(`${year}-01-09`);
    const plan = await planScene(stage, year, `${year}年度部门联合抽查计划`, 'published');
    clock.now = shanghai(`${year}-03-09`);
    const task = await taskScene(stage, year, plan);
    clock.now = shanghai(`${year}-03-16`, '10:00');
    await drawScene(stage, task, `${year}-T1`);
    // This year's task is dispatched and its first results entered and published (issue #11 item 7) — once the story's
    // dates (March to mid-May) are behind the real start.
    if (shanghai(`${year}-05-15`).getTime() < options.now.getTime()) {
      clock.now = shanghai(`${year}-03-17`);
      await dispatchScene(stage, task, `${year}-04-08`);
      currentFailure = await playResultsOnce({ db, app, clock, seed: options.seed, as: stage.as }, task, year, true);
    }

    clock.now = new Date(options.now.getTime() - 3 * 86_400_000);
    await planScene(stage, year + 1, `${year + 1}年度部门联合抽查计划`, 'legality');
    await planScene(stage, year + 1, `${year + 1}年度生态环境联合抽查计划（草拟）`, 'returned');
  } catch (error) {
    // Demo data must never stop a start: what was played stays (each step was a complete change), and it is not replayed.
    failure = error instanceof Error ? error.message : String(error);
    process.stderr.write(`演示业务数据未能全部载入（已载入的部分保留）：${failure}\n`);
  } finally {
    await app.close();
  }
  await db.insert(appMeta).values({ key: STORY_KEY, value: { seed: options.seed, at: options.now.toISOString(), failure, ms: Date.now() - started } });
  return failure === null && resultsFailure === null && currentFailure === null;
}
