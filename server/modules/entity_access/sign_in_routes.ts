/**
 * 检查对象凭验证码登录 (issue #10 item 6; 威海第11条): an entity that wants to object to its published result enters its
 * 统一社会信用代码; a 6-digit code goes to its registered contact through the message provider (server/messaging),
 * valid 10 minutes, stored as a hash, 5 attempts. The code is throttled per credit code (one a minute, five an hour)
 * and per client address (ten in ten minutes), whether the code is known or not. A code that belongs to no entity with
 * a published result gets the same answer as one that does not exist: only what the 公示 already shows is revealed.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, exists, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { entityContacts, entitySignInCodes, inspectionResults, marketEntities } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, errorResponses } from '../../http/errors';
import { TokenBuckets } from '../../http/rate_limit';
import { maskPhone } from '../../messaging/phone';
import { CodeRequestAnswer, CodeRequestInput, EntitySessionView, VerifyInput } from './schema';
import { createEntitySession, endEntitySession, ENTITY_COOKIE, entityCaller, entitySessionRequired } from './entity_session';

const tags = ['检查对象登录'];
export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;
const MINUTE = 60_000;

/** Throttles (token buckets of server/http/rate_limit.ts): [capacity, window]. */
const PER_CODE_MINUTE = [1, MINUTE] as const;
const PER_CODE_HOUR = [5, 60 * MINUTE] as const;
const PER_ADDRESS = [10, 10 * MINUTE] as const;
const VERIFY_PER_ADDRESS = [30, 10 * MINUTE] as const;

function codeHash(rowId: string, code: string): string {
  return createHash('sha256').update(`${rowId}:${code}`).digest('hex');
}

/** The entity with this code that has at least one published result (what the 公示 shows), if any. */
export async function publishedEntity(db: Db, creditCode: string): Promise<{ id: number; name: string; code: string } | null> {
  const [row] = await db.select({ id: marketEntities.id, name: marketEntities.name, code: marketEntities.code }).from(marketEntities)
    .where(and(eq(marketEntities.code, creditCode), exists(db.select({ one: sql`1` }).from(inspectionResults)
      .where(and(eq(inspectionResults.entityId, marketEntities.id), eq(inspectionResults.status, 'published'))))));
  return row ?? null;
}

const notPublished = () => new AppError(404, 'ENTITY_NOT_FOUND', '未找到该统一社会信用代码的已公示抽查检查结果。请核对代码；如对尚未公示的检查有疑问，请联系实施检查的部门');
const invalidCode = (left?: number) => new AppError(400, 'SIGN_IN_CODE_INVALID', left !== undefined && left > 0
  ? `验证码不正确，还可尝试 ${left} 次` : '验证码错误或已失效，请重新获取验证码', [{ field: 'code', message: '验证码错误或已失效' }]);

