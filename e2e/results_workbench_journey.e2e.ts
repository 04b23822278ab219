/**
 * 检查结果 on a phone, against the real API (issue #10 item 12): the demo's team leader whose result was 已退回 opens it
 * on a 390×844 screen, loses the connection, corrects the result and adds a photo — both wait on the device
 * (「待发送」) — and when the connection returns they are sent once; the 市场监管局 (desktop) reviews, approves and
 * publishes it, and the public results list has it. Screenshots go to e2e/screenshots/results_*.png.
 *
 * Which leader holds the returned result depends on the demo's matching, so the journey asks the API who it is.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoShopPhoto } from '../server/demo/demo_photo';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

const shot = (name: string, fullPage = true) => harness.screenshot(name, { fullPage });

describe('检查结果：手机离线录入 → 联网发送 → 审核公示', () => {
  test('退回的结果离线修改并拍照 → 恢复联网后只发送一次 → 部门通过并公示 → 公示列表可查', async () => {
    await runJourney(harness, 'results_failure', journey);
  }, 8 * 60_000);
});

interface Found { readonly account: string; readonly taskObjectId: string; readonly entityName: string }

/** Signs in through the API as each demo leader account in turn until one has a returned result of its own. */
async function findReturnedResult(): Promise<Found> {
  const { page } = harness;
  await page.goto(`${harness.baseUrl}/login`);
  for (let i = 1; i <= 60; i += 1) {
    const account = `inspector${String(i).padStart(2, '0')}`;
    await page.context().clearCookies();
    const found = await page.evaluate(async ({ account, password }) => {
      const { csrfToken } = await (await fetch('/api/auth/csrf')).json() as { csrfToken: string };
      const login = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ account, password }) });
      if (!login.ok) return null;
      const mine = await (await fetch('/api/inspection/my-objects')).json() as { rows: { taskObjectId: string; isLeader: boolean; entity: { name: string }; result: { status: string } | null }[] };
      const row = mine.rows.find((r) => r.isLeader && r.result?.status === 'returned');
      return row ? { taskObjectId: row.taskObjectId, entityName: row.entity.name } : null;
    }, { account, password: harness.demoPassword });
    if (found) return { account, ...found };
  }
  throw new Error('演示数据中没有组长名下的已退回结果');
}

async function journey(): Promise<void> {
  const { page } = harness;
  const found = await findReturnedResult();
  await page.context().clearCookies();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${harness.baseUrl}/login`);
  await harness.signIn(found.account);

  // 我的检查 on the phone: the returned result is among the leader's objects.
  await page.goto(`${harness.baseUrl}/inspection/my-objects`);
  await page.getByText(found.entityName).first().waitFor();
  await shot('results_01_my_objects_phone');
  await page.goto(`${harness.baseUrl}/inspection/objects/${found.taskObjectId}`);
  await page.getByRole('button', { name: /提\s*交/ }).first().waitFor();
  await page.getByText('行政检查通知书与实地核查记录表').waitFor();
  await shot('results_02_object_returned');

  // The connection drops in the entity's back room.
  await page.context().setOffline(true);
  await page.getByText('离线').first().waitFor();
  await page.getByTestId('photo-input').setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: demoShopPhoto() });
  await page.getByLabel('备注').fill('按退回意见补充：经营场所与登记住所一致，现场照片已补拍。');
  await page.getByRole('button', { name: /提\s*交/ }).first().click();
  // The confirmation pops up with an animation; a click during it can miss, so confirm until the entry is queued.
  const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: /提\s*交/ });
  await expect.poll(async () => {
    if (await confirm.isVisible()) await confirm.click().catch(() => undefined);
    return page.getByText(/2 条待发送/).count();
  }, { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(0);
  await shot('results_03_offline_waiting');

  // Back online: the outbox sends the photo, then the submission, once.
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(() => page.getByText(/条待发送/).count(), { timeout: 60_000 }).toBe(0);
  await page.reload();
  await page.getByText('待审核').first().waitFor();
  await shot('results_04_sent_submitted');
  const detail = await page.evaluate(async (id) => (await (await fetch(`/api/inspection/objects/${id}`)).json()) as { result: { id: string; status: string } | null; attachments: unknown[] }, found.taskObjectId);
  expect(detail.result?.status).toBe('submitted');
  const photos = detail.attachments.length;

  // The department reviews on a desktop: 通过, then 公示.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${harness.baseUrl}/login`);
  await harness.signIn('scjg_admin');
  const resultId = detail.result?.id ?? '';
  await page.goto(`${harness.baseUrl}/inspection/results/${resultId}`);
  const drawer = page.locator('.ant-drawer');
  await drawer.getByRole('button', { name: /通\s*过/ }).click();
  const approve = page.locator('.ant-modal').filter({ hasText: '审核通过' });
  await approve.getByRole('button', { name: /通\s*过/ }).click();
  await approve.waitFor({ state: 'hidden' });
  await drawer.getByRole('button', { name: /^公\s*示$/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /公\s*示/ }).click();
  await drawer.getByText('已公示').first().waitFor();
  await shot('results_05_published');

  // Anyone: the public list has it, once.
  await page.context().clearCookies();
  const publicRows = await page.evaluate(async (name) => {
    const answer = await (await fetch(`/api/public/results?keyword=${encodeURIComponent(name)}`)).json() as { rows: { entityName: string; note: string | null }[] };
    return answer.rows.filter((r) => r.entityName === name);
  }, found.entityName);
  expect(publicRows).toHaveLength(1);
  expect(publicRows[0]?.note).toContain('按退回意见补充');
  expect(photos).toBeGreaterThanOrEqual(1);
}
