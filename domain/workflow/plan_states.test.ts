import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CALENDAR } from '../calendar/working_days';
import { DONGSHENG_PLAN_CHAIN, WEIHAI_PLAN_CHAIN, withStep } from './approval_chain';
import { allowedEvents, type ActorFacts } from './machine';
import {
  PLAN_EVENT_LABELS, PLAN_STATUS_LABELS, PLAN_TRANSITIONS, adjustmentDeadline, transitionPlan, type Plan, type PlanEvent, type PlanEventType, type PlanStatus,
} from './plan_states';
import { ACTORS, D, DEPT, plan } from './test_support';

const STATUSES = Object.keys(PLAN_TRANSITIONS) as PlanStatus[];
const EVENTS = Object.keys(PLAN_EVENT_LABELS) as PlanEventType[];

const ADJUST = { type: 'adjust' as const, reason: '新增特种设备专项', on: D('2026-04-30') };
const PAYLOAD: Record<PlanEventType, PlanEvent> = {
  edit: { type: 'edit' },
  submit: { type: 'submit', on: D('2026-01-10') },
  withdraw: { type: 'withdraw' },
  approve: { type: 'approve', comment: '同意' },
  return: { type: 'return', comments: '抽查比例需补充依据' },
  adjust: ADJUST,
  void: { type: 'void', reason: '与联合计划重复' },
};

const ACTOR_FOR: Record<PlanEventType, ActorFacts> = {
  edit: ACTORS.drafter, submit: ACTORS.drafter, withdraw: ACTORS.drafter, approve: ACTORS.head, return: ACTORS.head, adjust: ACTORS.drafter, void: ACTORS.head,
};

function inStatus(status: PlanStatus): Plan {
  const submitted = { submittedBy: ACTORS.drafter.userId, submittedOn: D('2026-01-10') };
  switch (status) {
    case 'draft': return plan();
    case 'in_review': return plan({ status, ...submitted });
    case 'returned': return plan({ status, ...submitted, returnComments: '请补充' });
    case 'published': return plan({ status, ...submitted, publishedVersion: 1 });
    case 'void': return plan({ status });
  }
}

function run(p: Plan, steps: [PlanEvent, ActorFacts][]): Plan {
  let current = p;
  for (const [event, actor] of steps) {
    const r = transitionPlan(current, event, actor);
    if (!r.ok) throw new Error(`${event.type} by ${actor.userId}: ${r.error.message}`);
    current = r.value.plan;
  }
  return current;
}

describe('plan transitions: every (status, event) pair', () => {
  for (const status of STATUSES) {
    for (const type of EVENTS) {
      const targets = PLAN_TRANSITIONS[status][type];
      it(`${PLAN_STATUS_LABELS[status]} + ${PLAN_EVENT_LABELS[type]} → ${targets ? String(targets) : '409'}`, () => {
        const r = transitionPlan(inStatus(status), PAYLOAD[type], ACTOR_FOR[type]);
        if (targets) {
          expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
          if (r.ok) expect([targets].flat()).toContain(r.value.plan.status);
        } else {
          expect(r).toEqual({ ok: false, error: { kind: 'illegal_transition', code: 'PLAN_ILLEGAL_TRANSITION', message: `计划当前为“${PLAN_STATUS_LABELS[status]}”，不能${PLAN_EVENT_LABELS[type]}` } });
        }
      });
    }
  }
  it('lists the allowed events per status for the UI', () => {
    expect(allowedEvents(PLAN_TRANSITIONS, 'published')).toEqual(['adjust', 'void']);
    expect(allowedEvents(PLAN_TRANSITIONS, 'void')).toEqual([]);
  });
});

