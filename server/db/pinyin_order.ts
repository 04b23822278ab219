import { asc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Orders by a pinyin sort key column (migration 0025, domain/directory/name_sort_key.ts) byte-wise, the same on
 * PGlite and PostgreSQL whatever the database's collation, then by the name itself for homophones.
 */
export function byPinyin(sortKey: AnyColumn, name: AnyColumn): SQL[] {
  return [asc(sql`${sortKey} collate "C"`), asc(sql`${name} collate "C"`)];
}
