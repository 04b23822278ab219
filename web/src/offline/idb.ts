/**
 * The device's IndexedDB database of the workbench, through a small promise wrapper over the raw API: the outbox
 * (queued submissions and photos as Blobs), the drafts of the result form, and the last answers of the GETs the
 * workbench reads offline. The cached answers are deleted at logout; the outbox and the drafts are work not yet sent
 * and stay until sent or discarded.
 */
import type { NewEntry, OutboxEntry, OutboxStorage } from './outbox';

const DB_NAME = 'suiji-workbench';
const DB_VERSION = 1;
export type StoreName = 'outbox' | 'drafts' | 'cache';

let opening: Promise<IDBDatabase> | null = null;

export function idbAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      if (!db.objectStoreNames.contains('drafts')) db.createObjectStore('drafts', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache', { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opening = null; reject(request.error ?? new Error('IndexedDB open failed')); };
  });
  return opening;
}

/** Runs one request in its own transaction and resolves when the transaction has committed. */
export async function withStore<T>(name: StoreName, mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  const tx = db.transaction(name, mode);
  const result = promised(action(tx.objectStore(name)));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
  return result;
}

/** A keyed record of the drafts or cache store. */
export interface KeyedRecord<T> {
  readonly key: string;
  readonly value: T;
  readonly savedAt: string;
}

export async function getRecord<T>(store: 'drafts' | 'cache', key: string): Promise<KeyedRecord<T> | null> {
  if (!idbAvailable()) return null;
  const row = await withStore(store, 'readonly', (s) => s.get(key) as IDBRequest<KeyedRecord<T> | undefined>);
  return row ?? null;
}

export async function putRecord<T>(store: 'drafts' | 'cache', key: string, value: T): Promise<void> {
  if (!idbAvailable()) return;
  const record: KeyedRecord<T> = { key, value, savedAt: new Date().toISOString() };
  await withStore(store, 'readwrite', (s) => s.put(record));
}

export async function deleteRecord(store: 'drafts' | 'cache', key: string): Promise<void> {
  if (!idbAvailable()) return;
  await withStore(store, 'readwrite', (s) => s.delete(key));
}

/** Forgets the cached answers (logout). The outbox and drafts stay: they are work not yet sent. */
export async function clearCache(): Promise<void> {
  if (!idbAvailable()) return;
  await withStore('cache', 'readwrite', (s) => s.clear());
}

export function idbOutboxStorage(): OutboxStorage {
  return {
    list: () => withStore('outbox', 'readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>),
    add: async (entry: NewEntry) => Number(await withStore('outbox', 'readwrite', (s) => s.add(entry))),
    put: async (entry) => { await withStore('outbox', 'readwrite', (s) => s.put(entry)); },
    remove: async (seq) => { await withStore('outbox', 'readwrite', (s) => s.delete(seq)); },
  };
}
