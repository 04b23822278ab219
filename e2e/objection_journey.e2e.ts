/**
 * 异议与复核 against the real API (issue #10 item 6; 威海第11条): on a 390×844 phone an entity of last year's published
 * results opens 检查对象异议 from the public page, requests a code (the development message provider prints it in the
 * server output, where the journey reads it), signs in, sees its published result and files an objection; on a desktop
 * the 市场监管局's head takes it up, finds it justified (成立) with a corrected note, and the correction request appears
 * on the result, awaiting approval. Screenshots go to e2e/screenshots/objection_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pickOption } from './antd';
import { pickCorrectedResult, signInCodeFor } from './entity_steps';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

const shot = (name: string, fullPage = true) => harness.screenshot(name, { fullPage });
/** A 1×1 PNG: the evidence photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('异议：检查对象凭验证码登录提出异议 → 部门复核成立 → 生成更正申请', () => {
  test('手机端登录、查看结果、提出异议；桌面端复核成立后结果出现待审批的更正', async () => {
    await runJourney(harness, 'objection_failure', journey);
  }, 8 * 60_000);
});

async function journey(): Promise<void> {
  const { page } = harness;
  const target = await pickCorrectedResult(harness);

  // ── The entity, on its phone ──
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${harness.baseUrl}/public`);
  await page.getByRole('link', { name: '检查对象异议' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot('objection_00_public_phone', false);
  await page.getByRole('link', { name: '检查对象异议' }).click();
  await page.waitForURL((url) => url.pathname === '/public/entity');
  await page.getByLabel('统一社会信用代码').fill(target.creditCode);
  const before = harness.serverOutput().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(/验证码已发送至登记的联系电话 1\d\d\*\*\*\*\d{4}/).waitFor();
  const code = await signInCodeFor(harness, target.entityName, before);
  await page.getByPlaceholder('6 位数字').fill(code);
  await shot('objection_01_sign_in_phone');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('本单位已公示的抽查检查结果').waitFor();
  await page.getByText(target.entityName).first().waitFor();
  const card = page.locator('.ant-card').filter({ has: page.getByRole('button', { name: '提出异议' }) }).first();
  await card.waitFor();
  await shot('objection_02_results_phone');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await card.getByRole('button', { name: '提出异议' }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '提出异议' });
  await dialog.getByLabel('异议理由').fill('检查时本店的进货查验台账齐全，公示的检查情况说明与事实不符，请求复核。');
  await dialog.getByLabel('联系人（选填）').fill('王经理');
  await shot('objection_03_file_phone', false);
  await dialog.getByRole('button', { name: /提交异议/ }).click();
  await page.getByText('异议已提交').first().waitFor();
  await page.locator('.ant-card').filter({ hasText: '异议理由' }).getByText('已受理').first().waitFor();
  await page.getByText('已提出异议').first().waitFor();
  await shot('objection_04_filed_phone');

  // Its 检查通知 (the demo's notice for this object, with its delivery), then evidence: a photo is sent, a program named .jpg refused.
  const notices = page.locator('[data-entity-notices]');
  await notices.getByText(/第\d+号$/).first().waitFor();
  await notices.getByText('送达方式').first().waitFor();
  const files = page.locator('[data-objection-files]').first();
  await files.locator('input[type=file]').setInputFiles({ name: '进货查验台账.png', mimeType: 'image/png', buffer: PNG });
  await page.getByText('已上传“进货查验台账.png”').first().waitFor();
  await files.getByText('进货查验台账.png').waitFor();
  await files.getByText(new RegExp(`^${PNG.length} B · \\d{4}-\\d{2}-\\d{2} `)).waitFor();
  await files.locator('input[type=file]').setInputFiles({ name: '台账.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00 not a picture at all') });
  await page.getByText(/文件“台账\.jpg”不是可接受的类型/).first().waitFor();
  await files.scrollIntoViewIfNeeded();
  await shot('objection_04b_evidence_phone', false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // ── The 市场监管局's head, on a desktop ──
  await page.setViewportSize({ width: 1440, height: 900 });
  await harness.signIn('scjg_head');
  await page.goto(`${harness.baseUrl}/inspection/objections`);
  const row = page.locator('.ant-table-row').filter({ hasText: target.entityName }).first();
  await row.waitFor();
  await shot('objection_05_list_desktop');
  await row.getByRole('button', { name: '办理' }).click();
  const drawer = page.locator('.ant-drawer');
  await drawer.getByText('检查时本店的进货查验台账齐全').waitFor();
  // The entity's evidence, listed with a download that answers the very bytes.
  const evidence = drawer.locator('[data-objection-attachments]');
  await evidence.getByText('进货查验台账.png').waitFor();
  const href = await evidence.getByRole('link', { name: '下载 进货查验台账.png' }).getAttribute('href');
  const downloaded = await page.evaluate(async (url) => {
    const r = await fetch(url ?? '');
    return { status: r.status, type: r.headers.get('content-type'), bytes: (await r.arrayBuffer()).byteLength };
  }, href);
  expect(downloaded).toEqual({ status: 200, type: 'image/png', bytes: PNG.length });
  await evidence.scrollIntoViewIfNeeded();
  await shot('objection_05b_evidence_desktop', false);
  await drawer.getByRole('button', { name: '开始复核' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '开始复核' }).click();
  await drawer.getByText('复核中').first().waitFor();
  await drawer.getByRole('button', { name: '复核结论' }).click();
  const decide = page.locator('.ant-modal').filter({ hasText: '复核结论' });
  await decide.getByText('异议成立（更正结果）').click();
  await decide.getByLabel('复核意见').fill('经调阅现场记录和照片，进货查验台账在检查时已齐全，检查情况说明有误，异议成立。');
  await pickOption(page, decide, '更正后的检查结果', '未发现问题');
  await decide.getByLabel('更正后的备注').fill('经异议复核，检查时进货查验台账齐全，未发现问题。');
  await shot('objection_06_decide_desktop', false);
  await decide.getByRole('button', { name: /确\s*定/ }).click();
  await drawer.getByText('更正待主要负责人审批').waitFor();
  await shot('objection_07_upheld_desktop', false);

  // The correction request is on the result, from the objection, awaiting the head's approval.
  await drawer.getByRole('link', { name: /第 \d+ 次更正/ }).click();
  await page.waitForURL((url) => url.pathname === `/inspection/results/${target.id}`);
  const resultDrawer = page.locator('.ant-drawer');
  const correction = resultDrawer.getByText('异议复核成立：').first();
  await correction.waitFor();
  await resultDrawer.getByText('待审批').first().waitFor();
  await correction.scrollIntoViewIfNeeded();
  await shot('objection_08_correction_on_result', false);

  // The entity's objection list on the phone shows the review in progress until the feedback.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${harness.baseUrl}/public/entity`);
  await page.getByText('异议成立').first().waitFor();
  // After the decision no more evidence: the control is disabled and says why.
  await page.locator('[data-objection-files]').first().getByText('已作出复核结论，不能再补充证明材料').waitFor();
  expect(await page.locator('[data-objection-files]').first().getByRole('button', { name: '上传证明材料' }).isDisabled()).toBe(true);
  await shot('objection_09_status_phone');

  // Still signed in, the entity checks on the draw's public page that it was rightly drawn: the server gives it (and
  // only it) its record — stratum, salt, audit path — and the browser recomputes its ticket against the cut-off.
  const tasks = await (await fetch(`${harness.baseUrl}/api/public/tasks?pageSize=50`)).json() as { rows: { code: string; publishedDrawId: string | null }[] };
  const drawId = tasks.rows.find((t) => t.code === target.taskCode)?.publishedDrawId;
  if (!drawId) throw new Error('演示任务没有已公示的抽取');
  await page.goto(`${harness.baseUrl}/public/draws/${drawId}`);
  await page.getByText('被抽查主体：核对本单位是否应当被抽中').click();
  await page.getByRole('button', { name: '获取本单位核验记录（须凭验证码登录）' }).click();
  await page.getByText(`已取得 ${target.creditCode} 的核验记录`).waitFor();
  await page.getByRole('button', { name: '开始复核' }).click();
  const verdict = page.getByTestId('verify-verdict');
  await verdict.waitFor({ timeout: 60_000 });
  expect(await verdict.innerText()).toMatch(/^MATCH（一致）/);
  await page.getByText(/依规则被抽中/).first().waitFor();
  await page.getByText('本单位的核对结果').scrollIntoViewIfNeeded();
  await shot('objection_09b_own_draw_check_phone', false);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The registered contact, in the directory's entity details (staff only, never public).
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.context().clearCookies();
  await harness.signIn('admin');
  await page.goto(`${harness.baseUrl}/directory/entities`);
  await page.getByPlaceholder('完整代码或前几位').fill(target.creditCode);
  await page.getByPlaceholder('完整代码或前几位').press('Enter');
  const entityRow = page.locator('.ant-table-row').filter({ hasText: target.creditCode }).first();
  await entityRow.getByText('详情').click();
  const entityDrawer = page.locator('.ant-drawer').filter({ hasText: '检查对象详情' });
  const phone = entityDrawer.getByText(/^139\d{8}（演示数据/);
  await phone.waitFor();
  await phone.scrollIntoViewIfNeeded();
  await shot('objection_10_entity_contact', false);
}
