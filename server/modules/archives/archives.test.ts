import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCheckpointKey } from '../../audit/checkpoint_key';
import { createCheckpoint } from '../../audit/checkpoints';
import { bufferSource, fileSource, readDirectory, unzipBuffer } from '../../export/zip_reader';
import { expectAuthRefusals, lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addOutsider } from '../checklists/test_fixtures';
import { at } from '../dispatch/test_fixtures';
import type { ResultView } from '../results/schema';
import { addResultWorld, completeResult, JPEG, uploadAttachment, type ResultWorld } from '../results/test_fixtures';
import { verifyArchiveSource } from './verify';

let server: TestServer;
let world: ResultWorld;
let empty: ResultWorld;
let chaoyang: Client;
const FAKE = '00000000-0000-4000-8000-000000000000';
const dir = mkdtempSync(join(tmpdir(), 'archive-api-'));
const url = (taskId: string) => `/api/inspection/tasks/${taskId}/archive`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function download(client: Client, taskId: string): Promise<Buffer> {
  const response = await client.get(url(taskId));
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  expect(response.headers['content-type']).toBe('application/zip');
  return response.rawPayload;
}

beforeAll(async () => {
  server = await startTestServer();
  await addOutsider(server);
  world = await addResultWorld(server, { objects: 3 });
  empty = await addResultWorld(server, { objects: 2 });
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  expect((await leader.post(`/api/inspection/objects/${world.objects[0] ?? ''}/notice`, {})).statusCode).toBe(201);
  expect((await uploadAttachment(leader, world.objects[0] ?? '', { clientId: randomUUID(), kind: 'photo' }, { name: '门头照片.jpg', content: JPEG })).statusCode).toBe(200);
  const submitted: ResultView[] = [];
  for (const k of [0, 1]) {
    const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: completeResult(world) });
    expect(response.statusCode, response.body).toBe(200);
    submitted.push(response.json<ResultView>());
  }
  const first = submitted[0];
  if (!first) throw new Error('no result');
  expect((await chaoyang.post(`/api/inspection/results/${first.id}/approve`, { rowVersion: first.rowVersion })).statusCode).toBe(200);
  expect((await chaoyang.post(`/api/inspection/results/${first.id}/publish`, { rowVersion: first.rowVersion + 1 })).statusCode).toBe(200);
  await createCheckpoint(server.db, generateCheckpointKey(), new Date('2026-12-10T02:00:00Z'), 'manual');
});
afterAll(async () => { vi.useRealTimers(); rmSync(dir, { recursive: true, force: true }); await server.close(); });

