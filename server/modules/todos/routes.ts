/**
 * 待办 (issue #9 item 10, issue #8): what is due for the signed-in user, whatever their role — plans awaiting their
 * approval step, returned plans, plans not filed by their due dates, 实施方案 to approve, draws awaiting their
 * presence, dispatches to confirm, inspector replacements to approve, 执法证 expired or expiring, 两库确认 missing or
 * lapsing. Each item links to its record.
 */
import { yearOf } from '../../../domain/calendar/civil_date';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { dueItems, type DueItem } from '../../../domain/workflow/due_items';
import type { ActorFacts } from '../../../domain/workflow/machine';
import { certificateItems, confirmationItems, dispatchItems, recusalItems, replacementItems, sortTodos, urgencyOf, type TodoItem, type TodoKind } from '../../../domain/workflow/todo_items';
import type { DateOnly } from '../../../domain/calendar/civil_date';
import type { AppServices, TypedApp } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { freshnessReport } from '../directory_confirmations/freshness';
import { requireAuth } from '../users/routes';
import { dispatchConfirmationsDue, replacementsAwaitingApproval } from '../dispatch/due';
import { correctionsAwaiting, entriesDue, reviewsDue } from '../results/due';
import { correctionItems, entryItems, reviewItems } from '../../../domain/inspection/todo_items';
import { loadDrawsForDue } from '../draws/domain_map';
import { loadPlansForDue } from '../plans/domain_map';
import { planDueDatesFor } from '../plans/settings_routes';
import { loadTasksForDue } from '../tasks/domain_map';
import { applicationsToDecide } from '../recusal_applications/store';
import { followUpItems } from '../../../domain/inspection/follow_up_todos';
import { followUpsDue } from '../follow_ups/due';
import { deciderOf } from '../recusal_applications/routes';
import { departmentOf, loadExpiringCertificates, loadPlanningDepartments, taskNamesOf } from './load';
import { TodoList, type TodoItemRow } from './schema';
import { objectionsDue } from '../objections/store';
import { objectionItems } from '../../../domain/inspection/objection_todos';

const tags = ['工作台-待办'];

export const TODO_KIND_LABELS: Readonly<Record<TodoKind, string>> = {
  plan_review: '计划审核', plan_returned: '计划退回', plan_not_submitted: '计划未报送', joint_plan_missing: '联合计划未编制',
  plan_adjustment: '计划调整', task_review: '实施方案审批', draw_presence: '抽取监督', certificate_expired: '执法证过期',
  certificate_expiring: '执法证到期', directory_confirmation: '两库确认', dispatch_confirmation: '派发确认', replacement_approval: '人员替换审批',
  result_entry: '结果录入', result_review: '结果审核', result_publish: '结果公示', correction_approval: '结果更正审批',
  recusal_approval: '回避申请审批',
  follow_up_accept: '移送待接收', follow_up_overdue: '后续处置逾期',
  objection_review: '异议复核', objection_feedback: '异议反馈',
};

/** The web page of an item's record (web/src/routes.tsx; the workflow pages are /workflow/plans|tasks|draws/:id). */
function linkOf(item: TodoItem, certificateNos: ReadonlyMap<string, string>): string {
  switch (item.recordType) {
    case 'plan': return `/workflow/plans/${item.recordId}`;
    case 'task': return `/workflow/tasks/${item.recordId}`;
    case 'draw': return `/workflow/draws/${item.recordId}`;
    case 'department': return `/workflow/plans?leadDepartmentId=${item.recordId}`;
    case 'region': return '/workflow/plans?kind=joint';
    case 'inspector': return `/directory/inspectors?certificateNo=${encodeURIComponent(certificateNos.get(item.recordId) ?? '')}`;
    case 'inspectors': return `/directory/inspectors?certificate=${item.recordId}`;
    case 'directory': return '/directory/confirmations';
    case 'dispatch': return `/workflow/dispatch/${item.recordId}`;
    case 'inspection_object': return `/inspection/objects/${item.recordId}`;
    case 'inspection_results': {
      const [taskId, status] = item.recordId.split(':');
      return `/inspection/results?taskId=${taskId ?? ''}&status=${status ?? ''}`;
    }
    case 'inspection_result': return `/inspection/results/${item.recordId}`;
    case 'recusal': return '/directory/recusal-applications?status=pending';
    case 'follow_up': return `/inspection/follow-ups/${item.recordId}`;
    case 'objection': return `/inspection/objections?id=${item.recordId}`;
  }
}

