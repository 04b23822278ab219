/**
 * What the caller may do with a plan, computed by the very function the transition routes use
 * (`checkTransition`): the permission for the event, then domain transitionPlan (state, step role and
 * scope, nobody approves their own submission), then for 提交 the content's completeness. The detail
 * page's buttons and the list's row `actions` are this answer; the route's 403/409/400 are its refusal.
 */
import { PERMISSIONS, type Permission } from '../../../domain/access/permissions';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { ActorFacts, WorkflowError } from '../../../domain/workflow/machine';
import { transitionPlan, type Plan, type PlanEvent, type PlanEventType, type PlanTransition } from '../../../domain/workflow/plan_states';
import type { PlanContent } from '../../../domain/workflow/task_spec';
import { AppError } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { submitIssues } from './content';
import type { PlanActions } from './schema';

export const EVENT_PERMISSION: Readonly<Record<PlanEventType, Permission>> = {
  edit: 'workflow:plan:update', submit: 'workflow:plan:update', withdraw: 'workflow:plan:update', adjust: 'workflow:plan:update',
  approve: 'workflow:plan:approve', return: 'workflow:plan:approve', void: 'workflow:plan:void',
};

export function actorOf(auth: AuthContext): ActorFacts {
  return { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys: auth.roles.map((r) => r.key) };
}

const STATUS_OF_KIND = { illegal_transition: 409, not_permitted: 403, invalid: 400 } as const;

export function workflowError(error: WorkflowError): AppError {
  return new AppError(STATUS_OF_KIND[error.kind], error.code, error.message);
}

/** A stand-in event to ask the machine whether `type` is possible (texts are asked for in the dialog). */
function probe(type: PlanEventType, today: DateOnly): PlanEvent {
  switch (type) {
    case 'edit': return { type };
    case 'submit': return { type, on: today };
    case 'withdraw': return { type };
    case 'approve': return { type };
    case 'return': return { type, comments: '—' };
    case 'adjust': return { type, reason: '—', on: today };
    case 'void': return { type, reason: '—' };
  }
}

/** The transition of `event`, or the AppError the route answers with. */
export function checkTransition(plan: Plan, event: PlanEvent, auth: AuthContext, content: PlanContent | null): PlanTransition {
  const permission = EVENT_PERMISSION[event.type];
  if (!auth.permissions.has(permission)) throw new AppError(403, 'FORBIDDEN', `没有权限：${PERMISSIONS[permission]}`);
  const result = transitionPlan(plan, event, actorOf(auth));
  if (!result.ok) throw workflowError(result.error);
  if (event.type === 'submit' && content) {
    const [first] = submitIssues(content);
    if (first) throw new AppError(400, 'PLAN_INCOMPLETE', first.message, [{ ...first }]);
  }
  return result.value;
}

export function refusalOf(plan: Plan, type: PlanEventType, auth: AuthContext, today: DateOnly, content: PlanContent | null): string | null {
  try {
    checkTransition(plan, probe(type, today), auth, content);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

export function planActions(plan: Plan, auth: AuthContext, today: DateOnly, content: PlanContent | null): PlanActions {
  const of = (type: PlanEventType) => refusalOf(plan, type, auth, today, content);
  const voidRefusal = of('void');
  return {
    edit: of('edit'), delete: voidRefusal, submit: of('submit'), withdraw: of('withdraw'), approve: of('approve'), return: of('return'),
    adjust: of('adjust'), void: voidRefusal,
  };
}
