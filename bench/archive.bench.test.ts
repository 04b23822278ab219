/**
 * `npm run bench:archive` (SUIJI_TEST_DB=pg|pglite; SUIJI_ARCHIVE_BENCH=1000 objects, SUIJI_ARCHIVE_PHOTO_KB=64) —
 * issue #10 item 11, third part: the archive (一次一档) of a task of N objects, each with a published result, a
 * numbered notice and one photo. Builds the archive in process exactly as the route does (the same generator, the
 * bytes hashed and counted as a client would receive them) and prints wall time, bytes, entries and peak RSS, with the
 * baseline of the same process reading the same rows and bytes from the database (objects, notices, results, each
 * attachment row by row) and doing nothing with them. Target ≤ 30 s for 1,000 objects. Asserts nothing but that the
 * archive was built; its own vitest project (`bench`), never part of `npm test`.
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectionNotices, inspectionResults, resultAttachments, tasks } from '../server/db/schema';
import { zipStream } from '../server/export/zip_writer';
import type { AuthContext } from '../server/http/request_context';
import { archiveComment, archiveEntries, archiveTask } from '../server/modules/archives/build';
import { noticeOfObject } from '../server/modules/notices/store';
import { selectResults } from '../server/modules/results/views';
import { addResultWorld } from '../server/modules/results/test_fixtures';
import { startTestServer, type TestServer } from '../server/test/harness';

const OBJECTS = Number(process.env['SUIJI_ARCHIVE_BENCH'] || 1000);
const PHOTO_KB = Number(process.env['SUIJI_ARCHIVE_PHOTO_KB'] || 64);
let server: TestServer;
afterAll(async () => { await server.close(); });

function photo(k: number): Buffer {
  const out = Buffer.alloc(PHOTO_KB * 1024, k % 251);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(out);
  out.writeUInt32BE(k, 16);
  return out;
}

/** Peak RSS while `work` runs, sampled every 20 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; peakMb: number; startMb: number }> {
  const mb = () => process.memoryUsage().rss / 1048576;
  const startMb = mb();
  let peakMb = startMb;
  const timer = setInterval(() => { peakMb = Math.max(peakMb, mb()); }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const value = await work();
    peakMb = Math.max(peakMb, mb());
    const cpu = process.cpuUsage(cpu0);
    return { value, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, peakMb, startMb };
  } finally {
    clearInterval(timer);
  }
}

describe(`archive of a ${OBJECTS}-object task with a ${PHOTO_KB} KB photo each (${process.env['SUIJI_TEST_DB'] ?? 'pglite'})`, () => {
  it('builds and prints the table', async () => {
    server = await startTestServer();
    const setupStart = performance.now();
    const world = await addResultWorld(server, { objects: OBJECTS });
    const [task] = await server.db.select().from(tasks).where(eq(tasks.id, world.taskId));
    if (!task) throw new Error('task');
    const d = server.fixture.departments;
    const by = server.fixture.users.chaoyang;
    const at = new Date('2026-12-20T02:00:00Z');
    for (let i = 0; i < OBJECTS; i += 100) {
      const chunk = world.objects.slice(i, i + 100).map((objectId, j) => ({ objectId, k: i + j, entityId: world.entities[i + j] ?? 0 }));
      await server.db.insert(inspectionNotices).values(chunk.map((c) => ({
        taskId: task.id, taskObjectId: c.objectId, entityId: c.entityId, departmentId: d.chaoyangMarket, year: 2026, serial: 100000 + c.k,
        number: `朝阳区市场监督管理局 部门联合双随机抽检字【2026】第${100000 + c.k}号`, inspectionDate: '2026-12-08', issuedBy: by, issuedAt: new Date('2026-12-05T01:00:00Z'),
      })));
      await server.db.insert(resultAttachments).values(chunk.map((c) => {
        const content = photo(c.k);
        return {
          taskObjectId: c.objectId, clientId: `bench-archive-${task.id}-${c.k}`, kind: 'photo', fileName: '门头照片.jpg', mime: 'image/jpeg',
          byteSize: content.length, sha256: createHash('sha256').update(content).digest('hex'), content, uploadedBy: by,
        };
      }));
      await server.db.insert(inspectionResults).values(chunk.map((c) => ({
        taskId: task.id, taskObjectId: c.objectId, entityId: c.entityId, departmentId: d.chaoyangMarket, regionCode: task.regionCode, status: 'published',
        checkDate: '2026-12-08', checkMethod: 'on_site', resultCategory: 'no_problem', disposal: 'none',
        itemFindings: world.items.map((item) => ({ itemId: item.itemId, departmentId: item.departmentId, finding: 'compliant', note: null })),
        signature: { kind: 'signed', signerName: '王经理' }, enteredBy: by, submittedBy: by, submittedAt: at, reviewedBy: by, reviewedAt: at, publishedBy: by, publishedAt: at,
      })));
    }
    const setupMs = performance.now() - setupStart;
    const auth: AuthContext = {
      user: { id: by, name: '朝阳区管理员', departmentId: d.chaoyangMarket, regionCode: task.regionCode, account: 'chaoyang', departmentName: null, regionName: null },
      permissions: new Set(['inspection:archive:export']), roles: [], scope: { kind: 'all' }, sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
    };

    const baseline = await measured(async () => {
      let bytes = 0;
      for (const objectId of world.objects) {
        await noticeOfObject(server.db, objectId);
        const ids = await server.db.select({ id: resultAttachments.id }).from(resultAttachments).where(eq(resultAttachments.taskObjectId, objectId)).orderBy(asc(resultAttachments.id));
        for (const { id } of ids) {
          const [row] = await server.db.select({ content: resultAttachments.content }).from(resultAttachments).where(eq(resultAttachments.id, id));
          bytes += row?.content.length ?? 0;
        }
      }
      const results = await selectResults(server.db).where(eq(inspectionResults.taskId, task.id));
      return { bytes, results: results.length };
    });

    const archive = await measured(async () => {
      const subject = await archiveTask(server.db, task.id);
      if (!subject) throw new Error('task');
      let manifest = '';
      let bytes = 0;
      let entries = 0;
      const hash = createHash('sha256');
      const counted = (async function* count() {
        for await (const e of archiveEntries(server.db, auth, subject, (h) => { manifest = h; })) {
          entries += 1;
          yield e;
        }
      })();
      for await (const chunk of zipStream(counted, () => archiveComment(manifest))) {
        bytes += chunk.length;
        hash.update(chunk);
      }
      return { bytes, entries, sha256: hash.digest('hex') };
    });

    expect(archive.value.entries).toBeGreaterThan(OBJECTS * 3);
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const lines = [
      '',
      `### Archive (一次一档) — ${process.env['SUIJI_TEST_DB'] === 'pg' ? 'PostgreSQL' : 'embedded (PGlite)'}, ${OBJECTS} objects, one ${PHOTO_KB} KB photo each (setup ${s(setupMs)} s)`,
      '',
      '| step | wall (s) | CPU of this process (s) | bytes | entries | peak RSS (MB) | RSS before (MB) | × baseline (wall) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| baseline: read the same notices, results and attachments (row by row) | ${s(baseline.ms)} | ${s(baseline.cpuMs)} | ${baseline.value.bytes} | — | ${baseline.peakMb.toFixed(0)} | ${baseline.startMb.toFixed(0)} | 1.0 |`,
      `| archive: build and stream the ZIP (docx forms, manifest, hashes) | ${s(archive.ms)} | ${s(archive.cpuMs)} | ${archive.value.bytes} | ${archive.value.entries} | ${archive.peakMb.toFixed(0)} | ${archive.startMb.toFixed(0)} | ${(archive.ms / baseline.ms).toFixed(1)} |`,
      '',
      `Machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end (wall times inflate with the load; CPU time much less).`,
      `Per object: ${(archive.ms / OBJECTS).toFixed(0)} ms wall, ${(archive.cpuMs / OBJECTS).toFixed(0)} ms CPU of this process; at that rate 1,000 objects take ${(archive.ms / OBJECTS).toFixed(0)} s wall (${(archive.cpuMs / OBJECTS).toFixed(0)} s CPU). `
        + (OBJECTS >= 1000 ? `Target ≤ 30 s for 1,000 objects: ${archive.ms * (1000 / OBJECTS) <= 30_000 ? 'met' : 'NOT met'}.` : `Target ≤ 30 s is for 1,000 objects; ${OBJECTS} measured here.`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
});
