/**
 * The 检查表 layout of a version, one line per 检查内容 (事项 / 子项 / 内容 / 方法 / 是 / 否 / 依据),
 * as exported to Excel and read back on import (曲阳 第11条 lists these columns; A1's 检查表 has the
 * same shape). 检查依据 on a line is the content's own basis, else its subitem's, else its item's.
 */
import { inTreeOrder, nextChildCode } from './tree';
import { nodeIssues } from './validation';
import { CHECK_METHOD_WORDS, CHECK_METHODS, type CheckMethod } from '../inspection/categories';
import {
  DEFAULT_RESULT_OPTIONS, ITEM_CATEGORY_LABELS, blankNode, type ChecklistLevel, type ChecklistNode, type ItemCategory,
} from './types';

export interface CheckSheetRow {
  readonly itemCode: string;
  readonly itemName: string;
  readonly category: string;
  readonly target: string;
  readonly methods: string;
  readonly subject: string;
  readonly subitemCode: string;
  readonly subitemName: string;
  readonly contentCode: string;
  readonly contentName: string;
  readonly checkMethod: string;
  readonly yesWording: string;
  readonly noWording: string;
  readonly basis: string;
  readonly resultOptions: string;
}
export type CheckSheetColumn = keyof CheckSheetRow;

export interface CheckSheetColumnSpec {
  readonly key: CheckSheetColumn;
  readonly header: string;
  readonly required: boolean;
  readonly hint?: string;
  readonly width: number;
}

export const CHECK_SHEET_COLUMNS: readonly CheckSheetColumnSpec[] = [
  { key: 'itemCode', header: '事项编码', required: false, width: 12, hint: '同一检查事项的各行填写相同编码；留空则自动编号' },
  { key: 'itemName', header: '检查事项', required: true, width: 24 },
  { key: 'category', header: '事项类别', required: false, width: 14, hint: '一般 或 重点' },
  { key: 'target', header: '检查对象', required: false, width: 20 },
  { key: 'methods', header: '检查方式', required: false, width: 18, hint: `${CHECK_METHOD_WORDS}，多个用顿号分隔` },
  { key: 'subject', header: '检查主体', required: false, width: 18 },
  { key: 'subitemCode', header: '子项编码', required: false, width: 14 },
  { key: 'subitemName', header: '检查子项', required: true, width: 24 },
  { key: 'contentCode', header: '内容编码', required: false, width: 16 },
  { key: 'contentName', header: '检查内容', required: true, width: 36 },
  { key: 'checkMethod', header: '检查方法', required: false, width: 30 },
  { key: 'yesWording', header: '是', required: false, width: 20, hint: '检查记录表中“是”一栏的表述' },
  { key: 'noWording', header: '否', required: false, width: 20, hint: '检查记录表中“否”一栏的表述' },
  { key: 'basis', header: '检查依据', required: false, width: 40 },
  { key: 'resultOptions', header: '结果选项', required: false, width: 14, hint: '默认 正常、不正常' },
];

/** The 检查表 lines of a version (an item or subitem without children still gets a line). */
export function checkSheetRows(nodes: readonly ChecklistNode[]): CheckSheetRow[] {
  const ordered = inTreeOrder(nodes);
  const childrenOf = (code: string) => ordered.filter((n) => n.parentCode === code);
  const rows: CheckSheetRow[] = [];
  for (const item of ordered.filter((n) => n.level === 'item')) {
    const itemPart = {
      itemCode: item.code, itemName: item.name, category: item.category === null ? '' : ITEM_CATEGORY_LABELS[item.category],
      target: item.target ?? '', methods: item.methods.map((m) => CHECK_METHODS[m]).join('、'), subject: item.subject ?? '',
      resultOptions: item.resultOptions.join('、'),
    };
    const line = (sub: ChecklistNode | null, content: ChecklistNode | null): CheckSheetRow => ({
      ...itemPart,
      subitemCode: sub?.code ?? '', subitemName: sub?.name ?? '',
      contentCode: content?.code ?? '', contentName: content?.name ?? '', checkMethod: content?.checkMethod ?? '',
      yesWording: content?.yesWording ?? '', noWording: content?.noWording ?? '',
      basis: content?.basis ?? sub?.basis ?? item.basis ?? '',
    });
    const subs = childrenOf(item.code);
    if (subs.length === 0) rows.push(line(null, null));
    for (const sub of subs) {
      const contents = childrenOf(sub.code);
      if (contents.length === 0) rows.push(line(sub, null));
      for (const content of contents) rows.push(line(sub, content));
    }
  }
  return rows;
}

