/**
 * The heavy steps of the suiji-draw/2 ceremony (domain/draw/ceremony_v2.ts, in its order): the commitment over the
 * frozen pool and its anchor (the draw.commit log row, then a signed checkpoint covering it), and the execution from
 * the stored pool, commitment, entered values and anchors. Nothing here is random except the pool's salts, which are
 * stored before the commitment exists; executing twice from the same rows gives the same receipt.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import {
  COMMIT_ACTION, executeDrawV2, makeCommitmentV2, type Anchor, type Checkpoint, type CommitmentV2, type ReceiptV2, type SourceDeclaration, type SourceValue,
} from '../../../domain/draw/ceremony_v2';
import { ELIGIBILITY_RULE_VERSIONS } from '../../../domain/draw/eligibility';
import { preparePool } from '../../../domain/draw/pool';
import type { TaskSpec } from '../../../domain/workflow/task_spec';
import type { CheckpointKey } from '../../audit/checkpoint_key';
import { createCheckpoint } from '../../audit/checkpoints';
import { publishedRows } from '../../audit/published_rows';
import type { Db } from '../../db/database';
import { draws, marketEntities, operationLog } from '../../db/schema';
import { AppError, badRequest, conflict } from '../../http/errors';
import { freezePool, loadPool, storePool, type FrozenPool } from './pool_freeze';
import type { CommitDrawInput } from './schema';
import { drawsOfTask, userNames, type DrawRecord, type DrawTableRow } from './store';

/** A declared source must come into existence at least this long after the commitment (its anchor is signed first). */
export const SOURCE_MIN_LEAD_MS = 10 * 60_000;

/**
 * The lead the server demands: SOURCE_MIN_LEAD_MS. Browser journeys cannot move the running server's clock, so
 * e2e/harness.ts may set SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS (≥ 5) to shorten it; it is honoured only when
 * NODE_ENV !== 'production' and never in a production server. The verifiers do not depend on it: they check that
 * the signed checkpoint precedes every declared time (§16), which still holds with the shorter lead.
 */
export function sourceMinLeadMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['SUIJI_E2E_SOURCE_MIN_LEAD_SECONDS'];
  if (env['NODE_ENV'] === 'production' || raw === undefined || raw === '') return SOURCE_MIN_LEAD_MS;
  const seconds = Number(raw);
  return Number.isInteger(seconds) && seconds >= 5 ? Math.min(seconds * 1000, SOURCE_MIN_LEAD_MS) : SOURCE_MIN_LEAD_MS;
}

/** Test hooks (the kill -9 test pauses inside the execute transaction, before it commits). */
export const DRAW_TEST_HOOKS = { beforeExecuteCommit: null as (() => Promise<void>) | null };

/** The commitment's time: the change's clock to the second, never later than its log row. */
export function commitInstant(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

export function declarationsOf(input: CommitDrawInput): SourceDeclaration[] {
  return input.sources.map((s) => ({ id: s.id, type: s.type, name: s.name, round: s.round, count: s.count, availableAt: s.availableAt, value: s.value, description: s.description }));
}

/** 400 unless every source whose value is entered later comes into existence `leadMs` (sourceMinLeadMs()) after `now`. */
export function checkSourceTimes(sources: readonly SourceDeclaration[], now: Date, leadMs = sourceMinLeadMs()): void {
  const lead = leadMs % 60_000 === 0 ? `${leadMs / 60_000} 分钟` : `${leadMs / 1000} 秒`;
  const details = sources.flatMap((s, i) => (s.value === '' && Date.parse(s.availableAt) < now.getTime() + leadMs
    ? [{ field: `sources.${i}.availableAt`, message: `随机数“${s.id}”的产生时间 ${s.availableAt} 须晚于现在至少 ${lead}` }] : []));
  if (details.length > 0) {
    throw badRequest('SOURCE_TIME_NOT_FUTURE', `随机数须在承诺公布之后才产生：${details.map((d) => d.message).join('；')}（否则承诺可能是在知道随机数之后才作出的）`, details);
  }
}

/** The task's earlier committed attempts (any status), newest first. */
export function committedBefore(attempts: readonly DrawTableRow[], drawId: string): DrawTableRow[] {
  return attempts.filter((d) => d.id !== drawId && d.commitmentHash !== null).sort((a, b) => b.attempt - a.attempt);
}

/**
 * Freezes the pool, builds the commitment and stores both (inside the commit change). The commitment's `attempt`
 * counts committed attempts only (an attempt voided before its commitment never reached the public list, §17.3);
 * a redraw links to the previous committed attempt with its void reason and who voided it.
 */
export async function freezeAndCommit(tx: Db, rec: DrawRecord, spec: TaskSpec, input: CommitDrawInput, now: Date): Promise<{ commitment: CommitmentV2; frozen: FrozenPool; sha256: string }> {
  const frozen = await freezePool(tx, { taskId: rec.taskId, taskRegion: rec.regionCode, spec, drawDate: input.drawDate });
  const previous = committedBefore(await drawsOfTask(tx, rec.taskId), rec.id)[0];
  if (previous && previous.status !== 'void') throw conflict('DRAW_ALREADY_RUNNING', '该任务的上一次抽取尚未作废，不能重新承诺');
  const approvedBy = previous?.voidedBy ? (await userNames(tx, [previous.voidedBy])).get(previous.voidedBy) ?? previous.voidedBy : '';
  const made = makeCommitmentV2({
    taskId: rec.taskId,
    attempt: previous ? Number((previous.commitment as CommitmentV2).attempt) + 1 : 1,
    ...(previous ? { previous: { commitmentHash: previous.commitmentHash as string, reason: previous.voidReason ?? '', approvedBy } } : {}),
    committedAt: commitInstant(now), drawDate: input.drawDate, annualCap: spec.annualCap, ruleVersions: ELIGIBILITY_RULE_VERSIONS,
    params: { strata: spec.strata.map((s) => ({ key: s.key, mode: s.mode, value: s.value, rounding: s.rounding, minPercent: s.minPercent, reserve: s.reserve })), minTotalPercent: spec.minTotalPercent },
    pool: frozen.commitment, ledgerHash: frozen.ledgerHash, inspectorPoolHash: '',
    sources: declarationsOf(input), sourceException: input.sourceException,
  });
  if (!made.ok) throw badRequest(made.error.code, made.error.message, made.error.path ? [{ field: made.error.path, message: made.error.message }] : undefined);
  const sha256 = await storePool(tx, rec.id, Number(input.drawDate.slice(0, 4)), frozen);
  return { commitment: made.value, frozen, sha256 };
}

/**
 * Anchors a committed draw: finds its draw.commit row and signs a checkpoint of the head (which covers it), in one
 * transaction. Idempotent: an anchored draw is left as it is. Run right after the commit change; a process that died
 * in between is caught up by the next step (whose sources' times the verifier then checks against this checkpoint).
 */
export async function anchorCommitment(db: Db, drawId: string, key: CheckpointKey, now: () => Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [draw] = await tx.select({ checkpointSeq: draws.checkpointSeq }).from(draws).where(eq(draws.id, drawId)).for('update');
    if (!draw || draw.checkpointSeq !== null) return;
    const [row] = await tx.select({ seq: operationLog.seq }).from(operationLog)
      .where(and(eq(operationLog.action, COMMIT_ACTION), eq(operationLog.targetId, drawId))).orderBy(desc(operationLog.seq)).limit(1);
    if (!row) return;
    const checkpoint = await createCheckpoint(tx, key, now(), 'manual');
    if (!checkpoint) return;
    await tx.update(draws).set({ commitLogSeq: row.seq, checkpointSeq: checkpoint.seq, checkpoint }).where(eq(draws.id, drawId));
  });
}