describe('task archive (一次一档)', () => {
  it('refuses anonymous callers, callers without the permission, and tasks out of scope or unknown', async () => {
    await expectAuthRefusals(server, 'GET', url(world.taskId), world.users.leader);
    expect((await (await server.as('jilin')).get(url(world.taskId))).statusCode).toBe(404);
    expect((await chaoyang.get(url(FAKE))).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await chaoyang.get(`/api/inspection/tasks/not-a-uuid/archive`)).statusCode).toBe(400);
  });

  it('streams a zip whose every file matches the manifest, with the notice, form, photo, results and proof of publication', async () => {
    const zip = await download(chaoyang, world.taskId);
    const files = await unzipBuffer(zip);
    const manifestText = files.get('manifest.json');
    if (!manifestText) throw new Error('no manifest');
    const manifest = JSON.parse(manifestText.toString('utf8')) as { format: string; task: { code: string }; files: { path: string; size: number; sha256: string }[] };
    expect(manifest).toMatchObject({ format: 'suiji-archive/1', task: { code: world.taskCode } });
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => !p.startsWith('manifest.')).sort());
    for (const f of manifest.files) expect([f.path, sha(files.get(f.path) ?? Buffer.alloc(0)), files.get(f.path)?.length]).toEqual([f.path, f.sha256, f.size]);
    const hash = sha(manifestText);
    expect(files.get('manifest.sha256')?.toString()).toBe(`${hash}  manifest.json\n`);
    expect((await readDirectory(bufferSource(zip))).comment).toBe(`suiji-archive/1 manifest.json sha256=${hash}`);

    const paths = [...files.keys()];
    const folder = paths.find((p) => p.startsWith('04-检查对象/0001-'))?.split('/')[1] ?? '';
    expect(paths).toEqual(expect.arrayContaining([
      '说明.txt', '01-年度抽查计划/plan.json', '02-实施方案/task.json', '03-随机抽取与匹配/matching-record.json', '04-检查对象/objects.json',
      `04-检查对象/${folder}/行政检查通知书.docx`, `04-检查对象/${folder}/实地核查记录表.docx`, `04-检查对象/${folder}/附件清单.json`, `04-检查对象/${folder}/附件/01-门头照片.jpg`,
      '05-检查结果/results.json', '05-检查结果/results.csv', '06-结果更正/corrections.json', '07-公示证明/publication.json',
      '08-异议与复核/objections.json', '09-后续处置/follow_ups.json',
    ]));
    expect(paths.filter((p) => p.endsWith('实地核查记录表.docx'))).toHaveLength(3);
    expect(files.get(`04-检查对象/${folder}/附件/01-门头照片.jpg`)?.equals(JPEG)).toBe(true);
    const docx = await unzipBuffer(files.get(`04-检查对象/${folder}/行政检查通知书.docx`) ?? Buffer.alloc(0));
    expect(docx.get('word/document.xml')?.toString()).toContain('行政检查通知书');
    const results = JSON.parse(files.get('05-检查结果/results.json')?.toString() ?? '[]') as ResultView[];
    expect(results.map((r) => r.status).sort()).toEqual(['published', 'submitted']);
    expect(files.get('05-检查结果/results.csv')?.toString()).toContain('统一社会信用代码,主体名称,状态');
    const proof = JSON.parse(files.get('07-公示证明/publication.json')?.toString() ?? '{}') as { published: unknown[]; operations: { action: string; hash: string; seq: number }[]; checkpoint: { seq: number } | null };
    expect(proof.published).toHaveLength(1);
    expect(proof.operations.map((o) => o.action)).toEqual(['inspection:result:publish']);
    expect(proof.checkpoint?.seq).toBeGreaterThanOrEqual(proof.operations[0]?.seq ?? Infinity);

    // Info-ZIP reads it, and the CLI finds it intact.
    const file = join(dir, 'archive.zip');
    writeFileSync(file, zip);
    expect(execFileSync('unzip', ['-tq', file]).toString()).toContain('No errors detected');
    const source = await fileSource(file);
    expect(await verifyArchiveSource(source)).toMatchObject({ exitCode: 0 });
    await source.close();
  });

  it('records every export in the operation log', async () => {
    await download(chaoyang, world.taskId);
    expect(await lastOperation(server)).toMatchObject({ action: 'inspection:archive:export', summary: '导出任务档案（一次一档）', targetType: 'task', targetId: world.taskId, outcome: 'success' });
  });

  it('is byte-identical when downloaded again later, by another user in scope', async () => {
    const first = await download(chaoyang, world.taskId);
    at(server, '2026-12-20T03:00:00Z');
    const again = await download(await server.as('joint'), world.taskId);
    expect(sha(again)).toBe(sha(first));
    chaoyang = await server.as('chaoyang');
  });

  it('archives a task without any result', async () => {
    const files = await unzipBuffer(await download(chaoyang, empty.taskId));
    expect(files.get('05-检查结果/results.json')?.toString()).toBe('[]\n');
    expect(JSON.parse(files.get('07-公示证明/publication.json')?.toString() ?? '{}')).toMatchObject({ published: [], operations: [], checkpoint: null, note: '本任务尚无已公示的结果' });
    expect([...files.keys()].filter((p) => p.endsWith('实地核查记录表.docx'))).toHaveLength(2);
  });
});
