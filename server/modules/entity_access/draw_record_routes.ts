/**
 * 本单位核验记录 (docs/draw-protocol.md §9.2; issue #11 item 2): a signed-in entity downloads its own record of a published
 * draw — its stratum, its salt and the audit path of its leaf — to check in the browser (or with the CLI) that it was
 * rightly drawn or rightly not drawn. Only the entity itself is given it: the stratum is its credit class, never public.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { entityRecord } from '../../../domain/draw/entity_check';
import { draws } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';
import { uuidField } from '../../http/fields';
import { loadPool } from '../draws/pool_freeze';
import { requireEntity } from './entity_session';

const DrawParams = z.object({ drawId: uuidField('抽取') });
const EntityDrawRecord = z.strictObject({
  id: z.string(),
  stratum: z.string(),
  salt: z.string(),
  proof: z.array(z.strictObject({ side: z.enum(['L', 'R']), hash: z.string() })),
});

export function registerEntityDrawRecordRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/entity/draws/:drawId/record', {
    config: { access: 'public' },
    schema: {
      tags: ['检查对象-抽取核验'], summary: '本单位在一次已公示抽取中的核验记录（所在分层、盐值与名录库证明路径；须凭验证码登录，仅本单位可取）',
      params: DrawParams, response: { 200: EntityDrawRecord, ...errorResponses },
    },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    const [draw] = await services.db.select({ id: draws.id }).from(draws).where(and(eq(draws.id, request.params.drawId), eq(draws.status, 'published'))).limit(1);
    if (!draw) throw notFound('已公示的抽取');
    const record = entityRecord(await loadPool(services.db, draw.id), caller.creditCode);
    if (!record) throw notFound('本单位在该次抽取名录库中的记录（本单位不在该任务的抽取范围内）');
    return { ...record, proof: record.proof.map((step) => ({ side: step.side, hash: step.hash })) };
  });
}
