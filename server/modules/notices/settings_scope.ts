import { eq } from 'drizzle-orm';
import type { DataScope } from '../../../domain/access/data_scope';
import type { Db } from '../../db/database';
import { departments } from '../../db/schema';

/** Whether a department exists and lies in the caller's data scope (its region or the department itself). */
export async function departmentInScope(db: Db, scope: DataScope, departmentId: string): Promise<'inside' | 'outside' | 'missing'> {
  const [row] = await db.select({ regionCode: departments.regionCode, deletedAt: departments.deletedAt }).from(departments).where(eq(departments.id, departmentId));
  if (!row || row.deletedAt) return 'missing';
  if (scope.kind === 'all') return 'inside';
  const inside = scope.departmentIds.includes(departmentId) || scope.regionPrefixes.some((p) => row.regionCode.startsWith(p));
  return inside ? 'inside' : 'outside';
}
