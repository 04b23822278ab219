/**
 * 抽查事项清单 (inspection-item checklist), the 「一单」 of 一单两库: a tree 检查事项 (item) →
 * 检查子项 (subitem) → 检查内容 (content). The fields are the ones the seeds require:
 *  - 东胜 四(二)1: 抽查项目、检查对象、事项类别（一般/重点）、检查方式、检查主体、检查依据;
 *  - 曲阳 第11条: 检查项目、检查子项、检查内容、检查依据、检查方式、检查结果（填写正常或不正常）;
 *  - each 检查内容 carries its 检查方法 and the 是/否 wording of the record form (渝北 附件1
 *    实地核查记录表; domain.md §3 M1.6).
 * A version of a list is an array of nodes in tree order (pre-order), structured by `parentCode`.
 */

import type { CheckMethod } from '../inspection/categories';

export const CHECKLIST_LEVELS = ['item', 'subitem', 'content'] as const;
export type ChecklistLevel = (typeof CHECKLIST_LEVELS)[number];
export const CHECKLIST_LEVEL_LABELS: Readonly<Record<ChecklistLevel, string>> = {
  item: '检查事项',
  subitem: '检查子项',
  content: '检查内容',
};

/**
 * 事项类别. 东胜 四(二)1: 重点检查事项针对安全、质量、公共利益等重要领域，抽查比例不设上限，可以按照100%抽查；
 * 一般检查事项……抽查比例应根据监管实际情况严格进行限制.
 */
export const ITEM_CATEGORIES = ['general', 'key'] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];
export const ITEM_CATEGORY_LABELS: Readonly<Record<ItemCategory, string>> = {
  general: '一般检查事项',
  key: '重点检查事项',
};

/** A department's own list, or a region's 市场监管领域部门联合抽查事项清单 (长春第2、6条). */
export const CHECKLIST_KINDS = ['department', 'joint'] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];
export const CHECKLIST_KIND_LABELS: Readonly<Record<ChecklistKind, string>> = {
  department: '部门随机抽查事项清单',
  joint: '部门联合抽查事项清单',
};

/** A version is edited as a draft, published once, and superseded by the next published version. */
export const VERSION_STATUSES = ['draft', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export const VERSION_STATUS_LABELS: Readonly<Record<VersionStatus, string>> = {
  draft: '草稿',
  published: '现行',
  superseded: '历史版本',
};

/**
 * Why a version was published: 立改废释 of laws, regulations and rules, or a change of duties
 * (渝北 二(二) 「谁制定、谁调整」……根据法律法规规章的立改废释情况和监管职能变化等进行动态调整;
 * 曲阳 第11条 立改废释、层级监督权限的调整; 长春第6条).
 */
export const CHANGE_REASONS = ['initial', 'enacted', 'amended', 'repealed', 'interpreted', 'duty_changed', 'other'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];
export const CHANGE_REASON_LABELS: Readonly<Record<ChangeReason, string>> = {
  initial: '首次制定',
  enacted: '法律法规规章制定（立）',
  amended: '法律法规规章修改（改）',
  repealed: '法律法规规章废止（废）',
  interpreted: '法律法规规章解释（释）',
  duty_changed: '监管职能调整',
  other: '其他',
};

/** 检查结果 options when an item names none (曲阳 第11条: 填写正常或不正常). */
export const DEFAULT_RESULT_OPTIONS: readonly string[] = ['正常', '不正常'];

/** Length limits shared by the API schemas, the import and the tree validation. */
export const FIELD_LIMITS = {
  code: 40,
  name: 300,
  target: 200,
  subject: 200,
  basis: 2000,
  checkMethod: 300,
  wording: 200,
  resultOption: 20,
  resultOptions: 10,
} as const;

/** 编码: letters, digits, dot, underscore or hyphen, starting with a letter or digit. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** One node of a version. Fields that do not apply to the node's level are null / empty. */
export interface ChecklistNode {
  readonly code: string;
  readonly parentCode: string | null;
  readonly level: ChecklistLevel;
  readonly name: string;
  /** item only. */
  readonly category: ItemCategory | null;
  /** 检查对象, item only. */
  readonly target: string | null;
  /** 检查方式, item only. */
  readonly methods: readonly CheckMethod[];
  /** 检查主体 (the department or office that checks), item only. */
  readonly subject: string | null;
  /** 检查依据: required on an item; a subitem or content may name a more precise article. */
  readonly basis: string | null;
  /** 结果选项, item only. */
  readonly resultOptions: readonly string[];
  /** 检查方法, content only. */
  readonly checkMethod: string | null;
  /** 是/否 wording of the record form, content only. */
  readonly yesWording: string | null;
  readonly noWording: string | null;
  /** Copied from the base (city) list: read-only in the district list (长春第6条). */
  readonly inherited: boolean;
  /** The node this one was copied from: a base-list node, or a department item in a joint list. */
  readonly sourceItemId: string | null;
}

/** A stored node, with the identifier other lists refer to. */
export interface IdentifiedNode extends ChecklistNode {
  readonly id: string;
}

/** A node with every optional attribute empty: the starting point of builders and tests. */
export function blankNode(level: ChecklistLevel, code: string, name: string, parentCode: string | null): ChecklistNode {
  return {
    code, parentCode, level, name, category: null, target: null, methods: [], subject: null, basis: null,
    resultOptions: [], checkMethod: null, yesWording: null, noWording: null, inherited: false, sourceItemId: null,
  };
}

const oneOf = <T extends string>(values: readonly T[]) => (value: string): value is T => (values as readonly string[]).includes(value);

export const isChecklistLevel = oneOf(CHECKLIST_LEVELS);
export const isItemCategory = oneOf(ITEM_CATEGORIES);
export const isChecklistKind = oneOf(CHECKLIST_KINDS);
export const isVersionStatus = oneOf(VERSION_STATUSES);
export const isChangeReason = oneOf(CHANGE_REASONS);

/** 「检查事项「企业公示信息检查」（SX-001）」: how messages name a node. */
export function describeNode(node: Pick<ChecklistNode, 'level' | 'name' | 'code'>): string {
  const label = CHECKLIST_LEVEL_LABELS[node.level];
  const name = node.name.trim();
  return name ? `${label}「${name}」（${node.code}）` : `${label}（${node.code}）`;
}
