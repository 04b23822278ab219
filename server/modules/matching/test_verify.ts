/** Test helper: a task's stored matching record verifies with the TypeScript verifier and with scripts/verify_match.py. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseMatchRecord, verifyMatchRecord } from '../../../domain/matching/verify';
import type { TestServer } from '../../test/harness';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export async function expectRecordVerifies(server: TestServer, taskId: string, account = 'chaoyang'): Promise<Record<string, unknown>> {
  const record = (await (await server.as(account)).get(`/api/workflow/tasks/${taskId}/matching/record`)).json<Record<string, unknown>>();
  const parsed = parseMatchRecord(record);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const verified = verifyMatchRecord(parsed.value);
  expect(verified.ok, verified.ok ? '' : verified.error.message).toBe(true);
  const file = join(mkdtempSync(join(tmpdir(), 'suiji-match-record-')), 'record.json');
  writeFileSync(file, JSON.stringify(record));
  const py = spawnSync('python3', [join(ROOT, 'scripts', 'verify_match.py'), file], { encoding: 'utf8', cwd: ROOT });
  expect(py.stdout.trim(), py.stderr).toBe('MATCH');
  return record;
}
