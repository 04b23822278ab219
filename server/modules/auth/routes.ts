/**
 * 登录、退出、当前用户、修改密码. Login is throttled (throttle.ts) per account name and per address:
 * five wrong passwords lock the account for 15 minutes; sixty failures from one address in 5 minutes
 * refuse that address for 5 minutes. A failed login answers the same whether the account exists,
 * is disabled or only the password is wrong.
 */
import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendOperation } from '../../audit/chain';
import { recordCountedRefusal } from '../../audit/refusals';
import type { Db } from '../../db/database';
import { departments, loginLog, users } from '../../db/schema';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, errorResponses } from '../../http/errors';
import type { AuthContext } from '../../http/request_context';
import { ChangePasswordBody, CsrfSchema, LoginBody, MeSchema, type Me } from './schema';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password';
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearAttempts, purgeStaleAttempts, refused, releaseAttempt, reserveAttempt } from './throttle';
import { CSRF_COOKIE, SESSION_COOKIE, createSession, deleteSession, deleteUserSessions, loadAuthContext, randomToken } from './session_store';


function meOf(auth: AuthContext): Me {
  const { user } = auth;
  return {
    id: user.id, account: user.account, name: user.name,
    department: user.departmentId && user.departmentName ? { id: user.departmentId, name: user.departmentName } : null,
    region: user.regionCode && user.regionName ? { code: user.regionCode, name: user.regionName } : null,
    roles: [...auth.roles], permissions: [...auth.permissions].sort(), mustChangePassword: auth.mustChangePassword,
    csrfToken: auth.csrfToken,
  };
}

