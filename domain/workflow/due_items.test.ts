import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../calendar/working_days';
import { dueDateOf, dueItems, type DueInput } from './due_items';
import { ACTORS, D, DEPT, REGION, draw, plan, task } from './test_support';

const departments = [
  { id: DEPT.market, name: '市场监管局', regionCode: REGION },
  { id: DEPT.health, name: '卫生健康委', regionCode: REGION },
  { id: 'dept-far', name: '吉林市市场监管局', regionCode: '220200' },
];
const submitted = { submittedBy: ACTORS.drafter.userId, submittedOn: D('2026-01-20') };

function input(overrides: Partial<DueInput> = {}): DueInput {
  return { today: D('2026-02-10'), calendar: DEFAULT_CALENDAR, plans: [], tasks: [], draws: [], departments, ...overrides };
}

const summary = (items: ReturnType<typeof dueItems>) => items.map((i) => [i.kind, i.recordId, i.dueOn, i.overdue]);

describe('待办 of the approvers: the records awaiting their step', () => {
  const atStep = (stepIndex: number) => plan({ status: 'in_review', stepIndex, ...submitted });
  it('部门负责人 sees plans and 实施方案 of the lead department at the first step, never their own', () => {
    const items = dueItems(ACTORS.head, input({ plans: [atStep(0), atStep(1)], tasks: [task({ status: 'in_review', submittedBy: ACTORS.drafter.userId })] }));
    expect(items.map((i) => i.title)).toEqual(['待部门负责人审核：2026年度市场监管局抽查计划', '待分管负责人审批（实施方案）：食品经营者抽查']);
    expect(dueItems(ACTORS.otherHead, input({ plans: [atStep(0)] }))).toEqual([]);
    expect(dueItems(ACTORS.head, input({ plans: [plan({ status: 'in_review', submittedBy: ACTORS.head.userId })] }))).toEqual([]);
  });
  it('司法局 sees the legality reviews of its own level', () => {
    expect(summary(dueItems(ACTORS.justice, input({ plans: [atStep(0), atStep(1)] })))).toEqual([['plan_review', 'plan-1', null, false]]);
    expect(dueItems(ACTORS.farJustice, input({ plans: [atStep(1)] }))).toEqual([]);
  });
  it('the drafter sees a returned plan with the comments', () => {
    const items = dueItems(ACTORS.drafter, input({ plans: [plan({ status: 'returned', returnComments: '比例过高', ...submitted })] }));
    expect(items.map((i) => i.title)).toEqual(['计划已退回，待修改后重新提交：2026年度市场监管局抽查计划（比例过高）']);
  });
});

describe('待办 of the 双随机办: plans due by the end of January (joint) and February (department)', () => {
  it('lists the missing joint plan and the departments of its region that have not submitted, overdue first', () => {
    const items = dueItems(ACTORS.office, input({ plans: [plan({ status: 'in_review', stepIndex: 2, ...submitted })] }));
    expect(summary(items)).toEqual([
      ['joint_plan_missing', REGION, '2026-01-31', true],
      ['plan_not_submitted', DEPT.health, '2026-02-28', false],
      ['plan_review', 'plan-1', null, false],
    ]);
    expect(items[1]?.title).toBe('卫生健康委的2026年度抽查计划尚未提交（2026-02-28前）');
  });
  it('follows up a joint plan still in draft, and honours configured dates', () => {
    const joint = plan({ id: 'joint-1', kind: 'joint', name: '联合计划', leadDepartmentId: DEPT.health, participatingDepartmentIds: [DEPT.market] });
    const dept = plan({ status: 'published', publishedVersion: 1 });
    const healthPlan = plan({ id: 'plan-h', leadDepartmentId: DEPT.health, status: 'draft', publishedVersion: 1, version: 2 });
    const items = dueItems(ACTORS.office, input({ plans: [joint, dept, healthPlan], dueDates: { joint: { month: 1, day: 15 }, department: { month: 3, day: 'end' } } }));
    expect(summary(items)).toEqual([['plan_not_submitted', 'joint-1', '2026-01-15', true]]);
  });
  it('ignores void plans and other years', () => {
    const items = dueItems(ACTORS.office, input({ plans: [plan({ status: 'void', ...submitted }), plan({ id: 'p25', year: 2025, status: 'published', publishedVersion: 1 })] }));
    expect(items.filter((i) => i.kind === 'plan_not_submitted').map((i) => i.recordId)).toEqual([DEPT.market, DEPT.health]);
  });
});

describe('待办: adjustments re-published within 10 working days (东胜 四（三）1)', () => {
  const adjusting = plan({ status: 'in_review', stepIndex: 1, version: 2, publishedVersion: 1, adjustment: { reason: '新增专项', startedOn: D('2026-04-30') }, ...submitted });
  it('shows the lead department and the 双随机办 the deadline, overdue after it', () => {
    expect(summary(dueItems(ACTORS.drafter, input({ today: D('2026-05-18'), plans: [adjusting] })))).toEqual([['plan_adjustment', 'plan-1', '2026-05-18', false]]);
    const office = dueItems(ACTORS.office, input({ today: D('2026-05-19'), plans: [adjusting], departments: [] }));
    expect(summary(office)).toEqual([['joint_plan_missing', REGION, '2026-01-31', true], ['plan_adjustment', 'plan-1', '2026-05-18', true]]);
    expect(dueItems(ACTORS.justice, input({ plans: [adjusting] })).map((i) => i.kind)).toEqual(['plan_review']);
  });
  it('marks a deadline computed through an unpublished year as 暂定', () => {
    const late = { ...adjusting, adjustment: { reason: '年底调整', startedOn: D('2026-12-28') } };
    const [item] = dueItems(ACTORS.drafter, input({ today: D('2026-12-29'), plans: [late] }));
    expect(item).toMatchObject({ kind: 'plan_adjustment', dueOn: '2027-01-12', provisional: true, title: '计划调整须在2027-01-12（暂定）前重新发布：2026年度市场监管局抽查计划' });
  });
});

describe('待办 of the 抽取监督员 (威海第3、6条)', () => {
  it('lists committed draws of the region awaiting this supervisor', () => {
    const draws = [
      draw({ status: 'committed' }),
      draw({ id: 'd-confirmed', status: 'committed', requiredSupervisors: 2, supervisorIds: [ACTORS.supervisor.userId] }),
      draw({ id: 'd-far', status: 'committed', regionCode: '220200' }),
      draw({ id: 'd-prep', status: 'preparing' }),
      draw({ id: 'd-own', status: 'committed', operatorId: ACTORS.supervisor.userId }),
    ];
    expect(summary(dueItems(ACTORS.supervisor, input({ draws })))).toEqual([['draw_presence', 'draw-1', null, false]]);
    expect(dueItems(ACTORS.supervisor2, input({ draws })).map((i) => i.recordId)).toEqual(['draw-1', 'd-confirmed', 'd-own']);
    expect(dueItems(ACTORS.head, input({ draws }))).toEqual([]);
  });
});

describe('dueDateOf', () => {
  it('gives the last day of a month, leap years included', () => {
    expect(dueDateOf(2028, { month: 2, day: 'end' })).toBe('2028-02-29');
    expect(dueDateOf(2026, { month: 2, day: 'end' })).toBe('2026-02-28');
    expect(dueDateOf(2026, { month: 12, day: 'end' })).toBe('2026-12-31');
    expect(dueDateOf(2026, { month: 1, day: 31 })).toBe('2026-01-31');
  });
});
