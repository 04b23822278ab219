/**
 * Demo 抽查事项清单: the published lists of 长春市市场监督管理局 (version 1 superseded by version 2, so
 * the diff has something to show), 长春市生态环境局 and 长春市应急管理局 (with a revision in draft),
 * 朝阳区市场监督管理局's list on top of the city list (长春第6条), and the city's joint list assembled
 * by the 双随机办 from the departments' items. Text in checklist_content.ts.
 */
import { eq, inArray } from 'drizzle-orm';
import { inheritBase } from '../../domain/checklist/district';
import { assembleJointItems, type JointSource } from '../../domain/checklist/joint';
import { blankNode, type ChangeReason, type ChecklistKind, type ChecklistNode, type IdentifiedNode } from '../../domain/checklist/types';
import { validateChecklistTree } from '../../domain/checklist/validation';
import type { Db } from '../db/database';
import { checklists, checklistVersions, departments } from '../db/schema';
import { encodeChangeNote, loadItems } from '../modules/checklists/store';
import { createVersion, insertNodes } from '../modules/checklists/tree_store';
import type { DemoStep } from './load_demo';
import {
  CHAOYANG_LOCAL, ECOLOGY, EMERGENCY, EMERGENCY_DRAFT_ADDITION, MARKET_V1, MARKET_V2, type ItemSpec,
} from './checklist_content';

export interface DemoChecklistOptions {
  /** Demo department key (dept-<region>-<type>) → department id. */
  readonly departmentsByKey: ReadonlyMap<string, string>;
  /** Publishes when a department has no entry in `publishersByDepartmentKey`. */
  readonly adminUserId: string | null;
  /** Who publishes each department's lists (its 部门管理员; the 双随机办 for the joint list). */
  readonly publishersByDepartmentKey?: ReadonlyMap<string, string>;
  readonly now?: Date;
}

const CITY = '220100';
const key = (region: string, type: string) => `dept-${region}-${type}`;
const DAY = 86_400_000;

/** The nodes of a list's text, numbered <item>-NN-NN, each 检查事项 naming its 检查主体. */
export function nodesOf(items: readonly ItemSpec[], subject: string): ChecklistNode[] {
  const nodes: ChecklistNode[] = [];
  for (const item of items) {
    nodes.push({ ...blankNode('item', item.code, item.name, null), category: item.category, target: item.target, methods: [...item.methods], subject, basis: item.basis, resultOptions: ['正常', '不正常'] });
    item.subitems.forEach((sub, s) => {
      const subCode = `${item.code}-${String(s + 1).padStart(2, '0')}`;
      nodes.push({ ...blankNode('subitem', subCode, sub.name, item.code), basis: sub.basis ?? null });
      sub.contents.forEach(([name, checkMethod, yesWording, noWording, basis], c) => {
        nodes.push({ ...blankNode('content', `${subCode}-${String(c + 1).padStart(2, '0')}`, name, subCode), checkMethod, yesWording, noWording, basis: basis ?? null });
      });
    });
  }
  return nodes;
}

interface VersionPlan {
  readonly nodes: readonly ChecklistNode[];
  /** null: left as a draft. */
  readonly published: { readonly at: Date; readonly reason: ChangeReason; readonly note: string } | null;
}

