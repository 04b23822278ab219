import { err, ok, type Result } from '../basics/result';
import type { DomainEvent } from '../events';
import { hasText, illegalTransition, invalid, isAllowed, notPermitted, type ActorFacts, type TransitionTable, type WorkflowError } from './machine';

/**
 * 抽取 (draw) state machine (issue #9 item 10; docs/draw-protocol.md; domain.md §3 M6 item 8).
 *
 * 准备 → 名录已冻结并承诺 (the pool is frozen and the commitment published before any randomness exists) →
 * 监督员已到场确认 (威海第3条: 办公室负责双随机抽取过程的监督; 第6条) → 随机值已录入 → 已抽取 → 凭证已公布.
 * A draw may be voided with a reason before its receipt is published; the redraw is a new attempt linked to the
 * voided one. One draw runs per task at a time (长春第5条、东胜 四（四）2: drawn in the platform, 全程留痕).
 */
export type DrawStatus = 'preparing' | 'committed' | 'supervisor_confirmed' | 'seed_entered' | 'drawn' | 'published' | 'void';
export type DrawEventType = 'commit' | 'confirm_presence' | 'enter_seed' | 'execute' | 'publish_receipt' | 'void';

export const DRAW_STATUS_LABELS: Readonly<Record<DrawStatus, string>> = {
  preparing: '准备', committed: '名录已冻结并承诺', supervisor_confirmed: '监督员已到场确认', seed_entered: '随机值已录入',
  drawn: '已抽取', published: '凭证已公布', void: '已作废',
};

export const DRAW_EVENT_LABELS: Readonly<Record<DrawEventType, string>> = {
  commit: '冻结名录并发布承诺', confirm_presence: '确认到场监督', enter_seed: '录入随机值', execute: '执行抽取',
  publish_receipt: '公布抽取凭证', void: '作废',
};

export const DRAW_TRANSITIONS: TransitionTable<DrawStatus, DrawEventType> = {
  preparing: { commit: 'committed', void: 'void' },
  committed: { confirm_presence: ['committed', 'supervisor_confirmed'], void: 'void' },
  supervisor_confirmed: { enter_seed: 'seed_entered', void: 'void' },
  seed_entered: { execute: 'drawn', void: 'void' },
  drawn: { publish_receipt: 'published', void: 'void' },
  published: {},
  void: {},
};

/** Statuses in which a draw is still running (the task may not start another). */
export const RUNNING_DRAW_STATUSES: readonly DrawStatus[] = ['preparing', 'committed', 'supervisor_confirmed', 'seed_entered', 'drawn'];

export interface Draw {
  readonly id: string;
  readonly taskId: string;
  readonly regionCode: string;
  /** 1 for the first draw of the task, then 2, 3… for redraws. */
  readonly attempt: number;
  /** The voided attempt this one redoes. */
  readonly previousDrawId: string | null;
  /** The staff member who prepares and runs the draw. */
  readonly operatorId: string;
  /** How many distinct supervisors must confirm their presence (at least 1). */
  readonly requiredSupervisors: number;
  readonly supervisorIds: readonly string[];
  readonly status: DrawStatus;
  readonly voidReason: string | null;
}

export type DrawEvent =
  | { readonly type: 'commit' | 'confirm_presence' | 'enter_seed' | 'execute' | 'publish_receipt' }
  | { readonly type: 'void'; readonly reason: string };

export interface DrawTransition {
  readonly draw: Draw;
  readonly events: readonly DomainEvent[];
}

/**
 * 威海第3、6条: the supervisor (办公室/纪检) watches the draw: holds the draw_supervisor role, in the draw's
 * region, and is not the operator (nobody supervises their own draw).
 */
function checkSupervisor(draw: Draw, actor: ActorFacts): Result<true, WorkflowError> {
  if (actor.userId === draw.operatorId) return notPermitted('DRAW_OPERATOR_CANNOT_SUPERVISE', '抽取操作人不能同时担任监督员');
  if (!actor.roleKeys.includes('draw_supervisor')) return notPermitted('DRAW_SUPERVISOR_ROLE_REQUIRED', '只有抽取监督员可以确认到场监督');
  if (actor.regionCode !== draw.regionCode) return notPermitted('DRAW_SUPERVISOR_REGION', '只能监督本级的抽取');
  return ok(true);
}

