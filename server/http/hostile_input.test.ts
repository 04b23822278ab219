/**
 * Walks the OpenAPI document and sends hostile text to every query and path parameter and every string field of every
 * JSON body, as the administrator and anonymously: nothing answers 5xx, and U+0000 or a lone surrogate answers 400
 * naming the field (text_guard.ts) instead of a database error or a U+FFFD stored in its place.
 */
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../test/harness';
import { multipartBody } from '../test/upload';
import { operationsOf, plausibleValue, stringPaths, withValueAt, type Operation, type ValueContext } from '../test/openapi_walk';

/** Hostile text for a URL (already percent-encoded); `refused` ones must answer 400 naming the parameter. */
const URL_PAYLOADS: readonly { name: string; encoded: string; refused: boolean }[] = [
  { name: 'NUL', encoded: '%00', refused: true },
  { name: 'a NUL b', encoded: 'a%00b', refused: true },
  { name: 'UTF-8 encoded surrogate', encoded: '%ED%A0%80', refused: false },
  { name: 'invalid escape', encoded: '%E0%A4%A', refused: false },
  { name: 'SQL and LIKE metacharacters', encoded: encodeURIComponent('%_\\\'";--'), refused: false },
  { name: 'RTL override', encoded: encodeURIComponent('\u202Egnp.exe'), refused: false },
  { name: '100k characters', encoded: 'a'.repeat(100_000), refused: false },
];

/** Hostile text for a JSON string field (JSON.stringify writes U+0000 and lone surrogates as \u escapes). */
const BODY_PAYLOADS: readonly { name: string; value: string; refused: boolean }[] = [
  { name: 'NUL', value: '\u0000', refused: true },
  { name: 'a NUL b', value: 'a\u0000b', refused: true },
  { name: 'lone high surrogate', value: '\ud800', refused: true },
  { name: 'lone low surrogate', value: '\udfff', refused: true },
  { name: 'SQL and LIKE metacharacters', value: '%_\\\'";--', refused: false },
  { name: 'RTL override', value: '\u202Egnp.exe', refused: false },
  { name: '100k characters', value: 'b'.repeat(100_000), refused: false },
];

/** Routes the administrator does not walk: they would end the session the walk runs in. */
const ADMIN_SKIPS = new Set(['POST /api/auth/logout']);

interface Probe {
  readonly who: 'admin' | 'anonymous';
  readonly client: Client;
  readonly operation: Operation;
  readonly url: string;
  readonly payload: string | Buffer | undefined;
  readonly what: string;
  /** `GET /api/x/{id} query name`, for the summary. */
  readonly field: string;
  /** The field a refusal must name, or null when any answer below 500 is right. */
  readonly refusedField: string | null;
}

interface Failure { probe: string; status: number; body: string }

let server: TestServer;
let admin: Client;
let anonymous: Client;
let operations: Operation[];
let context: ValueContext;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
  anonymous = await server.anon();
  const document = await admin.get('/api/docs/json');
  expect(document.statusCode).toBe(200);
  operations = operationsOf(document.json());
  context = { uuid: server.fixture.departments.chaoyangMarket };
  await learnIds();
  // Deletions last, so the records they remove are there for the other routes first.
  operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
});

afterAll(async () => {
  await server.close();
});

/** Ids of existing records by the path that lists them (`/api/directory/experts`), so `{id}` routes get past 404. */
const knownIds = new Map<string, string>();

function pathParamValue(operation: Operation, name: string): string {
  const known = knownIds.get(operation.path.slice(0, operation.path.indexOf(`/{${name}}`)));
  if (known && (name === 'id' || name.endsWith('Id'))) return known;
  const schema = operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {};
  return encodeURIComponent(String(plausibleValue(schema, context)));
}

function firstId(body: unknown): string | null {
  const rows: unknown = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
  const candidates: unknown[] = Array.isArray(rows) ? rows : [body];
  // Never the walking administrator itself: resetting its password or disabling it would end the walk.
  const row = candidates.find((r) => typeof (r as { id?: unknown } | null)?.id === 'string' && (r as { id: string }).id !== server.fixture.users.admin);
  return row ? (row as { id: string }).id : null;
}