export async function anchorOf(db: Db, d: Pick<DrawTableRow, 'commitLogSeq' | 'checkpointSeq' | 'checkpoint'>): Promise<Anchor> {
  if (d.commitLogSeq === null || d.checkpointSeq === null || d.checkpoint === null) throw conflict('DRAW_NOT_ANCHORED', '本次抽取的承诺尚未锚定（操作日志与检查点），不能执行');
  return { rows: await publishedRows(db, d.commitLogSeq, d.checkpointSeq), checkpoint: d.checkpoint as Checkpoint };
}

export interface DrawOutcome {
  readonly receipt: ReceiptV2;
  /** draw_objects rows: entity id, stratum, rank from 1, reserve. */
  readonly objects: { entityId: number; stratum: string; rank: number; reserve: boolean }[];
}

/** Runs the draw from the stored rows (read-only): the same rows always give the same receipt. */
export async function computeOutcome(db: Db, d: DrawTableRow): Promise<DrawOutcome> {
  const commitment = d.commitment as CommitmentV2;
  const anchor = await anchorOf(db, d);
  let previousAnchor: Anchor | undefined;
  if (commitment.previousCommitmentHash !== '') {
    const [prev] = await db.select().from(draws).where(and(eq(draws.taskId, d.taskId), eq(draws.commitmentHash, commitment.previousCommitmentHash))).limit(1);
    if (!prev) throw conflict('DRAW_PREVIOUS_MISSING', '找不到本次重抽所衔接的前次抽取');
    previousAnchor = await anchorOf(db, prev);
  }
  const { prepared, commitment: poolCommitment } = preparePool(await loadPool(db, d.id));
  const executed = executeDrawV2(prepared, poolCommitment, commitment, (d.sourceValues ?? []) as SourceValue[], anchor, previousAnchor);
  if (!executed.ok) throw conflict('DRAW_EXECUTE_FAILED', `抽取无法执行：${executed.error.message}`);
  const receipt = executed.value;
  const listed = (receipt.result?.strata ?? []).flatMap((s) => [
    ...s.selected.map((e, i) => ({ code: e.id, stratum: s.key, rank: i + 1, reserve: false })),
    ...s.reserveList.map((e, i) => ({ code: e.id, stratum: s.key, rank: i + 1, reserve: true })),
  ]);
  const ids = new Map<string, number>();
  for (let i = 0; i < listed.length; i += 1000) {
    const rows = await db.select({ id: marketEntities.id, code: marketEntities.code }).from(marketEntities).where(inArray(marketEntities.code, listed.slice(i, i + 1000).map((l) => l.code)));
    for (const r of rows) ids.set(r.code, r.id);
  }
  const objects = listed.map((l) => {
    const entityId = ids.get(l.code);
    if (entityId === undefined) throw new AppError(500, 'DRAW_ENTITY_MISSING', `抽中的检查对象“${l.code}”已不在名录中`);
    return { entityId, stratum: l.stratum, rank: l.rank, reserve: l.reserve };
  });
  return { receipt, objects };
}
