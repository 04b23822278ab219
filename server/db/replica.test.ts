/**
 * The read router of the streaming replica (server/db/replica.ts). The staleness arithmetic runs everywhere; the router
 * itself runs against a real replica: SUIJI_TEST_DB=pg needs SUIJI_TEST_REPLICA_URL (scripts/pg_replica.sh, started
 * by `npm test`), and fails without it rather than skipping.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lsnValue, openReplicaRouter, primaryOnly, replicaStaleness, type ReadRouter } from './replica';
import { startTestServer, type TestServer } from '../test/harness';
import type { Db } from './database';

describe('WAL positions and staleness', () => {
  it('reads X/Y positions as bytes and refuses anything else', () => {
    expect(lsnValue('0/0')).toBe(0n);
    expect(lsnValue('0/16B3748')).toBe(0x16B3748n);
    expect(lsnValue('1/0')).toBe(1n << 32n);
    expect(lsnValue('A/FFFFFFFF') > lsnValue('A/FFFFFFFE')).toBe(true);
    for (const bad of ['', '0', '0/', '/0', 'G/0', '0/123456789', '0/1 ']) expect(() => lsnValue(bad), bad).toThrow(/WAL/);
  });

  it('is the age of the newest primary sample the replica has replayed past', () => {
    const samples = [{ at: 1_000, lsn: 100n }, { at: 2_000, lsn: 200n }, { at: 3_000, lsn: 300n }];
    expect(replicaStaleness(samples, 300n, 3_500)).toBe(500);
    expect(replicaStaleness(samples, 250n, 3_500)).toBe(1_500);
    expect(replicaStaleness(samples, 200n, 3_500)).toBe(1_500);
    // Behind every sample kept: at least as old as the oldest one.
    expect(replicaStaleness(samples, 50n, 3_500)).toBe(2_500);
    expect(replicaStaleness([], 50n, 3_500)).toBeNull();
    // An idle primary: the position does not move and the replica equals it — fresh, not stale.
    expect(replicaStaleness([{ at: 1_000, lsn: 100n }, { at: 9_000, lsn: 100n }], 100n, 9_200)).toBe(200);
    // A clock that went backwards never gives a negative age.
    expect(replicaStaleness(samples, 300n, 2_000)).toBe(0);
  });

  it('without a replica every read goes to the primary', async () => {
    const primary = {} as Db;
    const router = primaryOnly(primary);
    expect(router.db()).toBe(primary);
    expect(router.status().state).toBe('down');
    await router.catchUp();
    await router.close();
  });
});

const replicaUrl = process.env['SUIJI_TEST_REPLICA_URL'];

async function isStandby(db: Db): Promise<boolean> {
  const result: unknown = await db.execute(sql`select pg_is_in_recovery() as standby`);
  return (result as { rows: { standby: boolean }[] }).rows[0]?.standby === true;
}

// The router needs PostgreSQL (the embedded database has no replicas): registered only on the PostgreSQL pass.
if (process.env['SUIJI_TEST_DB'] === 'pg') {
  describe('reading through a streaming replica', () => {
    let server: TestServer;
    const opened: ReadRouter[] = [];
    const open = (options: Partial<Parameters<typeof openReplicaRouter>[0]> & { replicaUrl: string }) => {
      const router = openReplicaRouter({ primary: server.db, maxLagSeconds: 2, intervalMs: 60_000, poolSize: 2, ...options });
      opened.push(router);
      return router;
    };
    const replicaOfTestDb = () => {
      if (!replicaUrl) throw new Error('PostgreSQL 测试须有只读副本：运行 bash scripts/pg_replica.sh start 并设置 SUIJI_TEST_REPLICA_URL（npm test 会自动启动）');
      const url = new URL(replicaUrl);
      url.pathname = new URL(server.databaseUrl ?? '').pathname;
      return url.toString();
    };

    beforeAll(async () => { server = await startTestServer(); });
    afterAll(async () => {
      for (const r of opened) await r.close();
      await server.close();
    });

    it('reads the portal from the replica while it is fresh, and sees what the primary committed', async () => {
      const router = open({ replicaUrl: replicaOfTestDb() });
      await router.catchUp();
      expect(router.status()).toMatchObject({ state: 'fresh', maxLagSeconds: 2 });
      expect(await isStandby(router.db())).toBe(true);
      // The app of the test harness reads through its own router: a public list written a moment ago is there.
      expect(server.replica, 'the test harness reads through the replica').toBeDefined();
      const admin = await server.as('admin');
      const created = await admin.post('/api/directory/inspectors', {
        name: '副本读取', departmentId: server.fixture.departments.chaoyangMarket, certificateNo: 'FB0001', certificateValidUntil: '2099-12-31',
      });
      expect(created.statusCode, created.body).toBe(201);
      const listed = await (await server.anon()).get(`/api/public/inspectors?name=${encodeURIComponent('副本读取')}`);
      expect(listed.statusCode).toBe(200);
      expect(listed.json<{ total: number }>().total).toBe(1);
      expect(await isStandby(server.replica!.db())).toBe(true);
    });

    it('goes back to the primary when the replica falls behind the bound, and returns when it catches up', async () => {
      let now = Date.now();
      const router = open({ replicaUrl: replicaOfTestDb(), clock: () => now });
      await router.catchUp();
      expect(router.status().state).toBe('fresh');
      const control = new pg.Client({ connectionString: replicaOfTestDb() });
      await control.connect();
      try {
        await control.query('select pg_wal_replay_pause()');
        await server.db.execute(sql`create table replica_lag_probe (n int)`);
        await router.check();
        now += 5_000;
        const status = await router.check();
        expect(status.state).toBe('lagging');
        expect(status.stalenessSeconds).toBeGreaterThan(2);
        expect(status.message).toMatch(/落后.*改走主库/);
        expect(await isStandby(router.db())).toBe(false);
      } finally {
        await control.query('select pg_wal_replay_resume()');
        await control.end();
      }
      await router.catchUp();
      expect(router.status().state).toBe('fresh');
      expect(await isStandby(router.db())).toBe(true);
      await server.db.execute(sql`drop table replica_lag_probe`);
    });

    it('goes to the primary when the replica is down or is no standby at all', async () => {
      const down = open({ replicaUrl: 'postgres://postgres@127.0.0.1:1/postgres' });
      expect((await down.check()).state).toBe('down');
      expect(down.status().message).toMatch(/只读副本不可用/);
      expect(await isStandby(down.db())).toBe(false);
      const notStandby = open({ replicaUrl: server.databaseUrl ?? '' });
      expect((await notStandby.check()).state).toBe('not_standby');
      expect(await isStandby(notStandby.db())).toBe(false);
    });
  });
}
