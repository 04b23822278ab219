/**
 * Signed checkpoints of the operation-log head (domain/audit/checkpoint.ts): written at an interval
 * when the head moved, on demand in the app and by the CLI; stored append-only in audit_checkpoints
 * and meant to be copied elsewhere (export, public API), where the database cannot reach them.
 */
import { sign } from 'node:crypto';
import { asc, count, desc, inArray, sql } from 'drizzle-orm';
import {
  CHECKPOINT_FORMAT, checkpointMessage, compareCheckpoints, type Checkpoint, type CheckpointComparison, type CheckpointPayload,
} from '../../domain/audit/checkpoint';
import type { Db } from '../db/database';
import { auditCheckpoints, operationLog } from '../db/schema';
import type { CheckpointKey } from './checkpoint_key';

export type CheckpointOrigin = 'interval' | 'manual' | 'cli';

type CheckpointRow = typeof auditCheckpoints.$inferSelect;

function checkpointOf(row: CheckpointRow): Checkpoint {
  return { format: CHECKPOINT_FORMAT, seq: row.seq, headHash: row.headHash, at: new Date(row.at).toISOString(), keyId: row.keyId, signature: row.signature };
}

export async function chainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.select({ seq: operationLog.seq, hash: operationLog.hash }).from(operationLog).orderBy(desc(operationLog.seq)).limit(1);
  return row ?? null;
}

export function signCheckpoint(key: CheckpointKey, seq: number, headHash: string, at: Date): Checkpoint {
  const payload: CheckpointPayload = { format: CHECKPOINT_FORMAT, seq, headHash, at: at.toISOString(), keyId: key.keyId };
  return { ...payload, signature: sign(null, checkpointMessage(payload), key.privateKey).toString('base64') };
}

/** Signs and stores a checkpoint of the current head; null when the log is empty. */
export async function createCheckpoint(db: Db, key: CheckpointKey, at: Date, origin: CheckpointOrigin): Promise<Checkpoint | null> {
  const head = await chainHead(db);
  if (!head) return null;
  const checkpoint = signCheckpoint(key, head.seq, head.hash, at);
  await db.insert(auditCheckpoints).values({ ...checkpoint, origin });
  return checkpoint;
}

/** The interval checkpoint's lock: with several app instances on one PostgreSQL, one tick signs, the others skip. */
export const CHECKPOINT_LOCK = 73_010_003;

/**
 * The interval's tick: a checkpoint only when the head moved since the newest one. Every instance runs the timer;
 * the transaction-scoped advisory lock lets one of simultaneous ticks through, and a later tick finds the head signed.
 */
export async function checkpointIfHeadMoved(db: Db, key: CheckpointKey, at: Date): Promise<Checkpoint | null> {
  return db.transaction(async (tx) => {
    const result: unknown = await tx.execute(sql`select pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}) as ok`);
    const [lock] = (result as { rows: { ok: boolean }[] }).rows;
    if (!lock?.ok) return null;
    const [latest] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    const head = await chainHead(tx);
    if (!head || (latest && latest.seq === head.seq && latest.headHash === head.hash && latest.keyId === key.keyId)) return null;
    return createCheckpoint(tx, key, at, 'interval');
  });
}

export async function listCheckpoints(db: Db, page: number, pageSize: number): Promise<{ rows: Checkpoint[]; total: number; page: number; pageSize: number }> {
  const [rows, totals] = await Promise.all([
    db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(auditCheckpoints),
  ]);
  return { rows: rows.map(checkpointOf), total: totals[0]?.n ?? 0, page, pageSize };
}

/** Every stored checkpoint, oldest first (the export). */
export async function allCheckpoints(db: Db): Promise<Checkpoint[]> {
  return (await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id))).map(checkpointOf);
}

/** One JSON line per checkpoint, in the exact `suiji-checkpoint/1` shape. */
export function checkpointLines(checkpoints: readonly Checkpoint[]): string {
  return checkpoints.map((c) => `${JSON.stringify({ format: c.format, seq: c.seq, headHash: c.headHash, at: c.at, keyId: c.keyId, signature: c.signature })}\n`).join('');
}

/** Compares checkpoints (from a file held elsewhere, or the table) with the rows now in the log. */
export async function compareWithChain(db: Db, checkpoints: readonly Checkpoint[], key: CheckpointKey['publicKey']): Promise<CheckpointComparison> {
  const seqs = [...new Set(checkpoints.map((c) => c.seq))];
  const hashes = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const rows = await db.select({ seq: operationLog.seq, hash: operationLog.hash }).from(operationLog).where(inArray(operationLog.seq, seqs.slice(i, i + 1000)));
    for (const row of rows) hashes.set(row.seq, row.hash);
  }
  return compareCheckpoints(checkpoints, key, hashes);
}

/**
 * Starts the interval checkpoints; returns the function that stops them. The timer is unref'd so it
 * never keeps a process (or a test run) alive; the app stops it on close.
 */
export function startCheckpointSchedule(options: {
  db: Db; key: CheckpointKey; intervalMinutes: number; now: () => Date; onError: (error: unknown) => void;
}): () => void {
  if (options.intervalMinutes <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkpointIfHeadMoved(options.db, options.key, options.now()).catch(options.onError).finally(() => { running = false; });
  }, options.intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
