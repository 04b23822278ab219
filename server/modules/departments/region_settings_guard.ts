/**
 * The guard of every per-region settings route (派发设置, 检查结果期限): the region exists (404) and lies within the
 * caller's data scope (403).
 */
import type { Db } from '../../db/database';
import { forbidden, notFound } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { regionExists } from './store';

export async function assertRegionSettable(db: Db, auth: AuthContext, regionCode: string): Promise<void> {
  if (!(await regionExists(db, regionCode))) throw notFound(`行政区划 ${regionCode}`);
  if (auth.scope.kind !== 'all' && !auth.scope.regionPrefixes.some((p) => regionCode.startsWith(p))) throw forbidden('只能设置本人数据权限范围内的区域');
}
