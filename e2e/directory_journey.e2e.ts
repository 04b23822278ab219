/**
 * 一单两库 in the browser, as the city 市场监管局's administrator (scjg_admin): the 执法检查人员 list with the
 * certificate tags and a 回避 declared in the drawer; the 专家库; a 专项库 proposed by keyword, one candidate
 * unticked and confirmed as a new version beside the demo's two; the 两库确认 page with its banner and a
 * confirmation. Screenshots go to e2e/screenshots/directory_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openMenu } from './antd';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

/** A screenshot of what is on screen (the whole page with `true`). */
const shot = (name: string, fullPage = false) => harness.screenshot(name, { fullPage });

describe('一单两库', () => {
  test('执法检查人员与回避、专家库、专项库确认新版本、两库确认', async () => {
    await runJourney(harness, 'directory_failure', journey);
  });
});

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('scjg_admin');

  await openMenu(page, '一单两库', '执法检查人员');
  await page.locator('.ant-table-row').first().waitFor();
  await expect.poll(() => page.locator('.ant-tag', { hasText: /^有效$/ }).count()).toBeGreaterThan(0);
  await shot('directory_01_inspectors');
  await page.getByRole('button', { name: /新\s*增/ }).click();
  const createDialog = page.locator('.ant-modal').filter({ hasText: '新增执法检查人员' });
  await createDialog.getByRole('button', { name: /确\s*定/ }).click();
  await createDialog.getByText('请输入执法证号').waitFor();
  await shot('directory_01b_inspector_form_required');
  await createDialog.getByRole('button', { name: /取\s*消/ }).click();

  const firstRow = page.locator('.ant-table-row').first();
  const inspectorName = (await firstRow.locator('td').nth(1).innerText()).trim();
  await firstRow.getByRole('button', { name: '回避' }).click();
  const drawer = page.locator('.ant-drawer').filter({ hasText: '回避登记：' });
  await drawer.getByText(`回避登记：${inspectorName}`).waitFor();
  await drawer.getByText('人员（如近亲属）').click();
  await drawer.getByLabel('人员姓名').fill('张某某');
  await drawer.getByLabel('回避理由').fill('近亲属经营个体工商户');
  await drawer.getByRole('button', { name: /登\s*记/ }).click();
  await drawer.locator('.ant-table-row', { hasText: '张某某' }).waitFor();
  await shot('directory_02_recusal_drawer');
  await drawer.locator('.ant-drawer-close').click().catch(() => page.keyboard.press('Escape'));
  await page.keyboard.press('Escape');

  await page.goto(`${harness.baseUrl}/directory/inspectors?certificate=expired`);
  await page.locator('.ant-table-row').first().waitFor();
  expect(await page.locator('.ant-table-row .ant-tag', { hasText: '已过期' }).count()).toBeGreaterThan(0);
  await shot('directory_03_inspectors_expired');

  await openMenu(page, '一单两库', '专家库');
  await page.locator('.ant-table-row').first().waitFor();
  await shot('directory_04_experts');
  // 专家回避: the same drawer as the inspectors', on the expert's row; the matching and the expert replacement use it.
  const expertRow = page.locator('.ant-table-row').first();
  const expertName = (await expertRow.locator('td').nth(1).innerText()).trim();
  await expertRow.getByRole('button', { name: '回避' }).click();
  const expertDrawer = page.locator('.ant-drawer').filter({ hasText: '回避登记：' });
  await expertDrawer.getByText(`回避登记：${expertName}`).waitFor();
  await expertDrawer.getByText('人员（如近亲属）').click();
  await expertDrawer.getByLabel('人员姓名').fill('李某某');
  await expertDrawer.getByLabel('回避理由').fill('配偶任某检测公司法定代表人');
  await expertDrawer.getByRole('button', { name: /登\s*记/ }).click();
  await expertDrawer.locator('.ant-table-row', { hasText: '李某某' }).waitFor();
  await shot('directory_04b_expert_recusal');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('directory_04c_expert_recusal_phone');
  await page.setViewportSize({ width: 1440, height: 900 });
  await expertDrawer.locator('.ant-drawer-close').click().catch(() => page.keyboard.press('Escape'));
  await page.keyboard.press('Escape');

  await openMenu(page, '一单两库', '专项库');
  await page.getByRole('link', { name: '食品经营者' }).waitFor();
  await shot('directory_05_entity_tags');
  await page.getByRole('link', { name: '食品经营者' }).click();
  await page.getByText('版本历史').waitFor();
  await page.getByText('第 2 版').first().waitFor();

  const keywords = page.locator('.ant-form-item', { hasText: '经营范围关键字' }).locator('input');
  await keywords.fill('食品销售');
  await keywords.press('Enter');
  await page.getByRole('button', { name: /生成候选/ }).click();
  await page.getByText('候选总数').waitFor();
  await page.getByRole('checkbox', { name: /^纳入 / }).first().uncheck();
  await expect.poll(() => page.getByRole('button', { name: /确认为第 3 版/ }).innerText()).toMatch(/个检查对象/);
  await shot('directory_06_tag_proposal', true);
  await page.getByRole('button', { name: /确认为第 3 版/ }).click();
  const modal = page.locator('.ant-modal').filter({ hasText: '确认专项库第 3 版' });
  await modal.getByPlaceholder(/确认说明/).fill('按关键字重新确认，排除一家不属于本库的主体');
  await modal.getByRole('button', { name: /确\s*认/ }).click();
  await page.getByText('第 3 版的检查对象').waitFor();
  await shot('directory_07_tag_versions', true);

  await openMenu(page, '一单两库', '两库确认');
  await page.getByText('两库确认状态').waitFor();
  await page.getByText(/两库均在 \d+ 天确认时限内/).waitFor();
  await shot('directory_08_confirmations');
  await page.getByRole('button', { name: /确认为最新/ }).first().click();
  const confirmDialog = page.locator('.ant-modal').filter({ hasText: '确认检查对象名录库' });
  await confirmDialog.getByPlaceholder(/说明/).fill('已同步登记机关本月变更数据');
  await shot('directory_09_confirm_dialog');
  await confirmDialog.getByRole('button', { name: /确认为最新/ }).click();
  await page.locator('.ant-table-row', { hasText: '已同步登记机关本月变更数据' }).waitFor();
  await shot('directory_10_confirmed', true);
}
