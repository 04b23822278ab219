/**
 * `audit checkpoint` (sign the current head now) and `audit checkpoints export FILE` (JSON lines,
 * oldest first), plus reading a checkpoint file for `audit verify --checkpoints`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { parseCheckpoint, type Checkpoint } from '../../domain/audit/checkpoint';
import { allCheckpoints, checkpointLines, createCheckpoint } from '../../server/audit/checkpoints';
import { loadOrCreateCheckpointKey, publicKeyFiles, readPublicKeyFile } from '../../server/audit/checkpoint_key';
import type { Config } from '../../server/config';
import { configOrExplain, describeTarget, withDatabase } from './audit_database';

/** Reads a JSON-lines checkpoint file; the error names the line. */
export function readCheckpointFile(file: string): { ok: true; checkpoints: Checkpoint[] } | { ok: false; message: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `无法读取检查点文件 ${file}：${(error as Error).message}` };
  }
  const checkpoints: Checkpoint[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, message: `检查点文件 ${file} 第 ${i + 1} 行不是有效的 JSON` };
    }
    const parsed = parseCheckpoint(value);
    if (!parsed.ok) return { ok: false, message: `检查点文件 ${file} 第 ${i + 1} 行不是 suiji-checkpoint/1 检查点：${parsed.error}` };
    checkpoints.push(parsed.value);
  }
  if (checkpoints.length === 0) return { ok: false, message: `检查点文件 ${file} 中没有检查点` };
  return { ok: true, checkpoints };
}

/** The public key to check signatures with: --public-key FILE, else the server's own key file (null when absent). */
export function publicKeyFor(config: Config, publicKeyFile: string | null): { ok: true; key: KeyObject | null; source: string } | { ok: false; message: string } {
  try {
    if (publicKeyFile) return { ok: true, key: readPublicKeyFile(publicKeyFile), source: `公钥文件 ${publicKeyFile}` };
    for (const file of [publicKeyFiles(config.checkpointKeyFile).pem, config.checkpointKeyFile]) {
      try {
        return { ok: true, key: readPublicKeyFile(file), source: `本机签名密钥的公钥 ${file}` };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return { ok: true, key: null, source: '' };
  } catch (error) {
    return { ok: false, message: `无法读取公钥 ${publicKeyFile ?? config.checkpointKeyFile}：${(error as Error).message}` };
  }
}

export async function checkpointNow(out: NodeJS.WritableStream, err: NodeJS.WritableStream, now: Date): Promise<number> {
  const config = configOrExplain(err);
  if (!config) return 2;
  let key;
  try {
    const loaded = loadOrCreateCheckpointKey(config.checkpointKeyFile);
    if (loaded.created) out.write(`已生成留痕检查点签名密钥：${config.checkpointKeyFile}（权限 0600），公钥：${publicKeyFiles(config.checkpointKeyFile).pem}\n`);
    key = loaded.key;
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return 2;
  }
  return withDatabase(config, err, async (database) => {
    out.write(`数据库：${describeTarget(config)}\n`);
    const checkpoint = await createCheckpoint(database.db, key, now, 'cli');
    if (!checkpoint) {
      err.write('操作日志为空，没有可签名的链头。\n');
      return 1;
    }
    out.write(`已生成留痕检查点：第 ${checkpoint.seq} 条，链头哈希 ${checkpoint.headHash}，密钥编号 ${checkpoint.keyId}\n`);
    out.write(checkpointLines([checkpoint]));
    return 0;
  });
}

export async function exportCheckpoints(file: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const config = configOrExplain(err);
  if (!config) return 2;
  return withDatabase(config, err, async (database) => {
    const checkpoints = await allCheckpoints(database.db);
    try {
      writeFileSync(file, checkpointLines(checkpoints), { flag: 'w' });
    } catch (error) {
      err.write(`无法写入 ${file}：${(error as Error).message}\n`);
      return 2;
    }
    out.write(`已导出 ${checkpoints.length} 个留痕检查点到 ${file}（JSON Lines，旧的在前）。请保存在数据库之外，校验时用：npm run cli -- audit verify --checkpoints ${file}\n`);
    return 0;
  });
}
