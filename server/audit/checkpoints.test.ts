/**
 * The checkpoint key on disk (created 0600, public key exported beside it, read back with the same
 * id) and the interval checkpoints (only when the head moved; the timer stops with the app).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyCheckpointSignature } from '../../domain/audit/checkpoint';
import { auditCheckpoints } from '../db/schema';
import { buildApp } from '../http/app';
import { startTestServer, type TestServer } from '../test/harness';
import { appendOperation } from './chain';
import { checkpointIfHeadMoved, startCheckpointSchedule } from './checkpoints';
import { generateCheckpointKey, loadOrCreateCheckpointKey, publicKeyFiles, readPublicKeyFile } from './checkpoint_key';

const dir = mkdtempSync(join(tmpdir(), 'suiji-checkpoint-key-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('checkpoint key file', () => {
  it('is created with mode 0600 when missing, exports the public key, and reads back as the same key', () => {
    const file = join(dir, 'keys', 'checkpoint-ed25519.pem');
    const first = loadOrCreateCheckpointKey(file);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const files = publicKeyFiles(file);
    expect(files).toEqual({ pem: join(dir, 'keys', 'checkpoint-ed25519.pub.pem'), base64: join(dir, 'keys', 'checkpoint-ed25519.pub.b64') });
    expect(readFileSync(files.pem, 'utf8')).toBe(first.key.publicKeyPem);
    expect(readFileSync(files.base64, 'utf8').trim()).toBe(first.key.publicKeyBase64);
    expect(Buffer.from(first.key.publicKeyBase64, 'base64')).toHaveLength(32);

    const again = loadOrCreateCheckpointKey(file);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(first.key.keyId);
    for (const exported of [files.pem, files.base64, file]) {
      expect(readPublicKeyFile(exported).equals(first.key.publicKey), exported).toBe(true);
    }
  });

  it('refuses a key file that is not an Ed25519 private key', () => {
    const file = join(dir, 'broken.pem');
    writeFileSync(file, 'not a key');
    expect(() => loadOrCreateCheckpointKey(file)).toThrow(/无法读取检查点签名密钥/);
  });
});

describe('interval checkpoints', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });
  afterEach(() => { vi.useRealTimers(); });

  const newest = async () => (await server.db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1))[0];
  const append = (summary: string) => server.db.transaction((tx) => appendOperation(tx, {
    actor: null, action: 'system:test', summary, targetType: null, targetId: null, outcome: 'success', errorCode: null, ip: null, method: 'POST', path: '/x', detail: {},
  }, server.now));

  it('signs the head only when it moved since the newest checkpoint', async () => {
    const key = generateCheckpointKey();
    const seq = await append('一');
    const first = await checkpointIfHeadMoved(server.db, key, server.now);
    expect(first).toMatchObject({ seq, keyId: key.keyId });
    expect(verifyCheckpointSignature(first!, key.publicKey)).toBe(true);
    expect(await newest()).toMatchObject({ seq, origin: 'interval' });
    expect(await checkpointIfHeadMoved(server.db, key, server.now)).toBeNull();
    const next = await append('二');
    expect(await checkpointIfHeadMoved(server.db, key, server.now)).toMatchObject({ seq: next });
  });

  it('signs a moved head once when several instances tick at the same moment (one PostgreSQL, many app servers)', async () => {
    const key = generateCheckpointKey();
    const seq = await append('三');
    const before = (await server.db.select().from(auditCheckpoints)).length;
    const ticks = await Promise.all(Array.from({ length: 6 }, () => checkpointIfHeadMoved(server.db, key, server.now)));
    expect(ticks.filter((t) => t !== null)).toEqual([expect.objectContaining({ seq })]);
    const rows = await server.db.select().from(auditCheckpoints);
    expect(rows.length - before).toBe(1);
  });

  it('ticks at the configured interval and stops when told', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const key = generateCheckpointKey();
    const errors: unknown[] = [];
    const stop = startCheckpointSchedule({ db: server.db, key, intervalMinutes: 5, now: () => server.now, onError: (e) => errors.push(e) });
    const seq = await append('三');
    vi.advanceTimersByTime(4 * 60_000);
    expect((await newest())?.keyId).not.toBe(key.keyId);
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(async () => { expect(await newest()).toMatchObject({ seq, keyId: key.keyId }); });
    stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('is cleared when the app closes, and not started at interval 0', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const services = { db: server.db, now: () => server.now, production: false, cookieSecure: false, trustProxy: false, session: { ttlHours: 8, idleMinutes: 60 }, logLevel: 'silent', webRoot: null };
    const app = await buildApp({ ...services, checkpoints: { key: generateCheckpointKey(), intervalMinutes: 60 } });
    expect(vi.getTimerCount()).toBe(1);
    await app.close();
    expect(vi.getTimerCount()).toBe(0);
    const off = await buildApp({ ...services, checkpoints: { key: generateCheckpointKey(), intervalMinutes: 0 } });
    expect(vi.getTimerCount()).toBe(0);
    await off.close();
  });
});
