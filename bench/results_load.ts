/**
 * The client side of bench/results_bench.ts: the real server as a child process, logins, and the simulated
 * inspectors (plain fetch, one keep-alive connection pool, every inspector a loop of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../server/demo/load_demo';

export interface Server { readonly child: ChildProcess; readonly base: string }

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * `tsx server/main.ts` with the given environment, once it prints 已启动. Rate limits are off unless `keepRateLimits`
 * (the bench is the only client); a first start that loads a million demo entities may take most of an hour.
 */
export async function startServer(env: NodeJS.ProcessEnv, keepRateLimits = false): Promise<Server> {
  const port = await freePort();
  const limits = keepRateLimits ? {} : { RATE_LIMIT_ANONYMOUS_WRITES: '0', RATE_LIMIT_ANONYMOUS_READS: '0', RATE_LIMIT_SESSION_WRITES: '0', RATE_LIMIT_SESSION_READS: '0' };
  // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to the server's node.
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    env: { ...env, ...limits, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const deadline = Date.now() + 3_600_000;
  while (!out.includes('已启动')) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) throw new Error('server did not start within an hour');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base: `http://127.0.0.1:${port}` };
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}

export interface Session { readonly cookie: string; readonly csrf: string }

export async function login(base: string, account: string): Promise<Session> {
  const first = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await first.json() as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: `suiji_csrf=${csrfToken}` },
    body: JSON.stringify({ account, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${account} failed: ${response.status} ${await response.text()}`);
  const sid = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('suiji_sid='));
  const me = await response.json() as { csrfToken: string };
  if (!sid) throw new Error('login set no session cookie');
  return { cookie: `${sid}; suiji_csrf=${me.csrfToken}`, csrf: me.csrfToken };
}

/** Latencies (ms) and failures of one kind of request. */
export class Tally {
  readonly ms: number[] = [];
  errors = 0;
  firstError: string | null = null;
  async time<T>(call: () => Promise<Response>, read: (r: Response) => Promise<T>): Promise<T | null> {
    const t0 = performance.now();
    try {
      const response = await call();
      const ok = response.status === 200;
      const value = ok ? await read(response) : null;
      if (!ok) this.firstError ??= `${response.status} ${await response.text()}`.slice(0, 300);
      this.ms.push(performance.now() - t0);
      if (!ok) this.errors += 1;
      return value;
    } catch (error) {
      this.ms.push(performance.now() - t0);
      this.errors += 1;
      this.firstError ??= String(error);
      return null;
    }
  }
  quantile(q: number): number {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  }
}

/** GET /api/auth/csrf (no session, no table) from `clients` loops for `seconds`. */
export async function baselineLoad(base: string, clients: number, seconds: number): Promise<{ tally: Tally; seconds: number }> {
  const tally = new Tally();
  const started = performance.now();
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (Date.now() < end) await tally.time(() => fetch(`${base}/api/auth/csrf`), (r) => r.arrayBuffer());
  }));
  return { tally, seconds: (performance.now() - started) / 1000 };
}

export interface InspectorRun {
  readonly photo: Tally; readonly photoRetry: Tally; readonly submit: Tally; readonly submitRetry: Tally;
  /** Client ids answered 200 (what must be in the database, once each). */
  readonly submitted: Set<string>; readonly photos: Set<string>;
  /** A retry answered another result than the first send. */
  mismatches: number;
  /** Inspectors that ran out of objects before the end. */
  exhausted: number;
  /** From the first request to the last answer (requests started before the end finish after it). */
  seconds: number;
}

export interface Submission { checkDate: string; itemIds: readonly string[]; photo: Buffer }

function multipart(fields: Record<string, string>, photo: Buffer): { body: Uint8Array<ArrayBuffer>; type: string } {
  const boundary = `----suiji-bench-${randomUUID()}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="门头照片.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), photo, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), type: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Each inspector, for `seconds`, takes its next object: uploads a photo (every 5th upload sent again with the same
 * clientId), then submits the result (every 4th submission sent again after its answer — a lost answer — and every
 * 10th sent as two copies at once — an outbox replaying while the first is in flight).
 */
export async function inspectorLoad(base: string, sessions: ReadonlyMap<string, Session>, objectsOf: ReadonlyMap<string, readonly string[]>, input: Submission, seconds: number): Promise<InspectorRun> {
  const run: InspectorRun = { photo: new Tally(), photoRetry: new Tally(), submit: new Tally(), submitRetry: new Tally(), submitted: new Set(), photos: new Set(), mismatches: 0, exhausted: 0, seconds: 0 };
  const result = {
    checkDate: input.checkDate, checkMethod: 'on_site', resultCategory: 'no_problem', disposal: 'none', note: null,
    itemFindings: input.itemIds.map((itemId) => ({ itemId, finding: 'compliant' })), signature: { kind: 'signed', signerName: '王经理' },
  };
  const started = performance.now();
  const end = Date.now() + seconds * 1000;
  const idOf = async (r: Response) => (await r.json() as { id: string }).id;
  await Promise.all([...sessions].map(async ([account, s]) => {
    const objects = objectsOf.get(account) ?? [];
    let k = 0;
    for (; k < objects.length && Date.now() < end; k++) {
      const taskObjectId = objects[k] ?? '';
      const photoId = randomUUID();
      const upload = () => {
        const { body, type } = multipart({ clientId: photoId, kind: 'photo' }, input.photo);
        return fetch(`${base}/api/inspection/objects/${taskObjectId}/attachments`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': type }, body });
      };
      const photo = await run.photo.time(upload, idOf);
      if (photo) run.photos.add(photoId);
      if (k % 5 === 0 && (await run.photoRetry.time(upload, idOf)) !== photo && photo) run.mismatches += 1;
      const clientId = randomUUID();
      const body = JSON.stringify({ clientId, taskObjectId, result });
      const submit = () => fetch(`${base}/api/inspection/submissions`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body });
      const sends = k % 10 === 0 ? [run.submit.time(submit, idOf), run.submitRetry.time(submit, idOf)] : [run.submit.time(submit, idOf)];
      const ids = await Promise.all(sends);
      if (k % 4 === 0) ids.push(await run.submitRetry.time(submit, idOf));
      const first = ids.find((id) => id !== null);
      if (first) run.submitted.add(clientId);
      if (ids.some((id) => id !== null && id !== first)) run.mismatches += 1;
    }
    if (k >= objects.length && Date.now() < end) run.exhausted += 1;
  }));
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** POSTs the ids to the batch publication in chunks of `chunk` (the route's limit); each chunk's milliseconds. */
export async function publishBatches(base: string, s: Session, ids: readonly string[], chunk: number): Promise<{ ms: number[]; errors: string[] }> {
  const out = { ms: [] as number[], errors: [] as string[] };
  for (let i = 0; i < ids.length; i += chunk) {
    const t0 = performance.now();
    const response = await fetch(`${base}/api/inspection/results/publish`, {
      method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ ids: ids.slice(i, i + chunk) }),
    });
    const text = await response.text();
    out.ms.push(performance.now() - t0);
    if (response.status !== 200) out.errors.push(`${response.status} ${text.slice(0, 200)}`);
  }
  return out;
}

/** POST /api/inspection/tasks/:id/results/publish: every approved result of the task in one request. */
export async function publishTask(base: string, s: Session, taskId: string, expected: number): Promise<{ ms: number; error: string | null }> {
  const t0 = performance.now();
  const response = await fetch(`${base}/api/inspection/tasks/${taskId}/results/publish`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ expected }),
  });
  const text = await response.text();
  return { ms: performance.now() - t0, error: response.status === 200 ? null : `${response.status} ${text.slice(0, 200)}` };
}

/** The server process's CPU time so far (user + system, ms) and its peak RSS (MB), from /proc (Linux; zeros elsewhere). */
export function processUsage(pid: number | undefined): { cpuMs: number; peakMb: number } {
  try {
    const stat = readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid ?? 0}/status`, 'utf8'));
    return { cpuMs: (ticks * 1000) / 100, peakMb: Number(hwm?.[1] ?? 0) / 1024 };
  } catch {
    return { cpuMs: 0, peakMb: 0 };
  }
}
