/**
 * A process killed (SIGKILL) between two chunks of an all_or_nothing apply: its hidden records survive on disk, stay
 * hidden, and the clean-up the server runs at start (main.ts) removes them, leaving the directory as it was. The
 * embedded database's data directory is what survives a kill, so this runs on it whatever SUIJI_TEST_DB says.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, isNotNull } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { nameBigramKeys } from '../../../domain/directory/name_bigrams';
import { nameInitials } from '../../../domain/directory/name_initials';
import { openDatabase, type Db } from '../../db/database';
import { departments, entityImportsPending, marketEntities, regions } from '../../db/schema';
import { stageRows, type Staged } from './import_staging';
import { discardInterruptedImports, entityVisible } from './pending_import';
import { uscc } from './test_entities';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'suiji-kill-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

async function counts(db: Db): Promise<{ all: number; visible: number; hidden: number; pending: number }> {
  const n = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  return {
    all: await n(db.select({ n: count() }).from(marketEntities)),
    visible: await n(db.select({ n: count() }).from(marketEntities).where(entityVisible())),
    hidden: await n(db.select({ n: count() }).from(marketEntities).where(isNotNull(marketEntities.importJobId))),
    pending: await n(db.select({ n: count() }).from(entityImportsPending)),
  };
}

function values(n: number, departmentId: string): Omit<Staged, 'rowNumber'> {
  const name = `长春市朝阳区断电${n}号商行`;
  return {
    code: uscc('220104', 900 + n), codeType: 'uscc', name, nameInitials: nameInitials(name), nameBigramKeys: nameBigramKeys(name),
    entityType: 'individual', legalRepresentative: null, address: null, regionCode: '220104', industryCode: '5281', businessScope: null,
    registeredOn: null, status: 'active', riskClass: null, abnormalList: false, seriousViolation: false, complaintsCount: 0, ownerDepartmentId: departmentId,
  };
}

const staged = (n: number, departmentId: string): Staged => ({ rowNumber: n + 2, ...values(n, departmentId) });

describe('all_or_nothing apply killed between chunks', () => {
  it('leaves the directory unchanged once the next start has cleaned up', async () => {
    const jobId = randomUUID();
    const setup = await openDatabase({ kind: 'pglite', dataDir: dir });
    await setup.db.insert(regions).values([{ code: '220100', name: '长春市', level: 2 }, { code: '220104', name: '朝阳区', parentCode: '220100', level: 3 }]);
    const [department] = await setup.db.insert(departments).values({ name: '长春市朝阳区市场监督管理局', type: 'market_regulation', regionCode: '220104' }).returning({ id: departments.id });
    const departmentId = department?.id ?? '';
    await setup.db.insert(marketEntities).values(values(0, departmentId));
    await stageRows(setup.db, jobId, Array.from({ length: 7 }, (_, i) => staged(i + 1, departmentId)));
    const before = await counts(setup.db);
    await setup.close();

    // node itself with tsx's loader: the tsx command would relay to a second process, which a kill of the first leaves running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/test/interrupted_import_child.ts', dir, jobId], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('midway')) resolve(); });
      void exited.then(() => reject(new Error(`the child ended before the apply was midway: ${errors}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const restarted = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      // Two chunks of two rows reached the disk, hidden; no reader sees them.
      expect(await counts(restarted.db)).toEqual({ ...before, all: before.all + 4, hidden: 4, pending: 1 });
      expect(await discardInterruptedImports(restarted.db, { all: true, now: new Date() })).toBe(1);
      expect(await counts(restarted.db)).toEqual(before);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
