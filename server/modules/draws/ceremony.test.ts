/**
 * The whole ceremony with the built-in roles (部门管理员 operates, 抽取监督员 confirms with their own login): start,
 * freeze + commit + anchor, presence, values, execute, publish; the stored receipt, pool file and ledger verify with
 * the TypeScript verifier and the independent Python one; a voided attempt's redraw links to it. Both databases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttemptList } from '../../../domain/draw/attempts';
import { hashCommitmentV2, parseReceiptV2, verifyReceiptV2, type ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import { hashLedger, type LedgerEntry } from '../../../domain/draw/eligibility';
import { parsePoolCsv } from '../../../domain/draw/pool_file';
import { drawObjects, operationLog, tasks } from '../../db/schema';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import type { AttemptListDocument, DrawObjectPage, LedgerDocument, PublicCommitment, PublicReceipt } from './schema';
import { addRoleUser, commitBody, confirmDirectories, insertTask, ok, runToExecuted, seedPoolEntities } from './test_fixtures';

let server: TestServer;
let operator: Client;
let supervisor: Client;
let publicKey: string;
const work = mkdtempSync(join(tmpdir(), 'suiji-draws-'));

beforeAll(async () => {
  server = await startTestServer();
  server.now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const f = server.fixture;
  const op = await addRoleUser(server, 'scjg_op', 'dept_admin', f.departments.cityMarket);
  await addRoleUser(server, 'sup1', 'draw_supervisor', f.departments.cityJointOffice);
  await confirmDirectories(server, f.departments.cityMarket, op);
  await seedPoolEntities(server, f.departments.cityMarket, 60);
  operator = await server.as('scjg_op');
  supervisor = await server.as('sup1');
  publicKey = (await (await server.anon()).get('/api/public/audit/checkpoint-key')).json<{ publicKeyBase64: string }>().publicKeyBase64;
}, 120_000);
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function documents(drawId: string, taskId: string) {
  const anon = await server.anon();
  const receipt = await operator.get(`/api/draws/${drawId}/receipt`);
  const pool = await operator.get(`/api/draws/${drawId}/pool.csv`);
  const ledger = (await operator.get(`/api/draws/${drawId}/ledger`)).json<LedgerDocument>();
  const attempts = (await anon.get(`/api/public/tasks/${taskId}/attempts`)).json<AttemptListDocument>();
  const publicReceipt = await anon.get(`/api/public/draws/${drawId}/receipt`);
  return { receipt: receipt.body, pool: pool.body, ledger, attempts, publicReceipt };
}

/** The TypeScript verifier (domain/draw/verify_v2.ts) on the parsed documents; the verdict's code or 'MATCH'. */
function verifyTs(receiptText: string, attempts: AttemptListDocument, poolText?: string): { code: string; scope?: string } {
  const parsed = parseReceiptV2(JSON.parse(receiptText));
  const list = parseAttemptList(attempts);
  if (!parsed.ok || !list.ok) return { code: 'MALFORMED' };
  const pool = poolText === undefined ? undefined : parsePoolCsv(poolText, parsed.value.commitment.pool.saltMode);
  if (pool && !pool.ok) return { code: pool.error.code };
  const r = verifyReceiptV2(parsed.value, {
    publicKey: new Uint8Array(Buffer.from(publicKey, 'base64')), attempts: list.value,
    publishedCommitmentHash: parsed.value.commitmentHash, publishedResultHash: parsed.value.resultHash,
  }, pool?.value);
  return r.ok ? { code: 'MATCH', scope: r.value.scope } : { code: r.error.code };
}

