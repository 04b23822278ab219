/**
 * 检查对象满意度评价 against the real API (issue #11 item 3): on a 390×844 phone an entity signs in with its code (the
 * development message provider prints it in the server output, where the journey reads it), sees how many random
 * inspections it had this year against the cap, evaluates one published result anonymously and sees 已评价; then on a
 * desktop the statistics page's 检查对象满意度 tab shows the department's group suppressed (fewer than 5). Screenshots go
 * to e2e/screenshots/evaluation_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pickCorrectedResult, signInCodeFor } from './entity_steps';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

const shot = (name: string, fullPage = true) => harness.screenshot(name, { fullPage });

describe('满意度评价：检查对象凭验证码登录，匿名评价一次检查，看到本年度受检次数与上限', () => {
  test('手机端登录、评价、已评价；桌面端统计只见汇总', async () => {
    await runJourney(harness, 'evaluation_failure', journey);
  }, 6 * 60_000);
});

async function journey(): Promise<void> {
  const { page } = harness;
  const target = await pickCorrectedResult(harness);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${harness.baseUrl}/public/entity`);
  await page.getByLabel('统一社会信用代码').fill(target.creditCode);
  const before = harness.serverOutput().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(/验证码已发送至登记的联系电话/).waitFor();
  await page.getByPlaceholder('6 位数字').fill(await signInCodeFor(harness, target.entityName, before));
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('本单位已公示的抽查检查结果').waitFor();
  await page.getByText(/本年度已接受随机抽查 \d+ 次，上限 2 次/).waitFor();

  const card = page.locator('.ant-card').filter({ hasText: target.checkDate }).filter({ has: page.getByRole('button', { name: /^评\s*价$/ }) }).first();
  await card.waitFor();
  await shot('evaluation_01_results_phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await card.getByRole('button', { name: /^评\s*价$/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '评价本次检查' });
  await dialog.waitFor();
  // Submitting without scores names each aspect.
  await dialog.getByRole('button', { name: /提交评价/ }).click();
  await dialog.getByText('请评价“依法规范”').waitFor();
  for (const [aspect, score] of [['依法规范', '非常满意'], ['文明执法', '非常满意'], ['廉洁自律', '满意'], ['高效便民', '一般']] as const) {
    await dialog.locator('.ant-form-item').filter({ hasText: aspect }).getByText(score, { exact: true }).click();
  }
  await dialog.getByLabel('意见建议（选填）').fill('检查人员出示证件、说明来意，态度很好；希望减少现场等候时间。');
  await shot('evaluation_02_form_phone', false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await dialog.getByRole('button', { name: /提交评价/ }).click();
  await page.getByText('感谢您的评价').first().waitFor();
  await page.getByText('已评价').first().waitFor();
  await shot('evaluation_03_done_phone');

  // A second evaluation of the same inspection is refused (409); the page no longer offers it.
  const again = await page.evaluate(async (id) => {
    const csrf = /suiji_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
    const r = await fetch(`/api/entity/results/${id}/evaluation`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ lawful: 1, civil: 1, integrity: 1, efficiency: 1 }) });
    return r.status;
  }, target.id);
  expect(again).toBe(409);

  // ── Staff: only the aggregate, suppressed below 5 ──
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.context().clearCookies();
  await harness.signIn('admin');
  await page.goto(`${harness.baseUrl}/statistics/dashboard?year=${target.checkDate.slice(0, 4)}`);
  await page.getByRole('tab', { name: '检查对象满意度' }).click();
  await page.getByText(/不足 5 份的不显示/).waitFor();
  const group = page.locator('.ant-table-row').filter({ hasText: '不足 5 份' }).first();
  await group.waitFor();
  await group.scrollIntoViewIfNeeded();
  await shot('evaluation_04_statistics_desktop', false);
}
