/**
 * Compiles a DataScope (domain/access/data_scope.ts) into a parameterised SQL predicate. Every list
 * and single-record query of a scoped resource takes the caller's scope and ANDs this in, so a
 * record outside the scope is simply not found (404), never leaked.
 */
import { inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { DataScope } from '../../domain/access/data_scope';

export interface ScopeColumns {
  /** A region code column (or expression) of the record. */
  readonly regionCode?: SQLWrapper;
  /** The owning department column. */
  readonly departmentId?: SQLWrapper;
  /** The owning user column (creator or the user itself). */
  readonly ownerUserId?: SQLWrapper;
}

export function scopeWhere(scope: DataScope, columns: ScopeColumns): SQL {
  if (scope.kind === 'all') return sql`true`;
  const parts: SQL[] = [];
  if (columns.regionCode && scope.regionPrefixes.length > 0) {
    const likes = scope.regionPrefixes.map((prefix) => sql`${columns.regionCode} like ${`${prefix}%`}`);
    parts.push(sql`(${sql.join(likes, sql` or `)})`);
  }
  if (columns.departmentId && scope.departmentIds.length > 0) {
    parts.push(inArray(columns.departmentId as never, [...scope.departmentIds]));
  }
  if (columns.ownerUserId && scope.userId) parts.push(sql`${columns.ownerUserId} = ${scope.userId}`);
  if (parts.length === 0) return sql`false`;
  return or(...parts) ?? sql`false`;
}
