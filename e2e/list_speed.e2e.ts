/**
 * How long a page change takes in the browser (issue #8 item 3): 检查对象名录库 with the 20,000 demo entities, the
 * 系统管理员 turning pages with 下一页 and jumping to the last page and back with 跳至. Each figure runs from the click to the frame
 * in which the new rows are painted, measured inside the page; beside it, the same API request fetched by the page
 * alone (the floor a page change cannot go under). Printed as a table, never asserted against a time: the target
 * (under 150 ms on the 2-core reference machine) is read from the figures.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

describe('列表翻页速度', () => {
  test('检查对象名录库：下一页与跳至末页，打印耗时', async () => {
    await runJourney(harness, 'list_speed_failure', journey);
  });
});

/**
 * Times one page change inside the page: from the click on 下一页 or the Enter in 跳至 (a capturing listener notes the
 * moment) to the frame after the first row's text changed. Playwright acts between arming and reading.
 */
async function timedChange(act: () => Promise<void>): Promise<number> {
  await harness.page.evaluate(() => {
    const w = window as unknown as { pageChange?: Promise<number> };
    // The first row's text, not its key: the table keys rows by their position on the page (list_page.tsx).
    const firstKey = () => document.querySelector('.ant-table-tbody .ant-table-row')?.textContent ?? null;
    const before = firstKey();
    w.pageChange = new Promise<number>((resolve, reject) => {
      let started = 0;
      const mark = (event: Event) => {
        if (event instanceof KeyboardEvent && event.key !== 'Enter') return;
        started = performance.now();
        document.removeEventListener('click', mark, true);
        document.removeEventListener('keydown', mark, true);
        const deadline = started + 20_000;
        const check = () => {
          if (firstKey() !== before) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
          else if (performance.now() > deadline) reject(new Error('翻页后表格没有变化'));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      };
      document.addEventListener('click', mark, true);
      document.addEventListener('keydown', mark, true);
    });
  });
  await act();
  return harness.page.evaluate(() => (window as unknown as { pageChange: Promise<number> }).pageChange);
}

/** The same list request fetched by the page with nothing rendered: the floor of a page change. */
async function apiAlone(page: number): Promise<number> {
  return harness.page.evaluate(async (n) => {
    const started = performance.now();
    const answer = await fetch(`/api/directory/entities?page=${n}&pageSize=20`, { credentials: 'same-origin' });
    await answer.json();
    return performance.now() - started;
  }, page);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const fmt = (ms: number) => ms.toFixed(0).padStart(6);

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('admin');
  await page.goto(`${harness.baseUrl}/directory/entities`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor();
  await page.locator('li.ant-pagination-next').waitFor();

  const next = () => page.locator('li.ant-pagination-next button').click();
  await timedChange(next); // the first change warms the page's code and caches
  const changes: number[] = [];
  for (let i = 0; i < 10; i += 1) changes.push(await timedChange(next));
  const floors: number[] = [];
  for (let n = 3; n < 13; n += 1) floors.push(await apiAlone(n));

  // The last page (the harness loads fewer demo entities than a first start's 20,000).
  const last = Number(await page.locator('.ant-pagination-item').last().innerText());
  const jumper = page.locator('.ant-pagination-options-quick-jumper input');
  const jump = async (to: number) => { await jumper.fill(String(to)); await jumper.press('Enter'); };
  const jumps = [await timedChange(() => jump(last)), await timedChange(() => jump(2)), await timedChange(() => jump(last))];
  await expect.poll(() => page.locator('.ant-pagination-item-active').innerText()).toBe(String(last));
  const jumpFloor = await apiAlone(last);
  await harness.screenshot('list_speed_last_page', { fullPage: false });

  const rows = [
    ['下一页（10 次）', median(changes), Math.max(...changes), median(floors)],
    [`跳至第 ${last} 页 / 第 2 页（3 次）`, median(jumps), Math.max(...jumps), jumpFloor],
  ] as const;
  console.log([
    '', '列表翻页（检查对象名录库，20 条/页；点击 → 新行绘制完成，页面内计时）',
    '| 操作 | 中位数 ms | 最大 ms | 同一请求单独 fetch ms | 比值 |', '|---|---:|---:|---:|---:|',
    ...rows.map(([what, p50, max, floor]) => `| ${what} | ${fmt(p50)} | ${fmt(max)} | ${fmt(floor)} | ${(p50 / Math.max(floor, 1)).toFixed(1)}× |`),
    '目标：翻页 < 150 ms（2 核参考机）', '',
  ].join('\n'));
  expect(changes).toHaveLength(10);
}
