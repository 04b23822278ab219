/**
 * Validation of one node and of a whole version before it is published. Every message is Chinese
 * and names the node it is about (「检查事项「企业公示信息检查」（SX-001）：缺少检查依据」), so a
 * department can fix its list from the message alone.
 */
import { childLevelOf, parentLevelOf } from './tree';
import {
  CHECKLIST_LEVEL_LABELS, CODE_PATTERN, FIELD_LIMITS, describeNode, type ChecklistLevel, type ChecklistNode,
} from './types';

export type ChecklistField =
  | 'code' | 'parentCode' | 'name' | 'category' | 'target' | 'methods' | 'subject' | 'basis'
  | 'resultOptions' | 'checkMethod' | 'yesWording' | 'noWording';

export const CHECKLIST_FIELD_LABELS: Readonly<Record<ChecklistField, string>> = {
  code: '编码',
  parentCode: '上级',
  name: '名称',
  category: '事项类别',
  target: '检查对象',
  methods: '检查方式',
  subject: '检查主体',
  basis: '检查依据',
  resultOptions: '结果选项',
  checkMethod: '检查方法',
  yesWording: '“是”的表述',
  noWording: '“否”的表述',
};

/** The fields a node's own check ({@link nodeIssues}) reports on. */
export type NodeField = Exclude<ChecklistField, 'parentCode'>;

export interface ChecklistIssue {
  /** The node's code; null for an issue about the whole list. */
  readonly code: string | null;
  readonly field: ChecklistField | null;
  readonly message: string;
}

const blank = (value: string | null) => value === null || value.trim() === '';

export interface NodeIssue extends ChecklistIssue {
  readonly field: NodeField;
}

function textIssue(node: ChecklistNode, field: NodeField, value: string | null, max: number, required: boolean): NodeIssue | null {
  const label = CHECKLIST_FIELD_LABELS[field];
  const text = value ?? '';
  if (text.trim() === '') return required ? { code: node.code, field, message: `${describeNode(node)}：缺少${label}` } : null;
  if (text.length > max) return { code: node.code, field, message: `${describeNode(node)}：${label}不能超过 ${max} 个字符` };
  return null;
}

/**
 * The field problems of one node, given its level: a 检查事项 needs 事项类别, 检查对象, at least one
 * 检查方式, 检查主体, 检查依据 and two or more 结果选项 (东胜 四(二)1, 曲阳 第11条); a 检查内容 needs its
 * 检查方法 and distinct 是/否 wordings. Fields of other levels are not looked at.
 */
export function nodeIssues(node: ChecklistNode): NodeIssue[] {
  const issues: (NodeIssue | null)[] = [];
  const at = describeNode(node);
  if (blank(node.code)) issues.push({ code: node.code, field: 'code', message: `${CHECKLIST_LEVEL_LABELS[node.level]}「${node.name}」缺少编码` });
  else if (node.code.length > FIELD_LIMITS.code) issues.push({ code: node.code, field: 'code', message: `${at}：编码不能超过 ${FIELD_LIMITS.code} 个字符` });
  else if (!CODE_PATTERN.test(node.code)) issues.push({ code: node.code, field: 'code', message: `${at}：编码只能包含字母、数字、点、下划线或短横线` });
  issues.push(textIssue(node, 'name', node.name, FIELD_LIMITS.name, true));
  switch (node.level) {
    case 'item': {
      if (node.category === null) issues.push({ code: node.code, field: 'category', message: `${at}：请选择事项类别（一般或重点）` });
      issues.push(textIssue(node, 'target', node.target, FIELD_LIMITS.target, true));
      if (node.methods.length === 0) issues.push({ code: node.code, field: 'methods', message: `${at}：至少选择一种检查方式` });
      else if (new Set(node.methods).size !== node.methods.length) issues.push({ code: node.code, field: 'methods', message: `${at}：检查方式有重复` });
      issues.push(textIssue(node, 'subject', node.subject, FIELD_LIMITS.subject, true));
      issues.push(textIssue(node, 'basis', node.basis, FIELD_LIMITS.basis, true));
      issues.push(resultOptionsIssue(node));
      break;
    }
    case 'subitem':
      issues.push(textIssue(node, 'basis', node.basis, FIELD_LIMITS.basis, false));
      break;
    case 'content': {
      issues.push(textIssue(node, 'checkMethod', node.checkMethod, FIELD_LIMITS.checkMethod, true));
      issues.push(textIssue(node, 'yesWording', node.yesWording, FIELD_LIMITS.wording, true));
      issues.push(textIssue(node, 'noWording', node.noWording, FIELD_LIMITS.wording, true));
      if (!blank(node.yesWording) && node.yesWording?.trim() === node.noWording?.trim()) {
        issues.push({ code: node.code, field: 'noWording', message: `${at}：“是”与“否”的表述不能相同` });
      }
      issues.push(textIssue(node, 'basis', node.basis, FIELD_LIMITS.basis, false));
      break;
    }
  }
  return issues.filter((i): i is NodeIssue => i !== null);
}

