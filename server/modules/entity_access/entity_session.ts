/**
 * The entity's session (issue #10 item 6): a random 256-bit token in its own httpOnly, SameSite=Strict cookie
 * `suiji_entity`, stored as its SHA-256 in entity_sessions, valid 30 minutes. It is never a staff session — the access
 * hook (server/http/access.ts) reads only `suiji_sid` — so it grants no permission: the entity's routes are public
 * routes that read this cookie themselves and act only on that one entity. CSRF as before sign-in (double submit of
 * the `suiji_csrf` cookie, docs/decisions/0003).
 */
import { and, eq, gt, lte } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database';
import { entitySessions, marketEntities } from '../../db/schema';
import { AppError } from '../../http/errors';
import { randomToken, sha256Hex } from '../auth/session_store';

export const ENTITY_COOKIE = 'suiji_entity';
export const ENTITY_SESSION_MINUTES = 30;

export interface EntityCaller {
  readonly entityId: number;
  readonly name: string;
  readonly creditCode: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

export async function createEntitySession(tx: Db, entityId: number, now: Date, ip: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + ENTITY_SESSION_MINUTES * 60_000);
  await tx.delete(entitySessions).where(lte(entitySessions.expiresAt, now));
  await tx.insert(entitySessions).values({ tokenHash: sha256Hex(token), entityId, createdAt: now, expiresAt, ip: ip.slice(0, 64) });
  return { token, expiresAt };
}

export const entitySessionRequired = () => new AppError(401, 'ENTITY_SESSION_REQUIRED', '请先输入统一社会信用代码并凭短信验证码登录（登录 30 分钟内有效）');

/** The signed-in entity of this request, or null. */
export async function entityCaller(db: Db, request: FastifyRequest, now: Date): Promise<EntityCaller | null> {
  const token = request.cookies[ENTITY_COOKIE];
  if (!token) return null;
  const tokenHash = sha256Hex(token);
  const [row] = await db.select({ entityId: entitySessions.entityId, expiresAt: entitySessions.expiresAt, name: marketEntities.name, creditCode: marketEntities.code })
    .from(entitySessions).innerJoin(marketEntities, eq(marketEntities.id, entitySessions.entityId))
    .where(and(eq(entitySessions.tokenHash, tokenHash), gt(entitySessions.expiresAt, now)));
  return row ? { ...row, tokenHash } : null;
}

/** The signed-in entity, or 401. */
export async function requireEntity(db: Db, request: FastifyRequest, now: Date): Promise<EntityCaller> {
  const caller = await entityCaller(db, request, now);
  if (!caller) throw entitySessionRequired();
  return caller;
}

export async function endEntitySession(tx: Db, tokenHash: string): Promise<void> {
  await tx.delete(entitySessions).where(eq(entitySessions.tokenHash, tokenHash));
}
