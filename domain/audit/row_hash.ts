/**
 * The operation log's row hash (全程留痕), the one formula the server chain (server/audit/chain.ts)
 * and the draw anchor (domain/draw/anchor.ts, docs/draw-protocol.md §16.2) both use:
 *
 *   hash = SHA-256(prevHash ‖ "\n" ‖ content), prevHash as its 64 hex characters, content UTF-8;
 *   version 1: content = canonicalJson([seq, at, actorId, …, path, detail])
 *   version 2: content = canonicalJson([2, seq, at, actorId, …, path, detail, eventsDigest])
 *
 * Version 2 (migration 0009) also covers the row's domain events through their digest; rows written
 * before it keep version 1. Instants are `toISOString()` strings: the caller normalises what the
 * database returns (server/audit/chain.ts `storedRowHash`), since domain/ has no clock.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../basics/canonical_json';

/** The row-hash formula new rows use; 1 = before migration 0009 (domain events not covered). */
export const ROW_HASH_VERSION = 2;

/** The fields of an operation-log row that its hash covers, in hash order. */
export interface RowFields {
  readonly seq: number;
  /** `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string | null;
  readonly actorDepartmentId: string | null;
  readonly actorRegionCode: string | null;
  readonly action: string;
  readonly summary: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: string;
  readonly errorCode: string | null;
  readonly ip: string | null;
  readonly method: string;
  readonly path: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface HashedFields extends RowFields {
  readonly hashVersion: number;
}

/** A domain event as stored in domain_events (its id only orders the events of one row). */
export interface StoredEvent {
  readonly type: string;
  readonly payload: unknown;
  /** `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  readonly at: string;
}

const ISO_MS = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

function instant(at: string): string {
  // A database timestamp passed without normalising would silently give another hash: a bug, so throw.
  if (!ISO_MS.test(at)) throw new Error(`row-hash instant must be YYYY-MM-DDTHH:MM:SS.sssZ, got ${at}`);
  return at;
}

/** eventsDigest = SHA-256 hex of canonicalJson([[type, payload, at], …]) over a row's events in id order. */
export function eventsDigest(events: readonly StoredEvent[]): string {
  const content = canonicalJson(events.map((e) => [e.type, e.payload, instant(e.at)]));
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * The row's hash under its own `hashVersion` from the digest of its events, which is what a
 * published row carries (§16.2): version 1 takes `null` (it covers no events), version 2 the digest.
 */
export function rowHashFromDigest(prevHash: string, row: HashedFields, digest: string | null): string {
  const fields = [
    row.seq, instant(row.at), row.actorId, row.actorName, row.actorDepartmentId, row.actorRegionCode,
    row.action, row.summary, row.targetType, row.targetId, row.outcome, row.errorCode, row.ip, row.method, row.path, row.detail,
  ];
  let content: string;
  switch (row.hashVersion) {
    case 1:
      if (digest !== null) throw new Error('a version-1 row hash covers no events digest');
      content = canonicalJson(fields);
      break;
    case 2:
      if (digest === null) throw new Error('a version-2 row hash needs its events digest');
      content = canonicalJson([2, ...fields, digest]);
      break;
    default:
      throw new Error(`unknown row-hash version ${row.hashVersion}`);
  }
  return createHash('sha256').update(prevHash).update('\n').update(content, 'utf8').digest('hex');
}

/** The digest a row of this version is hashed with: `null` for version 1, else `eventsDigest(events)`. */
export function digestFor(hashVersion: number, events: readonly StoredEvent[]): string | null {
  return hashVersion === 1 ? null : eventsDigest(events);
}

/** The row's hash under its own `hashVersion`: 1 covers the row only, 2 also its events. */
export function rowHash(prevHash: string, row: HashedFields, events: readonly StoredEvent[] = []): string {
  return rowHashFromDigest(prevHash, row, digestFor(row.hashVersion, events));
}
