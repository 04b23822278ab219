/**
 * Checking a task archive (一次一档) read through a zip source: each entry's CRC, its SHA-256 against manifest.json,
 * the manifest against manifest.sha256 and the zip comment (domain/archive/manifest_check.ts decides). Entry by entry,
 * never the whole zip. Used by `npm run cli -- archive verify` and the tests.
 */
import { createHash } from 'node:crypto';
import {
  archiveIntact, commentManifestHash, compareArchive, MANIFEST_HASH_PATH, MANIFEST_PATH, parseManifest, statedManifestHash, type ArchivedFile, type ArchiveFindings,
} from '../../../domain/archive/manifest_check';
import { readDirectory, readEntry, ZipFormatError, type ZipSource } from '../../export/zip_reader';

/** What the check prints: its exit code (0 intact, 1 a difference) and text, and a code for a difference. */
export interface ArchiveOutcome { readonly exitCode: 0 | 1 | 2; readonly output: string; readonly code?: string }

function report(findings: ArchiveFindings, checked: number, task: { code: string; name: string }): ArchiveOutcome {
  if (archiveIntact(findings)) {
    return { exitCode: 0, output: `档案完整：任务 ${task.name}（${task.code}），${checked} 个文件与清单一致，清单哈希与 manifest.sha256、ZIP 注释一致\n` };
  }
  const lines = ['档案与清单不符：'];
  for (const p of findings.manifest) lines.push(`  清单：${p}`);
  for (const p of findings.missing) lines.push(`  缺少：${p}`);
  for (const p of findings.extra) lines.push(`  多出（不在清单中）：${p}`);
  for (const c of findings.changed) lines.push(`  改动：${c.path}（${c.why}）`);
  lines.push(`共 ${findings.missing.length} 个缺少、${findings.extra.length} 个多出、${findings.changed.length} 个改动${findings.manifest.length > 0 ? '，清单本身有问题' : ''}`);
  return { exitCode: 1, code: 'ARCHIVE_MISMATCH', output: `${lines.join('\n')}\n` };
}

/** Verifies an archive read through `source`. */
export async function verifyArchiveSource(source: ZipSource): Promise<ArchiveOutcome> {
  let directory;
  try {
    directory = await readDirectory(source);
  } catch (e) {
    if (e instanceof ZipFormatError) return { exitCode: 1, code: 'ARCHIVE_UNREADABLE', output: `无法读取档案：${e.message}\n` };
    throw e;
  }
  const actual: ArchivedFile[] = [];
  const unreadable: { path: string; why: string }[] = [];
  let manifestText: string | null = null;
  let stated: string | null = null;
  let manifestSha256 = '';
  for (const entry of directory.entries) {
    if (entry.path.endsWith('/')) continue;
    let data: Buffer;
    try {
      data = await readEntry(source, entry);
    } catch (e) {
      if (!(e instanceof ZipFormatError)) throw e;
      unreadable.push({ path: entry.path, why: e.message });
      continue;
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (entry.path === MANIFEST_PATH) {
      manifestText = data.toString('utf8');
      manifestSha256 = sha256;
    } else if (entry.path === MANIFEST_HASH_PATH) stated = statedManifestHash(data.toString('utf8'));
    actual.push({ path: entry.path, size: data.length, sha256 });
  }
  if (manifestText === null) {
    const why = unreadable.some((u) => u.path === MANIFEST_PATH) ? 'manifest.json 已损坏，无法读取' : '档案中没有 manifest.json';
    return { exitCode: 1, code: 'ARCHIVE_MISMATCH', output: `档案与清单不符：\n  清单：${why}\n` };
  }
  const manifest = parseManifest(manifestText);
  if (!manifest.ok) return { exitCode: 1, code: 'ARCHIVE_MISMATCH', output: `档案与清单不符：\n  清单：${manifest.error}\n` };
  const findings = compareArchive(manifest.value, actual, unreadable, manifestSha256, stated, commentManifestHash(directory.comment));
  return report(findings, manifest.value.files.length, manifest.value.task);
}