function resultOptionsIssue(node: ChecklistNode): NodeIssue | null {
  const at = describeNode(node);
  const options = node.resultOptions.map((o) => o.trim());
  if (options.length < 2) return { code: node.code, field: 'resultOptions', message: `${at}：结果选项至少两项（如 正常、不正常）` };
  if (options.length > FIELD_LIMITS.resultOptions) return { code: node.code, field: 'resultOptions', message: `${at}：结果选项最多 ${FIELD_LIMITS.resultOptions} 项` };
  if (options.some((o) => o === '' || o.length > FIELD_LIMITS.resultOption)) {
    return { code: node.code, field: 'resultOptions', message: `${at}：每个结果选项为 1–${FIELD_LIMITS.resultOption} 个字符` };
  }
  if (new Set(options).size !== options.length) return { code: node.code, field: 'resultOptions', message: `${at}：结果选项有重复` };
  return null;
}

/**
 * Where a node may sit: a 检查事项 at the top, a 检查子项 under a 检查事项, a 检查内容 under a 检查子项.
 * `parent` is the node named by `parentCode` (undefined when there is none with that code).
 */
export function placementIssue(node: Pick<ChecklistNode, 'level' | 'name' | 'code' | 'parentCode'>, parent: Pick<ChecklistNode, 'level' | 'name' | 'code'> | undefined): ChecklistIssue | null {
  const wanted: ChecklistLevel | null = parentLevelOf(node.level);
  const at = describeNode(node);
  if (wanted === null) {
    return node.parentCode === null ? null : { code: node.code, field: 'parentCode', message: `${at}是一级事项，不能有上级` };
  }
  if (node.parentCode === null) return { code: node.code, field: 'parentCode', message: `${at}必须位于某个${CHECKLIST_LEVEL_LABELS[wanted]}之下` };
  if (!parent) return { code: node.code, field: 'parentCode', message: `${at}的上级（${node.parentCode}）不存在` };
  if (parent.level !== wanted) {
    return { code: node.code, field: 'parentCode', message: `${at}应位于${CHECKLIST_LEVEL_LABELS[wanted]}之下，不能位于${describeNode(parent)}之下` };
  }
  return null;
}

/**
 * Everything that must hold before a version is published: at least one 检查事项; unique codes;
 * levels nesting item → subitem → content; every 检查事项 with a 检查子项 and every 检查子项 with a
 * 检查内容 (so the 检查表 has a line to tick); and each node's own fields ({@link nodeIssues}).
 */
export function validateChecklistTree(nodes: readonly ChecklistNode[]): ChecklistIssue[] {
  if (!nodes.some((n) => n.level === 'item')) return [{ code: null, field: null, message: '清单中还没有检查事项' }];
  const issues: ChecklistIssue[] = [];
  const byCode = new Map<string, ChecklistNode>();
  for (const node of nodes) {
    const first = byCode.get(node.code);
    if (first) issues.push({ code: node.code, field: 'code', message: `编码「${node.code}」重复：${describeNode(first)}与${CHECKLIST_LEVEL_LABELS[node.level]}「${node.name}」` });
    else byCode.set(node.code, node);
  }
  const childCount = new Map<string, number>();
  for (const node of nodes) {
    if (node.parentCode !== null) childCount.set(node.parentCode, (childCount.get(node.parentCode) ?? 0) + 1);
  }
  for (const node of nodes) {
    const placement = placementIssue(node, node.parentCode === null ? undefined : byCode.get(node.parentCode));
    if (placement) issues.push(placement);
    const childLevel = childLevelOf(node.level);
    if (childLevel !== null && !childCount.get(node.code)) {
      issues.push({ code: node.code, field: null, message: `${describeNode(node)}下还没有${CHECKLIST_LEVEL_LABELS[childLevel]}` });
    }
    issues.push(...nodeIssues(node));
  }
  return issues;
}
