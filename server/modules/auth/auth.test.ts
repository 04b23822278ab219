import Fastify from 'fastify';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccessHooks, MissingAccessError } from '../../http/access';
import { loginLog, users } from '../../db/schema';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../test/harness';
import { lastOperation } from '../../test/expectations';
import type { Me } from './schema';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

describe('route declarations', () => {
  it('refuses to register an /api route that declares no permission', () => {
    const app = Fastify();
    registerAccessHooks(app, { db: server.db, now: () => new Date(), session: { ttlHours: 8, idleMinutes: 60 } });
    expect(() => app.get('/api/undeclared', () => 'x')).toThrow(MissingAccessError);
    expect(() => app.get('/api/typo', { config: { access: 'system:nothing:at-all' as never } }, () => 'x')).toThrow(/未知权限/);
    expect(() => app.post('/api/no-summary', { config: { access: 'system:user:create' } }, () => 'x')).toThrow(/summary/);
    expect(() => app.get('/static/page', () => 'x')).not.toThrow();
  });

  it('declares a known permission on every route of the real app', () => {
    const routes = server.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/system/users');
  });
});

describe('login', () => {
  it('logs in with an httpOnly SameSite session cookie and returns the caller', async () => {
    const anon = await server.anon();
    const response = await anon.post('/api/auth/login', { account: 'chaoyang', password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'suiji_sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = response.json<Me>();
    expect(me).toMatchObject({ account: 'chaoyang', department: { name: '长春市朝阳区市场监督管理局' }, region: { code: '220104' } });
    expect(me.permissions).toContain('system:user:create');
    expect(me.permissions).not.toContain('system:role:create');
    expect(await lastOperation(server)).toMatchObject({ action: 'auth:login', outcome: 'success' });
  });

  it('rejects a wrong password, counts down, locks after five and unlocks after 15 minutes', async () => {
    const anon = await server.anon();
    for (let i = 1; i <= 4; i++) {
      const r = await anon.post('/api/auth/login', { account: 'nanguan', password: 'wrong-password1' });
      expect(r.statusCode).toBe(401);
      expect(r.json<{ message: string }>().message).toContain(`再错 ${5 - i} 次`);
    }
    const fifth = await anon.post('/api/auth/login', { account: 'nanguan', password: 'wrong-password1' });
    expect(fifth.statusCode).toBe(423);
    const locked = await anon.post('/api/auth/login', { account: 'nanguan', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const [failures] = await server.db.select({ n: count() }).from(loginLog).where(and(eq(loginLog.account, 'nanguan'), eq(loginLog.outcome, 'failure')));
    expect(failures?.n).toBe(5);
    expect(await lastOperation(server)).toMatchObject({ action: 'auth:login', outcome: 'failure', errorCode: 'ACCOUNT_LOCKED' });
    server.now = new Date(Date.now() + 16 * 60_000);
    const later = await anon.post('/api/auth/login', { account: 'nanguan', password: TEST_PASSWORD });
    expect(later.statusCode).toBe(200);
    server.now = new Date();
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const anon = await server.anon();
    const r = await anon.post('/api/auth/login', { account: 'nobody', password: 'whatever1' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '账号或密码错误，再错 4 次将锁定账号' });
  });

  it('refuses a disabled account', async () => {
    await server.db.update(users).set({ status: 'disabled' }).where(eq(users.id, server.fixture.users.jilin));
    const anon = await server.anon();
    const r = await anon.post('/api/auth/login', { account: 'jilin', password: TEST_PASSWORD });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await server.db.update(users).set({ status: 'active' }).where(eq(users.id, server.fixture.users.jilin));
  });

  it('validates the login body', async () => {
    const anon = await server.anon();
    for (const body of [{}, { account: '', password: 'x' }, { account: 'a'.repeat(33), password: 'x' }, { account: 'admin', password: 'p'.repeat(65) }]) {
      const r = await anon.post('/api/auth/login', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json<{ message: string }>().message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('sessions and CSRF', () => {
  it('refuses a state change without the CSRF token and stores nothing', async () => {
    const joint = await server.as('joint');
    const body = { name: '无令牌部门', type: 'commerce', regionCode: '220104' };
    const r = await joint.raw('POST', '/api/system/departments', body);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    const wrong = await joint.raw('POST', '/api/system/departments', body, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
    const list = (await joint.get('/api/system/departments?name=%E6%97%A0%E4%BB%A4%E7%89%8C')).json<{ total: number }>();
    expect(list.total).toBe(0);
  });

  it('expires an idle session and a session past its lifetime', async () => {
    const client = await server.as('chaoyang');
    expect((await client.get('/api/auth/me')).statusCode).toBe(200);
    server.now = new Date(Date.now() + 61 * 60_000);
    const expired = await client.get('/api/auth/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    server.now = new Date();
  });

  it('logs out: the session ends and the log says so', async () => {
    const client = await server.as('chaoyang');
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect(await lastOperation(server)).toMatchObject({ action: 'auth:logout', outcome: 'success' });
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('changes the password: checks the old one and the rules, keeps this session, ends the others', async () => {
    const first = await server.as('inspector');
    const second = await server.as('inspector');
    expect((await first.post('/api/auth/password', { oldPassword: 'nope', newPassword: 'Better2026x' })).json()).toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await first.post('/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'short' })).json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect((await first.post('/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'Better2026x' })).statusCode).toBe(204);
    expect((await first.get('/api/auth/me')).statusCode).toBe(200);
    expect((await second.get('/api/auth/me')).statusCode).toBe(401);
    expect((await first.post('/api/auth/password', { oldPassword: 'Better2026x', newPassword: TEST_PASSWORD })).statusCode).toBe(204);
  });

  it('serves the OpenAPI document', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/system/users');
  });

  it('answers unknown API paths with a Chinese 404 body', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
