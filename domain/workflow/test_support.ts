/** Fixtures for the workflow tests: one city (长春市 220100), its departments and one user per role. */
import { dateOnly } from '../calendar/civil_date';
import { DEFAULT_PLAN_CHAIN, DEFAULT_TASK_CHAIN } from './approval_chain';
import type { Draw } from './draw_states';
import type { ActorFacts } from './machine';
import type { Plan } from './plan_states';
import type { Task } from './task_states';

export const REGION = '220100';
export const DEPT = { market: 'dept-market', health: 'dept-health', justice: 'dept-justice', office: 'dept-office', other: 'dept-other' } as const;

const actor = (userId: string, departmentId: string, roleKeys: string[], regionCode = REGION): ActorFacts => ({ userId, departmentId, regionCode, roleKeys });

export const ACTORS = {
  drafter: actor('u-drafter', DEPT.market, ['dept_admin']),
  head: actor('u-head', DEPT.market, ['dept_head']),
  justice: actor('u-justice', DEPT.justice, ['justice_reviewer']),
  office: actor('u-office', DEPT.office, ['joint_office']),
  supervisor: actor('u-supervisor', DEPT.office, ['draw_supervisor']),
  supervisor2: actor('u-supervisor2', DEPT.office, ['draw_supervisor']),
  otherHead: actor('u-other-head', DEPT.other, ['dept_head']),
  farJustice: actor('u-far-justice', 'dept-far', ['justice_reviewer'], '220200'),
  /** A head who drafts and submits in their own department (to test self-approval). */
  headDrafter: actor('u-head', DEPT.market, ['dept_head', 'dept_admin']),
} as const;

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'plan-1', kind: 'department', year: 2026, name: '2026年度市场监管局抽查计划', leadDepartmentId: DEPT.market,
    participatingDepartmentIds: [], regionCode: REGION, chain: DEFAULT_PLAN_CHAIN, status: 'draft', stepIndex: 0,
    submittedBy: null, submittedOn: null, version: 1, publishedVersion: null, adjustment: null, returnComments: null,
    ...overrides,
  };
}

export function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'task-1', planId: 'plan-1', name: '食品经营者抽查', leadDepartmentId: DEPT.market, participatingDepartmentIds: [DEPT.health],
    regionCode: REGION, chain: DEFAULT_TASK_CHAIN, status: 'draft', stepIndex: 0, submittedBy: null, returnComments: null, terminationReason: null,
    ...overrides,
  };
}

export function draw(overrides: Partial<Draw> = {}): Draw {
  return {
    id: 'draw-1', taskId: 'task-1', regionCode: REGION, attempt: 1, previousDrawId: null, operatorId: ACTORS.drafter.userId,
    requiredSupervisors: 1, supervisorIds: [], status: 'preparing', voidReason: null, ...overrides,
  };
}

export const D = dateOnly;
