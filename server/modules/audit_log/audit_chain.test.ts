/**
 * 全程留痕 end to end: changes are chained, the append-only trigger refuses UPDATE/DELETE, and what
 * a superuser does around the trigger (edit, delete, swap) is reported at the first broken row.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainEvents, operationLog } from '../../db/schema';
import { lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { waitForOperation } from '../../test/operations';

let server: TestServer;
let admin: Client;
type Report = { ok: true; rows: number; head: string } | { ok: false; rows: number; seq: number; problem: string; message: string };

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.as('admin');
  const joint = await server.as('joint');
  // Successes (with events) and refusals (without), interleaved.
  for (const [i, name] of ['甲', '乙', '丙'].entries()) {
    const created = await joint.post('/api/system/departments', { name: `测试分局${name}`, type: 'market_regulation', regionCode: '220104' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await joint.post('/api/monitor/audit-chain/verify')).statusCode).toBe(403);
    await waitForOperation(server, { action: 'monitor:audit-chain:verify', outcome: 'failure' });
    expect((await joint.post('/api/system/departments', { name: `测试分局${i}`, type: 'market_regulation', regionCode: '220202' })).statusCode).toBe(403);
    await waitForOperation(server, { action: 'system:department:create', outcome: 'failure' });
  }
});
afterAll(async () => {
  await enableTrigger();
  await server.close();
});

async function verify(): Promise<Report> {
  const response = await admin.post('/api/monitor/audit-chain/verify');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Report>();
}

const disableTrigger = () => server.db.execute(sql`alter table operation_log disable trigger operation_log_append_only`);
const enableTrigger = () => server.db.execute(sql`alter table operation_log enable trigger operation_log_append_only`);

/** Seqs of rows no domain event points at (refusals), which can be deleted or moved without breaking the foreign key. */
async function eventlessSeqs(): Promise<number[]> {
  const rows = await server.db.select({ seq: operationLog.seq }).from(operationLog)
    .where(sql`not exists (select 1 from ${domainEvents} e where e.operation_seq = ${operationLog}.seq)`).orderBy(asc(operationLog.seq));
  return rows.map((r) => r.seq);
}

/** The database error's code (drizzle wraps the driver's error). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    for (let depth = 0; depth < 3 && current; depth++) {
      const e = current as { code?: unknown; message?: unknown; cause?: unknown };
      if (e.code === '42501') return String(e.message);
      current = e.cause;
    }
    throw error;
  }
  throw new Error('the statement was not refused');
}

describe('audit chain', () => {
  it('verifies an intact chain and records the verification itself', async () => {
    const last = await lastOperation(server);
    const report = await verify();
    expect(report).toEqual({ ok: true, rows: last!.seq, head: last!.hash, checkpoints: null });
    const op = await lastOperation(server);
    expect(op).toMatchObject({
      seq: last!.seq + 1, action: 'monitor:audit-chain:verify', summary: '校验留痕链', outcome: 'success', actorName: '系统管理员',
      detail: { ok: true, rows: last!.seq, head: last!.hash }, prevHash: last!.hash,
    });
    const [event] = await server.db.select().from(domainEvents).orderBy(desc(domainEvents.id)).limit(1);
    expect(event).toMatchObject({ operationSeq: op!.seq, type: 'AuditChainVerified', payload: { ok: true, rows: last!.seq, brokenSeq: null } });
    expect(await verify()).toMatchObject({ ok: true, rows: op!.seq });
  });

  it('refuses UPDATE and DELETE on the logs while the append-only trigger is on', async () => {
    expect(await refusal(server.db.execute(sql`update operation_log set summary = '改过' where seq = 2`))).toMatch(/operation_log is append-only/);
    expect(await refusal(server.db.execute(sql`delete from operation_log where seq = 2`))).toMatch(/append-only/);
    expect(await refusal(server.db.execute(sql`update domain_events set type = 'X' where operation_seq = 2`))).toMatch(/domain_events is append-only/);
    expect(await refusal(server.db.execute(sql`delete from login_log`))).toMatch(/login_log is append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('reports the first edited, deleted or reordered row once someone works around the trigger', async () => {
    await disableTrigger();
    try {
      const [first, second, third] = await eventlessSeqs();
      expect(third).toBeDefined();

      // Edited: a summary is changed in place.
      const [original] = await server.db.select().from(operationLog).where(eq(operationLog.seq, 4));
      await server.db.update(operationLog).set({ summary: '新增部门（已篡改）' }).where(eq(operationLog.seq, 4));
      expect(await verify()).toMatchObject({ ok: false, seq: 4, problem: 'edited', message: expect.stringMatching(/第 4 条.*被修改/) as unknown });
      // The check of a broken chain is on record too.
      const op = await lastOperation(server);
      expect(op).toMatchObject({ summary: '校验留痕链', detail: { ok: false, seq: 4, problem: 'edited' }, targetId: '4' });
      await server.db.update(operationLog).set({ summary: original!.summary }).where(eq(operationLog.seq, 4));
      expect((await verify()).ok).toBe(true);

      // Deleted: a row in the middle disappears.
      const [removed] = await server.db.select().from(operationLog).where(eq(operationLog.seq, second!));
      await server.db.delete(operationLog).where(eq(operationLog.seq, second!));
      expect(await verify()).toMatchObject({ ok: false, seq: second, problem: 'deleted' });
      await server.db.insert(operationLog).values(removed!);
      expect((await verify()).ok).toBe(true);

      // Reordered: two rows swap places (their seqs are exchanged).
      const swap = async (a: number, b: number) => {
        await server.db.update(operationLog).set({ seq: -1 }).where(eq(operationLog.seq, a));
        await server.db.update(operationLog).set({ seq: a }).where(eq(operationLog.seq, b));
        await server.db.update(operationLog).set({ seq: b }).where(eq(operationLog.seq, -1));
      };
      await swap(first!, third!);
      expect(await verify()).toMatchObject({ ok: false, seq: first, problem: 'reordered' });
      await swap(first!, third!);
      expect((await verify()).ok).toBe(true);

      // Several at once: the first broken row is the one reported.
      await server.db.update(operationLog).set({ ip: '6.6.6.6' }).where(eq(operationLog.seq, third!));
      await server.db.delete(operationLog).where(eq(operationLog.seq, second!));
      expect(await verify()).toMatchObject({ ok: false, seq: second, problem: 'deleted' });
      await server.db.insert(operationLog).values(removed!);
      expect(await verify()).toMatchObject({ ok: false, seq: third, problem: 'edited' });
    } finally {
      await enableTrigger();
    }
  });
});
