/**
 * A district or county list on top of its city's list (长春第6条: 县区……可以根据当地实际需要，在全市
 * ……联合抽查事项清单基础上另行补充适用于本辖区的……内容，制定本地……清单; 渝北 四(一)). The city's nodes
 * are copied in as inherited and stay read-only; the district adds its own 检查事项 (with their
 * subtrees) after them. When the city publishes a new version the district re-syncs its draft.
 */
import { err, ok, type Result } from '../basics/result';
import { fieldChanges } from './diff';
import type { ChecklistIssue } from './validation';
import { describeNode, type ChecklistNode, type IdentifiedNode } from './types';

/** The base version's nodes as inherited copies (same codes, pointing at their base node). */
export function inheritBase(base: readonly IdentifiedNode[]): ChecklistNode[] {
  return base.map(({ id, ...fields }) => ({ ...fields, inherited: true, sourceItemId: id }));
}

/**
 * Replaces the inherited nodes of a district draft with the base's (new) version, keeping the
 * local nodes after them. Refused when a local code is now used by the base.
 */
export function syncWithBase(base: readonly IdentifiedNode[], current: readonly ChecklistNode[]): Result<ChecklistNode[], ChecklistIssue[]> {
  const baseCodes = new Set(base.map((n) => n.code));
  const local = current.filter((n) => !n.inherited);
  const clashes = local.filter((n) => baseCodes.has(n.code));
  if (clashes.length > 0) {
    return err(clashes.map((n) => ({ code: n.code, field: 'code' as const, message: `本级${describeNode(n)}的编码已被上级清单使用，请先修改编码` })));
  }
  return ok([...inheritBase(base), ...local]);
}

/**
 * The district list keeps every base node, unchanged, and adds local nodes only as new 检查事项
 * (a local node may not hang below an inherited one: the city's items are executed as published).
 */
export function inheritanceIssues(base: readonly IdentifiedNode[], nodes: readonly ChecklistNode[]): ChecklistIssue[] {
  const issues: ChecklistIssue[] = [];
  const inheritedBySource = new Map(nodes.filter((n) => n.inherited).map((n) => [n.sourceItemId, n]));
  const baseIds = new Set(base.map((n) => n.id));
  for (const { id, ...expected } of base) {
    const copy = inheritedBySource.get(id);
    if (!copy) issues.push({ code: expected.code, field: null, message: `缺少上级清单的${describeNode(expected)}` });
    else if (copy.code !== expected.code || copy.level !== expected.level || fieldChanges(expected, copy).length > 0) {
      issues.push({ code: copy.code, field: null, message: `上级清单的${describeNode(expected)}不能在本级修改` });
    }
  }
  const inheritedCodes = new Set(nodes.filter((n) => n.inherited).map((n) => n.code));
  for (const node of nodes) {
    if (node.inherited && (node.sourceItemId === null || !baseIds.has(node.sourceItemId))) {
      issues.push({ code: node.code, field: null, message: `${describeNode(node)}标记为继承，但不在上级清单现行版本中` });
    }
    if (!node.inherited && node.parentCode !== null && inheritedCodes.has(node.parentCode)) {
      issues.push({ code: node.code, field: 'parentCode', message: `本级${describeNode(node)}不能添加在上级清单的事项之下，请作为本级检查事项补充` });
    }
  }
  return issues;
}
