/**
 * The content of the two documents, assembled from the data: the 行政检查通知书 (渝北 附件2) and the 实地核查记录表 /
 * 一企一表 (渝北 附件1; 曲阳第15条 联合抽查表), the same JSON for the print page and the .docx.
 */
import { eq } from 'drizzle-orm';
import { checkSheetRows } from '../../../domain/checklist/check_sheet';
import type { IdentifiedNode } from '../../../domain/checklist/types';
import { noticeBody, NOTICE_REMINDERS, noticeTitle, recordFormTitle } from '../../../domain/inspection/notice';
import type { TaskItemRef } from '../../../domain/workflow/task_spec';
import type { Db } from '../../db/database';
import { regions } from '../../db/schema';
import { shanghaiDate } from '../../http/today';
import { loadItems } from '../checklists/store';
import { departmentNames, taskDepartmentIds, type InspectionObject } from './object_access';
import type { EntityFacts, NoticeDocument, NoticeRow, RecordForm, TaskFacts } from './schema';
import { matchedInspectionDate, teamOf } from './store';

async function facts(db: Db, object: InspectionObject): Promise<{ entity: EntityFacts; task: TaskFacts; names: Map<string, string> }> {
  const ids = taskDepartmentIds(object.task);
  const names = await departmentNames(db, ids);
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, object.entity.regionCode));
  const { entity, task } = object;
  return {
    names,
    entity: { name: entity.name, code: entity.code, codeType: entity.codeType, address: entity.address, legalRepresentative: entity.legalRepresentative, regionName: region?.name ?? entity.regionCode },
    task: {
      id: task.id, code: task.code, name: task.name, periodStart: task.periodStart, periodEnd: task.periodEnd, leadDepartmentName: names.get(task.leadDepartmentId) ?? '',
      departmentNames: ids.map((id) => names.get(id) ?? ''), methods: [...task.spec.methods], regionName: task.regionName,
    },
  };
}

/** The task's items per department (lead first), as the spec pinned them. */
function itemsByDepartment(object: InspectionObject): { departmentId: string; items: TaskItemRef[] }[] {
  return taskDepartmentIds(object.task)
    .map((departmentId) => ({ departmentId, items: object.task.spec.items.filter((i) => i.departmentId === departmentId) }))
    .filter((d) => d.items.length > 0);
}

export async function noticeDocument(db: Db, object: InspectionObject, notice: NoticeRow): Promise<NoticeDocument> {
  const { entity, task, names } = await facts(db, object);
  const { team, leaderPhone } = await teamOf(db, object.id);
  return {
    title: noticeTitle(task.regionName), number: notice.number, issuedOn: shanghaiDate(new Date(notice.issuedAt)), issuingDepartmentName: notice.departmentName,
    entity, task, inspectionDate: notice.inspectionDate,
    body: noticeBody({ departmentNames: task.departmentNames, inspectionDate: notice.inspectionDate }),
    items: itemsByDepartment(object).flatMap((d) => d.items.map((i) => ({ departmentName: names.get(d.departmentId) ?? '', code: i.code, name: i.name }))),
    reminders: [...NOTICE_REMINDERS], team, contactPhone: leaderPhone,
  };
}

/** The item's node and everything below it, in tree order. */
function subtree(nodes: readonly IdentifiedNode[], itemId: string): IdentifiedNode[] {
  const root = nodes.find((n) => n.id === itemId);
  if (!root) return [];
  const codes = new Set([root.code]);
  const out: IdentifiedNode[] = [root];
  for (const node of nodes) {
    if (node.parentCode !== null && codes.has(node.parentCode) && !codes.has(node.code)) {
      codes.add(node.code);
      out.push(node);
    }
  }
  return out;
}

/** `today` (YYYY-MM-DD, China) decides whether the matching's date still stands before a notice exists. */
export async function recordForm(db: Db, object: InspectionObject, notice: NoticeRow | null, today: string): Promise<RecordForm> {
  const { entity, task, names } = await facts(db, object);
  const { team } = await teamOf(db, object.id);
  const versions = new Map<string, IdentifiedNode[]>();
  const nodesOf = async (versionId: string) => {
    let nodes = versions.get(versionId);
    if (!nodes) {
      nodes = (await loadItems(db, versionId)).nodes;
      versions.set(versionId, nodes);
    }
    return nodes;
  };
  const departments: RecordForm['departments'] = [];
  for (const group of itemsByDepartment(object)) {
    const items: RecordForm['departments'][number]['items'] = [];
    for (const ref of group.items) {
      const nodes = subtree(await nodesOf(ref.checklistVersionId), ref.itemId);
      const root = nodes[0];
      const lines = checkSheetRows(nodes).filter((r) => r.subitemName || r.contentName).map((r) => ({
        subitem: r.subitemName, content: r.contentName, checkMethod: r.checkMethod, yesWording: r.yesWording, noWording: r.noWording, basis: r.basis,
      }));
      items.push({ code: ref.code, name: ref.name, resultOptions: root && root.resultOptions.length > 0 ? [...root.resultOptions] : ['正常', '不正常'], lines });
    }
    departments.push({ departmentName: names.get(group.departmentId) ?? '', items });
  }
  const inspectionDate = notice ? notice.inspectionDate : await matchedInspectionDate(db, task.id, today);
  return { title: recordFormTitle(task.regionName), noticeNumber: notice?.number ?? null, entity, task, inspectionDate, team, departments };
}