export function registerEntitySignInRoutes(app: TypedApp, services: AppServices): void {
  const buckets = new TokenBuckets(50_000, () => services.now().getTime());
  const messages = services.messages;
  if (!messages) throw new Error('buildApp supplies the message provider');
  const cookieBase = { path: '/', sameSite: 'strict' as const, secure: services.cookieSecure, httpOnly: true };

  function throttle(reply: FastifyReply, key: string, [capacity, windowMs]: readonly [number, number], message: (wait: number) => string): void {
    const wait = buckets.take(key, capacity, windowMs);
    if (wait === 0) return;
    void reply.header('retry-after', String(wait));
    throw new AppError(429, 'SIGN_IN_CODE_THROTTLED', message(wait));
  }
  const inWords = (seconds: number) => (seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`);

  app.post('/api/entity/sign-in/code', {
    config: { access: 'public', summary: '检查对象获取登录验证码' },
    schema: { tags, summary: '获取登录验证码（发送至登记的联系电话）', body: CodeRequestInput, response: { 200: CodeRequestAnswer, ...errorResponses, 429: errorResponses[401], 502: errorResponses[401] } },
  }, async (request, reply) => {
    const { creditCode } = request.body;
    throttle(reply, `code-ip:${request.ip}`, PER_ADDRESS, (w) => `获取验证码过于频繁，请 ${inWords(w)}后再试`);
    throttle(reply, `code-minute:${creditCode}`, PER_CODE_MINUTE, (w) => `验证码已发送，请 ${inWords(w)}后再重新获取`);
    throttle(reply, `code-hour:${creditCode}`, PER_CODE_HOUR, (w) => `该代码获取验证码次数过多，请 ${inWords(w)}后再试`);
    const entity = await publishedEntity(services.db, creditCode);
    if (!entity) throw notPublished();
    const [contact] = await services.db.select({ phone: entityContacts.phone }).from(entityContacts).where(eq(entityContacts.entityId, entity.id));
    if (!contact) throw new AppError(409, 'ENTITY_NO_CONTACT', '该检查对象尚未登记接收验证码的联系电话。请携营业执照到作出检查结果的部门窗口提出异议，或请其登记联系电话');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = services.now();
    await runChange(request, services, async (tx, record) => {
      const id = randomUUID();
      // Codes of yesterday and before serve nothing any more (each is valid 10 minutes).
      await tx.delete(entitySignInCodes).where(lt(entitySignInCodes.createdAt, new Date(now.getTime() - 24 * 60 * MINUTE)));
      // A new code replaces the earlier ones.
      await tx.update(entitySignInCodes).set({ usedAt: now }).where(and(eq(entitySignInCodes.entityId, entity.id), isNull(entitySignInCodes.usedAt)));
      await tx.insert(entitySignInCodes).values({ id, entityId: entity.id, codeHash: codeHash(id, code), createdAt: now, expiresAt: new Date(now.getTime() + CODE_MINUTES * MINUTE), ip: request.ip.slice(0, 64) });
      record.target('entity_session', String(entity.id));
      record.detail({ creditCode, maskedPhone: maskPhone(contact.phone) });
    }, { actor: null, action: 'entity:sign-in-code' });
    try {
      await messages.send({ to: contact.phone, text: `【双随机一公开】${entity.name}：您的登录验证码为 ${code}，${CODE_MINUTES} 分钟内有效。如非本单位操作，请忽略。` });
    } catch (error) {
      request.log.error(error, '验证码短信发送失败');
      throw new AppError(502, 'MESSAGE_NOT_SENT', '验证码短信发送失败，请稍后重试');
    }
    return { maskedPhone: maskPhone(contact.phone), expiresInSeconds: CODE_MINUTES * 60, resendAfterSeconds: 60 };
  });

  app.post('/api/entity/sign-in', {
    config: { access: 'public', summary: '检查对象凭验证码登录' },
    schema: { tags, summary: '凭验证码登录（只能查看本单位的检查结果、提出和查看本单位的异议）', body: VerifyInput, response: { 200: EntitySessionView, ...errorResponses, 429: errorResponses[401] } },
  }, async (request, reply) => {
    const { creditCode, code } = request.body;
    throttle(reply, `verify-ip:${request.ip}`, VERIFY_PER_ADDRESS, (w) => `登录尝试过于频繁，请 ${inWords(w)}后再试`);
    const now = services.now();
    const entity = await publishedEntity(services.db, creditCode);
    if (!entity) throw invalidCode();
    const [latest] = await services.db.select().from(entitySignInCodes).where(eq(entitySignInCodes.entityId, entity.id)).orderBy(desc(entitySignInCodes.createdAt)).limit(1);
    if (!latest || latest.usedAt || latest.expiresAt <= now || latest.attempts >= CODE_ATTEMPTS) throw invalidCode();
    const matches = timingSafeEqual(Buffer.from(codeHash(latest.id, code)), Buffer.from(latest.codeHash));
    if (!matches) {
      const [counted] = await services.db.update(entitySignInCodes).set({ attempts: sql`${entitySignInCodes.attempts} + 1` })
        .where(eq(entitySignInCodes.id, latest.id)).returning({ attempts: entitySignInCodes.attempts });
      throw invalidCode(CODE_ATTEMPTS - (counted?.attempts ?? CODE_ATTEMPTS));
    }
    const session = await runChange(request, services, async (tx, record) => {
      // Used once: a second sign-in with the same code finds it used.
      const used = await tx.update(entitySignInCodes).set({ usedAt: now }).where(and(eq(entitySignInCodes.id, latest.id), isNull(entitySignInCodes.usedAt))).returning({ id: entitySignInCodes.id });
      if (used.length === 0) throw invalidCode();
      record.target('entity_session', String(entity.id));
      record.detail({ creditCode });
      record.event({ type: 'EntitySignedIn', entityId: entity.id });
      return createEntitySession(tx, entity.id, now, request.ip);
    }, { actor: null, action: 'entity:sign-in' });
    void reply.setCookie(ENTITY_COOKIE, session.token, { ...cookieBase, expires: session.expiresAt });
    return { entity: { name: entity.name, creditCode: entity.code }, expiresAt: session.expiresAt.toISOString() };
  });

  app.get('/api/entity/session', {
    config: { access: 'public' },
    schema: { tags, summary: '当前登录的检查对象', response: { 200: EntitySessionView, ...errorResponses } },
  }, async (request) => {
    const caller = await entityCaller(services.db, request, services.now());
    if (!caller) throw entitySessionRequired();
    return { entity: { name: caller.name, creditCode: caller.creditCode }, expiresAt: caller.expiresAt.toISOString() };
  });

  app.post('/api/entity/sign-out', {
    config: { access: 'public', summary: '检查对象退出登录' },
    schema: { tags, summary: '退出登录', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const caller = await entityCaller(services.db, request, services.now());
    await runChange(request, services, async (tx, record) => {
      if (caller) {
        await endEntitySession(tx, caller.tokenHash);
        record.target('entity_session', String(caller.entityId));
      }
    }, { actor: null, action: 'entity:sign-out' });
    void reply.clearCookie(ENTITY_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
}
