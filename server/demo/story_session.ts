/**
 * How the demo story acts: a demo user signed in to an app instance (cookies and CSRF token kept), calling the API
 * as the web app would. A call answering another status than expected stops the story with the answer's body.
 */
import type { App } from '../http/app';
import { DEMO_PASSWORD } from './load_demo';

export interface Session {
  get(url: string): Promise<Record<string, unknown>>;
  post(url: string, body: unknown, status?: number): Promise<Record<string, unknown>>;
  /** A multipart upload (one file and text fields), as the workbench sends an attachment. */
  upload(url: string, fields: Record<string, string>, file: { name: string; type: string; content: Buffer }): Promise<Record<string, unknown>>;
}

/** A Shanghai wall-clock time as an instant (the scenes are dated as a user would read them). */
export function shanghai(date: string, time = '09:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

export const idOf = (record: Record<string, unknown>): string => String(record['id']);
export const versionOf = (record: Record<string, unknown>): number => Number(record['rowVersion']);

function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----suiji-demo-${file.content.length}-${Object.keys(fields).length}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(file.name)}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function login(app: App, account: string): Promise<Session> {
  const jar = new Map<string, string>();
  const keep = (headers: Record<string, unknown>) => {
    const set = headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = String(c).split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const first = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  keep(first.headers);
  let csrf = first.json<{ csrfToken: string }>().csrfToken;
  const signed = await app.inject({
    method: 'POST', url: '/api/auth/login', cookies: Object.fromEntries(jar), headers: { 'x-csrf-token': csrf }, payload: { account, password: DEMO_PASSWORD },
  });
  if (signed.statusCode !== 200) throw new Error(`演示数据：${account} 登录失败（${signed.statusCode} ${signed.body}）`);
  keep(signed.headers);
  csrf = signed.json<{ csrfToken: string }>().csrfToken;
  const send = async (method: 'GET' | 'POST', url: string, body: { json: unknown } | { payload: Buffer; contentType: string } | undefined, status: number) => {
    const response = await app.inject({
      method, url, cookies: Object.fromEntries(jar),
      headers: { ...(method === 'POST' ? { 'x-csrf-token': csrf } : {}), ...(body && 'contentType' in body ? { 'content-type': body.contentType } : {}) },
      ...(body === undefined ? {} : { payload: 'json' in body ? body.json as Record<string, unknown> : body.payload }),
    });
    keep(response.headers);
    if (response.statusCode !== status) throw new Error(`演示数据：${account} ${method} ${url} 应答 ${response.statusCode}：${response.body}`);
    return response.json<Record<string, unknown>>();
  };
  return {
    get: (url) => send('GET', url, undefined, 200),
    post: (url, body, status = 200) => send('POST', url, { json: body }, status),
    upload: (url, fields, file) => send('POST', url, multipart(fields, file), 200),
  };
}
