/**
 * 抽查事项清单 in the browser: the city 市场监管局's administrator (scjg_admin) opens the demo list,
 * 修订s it into a draft, meets the Chinese validation of an empty 检查事项 dialog, adds an item with its
 * 子项 and 内容, publishes with a 立改废释 reason, and compares the two versions; then the 双随机办
 * (jointoffice) opens the joint list and the 「从部门清单纳入」 dialog of a new draft; last, 朝阳区's
 * administrator revises the district list built on the city list and syncs it. Screenshots go to
 * e2e/screenshots/checklists_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { openMenu } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function signOut(page: Page): Promise<void> {
  await page.context().clearCookies();
}

/** A screenshot of what is on screen (the tree pages are too tall for a useful full-page image). */
const shot = (name: string) => harness.screenshot(name, { fullPage: false });

const dialog = (page: Page, title: string | RegExp) => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });

describe('抽查事项清单', () => {
  test('修订 → 编辑草稿 → 发布 → 版本比较；联合清单纳入部门事项', async () => {
    await runJourney(harness, 'checklists_failure', journey);
  });
});

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('scjg_admin');
  await openMenu(page, '一单两库', '抽查事项清单');
  await page.getByRole('link', { name: '长春市市场监督管理局随机抽查事项清单' }).waitFor();
  await shot('checklists_01_lists');

  await page.getByRole('link', { name: '长春市市场监督管理局随机抽查事项清单' }).click();
  await page.getByText('企业公示信息检查').first().waitFor();
  await shot('checklists_02_published_version');

  await page.getByRole('button', { name: /修订/ }).click();
  await page.getByText('第 3 版').first().waitFor();
  await page.getByRole('button', { name: /新增检查事项/ }).click();
  const itemDialog = dialog(page, '新增检查事项');
  await itemDialog.waitFor({ state: 'visible' });
  await itemDialog.getByLabel('检查事项名称').fill('');
  await itemDialog.getByLabel('检查对象').fill('');
  await itemDialog.getByLabel('检查依据').fill('');
  await itemDialog.getByRole('button', { name: /确\s*定/ }).click();
  await itemDialog.getByText('请填写检查事项名称').waitFor();
  expect(await itemDialog.getByText('请填写检查对象').isVisible()).toBe(true);
  await shot('checklists_03_item_dialog_errors');

  await itemDialog.getByLabel('检查事项名称').fill('计量器具使用检查');
  await itemDialog.getByLabel('检查对象').fill('使用强制检定计量器具的经营者');
  await itemDialog.getByLabel('检查依据').fill('《中华人民共和国计量法》第九条');
  await itemDialog.getByRole('button', { name: /确\s*定/ }).click();
  await itemDialog.waitFor({ state: 'hidden' });
  const row = page.locator('tr', { hasText: '计量器具使用检查' });
  await row.getByRole('button', { name: '添加子项' }).click();
  const subDialog = dialog(page, /新增检查子项/);
  await subDialog.getByLabel('检查子项名称').fill('强制检定');
  await subDialog.getByRole('button', { name: /确\s*定/ }).click();
  await subDialog.waitFor({ state: 'hidden' });
  await page.locator('tr', { hasText: '强制检定' }).getByRole('button', { name: '添加内容' }).click();
  const contentDialog = dialog(page, /新增检查内容/);
  await contentDialog.getByLabel('检查内容名称').fill('列入强制检定目录的计量器具是否按规定申请周期检定');
  await contentDialog.getByLabel('检查方法').fill('查验计量器具检定证书和检定标记');
  await contentDialog.getByLabel('“是”的表述').fill('已按规定检定');
  await contentDialog.getByLabel('“否”的表述').fill('已按规定检定');
  await contentDialog.getByRole('button', { name: /确\s*定/ }).click();
  await contentDialog.getByText('“是”与“否”的表述不能相同').waitFor();
  await contentDialog.getByLabel('“否”的表述').fill('未按规定检定');
  await contentDialog.getByRole('button', { name: /确\s*定/ }).click();
  await contentDialog.waitFor({ state: 'hidden' });
  await page.locator('td', { hasText: '列入强制检定目录的计量器具是否按规定申请周期检定' }).waitFor();
  await shot('checklists_04_draft_editor');

  await page.getByRole('button', { name: /发\s*布/ }).first().click();
  const publish = dialog(page, '发布第 3 版');
  await publish.getByLabel('变更说明').fill('依据《中华人民共和国计量法》新增计量器具使用检查');
  await shot('checklists_05_publish_dialog');
  await publish.getByRole('button', { name: /发\s*布/ }).click();
  await publish.waitFor({ state: 'hidden' });
  await page.getByText('法律法规规章制定（立）').first().waitFor().catch(() => undefined);

  await page.getByRole('button', { name: /版本比较/ }).click();
  await page.getByText('修改内容（原 → 新）').waitFor();
  await page.getByText('计量器具使用检查').first().waitFor();
  await shot('checklists_06_diff_2_3');
  await page.goto(`${page.url().split('?')[0] ?? ''}?from=1&to=2`);
  await page.getByText('网络交易经营者检查').first().waitFor();
  await shot('checklists_07_diff_1_2');

  await signOut(page);
  await harness.signIn('jointoffice');
  await openMenu(page, '一单两库', '联合抽查事项清单');
  await page.getByRole('link', { name: '长春市市场监管领域部门联合抽查事项清单' }).click();
  await page.getByText('来源：').first().waitFor();
  await shot('checklists_08_joint_list');
  await page.getByRole('button', { name: /修订/ }).click();
  await page.getByRole('button', { name: /从部门清单纳入/ }).click();
  const sources = dialog(page, '从部门清单纳入检查事项');
  await sources.getByText('已纳入').first().waitFor();
  await shot('checklists_09_joint_sources');
  await sources.getByRole('button', { name: /取\s*消/ }).click();

  // 朝阳区's list is built on the city list (长春第6条): after the city's version 3, its revision must sync first.
  await signOut(page);
  await harness.signIn('scjg_chaoyang_admin');
  await openMenu(page, '一单两库', '抽查事项清单');
  await page.getByRole('link', { name: '长春市朝阳区市场监督管理局随机抽查事项清单' }).click();
  await page.getByRole('button', { name: /修订/ }).click();
  await page.getByText('请先「同步上级清单」').waitFor();
  await shot('checklists_10_district_stale');
  await page.getByRole('button', { name: /同步上级清单/ }).click();
  await page.locator('td', { hasText: '计量器具使用检查' }).waitFor();
  await page.locator('tr', { hasText: '农贸市场开办者食品安全主体责任检查' }).scrollIntoViewIfNeeded();
  await shot('checklists_11_district_synced');
}
