import { desc } from 'drizzle-orm';
import { expect } from 'vitest';
import { operationLog } from '../db/schema';
import type { Client, TestServer } from './harness';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function call(client: Client, method: Method, url: string, body?: unknown) {
  switch (method) {
    case 'GET': return client.get(url);
    case 'POST': return client.post(url, body);
    case 'PUT': return client.put(url, body);
    case 'DELETE': return client.delete(url);
  }
}

/** 401 without a session, 403 for a user lacking the permission, and a Chinese {code, message} body. */
export async function expectAuthRefusals(server: TestServer, method: Method, url: string, withoutPermission: string, body?: unknown): Promise<void> {
  const anon = await server.anon();
  const r401 = await call(anon, method, url, body);
  expect(r401.statusCode, `${method} ${url} anonymous`).toBe(401);
  expect(r401.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/登录/) as unknown });
  const noPerm = await server.as(withoutPermission);
  const r403 = await call(noPerm, method, url, body);
  expect(r403.statusCode, `${method} ${url} as ${withoutPermission}`).toBe(403);
  expect(r403.json()).toMatchObject({ code: 'FORBIDDEN' });
}

/** One 400 per invalid field, naming that field. */
export async function expectFieldErrors(client: Client, method: 'POST' | 'PUT', url: string, valid: Record<string, unknown>, invalid: Record<string, unknown[]>): Promise<void> {
  for (const [field, values] of Object.entries(invalid)) {
    for (const value of values) {
      const response = await call(client, method, url, { ...valid, [field]: value });
      expect(response.statusCode, `${field}=${JSON.stringify(value)}`).toBe(400);
      const body = response.json<{ code: string; message: string; details?: { field: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.some((d) => d.field === field || d.field.startsWith(`${field}.`)), `${field}=${JSON.stringify(value)}: ${body.message}`).toBe(true);
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  }
}

export async function lastOperation(server: TestServer) {
  const [row] = await server.db.select().from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  return row;
}
