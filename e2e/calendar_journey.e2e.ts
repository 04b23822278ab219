/**
 * The 系统管理员 opens 系统管理 → 工作日历: next year has no official schedule yet (暂定), so the month grid shows only
 * the fixed statutory days and a warning; pasting the State Council's notice with a mistake shows the line's error;
 * the corrected schedule is saved and the year becomes 已录入 with its 放假 and 调休上班 days in the grid
 * (issue #9 item 1). Screenshots go to e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openMenu } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** The first Saturday of February of `year`, as YYYY-MM-DD (a weekend day for a 调休上班 line). */
function firstFebruarySaturday(year: number): string {
  const first = new Date(Date.UTC(year, 1, 1));
  const day = 1 + ((6 - first.getUTCDay() + 7) % 7);
  return `${year}-02-${String(day).padStart(2, '0')}`;
}

describe('工作日历', () => {
  test('暂定年份 → 录入国务院办公厅安排（先看到逐行错误）→ 已录入', async () => {
    await runJourney(harness, 'calendar_failure', async () => {
      const { page } = harness;
      // Next year by the server's clock is never built in and never started, so it can be entered.
      const year = new Date().getUTCFullYear() + 1;
      await harness.signIn('admin');
      await openMenu(page, '系统管理', '工作日历');
      await page.waitForURL(/\/system\/calendar$/);

      const row = page.locator('.ant-table-row', { hasText: String(year) }).first();
      await row.locator('.ant-tag', { hasText: '暂定' }).waitFor({ timeout: 30_000 });
      await row.click();
      await page.getByText(`${year}年的节假日安排尚未录入，涉及该年的期限为暂定`).waitFor();
      await expect.poll(() => page.locator(`[data-date="${year}-10-02"][data-mark="holiday"]`).count()).toBe(1);
      await harness.screenshot('calendar_01_provisional');

      await row.getByRole('button', { name: '录入' }).click();
      const dialog = page.getByRole('dialog', { name: `录入${year}年节假日安排` });
      await dialog.getByLabel('依据（通知名称或文号）').fill(`国务院办公厅关于${year}年部分节假日安排的通知`);
      const lines = dialog.locator('textarea');
      await lines.fill([`${year}-01-01 元旦`, `元旦 ${year}-01-02`].join('\n'));
      await dialog.getByText('第2行：应为“YYYY-MM-DD 名称”或“YYYY-MM-DD至YYYY-MM-DD 名称”').waitFor();
      expect(await dialog.getByRole('button', { name: /保\s*存/ }).isDisabled()).toBe(true);
      await harness.screenshot('calendar_02_line_errors', { fullPage: false });

      const saturday = firstFebruarySaturday(year);
      await lines.fill([`# ${year}年`, `${year}-01-01 元旦`, `${year}-02-10至${year}-02-16 春节`, `${saturday} 调休上班`].join('\n'));
      await dialog.getByText('已识别 9 天').waitFor();
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.locator('.ant-tag', { hasText: '已录入' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator(`[data-date="${year}-02-12"][data-mark="holiday"]`).count()).toBe(1);
      expect(await page.locator(`[data-date="${saturday}"][data-mark="makeup"]`).count()).toBe(1);
      expect(await page.locator(`[data-date="${year}-10-02"][data-mark="holiday"]`).count()).toBe(0);
      await harness.screenshot('calendar_03_entered');

      // A regional extra holiday of 南关区 shows in the grid and the list.
      await page.getByRole('button', { name: '新增地方假日' }).click();
      const holiday = page.locator('.ant-modal').filter({ hasText: '新增地方假日' });
      await holiday.getByLabel('适用区划').fill('南关');
      const regionOption = page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode').filter({ hasText: '南关区（220102）' }).first();
      await regionOption.waitFor({ state: 'visible' });
      await regionOption.locator('.ant-select-tree-node-content-wrapper').click();
      await holiday.getByLabel('日期').fill(`${year}-03-02`);
      await holiday.getByLabel('日期').press('Enter');
      await holiday.getByLabel('名称').fill('地方节日');
      await harness.screenshot('calendar_04_regional_dialog', { fullPage: false });
      await holiday.getByRole('button', { name: /保\s*存/ }).click();
      await holiday.waitFor({ state: 'hidden' });
      await page.locator('.ant-table-row', { hasText: '地方节日' }).filter({ hasText: '220102' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator(`[data-date="${year}-03-02"][data-mark="regional"]`).count()).toBe(1);
      await harness.screenshot('calendar_05_regional');
    });
  });
});
