/**
 * Import jobs cut off by a process that died (kill -9, out of memory, power): at start-up every job whose owner is gone
 * is marked 已中断 at once (not after the 10-minute heartbeat of jobs.ts), with one operation-log row, and the upload
 * files no running job owns are removed.
 *
 * Who is alive: the embedded database is opened by one process at a time (DATA_DIR/suiji.lock), so there a running job
 * of another process is always dead. Several instances may share one PostgreSQL: each holds a session-level advisory
 * lock keyed by its instance id on a connection of its own for as long as it runs; a job's owner is gone when that lock
 * can be taken.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { appendOperation } from '../audit/chain';
import type { Db } from '../db/database';
import { importJobs } from '../db/schema';
import { postgresPool } from '../modules/entities/import_staging';
import { INSTANCE_ID, INTERRUPTED_MESSAGE, RUNNING } from './jobs';
import { UPLOADS } from './job_upload';

/** Advisory lock class of the instance locks (the other key is hashtext(instance id)). */
const INSTANCE_LOCK = 73_010_002;
/**
 * An upload no job refers to (a process died while saving it) is removed only when it is this old: another instance,
 * or another installation sharing the temporary folder, may be saving or reading it now.
 */
export const ORPHAN_UPLOAD_AFTER_MS = 6 * 60 * 60_000;

interface Registration { readonly client: pg.Client | null; users: number }
const registrations = new Map<Db, Promise<Registration>>();

async function register(db: Db): Promise<Registration> {
  const pool = postgresPool(db);
  if (!pool) return { client: null, users: 0 };
  const client = new pg.Client(pool.options);
  await client.connect();
  client.on('error', () => undefined);
  await client.query('select pg_advisory_lock($1, hashtext($2))', [INSTANCE_LOCK, INSTANCE_ID]);
  return { client, users: 0 };
}

/**
 * Marks this process alive on `db` (one lock per process and database, however many apps share it) until the returned
 * function is called.
 */
export async function registerInstance(db: Db): Promise<() => Promise<void>> {
  let pending = registrations.get(db);
  if (!pending) {
    pending = register(db);
    registrations.set(db, pending);
  }
  const registration = await pending;
  registration.users += 1;
  return async () => {
    registration.users -= 1;
    if (registration.users > 0) return;
    registrations.delete(db);
    await registration.client?.end().catch(() => undefined);
  };
}

async function ownerGone(db: Db, owner: string | null): Promise<boolean> {
  if (owner === INSTANCE_ID) return false;
  const client = (await registrations.get(db))?.client;
  if (!client || owner === null) return true;
  const { rows } = await client.query<{ free: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as free', [INSTANCE_LOCK, owner]);
  if (!rows[0]?.free) return false;
  await client.query('select pg_advisory_unlock($1, hashtext($2))', [INSTANCE_LOCK, owner]);
  return true;
}

export interface Recovery {
  readonly interrupted: number;
  readonly removedFiles: number;
}

/** Marks the jobs of dead owners 已中断 and removes the upload files no running job owns. Call after registerInstance. */
export async function recoverImportJobs(db: Db, now: Date): Promise<Recovery> {
  const running = await db.select({ id: importJobs.id, owner: importJobs.ownerInstance, file: importJobs.uploadFile, kind: importJobs.kind })
    .from(importJobs).where(inArray(importJobs.status, [...RUNNING]));
  const dead: typeof running = [];
  for (const job of running) if (await ownerGone(db, job.owner)) dead.push(job);
  if (dead.length > 0) {
    await db.transaction(async (tx) => {
      const ids = dead.map((j) => j.id);
      // Only rows still running: a job that ended meanwhile keeps its outcome.
      const marked = await tx.update(importJobs).set({ status: 'interrupted', message: INTERRUPTED_MESSAGE, progress: 100, finishedAt: now, updatedAt: now })
        .where(inArray(importJobs.id, ids)).returning({ id: importJobs.id });
      const stillRunning = marked.map((m) => m.id);
      await appendOperation(tx, {
        actor: null, action: 'system:import-recovery', summary: '导入任务已中断（服务重启或异常退出）', targetType: 'import_job', targetId: stillRunning[0] ?? null,
        outcome: 'success', errorCode: null, ip: null, method: 'START', path: '-', detail: { jobs: stillRunning, kinds: [...new Set(dead.map((j) => j.kind))] },
      }, now);
    });
  }
  const live = new Set(running.filter((j) => !dead.includes(j)).map((j) => j.file));
  const deadFiles = new Set(dead.map((j) => j.file));
  let removedFiles = 0;
  const names = await readdir(UPLOADS.dir).catch(() => [] as string[]);
  for (const name of names) {
    if (live.has(name)) continue;
    const path = join(UPLOADS.dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    if (deadFiles.has(name) || Date.now() - info.mtimeMs > ORPHAN_UPLOAD_AFTER_MS) {
      await rm(path, { force: true });
      removedFiles += 1;
    }
  }
  return { interrupted: dead.length, removedFiles };
}
