/**
 * The entity's own 行政检查通知书 (issue #10 item 6; 渝北 附件2): signed in with its code (server/modules/entity_access),
 * an entity sees the notices numbered for it — number, task, department, the planned inspection date and how and when
 * it was delivered — never another entity's, never who issued it.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DELIVERY_METHOD_LABELS, type DeliveryMethod } from '../../../domain/inspection/notice';
import { departments, inspectionNotices, tasks } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { errorResponses } from '../../http/errors';
import { requireEntity } from '../entity_access/entity_session';

export const EntityNoticeList = z.object({
  rows: z.array(z.object({
    id: z.string(), number: z.string(), taskName: z.string(), departmentName: z.string(), inspectionDate: z.string().nullable(),
    issuedAt: z.string(), deliveryMethodLabel: z.string().nullable(), deliveredAt: z.string().nullable(),
  })),
});

export function registerEntityNoticeRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/entity/notices', {
    config: { access: 'public' },
    schema: { tags: ['检查对象-行政检查通知书'], summary: '本单位收到的行政检查通知书（须凭验证码登录）', response: { 200: EntityNoticeList, ...errorResponses } },
  }, async (request) => {
    const caller = await requireEntity(services.db, request, services.now());
    const rows = await services.db.select({
      id: inspectionNotices.id, number: inspectionNotices.number, taskName: tasks.name, departmentName: departments.name, inspectionDate: inspectionNotices.inspectionDate,
      issuedAt: inspectionNotices.issuedAt, deliveryMethod: inspectionNotices.deliveryMethod, deliveredAt: inspectionNotices.deliveredAt,
    }).from(inspectionNotices).innerJoin(tasks, eq(tasks.id, inspectionNotices.taskId)).innerJoin(departments, eq(departments.id, inspectionNotices.departmentId))
      .where(eq(inspectionNotices.entityId, caller.entityId)).orderBy(desc(inspectionNotices.issuedAt));
    return {
      rows: rows.map((r) => ({
        id: r.id, number: r.number, taskName: r.taskName, departmentName: r.departmentName, inspectionDate: r.inspectionDate, issuedAt: r.issuedAt.toISOString(),
        deliveryMethodLabel: r.deliveryMethod ? DELIVERY_METHOD_LABELS[r.deliveryMethod as DeliveryMethod] ?? r.deliveryMethod : null, deliveredAt: r.deliveredAt?.toISOString() ?? null,
      })),
    };
  });
}
