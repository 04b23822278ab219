import type { OperationLogRow } from '../../api/system';

/**
 * 「匿名请求被拒绝 N 次」 for a log row that stands for several refusals: the same client's refusals
 * of this route with this error code in this row's minute, this one included (server/audit/refusals.ts).
 */
export function refusalCountText(row: Pick<OperationLogRow, 'actorId' | 'refusalCount'>): string | null {
  if (row.refusalCount === null || row.refusalCount < 2) return null;
  return `${row.actorId ? '' : '匿名'}请求被拒绝 ${row.refusalCount} 次`;
}
