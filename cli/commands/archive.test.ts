import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zipToBuffer, type ZipEntry } from '../../server/export/zip_writer';
import { runArchive } from './archive';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'archive-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILES: ZipEntry[] = [
  { path: '说明.txt', data: Buffer.from('抽查任务档案'), compress: true },
  { path: '04-检查对象/0001-X/附件/01-门头.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 4, 5]), compress: false },
  { path: '05-检查结果/results.json', data: Buffer.from('[]\n'), compress: true },
];

/** An archive as the server writes it: the files, manifest.json, manifest.sha256, the hash in the comment. */
async function archive(files: readonly ZipEntry[], listed: readonly ZipEntry[] = files, options: { comment?: string; stated?: string } = {}): Promise<Buffer> {
  const manifest = Buffer.from(JSON.stringify({ format: 'suiji-archive/1', task: { id: 't', code: '220104-2025-0001', name: '企业公示信息抽查' }, files: listed.map((f) => ({ path: f.path, size: f.data.length, sha256: sha(f.data) })) }));
  const hash = sha(manifest);
  return zipToBuffer([...files, { path: 'manifest.json', data: manifest, compress: true }, { path: 'manifest.sha256', data: Buffer.from(`${options.stated ?? hash}  manifest.json\n`), compress: false }],
    options.comment ?? `suiji-archive/1 manifest.json sha256=${hash}`);
}

async function verify(zip: Buffer, name: string) {
  const file = join(dir, name);
  writeFileSync(file, zip);
  return runArchive(['verify', file]);
}

describe('archive verify', () => {
  it('reports an intact archive (exit 0)', async () => {
    const r = await verify(await archive(FILES), 'ok.zip');
    expect(r.exitCode, r.output).toBe(0);
    expect(r.output).toBe('档案完整：任务 企业公示信息抽查（220104-2025-0001），3 个文件与清单一致，清单哈希与 manifest.sha256、ZIP 注释一致\n');
  });

  it('reports one tampered byte in a stored file (its CRC fails)', async () => {
    const zip = await archive(FILES);
    zip[zip.indexOf(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3])) + 4] = 9;
    const r = await verify(zip, 'byte.zip');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('改动：04-检查对象/0001-X/附件/01-门头.jpg（文件“04-检查对象/0001-X/附件/01-门头.jpg”的 CRC 校验不符');
  });

  it('reports a file replaced with a consistent CRC, an added file and a removed one', async () => {
    const changed = FILES.map((f) => (f.path.endsWith('results.json') ? { ...f, data: Buffer.from('[{"forged":true}]\n') } : f));
    const r1 = await verify(await archive(changed, FILES), 'changed.zip');
    expect(r1.exitCode).toBe(1);
    expect(r1.output).toContain('改动：05-检查结果/results.json（大小不符');
    const added = await verify(await archive([...FILES, { path: '多余.txt', data: Buffer.from('x'), compress: false }], FILES), 'added.zip');
    expect(added.exitCode).toBe(1);
    expect(added.output).toContain('多出（不在清单中）：多余.txt');
    const removed = await verify(await archive(FILES.slice(1), FILES), 'removed.zip');
    expect(removed.exitCode).toBe(1);
    expect(removed.output).toContain('缺少：说明.txt');
    expect(removed.output).toContain('共 1 个缺少、0 个多出、0 个改动');
  });

  it('reports a manifest whose hash no longer matches manifest.sha256 or the comment', async () => {
    const r = await verify(await archive(FILES, FILES, { stated: 'a'.repeat(64), comment: `suiji-archive/1 manifest.json sha256=${'b'.repeat(64)}` }), 'manifest.zip');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('清单：manifest.json 的 SHA-256 与 manifest.sha256 不符');
    expect(r.output).toContain('清单：manifest.json 的 SHA-256 与 ZIP 注释中的不符');
  });

  it('answers usage and unreadable files with exit 2, and a file that is not a zip with exit 1', async () => {
    expect((await runArchive([])).exitCode).toBe(2);
    expect((await runArchive(['check', 'x.zip'])).exitCode).toBe(2);
    expect((await runArchive(['verify', join(dir, 'nothing-here.zip')])).exitCode).toBe(2);
    const r = await verify(Buffer.from('这不是 ZIP'), 'text.zip');
    expect(r).toMatchObject({ exitCode: 1, code: 'ARCHIVE_UNREADABLE' });
    const noManifest = await verify(await zipToBuffer(FILES), 'bare.zip');
    expect(noManifest.output).toContain('档案中没有 manifest.json');
  });
});
