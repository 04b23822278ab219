import { describe, expect, test } from 'vitest';
import type { ResultBody } from '../api/inspection';
import { ApiError } from '../api/client';
import { memoryStorage, Outbox, type OutboxSender, type PhotoEntry, type SubmissionEntry } from './outbox';

const RESULT: ResultBody = {
  checkDate: '2026-12-01', checkMethod: 'on_site', resultCategory: 'no_problem', disposal: 'none',
  itemFindings: [{ itemId: 'i1', finding: 'compliant' }], signature: { kind: 'signed', signerName: '王五' },
};

type Behaviour = 'ok' | 'offline' | 'lost-answer' | { status: number; code: string; message: string };

/**
 * A server that stores submissions and photos by their client id, as the API does (a repeated id answers the stored
 * row), and whose next answers the test chooses: 'offline' (nothing reaches it), 'lost-answer' (stored, but the answer
 * never comes back), or a refusal.
 */
function fakeServer() {
  const calls: string[] = [];
  const submissions = new Map<string, ResultBody>();
  const submittedObjects = new Map<string, string>();
  const photos = new Set<string>();
  const script: Behaviour[] = [];
  function next(): Behaviour {
    return script.shift() ?? 'ok';
  }
  function answer(behaviour: Behaviour, store: () => void): Promise<void> {
    if (behaviour === 'offline') return Promise.reject(new TypeError('Failed to fetch'));
    if (typeof behaviour === 'object') return Promise.reject(new ApiError(behaviour.status, { code: behaviour.code, message: behaviour.message }, '/api'));
    store();
    return behaviour === 'lost-answer' ? Promise.reject(new TypeError('network changed')) : Promise.resolve();
  }
  const sender: OutboxSender = {
    photo(entry: PhotoEntry) {
      calls.push(`photo:${entry.fileName}`);
      return answer(next(), () => photos.add(entry.clientId));
    },
    submission(entry: SubmissionEntry) {
      calls.push(`submission:${entry.taskObjectId}`);
      const holder = submittedObjects.get(entry.taskObjectId);
      if (holder && holder !== entry.clientId) {
        return answer({ status: 409, code: 'RESULT_STATE', message: '该检查对象的结果已提交，不能重复提交' }, () => undefined);
      }
      return answer(next(), () => {
        submissions.set(entry.clientId, entry.result);
        submittedObjects.set(entry.taskObjectId, entry.clientId);
      });
    },
  };
  return { sender, calls, submissions, photos, script };
}

async function setup() {
  const server = fakeServer();
  const outbox = new Outbox(memoryStorage(), server.sender, () => new Date('2026-12-01T08:00:00Z'));
  await outbox.setOwner('leader');
  return { server, outbox };
}

const photo = (n: number, taskObjectId = 'o1') => ({ clientId: `p${n}`, taskObjectId, label: '甲公司', blob: new Blob(['jpeg']), fileName: `${n}.jpg` });
const submission = (clientId: string, taskObjectId = 'o1') => ({ clientId, taskObjectId, label: '甲公司', result: RESULT });

