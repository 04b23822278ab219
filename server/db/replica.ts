/**
 * Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), issue #11 item 5: the public portal, the statistics
 * and the exports are read-heavy and may be a few seconds behind; everything else — and every write — uses the primary.
 *
 * The staleness bound. Every `intervalMs` the router samples the primary's WAL position (pg_current_wal_lsn) with the
 * time it took the sample, then asks the replica how far it has replayed (pg_last_wal_replay_lsn). The newest sample
 * the replica has replayed past tells how old the replica's view can be at most: everything the primary had committed
 * when that sample was taken is visible there (replicaStaleness). When that age exceeds `maxLagSeconds`, when the
 * replica does not answer, or when it is not a standby at all, reads go to the primary until a later check finds it
 * fresh again. An idle primary does not make a replica look stale (its position does not move, the replica equals it).
 * Between two checks the bound is the measured staleness plus one interval; docs/architecture.md states it.
 */
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './database';
import * as schema from './schema';

export type ReplicaState = 'fresh' | 'lagging' | 'down' | 'not_standby' | 'starting';

export interface ReplicaStatus {
  readonly state: ReplicaState;
  /** Seconds the replica's view may be behind the primary at the last check (null before the first or when down). */
  readonly stalenessSeconds: number | null;
  readonly maxLagSeconds: number;
  readonly checkedAt: Date | null;
  readonly message: string | null;
}

