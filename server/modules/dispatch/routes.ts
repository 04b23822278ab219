/**
 * 派发 (issue #9 item 7; 曲阳第17条): after the draw's receipt is published the lead department sends the object
 * list to the participating departments, each confirms receipt within N working days (1 by default, per region),
 * and the coordinator sees the overdue confirmations. Merge offers (item 5): objects drawn by several tasks for
 * overlapping periods may become one joint visit (进一次门、查多项事).
 */
import { z } from 'zod';
import { calendarForRegion } from '../../../domain/calendar/regional_calendar';
import { addWorkingDays } from '../../../domain/calendar/working_days';
import { TASK_STATUS_LABELS } from '../../../domain/workflow/task_states';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { shanghaiDate } from '../../http/today';
import { calendarCacheFor } from '../calendar/cache';
import { assertRegionSettable } from '../departments/region_settings_guard';
import { requireAuth } from '../users/routes';
import {
  DispatchParams, DispatchRow, DispatchSettingsInput, DispatchSettingsRow, DispatchTaskRow, MergeInput, MergeOffer, ObjectParams, RegionParams, TaskObjectRow, TaskParams,
} from './schema';
import {
  confirmDispatch, copyDrawnObjects, dispatchSettingsFor, getDispatch, insertDispatches, listDispatches, listTaskObjects, mergeIntoVisit, mergeOffers, objectsByIds,
  saveDispatchSettings, taskCounts,
} from './store';
import { actorFacts, applyTaskEventGuarded, getTaskInScope, listDispatchTasks, publishedDraw, requireLead, type TaskRecord } from './task_access';

const tags = ['计划与抽取-派发'];

/** The departments that receive the list: the participating ones, or the lead itself for a single-department task. */
export function receivingDepartments(task: Pick<TaskRecord, 'leadDepartmentId' | 'participatingDepartmentIds'>): string[] {
  const others = [...new Set(task.participatingDepartmentIds)].filter((d) => d !== task.leadDepartmentId);
  return others.length > 0 ? others : [task.leadDepartmentId];
}

