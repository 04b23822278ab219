/**
 * 公示门户 (issue #11 items 1–2): an anonymous visitor searches an entity's published result by name and by 统一社会信用代码
 * (markup typed into the search stays text), opens a published task, its draw receipt, and verifies the draw in the
 * browser — the verifier runs in a Web Worker and shows MATCH — then checks an entity code against the drawn list.
 * At 1440 px and again at 390 px (a phone): nothing wider than the screen. Screenshots go to e2e/screenshots/portal_*.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

interface ResultRow { entityName: string; creditCode: string }
interface TaskRow { id: string; name: string; publishedDrawId: string | null }

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${harness.baseUrl}${path}`);
  expect(response.status, path).toBe(200);
  return response.json() as Promise<T>;
}

async function noSideways(): Promise<void> {
  const { page } = harness;
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, `page is ${widths.scroll}px wide on a ${widths.client}px screen`).toBeLessThanOrEqual(widths.client + 1);
}

/** Opens a portal tab: by its tab at desktop width; on a phone the tab bar scrolls, so by its address. */
async function openTab(width: number, name: string, path: string): Promise<void> {
  const { page } = harness;
  if (width >= 600) await page.getByRole('tab', { name }).click();
  else await page.goto(`${harness.baseUrl}${path}`);
  await page.waitForURL(new RegExp(`${path}$`));
}