/** Applies `event` to `draw` as `actor`. Illegal transitions fail with kind 'illegal_transition' (409). */
export function transitionDraw(draw: Draw, event: DrawEvent, actor: ActorFacts): Result<DrawTransition, WorkflowError> {
  if (!isAllowed(DRAW_TRANSITIONS, draw.status, event.type)) {
    return illegalTransition('DRAW_ILLEGAL_TRANSITION', '抽取', DRAW_STATUS_LABELS[draw.status], DRAW_EVENT_LABELS[event.type]);
  }
  const moved = (status: DrawStatus, next: Partial<Draw> = {}, reason?: string): Result<DrawTransition, WorkflowError> => ok({
    draw: { ...draw, ...next, status },
    events: [{ type: 'DrawStatusChanged', drawId: draw.id, taskId: draw.taskId, attempt: draw.attempt, from: draw.status, to: status, event: event.type, ...(reason ? { reason } : {}) }],
  });
  const operatorOnly = () => notPermitted('DRAW_OPERATOR_ONLY', '只有本次抽取的操作人可以办理');
  switch (event.type) {
    case 'commit':
      return actor.userId === draw.operatorId ? moved('committed') : operatorOnly();
    case 'confirm_presence': {
      const allowed = checkSupervisor(draw, actor);
      if (!allowed.ok) return allowed;
      if (draw.supervisorIds.includes(actor.userId)) return illegalTransition('DRAW_PRESENCE_ALREADY_CONFIRMED', '抽取', '您已确认到场', '重复确认');
      const supervisorIds = [...draw.supervisorIds, actor.userId];
      return moved(supervisorIds.length >= Math.max(1, draw.requiredSupervisors) ? 'supervisor_confirmed' : 'committed', { supervisorIds });
    }
    case 'enter_seed':
      // docs/draw-protocol.md: the declared public values (e.g. dice thrown on site) are entered by the operator or a present supervisor.
      return actor.userId === draw.operatorId || draw.supervisorIds.includes(actor.userId)
        ? moved('seed_entered')
        : notPermitted('DRAW_SEED_BY_OPERATOR_OR_SUPERVISOR', '随机值只能由操作人或到场的监督员录入');
    case 'execute':
      return actor.userId === draw.operatorId ? moved('drawn') : operatorOnly();
    case 'publish_receipt':
      return actor.userId === draw.operatorId ? moved('published') : operatorOnly();
    case 'void':
      if (actor.userId !== draw.operatorId && !draw.supervisorIds.includes(actor.userId)) {
        return notPermitted('DRAW_VOID_NOT_PERMITTED', '只有操作人或到场的监督员可以作废本次抽取');
      }
      if (!hasText(event.reason)) return invalid('VOID_REASON_REQUIRED', '作废抽取须填写原因');
      return moved('void', { voidReason: event.reason.trim() }, event.reason.trim());
  }
}

/**
 * Starts a task's next draw: refused while another draw of the task runs or once one has published its
 * receipt; after a voided attempt, the new one is the next attempt and links to it (redraw).
 */
export function startDraw(
  taskDraws: readonly Draw[],
  init: { id: string; taskId: string; regionCode: string; operatorId: string; requiredSupervisors?: number },
): Result<Draw, WorkflowError> {
  const own = taskDraws.filter((d) => d.taskId === init.taskId);
  if (own.some((d) => RUNNING_DRAW_STATUSES.includes(d.status))) {
    return err({ kind: 'illegal_transition', code: 'DRAW_ALREADY_RUNNING', message: '该任务已有一次抽取正在进行，须完成或作废后才能重新抽取' });
  }
  if (own.some((d) => d.status === 'published')) {
    return err({ kind: 'illegal_transition', code: 'TASK_ALREADY_DRAWN', message: '该任务的抽取凭证已公布，不能再次抽取' });
  }
  const previous = own.reduce<Draw | null>((last, d) => (last === null || d.attempt > last.attempt ? d : last), null);
  return ok({
    id: init.id, taskId: init.taskId, regionCode: init.regionCode, operatorId: init.operatorId,
    attempt: (previous?.attempt ?? 0) + 1, previousDrawId: previous?.id ?? null,
    requiredSupervisors: Math.max(1, init.requiredSupervisors ?? 1), supervisorIds: [], status: 'preparing', voidReason: null,
  });
}
