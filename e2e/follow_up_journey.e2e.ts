/**
 * 后续处置 (issue #10 item 7) against the real API and the demo data: the 市场监管局 approves a result with a finding
 * (责令改正) on a desktop — its follow-up opens by itself and shows on the result drawer — and transfers it to the
 * 生态环境局 (谁主管、谁负责); the 生态环境局, on a phone, finds it in its 待办, accepts it and closes it with the outcome.
 * Screenshots go to e2e/screenshots/follow_up_*.png (1440 and 390 px).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('后续处置：部门移送 → 接收部门接收并办结', () => {
  test('通过有问题的结果自动登记后续处置 → 移送生态环境局 → 对方在待办中接收并办结', async () => {
    await runJourney(harness, 'follow_up_failure', journey);
  }, 8 * 60_000);
});

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
}

async function signInAs(account: string): Promise<void> {
  await harness.context.clearCookies();
  await harness.page.goto(`${harness.baseUrl}/login`);
  await harness.signIn(account);
  await harness.page.waitForURL((url) => url.pathname === '/');
}

async function journey(): Promise<void> {
  const { page } = harness;
  await page.setViewportSize(DESKTOP);
  await signInAs('scjg_admin');

  // The demo leaves a 发现问题已责令改正 result awaiting review; approving it opens its follow-up.
  const submitted = await page.evaluate(async () => (await (await fetch('/api/inspection/results?status=submitted&pageSize=50')).json()) as { rows: { id: string; entityName: string; resultCategoryLabel: string | null }[] });
  const finding = submitted.rows.find((r) => r.resultCategoryLabel === '发现问题已责令改正');
  expect(finding, '演示数据中应有待审核的“发现问题已责令改正”结果').toBeDefined();
  const entityName = finding?.entityName ?? '';
  await page.goto(`${harness.baseUrl}/inspection/results/${finding?.id ?? ''}`);
  const resultDrawer = page.locator('.ant-drawer');
  await resultDrawer.getByRole('button', { name: /通\s*过/ }).click();
  const approve = page.locator('.ant-modal').filter({ hasText: '审核通过' });
  await approve.getByRole('button', { name: /通\s*过/ }).click();
  await approve.waitFor({ state: 'hidden' });
  const section = resultDrawer.locator('.ant-card').filter({ hasText: '后续处置' });
  await section.getByText('本部门处置中').waitFor();
  await section.scrollIntoViewIfNeeded();
  await harness.screenshot('follow_up_01_result_section', { fullPage: false });

  // From the result to its follow-up, then 移送 to the 生态环境局.
  await section.getByRole('link', { name: '查看后续处置' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/inspection/follow-ups/'));
  const drawer = page.locator('.ant-drawer').filter({ hasText: `后续处置：${entityName}` });
  await drawer.getByRole('button', { name: /^移\s*送$/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: `移送：${entityName}` });
  await dialog.waitFor();
  // The list of departments is long: type to narrow it, then pick.
  const combo = dialog.getByRole('combobox', { name: '接收部门' });
  await combo.click();
  await combo.fill('生态环境');
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '生态环境' }).first();
  await option.waitFor();
  const receiver = ((await option.textContent()) ?? '').trim();
  await option.click();
  await dialog.locator('.ant-select').filter({ hasText: receiver }).first().waitFor();
  await dialog.getByLabel('移送理由与线索').fill('现场发现该户排污口设置不规范、污水直排雨水管网，属生态环境部门管辖，移送依法处理。');
  await harness.screenshot('follow_up_02_transfer_dialog', { fullPage: false });
  await dialog.getByRole('button', { name: /^移\s*送$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
  await drawer.getByText('待接收').first().waitFor();
  await drawer.getByText(receiver).first().waitFor();
  await harness.screenshot('follow_up_03_awaiting', { fullPage: false });

  // The 生态环境局 on a phone: the 待办 names the transfer; it opens the follow-up.
  await page.setViewportSize(PHONE);
  await signInAs('sthj_admin');
  const todo = page.getByTestId('todo-card').getByRole('link', { name: new RegExp(`接收或退回移送的后续处置：${entityName}`) });
  await todo.waitFor({ timeout: 30_000 });
  await todo.scrollIntoViewIfNeeded();
  await harness.screenshot('follow_up_04_receiver_todo', { fullPage: false });
  await todo.click();
  await page.waitForURL((url) => url.pathname.startsWith('/inspection/follow-ups/'));
  await settle(page);
  const received = page.locator('.ant-drawer').filter({ hasText: `后续处置：${entityName}` });
  await received.getByText('移送理由').waitFor();
  await harness.screenshot('follow_up_05_receiver_drawer_phone', { fullPage: false });
  await received.getByRole('button', { name: /^接\s*收$/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /接\s*收/ }).click();
  await received.getByText('已接收').first().waitFor();

  // Closed with the outcome: 已完结, and the timeline has every step.
  await received.getByRole('button', { name: /^办\s*结$/ }).click();
  const close = page.locator('.ant-modal').filter({ hasText: `办结：${entityName}` });
  await close.getByLabel('处理结果').fill('已立案调查，责令限期整改排污口并处罚款。');
  await close.getByRole('button', { name: /^办\s*结$/ }).click();
  await close.waitFor({ state: 'hidden' });
  await received.getByText('已完结').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await harness.screenshot('follow_up_06_closed_phone');

  // The list of what was transferred to the department, on the phone.
  await page.goto(`${harness.baseUrl}/inspection/follow-ups?box=incoming`);
  await settle(page);
  await page.locator('.ant-table-row', { hasText: entityName }).getByText('已完结').first().waitFor();
  await harness.screenshot('follow_up_07_incoming_list_phone');

  // The sender sees the outcome (desktop).
  await page.setViewportSize(DESKTOP);
  await signInAs('scjg_admin');
  await page.goto(`${harness.baseUrl}/inspection/follow-ups`);
  await settle(page);
  const row = page.locator('.ant-table-row', { hasText: entityName });
  await row.getByText('已完结').first().waitFor();
  await harness.screenshot('follow_up_08_outgoing_list');
  const history = await page.evaluate(async (name) => {
    const list = await (await fetch(`/api/inspection/follow-ups?keyword=${encodeURIComponent(name)}`)).json() as { rows: { id: string }[] };
    const detail = await (await fetch(`/api/inspection/follow-ups/${list.rows[0]?.id ?? ''}`)).json() as { history: { event: string | null }[] };
    return detail.history.map((h) => h.event);
  }, entityName);
  expect(history).toEqual(['create', 'transfer', 'accept', 'close']);
}
