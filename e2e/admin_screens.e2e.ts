/**
 * The 系统管理员 (demo account admin) exercises what every list page shares: the toolbar follows the
 * selection (修改 with exactly one row, 删除 with one or more), a new record made through the dialog
 * and the lazy region tree, the delete confirmation naming what goes, filters and paging kept in the
 * URL, a spreadsheet import that keeps the good rows and lists the bad ones, the 留痕链 check, and
 * the imported user's forced change of the initial password.
 * Screenshots go to e2e/screenshots/admin_*.png.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { pickOption } from './antd';
import { runJourney, SCREENSHOT_DIR, startHarness, type Harness } from './harness';

const DEPARTMENT = `测试<i>部门</i>${Date.now().toString(36)}`;

const IMPORTED = `imp_${Date.now().toString(36)}`;

let harness: Harness;

/** A users sheet with the template's headers: one good row, one with a malformed account (row 3). */
async function usersSheet(): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('用户');
  sheet.addRow(['账号', '姓名', '部门', '联系电话', '角色', '状态', '初始密码']);
  sheet.addRow([IMPORTED, '导入测试', '长春市市场监督管理局', '13900000002', '执法检查人员', '正常', 'Import2026x']);
  sheet.addRow(['9bad', '格式错误', '长春市市场监督管理局', '', '执法检查人员', '正常', 'Import2026x']);
  const path = join(SCREENSHOT_DIR, 'admin_users_import.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

function toolbarButton(page: Page, text: RegExp) {
  return page.locator('button', { hasText: text }).first();
}

async function screens(): Promise<void> {
  const { page, baseUrl } = harness;
  await harness.signIn('admin');
  await page.waitForURL((url) => url.pathname === '/');

  // The toolbar follows the selection.
  await page.goto(`${baseUrl}/system/departments`);
  const rows = page.locator('.ant-table-tbody .ant-table-row');
  await rows.first().waitFor({ state: 'visible' });
  const edit = toolbarButton(page, /^修改$/);
  const remove = toolbarButton(page, /^删除/);
  expect(await edit.isEnabled()).toBe(false);
  expect(await remove.isEnabled()).toBe(false);
  await rows.nth(0).getByRole('checkbox').click();
  await rows.nth(1).getByRole('checkbox').click();
  await expect.poll(() => remove.textContent()).toBe('删除（2）');
  expect(await edit.isEnabled()).toBe(false);
  await rows.nth(0).getByRole('checkbox').click();
  await expect.poll(() => edit.isEnabled()).toBe(true);
  const secondName = (await rows.nth(1).locator('td').nth(1).textContent()) ?? '';
  await edit.click();
  const editDialog = page.locator('.ant-modal').filter({ hasText: '修改部门' });
  await editDialog.waitFor({ state: 'visible' });
  expect(await editDialog.getByLabel('部门名称').inputValue()).toBe(secondName);
  await harness.screenshot('admin_01_department_edit', { fullPage: false });
  await editDialog.getByRole('button', { name: /取\s*消/ }).click();
  await editDialog.waitFor({ state: 'hidden' });

  // A new department: type from its select, region from the lazy tree (searched by name).
  await toolbarButton(page, /^新增$/).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '新增部门' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByLabel('部门名称').fill(DEPARTMENT);
  await pickOption(page, dialog, '部门类型');
  await dialog.getByLabel('行政区划').fill('长春');
  // Wait for the server's search result (its title carries the code), not the lazy tree's node that
  // is still on screen for a moment after typing.
  const regionOption = page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode').filter({ hasText: '长春市（220100）' }).first();
  await regionOption.waitFor({ state: 'visible' });
  // On a loaded machine the search result can be re-rendered under the click: click again until chosen.
  const chosenRegion = dialog.locator('.ant-form-item').filter({ hasText: '行政区划' }).locator('.ant-select').filter({ hasText: '长春市' });
  for (let attempt = 1; !(await chosenRegion.isVisible()); attempt++) {
    if (attempt > 10) throw new Error('行政区划没有选中「长春市」');
    if (await regionOption.isVisible()) await regionOption.locator('.ant-select-tree-node-content-wrapper').click({ timeout: 5_000 });
    await chosenRegion.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
  }
  await harness.screenshot('admin_02_department_new', { fullPage: false });
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await page.getByText('新增成功').waitFor({ state: 'visible' });

  // Find it (the filter lands in the URL), see the name as text, delete it through the confirmation.
  const search = page.locator('form[aria-label="搜索条件"]');
  await search.getByLabel('部门名称').fill(DEPARTMENT);
  await search.getByRole('button', { name: /搜\s*索/ }).click();
  await page.waitForURL((url) => url.searchParams.get('name') === DEPARTMENT);
  const created = rows.filter({ hasText: DEPARTMENT });
  await created.waitFor({ state: 'visible' });
  await expect.poll(() => rows.count()).toBe(1);
  expect(await created.locator('i').count()).toBe(0);
  await created.getByRole('button', { name: '删除' }).click();
  const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '确认删除以下 1 个部门' });
  await confirm.waitFor({ state: 'visible' });
  expect(await confirm.textContent()).toContain(DEPARTMENT);
  await harness.screenshot('admin_03_department_delete_confirm', { fullPage: false });
  await confirm.getByRole('button', { name: /删\s*除/ }).click();
  await page.getByText('已删除 1 个部门').waitFor({ state: 'visible' });
  await expect.poll(() => rows.count()).toBe(0);
  await page.getByText('没有符合条件的数据').waitFor({ state: 'visible' });
  await harness.screenshot('admin_04_department_deleted');

  // Import: 仅导入正确的行 keeps the good row and lists the bad one with its row number and column.
  await page.goto(`${baseUrl}/system/users`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await toolbarButton(page, /^导入$/).click();
  const importer = page.locator('.ant-modal').filter({ hasText: '导入用户' });
  await importer.waitFor({ state: 'visible' });
  expect(await importer.getByText('下载导入模板').getAttribute('href')).toBe('/api/system/users/import-template');
  await importer.getByText('仅导入正确的行').click();
  await importer.locator('input[type=file]').setInputFiles(await usersSheet());
  await importer.getByRole('button', { name: '开始导入' }).click();
  await importer.getByText('正确的行已导入，以下行未导入').waitFor({ state: 'visible' });
  const errorRow = importer.locator('.ant-table-row').filter({ hasText: '第 3 行' });
  await errorRow.waitFor({ state: 'visible' });
  expect(await errorRow.textContent()).toContain('账号');
  expect(await importer.locator('.ant-statistic').filter({ hasText: '新增' }).locator('.ant-statistic-content').textContent()).toBe('1');
  await harness.screenshot('admin_05_users_import', { fullPage: false });
  await importer.getByRole('button', { name: /完\s*成/ }).click();
  await page.goto(`${baseUrl}/system/users?account=${IMPORTED}`);
  await page.locator('.ant-table-tbody .ant-table-row').filter({ hasText: IMPORTED }).waitFor({ state: 'visible' });

  // Paging and filters come from the URL.
  await page.goto(`${baseUrl}/system/users?status=active&pageSize=10&page=2`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await page.getByText(/显示 第 11-20 条\/共 \d+ 条/).waitFor({ state: 'visible' });
  expect(await page.locator('.ant-pagination-item-active').textContent()).toBe('2');
  await harness.screenshot('admin_06_users_page_2');

  // 留痕链 check from the 操作日志 toolbar.
  await page.goto(`${baseUrl}/monitor/operation-logs`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await toolbarButton(page, /校验留痕链/).click();
  const report = page.locator('.ant-modal').filter({ hasText: '留痕链校验结果' });
  await report.getByText('留痕链完整').waitFor({ state: 'visible' });
  await harness.screenshot('admin_07_audit_chain', { fullPage: false });
  await report.locator('.ant-modal-footer button').click();

  // 登录日志 shows this session's sign-in.
  await page.goto(`${baseUrl}/monitor/login-logs?account=admin`);
  await page.locator('.ant-table-tbody .ant-table-row').filter({ hasText: '登录成功' }).first().waitFor({ state: 'visible' });
  await harness.screenshot('admin_08_login_logs');

  // The imported user signs in with the initial password and must change it before anything else.
  // Sign out through the menu; once the server has ended the session, sign in afresh from the login page.
  // Open the menu and choose 退出登录 until the sign-out request goes out: under load a click can land while the
  // dropdown is still animating in and do nothing (seen on a loaded machine).
  const logoutItem = page.getByRole('menuitem', { name: '退出登录' });
  let logoutStatus = 0;
  const onResponse = (response: { url(): string; status(): number }) => {
    if (logoutStatus === 0 && response.url().endsWith('/api/auth/logout')) logoutStatus = response.status();
  };
  page.on('response', onResponse);
  await expect.poll(async () => {
    if (logoutStatus !== 0) return logoutStatus;
    if (await logoutItem.isVisible()) await logoutItem.click({ timeout: 5_000 }).catch(() => undefined);
    else await page.getByTestId('user-menu').click({ timeout: 5_000 }).catch(() => undefined);
    return logoutStatus;
  }, { timeout: 90_000, interval: 2_000 }).toBe(204);
  page.off('response', onResponse);
  await page.waitForURL((url) => url.pathname === '/login');
  await harness.signIn(IMPORTED, 'Import2026x');
  await page.waitForURL((url) => url.pathname === '/change-password');
  await page.getByText('修改初始密码').waitFor({ state: 'visible' });
  await page.goto(`${baseUrl}/system/users`);
  await page.waitForURL((url) => url.pathname === '/change-password');
  await page.getByLabel('原密码').fill('Import2026x');
  await page.getByLabel('新密码', { exact: true }).fill('Import2026x');
  await page.getByLabel('确认新密码').fill('Import2026y');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.getByText('新密码不能与原密码相同').waitFor({ state: 'visible' });
  await page.getByText('两次输入的新密码不一致').waitFor({ state: 'visible' });
  await harness.screenshot('admin_09_forced_password_change');
  await page.getByLabel('新密码', { exact: true }).fill('Changed2026y');
  await page.getByLabel('确认新密码').fill('Changed2026y');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByText('您好，导入测试').waitFor({ state: 'visible' });
  await harness.screenshot('admin_10_imported_user_home');
}

describe('系统管理员：列表页的共同行为', () => {
  test('选择与工具栏、新增与删除确认、导入、URL 中的筛选与分页、留痕链校验、首次登录改密', async () => {
    await runJourney(harness, 'admin_failure', screens);
  });
});
