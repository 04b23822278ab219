/** Steps several journeys share: drafting the demo joint plan, and a second browser signed in as someone else. */
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { openMenu, pickOption } from './antd';

export const modal = (page: Page, title: string | RegExp): Locator =>
  page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });

/**
 * As the 市场监管局 administrator (signed in), opens a new annual plan named `planName` with the 生态环境局 taking part and
 * one planned task (企业公示信息 and 排污 items); `inTaskDialog` runs with the task dialog filled (for a screenshot).
 * Leaves the editor open, unsaved.
 */
export async function draftJointPlan(page: Page, planName: string, timeout: number, inTaskDialog?: () => Promise<void>): Promise<void> {
  await openMenu(page, '计划与抽取', '年度抽查计划');
  await page.getByRole('button', { name: /新\s*增/ }).first().click();
  await page.waitForURL(/\/workflow\/plans\/new$/);
  await page.getByRole('button', { name: '新增任务' }).waitFor({ timeout });
  await page.getByLabel('计划名称').fill(planName);
  await pickOption(page, page.locator('form').first(), '参与部门', '长春市生态环境局');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '新增任务' }).click();
  const taskDialog = modal(page, '新增抽查任务');
  await taskDialog.waitFor({ state: 'visible' });
  await taskDialog.getByLabel('任务名称').fill('企业公示信息与排污许可联合抽查');
  await pickOption(page, taskDialog, '检查事项', '企业公示信息');
  await taskDialog.locator('.ant-modal-title').click();
  await pickOption(page, taskDialog, '检查事项', '排污');
  await taskDialog.locator('.ant-modal-title').click();
  await inTaskDialog?.();
  await taskDialog.getByRole('button', { name: /确\s*定/ }).click();
  await taskDialog.waitFor({ state: 'hidden' });
}

export interface SecondBrowser { readonly browser: Browser; readonly context: BrowserContext; readonly page: Page }

/** Another person at another computer: a browser of its own, signed in as `account`. Close `browser` when done. */
export async function signInElsewhere(baseUrl: string, account: string, password: string): Promise<SecondBrowser> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByPlaceholder('账号', { exact: true }).fill(account);
  await page.getByPlaceholder('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { browser, context, page };
}
