/**
 * Tree helpers over flat node arrays: levels nest item → subitem → content, siblings keep the
 * order they have in the array, and codes identify nodes within a version.
 */
import type { ChecklistLevel, ChecklistNode } from './types';

const CHILD_LEVEL: Readonly<Record<ChecklistLevel, ChecklistLevel | null>> = { item: 'subitem', subitem: 'content', content: null };
const PARENT_LEVEL: Readonly<Record<ChecklistLevel, ChecklistLevel | null>> = { item: null, subitem: 'item', content: 'subitem' };

/** The level of a node's children (null: a 检查内容 has none). */
export function childLevelOf(level: ChecklistLevel): ChecklistLevel | null {
  return CHILD_LEVEL[level];
}

/** The level a node's parent must have (null: a 检查事项 has no parent). */
export function parentLevelOf(level: ChecklistLevel): ChecklistLevel | null {
  return PARENT_LEVEL[level];
}

export interface TreeLinks<T> {
  readonly key: (node: T) => string;
  readonly parentKey: (node: T) => string | null;
}

export interface Placed<T> {
  readonly node: T;
  /** 0 for a root. */
  readonly depth: number;
}

/**
 * Pre-order over any flat list of linked nodes (siblings in input order). Nodes whose parent is
 * missing, or that sit in a cycle, come last at depth 0, so nothing is ever dropped.
 */
export function preOrder<T>(nodes: readonly T[], links: TreeLinks<T>): Placed<T>[] {
  const keys = new Set(nodes.map(links.key));
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    const parent = links.parentKey(node);
    const slot = parent !== null && keys.has(parent) ? parent : parent === null ? null : undefined;
    if (slot === undefined) continue;
    const list = children.get(slot) ?? [];
    list.push(node);
    children.set(slot, list);
  }
  const out: Placed<T>[] = [];
  const seen = new Set<T>();
  const walk = (parent: string | null, depth: number): void => {
    for (const node of children.get(parent) ?? []) {
      if (seen.has(node)) continue;
      seen.add(node);
      out.push({ node, depth });
      walk(links.key(node), depth + 1);
    }
  };
  walk(null, 0);
  for (const node of nodes) if (!seen.has(node)) out.push({ node, depth: 0 });
  return out;
}

export const byCode: TreeLinks<Pick<ChecklistNode, 'code' | 'parentCode'>> = { key: (n) => n.code, parentKey: (n) => n.parentCode };

/** The nodes in tree order. */
export function inTreeOrder<T extends Pick<ChecklistNode, 'code' | 'parentCode'>>(nodes: readonly T[]): T[] {
  return preOrder(nodes, byCode).map((p) => p.node);
}

/** The code and the codes of every descendant. */
export function subtreeCodes(nodes: readonly Pick<ChecklistNode, 'code' | 'parentCode'>[], code: string): Set<string> {
  const out = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (node.parentCode !== null && out.has(node.parentCode) && !out.has(node.code)) {
        out.add(node.code);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * A free code for a new child of `parentCode` (or a new 检查事项 when null): `SX-001`, `SX-002`…
 * for items, `<parent>-01`, `<parent>-02`… below, continuing after the highest number in use. A new
 * 检查事项 takes the prefix of the list's existing ones (SJ-007 → SJ-008) unless `rootPrefix` is given.
 */
export function nextChildCode(nodes: readonly Pick<ChecklistNode, 'code' | 'parentCode'>[], parentCode: string | null, rootPrefix?: string): string {
  const inferred = /^(.+)-\d+$/.exec(nodes.find((n) => n.parentCode === null && /^.+-\d+$/.test(n.code))?.code ?? '')?.[1];
  const stem = parentCode ?? rootPrefix ?? inferred ?? 'SX';
  const width = parentCode === null ? 3 : 2;
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`);
  const used = new Set(nodes.map((n) => n.code));
  let next = 1;
  for (const node of nodes) {
    if (node.parentCode !== parentCode) continue;
    const match = pattern.exec(node.code);
    if (match) next = Math.max(next, Number(match[1]) + 1);
  }
  let code = `${stem}-${String(next).padStart(width, '0')}`;
  while (used.has(code)) code = `${stem}-${String(++next).padStart(width, '0')}`;
  return code;
}
