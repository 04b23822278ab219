/**
 * The whole workflow in the browser (issue #9 item 13): scjg_admin drafts a joint annual plan with the 生态环境局 and
 * submits it; scjg_head, 司法局 (justice) and the 双随机办 (jointoffice) approve it to publication; scjg_admin creates a
 * joint task from the plan, scjg_head approves it; both departments confirm their two directories (两库确认); the draw
 * ceremony runs with the 抽取监督员 confirming presence in a second browser and the result shown in presentation mode
 * (1920×1080); the receipt is published; the objects are dispatched, the 生态环境局 confirms, matching runs and one
 * inspector is replaced with the head's approval. Finally the published receipt, pool file, attempt list and matching
 * record are downloaded and checked by both verifiers (TypeScript and the independent Python scripts).
 *
 * Waiting for the random source: the server refuses a source declared less than 10 minutes ahead; this journey starts
 * the server with SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS=15 (server/config.ts drawSourceLead, refused in
 * production) and declares a 福彩3D issue 20 seconds ahead through the API (the commit form picks whole minutes). The
 * verifiers' own rule — the signed checkpoint precedes the declared time — holds unchanged.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAttemptList } from '../domain/draw/attempts';
import { parseReceiptV2, verifyReceiptV2 } from '../domain/draw/ceremony_v2';
import { parsePoolCsv } from '../domain/draw/pool_file';
import { verifyMatchRecord, type MatchRecord } from '../domain/matching/verify';
import { openMenu, pickOption } from './antd';
import { draftJointPlan, signInElsewhere } from './plan_steps';
import { REPO_ROOT, runJourney, SCREENSHOT_DIR, startHarness, type Harness } from './harness';

let harness: Harness;
let supervisorBrowser: Browser | undefined;

beforeAll(async () => {
  harness = await startHarness({ SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS: '15' });
}, 300_000);

afterAll(async () => {
  await supervisorBrowser?.close();
  await harness?.close();
});

/** A screenshot from the top of the page (a full-page shot taken while scrolled splits the sticky shell). */
async function shot(name: string, fullPage = true): Promise<void> {
  if (fullPage) await harness.page.evaluate(() => window.scrollTo(0, 0));
  await harness.screenshot(`wf_${name}`, { fullPage });
}
const dialog = (page: Page, title: string | RegExp) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
const LONG = { timeout: 120_000 };
const PLAN_NAME = '市场监管与生态环境部门联合抽查计划（全流程）';

describe('计划 → 任务 → 抽取 → 派发与匹配', () => {
  test('联合计划审批发布 → 从计划创建任务 → 两库确认 → 抽取仪式（监督员、演示）→ 派发、匹配、替换 → 双验证器复核', async () => {
    await runJourney(harness, 'wf_failure', journey);
    // About 4 minutes on a quiet 2-core machine, a 30-second wait for the draw's source included; a busy one took 7.
  }, 12 * 60_000);
});

async function as(account: string, path: string): Promise<Page> {
  const { page } = harness;
  await page.context().clearCookies();
  await harness.signIn(account);
  await page.goto(`${harness.baseUrl}${path}`);
  return page;
}

async function approve(page: Page, comment: string | null): Promise<void> {
  await page.getByRole('button', { name: /审核通过/ }).first().click();
  const modal = dialog(page, '审核通过');
  await modal.waitFor({ state: 'visible' });
  if (comment !== null) await modal.locator('textarea').fill(comment);
  await modal.getByRole('button', { name: /审核通过/ }).click();
  await modal.waitFor({ state: 'hidden', ...LONG });
}

