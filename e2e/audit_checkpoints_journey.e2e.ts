/**
 * 留痕检查点 (issue #7 item 4): the 系统管理员 opens 系统监控 → 留痕检查点, sees the public key the
 * server created at first start, signs the head with 立即生成检查点, and 校验留痕链 on 操作日志 then
 * reports the checkpoint as checked. Screenshots go to e2e/screenshots/audit_checkpoints_*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function journey(): Promise<void> {
  const { page, baseUrl } = harness;
  // Made at the first start of an installation, read afterwards (the PostgreSQL pass shares one key across its servers).
  expect(harness.serverOutput()).toMatch(/(已生成留痕检查点签名密钥|留痕检查点签名密钥：)/);
  await harness.signIn('admin');
  await page.waitForURL((url) => url.pathname === '/');

  // From the 操作日志 toolbar to the checkpoints page.
  await page.goto(`${baseUrl}/monitor/operation-logs`);
  await page.locator('.ant-table-tbody .ant-table-row').first().waitFor({ state: 'visible' });
  await page.locator('button', { hasText: '留痕检查点' }).click();
  await page.waitForURL((url) => url.pathname === '/monitor/audit-checkpoints');
  const key = await page.request.get(`${baseUrl}/api/public/audit/checkpoint-key`);
  const { keyId, publicKeyBase64 } = await key.json() as { keyId: string; publicKeyBase64: string };
  await page.getByText(publicKeyBase64, { exact: true }).waitFor({ state: 'visible' });
  await page.getByText(keyId).first().waitFor({ state: 'visible' });

  const created = page.waitForResponse((response) => response.url().endsWith('/api/monitor/audit-checkpoints') && response.request().method() === 'POST');
  await page.getByRole('button', { name: /立即生成检查点/ }).click();
  const checkpoint = await (await created).json() as { seq: number; headHash: string };
  await page.getByText(/已为第 \d+ 条操作日志生成检查点/).waitFor({ state: 'visible' });
  await page.locator('.ant-table-tbody .ant-table-row').filter({ hasText: checkpoint.headHash }).waitFor({ state: 'visible' });
  await harness.screenshot('audit_checkpoints_01_page');

  // The app's check compares the stored checkpoint with the chain.
  await page.goto(`${baseUrl}/monitor/operation-logs`);
  await page.locator('button', { hasText: '校验留痕链' }).first().click();
  const report = page.locator('.ant-modal').filter({ hasText: '留痕链校验结果' });
  await report.getByText('留痕链完整').waitFor({ state: 'visible' });
  // The demo draws signed checkpoints of their own before this one.
  await report.getByText(/\d+ 个留痕检查点核对通过/).waitFor({ state: 'visible' });
  await harness.screenshot('audit_checkpoints_02_verify', { fullPage: false });
}

describe('系统管理员：留痕检查点', () => {
  test('公钥、立即生成检查点、校验留痕链核对检查点', async () => {
    await runJourney(harness, 'audit_checkpoints_failure', journey);
  });
});
