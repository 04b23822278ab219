/**
 * 全程留痕: the operation log is append-only and hash-chained. Each row's hash covers the previous
 * row's hash and the row's own canonical content, so editing, deleting or reordering any row breaks
 * the chain from that row on. `seq` is assigned under a transaction-scoped advisory lock, so it has
 * no gaps even with several app instances on one PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { canonicalJson } from '../../domain/basics/canonical_json';
import type { DomainEvent } from '../../domain/events';
import type { Db } from '../db/database';
import { domainEvents, operationLog } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);
const CHAIN_LOCK = 73_010_002;

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

interface HashedFields extends Omit<OperationEntry, 'actor'> {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly actorDepartmentId: string | null;
  readonly actorRegionCode: string | null;
}

export function rowHash(prevHash: string, row: HashedFields): string {
  const content = canonicalJson([
    row.seq, new Date(row.at).toISOString(), row.actorId, row.actorName, row.actorDepartmentId, row.actorRegionCode,
    row.action, row.summary, row.targetType, row.targetId, row.outcome, row.errorCode, row.ip, row.method, row.path, row.detail,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content, 'utf8').digest('hex');
}

/** Appends one operation row (and its domain events) inside the caller's transaction. Returns its seq. */
export async function appendOperation(tx: Db, entry: OperationEntry, at: Date, events: readonly DomainEvent[] = []): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: operationLog.seq, hash: operationLog.hash }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    seq, at: at.toISOString(),
    actorId: entry.actor?.id ?? null, actorName: entry.actor?.name ?? null,
    actorDepartmentId: entry.actor?.departmentId ?? null, actorRegionCode: entry.actor?.regionCode ?? null,
    action: entry.action, summary: entry.summary.slice(0, 200), targetType: entry.targetType, targetId: entry.targetId,
    outcome: entry.outcome, errorCode: entry.errorCode, ip: entry.ip, method: entry.method, path: entry.path.slice(0, 300),
    detail: entry.detail,
  };
  await tx.insert(operationLog).values({ ...fields, prevHash, hash: rowHash(prevHash, fields) });
  if (events.length > 0) {
    await tx.insert(domainEvents).values(events.map((event) => ({ operationSeq: seq, type: event.type, payload: event, at: fields.at })));
  }
  return seq;
}

export type ChainProblem = 'edited' | 'deleted' | 'reordered';
export type ChainReport =
  | { readonly ok: true; readonly rows: number; readonly head: string }
  | { readonly ok: false; readonly rows: number; readonly seq: number; readonly problem: ChainProblem; readonly message: string };

/** Walks the whole chain in seq order and reports the first row that was edited, deleted or reordered. */
export async function verifyChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const batch = await db.select().from(operationLog).where(gt(operationLog.seq, expectedSeq - 1)).orderBy(asc(operationLog.seq)).limit(batchSize);
    for (const row of batch) {
      rows++;
      if (row.seq !== expectedSeq) {
        return { ok: false, rows, seq: expectedSeq, problem: 'deleted', message: `第 ${expectedSeq} 条操作日志缺失（下一条为第 ${row.seq} 条）：记录被删除` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, seq: row.seq, problem: 'reordered', message: `第 ${row.seq} 条操作日志的前序哈希不符：其前的记录被删除、替换或调换了顺序` };
      }
      if (rowHash(prevHash, { ...row, detail: row.detail as Record<string, unknown>, outcome: row.outcome as 'success' | 'failure' }) !== row.hash) {
        return { ok: false, rows, seq: row.seq, problem: 'edited', message: `第 ${row.seq} 条操作日志的内容与其哈希不符：记录被修改` };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (batch.length < batchSize) return { ok: true, rows, head: prevHash };
  }
}
