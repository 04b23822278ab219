/**
 * The results part of the demo story (issue #10 item 10): last year's matched task gets its inspections, played
 * through the API like the rest of the story (server/demo/workflow_story.ts) — notices numbered and delivered, results
 * entered and submitted by the team leaders (谁检查、谁录入, 曲阳第20条) within 5 working days of the check, a photo,
 * one object completed without a substantive check (无法联系, 威海第8条、长春第18条), the department's review (one
 * returned, some awaiting review, some approved, most published within 20 working days, 长春第19条) and a published
 * result corrected with the approval of the department head (长春第20条) — so a newcomer sees every state.
 *
 * The leaders of the chosen objects sign in with their own demo accounts: a leader without one gets an
 * `inspectorNN` account (password of every demo account) linked to the inspector, as the demo organisation does.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { appendOperation } from '../audit/chain';
import type { Db } from '../db/database';
import { appMeta, inspectors, marketEntities, roles, taskObjects, teamMembers, teams, userRoles, users } from '../db/schema';
import type { App } from '../http/app';
import { hashPassword } from '../modules/auth/password';
import { demoShopPhoto } from './demo_photo';
import { followUpScene } from './follow_up_story';
import { DEMO_PASSWORD } from './load_demo';
import { idOf, shanghai, versionOf, type Session } from './story_session';
import { objectionScene } from './objection_story';

export const RESULTS_STORY_KEY = 'demo.results';
export const CURRENT_RESULTS_STORY_KEY = 'demo.results.current';

export interface ResultsStage {
  readonly db: Db;
  readonly app: App;
  readonly clock: { now: Date };
  readonly seed: string;
  readonly as: (account: string) => Promise<Session>;
}

interface Casting { readonly taskObjectId: string; readonly leaderAccount: string; readonly recipient: string }

/** A UUID derived from the seed, as a device would have generated it (the submission and upload ids). */
function clientId(seed: string, label: string): string {
  const h = createHash('sha256').update(`${seed}/results/${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The objects whose leaders will enter results: leaders with a demo account first, then the leaders with the most
 * objects (fewest new accounts), in rank order. Leaders without an account get one.
 */
async function castLeaders(db: Db, taskId: string, now: Date, slots: number): Promise<Casting[]> {
  const rows = await db.select({
    taskObjectId: taskObjects.id, rank: taskObjects.rank, inspectorId: inspectors.id, inspectorName: inspectors.name, certificateNo: inspectors.certificateNo,
    departmentId: inspectors.departmentId, userId: inspectors.userId, account: users.account, legalRepresentative: marketEntities.legalRepresentative,
  }).from(taskObjects)
    .innerJoin(marketEntities, eq(marketEntities.id, taskObjects.entityId))
    .innerJoin(teams, eq(teams.taskObjectId, taskObjects.id))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, teams.id), eq(teamMembers.role, 'leader'), eq(teamMembers.active, true)))
    .innerJoin(inspectors, eq(inspectors.id, teamMembers.inspectorId))
    .leftJoin(users, eq(users.id, inspectors.userId))
    .where(and(eq(taskObjects.taskId, taskId), eq(taskObjects.status, 'pending')))
    .orderBy(asc(taskObjects.rank));
  const byLeader = new Map<string, typeof rows>();
  for (const r of rows) byLeader.set(r.inspectorId, [...(byLeader.get(r.inspectorId) ?? []), r]);
  // At least one object stays untouched (to be numbered and entered by whoever tries the workbench).
  const wanted = Math.min(slots, rows.length - 1);
  const leaders = [...byLeader.values()].sort((a, b) => Number(Boolean(b[0]?.account)) - Number(Boolean(a[0]?.account)) || b.length - a.length
    || (a[0]?.certificateNo ?? '').localeCompare(b[0]?.certificateNo ?? ''));
  const chosen: typeof rows = [];
  for (const objects of leaders) {
    if (chosen.length >= wanted) break;
    chosen.push(...objects.slice(0, wanted - chosen.length));
  }
  const accounts = new Map<string, string>();
  const missing = [...new Map(chosen.filter((r) => r.account === null).map((r) => [r.inspectorId, r])).values()];
  if (missing.length > 0) {
    const existing = await db.select({ account: users.account }).from(users).where(like(users.account, 'inspector%'));
    let n = Math.max(0, ...existing.map((u) => Number(/^inspector(\d+)$/.exec(u.account)?.[1] ?? 0)));
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.key, 'inspector'));
    if (!role) throw new Error('演示数据：缺少“执法检查人员”角色');
    await db.transaction(async (txRaw) => {
      const tx = txRaw as Db;
      const created: string[] = [];
      for (const r of missing) {
        n += 1;
        const account = `inspector${String(n).padStart(2, '0')}`;
        const [user] = await tx.insert(users).values({ account, name: r.inspectorName, departmentId: r.departmentId, phone: null, passwordHash, mustChangePassword: false }).returning({ id: users.id });
        if (!user) throw new Error(`演示数据：账号 ${account} 未能创建`);
        await tx.insert(userRoles).values({ userId: user.id, roleId: role.id });
        await tx.update(inspectors).set({ userId: user.id, updatedAt: now }).where(eq(inspectors.id, r.inspectorId));
        accounts.set(r.inspectorId, account);
        created.push(account);
      }
      await appendOperation(tx, {
        actor: null, action: 'system:demo:load', summary: `为演示检查组组长开通账号：${created.join('、')}`, targetType: null, targetId: null, outcome: 'success', errorCode: null,
        ip: null, method: 'CLI', path: 'server/demo/results_story.ts', detail: { accounts: created },
      }, now);
    });
  }
  return chosen.map((r) => ({ taskObjectId: r.taskObjectId, leaderAccount: r.account ?? accounts.get(r.inspectorId) ?? '', recipient: r.legalRepresentative ?? '负责人' }));
}

interface ObjectDetail { items: { itemId: string; name: string }[]; entity: { name: string; legalRepresentative: string | null } }

type Plan = 'no_problem' | 'corrected' | 'pending_followup' | 'unreachable';
interface Slot {
  readonly plan: Plan;
  readonly state: 'returned' | 'submitted' | 'approved' | 'published';
  /** 行政检查通知书: numbered only, or numbered and delivered (direct or by mail). */
  readonly notice?: 'issued' | 'direct' | 'mail';
  readonly photo?: boolean;
  readonly correction?: boolean;
}
/**
 * The objects' parts, most telling first (a small demo data set plays only the first few): 1 returned, 2 awaiting
 * review, 2 approved, 8 published — one of them without a substantive check, one with a photo, one corrected, one to transfer.
 */
const SLOTS: readonly Slot[] = [
  { plan: 'no_problem', state: 'published', notice: 'direct', photo: true },
  { plan: 'corrected', state: 'published', notice: 'direct', correction: true },
  { plan: 'unreachable', state: 'published', notice: 'issued' },
  { plan: 'no_problem', state: 'returned', notice: 'direct' },
  { plan: 'corrected', state: 'submitted', notice: 'direct' },
  { plan: 'no_problem', state: 'approved', notice: 'mail' },
  { plan: 'pending_followup', state: 'published', notice: 'direct' },
  { plan: 'no_problem', state: 'submitted', notice: 'issued' },
  { plan: 'no_problem', state: 'approved' },
  { plan: 'no_problem', state: 'published' },
  { plan: 'no_problem', state: 'published' },
  { plan: 'no_problem', state: 'published' },
  { plan: 'no_problem', state: 'published' },
];

function resultFor(detail: ObjectDetail, plan: Plan, checkDate: string): Record<string, unknown> {
  if (plan === 'unreachable') {
    return {
      checkDate, checkMethod: 'on_site', resultCategory: 'unreachable', disposal: 'none', itemFindings: [], signature: null,
      note: '检查组于检查日两次到登记的经营场所，均无人，门店已转租他人；拨打登记的联系电话无法接通，经社区核实该户已停止经营。',
    };
  }
  const problem = plan === 'no_problem' ? -1 : 0;
  return {
    checkDate, checkMethod: 'on_site', resultCategory: plan, disposal: plan === 'corrected' ? 'order_correction' : plan === 'pending_followup' ? 'transfer' : 'none',
    itemFindings: detail.items.map((item, i) => ({
      itemId: item.itemId, finding: i === problem ? 'noncompliant' : 'compliant',
      note: i !== problem ? null : plan === 'pending_followup' ? `${item.name}：后院露天堆放并焚烧废包装物，涉嫌环境违法。` : `${item.name}：部分台账记录不完整，已当场责令改正并复查。`,
    })),
    note: plan === 'corrected' ? '发现的问题已当场整改完毕。' : plan === 'pending_followup' ? '现场发现露天焚烧废包装物，属生态环境部门管辖，待移送处理。' : null,
    signature: { kind: 'signed', signerName: detail.entity.legalRepresentative ?? '负责人' },
  };
}

/**
 * This year's task (issue #11 item 7: the portal and the dashboards show the current year too): a few objects checked
 * and published without a problem (so no follow-up opens), one awaiting review, one approved; no correction, no objection.
 */
const CURRENT_YEAR_SLOTS: readonly Slot[] = [
  { plan: 'no_problem', state: 'published', notice: 'direct' },
  { plan: 'no_problem', state: 'published', notice: 'mail' },
  { plan: 'no_problem', state: 'submitted', notice: 'direct' },
  { plan: 'no_problem', state: 'published', notice: 'issued' },
  { plan: 'no_problem', state: 'approved' },
];

/**
 * Plays the inspections of a task matched on `${year}-03-17` for `${year}-04-08`: last year's with every state, its
 * follow-ups and objections (`current` false), or this year's lighter part (`current` true). The clock moves through
 * April and May of that year; the caller sets it again afterwards.
 */
export async function resultsScene(stage: ResultsStage, taskId: string, year: number, current = false): Promise<void> {
  const { clock } = stage;
  const slots = current ? CURRENT_YEAR_SLOTS : SLOTS;
  const cast = (await castLeaders(stage.db, taskId, clock.now, slots.length)).map((c, k) => ({ ...c, slot: slots[k] as Slot }));
  if (cast.length === 0) throw new Error('演示数据：任务没有可录入结果的检查对象');

  // 行政检查通知书: numbered by the 市场监管局 three days after matching for the planned date; most delivered before the check.
  // (A session lives 12 hours by the moved clock: every scene signs in again.)
  clock.now = shanghai(`${year}-03-20`, '10:00');
  const admin = await stage.as('scjg_admin');
  const notices: { notice: Record<string, unknown>; how: Slot['notice']; recipient: string }[] = [];
  for (const c of cast.filter((x) => x.slot.notice)) {
    notices.push({ notice: await admin.post(`/api/inspection/objects/${c.taskObjectId}/notice`, { inspectionDate: `${year}-04-08` }, 201), how: c.slot.notice, recipient: c.recipient });
  }
  clock.now = shanghai(`${year}-03-24`, '16:00');
  const clerk = await stage.as('scjg_admin');
  for (const { notice, how, recipient } of notices.filter((n) => n.how !== 'issued')) {
    await clerk.post(`/api/inspection/notices/${idOf(notice)}/delivery`, {
      rowVersion: versionOf(notice), method: how, deliveredAt: `${year}-03-${how === 'mail' ? '21T15:00' : '24T10:30'}:00+08:00`,
      recipient, note: how === 'mail' ? '邮寄送达，挂号信签收。' : null,
    });
  }

  // The checks on 8–10 April; each leader submits the morning after the check (within 5 working days, 曲阳第20条).
  const submitted: { id: string; slot: Slot; items: ObjectDetail['items'] }[] = [];
  for (const [k, c] of cast.entries()) {
    const checkDate = `${year}-04-${String(8 + (k % 3)).padStart(2, '0')}`;
    clock.now = shanghai(checkDate, '16:00');
    clock.now = new Date(clock.now.getTime() + 17 * 3_600_000);
    const leader = await stage.as(c.leaderAccount);
    const detail = await leader.get(`/api/inspection/objects/${c.taskObjectId}`) as unknown as ObjectDetail;
    if (c.slot.photo) {
      await leader.upload(`/api/inspection/objects/${c.taskObjectId}/attachments`, { clientId: clientId(stage.seed, `photo-${k}`), kind: 'photo' }, {
        name: '门店外景.jpg', type: 'image/jpeg', content: demoShopPhoto(),
      });
    }
    const label = current ? `${year}-submission-${k}` : `submission-${k}`;
    const result = await leader.post('/api/inspection/submissions', { clientId: clientId(stage.seed, label), taskObjectId: c.taskObjectId, result: resultFor(detail, c.slot.plan, checkDate) });
    submitted.push({ id: idOf(result), slot: c.slot, items: detail.items });
  }

  // Review by the 市场监管局 on 14 April: one returned with comments, some left awaiting review, the rest approved.
  clock.now = shanghai(`${year}-04-14`, '10:00');
  const reviewer = await stage.as('scjg_admin');
  for (const r of submitted.filter((x) => x.slot.state !== 'submitted')) {
    const current = await reviewer.get(`/api/inspection/results/${r.id}`);
    if (r.slot.state === 'returned') {
      await reviewer.post(`/api/inspection/results/${r.id}/return`, { rowVersion: versionOf(current), comments: '检查事项说明过于简略，请补充现场核查的具体情况（台账名称、抽查数量）后重新提交。' });
    } else {
      await reviewer.post(`/api/inspection/results/${r.id}/approve`, { rowVersion: versionOf(current), comments: '审核通过。' });
    }
  }

  // Published on 16 April (within 20 working days, 长春第19条).
  clock.now = shanghai(`${year}-04-16`, '09:30');
  const toPublish = submitted.filter((x) => x.slot.state === 'published').map((x) => x.id);
  if (toPublish.length > 0) await (await stage.as('scjg_admin')).post('/api/inspection/results/publish', { ids: toPublish });

  // A correction (长春第20条): the 部门管理员 asks, the 部门负责人 approves; shown beside the original.
  const corrected = submitted.find((x) => x.slot.correction);
  if (corrected) {
    clock.now = shanghai(`${year}-05-06`, '10:00');
    const correction = await (await stage.as('scjg_admin')).post(`/api/inspection/results/${corrected.id}/corrections`, {
      reason: '经复核，该户的台账记录在检查时已完整，系检查组误记为不符合，予以更正。',
      changes: {
        resultCategory: 'no_problem', disposal: 'none', note: '经复核，检查时记录的问题系误记，该户未发现问题。',
        itemFindings: corrected.items.map((item) => ({ itemId: item.itemId, finding: 'compliant', note: null })),
      },
    }, 201);
    clock.now = shanghai(`${year}-05-07`, '15:00');
    await (await stage.as('scjg_head')).post(`/api/inspection/corrections/${idOf(correction)}/approve`, { rowVersion: versionOf(correction), comments: '同意更正。' });
  }
  if (current) return;
  await followUpScene(stage, year);
  await objectionScene(stage, taskId, year);
}

/**
 * Runs the scene once (app_meta 'demo.results', or 'demo.results.current' for this year's, with how long it took); a
 * failure is reported and recorded, never thrown: the failure message, or null when it played to the end (also when it
 * had already been played).
 */
export async function playResultsOnce(stage: ResultsStage, taskId: string, year: number, current = false): Promise<string | null> {
  const key = current ? CURRENT_RESULTS_STORY_KEY : RESULTS_STORY_KEY;
  const [done] = await stage.db.select().from(appMeta).where(inArray(appMeta.key, [key]));
  if (done) return null;
  const started = Date.now();
  let failure: string | null = null;
  try {
    await resultsScene(stage, taskId, year, current);
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    process.stderr.write(`演示检查结果未能全部载入（已载入的部分保留）：${failure}\n`);
  }
  await stage.db.insert(appMeta).values({ key, value: { seed: stage.seed, taskId, failure, ms: Date.now() - started } });
  return failure;
}
