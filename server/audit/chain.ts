/**
 * 全程留痕: the operation log is append-only and hash-chained. Each row's hash covers the previous
 * row's hash, the row's own canonical content and (row-hash version 2, migration 0009) a digest of
 * its domain events, so editing, deleting or reordering any row or event breaks the chain from that
 * row on. Rows written before 0009 keep version 1 (no events). `seq` is assigned under a
 * transaction-scoped advisory lock, so it has no gaps even with several app instances on one PostgreSQL.
 * What the chain cannot show by itself (a cut tail, a recomputed chain) the signed checkpoints show
 * (checkpoints.ts). The row-hash formula itself is domain/audit/row_hash.ts, shared with the draw anchor.
 */
import { and, asc, desc, gt, gte, lt, lte, or, sql } from 'drizzle-orm';
import { ROW_HASH_VERSION, rowHash, type HashedFields, type StoredEvent } from '../../domain/audit/row_hash';
import type { DomainEvent } from '../../domain/events';
import type { Db } from '../db/database';
import { domainEvents, operationLog } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_LOCK = 73_010_002;

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly departmentId: string | null;
  readonly regionCode: string | null;
}

export interface OperationEntry {
  readonly actor: Actor | null;
  readonly action: string;
  readonly summary: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: 'success' | 'failure';
  readonly errorCode: string | null;
  readonly ip: string | null;
  readonly method: string;
  readonly path: string;
  readonly detail: Record<string, unknown>;
}

/** A timestamp as the database returns it (PostgreSQL text form) in the `toISOString()` form the hash covers. */
export function isoInstant(at: string): string {
  return new Date(at).toISOString();
}

/**
 * `rowHash` (domain/audit/row_hash.ts) of a row and its events as read from the database: their
 * timestamps are normalised to `toISOString()` first.
 */
export function storedRowHash(prevHash: string, row: HashedFields, events: readonly StoredEvent[] = []): string {
  return rowHash(prevHash, { ...row, at: isoInstant(row.at) }, events.map((e) => ({ ...e, at: isoInstant(e.at) })));
}

/** Appends one operation row (and its domain events) inside the caller's transaction. Returns its seq. */
export async function appendOperation(tx: Db, entry: OperationEntry, at: Date, events: readonly DomainEvent[] = []): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: operationLog.seq, hash: operationLog.hash }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    hashVersion: ROW_HASH_VERSION, seq, at: at.toISOString(),
    actorId: entry.actor?.id ?? null, actorName: entry.actor?.name ?? null,
    actorDepartmentId: entry.actor?.departmentId ?? null, actorRegionCode: entry.actor?.regionCode ?? null,
    action: entry.action, summary: entry.summary.slice(0, 200), targetType: entry.targetType, targetId: entry.targetId,
    outcome: entry.outcome, errorCode: entry.errorCode, ip: entry.ip, method: entry.method, path: entry.path.slice(0, 300),
    detail: entry.detail,
  };
  const stored = events.map((event) => ({ type: event.type, payload: event, at: fields.at }));
  await tx.insert(operationLog).values({ ...fields, prevHash, hash: rowHash(prevHash, fields, stored) });
  if (stored.length > 0) {
    // Inserted in one statement in array order, so their ids keep the order the digest covers. Sent as one JSON
    // parameter, not four per event: a batch publication has tens of thousands (bench/results_bench.ts).
    await tx.execute(sql`insert into ${domainEvents} (operation_seq, type, payload, at)
      select ${seq}, e.value->>'type', e.value->'payload', (e.value->>'at')::timestamptz
      from jsonb_array_elements(${JSON.stringify(stored)}::jsonb) with ordinality as e(value, k) order by e.k`);
  }
  return seq;
}

export type ChainProblem = 'edited' | 'deleted' | 'reordered';
export type ChainReport =
  | { readonly ok: true; readonly rows: number; readonly head: string }
  | { readonly ok: false; readonly rows: number; readonly seq: number; readonly problem: ChainProblem; readonly message: string };

/** The domain events of rows `from`..`to`, per row in id order (the order their digest covers). */
export async function eventsBySeq(db: Db, from: number, to: number): Promise<Map<number, StoredEvent[]>> {
  const rows = await db.select({ seq: domainEvents.operationSeq, type: domainEvents.type, payload: domainEvents.payload, at: domainEvents.at })
    .from(domainEvents).where(and(gte(domainEvents.operationSeq, from), lte(domainEvents.operationSeq, to))).orderBy(asc(domainEvents.id));
  const bySeq = new Map<number, StoredEvent[]>();
  for (const { seq, ...event } of rows) bySeq.set(seq, [...(bySeq.get(seq) ?? []), event]);
  return bySeq;
}

/**
 * Walks the whole chain in seq order and reports the first row that was edited, deleted or
 * reordered, or whose domain events were edited, added or deleted. Versions only rise along the
 * chain, so a row cannot be moved back to the formula that ignores events.
 */
export async function verifyChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let version = 1;
  for (;;) {
    const batch = await db.select().from(operationLog).where(gt(operationLog.seq, expectedSeq - 1)).orderBy(asc(operationLog.seq)).limit(batchSize);
    const events = batch.length === 0 ? new Map<number, StoredEvent[]>() : await eventsBySeq(db, expectedSeq, batch[batch.length - 1]?.seq ?? expectedSeq);
    for (const row of batch) {
      rows++;
      if (row.seq !== expectedSeq) {
        return { ok: false, rows, seq: expectedSeq, problem: 'deleted', message: `第 ${expectedSeq} 条操作日志缺失（下一条为第 ${row.seq} 条）：记录被删除` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, seq: row.seq, problem: 'reordered', message: `第 ${row.seq} 条操作日志的前序哈希不符：其前的记录被删除、替换或调换了顺序` };
      }
      if (row.hashVersion < version || row.hashVersion > ROW_HASH_VERSION) {
        return { ok: false, rows, seq: row.seq, problem: 'edited', message: `第 ${row.seq} 条操作日志的哈希版本 ${row.hashVersion} 不可能出现在此处：记录被修改` };
      }
      version = row.hashVersion;
      const fields = { ...row, detail: row.detail as Record<string, unknown>, outcome: row.outcome as 'success' | 'failure' };
      if (storedRowHash(prevHash, fields, events.get(row.seq) ?? []) !== row.hash) {
        const what = version >= 2 ? '（哈希也覆盖其领域事件）：记录或事件被修改、增加或删除' : '：记录被修改';
        return { ok: false, rows, seq: row.seq, problem: 'edited', message: `第 ${row.seq} 条操作日志的内容与其哈希不符${what}` };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (batch.length < batchSize) break;
  }
  // An event pointing past the head (or before the first row) belongs to no row the walk saw.
  const [orphan] = await db.select({ seq: domainEvents.operationSeq }).from(domainEvents)
    .where(or(gt(domainEvents.operationSeq, expectedSeq - 1), lt(domainEvents.operationSeq, 1))).limit(1);
  if (orphan) {
    return { ok: false, rows, seq: orphan.seq, problem: 'deleted', message: `有领域事件指向不存在的第 ${orphan.seq} 条操作日志：日志记录被删除或事件被伪造` };
  }
  return { ok: true, rows, head: prevHash };
}