export interface CheckSheetRecord {
  readonly rowNumber: number;
  readonly values: Readonly<Record<CheckSheetColumn, string>>;
}

export interface RowIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

const CATEGORY_WORDS: Readonly<Record<string, ItemCategory>> = {
  一般: 'general', 一般事项: 'general', 一般检查事项: 'general', general: 'general',
  重点: 'key', 重点事项: 'key', 重点检查事项: 'key', key: 'key',
};
/** The labels and keys, common synonyms, and the words of sheets exported before the vocabulary was one (委托第三方). */
const METHOD_WORDS: Readonly<Record<string, CheckMethod>> = {
  ...Object.fromEntries(Object.entries(CHECK_METHODS).flatMap(([key, label]) => [[label, key], [key, key]])) as Record<string, CheckMethod>,
  实地检查: 'on_site', 现场检查: 'on_site', 书面审查: 'documents', 检验检测: 'sampling', 抽样检验: 'sampling', 委托第三方: 'agency',
};
const split = (value: string) => value.split(/[、,，;；/\s]+/).map((s) => s.trim()).filter(Boolean);
const HEADERS = Object.fromEntries(CHECK_SHEET_COLUMNS.map((c) => [c.key, c.header])) as Readonly<Record<CheckSheetColumn, string>>;
const header = (key: CheckSheetColumn) => HEADERS[key];
const LEVEL_COLUMNS: Readonly<Record<ChecklistLevel, { readonly code: CheckSheetColumn; readonly name: CheckSheetColumn }>> = {
  item: { code: 'itemCode', name: 'itemName' },
  subitem: { code: 'subitemCode', name: 'subitemName' },
  content: { code: 'contentCode', name: 'contentName' },
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ParsedCheckSheet {
  readonly nodes: ChecklistNode[];
  /** The row that created each node (parallel to `nodes`). */
  readonly rows: number[];
  readonly issues: RowIssue[];
}
const ITEM_COLUMNS: readonly CheckSheetColumn[] = ['itemName', 'category', 'target', 'methods', 'subject', 'resultOptions'];

/**
 * Turns 检查表 lines back into nodes. Lines with the same 事项编码 (or, without one, the same
 * 检查事项 name) form one item; the same goes for subitems within an item; every line with a
 * 检查内容 adds a content. Every problem is reported with its row and column; field problems come
 * from {@link nodeIssues}, reported at the line that created the node.
 */
export function parseCheckSheet(records: readonly CheckSheetRecord[]): ParsedCheckSheet {
  const nodes: Mutable<ChecklistNode>[] = [];
  const rows: number[] = [];
  const items = new Map<string, { node: Mutable<ChecklistNode>; row: number; values: CheckSheetRecord['values'] }>();
  const subitems = new Map<string, { node: Mutable<ChecklistNode>; row: number }>();
  const issues: RowIssue[] = [];
  const add = (node: Mutable<ChecklistNode>, row: number) => { nodes.push(node); rows.push(row); return node; };

  for (const { rowNumber: row, values: v } of records) {
    if (!v.itemCode && !v.itemName) {
      issues.push({ row, column: header('itemName'), message: '检查事项不能为空' });
      continue;
    }
    const itemKey = v.itemCode || `name:${v.itemName}`;
    let item = items.get(itemKey);
    if (!item) {
      const node = add({ ...blankNode('item', v.itemCode || nextChildCode(nodes, null), v.itemName, null) }, row);
      const category = CATEGORY_WORDS[v.category];
      if (v.category && !category) issues.push({ row, column: header('category'), message: `事项类别「${v.category}」无法识别，应为 一般 或 重点` });
      node.category = category ?? null;
      node.target = v.target || null;
      node.subject = v.subject || null;
      node.basis = v.basis || null;
      const methods: CheckMethod[] = [];
      for (const word of split(v.methods)) {
        const method = Object.hasOwn(METHOD_WORDS, word) ? METHOD_WORDS[word] : undefined;
        if (method) { if (!methods.includes(method)) methods.push(method); }
        else issues.push({ row, column: header('methods'), message: `检查方式「${word}」无法识别，应为 ${CHECK_METHOD_WORDS} 之一` });
      }
      node.methods = methods;
      node.resultOptions = v.resultOptions ? split(v.resultOptions) : [...DEFAULT_RESULT_OPTIONS];
      item = { node, row, values: v };
      items.set(itemKey, item);
    } else {
      for (const column of ITEM_COLUMNS) {
        if (v[column] && v[column] !== item.values[column]) issues.push({ row, column: header(column), message: `与第 ${item.row} 行的同一检查事项不一致` });
      }
    }
    const hasSub = Boolean(v.subitemCode || v.subitemName);
    const hasContent = Boolean(v.contentCode || v.contentName);
    let sub: Mutable<ChecklistNode> | null = null;
    if (hasSub) {
      const subKey = `${itemKey}/${v.subitemCode || `name:${v.subitemName}`}`;
      const known = subitems.get(subKey);
      if (known && v.subitemName && v.subitemName !== known.node.name) issues.push({ row, column: header('subitemName'), message: `与第 ${known.row} 行的同一检查子项名称不一致` });
      sub = known?.node ?? add({ ...blankNode('subitem', v.subitemCode || nextChildCode(nodes, item.node.code), v.subitemName, item.node.code) }, row);
      if (!known) subitems.set(subKey, { node: sub, row });
    } else if (hasContent) {
      issues.push({ row, column: header('subitemName'), message: '填写了检查内容，但没有填写所属的检查子项' });
    }
    if (hasContent && sub) {
      const content = add({ ...blankNode('content', v.contentCode || nextChildCode(nodes, sub.code), v.contentName, sub.code) }, row);
      content.checkMethod = v.checkMethod || null;
      content.yesWording = v.yesWording || null;
      content.noWording = v.noWording || null;
      content.basis = v.basis && v.basis !== (sub.basis ?? item.node.basis) ? v.basis : null;
    } else {
      if (sub && v.basis && v.basis !== item.node.basis && sub.basis === null) sub.basis = v.basis;
      for (const column of ['checkMethod', 'yesWording', 'noWording'] as const) {
        if (v[column]) issues.push({ row, column: header(column), message: `填写了${header(column)}，但没有填写检查内容` });
      }
    }
  }

  const firstRowOfCode = new Map<string, number>();
  nodes.forEach((node, at) => {
    const row = rows[at] as number;
    const first = firstRowOfCode.get(node.code);
    if (first !== undefined) issues.push({ row, column: HEADERS[LEVEL_COLUMNS[node.level].code], message: `编码「${node.code}」与第 ${first} 行重复` });
    else firstRowOfCode.set(node.code, row);
    for (const issue of nodeIssues(node)) {
      const column = issue.field === 'code' || issue.field === 'name' ? LEVEL_COLUMNS[node.level][issue.field] : issue.field;
      issues.push({ row, column: HEADERS[column], message: issue.message });
    }
  });
  issues.sort((a, b) => a.row - b.row);
  return { nodes, rows, issues };
}


/**
 * For 仅导入正确的行: the 检查事项 none of whose nodes came from a line with a problem, with their
 * subtrees (a tree is imported whole or not at all), and every line that is left out.
 */
export function validItemsOnly(parsed: ParsedCheckSheet): { nodes: ChecklistNode[]; rejectedRows: Set<number> } {
  const rejectedRows = new Set(parsed.issues.map((i) => i.row));
  const rootOf = new Map<string, string>();
  for (const node of parsed.nodes) rootOf.set(node.code, node.parentCode === null ? node.code : (rootOf.get(node.parentCode) as string));
  const badRoots = new Set<string>();
  parsed.nodes.forEach((node, i) => { if (rejectedRows.has(parsed.rows[i] as number)) badRoots.add(rootOf.get(node.code) as string); });
  const nodes: ChecklistNode[] = [];
  parsed.nodes.forEach((node, i) => {
    if (badRoots.has(rootOf.get(node.code) as string)) rejectedRows.add(parsed.rows[i] as number);
    else nodes.push(node);
  });
  return { nodes, rejectedRows };
}
