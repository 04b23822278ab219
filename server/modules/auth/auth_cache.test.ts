import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, users } from '../../db/schema';
import type { AuthContext } from '../../http/request_context';
import { addUserWithPermissions } from '../../test/extra_users';
import { startTestServer, type TestServer } from '../../test/harness';
import { AUTH_CACHE_TTL_MS, createAuthContextCache } from './auth_cache';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const entities = '/api/directory/entities?page=1&pageSize=20';

async function roleOf(account: string): Promise<{ id: string; key: string; name: string }> {
  const [role] = await server.db.select({ id: roles.id, key: roles.key, name: roles.name }).from(roles).where(eq(roles.key, `t_${account}`));
  if (!role) throw new Error('test role');
  return role;
}

describe('the cached caller of a session', () => {
  it('takes a role change made through the API into account on the next request', async () => {
    await addUserWithPermissions(server, 'cache_role', ['directory:entity:list']);
    const user = await server.as('cache_role');
    expect((await user.get(entities)).statusCode).toBe(200);
    const role = await roleOf('cache_role');
    const admin = await server.as('admin');
    const changed = await admin.put(`/api/system/roles/${role.id}`, { key: role.key, name: role.name, dataScope: 'region_and_below', permissions: [] });
    expect(changed.statusCode).toBe(200);
    expect((await user.get(entities)).statusCode).toBe(403);
  });

  it('refuses the session of a user disabled through the API on the next request', async () => {
    const id = await addUserWithPermissions(server, 'cache_disabled', ['directory:entity:list']);
    const user = await server.as('cache_disabled');
    expect((await user.get(entities)).statusCode).toBe(200);
    const role = await roleOf('cache_disabled');
    const admin = await server.as('admin');
    const disabled = await admin.put(`/api/system/users/${id}`, {
      name: '测试 cache_disabled', departmentId: server.fixture.departments.cityJointOffice, phone: null, status: 'disabled', roleIds: [role.id],
    });
    expect(disabled.statusCode).toBe(200);
    expect((await user.get(entities)).statusCode).toBe(401);
  });

  it('sees a change made outside this process (another instance, a script) once the cache time has passed', async () => {
    const id = await addUserWithPermissions(server, 'cache_elsewhere', ['directory:entity:list']);
    const user = await server.as('cache_elsewhere');
    expect((await user.get(entities)).statusCode).toBe(200);
    await server.db.update(users).set({ status: 'disabled' }).where(eq(users.id, id));
    const before = server.now;
    server.now = new Date(before.getTime() + AUTH_CACHE_TTL_MS);
    try {
      expect((await user.get(entities)).statusCode).toBe(401);
    } finally {
      server.now = before;
    }
  });
});

describe('createAuthContextCache', () => {
  const context = { user: { id: 'u' } } as unknown as AuthContext;
  const loaded = () => Promise.resolve({ value: context, expiresAt: new Date(Date.UTC(2030, 0, 1)) });
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

  it('reads the database once per session within the cache time, and again after it or after an invalidation', async () => {
    const cache = createAuthContextCache(5_000);
    let loads = 0;
    const load = () => { loads += 1; return loaded(); };
    await cache.resolve('h', at(0), load);
    await cache.resolve('h', at(4_999), load);
    expect(loads).toBe(1);
    await cache.resolve('h', at(5_000), load);
    expect(loads).toBe(2);
    cache.invalidate();
    await cache.resolve('h', at(5_001), load);
    expect(loads).toBe(3);
  });

  it('does not keep a context read while a change was being made', async () => {
    const cache = createAuthContextCache(5_000);
    let loads = 0;
    await cache.resolve('h', at(0), () => { loads += 1; cache.invalidate(); return loaded(); });
    await cache.resolve('h', at(1), () => { loads += 1; return loaded(); });
    expect(loads).toBe(2);
  });

  it('reads fresh and keeps nothing while held, and drops what it had when held and when released', async () => {
    const cache = createAuthContextCache(5_000);
    let loads = 0;
    const load = () => { loads += 1; return loaded(); };
    await cache.resolve('h', at(0), load);
    const release = cache.hold();
    await cache.resolve('h', at(1), load);
    await cache.resolve('h', at(2), load);
    expect(loads).toBe(3);
    release();
    await cache.resolve('h', at(3), load);
    await cache.resolve('h', at(4), load);
    expect(loads).toBe(4);
  });

  it('does not serve a session past its expiry', async () => {
    const cache = createAuthContextCache(5_000);
    await cache.resolve('h', at(0), () => Promise.resolve({ value: context, expiresAt: at(1_000) }));
    expect(await cache.resolve('h', at(1_000), () => Promise.resolve(null))).toBeNull();
  });
});