describe('the default chain (长春第8条): 部门负责人 → 司法行政合法性审核 → 双随机办发布', () => {
  it('publishes after the last step, recording an event per change', () => {
    const submitted = transitionPlan(plan(), PAYLOAD.submit, ACTORS.drafter);
    expect(submitted.ok && submitted.value.events).toEqual([{ type: 'PlanSubmitted', planId: 'plan-1', version: 1, kind: 'department', firstStep: '部门负责人审核' }]);
    const afterHead = run(plan(), [[PAYLOAD.submit, ACTORS.drafter], [PAYLOAD.approve, ACTORS.head]]);
    expect(afterHead).toMatchObject({ status: 'in_review', stepIndex: 1 });
    const afterJustice = run(afterHead, [[{ type: 'approve' }, ACTORS.justice]]);
    expect(afterJustice.stepIndex).toBe(2);
    const published = transitionPlan(afterJustice, { type: 'approve', comment: '  ' }, ACTORS.office);
    expect(published.ok && published.value).toEqual({
      plan: { ...afterJustice, status: 'published', stepIndex: 0, publishedVersion: 1 },
      events: [
        { type: 'PlanStepApproved', planId: 'plan-1', version: 1, step: '双随机办发布', comment: null },
        { type: 'PlanPublished', planId: 'plan-1', version: 1, adjusted: false },
      ],
    });
  });

  it('nobody approves their own plan, and each step needs its role in the right department or region', () => {
    const own = run(plan(), [[PAYLOAD.submit, ACTORS.headDrafter]]);
    expect(transitionPlan(own, PAYLOAD.approve, ACTORS.head)).toMatchObject({ ok: false, error: { kind: 'not_permitted', code: 'OWN_SUBMISSION' } });
    expect(transitionPlan(own, PAYLOAD.return, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'OWN_SUBMISSION' } });
    const review = inStatus('in_review');
    expect(transitionPlan(review, PAYLOAD.approve, ACTORS.justice)).toMatchObject({ ok: false, error: { code: 'STEP_ROLE_REQUIRED' } });
    expect(transitionPlan(review, PAYLOAD.approve, ACTORS.otherHead)).toMatchObject({ ok: false, error: { code: 'STEP_SCOPE', message: '“部门负责人审核”须由牵头部门的人员办理' } });
    const legality = { ...review, stepIndex: 1 };
    expect(transitionPlan(legality, PAYLOAD.approve, ACTORS.farJustice)).toMatchObject({ ok: false, error: { code: 'STEP_SCOPE', message: '“司法行政合法性审核”须由同级的人员办理' } });
    expect(transitionPlan(legality, PAYLOAD.approve, ACTORS.justice).ok).toBe(true);
  });

  it('a return needs comments; the drafter edits and resubmits from the first step', () => {
    const review = { ...inStatus('in_review'), stepIndex: 1 };
    expect(transitionPlan(review, { type: 'return', comments: ' ' }, ACTORS.justice)).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'RETURN_COMMENTS_REQUIRED' } });
    const returned = transitionPlan(review, PAYLOAD.return, ACTORS.justice);
    expect(returned.ok && returned.value.events).toEqual([{ type: 'PlanReturned', planId: 'plan-1', version: 1, step: '司法行政合法性审核', comments: '抽查比例需补充依据' }]);
    const again = run(returned.ok ? returned.value.plan : review, [[PAYLOAD.edit, ACTORS.drafter], [PAYLOAD.submit, ACTORS.drafter]]);
    expect(again).toMatchObject({ status: 'in_review', stepIndex: 0, returnComments: null });
  });

  it('only the submitter withdraws; only the lead department drafts; joint plans need a partner', () => {
    expect(transitionPlan(inStatus('in_review'), PAYLOAD.withdraw, ACTORS.head)).toMatchObject({ ok: false, error: { code: 'PLAN_WITHDRAW_SUBMITTER_ONLY' } });
    expect(transitionPlan(plan(), PAYLOAD.submit, ACTORS.office)).toMatchObject({ ok: false, error: { code: 'PLAN_LEAD_DEPARTMENT_ONLY' } });
    expect(transitionPlan(plan({ kind: 'joint', participatingDepartmentIds: [DEPT.market] }), PAYLOAD.submit, ACTORS.drafter))
      .toMatchObject({ ok: false, error: { kind: 'invalid', code: 'JOINT_PLAN_NEEDS_PARTNERS' } });
    expect(transitionPlan(plan({ kind: 'joint', participatingDepartmentIds: [DEPT.health] }), PAYLOAD.submit, ACTORS.drafter).ok).toBe(true);
  });

  it('the lead department head or the same-level 双随机办 voids, with a reason', () => {
    expect(transitionPlan(plan(), PAYLOAD.void, ACTORS.drafter)).toMatchObject({ ok: false, error: { code: 'PLAN_VOID_NOT_PERMITTED' } });
    expect(transitionPlan(plan(), { type: 'void', reason: '' }, ACTORS.office)).toMatchObject({ ok: false, error: { code: 'VOID_REASON_REQUIRED' } });
    const voided = transitionPlan(inStatus('published'), PAYLOAD.void, ACTORS.office);
    expect(voided.ok && voided.value.events).toEqual([{ type: 'PlanVoided', planId: 'plan-1', version: 1, reason: '与联合计划重复' }]);
  });
});

describe('adjustment (东胜 四（三）1): a new version re-published within 10 working days', () => {
  it('keeps the published version in force, re-runs the chain, and clears the adjustment on publication', () => {
    expect(transitionPlan(inStatus('published'), { ...ADJUST, reason: '' }, ACTORS.drafter)).toMatchObject({ ok: false, error: { code: 'ADJUST_REASON_REQUIRED' } });
    const adjusting = run(inStatus('published'), [[PAYLOAD.adjust, ACTORS.drafter]]);
    expect(adjusting).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1, adjustment: { reason: '新增特种设备专项', startedOn: '2026-04-30' } });
    expect(adjustmentDeadline(adjusting, DEFAULT_CALENDAR)).toEqual({ date: '2026-05-18', provisional: false, unscheduledYears: [] });
    const republished = run(adjusting, [[PAYLOAD.submit, ACTORS.drafter], [PAYLOAD.approve, ACTORS.head], [PAYLOAD.approve, ACTORS.justice]]);
    const last = transitionPlan(republished, PAYLOAD.approve, ACTORS.office);
    expect(last.ok && last.value.plan).toMatchObject({ status: 'published', version: 2, publishedVersion: 2, adjustment: null });
    expect(last.ok && last.value.events[1]).toEqual({ type: 'PlanPublished', planId: 'plan-1', version: 2, adjusted: true });
    expect(last.ok && adjustmentDeadline(last.value.plan, DEFAULT_CALENDAR)).toBeNull();
  });
  it('is provisional when the 10 working days run into a year without a schedule', () => {
    const late = run(inStatus('published'), [[{ ...ADJUST, on: D('2026-12-28') }, ACTORS.drafter]]);
    expect(adjustmentDeadline(late, DEFAULT_CALENDAR)).toEqual({ date: '2027-01-12', provisional: true, unscheduledYears: [2027] });
  });
});

