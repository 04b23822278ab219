/**
 * Operation-log rows as a suiji-draw/2 receipt publishes them in its anchor (docs/draw-protocol.md
 * §16.2–§16.3): every hashed field with `at` in `toISOString()` form, the row's `hashVersion`, the
 * digest of its domain events instead of the events (`null` for version 1) and its chain hashes.
 * domain/draw/anchor.ts recomputes each row's hash from exactly this.
 */
import { and, asc, gte, lte } from 'drizzle-orm';
import { digestFor } from '../../domain/audit/row_hash';
import type { LogRow } from '../../domain/draw/anchor';
import type { Db } from '../db/database';
import { operationLog } from '../db/schema';
import { eventsBySeq, isoInstant } from './chain';

export async function publishedRows(db: Db, from: number, to: number): Promise<LogRow[]> {
  const rows = await db.select().from(operationLog).where(and(gte(operationLog.seq, from), lte(operationLog.seq, to))).orderBy(asc(operationLog.seq));
  const events = await eventsBySeq(db, from, to);
  return rows.map((row) => ({
    seq: row.seq, hashVersion: row.hashVersion, at: isoInstant(row.at),
    actorId: row.actorId, actorName: row.actorName, actorDepartmentId: row.actorDepartmentId, actorRegionCode: row.actorRegionCode,
    action: row.action, summary: row.summary, targetType: row.targetType, targetId: row.targetId, outcome: row.outcome,
    errorCode: row.errorCode, ip: row.ip, method: row.method, path: row.path, detail: row.detail as Record<string, unknown>,
    eventsDigest: digestFor(row.hashVersion, (events.get(row.seq) ?? []).map((e) => ({ ...e, at: isoInstant(e.at) }))),
    prevHash: row.prevHash, hash: row.hash,
  }));
}
