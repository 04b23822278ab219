/**
 * The freeze's candidate rows (code, status, risk class) in code byte order, as fast as each driver allows and inside
 * the caller's transaction (the same snapshot as the ledger read): PostgreSQL streams one `COPY (…) TO STDOUT` on the
 * transaction's connection; PGlite returns `COPY (…) TO '/dev/blob'` pages in keyset order; any other handle reads
 * keyset batches. No object per row on the two fast paths: `onRow` gets the three fields as strings.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, sql, type SQL } from 'drizzle-orm';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../../db/database';
import { marketEntities } from '../../db/schema';

export type PoolRow = (code: string, status: string, riskClass: string | null) => void;

/** Rows per PGlite page / keyset batch. */
const PAGE = 200_000;
const BATCH = 20_000;

interface PgClient { query(stream: unknown): NodeJS.ReadableStream; release?: unknown }
interface BlobClient { query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ blob?: Blob }> }

function internals(db: Db): { client: unknown; render: (s: SQL) => { sql: string; params: unknown[] } } {
  const d = db as unknown as { session: { client: unknown }; dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } } };
  return { client: d.session.client, render: (s) => d.dialect.sqlToQuery(s) };
}

/** COPY text field → value (`\N` is null; backslash escapes decoded). */
function field(text: string, from: number, to: number): string | null {
  const raw = text.slice(from, to);
  if (raw === '\\N') return null;
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_m, oct: string | undefined, hex: string | undefined, c: string | undefined) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[c as string] ?? (c as string);
  });
}

/** Feeds complete lines of COPY text to `onRow`; returns the unfinished tail and the last code. */
function lines(text: string, onRow: PoolRow): { rest: string; rows: number; last: string | null } {
  let at = 0;
  let rows = 0;
  let last: string | null = null;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    const t1 = text.indexOf('\t', at);
    const t2 = text.indexOf('\t', t1 + 1);
    const code = field(text, at, t1) ?? '';
    last = code;
    onRow(code, field(text, t1 + 1, t2) ?? '', field(text, t2 + 1, nl));
    at = nl + 1;
    rows++;
  }
  return { rest: text.slice(at), rows, last };
}

const isPgClient = (c: unknown): c is PgClient => typeof c === 'object' && c !== null && 'release' in c && typeof (c as PgClient).query === 'function';
const isBlobClient = (c: unknown): c is BlobClient => typeof c === 'object' && c !== null && 'channel' in c && typeof (c as unknown as BlobClient).query === 'function';

/** Streams the rows of market_entities matching `where`, in code byte order (`~<~`), to `onRow`. */
export async function streamPoolRows(tx: Db, where: SQL, onRow: PoolRow): Promise<void> {
  const e = marketEntities;
  const { client, render } = internals(tx);
  if (isPgClient(client)) {
    const q = render(sql`copy (select ${e.code}, ${e.status}, ${e.riskClass} from ${e} where ${where} order by ${e.code} using ~<~) to stdout`.inlineParams());
    if (q.params.length === 0) {
      let rest = '';
      const decoder = new TextDecoder('utf-8', { fatal: true });
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          try {
            rest = lines(rest + decoder.decode(chunk, { stream: true }), onRow).rest;
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      });
      await pipeline(client.query(copyTo(q.sql)), sink);
      return;
    }
  }
  if (isBlobClient(client)) {
    let last: string | null = null;
    for (;;) {
      const after = last === null ? sql`true` : sql`${e.code} ~>~ ${last}`;
      const q = render(sql`copy (select ${e.code}, ${e.status}, ${e.riskClass} from ${e} where ${where} and ${after} order by ${e.code} using ~<~ limit ${sql.raw(String(PAGE))}) to '/dev/blob'`.inlineParams());
      if (q.params.length > 0) break;
      const page = await client.query(q.sql);
      const got = lines(page.blob ? await page.blob.text() : '', onRow);
      if (got.rows < PAGE) return;
      last = got.last;
    }
    if (last !== null) throw new Error('streamPoolRows: PGlite page could not be inlined after the first page');
  }
  let last: string | null = null;
  for (;;) {
    const batch = await tx.select({ code: e.code, status: e.status, riskClass: e.riskClass }).from(e)
      .where(and(where, last === null ? undefined : sql`${e.code} ~>~ ${last}`)).orderBy(sql`${e.code} using ~<~`).limit(BATCH);
    for (const b of batch) onRow(b.code, b.status, b.riskClass);
    if (batch.length < BATCH) return;
    last = (batch[batch.length - 1] as { code: string }).code;
  }
}
