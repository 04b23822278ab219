/**
 * `npm run bench:eventloop` — issue #2 item 10: does a heavy query on the embedded database freeze
 * every other request? A /ping route that touches no database is loaded from a separate thread
 * while full-table scans over 1,000,000 rows run back to back, with PGlite (a) in-process on the
 * main thread, as drizzle-orm/pglite would use it, and (b) in a worker thread, as suiji runs it.
 * The heavy scans arrive as HTTP requests too (2 lanes on /heavy), as they would in production.
 * Then (bench/import_liveness_bench.ts) a 200,000-row entity import on each database while other requests are timed.
 * Prints tables; it asserts nothing (speed targets live here, not in tests). BENCH_PARTS=scans or =import runs one part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import { PGliteWorkerClient } from '../server/db/pglite_client';
import { importLivenessBench } from './import_liveness_bench';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const HEAVY = `select count(*)::int as n from bench_entities where name like '%a1b%' or code like '%99%'`;

interface Runner { query(sql: string): Promise<unknown>; close(): Promise<void> }

interface LoadResult { requests: number; p50: number; p99: number; max: number; heavy: number; heavyMean: number }

/** Sequential keep-alive GETs from a worker thread (its own event loop), for `seconds`. */
function loadPing(port: number, seconds: number, heavy: boolean): Promise<LoadResult> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const heavyAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const latencies = [];
    const heavy = [];
    const end = Date.now() + workerData.seconds * 1000;
    function one(path, a, into) {
      return new Promise((resolve) => {
        const t0 = process.hrtime.bigint();
        http.get({ host: '127.0.0.1', port: workerData.port, path, agent: a }, (res) => {
          res.resume(); res.on('end', () => { into.push(Number(process.hrtime.bigint() - t0) / 1e6); resolve(); });
        }).on('error', () => resolve());
      });
    }
    (async () => {
      const lanes = Array.from({ length: 4 }, async () => { while (Date.now() < end) await one('/ping', agent, latencies); });
      const heavyLanes = workerData.heavy ? Array.from({ length: 2 }, async () => { while (Date.now() < end) await one('/heavy', heavyAgent, heavy); }) : [];
      await Promise.all([...lanes, ...heavyLanes]);
      latencies.sort((a, b) => a - b);
      const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
      const heavyMean = heavy.length ? heavy.reduce((a, b) => a + b, 0) / heavy.length : 0;
      parentPort.postMessage({ requests: latencies.length, p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? 0, heavy: heavy.length, heavyMean });
      heavyAgent.destroy();
      agent.destroy();
    })();`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { port, seconds, heavy } });
    worker.once('message', (m: LoadResult) => { resolve(m); void worker.terminate(); });
    worker.once('error', reject);
  });
}

async function measure(label: string, runner: Runner): Promise<string[]> {
  const app = Fastify();
  app.get('/ping', async () => ({ pong: true }));
  app.get('/heavy', async () => runner.query(HEAVY).then(() => ({ done: true })));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const idle = await loadPing(port, 2, false);
  const loaded = await loadPing(port, SECONDS, true);
  await app.close();
  const f = (n: number) => n.toFixed(1);
  return [
    `| ${label} | idle | ${(idle.requests / 2).toFixed(0)} | ${f(idle.p50)} | ${f(idle.p99)} | ${f(idle.max)} | – |`,
    `| ${label} | during scans | ${(loaded.requests / SECONDS).toFixed(0)} | ${f(loaded.p50)} | ${f(loaded.p99)} | ${f(loaded.max)} | ${loaded.heavy} × ${loaded.heavyMean.toFixed(0)} ms |`,
  ];
}

async function scanBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'suiji-eventloop-'));
  try {
    const setup = await PGlite.create(join(dir, 'pgdata'));
    const t0 = performance.now();
    await setup.exec(`create table bench_entities as select g as id, md5(g::text) as name, lpad(g::text, 18, '9') as code from generate_series(1, ${ROWS}) g`);
    const loadSeconds = (performance.now() - t0) / 1000;
    await setup.close();

    const rows: string[] = [];
    const inProcess = await PGlite.create(join(dir, 'pgdata'));
    rows.push(...await measure('PGlite in-process', { query: (sql) => inProcess.query(sql), close: () => inProcess.close() }));
    await inProcess.close();

    const worker = await PGliteWorkerClient.open(join(dir, 'pgdata'));
    rows.push(...await measure('PGlite in a worker thread (suiji)', { query: (sql) => worker.query(sql), close: () => worker.close() }));
    await worker.close();

    process.stdout.write([
      '',
      `Event-loop benchmark: GET /ping (no database) from a separate thread, 4 keep-alive lanes, while \`${HEAVY}\``,
      `runs back to back over ${ROWS.toLocaleString('en')} rows (table built in ${loadSeconds.toFixed(1)} s). Node ${process.version}, ${(await import('node:os')).cpus().length} cores.`,
      '',
      '| database mode | phase | /ping req/s | p50 ms | p99 ms | max ms | heavy scans |',
      '|---|---|---:|---:|---:|---:|---|',
      ...rows,
      '',
    ].join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PARTS = (process.env['BENCH_PARTS'] ?? 'scans,import').split(',');
if (PARTS.includes('scans')) await scanBench();
if (PARTS.includes('import')) await importLivenessBench();