describe('Outbox', () => {
  test('sends photos before the submissions, each kind in the order entered, and empties the queue', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s1', 'o1'));
    await outbox.addPhoto(photo(1, 'o1'));
    await outbox.addSubmission(submission('s2', 'o2'));
    await outbox.addPhoto(photo(2, 'o2'));
    const report = await outbox.flush();
    expect(report).toEqual({ sent: 4, refused: 0, stoppedBy: null });
    expect(server.calls).toEqual(['photo:1.jpg', 'photo:2.jpg', 'submission:o1', 'submission:o2']);
    expect(outbox.snapshot()).toEqual([]);
  });

  test('without a connection everything is kept, and sent later with the same client ids', async () => {
    const { server, outbox } = await setup();
    await outbox.addPhoto(photo(1));
    await outbox.addSubmission(submission('s1'));
    server.script.push('offline');
    const report = await outbox.flush();
    expect(report.sent).toBe(0);
    expect(report.stoppedBy).toBe('无法连接服务器');
    expect(outbox.snapshot().map((e) => [e.kind, e.clientId, e.state, e.attempts])).toEqual([['photo', 'p1', 'pending', 1], ['submission', 's1', 'pending', 0]]);
    expect(await outbox.flush()).toEqual({ sent: 2, refused: 0, stoppedBy: null });
    expect([...server.photos]).toEqual(['p1']);
    expect([...server.submissions.keys()]).toEqual(['s1']);
  });

  test('a lost answer is retried with the same id: the server keeps one submission, not two', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s1'));
    server.script.push('lost-answer');
    expect((await outbox.flush()).stoppedBy).toBe('无法连接服务器');
    expect(outbox.snapshot()).toHaveLength(1);
    server.script.push('lost-answer');
    await outbox.flush();
    await outbox.flush();
    expect(outbox.snapshot()).toEqual([]);
    expect(server.calls).toEqual(['submission:o1', 'submission:o1', 'submission:o1']);
    expect(server.submissions.size).toBe(1);
  });

  test('a refusal is kept with the server\'s message, is not sent again by itself, and does not hold up the others', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s1', 'o1'));
    await outbox.addSubmission(submission('s2', 'o2'));
    server.script.push({ status: 400, code: 'VALIDATION', message: '检查日期不能晚于今天' });
    expect(await outbox.flush()).toEqual({ sent: 1, refused: 1, stoppedBy: null });
    const [kept] = outbox.snapshot();
    expect(kept).toMatchObject({ clientId: 's1', state: 'refused', refusal: { status: 400, message: '检查日期不能晚于今天' } });
    expect(await outbox.flush()).toEqual({ sent: 0, refused: 0, stoppedBy: null });
    expect(server.calls).toEqual(['submission:o1', 'submission:o2']);
  });

  test('a corrected submission replaces the refused one under a new id; a second device\'s submission gets a visible 409', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s1'));
    server.script.push({ status: 400, code: 'VALIDATION', message: '检查日期不能晚于今天' });
    await outbox.flush();
    await outbox.addSubmission(submission('s1-fixed'));
    expect(outbox.snapshot().map((e) => e.clientId)).toEqual(['s1-fixed']);
    await outbox.flush();
    expect([...server.submissions.keys()]).toEqual(['s1-fixed']);

    await outbox.addSubmission(submission('other-device'));
    expect(await outbox.flush()).toEqual({ sent: 0, refused: 1, stoppedBy: null });
    expect(outbox.snapshot()[0]).toMatchObject({ state: 'refused', refusal: { status: 409, message: '该检查对象的结果已提交，不能重复提交' } });
    expect(server.submissions.size).toBe(1);
  });

  test('a submission waits while a photo of its object is refused; discarding the photo lets it go', async () => {
    const { server, outbox } = await setup();
    await outbox.addPhoto(photo(1));
    await outbox.addSubmission(submission('s1'));
    server.script.push({ status: 400, code: 'ATTACHMENT_TYPE', message: '附件的内容不是允许的类型' });
    expect(await outbox.flush()).toEqual({ sent: 0, refused: 1, stoppedBy: null });
    expect(server.calls).toEqual(['photo:1.jpg']);
    const refusedPhoto = outbox.snapshot().find((e) => e.kind === 'photo');
    if (!refusedPhoto) throw new Error('the refused photo is gone');
    await outbox.discard(refusedPhoto.seq);
    expect(await outbox.flush()).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect(server.submissions.has('s1')).toBe(true);
  });

  test('a server error or an expired session keeps the entry pending for the next round', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s1'));
    server.script.push({ status: 503, code: 'UNAVAILABLE', message: '服务暂不可用' }, { status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    expect((await outbox.flush()).stoppedBy).toBe('服务暂不可用');
    expect((await outbox.flush()).stoppedBy).toBe('登录已过期，请重新登录后发送');
    expect(outbox.snapshot()[0]).toMatchObject({ state: 'pending', attempts: 2 });
    expect((await outbox.flush()).sent).toBe(1);
  });

  test('flushes started together share one round: nothing is sent twice', async () => {
    const { server, outbox } = await setup();
    await outbox.addPhoto(photo(1));
    await outbox.addSubmission(submission('s1'));
    const [a, b, c] = await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(a).toEqual({ sent: 2, refused: 0, stoppedBy: null });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(server.calls).toEqual(['photo:1.jpg', 'submission:o1']);
  });

  test('only the signed-in user\'s entries are shown and sent; another\'s wait for them', async () => {
    const { server, outbox } = await setup();
    await outbox.addSubmission(submission('s-leader', 'o1'));
    await outbox.setOwner('colleague');
    expect(outbox.snapshot()).toEqual([]);
    await outbox.addSubmission(submission('s-colleague', 'o1'));
    expect(await outbox.flush()).toEqual({ sent: 1, refused: 0, stoppedBy: null });
    expect([...server.submissions.keys()]).toEqual(['s-colleague']);
    await outbox.setOwner('leader');
    expect(outbox.snapshot().map((e) => e.clientId)).toEqual(['s-leader']);
    await outbox.setOwner(null);
    await expect(outbox.addPhoto(photo(9))).rejects.toThrow('no signed-in owner');
  });

  test('subscribers hear every change', async () => {
    const { outbox } = await setup();
    const seen: number[] = [];
    outbox.subscribe(() => seen.push(outbox.snapshot().length));
    await outbox.addPhoto(photo(1));
    await outbox.addSubmission(submission('s1'));
    await outbox.flush();
    expect(seen.slice(0, 2)).toEqual([1, 2]);
    expect(seen.at(-1)).toBe(0);
  });
});
