import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DRAW_EVENT_LABELS, DRAW_STATUS_LABELS, DRAW_TRANSITIONS, RUNNING_DRAW_STATUSES, startDraw, transitionDraw,
  type Draw, type DrawEvent, type DrawEventType, type DrawStatus,
} from './draw_states';
import type { ActorFacts } from './machine';
import { ACTORS, REGION, draw } from './test_support';

const STATUSES = Object.keys(DRAW_TRANSITIONS) as DrawStatus[];
const EVENTS = Object.keys(DRAW_EVENT_LABELS) as DrawEventType[];
const PAYLOAD: Record<DrawEventType, DrawEvent> = {
  commit: { type: 'commit' }, confirm_presence: { type: 'confirm_presence' }, enter_seed: { type: 'enter_seed' },
  execute: { type: 'execute' }, publish_receipt: { type: 'publish_receipt' }, void: { type: 'void', reason: '名录文件有误' },
};
const actorFor = (type: DrawEventType): ActorFacts => (type === 'confirm_presence' ? ACTORS.supervisor : ACTORS.drafter);

describe('draw transitions: every (status, event) pair', () => {
  for (const status of STATUSES) {
    for (const type of EVENTS) {
      const targets = DRAW_TRANSITIONS[status][type];
      it(`${DRAW_STATUS_LABELS[status]} + ${DRAW_EVENT_LABELS[type]} → ${targets ? String(targets) : '409'}`, () => {
        const r = transitionDraw(draw({ status }), PAYLOAD[type], actorFor(type));
        if (targets) {
          expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
          if (r.ok) expect([targets].flat()).toContain(r.value.draw.status);
        } else {
          expect(r).toEqual({ ok: false, error: { kind: 'illegal_transition', code: 'DRAW_ILLEGAL_TRANSITION', message: `抽取当前为“${DRAW_STATUS_LABELS[status]}”，不能${DRAW_EVENT_LABELS[type]}` } });
        }
      });
    }
  }
});

describe('draw rules (威海第3、6条: the office supervises)', () => {
  const committed = draw({ status: 'committed' });
  it('the supervisor holds the role, sits in the region, is not the operator, and confirms once', () => {
    const operatorSupervisor = { ...ACTORS.drafter, roleKeys: ['dept_admin', 'draw_supervisor'] };
    expect(transitionDraw(committed, PAYLOAD.confirm_presence, operatorSupervisor)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'DRAW_OPERATOR_CANNOT_SUPERVISE' } });
    expect(transitionDraw(committed, PAYLOAD.confirm_presence, ACTORS.office)).toMatchObject({ ok: false, error: { code: 'DRAW_SUPERVISOR_ROLE_REQUIRED' } });
    expect(transitionDraw(committed, PAYLOAD.confirm_presence, { ...ACTORS.supervisor, regionCode: '220200' })).toMatchObject({ ok: false, error: { code: 'DRAW_SUPERVISOR_REGION' } });
    const twoNeeded = draw({ status: 'committed', requiredSupervisors: 2 });
    const first = transitionDraw(twoNeeded, PAYLOAD.confirm_presence, ACTORS.supervisor);
    expect(first.ok && first.value.draw).toMatchObject({ status: 'committed', supervisorIds: ['u-supervisor'] });
    const after = first.ok ? first.value.draw : twoNeeded;
    expect(transitionDraw(after, PAYLOAD.confirm_presence, ACTORS.supervisor)).toMatchObject({ ok: false, error: { code: 'DRAW_PRESENCE_ALREADY_CONFIRMED' } });
    const second = transitionDraw(after, PAYLOAD.confirm_presence, ACTORS.supervisor2);
    expect(second.ok && second.value.draw).toMatchObject({ status: 'supervisor_confirmed', supervisorIds: ['u-supervisor', 'u-supervisor2'] });
  });
  it('the operator runs each step; a present supervisor may enter the seed or void; a void needs a reason', () => {
    expect(transitionDraw(draw(), PAYLOAD.commit, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'DRAW_OPERATOR_ONLY' } });
    const confirmed = draw({ status: 'supervisor_confirmed', supervisorIds: ['u-supervisor'] });
    expect(transitionDraw(confirmed, PAYLOAD.enter_seed, ACTORS.supervisor).ok).toBe(true);
    expect(transitionDraw(confirmed, PAYLOAD.enter_seed, ACTORS.supervisor2)).toMatchObject({ ok: false, error: { code: 'DRAW_SEED_BY_OPERATOR_OR_SUPERVISOR' } });
    expect(transitionDraw(confirmed, PAYLOAD.void, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'DRAW_VOID_NOT_PERMITTED' } });
    expect(transitionDraw(confirmed, { type: 'void', reason: '' }, ACTORS.supervisor)).toMatchObject({ ok: false, error: { code: 'VOID_REASON_REQUIRED' } });
    const voided = transitionDraw(confirmed, PAYLOAD.void, ACTORS.supervisor);
    expect(voided.ok && voided.value).toEqual({
      draw: { ...confirmed, status: 'void', voidReason: '名录文件有误' },
      events: [{ type: 'DrawStatusChanged', drawId: 'draw-1', taskId: 'task-1', attempt: 1, from: 'supervisor_confirmed', to: 'void', event: 'void', reason: '名录文件有误' }],
    });
  });
});

