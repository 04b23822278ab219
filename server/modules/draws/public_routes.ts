/**
 * The draw's public documents (docs/draw-protocol.md §16–§17; 长春第5条、东胜 四（四）2: 全程留痕、结果公开): the
 * commitment from the moment it is anchored, the public receipt once published, and the list of every committed
 * attempt of a task (a withdrawn attempt cannot be hidden: checkAttemptList). No login; no risk class, no stratum
 * lists (the public receipt keeps only their hash).
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { toPublicReceiptV2, type CommitmentV2, type ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import type { DrawStatus } from '../../../domain/workflow/draw_states';
import { draws } from '../../db/schema';
import { type AppServices, type TypedApp, readDb } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { AttemptListDocument, PublicCommitment, PublicReceipt, TaskIdParams } from './schema';

const tags = ['公示'];

export function registerPublicDrawRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/draws/:id/commitment', {
    config: { access: 'public' },
    schema: { tags, summary: '抽取承诺公示（锚定后即公开，早于任何随机数产生）', params: idParams, response: { 200: PublicCommitment, ...errorResponses } },
  }, async (request) => {
    const [d] = await readDb(services).select().from(draws).where(and(eq(draws.id, request.params.id), isNotNull(draws.checkpointSeq))).limit(1);
    if (!d || !d.commitment || !d.commitmentHash || !d.committedAt) throw notFound('抽取承诺');
    const commitment = d.commitment as CommitmentV2;
    return {
      drawId: d.id, taskId: d.taskId, attempt: Number(commitment.attempt), commitmentHash: d.commitmentHash, commitment,
      committedAt: d.committedAt.toISOString(), status: d.status as DrawStatus,
    };
  });

  app.get('/api/public/draws/:id/receipt', {
    config: { access: 'public' },
    schema: { tags, summary: '抽取凭证公示（公开版本）', params: idParams, response: { 200: PublicReceipt, ...errorResponses } },
  }, async (request) => {
    const [d] = await readDb(services).select().from(draws).where(and(eq(draws.id, request.params.id), eq(draws.status, 'published'))).limit(1);
    if (!d || !d.receipt || !d.receiptHash || !d.publishedAt) throw notFound('抽取凭证');
    const receipt = toPublicReceiptV2(d.receipt as ReceiptV2);
    return { drawId: d.id, taskId: d.taskId, attempt: Number(receipt.commitment.attempt), receiptHash: d.receiptHash, publishedAt: d.publishedAt.toISOString(), receipt };
  });

  app.get('/api/public/tasks/:taskId/attempts', {
    config: { access: 'public' },
    schema: { tags, summary: '任务的抽取次序表（每次已承诺的抽取，含作废的）', params: TaskIdParams, response: { 200: AttemptListDocument, ...errorResponses } },
  }, async (request) => {
    const rows = await readDb(services).select({ commitment: draws.commitment, commitmentHash: draws.commitmentHash }).from(draws)
      .where(and(eq(draws.taskId, request.params.taskId), isNotNull(draws.checkpointSeq))).orderBy(asc(draws.attempt));
    if (rows.length === 0) throw notFound('抽取次序表');
    return {
      format: 'suiji-attempts/1' as const, taskId: request.params.taskId,
      attempts: rows.map((r) => {
        const c = r.commitment as CommitmentV2;
        return { attempt: c.attempt, commitmentHash: r.commitmentHash as string, previousCommitmentHash: c.previousCommitmentHash };
      }),
    };
  });
}
