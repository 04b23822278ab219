/**
 * The draw anchor (domain/draw/anchor.ts) and the server's chain (chain.ts) share one row-hash
 * formula: rows written by `appendOperation` with domain events, read back as a /2 receipt publishes
 * them (published_rows.ts) and checkpointed by the server's own signer, verify as an anchor, and the
 * anchor's recomputed hash of each row is the stored one. Runs on the database SUIJI_TEST_DB selects.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsDigest, ROW_HASH_VERSION } from '../../domain/audit/row_hash';
import { COMMIT_ACTION, logRowHash, verifyAnchor, type AnchorBinding, type LogRow } from '../../domain/draw/anchor';
import type { DomainEvent } from '../../domain/events';
import { startTestServer, type TestServer } from '../test/harness';
import { appendOperation, verifyChain, type OperationEntry } from './chain';
import { generateCheckpointKey } from './checkpoint_key';
import { createCheckpoint } from './checkpoints';
import { publishedRows } from './published_rows';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const binding: AnchorBinding = { protocol: 'suiji-draw/2', taskId: '威临市监随〔2025〕9号', attempt: '1', commitmentHash: 'c'.repeat(64) };
const actor = { id: randomUUID(), name: '王五', departmentId: null, regionCode: '371000' };

function entry(action: string, detail: Record<string, unknown>): OperationEntry {
  return { actor, action, summary: '抽取承诺', targetType: 'task', targetId: null, outcome: 'success', errorCode: null, ip: '10.0.0.7', method: 'POST', path: '/api/tasks/draw', detail };
}

describe('the draw anchor and the operation-log chain', () => {
  it('agree on every row hash, events included, and the anchor verifies under the server checkpoint key', async () => {
    const key = generateCheckpointKey();
    const events: DomainEvent[] = [
      { type: 'UserUpdated', userId: actor.id, account: 'wangwu', changed: ['角色'] },
      { type: 'PasswordChanged', userId: actor.id, account: 'wangwu' },
    ];
    const at = new Date('2025-03-03T01:00:00.123Z');
    const seq = await server.db.transaction((tx) => appendOperation(tx, entry(COMMIT_ACTION, { ...binding, rounds: 3, sealed: true, note: null }), at, events));
    await server.db.transaction((tx) => appendOperation(tx, entry('entity.update', { count: 1 }), new Date('2025-03-03T01:00:01.000Z'), [events[1] as DomainEvent]));
    await server.db.transaction((tx) => appendOperation(tx, entry('entity.view', {}), new Date('2025-03-03T01:00:02.000Z')));
    const checkpoint = await createCheckpoint(server.db, key, new Date('2025-03-03T01:00:05.000Z'), 'manual');
    if (!checkpoint) throw new Error('no checkpoint');
    expect(checkpoint.seq).toBe(seq + 2);

    const rows = await publishedRows(server.db, seq, checkpoint.seq);
    expect(rows.map((r) => [r.seq, r.hashVersion, r.at])).toEqual([
      [seq, ROW_HASH_VERSION, '2025-03-03T01:00:00.123Z'], [seq + 1, ROW_HASH_VERSION, '2025-03-03T01:00:01.000Z'], [seq + 2, ROW_HASH_VERSION, '2025-03-03T01:00:02.000Z'],
    ]);
    for (const { prevHash, hash, ...content } of rows) expect(logRowHash(prevHash, content)).toBe(hash);
    const publicKey = new Uint8Array(Buffer.from(key.publicKeyBase64, 'base64'));
    const verified = verifyAnchor({ rows, checkpoint }, binding, publicKey, 'anchor');
    expect(verified).toEqual({ ok: true, value: { rowAt: at.getTime(), checkpointAt: Date.parse(checkpoint.at), rowSeq: seq } });
    expect((await verifyChain(server.db)).ok).toBe(true);

    // The digest stands for the events: one dropped from the published row no longer reaches the signed head.
    const others = rows.filter((r) => r.seq !== seq);
    const first = rows[0] as LogRow;
    expect(first.eventsDigest).toBe(eventsDigest(events.map((e) => ({ type: e.type, payload: e, at: first.at }))));
    const withoutEvent = { ...first, eventsDigest: eventsDigest([{ type: 'PasswordChanged', payload: events[1], at: first.at }]) };
    const r = verifyAnchor({ rows: [withoutEvent, ...others], checkpoint }, binding, publicKey, 'anchor');
    expect(!r.ok && [r.error.code, r.error.path]).toEqual(['ANCHOR_MISMATCH', 'anchor.rows[0].hash']);
  });
});