export interface ReadRouter {
  /**
   * Tests only: the app waits before every GET until the replica has replayed what the primary committed, so a test
   * reads its own writes through the replica (production reads accept the stated staleness instead).
   */
  readonly catchUpBeforeReads: boolean;
  /** The handle for a read that may be `maxLagSeconds` stale: the replica when fresh, otherwise the primary. */
  db(): Db;
  status(): ReplicaStatus;
  /** Checks now (the timer does this every interval). */
  check(): Promise<ReplicaStatus>;
  /** Waits until the replica has replayed everything the primary had committed when called (tests; bounded). */
  catchUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A WAL position "X/Y" (hex) as a number of bytes. */
export function lsnValue(lsn: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!match) throw new Error(`无法识别的 WAL 位置：${lsn}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export interface PrimarySample { readonly at: number; readonly lsn: bigint }

/**
 * How old the replica's view may be, in ms, at `now`: the age of the newest primary sample it has replayed past, or —
 * when it has replayed past none — at least the age of the oldest sample kept (null when there are no samples).
 */
export function replicaStaleness(samples: readonly PrimarySample[], replayed: bigint, now: number): number | null {
  let newest: PrimarySample | null = null;
  for (const s of samples) if (s.lsn <= replayed && (!newest || s.at > newest.at)) newest = s;
  if (newest) return Math.max(0, now - newest.at);
  const oldest = samples.reduce<PrimarySample | null>((o, s) => (!o || s.at < o.at ? s : o), null);
  return oldest ? Math.max(0, now - oldest.at) : null;
}

export function primaryOnly(primary: Db): ReadRouter {
  const status: ReplicaStatus = { state: 'down', stalenessSeconds: null, maxLagSeconds: 0, checkedAt: null, message: '未配置只读副本' };
  return { catchUpBeforeReads: false, db: () => primary, status: () => status, check: () => Promise.resolve(status), catchUp: () => Promise.resolve(), close: () => Promise.resolve() };
}

export interface ReplicaOptions {
  readonly primary: Db;
  readonly replicaUrl: string;
  readonly maxLagSeconds: number;
  readonly intervalMs?: number;
  readonly poolSize?: number;
  readonly clock?: () => number;
  readonly onChange?: (status: ReplicaStatus) => void;
  /** See ReadRouter.catchUpBeforeReads (tests). */
  readonly catchUpBeforeReads?: boolean;
}

const SAMPLE_WINDOW_MS = 10 * 60_000;

export function openReplicaRouter(options: ReplicaOptions): ReadRouter {
  const clock = options.clock ?? Date.now;
  const pool = new pg.Pool({ connectionString: options.replicaUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 3_000, statement_timeout: 30_000 });
  const replicaDb = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  let samples: PrimarySample[] = [];
  let status: ReplicaStatus = { state: 'starting', stalenessSeconds: null, maxLagSeconds: options.maxLagSeconds, checkedAt: null, message: null };
  const set = (next: ReplicaStatus) => {
    const changed = next.state !== status.state;
    status = next;
    if (changed) options.onChange?.(next);
  };
  // A connection the replica drops (restart, promotion, network) sends reads to the primary at once, not at the next check.
  pool.on('error', (error) => set({ ...status, state: 'down', checkedAt: new Date(clock()), message: error.message }));

  async function primaryLsn(): Promise<bigint> {
    const result: unknown = await options.primary.execute(sql`select pg_current_wal_lsn()::text as lsn`);
    const lsn = (result as { rows: { lsn: string }[] }).rows[0]?.lsn;
    if (!lsn) throw new Error('主库没有返回 WAL 位置');
    return lsnValue(lsn);
  }

  async function replayedLsn(): Promise<{ standby: boolean; lsn: bigint | null }> {
    const { rows } = await pool.query<{ standby: boolean; lsn: string | null }>('select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn');
    const row = rows[0];
    return { standby: row?.standby === true, lsn: row?.lsn ? lsnValue(row.lsn) : null };
  }

  async function check(): Promise<ReplicaStatus> {
    const at = clock();
    try {
      samples.push({ at, lsn: await primaryLsn() });
      samples = samples.filter((s) => s.at >= at - SAMPLE_WINDOW_MS);
    } catch {
      // The primary itself failing is not the replica's business: keep the last verdict.
      return status;
    }
    try {
      const replica = await replayedLsn();
      if (!replica.standby || replica.lsn === null) {
        set({ state: 'not_standby', stalenessSeconds: null, maxLagSeconds: options.maxLagSeconds, checkedAt: new Date(at), message: 'DATABASE_REPLICA_URL 指向的不是流复制备库（pg_is_in_recovery 为 false），读取改走主库' });
        return status;
      }
      const staleMs = replicaStaleness(samples, replica.lsn, clock());
      const seconds = staleMs === null ? null : staleMs / 1000;
      const fresh = seconds !== null && seconds <= options.maxLagSeconds;
      set({ state: fresh ? 'fresh' : 'lagging', stalenessSeconds: seconds, maxLagSeconds: options.maxLagSeconds, checkedAt: new Date(at),
        message: fresh ? null : `只读副本落后约 ${seconds?.toFixed(1) ?? '?'} 秒，超过允许的 ${options.maxLagSeconds} 秒，读取改走主库` });
    } catch (error) {
      set({ state: 'down', stalenessSeconds: null, maxLagSeconds: options.maxLagSeconds, checkedAt: new Date(at), message: `只读副本不可用：${error instanceof Error ? error.message : String(error)}` });
    }
    return status;
  }

  let checking: Promise<ReplicaStatus> | null = null;
  const checkOnce = () => (checking ??= check().finally(() => { checking = null; }));
  const timer = setInterval(() => { void checkOnce(); }, options.intervalMs ?? 1_000);
  timer.unref();
  void checkOnce();

  return {
    catchUpBeforeReads: options.catchUpBeforeReads ?? false,
    db: () => (status.state === 'fresh' ? replicaDb : options.primary),
    status: () => status,
    check: checkOnce,
    async catchUp(timeoutMs = 10_000) {
      const target = await primaryLsn();
      const deadline = clock() + timeoutMs;
      for (;;) {
        const replica = await replayedLsn().catch(() => null);
        if (replica?.lsn !== null && replica?.lsn !== undefined && replica.lsn >= target) break;
        if (clock() > deadline) throw new Error(`只读副本 ${timeoutMs} ms 内没有追上主库`);
        await new Promise((r) => setTimeout(r, 1));
      }
      if (status.state !== 'fresh') {
        await checking?.catch(() => undefined);
        await checkOnce();
      }
    },
    async close() {
      clearInterval(timer);
      await checking?.catch(() => undefined);
      await pool.end();
    },
  };
}
