/**
 * The verification worker of 复核本次抽取: fetches the published documents of one draw from the public API and runs
 * verify_draw.ts over them off the page's thread, posting progress steps and the verdict. Started by
 * pages/public/draw_verify_panel.tsx with `new Worker(new URL('./verify_worker.ts', import.meta.url), { type: 'module' })`.
 */
import './install_buffer';
import { preverifyEd25519 } from './node_crypto';
import { verifyPublishedDraw, type Verdict } from './verify_draw';
import type { WorkerReply, WorkerRequest } from './worker_messages';

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} 返回 ${response.status}`);
  return response.json();
}

function post(message: WorkerReply): void {
  (self as unknown as { postMessage(m: WorkerReply): void }).postMessage(message);
}

/** The published checkpoint with the anchor's seq, looked for in the newest 1,000 (it is normally among them). */
async function publishedCheckpoint(seq: number): Promise<unknown> {
  for (let page = 1; page <= 5; page++) {
    const list = await getJson(`/api/public/audit/checkpoints?page=${page}&pageSize=200`) as { rows: { seq: number }[] };
    const found = list.rows.find((c) => c.seq === seq);
    if (found) return found;
    if (list.rows.length < 200 || list.rows.every((c) => c.seq < seq)) return undefined;
  }
  return undefined;
}

async function run(request: WorkerRequest): Promise<Verdict> {
  const id = encodeURIComponent(request.drawId);
  post({ kind: 'step', text: '第一步：从公开接口取得抽取凭证（公开版）、此前公布的承诺哈希和检查点公钥' });
  const [receiptDoc, commitmentDoc, key] = await Promise.all([
    getJson(`/api/public/draws/${id}/receipt`) as Promise<{ taskId: string; receipt: { anchor?: { checkpoint?: { seq?: number } } } }>,
    getJson(`/api/public/draws/${id}/commitment`) as Promise<{ commitmentHash: string }>,
    getJson('/api/public/audit/checkpoint-key') as Promise<{ publicKeyBase64: string }>,
  ]);
  post({ kind: 'step', text: '第二步：取得该任务公布的抽取次序表（每一次已承诺的抽取，作废的也在内）和公布的留痕检查点' });
  const attempts = await getJson(`/api/public/tasks/${encodeURIComponent(receiptDoc.taskId)}/attempts`);
  const seq = receiptDoc.receipt.anchor?.checkpoint?.seq;
  const checkpoint = typeof seq === 'number' ? await publishedCheckpoint(seq) : undefined;
  post({ kind: 'step', text: '第三步：在本机用与命令行工具 verify-draw 相同的核验程序逐项复算（不向服务器发送任何内容）' });
  return verifyPublishedDraw({
    receipt: receiptDoc.receipt, publicKey: key.publicKeyBase64, commitmentHash: commitmentDoc.commitmentHash, attempts,
    ...(checkpoint === undefined ? {} : { checkpoint }),
    ...(request.entity === undefined ? {} : { entity: request.entity }),
    ...(request.pool === undefined ? {} : { pool: request.pool }),
  }, preverifyEd25519);
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  run(event.data).then(
    (verdict) => post({ kind: 'verdict', verdict }),
    (e: unknown) => post({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
});
