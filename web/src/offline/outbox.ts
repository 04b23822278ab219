/**
 * 待发送 (issue #10 item 2): what an inspector entered is first put in the outbox on the device, then sent. Photos go
 * before the submission of their object; a submission carries a client-made id, so sending it again after a lost answer
 * answers the same result and never a duplicate. A network failure keeps the entry and stops the round (the connection
 * is gone); a refusal (400/409…) keeps it too, marked with the server's message for the user to fix or discard — nothing
 * is ever dropped silently. Each entry belongs to the user who made it: on a phone passed between colleagues, only the
 * signed-in user's entries are shown and sent (another's wait for them). The storage is an interface: IndexedDB in the
 * browser, memory in the tests.
 */
import type { ResultBody } from '../api/inspection';
import { isApiError } from '../api/client';

export interface OutboxRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

interface EntryBase {
  /** Queue order, given by the storage. */
  readonly seq: number;
  /** Made on the device (crypto.randomUUID()): the server's idempotency key. */
  readonly clientId: string;
  /** The user who entered it (sent only under their session). */
  readonly userId: string;
  readonly taskObjectId: string;
  /** The object's name, for the user's list of what waits. */
  readonly label: string;
  readonly queuedAt: string;
  readonly state: 'pending' | 'refused';
  readonly refusal: OutboxRefusal | null;
  /** Failed sending attempts (network or server trouble). */
  readonly attempts: number;
}

export interface PhotoEntry extends EntryBase {
  readonly kind: 'photo';
  readonly blob: Blob;
  readonly fileName: string;
}

export interface SubmissionEntry extends EntryBase {
  readonly kind: 'submission';
  readonly result: ResultBody;
}

export type OutboxEntry = PhotoEntry | SubmissionEntry;
export type NewEntry = Omit<PhotoEntry, 'seq'> | Omit<SubmissionEntry, 'seq'>;
type Input<E extends OutboxEntry> = Omit<E, 'seq' | 'kind' | 'userId' | 'queuedAt' | 'state' | 'refusal' | 'attempts'>;

export interface OutboxStorage {
  /** Every entry, in queue order. */
  list(): Promise<OutboxEntry[]>;
  /** Stores a new entry and returns its queue number. */
  add(entry: NewEntry): Promise<number>;
  put(entry: OutboxEntry): Promise<void>;
  remove(seq: number): Promise<void>;
}

/** Sends one entry; throws what the request threw (ApiError for an answer, TypeError for no connection). */
export interface OutboxSender {
  photo(entry: PhotoEntry): Promise<void>;
  submission(entry: SubmissionEntry): Promise<void>;
}

export type SendFailure = { kind: 'refused'; refusal: OutboxRefusal } | { kind: 'retry'; message: string };

/**
 * A 4xx answer other than 401/408/429 is the server refusing this entry: retrying the same bytes cannot help. No
 * answer, a 5xx, an expired session (401: sign in again, then it goes) or throttling: try again later.
 */
export function classifyFailure(error: unknown): SendFailure {
  if (isApiError(error)) {
    const transient = error.status >= 500 || error.status === 401 || error.status === 408 || error.status === 429;
    if (!transient) return { kind: 'refused', refusal: { status: error.status, code: error.code, message: error.message } };
    return { kind: 'retry', message: error.status === 401 ? '登录已过期，请重新登录后发送' : error.message };
  }
  return { kind: 'retry', message: '无法连接服务器' };
}

export interface FlushReport {
  readonly sent: number;
  readonly refused: number;
  /** Why the round stopped before the end (no connection…); null when it went through. */
  readonly stoppedBy: string | null;
}

export class Outbox {
  private entries: readonly OutboxEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private running: Promise<FlushReport> | null = null;
  private loaded: Promise<void> | null = null;
  private owner: string | null = null;

  constructor(private readonly storage: OutboxStorage, private readonly sender: OutboxSender, private readonly now: () => Date = () => new Date()) {}

  /** The signed-in user's entries as last read, for rendering (a new array after every change). */
  snapshot(): readonly OutboxEntry[] {
    return this.entries;
  }

  /** Whose entries are shown and sent: the signed-in user (null: nobody's). */
  async setOwner(userId: string | null): Promise<void> {
    if (this.owner === userId) return;
    this.owner = userId;
    await this.refresh();
  }

  private owned(entries: readonly OutboxEntry[]): OutboxEntry[] {
    return entries.filter((entry) => entry.userId === this.owner);
  }

