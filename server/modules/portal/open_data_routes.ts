/**
 * 开放数据 (issue #11 item 1): the published inspection results of one year — all departments or one — as CSV
 * (UTF-8 with BOM, for Excel) or JSON, streamed page by page so a province's year never sits in memory. The rows are
 * exactly what /api/public/results shows (withheld fields empty, approved corrections included); the schema is
 * documented in docs/open-data.md (`suiji-open-results/1`). The index lists the years and departments with data.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, count, eq, sql } from 'drizzle-orm';
import { departments, inspectionResults, tasks } from '../../db/schema';
import type { Db } from '../../db/database';
import { readDb, type AppServices, type TypedApp } from '../../http/app';
import { errorResponses, notFound } from '../../http/errors';
import { PUBLIC_MAX_AGE_SECONDS } from '../../http/public_cache';
import { loadPublicResults } from '../results/public_page';
import type { PublicResultRow } from '../results/schema';
import { OpenDataIndex, OpenDataManifest, OpenDataQuery } from './schema';

const tags = ['公示-开放数据'];
export const OPEN_DATA_SCHEMA = 'suiji-open-results/1' as const;
/** Rows read per query while streaming. */
const BATCH = 500;

/** The CSV columns in order (docs/open-data.md). */
export const CSV_COLUMNS = [
  ['id', '结果编号'], ['taskCode', '任务编号'], ['taskName', '任务名称'], ['departmentName', '检查部门'], ['entityName', '市场主体名称'],
  ['creditCode', '统一社会信用代码'], ['regionCode', '行政区划代码'], ['checkDate', '检查日期'], ['checkMethod', '检查方式'],
  ['resultCategory', '检查结果'], ['disposal', '处置情况'], ['note', '说明'], ['itemFindings', '检查事项结论'], ['withheldFields', '依法不公开的字段'],
  ['publishedAt', '公示时间'], ['corrections', '更正'],
] as const;

/** RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(r: PublicResultRow): string {
  const cells: Record<(typeof CSV_COLUMNS)[number][0], string> = {
    id: r.id, taskCode: r.taskCode, taskName: r.taskName, departmentName: r.departmentName, entityName: r.entityName, creditCode: r.creditCode,
    regionCode: r.regionCode, checkDate: r.checkDate, checkMethod: r.checkMethod, resultCategory: r.resultCategory, disposal: r.disposal ?? '',
    note: r.note ?? '', itemFindings: (r.itemFindings ?? []).map((f) => `${f.code} ${f.name}：${f.finding}`).join('；'),
    withheldFields: r.withheldFields.join('；'), publishedAt: r.publishedAt,
    corrections: r.corrections.map((c) => `第${c.seq}次更正（${c.approvedAt}）${c.reason}：${c.changes.map((x) => `${x.label}→${x.value}`).join('，')}`).join('；'),
  };
  return `${CSV_COLUMNS.map(([k]) => csvCell(cells[k])).join(',')}\r\n`;
}

function scopeOf(q: { year: number; departmentId?: string | undefined }) {
  return and(
    eq(inspectionResults.status, 'published'),
    eq(tasks.year, q.year),
    q.departmentId ? eq(inspectionResults.departmentId, q.departmentId) : undefined,
  );
}

export async function* batches(db: Db, q: { year: number; departmentId?: string | undefined }, size = BATCH): AsyncGenerator<PublicResultRow[]> {
  // Newest publication first, by keyset (publishedAt, id): a result published while the file streams does not shift
  // the pages, and a province's year costs one index range per batch rather than a growing offset.
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const where = and(scopeOf(q), after ? sql`(${inspectionResults.publishedAt}, ${inspectionResults.id}) < (${after.at}, ${after.id})` : undefined);
    const rows = await loadPublicResults(db, where, size, 0);
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < size) return;
    after = { at: new Date(last.publishedAt), id: last.id };
  }
}

async function* csvStream(db: Db, q: { year: number; departmentId?: string | undefined }): AsyncGenerator<string> {
  yield `\uFEFF${CSV_COLUMNS.map(([, label]) => label).join(',')}\r\n`;
  for await (const rows of batches(db, q)) yield rows.map(csvLine).join('');
}

async function* jsonStream(db: Db, q: { year: number; departmentId?: string | undefined }, departmentName: string | null): AsyncGenerator<string> {
  yield `{"schema":${JSON.stringify(OPEN_DATA_SCHEMA)},"year":${q.year},"department":${JSON.stringify(departmentName)},"rows":[`;
  let first = true;
  for await (const rows of batches(db, q)) {
    for (const r of rows) {
      yield `${first ? '' : ','}\n${JSON.stringify(r)}`;
      first = false;
    }
  }
  yield '\n]}\n';
}

/** The years and departments with published results, and how many. */
async function indexRows(db: Db) {
  const year = sql<number>`${tasks.year}`;
  const rows = await db.select({ year, departmentId: departments.id, departmentName: departments.name, results: count() })
    .from(inspectionResults).innerJoin(tasks, eq(tasks.id, inspectionResults.taskId)).innerJoin(departments, eq(departments.id, inspectionResults.departmentId))
    .where(eq(inspectionResults.status, 'published')).groupBy(tasks.year, departments.id, departments.name).orderBy(sql`${tasks.year} desc`, departments.name);
  return rows.map((r) => ({ ...r, year: Number(r.year) }));
}