export function registerDispatchRoutes(app: TypedApp, services: AppServices): void {
  const cache = calendarCacheFor(services.db);
  const today = () => shanghaiDate(services.now());

  async function taskById(request: { auth: Parameters<typeof requireAuth>[0] }, id: string): Promise<TaskRecord> {
    const task = await getTaskInScope(services.db, requireAuth(request.auth).scope, id);
    if (!task) throw notFound('抽查任务');
    return task;
  }

  app.get('/api/workflow/dispatch/tasks', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '待派发与匹配的任务（已抽取、已派发、检查中）', response: { 200: z.array(DispatchTaskRow), ...errorResponses } },
  }, async (request) => {
    const rows = await listDispatchTasks(services.db, requireAuth(request.auth).scope);
    const counts = await taskCounts(services.db, rows.map((r) => r.id));
    return rows.map((t) => ({
      id: t.id, code: t.code, name: t.name, status: t.status, statusLabel: TASK_STATUS_LABELS[t.status], leadDepartmentName: t.leadDepartmentName,
      periodStart: t.periodStart, periodEnd: t.periodEnd, ...(counts.get(t.id) ?? { objects: 0, unconfirmed: 0, matched: false }),
    }));
  });

  app.get('/api/workflow/tasks/:id/objects', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '任务的检查对象（含联合检查与检查组）', params: TaskParams, response: { 200: z.array(TaskObjectRow), ...errorResponses } },
  }, async (request) => listTaskObjects(services.db, (await taskById(request, request.params.id)).id));

  app.get('/api/workflow/tasks/:id/dispatches', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '任务各部门的派发与确认情况', params: TaskParams, response: { 200: z.array(DispatchRow), ...errorResponses } },
  }, async (request) => {
    const task = await taskById(request, request.params.id);
    return listDispatches(services.db, { taskId: task.id }, today(), requireAuth(request.auth).user.departmentId);
  });

  app.get('/api/workflow/dispatches/unconfirmed', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '未确认接收的派发（逾期在前，供双随机办与牵头部门督办）', response: { 200: z.array(DispatchRow), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const rows = await listDispatches(services.db, { scope: auth.scope, unconfirmedOnly: true }, today(), auth.user.departmentId);
    return [...rows.filter((r) => r.overdue), ...rows.filter((r) => !r.overdue)];
  });

  app.post('/api/workflow/tasks/:id/dispatch', {
    config: { access: 'workflow:draw:operate', summary: '派发检查对象' },
    schema: { tags, summary: '把已公示的抽取结果派发给参与部门（任务 → 已派发）', params: TaskParams, response: { 200: z.array(DispatchRow), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(request, request.params.id);
    requireLead(auth, task);
    const draw = await publishedDraw(services.db, task.id);
    if (!draw && task.status === 'drawn') throw conflict('DISPATCH_NO_DRAW', `任务“${task.name}”的抽取结果尚未公示，不能派发`);
    const settings = await dispatchSettingsFor(services.db, task.regionCode);
    const snapshot = await cache.current();
    const sentOn = today();
    const due = addWorkingDays(sentOn, settings.confirmWorkingDays, calendarForRegion(snapshot.set, task.regionCode));
    const departmentIds = receivingDepartments(task);
    await runChange(request, services, async (tx, record) => {
      await applyTaskEventGuarded(tx, record, task, { type: 'dispatch' }, actorFacts(auth), services.now());
      if (!draw) throw conflict('DISPATCH_NO_DRAW', `任务“${task.name}”没有已公示的抽取结果`);
      const objects = await copyDrawnObjects(tx, task.id, draw.id);
      await insertDispatches(tx, departmentIds.map((departmentId) => ({
        taskId: task.id, departmentId, sentBy: auth.user.id, sentAt: services.now(), dueDate: due.date, dueProvisional: due.provisional,
      })));
      record.target('task', task.id);
      record.detail({ drawId: draw.id, attempt: draw.attempt, objects, departmentIds, confirmWorkingDays: settings.confirmWorkingDays, dueDate: due.date, dueProvisional: due.provisional });
      record.event({ type: 'TaskDispatched', taskId: task.id, objects, departmentIds, dueDate: due.date, dueProvisional: due.provisional });
    });
    return listDispatches(services.db, { taskId: task.id }, today(), auth.user.departmentId);
  });

  app.post('/api/workflow/tasks/:id/dispatches/:departmentId/confirm', {
    config: { access: 'workflow:dispatch:confirm', summary: '确认收到派发的检查对象' },
    schema: { tags, summary: '参与部门确认收到检查对象名单', params: DispatchParams, response: { 200: z.array(DispatchRow), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(request, request.params.id);
    const dispatch = await getDispatch(services.db, task.id, request.params.departmentId);
    if (!dispatch) throw notFound('派发记录');
    if (auth.user.departmentId !== request.params.departmentId) throw forbidden('只能确认派发给本部门的检查对象');
    if (dispatch.confirmedAt) throw conflict('DISPATCH_ALREADY_CONFIRMED', `本部门已于 ${shanghaiDate(dispatch.confirmedAt)} 确认收到`);
    const overdue = today() > dispatch.dueDate;
    await runChange(request, services, async (tx, record) => {
      if (!(await confirmDispatch(tx, dispatch.id, auth.user.id, services.now()))) throw conflict('DISPATCH_ALREADY_CONFIRMED', '本部门已确认收到');
      record.target('dispatch', dispatch.id);
      record.detail({ taskId: task.id, departmentId: request.params.departmentId, dueDate: dispatch.dueDate, overdue });
      record.event({ type: 'DispatchConfirmed', taskId: task.id, departmentId: request.params.departmentId, overdue });
    });
    return listDispatches(services.db, { taskId: task.id }, today(), auth.user.departmentId);
  });

  app.get('/api/workflow/tasks/:id/merge-offers', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '可合并为联合检查的对象（其他任务同期抽中的同一主体）', params: TaskParams, response: { 200: z.array(MergeOffer), ...errorResponses } },
  }, async (request) => mergeOffers(services.db, await taskById(request, request.params.id)));

  app.post('/api/workflow/tasks/:id/objects/:objectId/merge', {
    config: { access: 'workflow:draw:operate', summary: '合并为联合检查' },
    schema: { tags, summary: '接受合并提议：与其他任务的同一主体合并为一次联合检查', params: ObjectParams, body: MergeInput, response: { 200: z.array(TaskObjectRow), ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await taskById(request, request.params.id);
    requireLead(auth, task);
    const offer = (await mergeOffers(services.db, task)).find((o) => o.taskObjectId === request.params.objectId);
    const offered = new Set(offer?.others.map((o) => o.taskObjectId) ?? []);
    const refused = request.body.otherObjectIds.filter((id) => !offered.has(id));
    if (!offer || refused.length > 0) {
      throw badRequest('MERGE_NOT_OFFERED', '所选检查对象不是同一主体、不在重叠的检查期间或已合并，不能合并为联合检查', refused.map((id) => ({ field: 'otherObjectIds', message: `检查对象 ${id} 不在合并提议中` })));
    }
    const objects = await objectsByIds(services.db, [request.params.objectId, ...request.body.otherObjectIds]);
    const visitIds = [...new Set(objects.map((o) => o.visitId).filter((v): v is string => v !== null))].sort();
    const entityId = objects[0]?.entityId ?? 0;
    await runChange(request, services, async (tx, record) => {
      const visitId = await mergeIntoVisit(tx, entityId, objects.map((o) => o.id), visitIds, auth.user.id, services.now());
      record.target('visit', visitId);
      record.detail({ entityId: String(entityId), taskObjectIds: objects.map((o) => o.id), taskIds: [...new Set(objects.map((o) => o.taskId))], joinedVisits: visitIds });
      record.event({ type: 'JointVisitMerged', visitId, entityId: String(entityId), taskObjectIds: objects.map((o) => o.id) });
    });
    return listTaskObjects(services.db, task.id);
  });

  app.get('/api/workflow/dispatch-settings/:regionCode', {
    config: { access: 'workflow:task:list' },
    schema: { tags, summary: '派发设置（确认期限、注销/迁出对象的处理）', params: RegionParams, response: { 200: DispatchSettingsRow, ...errorResponses } },
  }, async (request) => dispatchSettingsFor(services.db, request.params.regionCode));

  app.put('/api/workflow/dispatch-settings/:regionCode', {
    config: { access: 'workflow:chain:manage', summary: '修改派发设置' },
    schema: { tags, summary: '设置本区域的确认期限（工作日）与注销/迁出对象的处理', params: RegionParams, body: DispatchSettingsInput, response: { 200: DispatchSettingsRow, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const { regionCode } = request.params;
    await assertRegionSettable(services.db, auth, regionCode);
    await runChange(request, services, async (tx, record) => {
      await saveDispatchSettings(tx, { regionCode, ...request.body }, auth.user.id, services.now());
      record.target('region', regionCode);
      record.detail({ regionCode, ...request.body });
    });
    return dispatchSettingsFor(services.db, regionCode);
  });
}

