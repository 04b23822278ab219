/**
 * Fixtures of the notice tests: a published checklist per department (rows written directly), a dispatched and matched
 * joint task of 朝阳区市场监管局 with 南关区市场监管局 participating whose spec checks one item of each, through the
 * real dispatch and matching routes.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TaskItemRef } from '../../../domain/workflow/task_spec';
import { checklistItems, checklists, checklistVersions, tasks } from '../../db/schema';
import type { TestServer } from '../../test/harness';
import type { TaskObjectRow } from '../dispatch/schema';
import { addDrawnTask, addEntities, addInspectors, taskSpec } from '../dispatch/test_fixtures';

/** A department's published list with one item → one subitem → two contents; returns the task's reference to the item. */
export async function addPublishedItem(server: TestServer, departmentId: string, code: string, name: string, contents: readonly string[]): Promise<TaskItemRef> {
  const [list] = await server.db.insert(checklists).values({ kind: 'department', name: `${name}清单`, departmentId, regionCode: '220104' }).returning({ id: checklists.id });
  if (!list) throw new Error('checklist fixture');
  const [version] = await server.db.insert(checklistVersions).values({ checklistId: list.id, version: 1, status: 'published', publishedAt: new Date('2026-01-05T02:00:00Z') })
    .returning({ id: checklistVersions.id });
  if (!version) throw new Error('version fixture');
  const [item] = await server.db.insert(checklistItems).values({
    versionId: version.id, level: 'item', code, name, category: 'general', methods: ['on_site'], basis: '《企业信息公示暂行条例》第十四条', resultOptions: ['正常', '不正常'], sortOrder: 1,
  }).returning({ id: checklistItems.id });
  if (!item) throw new Error('item fixture');
  const [sub] = await server.db.insert(checklistItems).values({ versionId: version.id, parentId: item.id, level: 'subitem', code: `${code}-01`, name: `${name}（子项）`, sortOrder: 2 })
    .returning({ id: checklistItems.id });
  if (!sub) throw new Error('subitem fixture');
  await server.db.insert(checklistItems).values(contents.map((content, i) => ({
    versionId: version.id, parentId: sub.id, level: 'content', code: `${code}-01-0${i + 1}`, name: content, checkMethod: '查阅资料，实地查看',
    yesWording: '符合规定', noWording: '不符合规定', sortOrder: 3 + i,
  })));
  return { departmentId, checklistId: list.id, checklistVersionId: version.id, itemId: item.id, code, name };
}

export interface JointTask { taskId: string; objects: TaskObjectRow[] }

/** A joint task dispatched and matched on 2026-12-10: three objects, teams of two with at most one object per inspector. */
export async function addMatchedJointTask(server: TestServer): Promise<JointTask> {
  const d = server.fixture.departments;
  const entities = await addEntities(server, ['长春甲商贸有限公司', '长春乙餐饮有限公司', '长春丙药房']);
  await addInspectors(server, d.chaoyangMarket, ['朝阳一', '朝阳二', '朝阳三', '朝阳四', '朝阳五', '朝阳六']);
  await addInspectors(server, d.nanguanMarket, ['南关一', '南关二', '南关三', '南关四']);
  const items = [
    await addPublishedItem(server, d.chaoyangMarket, 'SC-001', '企业公示信息检查', ['年度报告公示信息的真实性', '即时信息公示情况']),
    await addPublishedItem(server, d.nanguanMarket, 'NG-007', '食品经营许可检查', ['是否持有有效的食品经营许可证', '许可事项与实际经营是否一致']),
  ];
  const drawn = await addDrawnTask(server, { lead: d.chaoyangMarket, participating: [d.nanguanMarket], selected: entities, name: '企业公示信息与食品经营联合抽查', team: { maxObjectsPerInspector: 1 } });
  await server.db.update(tasks).set({ spec: { ...taskSpec({ maxObjectsPerInspector: 1 }), items } }).where(eq(tasks.id, drawn.taskId));
  const chaoyang = await server.as('chaoyang');
  const dispatched = await chaoyang.post(`/api/workflow/tasks/${drawn.taskId}/dispatch`);
  expect(dispatched.statusCode, dispatched.body).toBe(200);
  const matched = await chaoyang.post(`/api/workflow/tasks/${drawn.taskId}/matching`, { inspectionDate: '2026-12-10' });
  expect(matched.statusCode, matched.body).toBe(200);
  const objects = (await chaoyang.get(`/api/workflow/tasks/${drawn.taskId}/objects`)).json<TaskObjectRow[]>();
  return { taskId: drawn.taskId, objects };
}

/** Every w:t text of a document.xml, joined (Word splits text into runs). */
export function documentText(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1] ?? '').join('')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