export function registerTodoRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);

  app.get('/api/todos', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '我的待办（按角色：审批、退回、未报送、抽取监督、派发确认、人员替换审批、执法证到期、两库确认）', response: { 200: TodoList, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const today = shanghaiDate(services.now());
    const calendar = calendarForRegion((await cache.current()).set, auth.user.regionCode);
    const actor: ActorFacts = { userId: auth.user.id, departmentId: auth.user.departmentId, regionCode: auth.user.regionCode, roleKeys: auth.roles.map((r) => r.key) };
    const may = (p: Parameters<typeof auth.permissions.has>[0]) => auth.permissions.has(p);
    const office = actor.roleKeys.includes('joint_office') && actor.regionCode !== null;
    const head = actor.roleKeys.includes('dept_head');
    // 派发确认 for the participating department's administrators (a head holds the permission but decides, not confirms).
    const confirms = may('workflow:dispatch:confirm') && actor.departmentId !== null && (!head || actor.roleKeys.includes('dept_admin'));
    const approvesReplacements = head && may('workflow:replacement:approve') && actor.departmentId !== null;
    const reviewStatuses = [...(may('inspection:result:review') ? ['submitted' as const] : []), ...(may('inspection:result:publish') ? ['approved' as const] : [])];
    const [planRows, taskRows, drawRows, planning, certificates, department, dueDates, dispatchesDue, replacementsDue, entries, reviews, corrections] = await Promise.all([
      may('workflow:plan:list') ? loadPlansForDue(services.db, auth.scope, yearOf(today)) : [],
      may('workflow:task:list') ? loadTasksForDue(services.db, auth.scope) : [],
      may('workflow:draw:list') ? loadDrawsForDue(services.db, auth.scope) : [],
      office && actor.regionCode !== null ? loadPlanningDepartments(services.db, actor.regionCode) : [],
      may('directory:inspector:list') ? loadExpiringCertificates(services.db, auth.scope, today) : { facts: [], totals: { expired: 0, expiring: 0 } },
      may('directory:confirmation:create') && actor.departmentId !== null ? departmentOf(services.db, actor.departmentId) : null,
      actor.regionCode !== null ? planDueDatesFor(services.db, actor.regionCode) : undefined,
      confirms && actor.departmentId !== null ? dispatchConfirmationsDue(services.db, actor.departmentId, today) : [],
      approvesReplacements && actor.departmentId !== null ? replacementsAwaitingApproval(services.db, actor.departmentId, actor.userId ?? undefined) : [],
      // 检查结果: the leader's entries, the department's reviews and publications, the head's corrections (issue #10).
      may('inspection:result:enter') ? entriesDue(services.db, auth.user.id) : [],
      reviewsDue(services.db, auth.scope, reviewStatuses),
      head && may('inspection:correction:approve') && actor.departmentId !== null ? correctionsAwaiting(services.db, actor.departmentId) : [],
    ]);
    const decider = deciderOf(auth);
    const recusalsDue = async () => (decider ? applicationsToDecide(services.db, auth.scope, decider) : []);
    const taskNames = await taskNamesOf(services.db, drawRows.filter((d) => d.status === 'committed').map((d) => d.taskId));
    const workflow = dueItems(actor, { today, calendar, plans: planRows, tasks: taskRows, draws: drawRows, departments: planning, dueDates }).map((item): DueItem => {
      const draw = item.kind === 'draw_presence' ? drawRows.find((d) => d.id === item.recordId) : undefined;
      const taskName = draw ? taskNames.get(draw.taskId) : undefined;
      return draw && taskName ? { ...item, title: `抽取待到场监督确认：${taskName}（第${draw.attempt}次抽取）` } : item;
    });
    const dispatch = [
      ...dispatchItems(dispatchesDue.map((d) => ({ ...d, dueDate: d.dueDate as DateOnly }))),
      ...replacementItems(replacementsDue),
      ...entryItems(entries, today), ...reviewItems(reviews, today), ...correctionItems(corrections),
      ...recusalItems(await recusalsDue()),
      ...followUpItems(may('inspection:follow_up:list') ? await followUpsDue(services.db, auth.scope, today) : [], today),
      // 异议与复核 (威海第11条): the reviewers' open objections, due and overdue.
      ...(may('inspection:objection:review') ? objectionItems(await objectionsDue(services.db, auth.scope), today) : []),
    ];
    const freshness = department ? await freshnessReport(services.db, department.id, services.now()) : null;
    const directory = freshness && department
      ? confirmationItems(department, freshness.directories.map((d) => ({ ...d, lastConfirmedOn: d.lastConfirmedOn as DateOnly | null })), freshness.maxAgeDays, today)
      : [];
    const certificateNos = new Map(certificates.facts.map((c) => [c.inspectorId, c.certificateNo]));
    const items: TodoItemRow[] = sortTodos([...workflow, ...dispatch, ...certificateItems(certificates.facts, certificates.totals, today), ...directory]).map((item) => ({
      ...item, kindLabel: TODO_KIND_LABELS[item.kind], link: linkOf(item, certificateNos), urgency: urgencyOf(item, today, calendar),
    }));
    return { today, items, overdue: items.filter((i) => i.overdue).length };
  });
}
