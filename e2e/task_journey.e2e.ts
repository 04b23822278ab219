/**
 * 抽查任务 (issue #9 item 4 and its part of item 13): the city 市场监管局's administrator opens 计划与抽取 → 抽查任务,
 * drafts an ad hoc joint task with the 生态环境局 — one item of each department's published list, ratios per credit
 * class (the rounding example shown), team settings with per-department quotas — and submits it; the head of the
 * bureau approves it and it is 已发布, with the approval history on the detail page. Screenshots in e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openMenu, pickOption } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const shot = (name: string) => harness.screenshot(name, { fullPage: true });

/** Picks an option of the antd Select whose input has `id`, by the option's text. */
async function pickById(page: Page, id: string, text: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  const listId = await input.getAttribute('aria-controls');
  const popup = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId ?? ''}"]`) });
  await popup.locator('.ant-select-item-option', { hasText: text }).first().click();
}

describe('抽查任务', () => {
  test('起草联合临时任务（两部门事项、分层比例、检查组）→ 提交 → 负责人审核通过 → 已发布', async () => {
    await runJourney(harness, 'task_failure', journey);
  });
});

async function journey(): Promise<void> {
  const { page } = harness;
  const year = new Date().getUTCFullYear();
  const name = `${year}年食品经营与排污许可联合抽查`;
  await harness.signIn('scjg_admin');
  await openMenu(page, '计划与抽取', '抽查任务');
  await page.waitForURL(/\/workflow\/tasks$/);
  await page.getByRole('button', { name: '新增临时任务' }).waitFor();
  await shot('task_01_list');

  await page.getByRole('button', { name: '新增临时任务' }).click();
  await page.waitForURL(/\/workflow\/tasks\/new$/);
  await page.getByRole('heading', { name: '新增临时任务' }).waitFor();
  const form = page.locator('form');
  await form.getByLabel('任务名称').fill(name);
  const start = page.locator('#period');
  await start.click();
  await start.fill(`${year}-12-10`);
  await page.keyboard.press('Enter');
  const end = page.locator('.ant-picker-range input').nth(1);
  await end.fill(`${year}-12-28`);
  await page.keyboard.press('Enter');
  await pickOption(page, form, '参与部门', '长春市生态环境局');
  await page.keyboard.press('Escape');

  // 检查事项: one item from each department's published list.
  const items = page.locator('.ant-card', { hasText: '二、检查事项' });
  const marketRow = items.locator('.ant-table-row', { hasText: '长春市市场监督管理局' }).first();
  await marketRow.waitFor({ timeout: 30_000 });
  await marketRow.locator('.ant-checkbox-input').check();
  const envRow = items.locator('.ant-table-row', { hasText: '长春市生态环境局' }).first();
  await envRow.waitFor();
  await envRow.locator('.ant-checkbox-input').check();
  expect(await items.locator('.ant-table-row .ant-checkbox-checked').count()).toBe(2);

  // 分层与比例: C and D classes inspected more often; the rounding example follows each stratum.
  await page.locator('#spec_strata_2_value').fill('10');
  await pickById(page, 'spec_strata_2_rounding', '向上取整');
  await page.locator('#spec_strata_3_value').fill('20');
  const strata = page.locator('.ant-card', { hasText: '四、分层与比例' });
  await strata.getByText('1,234 户 × 3% = 37.02 → 37 户（四舍五入）').first().waitFor();
  await strata.getByText('1,234 户 × 10% = 123.40 → 124 户（向上取整）').waitFor();

  // 检查组设置: three per object, two from the lead and one from the 生态环境局.
  await page.locator('#spec_team_teamSize').fill('3');
  const team = page.locator('.ant-card', { hasText: '五、检查组设置' });
  await team.getByRole('button', { name: '添加派员部门' }).click();
  await team.getByRole('button', { name: '添加派员部门' }).click();
  await pickById(page, 'spec_team_departmentQuotas_0_departmentId', '长春市市场监督管理局');
  await page.locator('#spec_team_departmentQuotas_0_members').fill('2');
  await pickById(page, 'spec_team_departmentQuotas_1_departmentId', '长春市生态环境局');
  await page.locator('#spec_team_recusalYears').fill('3');
  await items.scrollIntoViewIfNeeded();
  await harness.screenshot('task_02_editor_items', { fullPage: false });
  await strata.locator('.ant-alert').scrollIntoViewIfNeeded();
  await harness.screenshot('task_03_editor_strata', { fullPage: false });
  await team.scrollIntoViewIfNeeded();
  await harness.screenshot('task_04_editor_team', { fullPage: false });

  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/workflow\/tasks\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await page.getByRole('heading', { name }).waitFor();
  const code = page.locator('.ant-descriptions-item', { hasText: '任务编号' }).locator('.ant-descriptions-item-content');
  expect(await code.textContent()).toMatch(new RegExp(`^220100-${year}-\\d{4}$`));
  await page.getByText('1,234 户 × 20% = 246.80 → 247 户（四舍五入）').waitFor();
  await page.getByText('长春市市场监督管理局 2 人；长春市生态环境局 1 人').waitFor();
  await shot('task_05_draft_detail');

  await page.getByRole('button', { name: '提交审核' }).click();
  await page.locator('.ant-tag', { hasText: '审核中' }).first().waitFor({ timeout: 30_000 });
  await page.getByText('提交审核 · 分管负责人审批 · ').waitFor();
  const taskUrl = page.url();

  await page.context().clearCookies();
  await harness.signIn('scjg_head');
  await page.goto(taskUrl);
  await page.getByRole('button', { name: '审核通过' }).waitFor({ timeout: 30_000 });
  await shot('task_06_review');
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.locator('.ant-tag', { hasText: '已发布' }).first().waitFor({ timeout: 30_000 });
  await page.getByText('审核通过 · 分管负责人审批 · ').waitFor();
  await shot('task_07_published');

  await openMenu(page, '计划与抽取', '抽查任务');
  const row = page.locator('.ant-table-row', { hasText: name }).first();
  await row.locator('.ant-tag', { hasText: '已发布' }).waitFor({ timeout: 30_000 });
  await shot('task_08_list_published');
}