  private ownerOrThrow(): string {
    if (this.owner === null) throw new Error('the outbox has no signed-in owner');
    return this.owner;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  load(): Promise<void> {
    this.loaded ??= this.refresh();
    return this.loaded;
  }

  private async refresh(): Promise<void> {
    this.entries = this.owned(await this.storage.list());
    for (const listener of this.listeners) listener();
  }

  /** Queues a photo of an object. */
  async addPhoto(input: Input<PhotoEntry>): Promise<void> {
    await this.storage.add({ ...input, kind: 'photo', userId: this.ownerOrThrow(), queuedAt: this.now().toISOString(), state: 'pending', refusal: null, attempts: 0 });
    await this.refresh();
  }

  /**
   * Queues the submission of an object's result. An earlier submission of the same object still waiting (or refused)
   * is replaced: the new one has its own id, so if the earlier one did reach the server the answer is a visible 409,
   * never the old content silently kept.
   */
  async addSubmission(input: Input<SubmissionEntry>): Promise<void> {
    const userId = this.ownerOrThrow();
    for (const entry of this.owned(await this.storage.list())) {
      if (entry.kind === 'submission' && entry.taskObjectId === input.taskObjectId) await this.storage.remove(entry.seq);
    }
    await this.storage.add({ ...input, kind: 'submission', userId, queuedAt: this.now().toISOString(), state: 'pending', refusal: null, attempts: 0 });
    await this.refresh();
  }

  /** The user gives up an entry (a refused photo to be taken again, a submission to be entered anew). */
  async discard(seq: number): Promise<void> {
    await this.storage.remove(seq);
    await this.refresh();
  }

  /** Sends what waits, in order; concurrent calls share one round, so nothing goes twice at once. */
  flush(): Promise<FlushReport> {
    this.running ??= this.round().finally(() => { this.running = null; });
    return this.running;
  }

  private async round(): Promise<FlushReport> {
    await this.load();
    let sent = 0;
    let refused = 0;
    const queued = this.owned(await this.storage.list());
    // Photos first, so that a submission reaches the server with its evidence already there.
    const order = [...queued.filter((e) => e.kind === 'photo'), ...queued.filter((e) => e.kind === 'submission')];
    const remaining = new Set(queued.map((e) => e.seq));
    try {
      for (const entry of order) {
        if (entry.state !== 'pending') continue;
        // A submission waits while a photo of its object is still in the outbox (unsent or refused).
        if (entry.kind === 'submission' && queued.some((e) => e.kind === 'photo' && e.taskObjectId === entry.taskObjectId && remaining.has(e.seq))) continue;
        try {
          if (entry.kind === 'photo') await this.sender.photo(entry);
          else await this.sender.submission(entry);
        } catch (error) {
          const failure = classifyFailure(error);
          // Replaced by the user while it was on its way: the newer entry stands, this one is not brought back.
          const stillQueued = (await this.storage.list()).some((e) => e.seq === entry.seq);
          if (!stillQueued) continue;
          if (failure.kind === 'retry') {
            await this.storage.put({ ...entry, attempts: entry.attempts + 1 });
            return { sent, refused, stoppedBy: failure.message };
          }
          await this.storage.put({ ...entry, state: 'refused', refusal: failure.refusal });
          refused += 1;
          continue;
        }
        await this.storage.remove(entry.seq);
        remaining.delete(entry.seq);
        sent += 1;
      }
      return { sent, refused, stoppedBy: null };
    } finally {
      await this.refresh();
    }
  }
}

/** The number of entries waiting to be sent (refused ones included: they wait for the user). */
export function waitingCount(entries: readonly OutboxEntry[]): number {
  return entries.length;
}

/** Whether something of this object is still in the outbox. */
export function waitingFor(entries: readonly OutboxEntry[], taskObjectId: string): OutboxEntry[] {
  return entries.filter((entry) => entry.taskObjectId === taskObjectId);
}

/** An outbox storage in memory (tests; a browser without IndexedDB keeps the queue for the session only). */
export function memoryStorage(): OutboxStorage {
  const rows = new Map<number, OutboxEntry>();
  let next = 1;
  return {
    list: () => Promise.resolve([...rows.values()].sort((a, b) => a.seq - b.seq)),
    add: (entry) => {
      const seq = next++;
      rows.set(seq, { ...entry, seq });
      return Promise.resolve(seq);
    },
    put: (entry) => {
      rows.set(entry.seq, entry);
      return Promise.resolve();
    },
    remove: (seq) => {
      rows.delete(seq);
      return Promise.resolve();
    },
  };
}
