// The embedded database runs here, in a worker thread, so that a long query never blocks the HTTP
// event loop (PGlite is synchronous WASM; in-process it froze every route — see the decision record
// docs/decisions/0001-embedded-database-in-a-worker.md). Plain JavaScript on purpose: a worker
// started from TypeScript would need the tsx loader in every context that spawns it (server, tests, CLI).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const port = parentPort;
if (!port) throw new Error('pglite_worker must run as a worker thread');

// Dates and timestamps travel as the server's text, exactly as drizzle expects from both drivers.
const identity = (value) => value;
const parsers = {
  [types.DATE]: identity,
  [types.TIMESTAMP]: identity,
  [types.TIMESTAMPTZ]: identity,
  [types.INTERVAL]: identity,
};

const options = { extensions: { pg_trgm }, parsers };
if (workerData.relaxedDurability) options.relaxedDurability = true;
// A template (a dumped, already-migrated data directory) skips initdb: tests start in ~1 s, not ~5.
if (workerData.template) options.loadDataDir = new Blob([workerData.template]);
const db = workerData.dataDir ? await PGlite.create(workerData.dataDir, options) : await PGlite.create(options);

/** @type {Map<number, {tx: any, end: (commit: boolean) => void}>} */
const transactions = new Map();
let nextTx = 1;
/** @type {Map<number, Promise<unknown>>} */
const completions = new Map();

function serializeError(error) {
  const e = /** @type {any} */ (error);
  return {
    message: String(e?.message ?? e), code: e?.code, detail: e?.detail, constraint: e?.constraint,
    table: e?.table, column: e?.column, severity: e?.severity, position: e?.position,
  };
}

function target(txId) {
  if (txId === undefined || txId === null) return db;
  const entry = transactions.get(txId);
  if (!entry) throw new Error(`transaction ${txId} is not open`);
  return entry.tx;
}

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const result = await target(message.txId).query(message.sql, message.params ?? [], {
        rowMode: message.rowMode ?? 'object', parsers, blob: message.blob,
      });
      // COPY … TO '/dev/blob' answers with a blob (structured-cloned to the caller).
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows, ...(result.blob ? { blob: result.blob } : {}) };
    }
    case 'exec': {
      const results = await target(message.txId).exec(message.sql);
      return results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    }
    case 'begin': {
      const txId = nextTx++;
      let signalOpen;
      const opened = new Promise((resolve) => { signalOpen = resolve; });
      const done = db.transaction(async (tx) => {
        const commit = await new Promise((end) => {
          transactions.set(txId, { tx, end });
          signalOpen();
        });
        if (!commit) await tx.rollback();
      }).finally(() => { transactions.delete(txId); completions.delete(txId); });
      completions.set(txId, done);
      // If BEGIN itself fails, `opened` never resolves: race it with the failure.
      await Promise.race([opened, done]);
      return { txId };
    }
    case 'end': {
      const entry = transactions.get(message.txId);
      if (!entry) throw new Error(`transaction ${message.txId} is not open`);
      entry.end(Boolean(message.commit));
      await completions.get(message.txId);
      return { ended: true };
    }
    case 'dump': {
      const file = await db.dumpDataDir('none');
      return new Uint8Array(await file.arrayBuffer());
    }
    case 'close':
      await db.close();
      return { closed: true };
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

port.on('message', (message) => {
  handle(message).then(
    (result) => port.postMessage({ id: message.id, ok: true, result }),
    (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
  );
});
port.postMessage({ ready: true });
