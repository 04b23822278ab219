/**
 * The device's one outbox, sending through the inspection API, and the React side of it: the entries and the
 * connection as hooks, and the runner that sends when the connection returns (the `online` event), when the app starts
 * and every minute while something waits (a connection the browser believes in but that did not work).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { INSPECTION_KEY, postAttachment, postSubmission } from '../api/inspection';
import { useCurrentUser } from '../auth/current_user';
import { idbAvailable, idbOutboxStorage } from './idb';
import { memoryStorage, Outbox, type FlushReport, type OutboxEntry } from './outbox';

const RETRY_EVERY_MS = 60_000;

export const outbox = new Outbox(idbAvailable() ? idbOutboxStorage() : memoryStorage(), {
  photo: async (entry) => { await postAttachment({ clientId: entry.clientId, taskObjectId: entry.taskObjectId, kind: 'photo', blob: entry.blob, fileName: entry.fileName }); },
  submission: async (entry) => { await postSubmission({ clientId: entry.clientId, taskObjectId: entry.taskObjectId, result: entry.result }); },
});

/** A client id for the server's idempotency key; crypto.randomUUID needs a secure context, an http address has none. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const subscribe = (listener: () => void) => outbox.subscribe(listener);
const snapshot = () => outbox.snapshot();

export function useOutboxEntries(): readonly OutboxEntry[] {
  return useSyncExternalStore(subscribe, snapshot);
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** Sends what waits; when something went, the lists show the new states. */
export function useFlush(): () => Promise<FlushReport> {
  const client = useQueryClient();
  return useCallback(async () => {
    const report = await outbox.flush();
    if (report.sent > 0 || report.refused > 0) {
      await Promise.all([client.invalidateQueries({ queryKey: [INSPECTION_KEY] }), client.invalidateQueries({ queryKey: ['inspection-results'] })]);
    }
    return report;
  }, [client]);
}

/** Mounted once in the shell of a user who enters results. */
export function OutboxRunner() {
  const flush = useFlush();
  const online = useOnline();
  const me = useCurrentUser();
  const waiting = useOutboxEntries().some((entry) => entry.state === 'pending');
  useEffect(() => {
    void outbox.setOwner(me.id);
    return () => { void outbox.setOwner(null); };
  }, [me.id]);
  useEffect(() => {
    if (!online || !waiting) return undefined;
    void flush();
    const timer = window.setInterval(() => { void flush(); }, RETRY_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [online, waiting, flush]);
  return null;
}