/** An API call with the page's session cookie and its CSRF token (as the web app's client sends it). */
async function api<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'suiji_csrf')?.value ?? '';
  const response = await page.request.fetch(`${harness.baseUrl}${path}`, {
    method, headers: { 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${text}`);
  return (response.headers()['content-type'] ?? '').includes('json') ? JSON.parse(text) as T : text as T;
}

async function planAndTask(): Promise<string> {
  const { page } = harness;
  // 1. The 市场监管局 administrator drafts a joint plan with the 生态环境局 and submits it.
  await harness.signIn('scjg_admin');
  await draftJointPlan(page, PLAN_NAME, LONG.timeout);
  await shot('01_plan_editor');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/workflow\/plans\/[0-9a-f-]{36}$/, LONG);
  const planUrl = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByRole('button', { name: /撤\s*回/ }).waitFor(LONG);
  await shot('02_plan_submitted');

  // 2. 部门负责人 → 司法局 → 双随机办 (publication).
  await approve(await as('scjg_head', planUrl), '同意报送');
  await page.getByText('司法行政合法性审核').first().waitFor(LONG);
  await approve(await as('justice', planUrl), '合法性审核通过');
  await shot('03_plan_justice_approved');
  await approve(await as('jointoffice', planUrl), '同意发布');
  await page.locator('.ant-descriptions').getByText('已发布').waitFor(LONG);
  await shot('04_plan_published');

  // 3. A joint task from the plan, 12 per credit class (together above the 3 % minimum of the 1,405-entity pool) so the teams fit the demo staff.
  await as('scjg_admin', '/workflow/tasks');
  await page.getByRole('button', { name: '从计划创建' }).click();
  const from = dialog(page, '从年度计划创建任务');
  await from.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: PLAN_NAME }).first().click();
  await shot('05_task_from_plan', false);
  await from.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL(/\/workflow\/tasks\/new\?plan=/);
  await page.getByRole('heading', { name: /^从计划创建：/ }).waitFor(LONG);
  for (let i = 0; await page.locator(`#spec_strata_${i}_value`).count() > 0; i += 1) {
    const mode = page.locator(`#spec_strata_${i}_mode`);
    await mode.click();
    const listId = await mode.getAttribute('aria-controls');
    await page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId ?? ''}"]`) }).locator('.ant-select-item-option', { hasText: '户数' }).click();
    await page.locator(`#spec_strata_${i}_value`).fill('12');
  }
  await shot('06_task_editor');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/workflow\/tasks\/[0-9a-f-]{36}$/, LONG);
  const taskId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.locator('.ant-tag', { hasText: '审核中' }).first().waitFor(LONG);
  await as('scjg_head', `/workflow/tasks/${taskId}`);
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.locator('.ant-tag', { hasText: '已发布' }).first().waitFor(LONG);
  await shot('07_task_published');
  return taskId;
}

async function confirmDirectories(account: string): Promise<void> {
  const page = await as(account, '/directory/confirmations');
  for (const label of ['检查对象名录库', '执法检查人员名录库']) {
    const card = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: label }) }).last();
    await card.getByRole('button', { name: '确认为最新' }).click();
    const modal = dialog(page, `确认${label}`);
    await modal.waitFor({ state: 'visible' });
    await modal.getByRole('button', { name: '确认为最新' }).click();
    await modal.waitFor({ state: 'hidden', ...LONG });
  }
  await page.locator('.ant-tag', { hasText: /最新|有效/ }).first().waitFor(LONG).catch(() => undefined);
  await shot(`08_directories_${account}`);
}

async function supervisorConfirms(taskName: string): Promise<void> {
  const elsewhere = await signInElsewhere(harness.baseUrl, 'supervisor', harness.demoPassword);
  supervisorBrowser = elsewhere.browser;
  const { context, page: sup } = elsewhere;
  await openMenu(sup, '计划与抽取', '随机抽取');
  const due = sup.locator('.ant-list-item', { hasText: taskName });
  await due.getByText('待确认到场监督').waitFor(LONG);
  await sup.screenshot({ path: join(SCREENSHOT_DIR, 'wf_11_supervisor_due.png'), fullPage: true });
  await due.getByText('去办理').click();
  await sup.getByRole('button', { name: '我已到场，确认监督' }).click();
  await sup.getByText('录入随机值', { exact: true }).first().waitFor(LONG);
  await sup.screenshot({ path: join(SCREENSHOT_DIR, 'wf_12_supervisor_confirmed.png'), fullPage: true });
  await context.close();
}

interface DrawDetailLite { id: string; rowVersion: number; status: string }

