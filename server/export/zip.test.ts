import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferSource, readDirectory, readEntry, unzipBuffer, ZipFormatError } from './zip_reader';
import { zipToBuffer, type ZipEntry } from './zip_writer';

const entries: ZipEntry[] = [
  { path: 'a.txt', data: Buffer.from('你好，档案\n'.repeat(100)), compress: true },
  { path: '目录/照片.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), compress: false },
  { path: 'empty.json', data: Buffer.alloc(0), compress: true },
];

describe('zip writer and reader', () => {
  it('round-trips entries, names in UTF-8, and the comment', async () => {
    const zip = await zipToBuffer(entries, 'suiji 档案');
    const files = await unzipBuffer(zip);
    expect([...files.keys()]).toEqual(['a.txt', '目录/照片.jpg', 'empty.json']);
    for (const e of entries) expect(files.get(e.path)?.equals(e.data)).toBe(true);
    expect((await readDirectory(bufferSource(zip))).comment).toBe('suiji 档案');
  });

  it('writes the same bytes for the same entries (fixed times, given order)', async () => {
    expect((await zipToBuffer(entries)).equals(await zipToBuffer(entries))).toBe(true);
  });

  it('is read by Info-ZIP unzip, which checks every CRC', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));
    try {
      const file = join(dir, 't.zip');
      writeFileSync(file, await zipToBuffer(entries, 'c'));
      expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
      execFileSync('unzip', ['-q', file, '-d', join(dir, 'out')]);
      expect(readFileSync(join(dir, 'out', '目录', '照片.jpg')).equals(entries[1]?.data ?? Buffer.alloc(0))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a changed byte as a CRC failure', async () => {
    const zip = await zipToBuffer([{ path: 'p.bin', data: Buffer.from('abcdef'), compress: false }]);
    const at = zip.indexOf('abcdef');
    zip[at] = 0x7a;
    const source = bufferSource(zip);
    const [entry] = (await readDirectory(source)).entries;
    if (!entry) throw new Error('no entry');
    await expect(readEntry(source, entry)).rejects.toBeInstanceOf(ZipFormatError);
  });

  it('writes ZIP64 end records past 65,535 entries, read back here and by Info-ZIP and Python', async () => {
    const many = Array.from({ length: 70_000 }, (_, k) => ({ path: `d/${k}.txt`, data: Buffer.from(String(k)), compress: false }));
    const zip = await zipToBuffer(many, 'many');
    const directory = await readDirectory(bufferSource(zip));
    expect(directory.entries).toHaveLength(70_000);
    expect(directory.comment).toBe('many');
    const last = directory.entries.at(-1);
    if (!last) throw new Error('no entries');
    expect((await readEntry(bufferSource(zip), last)).toString()).toBe('69999');
    const dir = mkdtempSync(join(tmpdir(), 'zip64-'));
    try {
      const file = join(dir, 'many.zip');
      writeFileSync(file, zip);
      expect(execFileSync('unzip', ['-tq', file]).toString()).toContain('No errors detected');
      expect(execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.namelist()), z.testzip())', file]).toString().trim()).toBe('70000 None');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unsafe and duplicate paths, and a file that is not a zip', async () => {
    await expect(zipToBuffer([{ path: '../x', data: Buffer.alloc(1), compress: false }])).rejects.toThrow(/unsafe/);
    await expect(zipToBuffer([entries[0] as ZipEntry, entries[0] as ZipEntry])).rejects.toThrow(/duplicate/);
    await expect(readDirectory(bufferSource(Buffer.from('not a zip at all, just text')))).rejects.toBeInstanceOf(ZipFormatError);
  });
});
