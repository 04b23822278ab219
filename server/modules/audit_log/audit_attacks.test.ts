/**
 * Issue #7 item 4, the attacks on 全程留痕 run as SQL straight against the database by a superuser
 * (triggers off via session_replication_role = replica): a cut tail, TRUNCATE, a row edited and the
 * chain recomputed with the code's own row hash, domain events edited, added or deleted. The walk
 * finds what it can; a signed checkpoint finds the rest.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint, publicKeyFromRaw, verifyCheckpointSignature, type Checkpoint } from '../../../domain/audit/checkpoint';
import { appendOperation, storedRowHash, verifyChain, type OperationEntry } from '../../audit/chain';
import { allCheckpoints, compareWithChain } from '../../audit/checkpoints';
import type { Db } from '../../db/database';
import { domainEvents, operationLog } from '../../db/schema';
import { expectAuthRefusals, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';

let server: TestServer;
let admin: Client;
let publicKey: KeyObject;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
  const joint = await server.as('joint');
  for (const name of ['甲', '乙', '丙']) {
    const created = await joint.post('/api/system/departments', { name: `留痕分局${name}`, type: 'market_regulation', regionCode: '220104' });
    expect(created.statusCode, created.body).toBe(201);
  }
  const key = await (await server.anon()).get('/api/public/audit/checkpoint-key');
  expect(key.statusCode).toBe(200);
  publicKey = publicKeyFromRaw(Buffer.from(key.json<{ publicKeyBase64: string }>().publicKeyBase64, 'base64'));
});
afterAll(async () => { await server.close(); });

/** Runs SQL the way a superuser works around the triggers: replica mode turns user triggers (and foreign keys) off. */
const asSuperuser = (work: (tx: Db) => Promise<unknown>) => server.db.transaction(async (tx) => {
  await tx.execute(sql`set local session_replication_role = replica`);
  await work(tx);
});

async function checkpoint(): Promise<Checkpoint> {
  const response = await admin.post('/api/monitor/audit-checkpoints');
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Checkpoint>();
}

const entry = (summary: string): OperationEntry => ({
  actor: null, action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null,
  ip: '127.0.0.1', method: 'POST', path: '/api/test', detail: {},
});

async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
      if ((e as { code?: unknown }).code === '42501') return String((e as { message?: unknown }).message);
    }
    throw error;
  }
  throw new Error('the statement was not refused');
}

async function newestEvent() {
  const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
  return event!;
}

