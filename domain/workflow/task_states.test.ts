import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withStep, DEFAULT_TASK_CHAIN } from './approval_chain';
import type { ActorFacts } from './machine';
import {
  TASK_EVENT_LABELS, TASK_STATUS_ALLOWS, TASK_STATUS_LABELS, TASK_TRANSITIONS, transitionTask, type TaskEvent, type TaskEventType, type TaskStatus,
} from './task_states';
import { ACTORS, task } from './test_support';

const STATUSES = Object.keys(TASK_TRANSITIONS) as TaskStatus[];
const EVENTS = Object.keys(TASK_EVENT_LABELS) as TaskEventType[];

const PAYLOAD: Record<TaskEventType, TaskEvent> = {
  edit: { type: 'edit' }, submit: { type: 'submit' }, approve: { type: 'approve' }, return: { type: 'return', comments: '检查人员范围过窄' },
  start_draw: { type: 'start_draw' }, draw_voided: { type: 'draw_voided', reason: '监督员未到场' }, draw_completed: { type: 'draw_completed' },
  dispatch: { type: 'dispatch' }, start_inspection: { type: 'start_inspection' }, complete: { type: 'complete' },
  terminate: { type: 'terminate', reason: '上级部署专项检查，本任务并入' },
};

/** The lead department's head may do every non-review event; the review is the head's too, the drafter submitted. */
const actorFor = (type: TaskEventType): ActorFacts => (type === 'submit' || type === 'edit' ? ACTORS.drafter : ACTORS.head);

describe('task transitions: every (status, event) pair', () => {
  for (const status of STATUSES) {
    for (const type of EVENTS) {
      const targets = TASK_TRANSITIONS[status][type];
      it(`${TASK_STATUS_LABELS[status]} + ${TASK_EVENT_LABELS[type]} → ${targets ? String(targets) : '409'}`, () => {
        const r = transitionTask(task({ status, submittedBy: ACTORS.drafter.userId }), PAYLOAD[type], actorFor(type));
        if (targets) {
          expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
          if (r.ok) {
            expect([targets].flat()).toContain(r.value.task.status);
            expect(r.value.events[0]).toMatchObject({ type: 'TaskStatusChanged', taskId: 'task-1', from: status, to: r.value.task.status, event: type });
          }
        } else {
          expect(r).toEqual({ ok: false, error: { kind: 'illegal_transition', code: 'TASK_ILLEGAL_TRANSITION', message: `抽查任务当前为“${TASK_STATUS_LABELS[status]}”，不能${TASK_EVENT_LABELS[type]}` } });
        }
      });
    }
  }
  it('describes what each state allows', () => {
    for (const status of STATUSES) expect(TASK_STATUS_ALLOWS[status]).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('task rules', () => {
  it('威海第6条: the head approves the 实施方案, never their own; a return needs comments', () => {
    const review = task({ status: 'in_review', submittedBy: ACTORS.head.userId });
    expect(transitionTask(review, PAYLOAD.approve, ACTORS.head)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'OWN_SUBMISSION' } });
    expect(transitionTask(task({ status: 'in_review', submittedBy: 'u-x' }), PAYLOAD.approve, ACTORS.drafter)).toMatchObject({ ok: false, error: { code: 'STEP_ROLE_REQUIRED' } });
    expect(transitionTask(task({ status: 'in_review', submittedBy: 'u-x' }), { type: 'return', comments: '' }, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'RETURN_COMMENTS_REQUIRED' } });
    const returned = transitionTask(task({ status: 'in_review', submittedBy: 'u-x' }), PAYLOAD.return, ACTORS.head);
    expect(returned.ok && returned.value.task).toMatchObject({ status: 'draft', returnComments: '检查人员范围过窄' });
  });
  it('a two-step chain stays in review after the first approval', () => {
    const chain = withStep(DEFAULT_TASK_CHAIN, 1, { key: 'office', label: '双随机办审核', role: 'joint_office', scope: 'same_region' });
    const first = transitionTask(task({ chain, status: 'in_review', submittedBy: 'u-x' }), PAYLOAD.approve, ACTORS.head);
    expect(first.ok && first.value.task).toMatchObject({ status: 'in_review', stepIndex: 1 });
  });
  it('东胜 四（四）2: only the lead department runs the task; only its head terminates, with a reason', () => {
    expect(transitionTask(task({ status: 'published' }), PAYLOAD.start_draw, ACTORS.office)).toMatchObject({ ok: false, error: { code: 'TASK_LEAD_DEPARTMENT_ONLY' } });
    expect(transitionTask(task({ status: 'published' }), PAYLOAD.terminate, ACTORS.drafter)).toMatchObject({ ok: false, error: { code: 'TASK_TERMINATE_HEAD_ONLY' } });
    expect(transitionTask(task({ status: 'published' }), { type: 'terminate', reason: ' ' }, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'TERMINATE_REASON_REQUIRED' } });
    expect(transitionTask(task({ status: 'drawing' }), { type: 'draw_voided', reason: '' }, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'VOID_REASON_REQUIRED' } });
    const ended = transitionTask(task({ status: 'inspecting' }), PAYLOAD.terminate, ACTORS.head);
    expect(ended.ok && ended.value.task).toMatchObject({ status: 'terminated', terminationReason: '上级部署专项检查，本任务并入' });
  });
  it('a running draw blocks termination (void the draw first)', () => {
    expect(transitionTask(task({ status: 'drawing' }), PAYLOAD.terminate, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'TASK_ILLEGAL_TRANSITION' } });
  });
});

describe('task properties', () => {
  it('from any state, accepted events follow the table and final states accept nothing', () => {
    fc.assert(fc.property(fc.constantFrom(...STATUSES), fc.array(fc.constantFrom(...EVENTS), { maxLength: 30 }), (start, events) => {
      let t = task({ status: start, submittedBy: 'u-x' });
      for (const type of events) {
        const r = transitionTask(t, PAYLOAD[type], ACTORS.head);
        if (t.status === 'completed' || t.status === 'terminated') expect(r.ok).toBe(false);
        if (!r.ok) continue;
        expect([TASK_TRANSITIONS[t.status][type]].flat()).toContain(r.value.task.status);
        t = r.value.task;
      }
    }));
  });
});
