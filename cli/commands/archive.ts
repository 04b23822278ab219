/**
 * `archive verify <档案.zip>`: checks a task archive (一次一档, issue #10 item 8) — every file against manifest.json
 * (size and SHA-256), the CRC of every entry, and the manifest against manifest.sha256 and the zip comment. Reads
 * the zip entry by entry, never whole.
 *
 * Exit codes: 0 intact, 1 a file missing, extra or changed (or a damaged zip), 2 usage or file errors.
 */
import { fileSource } from '../../server/export/zip_reader';
import { verifyArchiveSource } from '../../server/modules/archives/verify';
import type { CliCommand, VerifyOutcome } from '../command';

const USAGE = 'archive verify <档案.zip>';

export async function runArchive(args: readonly string[]): Promise<VerifyOutcome> {
  const [sub, path, ...rest] = args;
  if (sub !== 'verify' || path === undefined || rest.length > 0 || path.startsWith('--')) return { exitCode: 2, output: `用法：${USAGE}\n` };
  let source;
  try {
    source = await fileSource(path);
  } catch (e) {
    return { exitCode: 2, output: `无法读取文件 ${path}：${(e as Error).message}\n` };
  }
  try {
    return await verifyArchiveSource(source);
  } finally {
    await source.close();
  }
}

export const archiveCommand: CliCommand = {
  name: 'archive', summary: '核验任务档案（一次一档）：逐一核对 ZIP 中的文件与 manifest.json 的 SHA-256，报告缺少、多出或被改动的文件', usage: USAGE,
  async run(args) {
    const r = await runArchive(args);
    (r.exitCode === 2 ? process.stderr : process.stdout).write(r.output);
    return r.exitCode;
  },
};