/** Streams a file once to count its bytes and digest it (the files are deterministic: no time in them). */
async function measure(chunks: AsyncGenerator<string>): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of chunks) {
    const buffer = Buffer.from(chunk, 'utf8');
    bytes += buffer.length;
    hash.update(buffer);
  }
  return { bytes, sha256: hash.digest('hex') };
}

export function registerOpenDataRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/open-data', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '开放数据目录：有已公示检查结果的年度与部门', response: { 200: OpenDataIndex, ...errorResponses } },
  }, async () => ({ rows: await indexRows(readDb(services)), schemaVersion: OPEN_DATA_SCHEMA }));

  app.get('/api/public/open-data/manifest', {
    config: { access: 'public', publicCache: true },
    schema: { tags, summary: '开放数据文件清单：每个年度×部门的 CSV 与 JSON 文件的行数、字节数与 SHA-256（可据此校验下载的文件）', response: { 200: OpenDataManifest, ...errorResponses } },
  }, async () => {
    const db = readDb(services);
    const files: OpenDataManifest['files'] = [];
    for (const r of await indexRows(db)) {
      const q = { year: r.year, departmentId: r.departmentId };
      for (const format of ['csv', 'json'] as const) {
        const measured = await measure(format === 'csv' ? csvStream(db, q) : jsonStream(db, q, r.departmentName));
        files.push({
          year: r.year, departmentId: r.departmentId, departmentName: r.departmentName, format, rows: r.results, ...measured,
          url: `/api/public/open-data/results.${format}?year=${r.year}&departmentId=${r.departmentId}`,
        });
      }
    }
    return { schemaVersion: OPEN_DATA_SCHEMA, files };
  });

  for (const format of ['csv', 'json'] as const) {
    app.get(`/api/public/open-data/results.${format}`, {
      config: { access: 'public' },
      schema: { tags, summary: `下载某年度（可选某部门）已公示的检查结果（${format.toUpperCase()}，流式输出；字段见 docs/open-data.md）`, querystring: OpenDataQuery },
    }, async (request, reply) => {
      const q = request.query;
      let departmentName: string | null = null;
      if (q.departmentId) {
        const [d] = await readDb(services).select({ name: departments.name }).from(departments).where(eq(departments.id, q.departmentId)).limit(1);
        if (!d) throw notFound('部门');
        departmentName = d.name;
      }
      const base = `suiji-results-${q.year}${q.departmentId ? `-${q.departmentId}` : ''}`;
      const label = `检查结果-${q.year}年${departmentName ? `-${departmentName}` : ''}.${format}`;
      const body = Readable.from(format === 'csv' ? csvStream(readDb(services), q) : jsonStream(readDb(services), q, departmentName));
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${base}.${format}"; filename*=UTF-8''${encodeURIComponent(label)}`)
        .header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`)
        .send(body);
    });
  }
}
