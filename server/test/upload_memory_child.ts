/**
 * Child process of server/import/upload_limits.test.ts: starts a test server (the database SUIJI_TEST_DB names),
 * uploads each crafted file named on the command line (route|account|file name|path), waits for any job it starts, and
 * prints one line `RESULT {json}` with every answer, the resident size when idle and the peak (VmHWM), in MB.
 * Run in its own process so that the peak is the server's alone and a crash cannot take the test runner down.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportJobView } from '../import/jobs';
import { UPLOADS } from '../import/job_upload';
import { startTestServer, type Client } from './harness';
import { uploadFile } from './upload';

function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`)) ?? '';
  return Math.round(Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024);
}

async function finished(client: Client, id: string): Promise<ImportJobView> {
  for (;;) {
    const job = (await client.get(`/api/directory/import-jobs/${id}`)).json<ImportJobView>();
    if (job.finished) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  UPLOADS.dir = mkdtempSync(join(tmpdir(), 'suiji-upload-memory-'));
  const server = await startTestServer();
  const clients = new Map<string, Client>();
  const client = async (account: string) => {
    const known = clients.get(account);
    if (known) return known;
    const made = await server.as(account);
    clients.set(account, made);
    return made;
  };
  // Warm up (routes, the workbook reader, the job runner) before the idle size is taken.
  const chaoyang = await client('chaoyang');
  const warm = await uploadFile(chaoyang, '/api/directory/entities/import', '预热.csv', '统一社会信用代码/注册号,名称,行政区划代码\r\n');
  if (warm.statusCode !== 400) throw new Error(`warm-up upload answered ${warm.statusCode}`);
  global.gc?.();
  const idle = statusMb('VmRSS');
  // Reset the peak to the current size (Linux), so the peak measured is the uploads'.
  try { writeFileSync('/proc/self/clear_refs', '5'); } catch { /* the peak then includes start-up */ }
  const answers: unknown[] = [];
  for (const spec of process.argv.slice(2)) {
    const [url, account, fileName, path] = spec.split('|') as [string, string, string, string];
    const caller = await client(account);
    const response = await uploadFile(caller, url, fileName, readFileSync(path));
    const body = response.json<{ code?: string; message?: string; id?: string }>();
    const job = response.statusCode === 202 && body.id ? await finished(caller, body.id) : null;
    answers.push({ fileName, status: response.statusCode, code: body.code ?? null, message: body.message ?? null, job: job ? { status: job.status, message: job.message } : null });
  }
  const alive = (await chaoyang.get('/api/directory/import-jobs')).statusCode;
  const peak = statusMb('VmHWM');
  process.stdout.write(`RESULT ${JSON.stringify({ idle, peak, alive, answers })}\n`);
  await server.close();
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