/** Both verifiers: the TypeScript one and the independent Python one (scripts/verify_draw.py, standard library only). */
function verifyBoth(receiptText: string, poolText: string, attempts: AttemptListDocument, name: string): void {
  const receipt = JSON.parse(receiptText) as ReceiptV2;
  expect(verifyTs(receiptText, attempts, poolText)).toEqual({ code: 'MATCH', scope: 'recomputed' });
  const files = Object.fromEntries((['receipt', 'pool', 'attempts'] as const).map((k) => [k, join(work, `${name}-${k}`)]));
  writeFileSync(files.receipt as string, receiptText);
  writeFileSync(files.pool as string, poolText);
  writeFileSync(files.attempts as string, JSON.stringify(attempts));
  const py = spawnSync('python3', [join(import.meta.dirname, '..', '..', '..', 'scripts', 'verify_draw.py'), files.receipt as string, files.pool as string,
    '--public-key', publicKey, '--attempts', files.attempts as string, '--commitment-hash', receipt.commitmentHash, '--result-hash', receipt.resultHash], { encoding: 'utf8', timeout: 120_000 });
  if (py.error) throw new Error(`python3 could not be run: ${py.error.message}`);
  expect(py.stdout, py.stderr).toMatch(/^MATCH/);
  expect(py.status).toBe(0);
}