export async function loadDemoChecklists(db: Db, options: DemoChecklistOptions): Promise<{ checklists: number; versions: number }> {
  const now = options.now ?? new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ids = [...options.departmentsByKey.values()];
  const deptRows = ids.length === 0 ? [] : await db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments).where(inArray(departments.id, ids));
  const dept = (k: string) => {
    const id = options.departmentsByKey.get(k);
    const row = deptRows.find((d) => d.id === id);
    if (!row) throw new Error(`demo checklists need department ${k}`);
    return row;
  };
  const publisherOf = (k: string) => options.publishersByDepartmentKey?.get(k) ?? options.adminUserId;
  let versionCount = 0;

  async function createList(list: { kind: ChecklistKind; name: string; departmentKey: string; regionCode: string; departmentId: string | null; baseChecklistId?: string }, plans: readonly VersionPlan[]) {
    const [row] = await db.insert(checklists).values({
      kind: list.kind, name: list.name, departmentId: list.departmentId, regionCode: list.regionCode, baseChecklistId: list.baseChecklistId ?? null,
      createdAt: ago(420), updatedAt: now,
    }).returning({ id: checklists.id });
    if (!row) throw new Error('insert returned no row');
    const versionIds: string[] = [];
    for (const [i, plan] of plans.entries()) {
      const issues = plan.published ? validateChecklistTree(plan.nodes) : [];
      if (issues.length > 0) throw new Error(`demo checklist ${list.name} v${i + 1}: ${issues.map((x) => x.message).join('; ')}`);
      const versionId = await createVersion(db, row.id, i + 1, plan.published?.at ?? now);
      await insertNodes(db, versionId, plan.nodes);
      if (plan.published) {
        const later = plans[i + 1]?.published;
        await db.update(checklistVersions).set({
          status: later ? 'superseded' : 'published', publishedAt: plan.published.at, publishedBy: publisherOf(list.departmentKey),
          changeNote: encodeChangeNote(plan.published.reason, plan.published.note), updatedAt: later?.at ?? plan.published.at,
        }).where(eq(checklistVersions.id, versionId));
      }
      versionIds.push(versionId);
      versionCount++;
    }
    return { id: row.id, versionIds };
  }

  const market = dept(key(CITY, 'market_regulation'));
  const ecology = dept(key(CITY, 'ecology_environment'));
  const emergency = dept(key(CITY, 'emergency'));
  const chaoyang = dept(key('220104', 'market_regulation'));

  const marketList = await createList({ kind: 'department', name: '长春市市场监督管理局随机抽查事项清单', departmentKey: key(CITY, 'market_regulation'), departmentId: market.id, regionCode: market.regionCode }, [
    { nodes: nodesOf(MARKET_V1, market.name), published: { at: ago(400), reason: 'initial', note: '依据法律法规规章和“三定”方案梳理制定本局随机抽查事项清单' } },
    { nodes: nodesOf(MARKET_V2, market.name), published: { at: ago(45), reason: 'amended', note: '依据修订后的《企业公示信息抽查办法》调整企业公示信息检查依据；产品质量检查调整为重点检查事项；新增网络交易经营者检查；广告经营管理并入日常监管，不再列入抽查事项' } },
  ]);
  const ecologyList = await createList({ kind: 'department', name: '长春市生态环境局随机抽查事项清单', departmentKey: key(CITY, 'ecology_environment'), departmentId: ecology.id, regionCode: ecology.regionCode }, [
    { nodes: nodesOf(ECOLOGY, ecology.name), published: { at: ago(380), reason: 'initial', note: '首次制定本局随机抽查事项清单' } },
  ]);
  const emergencyList = await createList({ kind: 'department', name: '长春市应急管理局随机抽查事项清单', departmentKey: key(CITY, 'emergency'), departmentId: emergency.id, regionCode: emergency.regionCode }, [
    { nodes: nodesOf(EMERGENCY, emergency.name), published: { at: ago(370), reason: 'initial', note: '首次制定本局随机抽查事项清单' } },
    { nodes: nodesOf([...EMERGENCY, EMERGENCY_DRAFT_ADDITION], emergency.name), published: null },
  ]);

  const marketNodes = (await loadItems(db, marketList.versionIds[1] as string)).nodes;
  await createList({ kind: 'department', name: '长春市朝阳区市场监督管理局随机抽查事项清单', departmentKey: key('220104', 'market_regulation'), departmentId: chaoyang.id, regionCode: chaoyang.regionCode, baseChecklistId: marketList.id }, [
    { nodes: [...inheritBase(marketNodes), ...nodesOf(CHAOYANG_LOCAL, chaoyang.name)], published: { at: ago(30), reason: 'initial', note: '在市局清单基础上补充本区农贸市场开办者检查事项' } },
  ]);

  const source = async (list: { id: string; versionIds: string[] }, index: number, name: string, departmentName: string): Promise<JointSource> => ({
    checklistId: list.id, checklistName: name, departmentName, version: index + 1, status: 'published',
    nodes: (await loadItems(db, list.versionIds[index] as string)).nodes,
  });
  const sources = [
    await source(marketList, 1, '长春市市场监督管理局随机抽查事项清单', market.name),
    await source(ecologyList, 0, '长春市生态环境局随机抽查事项清单', ecology.name),
    await source(emergencyList, 0, '长春市应急管理局随机抽查事项清单', emergency.name),
  ];
  const pick = (s: JointSource, code: string) => (s.nodes.find((n: IdentifiedNode) => n.code === code) as IdentifiedNode).id;
  const [m, e, a] = sources as [JointSource, JointSource, JointSource];
  const joint = assembleJointItems(sources, [pick(m, 'SJ-002'), pick(m, 'SJ-003'), pick(e, 'HJ-001'), pick(a, 'YJ-001')], [], new Set());
  if (!joint.ok) throw new Error(joint.error.map((x) => x.message).join('; '));
  await createList({ kind: 'joint', name: '长春市市场监管领域部门联合抽查事项清单', departmentKey: key(CITY, 'joint_office'), departmentId: null, regionCode: CITY }, [
    { nodes: joint.value, published: { at: ago(20), reason: 'initial', note: '汇总市场监管、生态环境、应急管理部门检查事项，形成全市部门联合抽查事项清单' } },
  ]);
  return { checklists: 5, versions: versionCount };
}

/** The demo step (server/demo/load_demo.ts): publishers are each department's 部门管理员 and the 双随机办. */
export const checklistDemoStep: DemoStep = async (context) => {
  const publishers = new Map<string, string>();
  for (const user of context.data.users) {
    const id = context.usersByAccount.get(user.username);
    if (id && (user.roleKey === 'dept_admin' || user.roleKey === 'joint_office') && !publishers.has(user.departmentKey)) publishers.set(user.departmentKey, id);
  }
  await loadDemoChecklists(context.tx, {
    departmentsByKey: context.departmentsByKey, adminUserId: context.usersByAccount.get('admin') ?? null, publishersByDepartmentKey: publishers, now: context.now,
  });
};