/** Creates one record on every create route that takes a plausible body, then reads ids from every list. */
async function learnIds(): Promise<void> {
  for (const operation of operations) {
    if (operation.method !== 'POST' || !operation.body || operation.path.includes('{') || operation.path.startsWith('/api/auth/')) continue;
    const created = await admin.raw('POST', operation.path, baseBody(operation), { 'content-type': 'application/json', 'x-csrf-token': admin.csrf });
    const id = created.statusCode === 201 ? firstId(created.json()) : null;
    if (id) knownIds.set(operation.path, id);
  }
  for (let round = 0; round < 2; round++) {
    for (const operation of operations) {
      if (operation.method !== 'GET' || knownIds.has(operation.path) || operation.path.endsWith('/export')) continue;
      const listed = await admin.get(urlOf(operation, null));
      const id = listed.statusCode === 200 && String(listed.headers['content-type']).startsWith('application/json') ? firstId(listed.json()) : null;
      if (id) knownIds.set(operation.path, id);
    }
  }
}

function urlOf(operation: Operation, override: { name: string; in: 'query' | 'path'; encoded: string } | null): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => (override?.in === 'path' && override.name === name ? override.encoded : pathParamValue(operation, name)));
  const query = operation.parameters.filter((p) => p.in === 'query' && p.required && !(override?.in === 'query' && override.name === p.name))
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(plausibleValue(p.schema ?? {}, context)))}`);
  if (override?.in === 'query') query.push(`${encodeURIComponent(override.name)}=${override.encoded}`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

function baseBody(operation: Operation): string | undefined {
  return operation.body ? JSON.stringify(plausibleValue(operation.body, context)) : undefined;
}

/**
 * Every hostile payload on every parameter and body field. `reads(operation)` says whether the client gets past access
 * control there; where it does not, one payload per field shows the refusal comes first (401, not 500).
 */
function probesOf(who: Probe['who'], client: Client, reads: (operation: Operation) => boolean): Probe[] {
  const probes: Probe[] = [];
  for (const operation of operations) {
    if (who === 'admin' && ADMIN_SKIPS.has(`${operation.method} ${operation.path}`)) continue;
    const label = `${who} ${operation.method} ${operation.path}`;
    const urlPayloads = reads(operation) ? URL_PAYLOADS : URL_PAYLOADS.slice(0, 1);
    const bodyPayloads = reads(operation) ? BODY_PAYLOADS : BODY_PAYLOADS.slice(0, 1);
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'query' && parameter.in !== 'path') continue;
      for (const payload of urlPayloads) {
        probes.push({
          who, client, operation, url: urlOf(operation, { name: parameter.name, in: parameter.in, encoded: payload.encoded }),
          payload: baseBody(operation), what: `${label} ${parameter.in} ${parameter.name}: ${payload.name}`,
          field: `${operation.method} ${operation.path} ${parameter.in} ${parameter.name}`, refusedField: payload.refused ? parameter.name : null,
        });
      }
    }
    if (!operation.body) continue;
    const body = operation.body;
    for (const path of stringPaths(body)) {
      const field = path.join('.');
      const base = plausibleValue(body, context);
      for (const payload of bodyPayloads) {
        probes.push({
          who, client, operation, url: urlOf(operation, null), payload: JSON.stringify(withValueAt(body, base, path, payload.value, context)),
          what: `${label} body ${field}: ${payload.name}`, field: `${operation.method} ${operation.path} body ${field}`,
          refusedField: payload.refused ? field : null,
        });
      }
      if (!reads(operation)) continue;
      // Raw invalid UTF-8 (it would be decoded as U+FFFD): refused as a whole body.
      const marker = '\u2063MARK\u2063';
      const [before, after] = JSON.stringify(withValueAt(body, base, path, marker, context)).split(marker);
      probes.push({
        who, client, operation, url: urlOf(operation, null), payload: Buffer.concat([Buffer.from(before ?? ''), Buffer.from([0xff, 0xfe]), Buffer.from(after ?? '')]),
        what: `${label} body ${field}: invalid UTF-8`, field: `${operation.method} ${operation.path} body ${field}`, refusedField: 'body',
      });
    }
  }
  return probes;
}

/** The answer, or status 0 when the connection was dropped (an export failing after its headers). */
async function send(probe: Probe): Promise<Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'json'>> {
  const headers: Record<string, string> = { 'x-csrf-token': probe.client.csrf };
  if (probe.payload !== undefined) headers['content-type'] = 'application/json';
  try {
    return await probe.client.raw(probe.operation.method as 'GET', probe.url, probe.payload, headers);
  } catch (error) {
    return { statusCode: 0, body: `connection dropped: ${String(error)}`, json: () => ({}) as never };
  }
}

/** Refusals that come before input is read: not signed in, no permission, CSRF, rate limit. */
function refusedBeforeInput(probe: Probe, status: number): boolean {
  return status === 429 || (probe.who === 'anonymous' && (status === 401 || status === 403));
}

function failureOf(probe: Probe, response: Pick<LightMyRequestResponse, 'statusCode' | 'body' | 'json'>): Failure | null {
  const status = response.statusCode;
  const failure = { probe: probe.what, status, body: response.body.slice(0, 300) };
  if (status >= 500 || status === 0) return failure;
  if (probe.refusedField === null || refusedBeforeInput(probe, status)) return null;
  const body = response.json<{ code?: string; details?: { field: string }[] }>();
  return status === 400 && body.code === 'VALIDATION_FAILED' && body.details?.[0]?.field === probe.refusedField ? null : failure;
}

async function walk(probes: readonly Probe[], statuses: Map<number, number>, concurrency = 4): Promise<Failure[]> {
  const failures: Failure[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < probes.length; i = next++) {
      const probe = probes[i];
      if (!probe) continue;
      const response = await send(probe);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const failure = failureOf(probe, response);
      if (failure) failures.push(failure);
    }
  }));
  return failures;
}

describe('hostile text on every route', () => {
  it('never answers 5xx, and refuses U+0000 and lone surrogates with 400 naming the field', async () => {
    const open = new Set<Operation>();
    for (const operation of operations) {
      const plain = await send({ who: 'anonymous', client: anonymous, operation, url: urlOf(operation, null), payload: baseBody(operation), what: '', field: '', refusedField: null });
      expect(plain.statusCode, `${operation.method} ${operation.path}`).toBeLessThan(500);
      if (plain.statusCode !== 401) open.add(operation);
    }
    const probes = [...probesOf('admin', admin, () => true), ...probesOf('anonymous', anonymous, (o) => open.has(o))];
    const statuses = new Map<number, number>();
    const failures = await walk(probes, statuses);
    const fields = new Set(probes.map((p) => p.field));
    console.info(`hostile input walk: ${operations.length} operations (${open.size} open to anonymous callers) × ${fields.size} parameters and body fields × `
      + `${URL_PAYLOADS.length}/${BODY_PAYLOADS.length + 1} payloads × 2 callers = ${probes.length} requests, ${failures.length} failures; ${knownIds.size} lists gave ids; `
      + `answers ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
    expect(failures).toEqual([]);
    // The administrator's session survived the walk, so the refusals above were answers to its input.
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  }, 600_000);

  it('stored no U+FFFD anywhere', async () => {
    const columns = await server.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`) as { rows: { table_name: string; column_name: string }[] };
    const replaced: string[] = [];
    for (const { table_name: table, column_name: column } of columns.rows) {
      const found = await server.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text like ${'%\uFFFD%'}`) as { rows: { n: number }[] };
      if ((found.rows[0]?.n ?? 0) > 0) replaced.push(`${table}.${column}`);
    }
    expect(columns.rows.length).toBeGreaterThan(10);
    expect(replaced).toEqual([]);
  });

  it('refuses an upload whose file name or form field holds U+0000', async () => {
    const upload = multipartBody('名单\u0000.csv', Buffer.from('姓名\n张三\n', 'utf8'));
    const response = await admin.raw('POST', '/api/directory/inspectors/import', upload.payload, { ...upload.headers, 'x-csrf-token': admin.csrf });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ details: { field: string }[] }>().details[0]?.field).toBe('file');
  });

  it('accepts emoji, tabs and newlines, and survives a deeply nested body', async () => {
    const emoji = await anonymous.get(`/api/public/inspectors?name=${encodeURIComponent('😀\t张')}`);
    expect(emoji.statusCode).toBe(200);
    const paired = await admin.raw('POST', '/api/directory/inspectors', '{"name":"\\ud83d\\ude00","note":"第一行\\n\\t第二行"}', { 'content-type': 'application/json', 'x-csrf-token': admin.csrf });
    expect(paired.statusCode).toBe(400);
    expect(paired.body).not.toMatch(/无效的 Unicode/);
    const depth = 400_000;
    const nested = await admin.raw('POST', '/api/directory/inspectors', `${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`, { 'content-type': 'application/json', 'x-csrf-token': admin.csrf });
    expect(nested.statusCode).toBe(400);
    expect(nested.json<{ details?: { field: string }[] }>().details?.[0]?.field.length ?? 0).toBeLessThanOrEqual(201);
  });

  it('answers a malformed percent-escape in the path with a Chinese 400', async () => {
    const response = await admin.get('/api/directory/inspectors/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string; message: string }>().message).toMatch(/请求地址/);
  });
});