export function registerAuthRoutes(app: TypedApp, services: AppServices): void {
  const cookieBase = { path: '/', sameSite: 'strict' as const, secure: services.cookieSecure };
  // Hashed now, so the first login with an unknown account takes no longer than any other.
  void dummyPasswordHash();

  function setCsrfCookie(reply: FastifyReply, token: string) {
    void reply.setCookie(CSRF_COOKIE, token, { ...cookieBase, httpOnly: false });
  }

  /** The region of a user's department: a login-log row and the login's operation row are scoped by it. */
  async function departmentRegion(db: Db, departmentId: string | null): Promise<string | null> {
    if (!departmentId) return null;
    const [row] = await db.select({ regionCode: departments.regionCode }).from(departments).where(eq(departments.id, departmentId));
    return row?.regionCode ?? null;
  }

  async function logLogin(db: Db, request: FastifyRequest, account: string, outcome: string, reason: string | null, user?: { id: string; departmentId: string | null; regionCode?: string | null } | null) {
    const regionCode = user ? (user.regionCode !== undefined ? user.regionCode : await departmentRegion(db, user.departmentId)) : null;
    await db.insert(loginLog).values({
      at: services.now(), account: account.slice(0, 64), userId: user?.id ?? null, departmentId: user?.departmentId ?? null, regionCode,
      ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null, outcome, reason,
    });
  }

  /**
   * Logs a refused login and throws. A refusal that checked no password (throttled or locked) is one of
   * many by nature: it is counted per minute, address and code (server/audit/refusals.ts) and only the
   * first of each minute gets its log rows, so a flood of attempts cannot grow the permanent logs.
   */
  async function refuse(request: FastifyRequest, account: string, error: AppError, outcome: string, user?: { id: string; departmentId: string | null } | null): Promise<never> {
    const entry = {
      actor: null, action: 'auth:login', summary: '登录', targetType: 'user', targetId: user?.id ?? null, outcome: 'failure' as const,
      errorCode: error.code, ip: request.ip, method: request.method, path: request.url, detail: { account: account.slice(0, 64), message: error.message },
    };
    if (outcome === 'throttled' || outcome === 'locked') {
      const seq = await recordCountedRefusal(services.db, { ...entry, route: '/api/auth/login' }, services.now());
      if (seq !== null) await logLogin(services.db, request, account, outcome, error.message.slice(0, 120), user);
    } else {
      await services.db.transaction(async (tx) => {
        await logLogin(tx, request, account, outcome, error.message.slice(0, 120), user);
        await appendOperation(tx, entry, services.now());
      });
    }
    request.operationRecorded = true;
    throw error;
  }

  app.get('/api/auth/csrf', {
    config: { access: 'public' },
    schema: { tags: ['认证'], summary: '获取防跨站令牌（登录前）', response: { 200: CsrfSchema } },
  }, async (request, reply) => {
    const token = request.auth?.csrfToken ?? request.cookies[CSRF_COOKIE] ?? randomToken();
    setCsrfCookie(reply, token);
    return { csrfToken: token };
  });

  app.post('/api/auth/login', {
    config: { access: 'public', summary: '登录' },
    schema: { tags: ['认证'], summary: '登录', body: LoginBody, response: { 200: MeSchema, ...errorResponses, 423: errorResponses[401], 429: errorResponses[401] } },
  }, async (request, reply) => {
    const { account, password } = request.body;
    const now = services.now();
    const ipKey = addressKey(request.ip);
    const byAddress = await reserveAttempt(services.db, ipKey, ADDRESS_RULE, now);
    if (refused(byAddress, ADDRESS_RULE)) {
      const wait = Math.max(1, Math.ceil(((byAddress.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 60_000));
      return refuse(request, account, new AppError(429, 'TOO_MANY_ATTEMPTS', `登录尝试过于频繁，请 ${wait} 分钟后再试`), 'throttled');
    }
    // Counted per account name, known or not: every answer below is the same for an account that does not exist.
    const byAccount = await reserveAttempt(services.db, accountKey(account), ACCOUNT_RULE, now);
    const [user] = await services.db.select().from(users).where(and(eq(users.account, account), isNull(users.deletedAt)));
    if (refused(byAccount, ACCOUNT_RULE)) {
      const until = (byAccount.lockedUntil ?? now).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
      return refuse(request, account, new AppError(423, 'ACCOUNT_LOCKED', `账号因多次密码错误已临时锁定，请于 ${until} 后再试`), 'locked', user);
    }
    // One argon2 verification whatever the account (unknown ones against a dummy hash), so timing tells nothing either.
    const proved = (await verifyPassword(user?.passwordHash ?? await dummyPasswordHash(), password)) && user !== undefined;
    if (!proved) {
      const locked = byAccount.attempt >= ACCOUNT_RULE.limit;
      const error = locked
        ? new AppError(423, 'ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定 ${ACCOUNT_RULE.lockMinutes} 分钟`)
        : new AppError(401, 'INVALID_CREDENTIALS', `账号或密码错误，再错 ${ACCOUNT_RULE.limit - byAccount.attempt} 次将锁定账号`);
      return refuse(request, account, error, 'failure', user);
    }
    await clearAttempts(services.db, accountKey(account));
    await releaseAttempt(services.db, ipKey);
    // Only a caller who knows the password learns that the account is disabled.
    if (user.status !== 'active') {
      return refuse(request, account, new AppError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系管理员'), 'failure', user);
    }
    const regionCode = await departmentRegion(services.db, user.departmentId);
    const session = await runChange(request, services, async (tx, record) => {
      await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
      const created = await createSession(tx, user.id, now, services.session, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      await logLogin(tx, request, account, 'success', null, { ...user, regionCode });
      record.target('user', user.id);
      record.event({ type: 'LoggedIn', userId: user.id, account: user.account });
      return created;
    }, { actor: { id: user.id, name: user.name, departmentId: user.departmentId, regionCode }, action: 'auth:login' });
    await purgeStaleAttempts(services.db, now);
    void reply.setCookie(SESSION_COOKIE, session.token, { ...cookieBase, httpOnly: true, expires: session.expiresAt });
    setCsrfCookie(reply, session.csrfToken);
    const auth = await loadAuthContext(services.db, session.token, now, services.session);
    if (!auth) throw new Error('session vanished right after login');
    return meOf(auth);
  });

  app.post('/api/auth/logout', {
    config: { access: 'authenticated', summary: '退出登录', allowDuringPasswordChange: true },
    schema: { tags: ['认证'], summary: '退出登录', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    const auth = request.auth;
    if (!auth) throw new Error('access hook let an anonymous request through');
    await runChange(request, services, async (tx, record) => {
      await deleteSession(tx, auth.sessionTokenHash);
      await logLogin(tx, request, auth.user.account, 'logout', null, auth.user);
      record.target('user', auth.user.id);
      record.event({ type: 'LoggedOut', userId: auth.user.id, account: auth.user.account });
    }, { action: 'auth:logout' });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    setCsrfCookie(reply, randomToken());
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated', allowDuringPasswordChange: true },
    schema: { tags: ['认证'], summary: '当前用户、角色与权限', response: { 200: MeSchema, ...errorResponses } },
  }, async (request) => {
    if (!request.auth) throw new Error('access hook let an anonymous request through');
    return meOf(request.auth);
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated', summary: '修改密码', allowDuringPasswordChange: true },
    schema: { tags: ['认证'], summary: '修改本人密码', body: ChangePasswordBody, response: { 204: z.null(), ...errorResponses, 429: errorResponses[401] } },
  }, async (request, reply) => {
    const auth = request.auth;
    if (!auth) throw new Error('access hook let an anonymous request through');
    const { oldPassword, newPassword } = request.body;
    const [user] = await services.db.select().from(users).where(eq(users.id, auth.user.id));
    // A stolen session must not become an oracle for the password: the old password gets the account's attempts.
    const key = `password:${auth.user.id}`;
    const reservation = await reserveAttempt(services.db, key, ACCOUNT_RULE, services.now());
    if (refused(reservation, ACCOUNT_RULE)) throw new AppError(429, 'TOO_MANY_ATTEMPTS', '原密码错误次数过多，请 15 分钟后再试');
    if (!user || !(await verifyPassword(user.passwordHash, oldPassword))) {
      throw badRequest('WRONG_PASSWORD', '原密码不正确', [{ field: 'oldPassword', message: '原密码不正确' }]);
    }
    await clearAttempts(services.db, key);
    const problem = passwordProblem(newPassword, user.account) ?? (oldPassword === newPassword ? '新密码不能与原密码相同' : null);
    if (problem) throw badRequest('WEAK_PASSWORD', problem, [{ field: 'newPassword', message: problem }]);
    const passwordHash = await hashPassword(newPassword);
    await runChange(request, services, async (tx, record) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: services.now() }).where(eq(users.id, user.id));
      // Other sessions of this user end; this one stays.
      await deleteUserSessions(tx, user.id, auth.sessionTokenHash);
      record.target('user', user.id);
      record.event({ type: 'PasswordChanged', userId: user.id, account: user.account });
    });
    return reply.status(204).send(null);
  });
}

