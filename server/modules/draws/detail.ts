/**
 * What the API shows of a draw: the row, the caller's actions (row capabilities: the same transition check the write
 * runs), and for the detail the commitment's strata, the exclusions, the entered values and the counts.
 */
import { eq } from 'drizzle-orm';
import type { CommitmentV2 } from '../../../domain/draw/ceremony_v2';
import { allowedEvents } from '../../../domain/workflow/machine';
import type { ActorFacts } from '../../../domain/workflow/machine';
import { DRAW_STATUS_LABELS, DRAW_TRANSITIONS, transitionDraw, type DrawEvent, type DrawEventType, type DrawStatus } from '../../../domain/workflow/draw_states';
import type { Db } from '../../db/database';
import { drawPools } from '../../db/schema';
import type { AuthContext } from '../../http/request_context';
import { drawOf } from './domain_map';
import type { DrawDetail, DrawRow } from './schema';
import { progressOf } from './progress';
import { objectCounts, userNames, type DrawRecord } from './store';

/**
 * The caller as the draw machine sees them. 威海第3、6条: the supervisor role is `draw_supervisor`; a custom role that
 * carries workflow:draw:supervise counts as that role too (the permission is what the route checks).
 */
export function actorFacts(auth: AuthContext): ActorFacts {
  const roleKeys = auth.roles.map((r) => r.key);
  if (auth.permissions.has('workflow:draw:supervise') && !roleKeys.includes('draw_supervisor')) roleKeys.push('draw_supervisor');
  return { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys };
}

const EVENT_PERMISSIONS: Readonly<Record<DrawEventType, readonly string[]>> = {
  commit: ['workflow:draw:operate'],
  confirm_presence: ['workflow:draw:supervise'],
  enter_seed: ['workflow:draw:operate', 'workflow:draw:supervise'],
  execute: ['workflow:draw:operate'],
  publish_receipt: ['workflow:draw:operate'],
  void: ['workflow:draw:void'],
};

export function mayUse(auth: AuthContext, event: DrawEventType): boolean {
  return EVENT_PERMISSIONS[event].some((p) => auth.permissions.has(p as never));
}

/** The events the caller may apply to the draw now. */
export function actionsFor(auth: AuthContext, rec: DrawRecord): DrawEventType[] {
  const draw = drawOf(rec);
  const actor = actorFacts(auth);
  return allowedEvents(DRAW_TRANSITIONS, draw.status).filter((type) => {
    const event: DrawEvent = type === 'void' ? { type, reason: '检查' } : { type };
    return mayUse(auth, type) && transitionDraw(draw, event, actor).ok;
  });
}

export async function drawRows(db: Db, auth: AuthContext, recs: readonly DrawRecord[]): Promise<DrawRow[]> {
  const names = await userNames(db, [...new Set(recs.flatMap((r) => r.supervisorIds))]);
  return recs.map((r) => ({
    id: r.id, taskId: r.taskId, taskCode: r.taskCode, taskName: r.taskName, regionCode: r.regionCode, attempt: r.attempt, previousDrawId: r.previousDrawId,
    operatorId: r.operatorId, operatorName: r.operatorName, status: r.status as DrawStatus, statusLabel: DRAW_STATUS_LABELS[r.status as DrawStatus],
    requiredSupervisors: r.requiredSupervisors, supervisors: r.supervisorIds.map((id) => ({ userId: id, name: names.get(id) ?? null })),
    poolSize: r.poolSize, drawDate: r.drawDate, commitmentHash: r.commitmentHash, receiptHash: r.receiptHash, voidReason: r.voidReason, rowVersion: r.rowVersion,
    createdAt: r.createdAt.toISOString(), committedAt: r.committedAt?.toISOString() ?? null, executedAt: r.executedAt?.toISOString() ?? null,
    publishedAt: r.publishedAt?.toISOString() ?? null, actions: actionsFor(auth, r),
  }));
}

export async function drawDetail(db: Db, auth: AuthContext, rec: DrawRecord, now: Date): Promise<DrawDetail> {
  const [row] = await drawRows(db, auth, [rec]);
  const commitment = rec.commitment as CommitmentV2 | null;
  const [pool] = await db.select({ excluded: drawPools.excluded }).from(drawPools).where(eq(drawPools.drawId, rec.id));
  const counts = rec.status === 'drawn' || rec.status === 'published' ? await objectCounts(db, rec.id) : null;
  return {
    ...(row as DrawRow),
    commitment, commitLogSeq: rec.commitLogSeq, checkpointSeq: rec.checkpointSeq,
    strata: (commitment?.strata ?? []).map((s) => ({ key: s.key, size: Number(s.size), quota: Number(s.quota), reserve: Number(s.reserve) })),
    excluded: pool ? pool.excluded as { notActive: number; annualCap: number } : null,
    sourceValues: rec.sourceValues as { id: string; value: string }[] | null,
    sourcesDue: (commitment?.sources ?? []).filter((s) => s.value === '').map((s) => ({ id: s.id, availableAt: s.availableAt, available: now.getTime() >= Date.parse(s.availableAt) })),
    selectedCount: counts?.selected ?? null, reserveCount: counts?.reserve ?? null,
    progress: progressOf(rec.id),
  };
}
