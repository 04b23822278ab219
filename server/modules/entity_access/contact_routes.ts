/**
 * 登记联系电话 of an entity (issue #10 item 6): the mobile number that receives the sign-in code of an online
 * objection. Kept in entity_contacts beside the directory (the 1M-row import path does not change); read and set by
 * staff of the directory within their scope, with optimistic concurrency. Never in a public answer.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { entityContacts } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, errorResponses, forbidden, notFound, uniqueViolation } from '../../http/errors';
import { maskPhone } from '../../messaging/phone';
import { entityIdParams } from '../entities/schema';
import { entityEditRefusal, getEntity } from '../entities/store';
import { viewerOf } from '../entities/routes';
import { requireAuth } from '../users/routes';
import { ContactInput, ContactView } from './schema';

const tags = ['检查对象名录'];

export async function contactOf(db: Db, entityId: number): Promise<ContactView> {
  const [row] = await db.select().from(entityContacts).where(eq(entityContacts.entityId, entityId));
  return {
    entityId: String(entityId), phone: row?.phone ?? null, maskedPhone: row ? maskPhone(row.phone) : null, source: row?.source ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null, rowVersion: row?.rowVersion ?? null,
  };
}

export function registerContactRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/directory/entities/:id/contact', {
    config: { access: 'directory:entity:list' },
    schema: { tags, summary: '检查对象登记的联系电话（接收异议登录验证码；不公开）', params: entityIdParams, response: { 200: ContactView, ...errorResponses } },
  }, async (request) => {
    const id = Number(request.params.id);
    if (!await getEntity(services.db, viewerOf(requireAuth(request.auth), services.now()), id)) throw notFound('检查对象');
    return contactOf(services.db, id);
  });

  app.put('/api/directory/entities/:id/contact', {
    config: { access: 'directory:entity:update', summary: '登记检查对象联系电话' },
    schema: { tags, summary: '登记或修改检查对象的联系电话（接收异议登录验证码）', params: entityIdParams, body: ContactInput, response: { 200: ContactView, ...errorResponses } },
  }, async (request) => {
    const id = Number(request.params.id);
    const current = await getEntity(services.db, viewerOf(requireAuth(request.auth), services.now()), id);
    if (!current) throw notFound('检查对象');
    const refused = entityEditRefusal(current);
    if (refused) throw forbidden(refused);
    const auth = requireAuth(request.auth);
    const { phone, rowVersion } = request.body;
    const stale = (latest: number | null) => new AppError(409, 'VERSION_CONFLICT', `联系电话已被他人修改（最新版本号 ${latest ?? '无'}），请刷新后重试`, [{ field: 'rowVersion', message: String(latest ?? '') }]);
    await runChange(request, services, async (tx, record) => {
      const now = services.now();
      if (rowVersion === null) {
        await tx.insert(entityContacts).values({ entityId: id, phone, source: 'staff', updatedBy: auth.user.id, updatedAt: now });
      } else {
        const rows = await tx.update(entityContacts).set({ phone, source: 'staff', updatedBy: auth.user.id, updatedAt: now, rowVersion: sql`${entityContacts.rowVersion} + 1` })
          .where(and(eq(entityContacts.entityId, id), eq(entityContacts.rowVersion, rowVersion))).returning({ v: entityContacts.rowVersion });
        if (rows.length === 0) throw stale((await contactOf(tx, id)).rowVersion);
      }
      record.target('entity_contact', String(id));
      // The number itself stays out of the log (it is personal information): only that it changed.
      record.detail({ maskedPhone: maskPhone(phone) });
      record.event({ type: 'EntityContactSet', entityId: id });
    }).catch(async (error: unknown) => {
      if (uniqueViolation(error) !== null) throw stale((await contactOf(services.db, id)).rowVersion);
      throw error;
    });
    return contactOf(services.db, id);
  });
}