async function ceremony(taskId: string, taskName: string): Promise<string> {
  const page = await as('scjg_admin', `/workflow/draws/task/${taskId}`);
  await page.getByRole('button', { name: '开始抽取' }).click();
  await page.waitForURL(/\/workflow\/draws\/[0-9a-f-]{36}$/, LONG);
  const drawId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await page.getByText('冻结名录并发布承诺', { exact: true }).first().waitFor(LONG);
  await shot('09_draw_started');

  // The commitment through the API: a 福彩3D issue declared 20 s ahead (the form picks whole minutes).
  const started = await api<DrawDetailLite>(page, 'GET', `/api/draws/${drawId}`);
  const now = Date.now();
  const at = new Date(Math.ceil((now + 20_000) / 1000) * 1000);
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(now));
  const drawDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(now));
  await api(page, 'POST', `/api/draws/${drawId}/commit`, {
    rowVersion: started.rowVersion, drawDate, sourceException: '',
    sources: [{ id: 'fc3d', type: 'lottery', name: 'fc-3d', round: `${year}321`, count: '', availableAt: `${at.toISOString().slice(0, 19)}Z`, description: '福彩3D当期开奖号码', value: '' }],
  });
  await page.reload();
  await page.getByText('承诺哈希').first().waitFor(LONG);
  await shot('10_committed');

  await supervisorConfirms(taskName);

  // The operator's page follows; after the declared time the value is entered, the draw runs.
  const value = page.getByLabel(`福彩3D 第 ${year}321 期的值`);
  await value.waitFor(LONG);
  await expect.poll(() => value.isEnabled(), { timeout: 60_000, interval: 1_000 }).toBe(true);
  await page.getByRole('button', { name: '确认录入' }).waitFor();
  await expect.poll(() => page.getByRole('button', { name: '确认录入' }).isEnabled(), { timeout: 60_000, interval: 1_000 }).toBe(true);
  await value.fill('073');
  await shot('13_value_entered');
  await page.getByRole('button', { name: '确认录入' }).click();
  await page.getByRole('button', { name: '执行抽取' }).click(LONG);
  await page.getByText('抽取已完成，凭证尚未公布').waitFor(LONG);
  await shot('14_result');

  // Presentation mode on the meeting-room projector.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('button', { name: '演示模式' }).click();
  const overlay = page.getByRole('dialog', { name: '演示模式' });
  await overlay.getByText('抽取结果', { exact: true }).waitFor(LONG);
  const total = Number(/\/ (\d+) 户/.exec((await overlay.getByText(/^\/ \d+ 户/).textContent()) ?? '')?.[1]);
  await expect.poll(async () => Number(await overlay.getByLabel('已揭晓').textContent()), { timeout: 30_000 }).toBe(total);
  await shot('15_present_result_1920x1080', false);
  await overlay.getByRole('button', { name: '退出演示' }).click();
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole('button', { name: '公布凭证' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: /公\s*布/ }).click();
  await page.getByText(/抽取凭证已于 .* 公布/).waitFor(LONG);
  await shot('16_published');
  return drawId;
}

async function dispatchAndMatch(taskId: string): Promise<void> {
  let page = await as('scjg_admin', `/workflow/dispatch/${taskId}`);
  await page.getByRole('button', { name: /^派\s*发$/ }).first().click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /派\s*发/ }).click();
  await page.locator('.ant-tag', { hasText: '待确认' }).first().waitFor(LONG);
  await shot('17_dispatched');

  page = await as('sthj_admin', `/workflow/dispatch/${taskId}`);
  await page.getByRole('button', { name: '确认收到' }).first().click();
  await page.locator('.ant-tag', { hasText: /于 .* 确认/ }).first().waitFor(LONG);
  await shot('18_env_confirmed');

  page = await as('scjg_admin', `/workflow/dispatch/${taskId}`);
  await page.getByRole('button', { name: /执行匹配/ }).click();
  await page.locator('.ant-tag .anticon-crown').first().waitFor(LONG);
  await shot('19_matched');

  const firstRow = page.locator('.ant-card', { hasText: '检查对象与检查组' }).locator('.ant-table-row').filter({ has: page.getByRole('button', { name: '申请替换' }) }).first();
  await firstRow.getByRole('button', { name: '申请替换' }).click();
  const request = page.locator('.ant-modal', { hasText: '申请替换检查人员' });
  const leaving = await pickOption(page, request, '被替换人员（本部门）');
  await pickOption(page, request, '替换原因', '工作冲突');
  await request.getByLabel('说明').fill('同期承担专项执法任务');
  await shot('20_replacement_request', false);
  await request.getByRole('button', { name: '提交申请' }).click();
  await page.locator('.ant-card', { hasText: '替换记录' }).locator('.ant-tag', { hasText: '待审批' }).waitFor(LONG);

  page = await as('scjg_head', `/workflow/dispatch/${taskId}`);
  const history = page.locator('.ant-card', { hasText: '替换记录' });
  await history.getByRole('button', { name: /同\s*意/ }).first().click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /同\s*意/ }).click();
  await history.locator('.ant-tag', { hasText: '已替换' }).waitFor(LONG);
  expect((await history.locator('.ant-table-row').first().textContent()) ?? '').toContain(`${leaving.replace('（组长）', '')} → `);
  await shot('21_replaced');
}