describe('startDraw: one running draw per task, redraws linked to the voided attempt', () => {
  const init = { id: 'draw-2', taskId: 'task-1', regionCode: REGION, operatorId: ACTORS.drafter.userId };
  it('starts the first attempt', () => {
    expect(startDraw([], { ...init, id: 'draw-1' })).toEqual({ ok: true, value: draw() });
  });
  it('refuses while a draw runs or once the receipt is published', () => {
    for (const status of RUNNING_DRAW_STATUSES) {
      expect(startDraw([draw({ status })], init)).toMatchObject({ ok: false, error: { kind: 'illegal_transition', code: 'DRAW_ALREADY_RUNNING' } });
    }
    expect(startDraw([draw({ status: 'published' })], init)).toMatchObject({ ok: false, error: { code: 'TASK_ALREADY_DRAWN' } });
    expect(startDraw([draw({ taskId: 'task-9' })], init).ok).toBe(true);
  });
  it('links a redraw to the last voided attempt', () => {
    const r = startDraw([draw({ status: 'void' }), draw({ id: 'draw-1b', attempt: 2, previousDrawId: 'draw-1', status: 'void' })], { ...init, requiredSupervisors: 2 });
    expect(r.ok && r.value).toMatchObject({ id: 'draw-2', attempt: 3, previousDrawId: 'draw-1b', requiredSupervisors: 2, status: 'preparing' });
  });
  it('property: never two running draws of one task, the operator never supervises, confirmation needs enough supervisors', () => {
    const actors = [ACTORS.drafter, ACTORS.supervisor, ACTORS.supervisor2, ACTORS.head];
    const op = fc.oneof(fc.constant<'start'>('start'), fc.tuple(fc.constantFrom(...EVENTS), fc.constantFrom(...actors)));
    fc.assert(fc.property(fc.array(op, { minLength: 5, maxLength: 60, size: 'max' }), fc.integer({ min: 1, max: 2 }), (ops, required) => {
      let draws: Draw[] = [];
      for (const o of ops) {
        if (o === 'start') {
          const r = startDraw(draws, { id: `d${draws.length}`, taskId: 'task-1', regionCode: REGION, operatorId: ACTORS.drafter.userId, requiredSupervisors: required });
          if (r.ok) draws = [...draws, r.value];
        } else {
          const current = draws.at(-1);
          if (!current) continue;
          const r = transitionDraw(current, PAYLOAD[o[0]], o[1]);
          if (r.ok) draws = [...draws.slice(0, -1), r.value.draw];
        }
        expect(draws.filter((d) => RUNNING_DRAW_STATUSES.includes(d.status)).length).toBeLessThanOrEqual(1);
        for (const d of draws) {
          expect(d.supervisorIds).not.toContain(d.operatorId);
          if (['supervisor_confirmed', 'seed_entered', 'drawn', 'published'].includes(d.status)) expect(d.supervisorIds.length).toBeGreaterThanOrEqual(required);
        }
        draws.forEach((d, i) => expect(d.previousDrawId).toBe(i === 0 ? null : draws[i - 1]?.id));
      }
    }), { numRuns: 300 });
  });
});
