/**
 * What changed between two versions of a list (立改废释: 渝北 二(二), 曲阳 第11条, 长春第6条).
 * Nodes are matched by code: a code only in the newer version was added, only in the older one
 * removed, in both with a different field changed. Sibling order is not a change.
 */
import { preOrder } from './tree';
import { CHECKLIST_FIELD_LABELS, type ChecklistField } from './validation';
import { CHECK_METHODS } from '../inspection/categories';
import { ITEM_CATEGORY_LABELS, type ChecklistLevel, type ChecklistNode } from './types';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export const DIFF_STATUS_LABELS: Readonly<Record<DiffStatus, string>> = {
  added: '新增',
  removed: '删除',
  changed: '修改',
  unchanged: '未变',
};

export interface FieldChange {
  readonly field: ChecklistField;
  readonly label: string;
  /** The values as a reader sees them (labels, not keys). */
  readonly before: string;
  readonly after: string;
}

export interface DiffRow {
  readonly code: string;
  readonly level: ChecklistLevel;
  /** The newer name (the older one for a removed node). */
  readonly name: string;
  readonly depth: number;
  readonly status: DiffStatus;
  readonly changes: readonly FieldChange[];
}

export interface ChecklistDiff {
  /** The union of both trees in the newer version's order, removed nodes where they used to be. */
  readonly rows: readonly DiffRow[];
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

const COMPARED: readonly ChecklistField[] = [
  'parentCode', 'name', 'category', 'target', 'methods', 'subject', 'basis', 'resultOptions', 'checkMethod', 'yesWording', 'noWording',
];

/** A field's value as text, for comparison and display. */
export function fieldText(node: ChecklistNode, field: ChecklistField): string {
  switch (field) {
    case 'code': return node.code;
    case 'parentCode': return node.parentCode ?? '';
    case 'name': return node.name;
    case 'category': return node.category === null ? '' : ITEM_CATEGORY_LABELS[node.category];
    case 'target': return node.target ?? '';
    case 'methods': return node.methods.map((m) => CHECK_METHODS[m]).join('、');
    case 'subject': return node.subject ?? '';
    case 'basis': return node.basis ?? '';
    case 'resultOptions': return node.resultOptions.join('、');
    case 'checkMethod': return node.checkMethod ?? '';
    case 'yesWording': return node.yesWording ?? '';
    case 'noWording': return node.noWording ?? '';
  }
}

/** The changed fields of a node present in both versions. */
export function fieldChanges(before: ChecklistNode, after: ChecklistNode): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of COMPARED) {
    const a = fieldText(before, field);
    const b = fieldText(after, field);
    if (a !== b) changes.push({ field, label: CHECKLIST_FIELD_LABELS[field], before: a, after: b });
  }
  return changes;
}

interface Entry {
  readonly code: string;
  readonly parentCode: string | null;
  readonly before: ChecklistNode | undefined;
  readonly after: ChecklistNode | undefined;
}

export function diffChecklists(before: readonly ChecklistNode[], after: readonly ChecklistNode[]): ChecklistDiff {
  const oldByCode = new Map(before.map((n) => [n.code, n]));
  const newCodes = new Set(after.map((n) => n.code));
  // The newer nodes keep their order; each removed node follows its former siblings.
  const entries: Entry[] = [
    ...after.map((n) => ({ code: n.code, parentCode: n.parentCode, before: oldByCode.get(n.code), after: n })),
    ...before.filter((n) => !newCodes.has(n.code)).map((n) => ({ code: n.code, parentCode: n.parentCode, before: n, after: undefined })),
  ];
  const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const rows = preOrder(entries, { key: (e) => e.code, parentKey: (e) => e.parentCode }).map(({ node: e, depth }): DiffRow => {
    const shown = (e.after ?? e.before) as ChecklistNode;
    let status: DiffStatus;
    let changes: FieldChange[] = [];
    if (!e.before) status = 'added';
    else if (!e.after) status = 'removed';
    else {
      changes = fieldChanges(e.before, e.after);
      status = changes.length > 0 ? 'changed' : 'unchanged';
    }
    counts[status]++;
    return { code: e.code, level: shown.level, name: shown.name, depth, status, changes };
  });
  return { rows, ...counts };
}
