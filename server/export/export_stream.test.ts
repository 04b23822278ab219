/**
 * Streaming exports: a failure while reading the first page is an ordinary error answer (the headers are not sent
 * yet); a failure later is logged and aborts the download instead of leaving a request that never ends.
 */
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCsv } from './csv';
import { sendXlsx, type ExportColumn } from './xlsx';

interface Row { name: string }
const columns: ExportColumn<Row>[] = [{ header: '名称', value: (r) => r.name }];

async function* failingAt(page: number): AsyncIterable<Row[]> {
  for (let i = 1; ; i++) {
    if (i === page) throw new Error(`page ${i} failed`);
    yield [{ name: `第${i}页` }];
    if (i > 3) return;
  }
}

let app: FastifyInstance | null = null;
let logged: { level: number; msg: string }[] = [];

async function exportApp(): Promise<FastifyInstance> {
  logged = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  const built = Fastify({ logger: { level: 'info', stream } });
  built.get<{ Querystring: { format: string; page: string } }>('/export', async (request, reply) => {
    const pages = failingAt(Number(request.query.page));
    return request.query.format === 'csv' ? sendCsv(reply, '名单.csv', columns, pages) : sendXlsx(reply, '名单.xlsx', '名单', columns, pages);
  });
  app = built;
  return built;
}

afterEach(async () => {
  await app?.close();
  app = null;
});

describe.each(['csv', 'xlsx'])('%s export', (format) => {
  it('answers an error status when the first page fails', async () => {
    const server = await exportApp();
    const response = await server.inject({ method: 'GET', url: `/export?format=${format}&page=1` });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-disposition']).toBeUndefined();
  });

  it('logs and aborts the download when a later page fails', async () => {
    const server = await exportApp();
    await expect(server.inject({ method: 'GET', url: `/export?format=${format}&page=3` })).rejects.toThrow(/destroyed/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged.filter((l) => l.level >= 50).map((l) => l.msg)).toContain('export failed after the first rows were sent');
  });

  it('sends every page when none fails', async () => {
    const server = await exportApp();
    const response = await server.inject({ method: 'GET', url: `/export?format=${format}&page=99` });
    expect(response.statusCode).toBe(200);
    if (format === 'csv') expect(response.body).toContain('第4页');
    else expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