describe('other chains', () => {
  it('威海第4条: 分管局长 → 信用监管科汇总 → 局长办公会, with administrator-added roles', () => {
    const actor = (userId: string, role: string): ActorFacts => ({ userId, departmentId: DEPT.market, regionCode: '220100', roleKeys: [role] });
    const p = run(plan({ chain: WEIHAI_PLAN_CHAIN }), [
      [PAYLOAD.submit, ACTORS.drafter], [PAYLOAD.approve, actor('u1', 'deputy_head')], [PAYLOAD.approve, actor('u2', 'credit_section')], [PAYLOAD.approve, actor('u3', 'bureau_head')],
    ]);
    expect(p.status).toBe('published');
  });
  it('东胜: 部门负责人 → 联席会议办公室备案发布; a chain may add a 分管领导 step', () => {
    expect(run(plan({ chain: DONGSHENG_PLAN_CHAIN }), [[PAYLOAD.submit, ACTORS.drafter], [PAYLOAD.approve, ACTORS.head], [PAYLOAD.approve, ACTORS.office]]).status).toBe('published');
    const chain = withStep(DONGSHENG_PLAN_CHAIN, 1, { key: 'deputy', label: '分管领导审批', role: 'deputy_leader', scope: 'region_and_above' });
    expect(chain.steps.map((s) => s.key)).toEqual(['dept_head', 'deputy', 'joint_filing']);
    const atDeputy = run(plan({ chain }), [[PAYLOAD.submit, ACTORS.drafter], [PAYLOAD.approve, ACTORS.head]]);
    const provincial: ActorFacts = { userId: 'u-p', departmentId: 'gov', regionCode: '220000', roleKeys: ['deputy_leader'] };
    expect(transitionPlan(atDeputy, PAYLOAD.approve, provincial).ok).toBe(true);
    expect(transitionPlan(atDeputy, PAYLOAD.approve, { ...provincial, regionCode: '220200' })).toMatchObject({ ok: false, error: { code: 'STEP_SCOPE' } });
  });
});

describe('plan properties', () => {
  const actors = Object.values(ACTORS);
  const STEP_ACTORS = [ACTORS.head, ACTORS.justice, ACTORS.office];
  // An actor is either a random one or "the right one" for the event in the plan's current state, so
  // runs reach publication often while wrong actors keep being tried.
  const typeArb = fc.oneof({ arbitrary: fc.constant<PlanEventType>('approve'), weight: 2 }, { arbitrary: fc.constantFrom(...EVENTS), weight: 3 });
  const stepArb = fc.tuple(typeArb, fc.option(fc.constantFrom(...actors), { freq: 2 }), fc.boolean());
  it('every accepted change is in the table; published means every step approved, none by the submitter', () => {
    let publishedRuns = 0;
    fc.assert(fc.property(fc.array(stepArb, { minLength: 10, maxLength: 60, size: 'max' }), (steps) => {
      let p = plan();
      let approvers: string[] = [];
      for (const [type, randomActor, headSubmits] of steps) {
        const event = PAYLOAD[type];
        const right = type === 'approve' || type === 'return' ? STEP_ACTORS[p.stepIndex] ?? ACTORS.head
          : type === 'submit' && headSubmits ? ACTORS.headDrafter : ACTOR_FOR[type];
        const actor = randomActor ?? right;
        const r = transitionPlan(p, event, actor);
        if (!r.ok) {
          expect(['illegal_transition', 'not_permitted', 'invalid']).toContain(r.error.kind);
          expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
          continue;
        }
        expect([PLAN_TRANSITIONS[p.status][type]].flat()).toContain(r.value.plan.status);
        expect(r.value.events.length).toBeGreaterThan(0);
        if (type === 'submit') approvers = [];
        if (type === 'approve') approvers.push(actor.userId);
        p = r.value.plan;
        if (type === 'approve' && p.status === 'published') {
          publishedRuns += 1;
          expect(approvers).toHaveLength(p.chain.steps.length);
          expect(approvers).not.toContain(p.submittedBy);
        }
        if (p.status === 'published') expect(p).toMatchObject({ adjustment: null, publishedVersion: p.version });
        if (p.publishedVersion !== null) expect(p.publishedVersion).toBeLessThanOrEqual(p.version);
      }
    }), { numRuns: 400 });
    expect(publishedRuns).toBeGreaterThan(20);
  });
});