describe('the draw ceremony', () => {
  it('runs from a published task to a published receipt that both verifiers accept', async () => {
    const taskId = await insertTask(server, { leadDepartmentId: server.fixture.departments.cityMarket });
    let d = ok(await operator.post('/api/draws', { taskId }), 201);
    expect([d.status, d.attempt, d.actions]).toEqual(['preparing', 1, ['commit', 'void']]);
    expect((await server.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, taskId)))[0]?.s).toBe('drawing');

    d = ok(await operator.post(`/api/draws/${d.id}/commit`, commitBody(server, d.rowVersion)));
    expect(d.status).toBe('committed');
    expect(d.poolSize).toBe(60);
    expect(d.excluded).toEqual({ notActive: 2, annualCap: 0 });
    expect(d.strata.map((s) => [s.key, s.size, s.quota])).toEqual([['A', 12, 1], ['B', 12, 2], ['C', 12, 6], ['D', 12, 12], ['unrated', 12, 4]]);
    expect(d.commitmentHash).toBe(hashCommitmentV2(d.commitment as NonNullable<typeof d.commitment>));
    // Published before any random value can exist: the commitment row and a checkpoint covering it.
    const pub = (await (await server.anon()).get(`/api/public/draws/${d.id}/commitment`)).json<PublicCommitment>();
    expect(pub.commitmentHash).toBe(d.commitmentHash);
    const [row] = await server.db.select().from(operationLog).where(eq(operationLog.seq, d.commitLogSeq as number));
    expect([row?.action, (row?.detail as { commitmentHash: string }).commitmentHash]).toEqual(['draw.commit', d.commitmentHash]);
    expect(d.checkpointSeq).toBeGreaterThanOrEqual(d.commitLogSeq as number);
    expect(d.actions).toEqual(['void']);

    const supervised = ok(await supervisor.post(`/api/draws/${d.id}/presence`, { rowVersion: d.rowVersion }));
    expect([supervised.status, supervised.supervisors.map((s) => s.name)]).toEqual(['supervisor_confirmed', ['测试sup1']]);
    server.now = new Date(server.now.getTime() + 21 * 60_000);
    d = ok(await operator.post(`/api/draws/${d.id}/source-values`, { rowVersion: supervised.rowVersion, values: [{ id: 'fc3d', value: '073' }] }));
    d = ok(await operator.post(`/api/draws/${d.id}/execute`, { rowVersion: d.rowVersion }));
    expect([d.status, d.selectedCount, d.reserveCount]).toEqual(['drawn', 25, 4]);
    expect((await (await server.anon()).get(`/api/public/draws/${d.id}/receipt`)).statusCode).toBe(404);
    d = ok(await operator.post(`/api/draws/${d.id}/publish`, { rowVersion: d.rowVersion }));
    expect(d.status).toBe('published');
    expect((await server.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, taskId)))[0]?.s).toBe('drawn');

    const objects = (await operator.get(`/api/draws/${d.id}/objects?reserve=false&pageSize=100`)).json<DrawObjectPage>();
    expect(objects.total).toBe(25);
    const docs = await documents(d.id, taskId);
    const receipt = JSON.parse(docs.receipt) as ReceiptV2;
    expect(new Set(objects.rows.map((o) => o.identifier))).toEqual(new Set(receipt.publicResult.selected));
    expect(docs.ledger.ledgerHash).toBe(hashLedger(docs.ledger.entries as LedgerEntry[]));
    expect(docs.ledger.ledgerHash).toBe(receipt.commitment.ledgerHash);
    // The TypeScript verifier itself, with the pool, the published key, checkpoint, attempt list and hashes.
    const parsedPool = parsePoolCsv(docs.pool, 'salted');
    const parsed = parseReceiptV2(JSON.parse(docs.receipt));
    const attempts = parseAttemptList(docs.attempts);
    if (!parsedPool.ok || !parsed.ok || !attempts.ok) throw new Error('parse');
    const report = verifyReceiptV2(parsed.value, {
      publicKey: new Uint8Array(Buffer.from(publicKey, 'base64')), checkpoint: parsed.value.anchor.checkpoint, attempts: attempts.value,
      publishedCommitmentHash: pub.commitmentHash, publishedResultHash: d.receiptHash as string,
    }, parsedPool.value);
    expect(report.ok && report.value.scope).toBe('recomputed');
    verifyBoth(docs.receipt, docs.pool, docs.attempts, 'full');
    const publicReceipt = docs.publicReceipt.json<PublicReceipt>();
    expect(publicReceipt.receipt.disclosure).toBe('public');
    expect(publicReceipt.receipt.result).toBeUndefined();
    verifyBoth(JSON.stringify(publicReceipt.receipt), docs.pool, docs.attempts, 'public');
  }, 120_000);

  it('voids an attempt with a reason, returns the task to 已发布 and links the redraw to it (verified with previousAnchor)', async () => {
    const taskId = await insertTask(server, { leadDepartmentId: server.fixture.departments.cityMarket });
    const first = await runToExecuted(server, operator, supervisor, taskId);
    const voided = ok(await operator.post(`/api/draws/${first.id}/void`, { rowVersion: first.rowVersion, reason: '开奖号码录入有误，经监督员确认重新抽取' }));
    expect([voided.status, voided.voidReason]).toEqual(['void', '开奖号码录入有误，经监督员确认重新抽取']);
    expect((await server.db.select({ s: tasks.status }).from(tasks).where(eq(tasks.id, taskId)))[0]?.s).toBe('published');
    expect(await server.db.select().from(drawObjects).where(eq(drawObjects.drawId, first.id))).toHaveLength(29);

    const second = await runToExecuted(server, operator, supervisor, taskId, '415');
    expect([second.attempt, second.previousDrawId]).toEqual([2, first.id]);
    expect(second.commitment?.previousCommitmentHash).toBe(first.commitmentHash);
    expect(second.commitment?.redrawReason).toBe('开奖号码录入有误，经监督员确认重新抽取');
    expect(second.commitment?.redrawApprovedBy).toBe('测试scjg_op');
    const published = ok(await operator.post(`/api/draws/${second.id}/publish`, { rowVersion: second.rowVersion }));
    const docs = await documents(published.id, taskId);
    expect(docs.attempts.attempts.map((a) => a.attempt)).toEqual(['1', '2']);
    verifyBoth(docs.receipt, docs.pool, docs.attempts, 'redraw');
    // The first receipt is superseded by the published list: both verifiers say so.
    const firstReceipt = (await operator.get(`/api/draws/${first.id}/receipt`)).body;
    expect(verifyTs(firstReceipt, docs.attempts)).toEqual({ code: 'ATTEMPT_SUPERSEDED' });
    const list = await server.db.select({ a: drawObjects.rank }).from(drawObjects).where(eq(drawObjects.drawId, second.id)).orderBy(asc(drawObjects.rank));
    expect(list.length).toBe(29);
  }, 120_000);
});
