/**
 * The main-thread side of the embedded database: an object shaped like the part of PGlite that
 * drizzle-orm/pglite uses (query, exec, transaction), forwarding each call to the worker thread in
 * pglite_worker.mjs. Queries are serialised by PGlite itself; a transaction holds PGlite's
 * transaction lock in the worker until the main thread ends it, so concurrent requests wait
 * instead of running inside someone else's transaction.
 */
import { Worker } from 'node:worker_threads';

interface WorkerError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  severity?: string;
}

type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerError };

export interface QueryResults {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  /** The output of COPY … TO '/dev/blob'. */
  blob?: Blob;
}

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  blob?: Blob;
}

/** A database error from the worker, with the same fields node-postgres errors carry. */
export class DatabaseError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  constructor(e: WorkerError) {
    super(e.message);
    this.name = 'DatabaseError';
    this.code = e.code;
    this.detail = e.detail;
    this.constraint = e.constraint;
  }
}

class Channel {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerReply | { ready: true }) => {
      if ('ready' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new DatabaseError(message.error));
    });
    const failAll = (error: Error) => {
      this.failure = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`嵌入式数据库线程已退出（代码 ${code}）`)));
  }

  call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }
}

class Session {
  constructor(protected readonly channel: Channel, private readonly txId: number | null) {}

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<QueryResults> {
    return this.channel.call<QueryResults>({
      op: 'query', sql, params, rowMode: options.rowMode, blob: options.blob, txId: this.txId,
    });
  }

  exec(sql: string): Promise<QueryResults[]> {
    return this.channel.call<QueryResults[]>({ op: 'exec', sql, txId: this.txId });
  }
}

/** What drizzle's transaction callback receives: a session bound to one open transaction. */
export class PGliteWorkerTransaction extends Session {
  constructor(channel: Channel, txId: number, private readonly onRollback: () => void) {
    super(channel, txId);
  }

  /** Mirrors PGlite's tx.rollback(): the transaction ends without committing. */
  rollback(): Promise<void> {
    this.onRollback();
    return Promise.resolve();
  }
}

export class PGliteWorkerClient extends Session {
  private constructor(channel: Channel, private readonly worker: Worker) {
    super(channel, null);
  }

  /**
   * Starts the worker and opens (or creates) the database in `dataDir`; `null` keeps it in memory.
   * `template` is a data directory dumped by `dumpDataDir()` to start from instead of initdb.
   */
  static async open(dataDir: string | null, template?: Uint8Array): Promise<PGliteWorkerClient> {
    const worker = new Worker(new URL('./pglite_worker.mjs', import.meta.url), {
      workerData: { dataDir, template },
      // tsx registers itself in execArgv; the worker is plain JavaScript and needs no loader.
      execArgv: [],
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (typeof message === 'object' && message !== null && 'ready' in message) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new PGliteWorkerClient(new Channel(worker), worker);
  }

  async transaction<T>(fn: (tx: PGliteWorkerTransaction) => Promise<T>): Promise<T> {
    const { txId } = await this.channel.call<{ txId: number }>({ op: 'begin' });
    let rolledBack = false;
    const tx = new PGliteWorkerTransaction(this.channel, txId, () => { rolledBack = true; });
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      await this.channel.call({ op: 'end', txId, commit: false });
      throw error;
    }
    await this.channel.call({ op: 'end', txId, commit: !rolledBack });
    return result;
  }

  /** The whole data directory as an uncompressed tarball (PGlite's dumpDataDir). */
  dumpDataDir(): Promise<Uint8Array> {
    return this.channel.call<Uint8Array>({ op: 'dump' });
  }

  async close(): Promise<void> {
    await this.channel.call({ op: 'close' });
    await this.worker.terminate();
  }
}
