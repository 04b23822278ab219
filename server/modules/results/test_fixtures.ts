/**
 * Fixtures of the results tests: a dispatched joint task (朝阳区 leads, 南关区 participates) whose objects have teams,
 * with inspectors linked to login accounts (inspectors.user_id): a leader and a member from 朝阳区, a member from 南关区,
 * and checklist items of both departments in the task's spec. Rows are written directly, as dispatch and matching
 * would leave them (server/modules/dispatch/test_fixtures.ts builds the drawn task).
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { TaskItemRef } from '../../../domain/workflow/task_spec';
import { checklistItems, checklists, checklistVersions, matchingRecords, tasks, taskObjects, teamMembers, teams } from '../../db/schema';
import type { Client, TestServer } from '../../test/harness';
import { addDrawnTask, addEntities, addInspectors, addUser, taskSpec } from '../dispatch/test_fixtures';

export interface ResultWorld {
  taskId: string;
  taskCode: string;
  objects: string[];
  entities: number[];
  items: TaskItemRef[];
  /** Accounts: leader (组长), member (朝阳区组员), partner (南关区组员), stranger (an inspector on no team). */
  users: Record<'leader' | 'member' | 'partner' | 'stranger', string>;
}

async function addChecklistItems(server: TestServer, departmentId: string, prefix: string, names: readonly string[]): Promise<TaskItemRef[]> {
  const [list] = await server.db.insert(checklists).values({ kind: 'department', name: `${prefix}抽查事项清单`, departmentId, regionCode: '220104' }).returning({ id: checklists.id });
  if (!list) throw new Error('checklist fixture');
  const [version] = await server.db.insert(checklistVersions).values({ checklistId: list.id, version: 1, status: 'published', publishedAt: new Date('2026-11-01T00:00:00Z') }).returning({ id: checklistVersions.id });
  if (!version) throw new Error('version fixture');
  const refs: TaskItemRef[] = [];
  for (const [k, name] of names.entries()) {
    const code = `${prefix}-${String(k + 1).padStart(2, '0')}`;
    const [item] = await server.db.insert(checklistItems).values({
      versionId: version.id, level: 'item', code, name, basis: '《企业信息公示暂行条例》第十四条', checkMethod: '查阅资料，实地核查', sortOrder: k,
    }).returning({ id: checklistItems.id });
    if (!item) throw new Error('item fixture');
    refs.push({ departmentId, checklistId: list.id, checklistVersionId: version.id, itemId: item.id, code, name });
  }
  return refs;
}

let worldSerial = 0;

/** A dispatched task with `objects` objects, each with a team: the leader and member of 朝阳区, the partner of 南关区. */
export async function addResultWorld(server: TestServer, options: { objects?: number; periodStart?: string; periodEnd?: string } = {}): Promise<ResultWorld> {
  worldSerial += 1;
  const n = worldSerial;
  const d = server.fixture.departments;
  const account = (role: string) => `${role}${n}`;
  const users = {
    leader: await addUser(server, account('leader'), `张组长${n}`, d.chaoyangMarket, ['inspector']),
    member: await addUser(server, account('member'), `李组员${n}`, d.chaoyangMarket, ['inspector']),
    partner: await addUser(server, account('partner'), `王组员${n}`, d.nanguanMarket, ['inspector']),
    stranger: await addUser(server, account('stranger'), `赵检查员${n}`, d.chaoyangMarket, ['inspector']),
  };
  const [leader] = await addInspectors(server, d.chaoyangMarket, [`张组长${n}`], { userId: users.leader });
  const [member] = await addInspectors(server, d.chaoyangMarket, [`李组员${n}`], { userId: users.member });
  const [partner] = await addInspectors(server, d.nanguanMarket, [`王组员${n}`], { userId: users.partner, regionCode: '220102' });
  await addInspectors(server, d.chaoyangMarket, [`赵检查员${n}`], { userId: users.stranger });
  const entities = await addEntities(server, Array.from({ length: options.objects ?? 3 }, (_, k) => `长春${n}号测试商贸有限公司${k + 1}`));
  const drawn = await addDrawnTask(server, {
    lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities, periodStart: options.periodStart ?? '2026-12-01', periodEnd: options.periodEnd ?? '2026-12-31',
    name: `企业公示信息联合抽查${n}`,
  });
  const items = [
    ...await addChecklistItems(server, d.chaoyangMarket, `CY${n}`, ['年度报告公示情况', '即时信息公示情况']),
    ...await addChecklistItems(server, d.nanguanMarket, `NG${n}`, ['食品经营许可情况']),
  ];
  const [task] = await server.db.update(tasks).set({ status: 'dispatched', spec: { ...taskSpec(), items } }).where(eq(tasks.id, drawn.taskId)).returning({ code: tasks.code });
  const objects = await server.db.insert(taskObjects).values(entities.map((entityId, k) => ({ taskId: drawn.taskId, drawId: drawn.drawId, entityId, stratum: 'all', rank: k + 1 })))
    .returning({ id: taskObjects.id });
  const [record] = await server.db.insert(matchingRecords).values({
    taskId: drawn.taskId, drawId: drawn.drawId, seedMatch: drawn.seed, inspectorPoolHash: '0'.repeat(64), record: {},
    recordHash: createHash('sha256').update(`match-${n}`).digest('hex'), createdBy: server.fixture.users.chaoyang,
  }).returning({ id: matchingRecords.id });
  if (!record || !task || !leader || !member || !partner) throw new Error('matching fixture');
  for (const object of objects) {
    const [team] = await server.db.insert(teams).values({ taskId: drawn.taskId, matchingRecordId: record.id, taskObjectId: object.id }).returning({ id: teams.id });
    if (!team) throw new Error('team fixture');
    await server.db.insert(teamMembers).values([
      { teamId: team.id, inspectorId: leader, departmentId: d.chaoyangMarket, role: 'leader' },
      { teamId: team.id, inspectorId: member, departmentId: d.chaoyangMarket, role: 'member' },
      { teamId: team.id, inspectorId: partner, departmentId: d.nanguanMarket, role: 'member' },
    ]);
  }
  return {
    taskId: drawn.taskId, taskCode: task.code, objects: objects.map((o) => o.id), entities, items,
    users: { leader: account('leader'), member: account('member'), partner: account('partner'), stranger: account('stranger') },
  };
}

/** A complete result of the world's items, checked on `checkDate`. */
export function completeResult(world: ResultWorld, checkDate = '2026-12-08') {
  return {
    checkDate, checkMethod: 'on_site', resultCategory: 'no_problem', disposal: 'none', note: null,
    itemFindings: world.items.map((i) => ({ itemId: i.itemId, finding: 'compliant' })),
    signature: { kind: 'signed', signerName: '王经理' },
  };
}

/** A small JPEG (its first bytes are what the type detection reads). */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF photo of the shop front')]);

/** Uploads an attachment as the workbench does: multipart text fields, then the file. */
export async function uploadAttachment(client: Client, taskObjectId: string, fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  return multipartUpload(client, `/api/inspection/objects/${taskObjectId}/attachments`, fields, file);
}

/** POSTs multipart text fields, then the file (or none), to `url`. */
export async function multipartUpload(client: Client, url: string, fields: Record<string, string>, file: { name: string; content: Buffer } | null) {
  const boundary = '----suiji-results-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: image/jpeg\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return client.raw('POST', url, Buffer.concat(parts), {
    'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': client.csrf,
  });
}