async function searchAndVerify(width: number): Promise<void> {
  const { page } = harness;
  const tag = `${width}`;
  const results = await getJson<{ rows: ResultRow[] }>('/api/public/results?pageSize=5');
  const row = results.rows[0];
  if (!row) throw new Error('the demo has no published result');
  const word = row.entityName.slice(0, Math.min(6, row.entityName.length));

  // Results: by a word of the name, then by the code.
  await page.goto(`${harness.baseUrl}/public`);
  await openTab(width, '检查结果查询', '/public/results');
  await page.getByText('输入市场主体名称或统一社会信用代码').waitFor();
  await page.getByPlaceholder('输入市场主体名称中的字词').fill(word);
  await page.getByRole('button', { name: /搜\s*索/ }).click();
  await page.waitForURL(/keyword=/);
  const cards = page.locator('.ant-card', { hasText: row.creditCode });
  await cards.first().waitFor({ timeout: 30_000 });
  await page.getByText(/共 \d+ 条已公示的检查结果/).waitFor();
  await harness.screenshot(`portal_${tag}_01_results_by_name`);
  await noSideways();

  await page.getByPlaceholder('输入市场主体名称中的字词').fill('');
  await page.getByPlaceholder('18 位统一社会信用代码').fill(row.creditCode);
  await page.getByRole('button', { name: /搜\s*索/ }).click();
  await page.waitForURL(new RegExp(`creditCode=${row.creditCode}`));
  await expect.poll(() => page.locator('.ant-card-head-title').allInnerTexts(), { timeout: 30_000 }).toContain(row.entityName);

  // Markup in a search term is a search term: nothing rendered, nothing run.
  const markup = '<img src=x onerror="window.__pwned=1">';
  await page.getByPlaceholder('18 位统一社会信用代码').fill('');
  await page.getByPlaceholder('输入市场主体名称中的字词').fill(markup);
  await page.getByRole('button', { name: /搜\s*索/ }).click();
  await page.getByText('共 0 条已公示的检查结果').waitFor({ timeout: 30_000 });
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  // A published task, its 实施方案, its receipt.
  const tasks = await getJson<{ rows: TaskRow[] }>('/api/public/tasks?pageSize=50');
  const task = tasks.rows.find((t) => t.publishedDrawId !== null);
  if (!task?.publishedDrawId) throw new Error('the demo has no published draw');
  await openTab(width, '抽查任务与抽取结果', '/public/tasks');
  await page.getByPlaceholder('任务名称或编号中的字词').fill(task.name);
  await page.getByRole('button', { name: /搜\s*索/ }).click();
  await page.getByRole('link', { name: task.name }).first().click();
  await page.waitForURL(new RegExp(`/public/tasks/${task.id}$`));
  await page.getByText(/检查事项（\d+ 项）/).waitFor({ timeout: 30_000 });
  await harness.screenshot(`portal_${tag}_02_task`);
  await noSideways();
  await page.getByRole('link', { name: '凭证与复核' }).first().click();
  await page.waitForURL(/\/public\/draws\//);

  // 复核本次抽取: the worker fetches the published documents and runs the domain verifier.
  const started = performance.now();
  await page.getByRole('button', { name: '开始复核' }).click();
  const verdict = page.getByTestId('verify-verdict');
  await verdict.waitFor({ timeout: 60_000 });
  console.log(`复核本次抽取 @ ${width}px: verdict shown ${Math.round(performance.now() - started)} ms after the click`);
  expect(await verdict.innerText()).toMatch(/^MATCH（一致）/);
  await page.getByText('逐项核对：').waitFor();
  await page.getByText(/锚定：承诺哈希记录在操作日志第 \d+ 行/).waitFor();
  await page.getByText(/公布的抽取次序表：共 \d+ 次/).waitFor();

  // An entity looks itself up in the drawn list.
  const receipt = await getJson<{ receipt: { publicResult: { selected: string[] } } }>(`/api/public/draws/${task.publishedDrawId}/receipt`);
  const drawn = receipt.receipt.publicResult.selected[0] ?? '';
  await page.getByText('被抽查主体：核对本单位是否应当被抽中').click();
  await page.getByLabel('统一社会信用代码').fill(drawn.toLowerCase());
  await page.getByText(`${drawn} 在本次抽中名单中`).waitFor();
  await harness.screenshot(`portal_${tag}_03_verified`);
  await noSideways();
}

describe('公示门户', () => {
  test('查询检查结果 → 任务实施方案 → 抽取凭证 → 浏览器内复核 MATCH（1440 px 与 390 px）', async () => {
    await runJourney(harness, 'portal_failure', async () => {
      await searchAndVerify(1440);
      await harness.page.setViewportSize({ width: 390, height: 844 });
      await searchAndVerify(390);

      // The other tabs open at phone width too.
      const { page } = harness;
      for (const [path, ready, shot] of [['/public/plans', /第 \d+ 版/, 'plans'], ['/public/checkpoints', /第 [\d,]+ 条操作记录/, 'checkpoints'], ['/public/open-data', /\d{4} 年 · 全部部门/, 'open_data']] as const) {
        await page.goto(`${harness.baseUrl}${path}`);
        await page.getByText(ready).first().waitFor({ timeout: 30_000 });
        await noSideways();
        await harness.screenshot(`portal_390_04_${shot}`);
      }

      // The open-data manifest: each year × department file with rows, size and a SHA-256 the download matches.
      const manifest = page.locator('[data-open-data-manifest]');
      const hash = manifest.getByText(/^[0-9a-f]{64}$/).first();
      await hash.waitFor({ timeout: 60_000 });
      const firstRow = manifest.locator('[data-manifest-file]').first();
      const url = await firstRow.getByRole('link', { name: /下载/ }).getAttribute('href');
      const body = Buffer.from(await (await fetch(`${harness.baseUrl}${url ?? ''}`)).arrayBuffer());
      expect(createHash('sha256').update(body).digest('hex')).toBe(await firstRow.getByText(/^[0-9a-f]{64}$/).innerText());
      await manifest.scrollIntoViewIfNeeded();
      await noSideways();
      await harness.screenshot('portal_390_05_manifest', { fullPage: false });
      await page.setViewportSize({ width: 1440, height: 900 });
      await manifest.locator('.ant-table-row').first().getByText(/^[0-9a-f]{64}$/).waitFor();
      await manifest.scrollIntoViewIfNeeded();
      await harness.screenshot('portal_1440_05_manifest', { fullPage: false });
    });
  });
});
