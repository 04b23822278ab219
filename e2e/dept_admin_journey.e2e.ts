/**
 * A 部门管理员 (demo account scjg_admin) signs in, adds a user in 用户管理, sees it in the list,
 * finds the 「新增用户」 row for that account in 操作日志, and signs out. Along the way: a wrong
 * password shows the Chinese error, an empty dialog shows the required-field messages, and a name
 * containing markup is shown as literal text. Screenshots go to e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openMenu, pickOption } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

const ACCOUNT = 'scjg_admin';
const NEW_ACCOUNT = `e2e_${Date.now().toString(36)}`;
const NEW_NAME = '测试<b>html</b>';
const NEW_PASSWORD = 'Kaihu2026x';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function signIn(page: Page, password: string): Promise<void> {
  await page.getByPlaceholder('账号', { exact: true }).fill(ACCOUNT);
  await page.getByPlaceholder('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('部门管理员：新增用户并在操作日志中查到', () => {
  test('登录 → 用户管理 → 新增用户 → 操作日志 → 退出', async () => {
    await runJourney(harness, 'failure', journey);
  });
});

async function journey(): Promise<void> {
  const { page, baseUrl } = harness;

  // A deep link without a session goes to the login page and remembers where it was going.
  await page.goto(`${baseUrl}/system/users`);
  await page.waitForURL(/\/login\?redirect=%2Fsystem%2Fusers/);
  await expect.poll(() => page.getByText('用户登录').isVisible()).toBe(true);
  await harness.screenshot('01_login');

  // Wrong password: the Chinese error, in place.
  await signIn(page, 'Wrong-pass-1');
  const alert = page.getByRole('alert').filter({ hasText: '登录失败' });
  await alert.waitFor({ state: 'visible' });
  expect(await alert.textContent()).toContain('账号或密码错误');
  expect(await page.getByPlaceholder('密码', { exact: true }).inputValue()).toBe('');
  await expect.poll(() => page.getByRole('button', { name: /登\s*录/ }).isEnabled()).toBe(true);
  await harness.screenshot('02_wrong_password');

  // Right password: back to 用户管理 (or first the forced password change).
  await signIn(page, harness.demoPassword);
  await page.waitForURL((url) => url.pathname === '/system/users' || url.pathname === '/change-password');
  if (new URL(page.url()).pathname === '/change-password') {
    await harness.screenshot('03a_forced_change_password');
    await page.getByLabel('原密码').fill(harness.demoPassword);
    await page.getByLabel('新密码', { exact: true }).fill('Changed2026x');
    await page.getByLabel('确认新密码').fill('Changed2026x');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await openMenu(page, '系统管理', '用户管理');
    await page.waitForURL((url) => url.pathname === '/system/users');
  }
  const table = page.locator('.ant-table');
  await table.locator('.ant-table-row').first().waitFor({ state: 'visible' });
  expect(await page.locator('header').textContent()).toContain('suiji 双随机、一公开监管平台');
  await harness.screenshot('03_users');

  // The dialog refuses an empty form with Chinese required messages.
  await page.locator('button', { hasText: /^新增$/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '新增用户' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByLabel('初始密码').fill('');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.getByText('请输入账号').waitFor({ state: 'visible' });
  await dialog.getByText('请输入姓名').waitFor({ state: 'visible' });
  await dialog.getByText('请选择所属部门').waitFor({ state: 'visible' });
  await harness.screenshot('04_create_user_required', { fullPage: false });

  // Fill it in and save.
  await dialog.getByLabel('账号').fill(NEW_ACCOUNT);
  await dialog.getByLabel('姓名').fill(NEW_NAME);
  const department = await pickOption(page, dialog, '所属部门');
  await dialog.getByLabel('手机号码').fill('13900001234');
  const role = await pickOption(page, dialog, '角色', '执法检查人员');
  await dialog.locator('.ant-modal-title').click(); // close the multi-select popup
  await dialog.getByLabel('初始密码').fill(NEW_PASSWORD);
  await harness.screenshot('05_create_user_filled', { fullPage: false });
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await page.getByText('新增成功').waitFor({ state: 'visible' });
  await dialog.waitFor({ state: 'hidden' });

  // Find it by account: the filter goes into the URL, and the name shows as literal text.
  const search = page.locator('form[aria-label="搜索条件"]');
  await search.getByLabel('账号', { exact: true }).fill(NEW_ACCOUNT);
  await search.getByRole('button', { name: /搜\s*索/ }).click();
  await page.waitForURL((url) => url.searchParams.get('account') === NEW_ACCOUNT);
  const row = table.locator('.ant-table-row').filter({ hasText: NEW_ACCOUNT });
  await row.waitFor({ state: 'visible' });
  await expect.poll(() => table.locator('.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
  const rowText = (await row.textContent()) ?? '';
  expect(rowText).toContain(NEW_NAME);
  expect(rowText).toContain(department.trim());
  expect(rowText).toContain(role.trim());
  expect(await row.locator('b').count()).toBe(0);
  await harness.screenshot('06_user_created');

  // A reload keeps the filter.
  await page.reload();
  await row.waitFor({ state: 'visible' });
  expect(await search.getByLabel('账号', { exact: true }).inputValue()).toBe(NEW_ACCOUNT);

  // 操作日志: the 新增用户 row for that account, and its detail.
  await openMenu(page, '系统监控', '操作日志');
  await page.waitForURL((url) => url.pathname === '/monitor/operation-logs');
  await search.getByLabel('操作内容', { exact: true }).fill('新增用户');
  await search.getByRole('button', { name: /搜\s*索/ }).click();
  const logRow = page.locator('.ant-table-row').filter({ hasText: '新增用户' }).filter({ hasText: NEW_ACCOUNT }).first();
  await logRow.waitFor({ state: 'visible' });
  expect(await logRow.textContent()).toContain('成功');
  await harness.screenshot('07_operation_log');
  await logRow.getByRole('button', { name: '详情' }).click();
  const drawer = page.locator('.ant-drawer').filter({ hasText: '操作详情' });
  await drawer.waitFor({ state: 'visible' });
  expect(await drawer.textContent()).toContain(NEW_ACCOUNT);
  await harness.screenshot('08_operation_log_detail', { fullPage: false });
  await drawer.locator('.ant-drawer-close').click();
  await drawer.waitFor({ state: 'hidden' });

  // 工作台 shows who is signed in.
  await page.getByRole('menuitem', { name: /工作台/ }).click();
  await page.getByText(`您好，`).waitFor({ state: 'visible' });
  await harness.screenshot('09_dashboard');

  // Sign out from the user menu: back on the login page, and the session is gone.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByText('用户登录').waitFor({ state: 'visible' });
  await page.goto(`${baseUrl}/system/users`);
  await page.waitForURL(/\/login/);
  await harness.screenshot('10_logged_out');
}
