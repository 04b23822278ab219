/**
 * The published list of a task's attempts (docs/draw-protocol.md §17.3): every commitment ever made
 * for the task, withdrawn ones included. Given it, a verifier detects an attempt that was committed
 * but not published, and a receipt that a later attempt replaced.
 */
import { ok, type Result } from '../basics/result';
import { fromHex } from './encoding';
import { drawError, type DrawError } from './errors';
import { COMMIT_ACTION } from './anchor';
import type { ReceiptV2 } from './protocol_v2';

export const ATTEMPTS_FORMAT = 'suiji-attempts/1';

export interface AttemptEntry {
  readonly attempt: string;
  readonly commitmentHash: string;
  readonly previousCommitmentHash: string;
}

export interface AttemptList {
  readonly format: string;
  readonly taskId: string;
  readonly attempts: readonly AttemptEntry[];
}

function malformed(path: string, message: string): Result<never, DrawError> {
  return drawError('ATTEMPT_LIST_MALFORMED', `抽取次序表格式错误：${message}`, path);
}

function exactKeys(v: unknown, keys: readonly string[]): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === keys.length && keys.every((k) => k in o);
}

/** Parses the list strictly: `{format, taskId, attempts: [{attempt, commitmentHash, previousCommitmentHash}]}`, all strings. */
export function parseAttemptList(json: unknown): Result<AttemptList, DrawError> {
  if (!exactKeys(json, ['format', 'taskId', 'attempts']) || json.format !== ATTEMPTS_FORMAT || typeof json.taskId !== 'string' || !Array.isArray(json.attempts)) {
    return malformed('attempts', `应为 {"format": "${ATTEMPTS_FORMAT}", "taskId", "attempts": [...]}`);
  }
  const attempts: AttemptEntry[] = [];
  for (const [i, e] of (json.attempts as unknown[]).entries()) {
    if (!exactKeys(e, ['attempt', 'commitmentHash', 'previousCommitmentHash']) || typeof e.attempt !== 'string' || typeof e.commitmentHash !== 'string' || typeof e.previousCommitmentHash !== 'string') {
      return malformed(`attempts[${i}]`, '每一项应为 {attempt, commitmentHash, previousCommitmentHash}（均为字符串）');
    }
    attempts.push({ attempt: e.attempt, commitmentHash: e.commitmentHash, previousCommitmentHash: e.previousCommitmentHash });
  }
  return ok({ format: ATTEMPTS_FORMAT, taskId: json.taskId, attempts });
}

/** §17.3: the list is a gapless chain; this receipt is in it, is its last entry, and no logged attempt is missing from it. */
export function checkAttemptList(list: AttemptList, receipt: ReceiptV2): Result<true, DrawError> {
  const c = receipt.commitment;
  if (list.taskId !== c.taskId) return malformed('attempts.taskId', `次序表属于任务“${list.taskId}”，凭证属于“${c.taskId}”`);
  let previous = '';
  for (const [i, e] of list.attempts.entries()) {
    if (e.attempt !== String(i + 1)) return malformed(`attempts[${i}].attempt`, `第 ${i + 1} 项的次序应为 ${i + 1}，实际为“${e.attempt}”`);
    if (!fromHex(e.commitmentHash, 32)) return malformed(`attempts[${i}].commitmentHash`, '承诺哈希应为 64 位小写十六进制');
    if (e.previousCommitmentHash !== previous) return malformed(`attempts[${i}].previousCommitmentHash`, `第 ${i + 1} 次抽取应衔接第 ${i} 次的承诺哈希`);
    previous = e.commitmentHash;
  }
  const n = Number(c.attempt);
  const entry = list.attempts[n - 1];
  if (!entry || entry.commitmentHash !== receipt.commitmentHash) return drawError('ATTEMPT_UNPUBLISHED', `本凭证（第 ${n} 次抽取，承诺哈希 ${receipt.commitmentHash}）不在公布的抽取次序表中`, 'attempts');
  if (entry.previousCommitmentHash !== c.previousCommitmentHash) return drawError('ATTEMPT_UNPUBLISHED', `本凭证所指的前次承诺 ${c.previousCommitmentHash} 不是公布的第 ${n - 1} 次抽取`, 'receipt.commitment.previousCommitmentHash');
  const published = new Set(list.attempts.map((a) => a.commitmentHash));
  for (const [name, anchor] of [['anchor', receipt.anchor], ['previousAnchor', receipt.previousAnchor]] as const) {
    for (const [i, row] of (anchor?.rows ?? []).entries()) {
      if (row.action !== COMMIT_ACTION || row.detail.taskId !== c.taskId) continue;
      const h = row.detail.commitmentHash;
      if (typeof h !== 'string' || !published.has(h)) return drawError('ATTEMPT_UNPUBLISHED', `操作日志第 ${row.seq} 行记录了本任务的另一次抽取承诺 ${String(h)}，但公布的抽取次序表中没有`, `receipt.${name}.rows[${i}]`);
    }
  }
  if (n < list.attempts.length) return drawError('ATTEMPT_SUPERSEDED', `本凭证是第 ${n} 次抽取，已被公布的第 ${list.attempts.length} 次抽取取代`, 'attempts');
  return ok(true);
}
