/**
 * The day's objects and their checklist items, readable without a connection: every successful answer of these GETs is
 * kept on the device, and when the request cannot reach the server the last kept answer is used instead.
 */
import { getRecord, putRecord } from './idb';

export interface Cached<T> {
  readonly value: T;
  /** When the answer was kept, if it comes from the device instead of the server. */
  readonly offlineSince: string | null;
}

export async function cachedGet<T>(key: string, fetcher: () => Promise<T>): Promise<Cached<T>> {
  try {
    const value = await fetcher();
    await putRecord('cache', key, value).catch(() => undefined);
    return { value, offlineSince: null };
  } catch (error) {
    // Only "no connection" falls back: a 403 or 404 is an answer, and must be shown.
    if (!(error instanceof TypeError)) throw error;
    const kept = await getRecord<T>('cache', key).catch(() => null);
    if (!kept) throw error;
    return { value: kept.value, offlineSince: kept.savedAt };
  }
}
