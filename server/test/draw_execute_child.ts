/**
 * Child process of server/modules/draws/execute_kill.test.ts: the app on the database given (an embedded data directory
 * or a PostgreSQL URL), signed in as the operator, executes one draw. In `pause` mode it stops inside the execute
 * transaction, after every write and before the commit, says "paused <seed> <resultHash>" and waits to be killed;
 * in `run` mode it prints the response as one JSON line.
 */
import { openDatabase } from '../db/database';
import { buildApp } from '../http/app';
import { DRAW_TEST_HOOKS } from '../modules/draws/ceremony';
import { TEST_PASSWORD } from './harness';

const [target, drawId, rowVersion, account, mode, nowIso] = process.argv.slice(2);
if (!target || !drawId || !rowVersion || !account || !mode || !nowIso) throw new Error('usage: draw_execute_child <pglite:dir|pg:url> <drawId> <rowVersion> <account> <pause|run> <now>');
const database = target.startsWith('pg:')
  ? await openDatabase({ kind: 'postgres', url: target.slice(3), poolSize: 2 })
  : await openDatabase({ kind: 'pglite', dataDir: target.slice('pglite:'.length) });
const now = new Date(nowIso);
const app = await buildApp({
  db: database.db, now: () => now, production: false, cookieSecure: false, trustProxy: false, session: { ttlHours: 8, idleMinutes: 60 }, logLevel: 'silent',
  webRoot: null, checkpoints: null, rateLimit: { anonymousWrites: 1000, anonymousReads: 1000, sessionWrites: 1000, sessionReads: 1000, maxClients: 100 },
});
const jar = new Map<string, string>();
const keep = (r: { cookies: { name: string; value: string }[] }) => { for (const c of r.cookies) jar.set(c.name, c.value); };
const first = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
keep(first);
const login = await app.inject({ method: 'POST', url: '/api/auth/login', cookies: Object.fromEntries(jar), headers: { 'x-csrf-token': first.json<{ csrfToken: string }>().csrfToken }, payload: { account, password: TEST_PASSWORD } });
keep(login);
if (mode === 'pause') {
  DRAW_TEST_HOOKS.beforeExecuteCommit = async () => {
    process.stdout.write('paused\n');
    await new Promise(() => undefined);
  };
}
const r = await app.inject({
  method: 'POST', url: `/api/draws/${drawId}/execute`, cookies: Object.fromEntries(jar),
  headers: { 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken }, payload: { rowVersion: Number(rowVersion) },
});
process.stdout.write(`${JSON.stringify({ status: r.statusCode, body: r.json<unknown>() })}\n`);
await app.close();
await database.close();
