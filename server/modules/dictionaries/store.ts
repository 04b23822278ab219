/**
 * 字典: open code lists (a type and its items). Not region-scoped: access is by permission alone.
 * Items belong to a type by its key (`type_key`), so re-keying a type moves its items with it.
 */
import { and, asc, count, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { dictionaryItems, dictionaryTypes } from '../../db/schema';
import { likeContains, offsetOf, type Page } from '../../http/paging';
import { BUILTIN_DICTIONARIES } from './builtin';
import type { DictionaryItemInput, DictionaryItemRow, DictionaryOption, DictionaryTypeInput, DictionaryTypeRow } from './schema';

const itemCount = sql<number>`(select count(*)::int from ${dictionaryItems} i where i.type_key = ${dictionaryTypes}.key)`;
const typeColumns = {
  id: dictionaryTypes.id, key: dictionaryTypes.key, name: dictionaryTypes.name, remark: dictionaryTypes.remark,
  builtin: dictionaryTypes.builtin, itemCount, createdAt: dictionaryTypes.createdAt,
};

/** Built-in dictionaries back the code; a dictionary with items is emptied first. The delete route refuses with this. */
export function typeDeleteConflict(type: { name: string; builtin: boolean; itemCount: number }): { code: 'DICTIONARY_TYPE_BUILTIN' | 'DICTIONARY_TYPE_HAS_ITEMS'; message: string } | null {
  if (type.builtin) return { code: 'DICTIONARY_TYPE_BUILTIN', message: `「${type.name}」是内置字典，不能删除` };
  if (type.itemCount > 0) return { code: 'DICTIONARY_TYPE_HAS_ITEMS', message: `字典「${type.name}」还有 ${type.itemCount} 条字典数据，请先删除这些数据` };
  return null;
}

function presentType(row: Omit<DictionaryTypeRow, 'itemCount' | 'createdAt' | 'actions'> & { itemCount: unknown; createdAt: Date }): DictionaryTypeRow {
  const itemCount = Number(row.itemCount);
  return { ...row, itemCount, createdAt: row.createdAt.toISOString(), actions: { edit: null, delete: typeDeleteConflict({ ...row, itemCount })?.message ?? null } };
}

function presentItem(row: typeof dictionaryItems.$inferSelect): DictionaryItemRow {
  return {
    id: row.id, typeKey: row.typeKey, value: row.value, label: row.label, sortOrder: row.sortOrder, tagColor: row.tagColor,
    status: row.status === 'disabled' ? 'disabled' : 'active', createdAt: row.createdAt.toISOString(),
  };
}

export async function listTypes(db: Db, query: { keyword?: string | undefined; page: number; pageSize: number }): Promise<Page<DictionaryTypeRow>> {
  const where: SQL | undefined = query.keyword
    ? or(sql`${dictionaryTypes.key} ilike ${likeContains(query.keyword)}`, sql`${dictionaryTypes.name} ilike ${likeContains(query.keyword)}`)
    : undefined;
  const [rows, totals] = await Promise.all([
    db.select(typeColumns).from(dictionaryTypes).where(where).orderBy(asc(dictionaryTypes.createdAt), asc(dictionaryTypes.key))
      .limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(dictionaryTypes).where(where),
  ]);
  return { rows: rows.map(presentType), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getType(db: Db, by: { id: string } | { key: string }): Promise<DictionaryTypeRow | null> {
  const [row] = await db.select(typeColumns).from(dictionaryTypes)
    .where('id' in by ? eq(dictionaryTypes.id, by.id) : eq(dictionaryTypes.key, by.key));
  return row ? presentType(row) : null;
}

export async function insertType(tx: Db, input: DictionaryTypeInput, now: Date, builtin = false): Promise<string> {
  const [row] = await tx.insert(dictionaryTypes).values({ ...input, builtin, createdAt: now, updatedAt: now }).returning({ id: dictionaryTypes.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

/** Updates a type; a new key carries its items along (same transaction). */
export async function updateType(tx: Db, before: DictionaryTypeRow, input: DictionaryTypeInput, now: Date): Promise<void> {
  await tx.update(dictionaryTypes).set({ ...input, updatedAt: now }).where(eq(dictionaryTypes.id, before.id));
  if (input.key !== before.key) await tx.update(dictionaryItems).set({ typeKey: input.key, updatedAt: now }).where(eq(dictionaryItems.typeKey, before.key));
}

export async function deleteType(tx: Db, id: string): Promise<void> {
  await tx.delete(dictionaryTypes).where(eq(dictionaryTypes.id, id));
}

export async function listItems(
  db: Db, typeKey: string, query: { label?: string | undefined; status?: 'active' | 'disabled' | undefined; page: number; pageSize: number },
): Promise<Page<DictionaryItemRow>> {
  const where = and(
    eq(dictionaryItems.typeKey, typeKey),
    query.label ? sql`${dictionaryItems.label} ilike ${likeContains(query.label)}` : undefined,
    query.status ? eq(dictionaryItems.status, query.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db.select().from(dictionaryItems).where(where).orderBy(asc(dictionaryItems.sortOrder), asc(dictionaryItems.value))
      .limit(query.pageSize).offset(offsetOf(query)),
    db.select({ n: count() }).from(dictionaryItems).where(where),
  ]);
  return { rows: rows.map(presentItem), total: totals[0]?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

export async function getItem(db: Db, typeKey: string, id: string): Promise<DictionaryItemRow | null> {
  const [row] = await db.select().from(dictionaryItems).where(and(eq(dictionaryItems.id, id), eq(dictionaryItems.typeKey, typeKey)));
  return row ? presentItem(row) : null;
}

export async function dictionaryOptions(db: Db, typeKey: string): Promise<DictionaryOption[]> {
  return db.select({ value: dictionaryItems.value, label: dictionaryItems.label, tagColor: dictionaryItems.tagColor }).from(dictionaryItems)
    .where(and(eq(dictionaryItems.typeKey, typeKey), eq(dictionaryItems.status, 'active')))
    .orderBy(asc(dictionaryItems.sortOrder), asc(dictionaryItems.value));
}

export async function insertItem(tx: Db, typeKey: string, input: DictionaryItemInput, now: Date): Promise<string> {
  const [row] = await tx.insert(dictionaryItems).values({ ...input, typeKey, createdAt: now, updatedAt: now }).returning({ id: dictionaryItems.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}

export async function updateItem(tx: Db, id: string, input: DictionaryItemInput, now: Date): Promise<void> {
  await tx.update(dictionaryItems).set({ ...input, updatedAt: now }).where(eq(dictionaryItems.id, id));
}

export async function deleteItem(tx: Db, id: string): Promise<void> {
  await tx.delete(dictionaryItems).where(eq(dictionaryItems.id, id));
}

/**
 * Seeds the built-in dictionaries (idempotent). A type's items are seeded only when the type itself
 * is created, so items an administrator later deleted or re-valued are not brought back.
 * Returns the keys of the types it created.
 */
export async function ensureDictionaries(db: Db, now: Date = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (const [index, dictionary] of BUILTIN_DICTIONARIES.entries()) {
    // One millisecond apart, so the list (ordered by creation) shows them in the order declared.
    const at = new Date(now.getTime() + index);
    await db.transaction(async (tx) => {
      const [row] = await tx.insert(dictionaryTypes)
        .values({ key: dictionary.key, name: dictionary.name, remark: dictionary.remark, builtin: true, createdAt: at, updatedAt: at })
        .onConflictDoNothing().returning({ id: dictionaryTypes.id });
      if (!row) return;
      await tx.insert(dictionaryItems).values(dictionary.items.map(([value, label], i) => ({
        typeKey: dictionary.key, value, label, sortOrder: (i + 1) * 10, createdAt: at, updatedAt: at,
      }))).onConflictDoNothing();
      created.push(dictionary.key);
    });
  }
  return created;
}
