/**
 * Issue #7 items 3 and 9: throttling holds under parallel requests (attempts are reserved before
 * the password check), an office behind one address is not locked out, and a failed login answers
 * the same for an unknown account, a wrong password and a disabled account.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loginLog, operationLog, users } from '../../db/schema';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../../test/harness';
import type { UserRow } from '../users/schema';
import type * as Password from './password';
import { ACCOUNT_RULE, ADDRESS_RULE } from './throttle';

const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('./password', async (importOriginal) => {
  const original = await importOriginal<typeof Password>();
  return {
    ...original,
    verifyPassword: async (passwordHash: string, password: string) => {
      checks.count++;
      return original.verifyPassword(passwordHash, password);
    },
  };
});

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
beforeEach(() => { server.now = new Date(); });

/** Login attempts from one address (RFC 5737 documentation addresses; inject() sends nothing anywhere). */
async function from(remoteAddress: string) {
  const csrf = (await server.app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress })).json<{ csrfToken: string }>().csrfToken;
  return (account: string, password: string) => server.app.inject({
    method: 'POST', url: '/api/auth/login', remoteAddress, cookies: { suiji_csrf: csrf }, headers: { 'x-csrf-token': csrf }, payload: { account, password },
  });
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('parallel wrong passwords', () => {
  it('lock the account after five password checks however many arrive at once', async () => {
    const userId = await addUserWithPermissions(server, 'parallel.target', []);
    const attempt = await from('198.51.100.1');
    checks.count = 0;
    const answers = await Promise.all(Array.from({ length: 40 }, () => attempt('parallel.target', 'Wrong2026pass')));
    expect(checks.count).toBe(ACCOUNT_RULE.limit);
    expect(tally(answers.map((r) => r.statusCode))).toEqual({ 401: ACCOUNT_RULE.limit - 1, 423: 40 - ACCOUNT_RULE.limit + 1 });
    const correct = await attempt('parallel.target', TEST_PASSWORD);
    expect(correct.statusCode).toBe(423);
    expect(correct.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    const admin = await server.as('admin');
    expect((await admin.get(`/api/system/users/${userId}`)).json<UserRow>().locked).toBe(true);
    expect((await admin.post(`/api/system/users/${userId}/reset-password`, { password: 'Fresh2026pass' })).statusCode).toBe(204);
    expect((await admin.get(`/api/system/users/${userId}`)).json<UserRow>().locked).toBe(false);
    expect((await attempt('parallel.target', 'Fresh2026pass')).statusCode).toBe(200);
  });

  it('from one address stop at the soft limit: at most that many password checks, then 429 for every account', async () => {
    const attempt = await from('198.51.100.2');
    checks.count = 0;
    const answers = await Promise.all(Array.from({ length: ADDRESS_RULE.limit + 20 }, (_, i) => attempt(`sprayed${i}`, 'Guess2026pass')));
    expect(checks.count).toBe(ADDRESS_RULE.limit);
    expect(tally(answers.map((r) => r.statusCode))).toEqual({ 401: ADDRESS_RULE.limit, 429: 20 });
    const blocked = await attempt('chaoyang', TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: `登录尝试过于频繁，请 ${ADDRESS_RULE.lockMinutes} 分钟后再试` });
    server.now = new Date(Date.now() + (ADDRESS_RULE.lockMinutes + 1) * 60_000);
    expect((await attempt('chaoyang', TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('an office behind one address', () => {
  it('lets every colleague log in after a few typos each', async () => {
    const office = Array.from({ length: 15 }, (_, i) => `office${i}`);
    for (const account of office) await addUserWithPermissions(server, account, []);
    const attempt = await from('198.51.100.3');
    for (let typo = 0; typo < 3; typo++) {
      const answers = await Promise.all(office.map((account) => attempt(account, 'Typo2026pass')));
      expect(answers.map((r) => r.statusCode)).toEqual(office.map(() => 401));
    }
    const logins = await Promise.all(office.map((account) => attempt(account, TEST_PASSWORD)));
    expect(logins.map((r) => r.statusCode)).toEqual(office.map(() => 200));
  });
});

describe('failed logins tell nothing about the account', () => {
  it('answers an unknown account, a wrong password and a disabled account byte for byte the same, after one password check each', async () => {
    await addUserWithPermissions(server, 'same.active', []);
    const disabledId = await addUserWithPermissions(server, 'same.disabled', []);
    await server.db.update(users).set({ status: 'disabled' }).where(eq(users.id, disabledId));
    const attempt = await from('198.51.100.4');
    for (let round = 1; round <= ACCOUNT_RULE.limit + 1; round++) {
      checks.count = 0;
      const answers = [await attempt('same.active', 'Wrong2026pass'), await attempt('same.nobody', 'Wrong2026pass'), await attempt('same.disabled', 'Wrong2026pass')];
      expect(checks.count, `round ${round}`).toBe(round > ACCOUNT_RULE.limit ? 0 : 3);
      const [first, ...others] = answers.map((r) => ({ status: r.statusCode, type: r.headers['content-type'], body: r.body }));
      expect(first?.status, `round ${round}`).toBe(round < ACCOUNT_RULE.limit ? 401 : 423);
      for (const other of others) expect(other, `round ${round}`).toEqual(first);
    }
  });

  it('tells a disabled account so only when the password is right', async () => {
    const userId = await addUserWithPermissions(server, 'known.disabled', []);
    await server.db.update(users).set({ status: 'disabled' }).where(eq(users.id, userId));
    const attempt = await from('198.51.100.5');
    const wrong = await attempt('known.disabled', 'Wrong2026pass');
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const right = await attempt('known.disabled', TEST_PASSWORD);
    expect(right.statusCode).toBe(403);
    expect(right.json()).toEqual({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
  });
});

describe('changing one\'s password', () => {
  it('gives a stolen session no more guesses at the old password than a login has', async () => {
    await addUserWithPermissions(server, 'session.thief', []);
    const session = await server.as('session.thief');
    checks.count = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, () => session.post('/api/auth/password', { oldPassword: 'Guess2026pass', newPassword: 'Taken2026pass' })));
    expect(checks.count).toBe(ACCOUNT_RULE.limit);
    expect(tally(answers.map((r) => r.statusCode))).toEqual({ 400: ACCOUNT_RULE.limit, 429: 20 - ACCOUNT_RULE.limit });
    expect((await session.post('/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'Taken2026pass' })).statusCode).toBe(429);
  });
});

describe('a flood of refused logins', () => {
  it('adds one log row per minute and code once attempts are refused unchecked', async () => {
    await addUserWithPermissions(server, 'flood.target', []);
    const attempt = await from('198.51.100.77');
    for (let i = 0; i < ACCOUNT_RULE.limit; i++) await attempt('flood.target', 'Wrong2026pass');
    const rows = async () => (await server.db.select({ n: count() }).from(operationLog))[0]?.n ?? 0;
    const logins = async () => (await server.db.select({ n: count() }).from(loginLog))[0]?.n ?? 0;
    const [before, loginsBefore] = [await rows(), await logins()];
    const answers = await Promise.all(Array.from({ length: 50 }, () => attempt('flood.target', 'Wrong2026pass')));
    expect(new Set(answers.map((r) => r.statusCode))).toEqual(new Set([423]));
    expect(await rows() - before).toBe(1);
    expect(await logins() - loginsBefore).toBe(1);
  });
});
