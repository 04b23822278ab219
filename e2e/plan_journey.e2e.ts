/**
 * 年度抽查计划 in the browser (issue #9 items 2 and 13): scjg_admin creates a joint plan with one planned
 * task and submits it; scjg_head approves; justice returns it with a comment; scjg_admin fixes and
 * resubmits; scjg_head and justice approve and jointoffice publishes. Then the 双随机办 opens the regional
 * joint plan and the approval-chain settings. Screenshots go to e2e/screenshots/plan_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openMenu } from './antd';
import { draftJointPlan } from './plan_steps';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const shot = (name: string, fullPage = true) => harness.screenshot(name, { fullPage });
const dialog = (page: Page, title: string | RegExp) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });

describe('年度抽查计划', () => {
  test('起草联合计划 → 负责人审核 → 司法退回 → 修改重报 → 审核通过至发布', async () => {
    await runJourney(harness, 'plan_failure', journey);
  });
});

async function as(account: string, url: string): Promise<Page> {
  const { page } = harness;
  await page.context().clearCookies();
  await page.goto(`${harness.baseUrl}/login`);
  await harness.signIn(account);
  await page.goto(`${harness.baseUrl}${url}`);
  return page;
}

async function decide(page: Page, button: RegExp, title: string, text: string | null, ok: RegExp, screenshot?: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const modal = dialog(page, title);
  await modal.waitFor({ state: 'visible' });
  if (text !== null) await modal.locator('textarea').fill(text);
  if (screenshot) await shot(screenshot, false);
  await modal.getByRole('button', { name: ok }).click();
  await modal.waitFor({ state: 'hidden' });
}

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('scjg_admin');
  await openMenu(page, '计划与抽取', '年度抽查计划');
  await page.getByRole('button', { name: /新\s*增/ }).first().waitFor();
  await shot('plan_01_list');

  await draftJointPlan(page, '2027年度市场监管领域部门联合抽查计划（演示）', 30_000, async () => { await shot('plan_02_task_dialog', false); });
  await page.getByText('D 类：100%（向上取整）').waitFor();
  await shot('plan_03_editor');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/workflow\/plans\/[0-9a-f-]{36}$/);
  const planUrl = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByText('部门负责人审核').first().waitFor();
  await page.getByRole('button', { name: /撤\s*回/ }).waitFor();
  await shot('plan_04_submitted');

  await as('scjg_head', planUrl);
  await decide(page, /审核通过/, '审核通过', '同意报送', /审核通过/);
  await page.getByText('司法行政合法性审核').first().waitFor();

  await as('justice', planUrl);
  await page.getByRole('button', { name: /退\s*回/ }).waitFor();
  await decide(page, /退\s*回/, '退回计划', 'D 类 100% 抽查比例请补充依据', /退\s*回/, 'plan_05_return_dialog');
  await page.getByText('计划已退回').waitFor();

  await as('scjg_admin', planUrl);
  await page.getByText('退回意见：D 类 100% 抽查比例请补充依据').waitFor();
  await shot('plan_06_returned');
  await page.getByRole('button', { name: /编\s*辑/ }).click();
  await page.getByLabel('计划说明').fill('D 类（信用风险高）100% 抽查，依据渝北 四（四）差异化抽查规定');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.waitForURL(/\/workflow\/plans\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByRole('button', { name: /撤\s*回/ }).waitFor();

  await as('scjg_head', planUrl);
  await decide(page, /审核通过/, '审核通过', null, /审核通过/);
  await page.getByText('司法行政合法性审核').first().waitFor();
  await as('justice', planUrl);
  await decide(page, /审核通过/, '审核通过', '合法性审核通过', /审核通过/);
  await as('jointoffice', planUrl);
  await decide(page, /审核通过/, '审核通过', '同意发布', /审核通过/);
  await page.locator('.ant-descriptions').getByText('已发布').waitFor();
  expect(await page.getByText('退回').count()).toBeGreaterThan(0);
  await shot('plan_07_published');
  await page.getByRole('button', { name: '返回列表' }).click();
  await page.getByRole('link', { name: '2027年度市场监管领域部门联合抽查计划（演示）' }).waitFor();
  await page.getByRole('row', { name: /2027年度市场监管领域部门联合抽查计划（演示）/ }).getByText('已发布').waitFor();
  await shot('plan_07b_list_published');

  await openMenu(page, '计划与抽取', '联合抽查计划汇总');
  await page.getByText('2027年度市场监管领域部门联合抽查计划（演示）').waitFor();
  await shot('plan_08_joint_summary');
  await openMenu(page, '计划与抽取', '审批流程设置');
  await page.getByText('年度抽查计划审批链').waitFor();
  await shot('plan_09_chain_settings');
}
