/**
 * A member of the public, without an account, opens 公开信息查询 from the login page: the lists in force of 长春市 and of
 * 朝阳区 (长春第6条, 东胜 四(二)1), then the inspector directory (东胜 四(二)2) — name, department and 执法证号 only —
 * searched by name; the region survives a reload and the back button; an unknown public path is a 404; then back to
 * the login page. Screenshots go to e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('公开信息查询', () => {
  test('抽查事项清单（市、区）→ 执法检查人员名录（按姓名查询）→ 返回登录', async () => {
    await runJourney(harness, 'public_failure', async () => {
      const { page } = harness;
      await page.goto(`${harness.baseUrl}/login`);
      await page.getByRole('link', { name: /公开信息查询/ }).click();
      await page.waitForURL(/\/public$/);

      // The city's lists: the first is open, its items shown as a tree with their level.
      const region = page.getByLabel('行政区划');
      await page.locator('.ant-select', { has: region }).filter({ hasText: '长春市（220100）' }).waitFor();
      const panels = page.locator('.ant-collapse-item');
      await expect.poll(() => panels.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
      await expect.poll(() => panels.filter({ hasText: '长春市市场监管领域部门联合抽查事项清单' }).count()).toBe(1);
      const firstTable = panels.first().locator('.ant-table-row');
      await expect.poll(() => firstTable.count()).toBeGreaterThan(3);
      await panels.first().locator('.ant-tag', { hasText: '检查事项' }).first().waitFor();
      await harness.screenshot('public_01_checklists', { fullPage: false });

      // 朝阳区: its own list, built on the city's.
      await region.click();
      const listId = await region.getAttribute('aria-controls');
      await page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) }).locator('.ant-select-item-option', { hasText: '朝阳区' }).click();
      await expect.poll(() => panels.filter({ hasText: '长春市朝阳区市场监督管理局随机抽查事项清单' }).count(), { timeout: 30_000 }).toBe(1);
      await harness.screenshot('public_02_district', { fullPage: false });

      // The region is in the URL: a reload keeps 朝阳区, the back button returns to the city.
      await page.waitForURL(/\/public\?region=220104$/);
      await page.reload();
      await expect.poll(() => panels.filter({ hasText: '长春市朝阳区市场监督管理局随机抽查事项清单' }).count(), { timeout: 30_000 }).toBe(1);
      await page.goBack();
      await page.waitForURL(/\/public$/);
      await expect.poll(() => panels.filter({ hasText: '长春市市场监管领域部门联合抽查事项清单' }).count(), { timeout: 30_000 }).toBe(1);

      // The inspector directory: three columns only.
      await page.getByRole('tab', { name: '执法检查人员名录' }).click();
      await page.waitForURL(/\/public\/inspectors$/);
      const pane = page.getByRole('tabpanel', { name: '执法检查人员名录' });
      const rows = pane.locator('.ant-table-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(5);
      const headers = await pane.locator('.ant-table-thead th').allInnerTexts();
      expect(headers.map((h) => h.trim())).toEqual(['姓名', '所属部门', '执法证号']);
      const name = (await rows.first().locator('td').first().innerText()).trim();
      await page.getByPlaceholder('请输入姓名').fill(name);
      await page.getByRole('button', { name: /搜\s*索/ }).click();
      await page.waitForURL(new RegExp(`/public/inspectors\\?name=${encodeURIComponent(name)}`));
      await expect.poll(async () => (await rows.locator('td:first-child').allInnerTexts()).every((t) => t.trim().includes(name)), { timeout: 30_000 }).toBe(true);
      await harness.screenshot('public_03_inspectors');

      // An unknown public address is a 404 page, not the first tab.
      await page.goto(`${harness.baseUrl}/public/no-such-page`);
      await page.getByText('页面不存在').waitFor();
      expect(await page.getByRole('tab', { name: '随机抽查事项清单' }).count()).toBe(0);
      await harness.screenshot('public_04_not_found', { fullPage: false });
      await page.getByRole('button', { name: '返回公开信息查询' }).click();
      await page.waitForURL(/\/public$/);

      await page.getByRole('link', { name: '工作人员登录' }).click();
      await page.getByPlaceholder('账号', { exact: true }).waitFor();
    });
  });
});
