/**
 * Part of `npm run bench:eventloop` (issue #7 item 6): are other requests answered while a big all_or_nothing import
 * is applied? For each database, the real server imports BENCH_IMPORT_ROWS (default 200,000) demo entities into an
 * empty directory while a separate thread keeps three lanes of requests going, one after another per lane:
 *
 * - GET /api/auth/csrf: a light route that touches no table;
 * - GET /api/public/checklist-regions: the anonymous public page (one small query);
 * - GET /api/directory/entities?name=…: a directory search as the 长春市双随机办 (authenticated).
 *
 * Latencies are grouped by when the request started: before the import (idle), while the job validates and stages,
 * and while it applies (the last applyMs of the job, as its log row says). Targets during the apply: p99 ≤ 1 s embedded,
 * ≤ 100 ms on PostgreSQL. Prints a table; it asserts nothing. BENCH_DB=pg or BENCH_DB=pglite runs one of the two.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { desc, sql } from 'drizzle-orm';
import { operationLog } from '../server/db/schema';
import { buildApp } from '../server/http/app';
import { HttpClient, openBackend, seconds, seed, writeCsv, type Job } from './import_fixture';

const ROWS = Number(process.env['BENCH_IMPORT_ROWS'] ?? 200_000);
const BACKENDS = (process.env['BENCH_DB'] ?? 'pg,pglite').split(',');
const IDLE_MS = 3000;

interface Lane { label: string; path: string; cookie: boolean }
const LANES: readonly Lane[] = [
  { label: 'GET /api/auth/csrf (no table)', path: '/api/auth/csrf', cookie: false },
  { label: 'GET /api/public/checklist-regions (public page)', path: '/api/public/checklist-regions', cookie: false },
  { label: `GET /api/directory/entities?name=商贸 (search)`, path: `/api/directory/entities?pageSize=20&name=${encodeURIComponent('商贸')}`, cookie: true },
];

/** [lane, started at (ms since the epoch), latency ms] for every request, until told to stop. */
type Sample = [number, number, number];

function startLoad(base: string, cookie: string): { stop: () => Promise<Sample[]> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const url = new URL(workerData.base);
    const samples = [];
    let running = true;
    parentPort.on('message', () => { running = false; });
    function one(lane) {
      return new Promise((resolve) => {
        const at = performance.timeOrigin + performance.now();
        const headers = lane.cookie ? { cookie: workerData.cookie } : {};
        http.get({ host: url.hostname, port: url.port, path: lane.path, headers, agent: lane.agent }, (res) => {
          res.resume();
          res.on('end', () => { samples.push([lane.index, at, performance.timeOrigin + performance.now() - at]); resolve(); });
        }).on('error', () => resolve());
      });
    }
    (async () => {
      const lanes = workerData.lanes.map((l, index) => ({ ...l, index, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) }));
      await Promise.all(lanes.map(async (lane) => { while (running) await one(lane); }));
      parentPort.postMessage(samples);
      for (const lane of lanes) lane.agent.destroy();
    })();`;
  const worker = new Worker(code, { eval: true, workerData: { base, cookie, lanes: LANES.map(({ path, cookie: c }) => ({ path, cookie: c })) } });
  return {
    stop: () => new Promise((resolve, reject) => {
      worker.once('message', (samples: Sample[]) => { resolve(samples); void worker.terminate(); });
      worker.once('error', reject);
      worker.postMessage('stop');
    }),
  };
}

interface Figures { n: number; p50: number; p99: number; max: number }

function figures(latencies: number[]): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { n: sorted.length, p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

const now = () => performance.timeOrigin + performance.now();

async function measure(kind: string, file: string): Promise<{ label: string; lines: string[]; job: Job; applyMs: number; totalMs: number }> {
  const { database, label, drop } = await openBackend(kind, 'suiji_bench_liveness');
  try {
    await seed(database);
    const app = await buildApp({
      db: database.db, now: () => new Date(), production: false, cookieSecure: false, trustProxy: false,
      session: { ttlHours: 8, idleMinutes: 120 }, logLevel: 'warn', webRoot: null,
    });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const admin = new HttpClient(base);
      await admin.login('benchadmin');
      const joint = new HttpClient(base);
      await joint.login('benchjoint');
      const load = startLoad(base, joint.cookieHeader());
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const started = now();
      const queued = await admin.upload<Job>('/api/directory/entities/import?mode=all_or_nothing', file, 'bench.csv');
      let job = queued;
      while (!job.finished) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = await admin.get<Job>(`/api/directory/import-jobs/${queued.id}`);
      }
      const done = now();
      const samples = await load.stop();
      // The job times its own apply (its log row); a poll could not tell when it began while the database was held.
      const [log] = await database.db.select({ detail: operationLog.detail }).from(operationLog)
        .where(sql`${operationLog.detail}->>'jobId' = ${queued.id} and ${operationLog.detail} ? 'applyMs'`).orderBy(desc(operationLog.seq)).limit(1);
      const applying = done - Number((log?.detail as { applyMs?: number } | undefined)?.applyMs ?? 0);
      const phases: { name: string; from: number; to: number }[] = [
        { name: 'idle', from: 0, to: started },
        { name: 'validate + stage', from: started, to: applying },
        { name: '**apply**', from: applying, to: done },
      ];
      const lines: string[] = [];
      LANES.forEach((lane, index) => {
        for (const phase of phases) {
          const f = figures(samples.filter(([l, at]) => l === index && at >= phase.from && at < phase.to).map(([, , ms]) => ms));
          lines.push(`| ${label} | ${lane.label} | ${phase.name} | ${f.n} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.max.toFixed(1)} |`);
        }
      });
      return { label, lines, job, applyMs: done - applying, totalMs: done - started };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    await drop();
  }
}

export async function importLivenessBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-bench-liveness-'));
  try {
    const file = join(dir, 'entities.csv');
    await writeCsv(file, ROWS);
    const results = [];
    for (const kind of BACKENDS) {
      process.stdout.write(`${kind}: importing ${ROWS.toLocaleString('en')} rows under load …\n`);
      results.push(await measure(kind, file));
    }
    process.stdout.write([
      '',
      `Requests during an all_or_nothing import of ${ROWS.toLocaleString('en')} entities into an empty directory: three lanes from a`,
      `separate thread, one request at a time each, grouped by when the request started (apply = the job's own apply time, its`,
      `log row's applyMs, before it was seen finished; ±100 ms polling). Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end.`,
      '',
      ...results.map((r) => `- ${r.label}: ${r.job.status}, ${r.job.added.toLocaleString('en')} added; whole import ${seconds(r.totalMs)}, of which apply ${seconds(r.applyMs)}`),
      '',
      '| database | request | phase | requests | p50 ms | p99 ms | max ms |',
      '|---|---|---|---:|---:|---:|---:|',
      ...results.flatMap((r) => r.lines),
      '',
    ].join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