async function verifyBoth(taskId: string, drawId: string): Promise<void> {
  const page = await as('scjg_admin', `/workflow/draws/${drawId}`);
  const work = mkdtempSync(join(tmpdir(), 'suiji-wf-'));
  const receiptText = await api<string>(page, 'GET', `/api/public/draws/${drawId}/receipt`).then((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  const fullReceipt = JSON.stringify(await api<unknown>(page, 'GET', `/api/draws/${drawId}/receipt`));
  const poolText = await api<string>(page, 'GET', `/api/draws/${drawId}/pool.csv`);
  const attempts = await api<unknown>(page, 'GET', `/api/public/tasks/${taskId}/attempts`);
  const { publicKeyBase64 } = await api<{ publicKeyBase64: string }>(page, 'GET', '/api/public/audit/checkpoint-key');
  expect(receiptText.length).toBeGreaterThan(0);

  const parsed = parseReceiptV2(JSON.parse(fullReceipt));
  const list = parseAttemptList(attempts);
  if (!parsed.ok || !list.ok) throw new Error('receipt or attempt list malformed');
  const pool = parsePoolCsv(poolText, parsed.value.commitment.pool.saltMode);
  if (!pool.ok) throw new Error(pool.error.message);
  const ts = verifyReceiptV2(parsed.value, {
    publicKey: new Uint8Array(Buffer.from(publicKeyBase64, 'base64')), attempts: list.value,
    publishedCommitmentHash: parsed.value.commitmentHash, publishedResultHash: parsed.value.resultHash,
  }, pool.value);
  expect(ts.ok ? ts.value.scope : ts.error.message).toBe('recomputed');

  const files = { receipt: join(work, 'receipt.json'), pool: join(work, 'pool.csv'), attempts: join(work, 'attempts.json'), matching: join(work, 'matching.json') };
  writeFileSync(files.receipt, fullReceipt);
  writeFileSync(files.pool, poolText);
  writeFileSync(files.attempts, JSON.stringify(attempts));
  const py = spawnSync('python3', [join(REPO_ROOT, 'scripts', 'verify_draw.py'), files.receipt, files.pool, '--public-key', publicKeyBase64,
    '--attempts', files.attempts, '--commitment-hash', parsed.value.commitmentHash, '--result-hash', parsed.value.resultHash], { encoding: 'utf8', timeout: 120_000 });
  expect(py.stdout, py.stderr).toMatch(/^MATCH/);
  expect(py.status).toBe(0);

  const record = await api<MatchRecord>(page, 'GET', `/api/workflow/tasks/${taskId}/matching/record`);
  const checked = verifyMatchRecord(typeof record === 'string' ? JSON.parse(record) as MatchRecord : record);
  expect(checked.ok ? 'MATCH' : JSON.stringify(checked.error)).toBe('MATCH');
  writeFileSync(files.matching, typeof record === 'string' ? record : JSON.stringify(record));
  const pym = spawnSync('python3', [join(REPO_ROOT, 'scripts', 'verify_match.py'), files.matching], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000 });
  expect(pym.stdout, pym.stderr).toMatch(/^MATCH/);
  expect(pym.status).toBe(0);
}

async function journey(): Promise<void> {
  const taskId = await planAndTask();
  const { name: taskName } = await api<{ name: string }>(harness.page, 'GET', `/api/workflow/tasks/${taskId}`);
  await confirmDirectories('scjg_admin');
  await confirmDirectories('sthj_admin');
  const drawId = await ceremony(taskId, taskName);
  await dispatchAndMatch(taskId);
  await verifyBoth(taskId, drawId);
}
