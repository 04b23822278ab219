/**
 * The region's 市场监管领域部门联合抽查事项清单 (长春第2、6条; 东胜 四(四)1), assembled by the
 * 双随机办 from the departments' published lists: a selected 检查事项 comes with its whole subtree,
 * renumbered in the joint list (LH-001, LH-001-01, …), and every copied node keeps a reference to
 * the department node (and so to the department version) it came from.
 */
import { err, ok, type Result } from '../basics/result';
import { nextChildCode } from './tree';
import type { ChecklistIssue } from './validation';
import { describeNode, type ChecklistNode, type IdentifiedNode, type VersionStatus } from './types';

/** A published department version offered to the joint list. */
export interface JointSource {
  readonly checklistId: string;
  readonly checklistName: string;
  readonly departmentName: string;
  readonly version: number;
  readonly status: VersionStatus;
  /** In tree order. */
  readonly nodes: readonly IdentifiedNode[];
}

/** Identifies a department item across its versions: the same code in the same list. */
export function sourceKey(checklistId: string, code: string): string {
  return `${checklistId}:${code}`;
}

export const JOINT_CODE_PREFIX = 'LH';

/**
 * The nodes to append to a joint draft for the selected department items (ids of 检查事项 nodes).
 * Refused, with one message per problem: an unknown id, a node that is not a 检查事项, a node a
 * district list inherited from its city list (it belongs in the city's joint list), a version
 * that is not the department's current published one, an item already in the joint list (from
 * any version of the same department list: `existingSourceKeys`), and a repeated selection.
 */
export function assembleJointItems(
  sources: readonly JointSource[],
  selectedItemIds: readonly string[],
  existing: readonly Pick<ChecklistNode, 'code' | 'parentCode'>[],
  existingSourceKeys: ReadonlySet<string>,
): Result<ChecklistNode[], ChecklistIssue[]> {
  const located = new Map<string, { source: JointSource; node: IdentifiedNode }>();
  for (const source of sources) for (const node of source.nodes) located.set(node.id, { source, node });
  const issues: ChecklistIssue[] = [];
  const picked = new Set<string>();
  const out: ChecklistNode[] = [];
  for (const id of selectedItemIds) {
    const found = located.get(id);
    if (!found) {
      issues.push({ code: null, field: null, message: `所选检查事项（${id}）不存在或不在可选范围内` });
      continue;
    }
    const { source, node } = found;
    const from = `${source.departmentName}《${source.checklistName}》第 ${source.version} 版`;
    const key = sourceKey(source.checklistId, node.code);
    if (node.level !== 'item') issues.push({ code: node.code, field: null, message: `只能选择检查事项（一级），${from}的${describeNode(node)}不是检查事项` });
    else if (node.inherited) issues.push({ code: node.code, field: null, message: `${from}的${describeNode(node)}继承自上级清单，应纳入上级的联合清单` })
    else if (source.status !== 'published') issues.push({ code: node.code, field: null, message: `${from}不是现行版本，不能纳入联合清单：${describeNode(node)}` });
    else if (existingSourceKeys.has(key)) issues.push({ code: node.code, field: null, message: `${from}的${describeNode(node)}已在联合清单中` });
    else if (picked.has(key)) issues.push({ code: node.code, field: null, message: `${from}的${describeNode(node)}被重复选择` });
    else {
      picked.add(key);
      out.push(...copySubtree(source.nodes, node, nextChildCode([...existing, ...out], null, JOINT_CODE_PREFIX)));
    }
  }
  return issues.length > 0 ? err(issues) : ok(out);
}

/** The item and its descendants, renumbered below `code`, each pointing at its source node. */
function copySubtree(nodes: readonly IdentifiedNode[], root: IdentifiedNode, code: string): ChecklistNode[] {
  const out: ChecklistNode[] = [];
  const copy = (node: IdentifiedNode, newCode: string, parentCode: string | null): void => {
    const { id, ...fields } = node;
    out.push({ ...fields, code: newCode, parentCode, inherited: false, sourceItemId: id });
    const children = nodes.filter((n) => n.parentCode === node.code);
    children.forEach((child, i) => { copy(child, `${newCode}-${String(i + 1).padStart(2, '0')}`, newCode); });
  };
  copy(root, code, null);
  return out;
}
