import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../test/harness';
import { CONTENT_SECURITY_POLICY } from './security_headers';

function expectSecurityHeaders(response: LightMyRequestResponse): void {
  expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
}

describe('security headers', () => {
  let server: TestServer;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'suiji-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'export {};');
    server = await startTestServer({ webRoot });
    server.app.get('/api/test/failure', { config: { access: 'public' } }, () => { throw new Error('a bug'); });
  });
  afterAll(async () => {
    await server.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('the policy allows only own scripts, antd\'s inline styles, and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('on the web app, its assets and a client-side route', async () => {
    for (const url of ['/', '/assets/app.js', '/system/users']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expectSecurityHeaders(response);
      expect(response.headers['cache-control'], url).not.toBe('no-store');
    }
  });

  it('on API answers, which no cache may keep: data, 401, 404 and 500', async () => {
    const admin = await server.as('admin');
    const me = await admin.get('/api/auth/me');
    const cases: [LightMyRequestResponse, number][] = [
      [me, 200],
      [await server.app.inject({ method: 'GET', url: '/api/auth/me' }), 401],
      [await admin.get('/api/no/such/route'), 404],
      [await server.app.inject({ method: 'GET', url: '/api/test/failure' }), 500],
      [await server.app.inject({ method: 'GET', url: '/api/auth/csrf' }), 200],
    ];
    for (const [response, status] of cases) {
      expect(response.statusCode).toBe(status);
      expectSecurityHeaders(response);
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('/api/docs', () => {
  let server: TestServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });

  const DOCS = ['/api/docs', '/api/docs/json', '/api/docs/static/swagger-ui-bundle.js'];

  async function statuses(s: TestServer, cookies: Record<string, string> = {}): Promise<number[]> {
    const result: number[] = [];
    for (const url of DOCS) {
      const response = await s.app.inject({ method: 'GET', url, cookies });
      expectSecurityHeaders(response);
      result.push(response.statusCode);
    }
    return result;
  }

  it('is open in development', async () => {
    server = await startTestServer();
    expect(await statuses(server)).toEqual([200, 200, 200]);
    const json = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.json<{ openapi: string }>().openapi).toMatch(/^3\./);
  });

  it('needs a session in production, and then shows the UI and the document', async () => {
    server = await startTestServer({ production: true });
    expect(await statuses(server)).toEqual([401, 401, 401]);
    const refused = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(refused.json()).toEqual({ code: 'UNAUTHENTICATED', message: '接口文档须登录后查看' });
    expect(await statuses(server, { suiji_sid: 'not-a-session' })).toEqual([401, 401, 401]);

    const login = await server.app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const signedIn = await server.app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'x-csrf-token': csrf },
      cookies: Object.fromEntries(login.cookies.map((c) => [c.name, c.value])), payload: { account: 'inspector', password: TEST_PASSWORD },
    });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const session = signedIn.cookies.find((c) => c.name === 'suiji_sid');
    expect(await statuses(server, { suiji_sid: session?.value ?? '' })).toEqual([200, 200, 200]);
  });

  it('is open in production with API_DOCS_PUBLIC=true', async () => {
    server = await startTestServer({ production: true, apiDocsPublic: true });
    expect(await statuses(server)).toEqual([200, 200, 200]);
  });
});
