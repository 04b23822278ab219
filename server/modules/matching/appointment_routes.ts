/**
 * 直接委派 candidates (威海第6条 "可以采取直接委派方式"): the inspectors the matching accepts as appointed are those of the
 * task's pool — the lead and every participating department (a joint task's partners included) — whatever the caller's
 * data scope, so the dialog lists exactly them. Only the lead department, which runs the matching, may ask, only for
 * a task it may see (404 otherwise) and only where the approved task declared direct appointment (409 otherwise).
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppServices, TypedApp } from '../../http/app';
import { conflict, errorResponses, notFound } from '../../http/errors';
import { byPinyin } from '../../db/pinyin_order';
import { departments, inspectors } from '../../db/schema';
import { TaskParams } from '../dispatch/schema';
import { getTaskInScope, requireLead } from '../dispatch/task_access';
import { requireAuth } from '../users/routes';
import { taskDepartments, teamSettingsOf } from './instance';
import { AppointmentCandidate } from './schema';

export function registerAppointmentRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/workflow/tasks/:id/appointment-candidates', {
    config: { access: 'workflow:matching:run' },
    schema: {
      tags: ['计划与抽取-检查人员匹配'], summary: '可直接委派的检查人员（本任务牵头与参与部门的在岗人员，不限本人数据权限）',
      params: TaskParams, response: { 200: z.array(AppointmentCandidate), ...errorResponses },
    },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const task = await getTaskInScope(services.db, auth.scope, request.params.id);
    if (!task) throw notFound('抽查任务');
    requireLead(auth, task);
    if (!teamSettingsOf(task).directAppointment) throw conflict('DIRECT_APPOINTMENT_NOT_DECLARED', `任务“${task.name}”未在任务中声明直接委派（须声明并经审核），只能随机匹配`);
    return services.db.select({
      id: inspectors.id, name: inspectors.name, departmentId: inspectors.departmentId, departmentName: departments.name,
      certificateNo: inspectors.certificateNo, certificateValidUntil: inspectors.certificateValidUntil,
    }).from(inspectors).innerJoin(departments, eq(departments.id, inspectors.departmentId))
      .where(and(isNull(inspectors.deletedAt), eq(inspectors.status, 'on_duty'), inArray(inspectors.departmentId, taskDepartments(task))))
      .orderBy(sql`${inspectors.departmentId} <> ${task.leadDepartmentId}`, ...byPinyin(departments.nameSortKey, departments.name), ...byPinyin(inspectors.nameSortKey, inspectors.name), asc(inspectors.id));
  });
}