describe('signed checkpoints', () => {
  it('signs the head on demand, logs it, and publishes checkpoints and key without login', async () => {
    await expectAuthRefusals(server, 'POST', '/api/monitor/audit-checkpoints', 'joint');
    const head = await lastOperation(server);
    const made = await checkpoint();
    expect(made).toMatchObject({ format: 'suiji-checkpoint/1', seq: head!.seq, headHash: head!.hash, at: server.now.toISOString() });
    expect(Object.keys(made).sort()).toEqual(['at', 'format', 'headHash', 'keyId', 'seq', 'signature']);
    expect(verifyCheckpointSignature(made, publicKey)).toBe(true);
    const op = await lastOperation(server);
    expect(op).toMatchObject({ seq: head!.seq + 1, action: 'monitor:audit:checkpoint', summary: '生成留痕检查点', targetId: String(head!.seq) });
    expect(await newestEvent()).toMatchObject({ operationSeq: op!.seq, type: 'AuditCheckpointCreated', payload: { seq: made.seq, headHash: made.headHash } });

    const second = await checkpoint();
    const anon = await server.anon();
    const list = await anon.get('/api/public/audit/checkpoints?pageSize=1');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ rows: [second], total: 2, page: 1, pageSize: 1 });
    const invalid = await anon.get('/api/public/audit/checkpoints?pageSize=500');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ details: { field: string }[] }>().details.map((d) => d.field)).toContain('pageSize');

    const exported = await anon.get('/api/public/audit/checkpoints/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain('suiji-checkpoints.jsonl');
    const lines = exported.body.trimEnd().split('\n').map((line) => parseCheckpoint(JSON.parse(line)));
    expect(lines).toEqual([{ ok: true, value: made }, { ok: true, value: second }]);
  });

  it('refuses TRUNCATE on every append-only table, and UPDATE/DELETE of a checkpoint', async () => {
    for (const table of ['operation_log', 'domain_events', 'login_log', 'audit_checkpoints']) {
      expect(await refusal(server.db.execute(sql.raw(`truncate ${table} cascade`)))).toMatch(new RegExp(`${table} is append-only`));
    }
    expect(await refusal(server.db.execute(sql`update audit_checkpoints set seq = 1`))).toMatch(/audit_checkpoints is append-only/);
    expect(await refusal(server.db.execute(sql`delete from audit_checkpoints`))).toMatch(/audit_checkpoints is append-only/);
    expect((await verifyChain(server.db)).ok).toBe(true);
  });

  it('finds an edited, deleted or added domain event by walking the chain', async () => {
    const department = await server.db.select().from(domainEvents).where(eq(domainEvents.type, 'DepartmentCreated')).orderBy(asc(domainEvents.id)).limit(1);
    const event = department[0]!;
    const broken = { ok: false, seq: event.operationSeq, problem: 'edited', message: expect.stringMatching(/领域事件.*修改、增加或删除/) as unknown };

    await asSuperuser((tx) => tx.update(domainEvents).set({ payload: { ...(event.payload as object), name: '伪造分局' } }).where(eq(domainEvents.id, event.id)));
    expect(await verifyChain(server.db)).toMatchObject(broken);
    await asSuperuser((tx) => tx.update(domainEvents).set({ payload: event.payload }).where(eq(domainEvents.id, event.id)));
    expect((await verifyChain(server.db)).ok).toBe(true);

    await asSuperuser((tx) => tx.delete(domainEvents).where(eq(domainEvents.id, event.id)));
    expect(await verifyChain(server.db)).toMatchObject(broken);
    await asSuperuser((tx) => tx.execute(sql`insert into domain_events (id, operation_seq, type, payload, at) overriding system value
      values (${event.id}, ${event.operationSeq}, ${event.type}, ${JSON.stringify(event.payload)}::jsonb, ${event.at})`));
    expect((await verifyChain(server.db)).ok).toBe(true);

    await asSuperuser((tx) => tx.insert(domainEvents).values({ operationSeq: event.operationSeq, type: 'DepartmentDeleted', payload: { type: 'DepartmentDeleted' }, at: event.at }));
    expect(await verifyChain(server.db)).toMatchObject(broken);
    const added = await newestEvent();
    // Moved to a seq past the head, the forged event belongs to no row: still reported.
    await asSuperuser((tx) => tx.update(domainEvents).set({ operationSeq: 1_000_000 }).where(eq(domainEvents.id, added.id)));
    expect(await verifyChain(server.db)).toMatchObject({ ok: false, seq: 1_000_000, problem: 'deleted' });
    await asSuperuser((tx) => tx.delete(domainEvents).where(eq(domainEvents.id, added.id)));
    expect((await verifyChain(server.db)).ok).toBe(true);
  });

  it('finds a cut tail only against a checkpoint held from before the cut', async () => {
    const before = await checkpoint();
    await server.db.transaction(async (tx) => {
      for (const summary of ['尾一', '尾二']) await appendOperation(tx, entry(summary), server.now);
    });
    const held = await checkpoint();
    await asSuperuser(async (tx) => {
      await tx.execute(sql`delete from domain_events where operation_seq > ${before.seq}`);
      await tx.execute(sql`delete from operation_log where seq > ${before.seq}`);
    });
    // The walk alone cannot tell: the shorter chain is consistent.
    expect(await verifyChain(server.db)).toMatchObject({ ok: true, rows: before.seq, head: before.headHash });
    const comparison = await compareWithChain(server.db, [before, held], publicKey);
    expect(comparison.findings.map((f) => [f.checkpoint.seq, f.problem])).toEqual([[held.seq, 'missing']]);
    expect(comparison.anchoredSeq).toBe(before.seq);
    // The table's own copy shows it too, as long as nobody deleted that as well — in the app's check too.
    expect((await compareWithChain(server.db, await allCheckpoints(server.db), publicKey)).findings.map((f) => f.problem)).toContain('missing');
    const checked = await admin.post('/api/monitor/audit-chain/verify');
    expect(checked.json()).toMatchObject({
      ok: true, rows: before.seq,
      checkpoints: { anchoredSeq: before.seq, findings: expect.arrayContaining([{ seq: held.seq, problem: 'missing', message: expect.stringMatching(/尾部被删除/) as unknown }]) as unknown },
    });
  });

  it('finds a row edited and every later row re-chained with the code\'s own row hash', async () => {
    const held = await checkpoint();
    await asSuperuser(async (tx) => {
      const rows = await tx.select().from(operationLog).where(sql`${operationLog.seq} >= 2`).orderBy(asc(operationLog.seq));
      const [previous] = await tx.select({ hash: operationLog.hash }).from(operationLog).where(eq(operationLog.seq, 1));
      let prevHash = previous!.hash;
      for (const row of rows) {
        const events = await tx.select().from(domainEvents).where(eq(domainEvents.operationSeq, row.seq)).orderBy(asc(domainEvents.id));
        const fields = { ...row, summary: row.seq === 2 ? '（已篡改）' : row.summary, detail: row.detail as Record<string, unknown>, outcome: row.outcome as 'success' | 'failure' };
        const hash = storedRowHash(prevHash, fields, events);
        await tx.update(operationLog).set({ summary: fields.summary, prevHash, hash }).where(eq(operationLog.seq, row.seq));
        prevHash = hash;
      }
    });
    expect((await verifyChain(server.db)).ok).toBe(true);
    const comparison = await compareWithChain(server.db, [held], publicKey);
    expect(comparison.findings).toMatchObject([{ problem: 'mismatch', message: expect.stringMatching(/重算了哈希链/) as unknown }]);
  });

  it('finds a TRUNCATE run with the triggers off against a checkpoint', async () => {
    const held = await checkpoint();
    await asSuperuser((tx) => tx.execute(sql`truncate operation_log cascade`));
    expect(await verifyChain(server.db)).toEqual({ ok: true, rows: 0, head: '0'.repeat(64) });
    const comparison = await compareWithChain(server.db, [held], publicKey);
    expect(comparison.findings).toMatchObject([{ problem: 'missing', message: expect.stringMatching(/TRUNCATE/) as unknown }]);
  });
});
