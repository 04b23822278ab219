/**
 * The smaller gaps of issue #8 item 8 in 一单两库, walked by the demo accounts: inspector01 applies for a recusal and
 * scjg_head sees it in 待办 and approves it (回避申请); jointoffice sees every department's 两库确认; scjg_admin
 * regenerates 专项库 candidates from the conditions in force, sees region names, and sees 朝阳区's checklist built on its
 * own; the inspector and entity imports use one dialog with one set of formats and sizes. Screenshots at 1440 px and
 * 390 px go to e2e/screenshots/gaps_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openMenu } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
}

function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function signInAs(account: string): Promise<void> {
  await harness.context.clearCookies();
  await harness.page.goto(`${harness.baseUrl}/login`);
  await harness.signIn(account);
  await harness.page.waitForURL((url) => url.pathname === '/');
}

describe('一单两库的小缺口（issue #8 第 8 项）', () => {
  test('回避申请：检查人员申请，部门负责人在待办中看到并同意', async () => {
    await runJourney(harness, 'gaps_failure', recusalJourney);
  });

  test('两库确认：双随机办看到本区域各部门已确认、即将到期、已逾期', async () => {
    await runJourney(harness, 'gaps_failure_confirmations', confirmationOverviewJourney);
  });

  test('导入：执法检查人员与检查对象用同一个导入窗口、同一套格式与大小规则', async () => {
    await runJourney(harness, 'gaps_failure_import', importJourney);
  });

  test('专项库与清单：scjg_admin 重新生成候选时沿用现行条件、显示区划名称，并看到朝阳区基于本局清单的清单', async () => {
    await runJourney(harness, 'gaps_failure_tags', tagsAndChecklistsJourney);
  });
});

async function recusalJourney(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize(DESKTOP);
  await signInAs('inspector01');
  await openMenu(page, '一单两库', '回避申请');
  await page.waitForURL((url) => url.pathname === '/directory/recusal-applications');
  await settle(page);
  await page.getByRole('button', { name: '新增' }).click();
  const dialog = page.getByRole('dialog', { name: '新增回避申请' });
  await dialog.waitFor();
  // The applicant is the signed-in inspector, named in the form.
  await expect.poll(() => dialog.getByText(/（[A-Z0-9]+）/).count()).toBeGreaterThan(0);
  const entity = dialog.getByRole('combobox', { name: '检查对象' });
  await entity.click();
  await entity.fill('有限公司');
  const option = page.locator('.ant-select-dropdown .ant-select-item-option').first();
  await option.waitFor({ timeout: 15_000 });
  const entityName = ((await option.textContent()) ?? '').replace(/（[0-9A-Z]+）$/, '');
  await option.click();
  await dialog.getByLabel('回避理由').fill('配偶任该公司法定代表人');
  await harness.screenshot('gaps_01_recusal_apply', { fullPage: false });
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('.ant-table-row', { hasText: entityName });
  await row.getByText('待审批').waitFor();
  await harness.screenshot('gaps_02_recusal_pending');

  await signInAs('scjg_head');
  const card = page.getByTestId('todo-card');
  const todo = card.getByRole('link', { name: new RegExp(`审批回避申请.*${entityName}`) });
  await todo.waitFor({ timeout: 30_000 });
  await harness.screenshot('gaps_03_recusal_head_todo', { fullPage: false });
  await todo.click();
  await page.waitForURL((url) => url.pathname === '/directory/recusal-applications');
  await settle(page);
  const pending = page.locator('.ant-table-row', { hasText: entityName });
  await pending.getByRole('button', { name: /^同\s*意$/ }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await confirm.getByPlaceholder('审批意见（选填）').fill('情况属实，同意回避');
  await confirm.getByRole('button', { name: /^同\s*意$/ }).click();
  await confirm.waitFor({ state: 'hidden' });
  // The 待办 opened the pending applications: the decided one leaves that list and shows as 已同意 in all.
  await pending.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: /重\s*置/ }).click();
  await page.locator('.ant-table-row', { hasText: entityName }).getByText('已同意').waitFor();
  await harness.screenshot('gaps_04_recusal_approved');

  await page.setViewportSize(PHONE);
  await settle(page);
  // antd re-lays the page out after the resize (breakpoints are observed), so wait for it.
  await expect.poll(() => overflow(page), { timeout: 15_000 }).toBeLessThanOrEqual(0);
  await harness.screenshot('gaps_05_recusal_phone');
  await page.setViewportSize(DESKTOP);
}

async function confirmationOverviewJourney(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize(DESKTOP);
  await signInAs('jointoffice');
  await openMenu(page, '一单两库', '两库确认');
  const card = page.locator('.ant-card').filter({ hasText: '各部门两库确认情况' });
  await card.locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
  const all = await card.locator('.ant-table-row').count();
  expect(all).toBeGreaterThan(1);
  await harness.screenshot('gaps_06_confirmation_overview');
  await card.getByText(/^已逾期 \d+$/).click();
  await settle(page);
  const overdue = card.locator('.ant-table-row');
  await expect.poll(async () => (await overdue.count()) === 0 || (await overdue.first().locator('.ant-tag').first().textContent()) === '已逾期').toBe(true);
  // 查看 opens the department in the status card below.
  if ((await overdue.count()) > 0) {
    const name = ((await overdue.first().locator('td').first().textContent()) ?? '').trim();
    await overdue.first().getByRole('button', { name: /查\s*看/ }).click();
    await expect.poll(() => page.locator('#confirmation-status').getByRole('alert').textContent()).toMatch(/抽取前须更新并确认两库|可以组织抽取/);
    expect(name.length).toBeGreaterThan(0);
  }
  await page.setViewportSize(PHONE);
  await settle(page);
  // antd re-lays the page out after the resize (breakpoints are observed), so wait for it.
  await expect.poll(() => overflow(page), { timeout: 15_000 }).toBeLessThanOrEqual(0);
  await card.scrollIntoViewIfNeeded();
  await harness.screenshot('gaps_07_confirmation_overview_phone', { fullPage: false });
  await page.setViewportSize(DESKTOP);
}

async function tagsAndChecklistsJourney(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize(DESKTOP);
  await signInAs('scjg_admin');
  await openMenu(page, '一单两库', '专项库');
  await page.getByRole('link', { name: '食品经营者' }).click();
  await page.waitForURL(/\/directory\/entity-tags\/[0-9a-f-]+$/);
  const panel = page.locator('.ant-card').filter({ hasText: '生成候选名单并确认' });
  await panel.getByText('已按现行版本的条件填写').waitFor();
  // The form holds the conditions of version 2: industries 512, 522, 62 and both keywords.
  for (const value of ['512', '522', '62', '食品销售', '餐饮服务']) {
    await panel.locator('.ant-select-selection-item', { hasText: new RegExp(`^${value}$`) }).first().waitFor();
  }
  await panel.getByRole('button', { name: /生成候选/ }).click();
  await panel.getByText(/范围：长春市（含下辖区县）/).waitFor({ timeout: 30_000 });
  const regionCells = panel.locator('.ant-table-row td:nth-child(3)');
  await regionCells.first().waitFor();
  const regionTexts = await regionCells.allTextContents();
  expect(regionTexts.every((t) => /[区县市]$/.test(t.trim()))).toBe(true);
  expect(regionTexts.some((t) => /^\d{6}$/.test(t.trim()))).toBe(false);
  await harness.screenshot('gaps_08_entity_tag_regenerate');
  await page.setViewportSize(PHONE);
  await settle(page);
  // antd re-lays the page out after the resize (breakpoints are observed), so wait for it.
  await expect.poll(() => overflow(page), { timeout: 15_000 }).toBeLessThanOrEqual(0);
  await panel.scrollIntoViewIfNeeded();
  await harness.screenshot('gaps_09_entity_tag_phone', { fullPage: false });
  await page.setViewportSize(DESKTOP);

  // 朝阳区's list builds on the city bureau's own: the bureau sees it (its data scope is 本部门).
  await openMenu(page, '一单两库', '抽查事项清单');
  const district = page.locator('.ant-table-row', { hasText: '长春市朝阳区市场监督管理局随机抽查事项清单' });
  await district.waitFor({ timeout: 30_000 });
  await harness.screenshot('gaps_10_checklists_scjg_admin');
}

async function importJourney(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize(DESKTOP);
  await signInAs('scjg_admin');
  await openMenu(page, '一单两库', '执法检查人员');
  await settle(page);
  await page.getByRole('button', { name: /导\s*入/ }).first().click();
  let dialog = page.getByRole('dialog', { name: '导入执法检查人员' });
  await dialog.getByText('支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 10 MB、5000 行以内').waitFor();
  expect(await dialog.locator('input[type=file]').getAttribute('accept')).toContain('.csv');
  // A CSV is imported like an .xlsx.
  await dialog.locator('input[type=file]').setInputFiles({
    name: '人员.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,执法证号,部门\r\n测试导入员,E2E20260001,长春市市场监督管理局\r\n', 'utf8'),
  });
  await harness.screenshot('gaps_11_import_inspectors', { fullPage: false });
  await dialog.getByRole('button', { name: '开始导入' }).click();
  await dialog.getByText('导入完成，全部行均已处理').waitFor({ timeout: 30_000 });
  await page.setViewportSize(PHONE);
  await harness.screenshot('gaps_12_import_inspectors_phone', { fullPage: false });
  await page.setViewportSize(DESKTOP);
  await dialog.getByRole('button', { name: /完\s*成/ }).click();

  await openMenu(page, '一单两库', '检查对象名录库');
  await settle(page);
  dialog = page.getByRole('dialog', { name: '导入检查对象' });
  // The list re-renders as its first page arrives; a click landing on the replaced toolbar opens nothing, so retry.
  await expect.poll(async () => {
    if (!(await dialog.isVisible())) await page.getByRole('button', { name: /导\s*入/ }).first().click();
    return dialog.isVisible();
  }, { timeout: 30_000, interval: 1_000 }).toBe(true);
  await dialog.getByText('支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 300 MB、约 100 万行').waitFor();
  expect(await dialog.locator('input[type=file]').getAttribute('accept')).toContain('.csv');
  await harness.screenshot('gaps_13_import_entities', { fullPage: false });
  await page.keyboard.press('Escape');
}
