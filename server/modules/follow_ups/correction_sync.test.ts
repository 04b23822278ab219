/**
 * An approved 更正 moves the result's follow-up with it (server/modules/follow_ups/sync.ts): opened when the corrected
 * result needs one, closed with the correction named when the owner still handles it, a notice for the department
 * holding a transferred one, the measure following the corrected disposal — each in the approval's change.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { domainEvents, followUps, operationLog } from '../../db/schema';
import { lastOperation } from '../../test/expectations';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { addUser, at } from '../dispatch/test_fixtures';
import type { ResultView } from '../results/schema';
import { addResultWorld, completeResult, type ResultWorld } from '../results/test_fixtures';
import { FollowUpPage, type FollowUpDetail } from './schema';

let server: TestServer;
let world: ResultWorld;
let chaoyang: Client;
let head: Client;
const results: string[] = [];
const base = '/api/inspection/follow-ups';

function resultOf(k: number): Record<string, unknown> {
  const complete = completeResult(world);
  const noncompliant = { ...complete, itemFindings: world.items.map((i, n) => ({ itemId: i.itemId, finding: n === 0 ? 'noncompliant' : 'compliant', note: n === 0 ? '台账不全' : null })) };
  switch (k) {
    case 0: case 3: return { ...noncompliant, resultCategory: 'corrected', disposal: 'order_correction' };
    case 2: return { ...noncompliant, resultCategory: 'pending_followup', disposal: 'transfer', note: '涉嫌环境违法' };
    default: return complete;
  }
}

async function followUpOf(k: number): Promise<FollowUpDetail | null> {
  const page = FollowUpPage.parse((await chaoyang.get(`${base}?resultId=${results[k] ?? ''}`)).json());
  const id = page.rows[0]?.id;
  return id ? (await chaoyang.get(`${base}/${id}`)).json<FollowUpDetail>() : null;
}

/** Requests a correction of result k and answers its id. */
async function requestCorrection(k: number, changes: Record<string, unknown>): Promise<string> {
  const response = await chaoyang.post(`/api/inspection/results/${results[k] ?? ''}/corrections`, { reason: '经复核，检查结果有误', changes });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

async function approve(correctionId: string): Promise<void> {
  const response = await head.post(`/api/inspection/corrections/${correctionId}/approve`, { rowVersion: 1, comments: '同意更正' });
  expect(response.statusCode, response.body).toBe(200);
}

const findingsOk = () => world.items.map((i) => ({ itemId: i.itemId, finding: 'compliant', note: null }));

beforeAll(async () => {
  server = await startTestServer();
  world = await addResultWorld(server, { objects: 4 });
  await addUser(server, 'cy_head', '朝阳区局长', server.fixture.departments.chaoyangMarket, ['dept_head']);
  at(server, '2026-12-10T01:00:00Z');
  const leader = await server.as(world.users.leader);
  chaoyang = await server.as('chaoyang');
  head = await server.as('cy_head');
  for (const k of [0, 1, 2, 3]) {
    const response = await leader.post('/api/inspection/submissions', { clientId: randomUUID(), taskObjectId: world.objects[k], result: resultOf(k) });
    expect(response.statusCode, response.body).toBe(200);
    results.push(response.json<ResultView>().id);
    expect((await chaoyang.post(`/api/inspection/results/${results[k] ?? ''}/approve`, { rowVersion: 1 })).statusCode).toBe(200);
  }
  expect((await chaoyang.post('/api/inspection/results/publish', { ids: results })).statusCode).toBe(200);
});
afterAll(async () => { vi.useRealTimers(); await server.close(); });

describe('a correction\'s follow-up', () => {
  it('closes the owner\'s 责令改正 when the result is corrected to 未发现问题, in the approval\'s change, once under parallel approvals', async () => {
    expect(await followUpOf(0)).toMatchObject({ status: 'open', measure: 'order_correction' });
    const id = await requestCorrection(0, { resultCategory: 'no_problem', disposal: 'none', itemFindings: findingsOk() });
    const answers = await Promise.all([0, 1, 2].map(() => head.post(`/api/inspection/corrections/${id}/approve`, { rowVersion: 1 })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    const follow = await followUpOf(0);
    expect(follow).toMatchObject({ status: 'closed', completionLabel: '已完结', recheckDate: null });
    expect(follow?.outcome).toBe('检查结果第 1 次更正（2026-12-10 经主要负责人批准，长春第20条）后，该检查结果无需后续处置，本后续处置随之办结。');
    expect(follow?.history.at(-1)).toMatchObject({ event: 'close', summary: '批准检查结果更正', reason: follow?.outcome });
    const [op, ...more] = await server.db.select().from(operationLog).where(and(eq(operationLog.targetId, id), eq(operationLog.outcome, 'success'), eq(operationLog.action, 'inspection:correction:approve')));
    expect(more).toEqual([]);
    expect(op?.detail).toMatchObject({ followUp: { id: follow?.id, action: 'closed', from: 'open' } });
    const events = await server.db.select({ type: domainEvents.type, seq: domainEvents.operationSeq }).from(domainEvents).where(eq(domainEvents.operationSeq, op?.seq ?? -1));
    expect(events.map((e) => e.type).sort()).toEqual(['FollowUpStatusChanged', 'ResultCorrectionDecided']);
  });

  it('opens one when a result without a finding is corrected to 责令改正', async () => {
    expect(await followUpOf(1)).toBeNull();
    await approve(await requestCorrection(1, { resultCategory: 'corrected', disposal: 'order_correction' }));
    const follow = await followUpOf(1);
    expect(follow).toMatchObject({ status: 'open', measure: 'order_correction', automatic: true, note: '因检查结果第 1 次更正而登记。' });
    expect((await lastOperation(server))?.detail).toMatchObject({ followUp: { id: follow?.id, action: 'opened' } });
  });

  it('leaves a transferred follow-up to the receiving department, with a notice in its notes and history', async () => {
    const open = await followUpOf(2);
    const sent = await chaoyang.post(`${base}/${open?.id ?? ''}/transfer`, { rowVersion: open?.rowVersion, toDepartmentId: server.fixture.departments.nanguanMarket, reason: '属南关区管辖' });
    expect(sent.statusCode, sent.body).toBe(200);
    await approve(await requestCorrection(2, { resultCategory: 'no_problem', disposal: 'none', itemFindings: findingsOk() }));
    const follow = await followUpOf(2);
    expect(follow).toMatchObject({ status: 'awaiting' });
    expect(follow?.note).toMatch(/^【更正提示】检查结果第 1 次更正（2026-12-10 经主要负责人批准，长春第20条）后，该检查结果已无需后续处置/);
    expect(follow?.history.at(-1)?.reason).toBe(follow?.note);
  });

  it('moves the owner\'s measure to the corrected disposal, and leaves a closed follow-up closed', async () => {
    await approve(await requestCorrection(3, { resultCategory: 'pending_followup', disposal: 'penalty' }));
    expect(await followUpOf(3)).toMatchObject({ status: 'open', measure: 'penalty' });
    // Result 0's follow-up was closed by its first correction; a second one back to 责令改正 does not reopen it.
    await approve(await requestCorrection(0, { resultCategory: 'corrected', disposal: 'order_correction' }));
    const rows = await server.db.select({ status: followUps.status }).from(followUps).where(eq(followUps.resultId, results[0] ?? ''));
    expect(rows).toEqual([{ status: 'closed' }]);
  });
});
