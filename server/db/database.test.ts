import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { DataDirLockedError, lockDataDir } from './lock';
import { regions } from './schema';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-db-'));
  dirs.push(dir);
  return dir;
}

describe('embedded database', () => {
  it('persists across reopen, and a second opener of the same directory is refused with a clear message', async () => {
    const dir = tempDir();
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await first.db.insert(regions).values({ code: '220100', name: '长春市', level: 2 });
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/正被进程 \d+ 使用/);
    await first.close();
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    expect(await again.db.select().from(regions)).toEqual([{ code: '220100', name: '长春市', parentCode: null, level: 2, enabled: true }]);
    await again.close();
  });

  it('takes over the stale lock of a process that is gone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'suiji.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    lockDataDir(dir)();
  });

  it('rolls back a failed transaction and keeps serving other queries meanwhile', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    await expect(db.db.transaction(async (tx) => {
      await tx.insert(regions).values({ code: '110000', name: '北京市', level: 1 });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const [row] = await db.db.select({ n: count() }).from(regions);
    expect(row?.n).toBe(0);
    const slow = db.db.transaction(async (tx) => {
      await tx.insert(regions).values({ code: '120000', name: '天津市', level: 1 });
      await new Promise((r) => setTimeout(r, 50));
    });
    const reader = db.db.select().from(regions);
    await Promise.all([slow, reader]);
    expect((await db.db.select().from(regions)).map((r) => r.name)).toEqual(['天津市']);
    await db.close();
  });
});
