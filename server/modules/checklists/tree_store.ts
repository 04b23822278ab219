/**
 * Writes to the nodes of a version. Every write first locks the version row and refuses unless it
 * is a draft, so a published version never changes (plans and tasks keep pointing at the version
 * they used), even when an edit races the publication.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, max } from 'drizzle-orm';
import type { ChecklistLevel, ChecklistNode } from '../../../domain/checklist/types';
import type { CheckMethod } from '../../../domain/inspection/categories';
import { DEFAULT_RESULT_OPTIONS } from '../../../domain/checklist/types';
import type { Db } from '../../db/database';
import { checklistItems, checklistVersions } from '../../db/schema';
import { conflict, notFound, type AppError } from '../../http/errors';
import type { ItemFields } from './schema';

export interface LockedVersion {
  readonly id: string;
  readonly version: number;
  readonly status: string;
}

/** Locks the version row for the rest of the transaction. */
export async function lockVersion(tx: Db, checklistId: string, version: number): Promise<LockedVersion> {
  const [row] = await tx.select({ id: checklistVersions.id, version: checklistVersions.version, status: checklistVersions.status })
    .from(checklistVersions).where(and(eq(checklistVersions.checklistId, checklistId), eq(checklistVersions.version, version))).for('update');
  if (!row) throw notFound('清单版本');
  return row;
}

/** Locks the version and refuses unless it is a draft. */
export async function lockDraft(tx: Db, checklistId: string, version: number): Promise<LockedVersion> {
  const row = await lockVersion(tx, checklistId, version);
  if (row.status !== 'draft') throw versionLocked(version, row.status);
  return row;
}

/** 409: a published or superseded version never changes. */
export function versionLocked(version: number, status: string): AppError {
  return conflict('CHECKLIST_VERSION_LOCKED', `第 ${version} 版${status === 'published' ? '已发布' : '已被新版本替代'}，不能修改；如需调整，请「修订」生成新的草稿版本`);
}

export async function touchVersion(tx: Db, versionId: string, now: Date): Promise<void> {
  await tx.update(checklistVersions).set({ updatedAt: now }).where(eq(checklistVersions.id, versionId));
}

/** The editor's fields, keeping only those that apply to the level (东胜 四(二)1; 曲阳 第11条). */
export type LevelFields = Omit<ChecklistNode, 'parentCode' | 'level' | 'inherited' | 'sourceItemId' | 'methods' | 'resultOptions'> & {
  methods: CheckMethod[];
  resultOptions: string[];
};

export function fieldsForLevel(level: ChecklistLevel, input: ItemFields): LevelFields {
  const common = { code: input.code, name: input.name, basis: input.basis };
  const none = { category: null, target: null, methods: [], subject: null, resultOptions: [], checkMethod: null, yesWording: null, noWording: null };
  switch (level) {
    case 'item':
      return {
        ...none, ...common, category: input.category, target: input.target, methods: [...new Set(input.methods)], subject: input.subject,
        resultOptions: input.resultOptions.length > 0 ? input.resultOptions : [...DEFAULT_RESULT_OPTIONS],
      };
    case 'subitem':
      return { ...none, ...common };
    case 'content':
      return { ...none, ...common, checkMethod: input.checkMethod, yesWording: input.yesWording, noWording: input.noWording };
  }
}

/** Inserts nodes (in tree order) into a version; parents are found by code among the inserted nodes. */
export async function insertNodes(tx: Db, versionId: string, nodes: readonly ChecklistNode[], firstSortOrder = 0): Promise<string[]> {
  const ids = new Map<string, string>();
  const rows = nodes.map((node, i) => {
    const id = randomUUID();
    ids.set(node.code, id);
    return {
      id, versionId, parentId: node.parentCode === null ? null : (ids.get(node.parentCode) ?? null), level: node.level, code: node.code, name: node.name,
      category: node.category, target: node.target, methods: [...node.methods], subject: node.subject, basis: node.basis,
      resultOptions: [...node.resultOptions], checkMethod: node.checkMethod, yesWording: node.yesWording, noWording: node.noWording,
      inherited: node.inherited, sourceItemId: node.sourceItemId, sortOrder: firstSortOrder + i,
    };
  });
  for (let at = 0; at < rows.length; at += 300) await tx.insert(checklistItems).values(rows.slice(at, at + 300));
  return rows.map((r) => r.id);
}

/** Replaces every node of a (draft) version. */
export async function replaceNodes(tx: Db, versionId: string, nodes: readonly ChecklistNode[]): Promise<void> {
  await tx.delete(checklistItems).where(eq(checklistItems.versionId, versionId));
  await insertNodes(tx, versionId, nodes);
}

export async function nextSortOrder(tx: Db, versionId: string): Promise<number> {
  const [row] = await tx.select({ n: max(checklistItems.sortOrder) }).from(checklistItems).where(eq(checklistItems.versionId, versionId));
  return (row?.n ?? -1) + 1;
}

export async function createVersion(tx: Db, checklistId: string, version: number, now: Date): Promise<string> {
  const [row] = await tx.insert(checklistVersions).values({ checklistId, version, status: 'draft', createdAt: now, updatedAt: now }).returning({ id: checklistVersions.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function insertItem(tx: Db, versionId: string, parentId: string | null, level: ChecklistLevel, input: ItemFields): Promise<string> {
  const [row] = await tx.insert(checklistItems).values({
    versionId, parentId, level, ...fieldsForLevel(level, input), inherited: false, sourceItemId: null, sortOrder: await nextSortOrder(tx, versionId),
  }).returning({ id: checklistItems.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateItem(tx: Db, itemId: string, level: ChecklistLevel, input: ItemFields): Promise<void> {
  await tx.update(checklistItems).set(fieldsForLevel(level, input)).where(eq(checklistItems.id, itemId));
}

export async function deleteItems(tx: Db, versionId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.delete(checklistItems).where(and(eq(checklistItems.versionId, versionId), inArray(checklistItems.id, [...itemIds])));
}

/** Sets the order of all children of `parentId`; the ids must be exactly those children. */
export async function reorderChildren(tx: Db, versionId: string, parentId: string | null, itemIds: readonly string[]): Promise<boolean> {
  const children = await tx.select({ id: checklistItems.id, sortOrder: checklistItems.sortOrder }).from(checklistItems)
    .where(and(eq(checklistItems.versionId, versionId), parentId === null ? isNull(checklistItems.parentId) : eq(checklistItems.parentId, parentId)));
  const wanted = new Set(itemIds);
  if (wanted.size !== itemIds.length || children.length !== itemIds.length || children.some((c) => !wanted.has(c.id))) return false;
  const slots = children.map((c) => c.sortOrder).sort((a, b) => a - b);
  for (const [i, id] of itemIds.entries()) {
    await tx.update(checklistItems).set({ sortOrder: slots[i] ?? i }).where(eq(checklistItems.id, id));
  }
  return true;
}
