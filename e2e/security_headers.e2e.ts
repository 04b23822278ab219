/**
 * The built app and Swagger UI under the server's Content-Security-Policy (issue #7 item 10): the
 * login page renders, the signed-in shell and the operation log render with antd's run-time styles,
 * and /api/docs shows the API — with no policy violation reported by the browser on the way.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
const violations: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  harness.page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
});

afterAll(async () => {
  await harness?.close();
});

describe('Content-Security-Policy', () => {
  test('登录页 → 操作日志 → 接口文档, without a policy violation', async () => {
    await runJourney(harness, 'security_headers_failure', async () => {
      const { page } = harness;
      const response = await page.goto(`${harness.baseUrl}/login`);
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response?.headers()['x-frame-options']).toBe('DENY');
      await harness.signIn('admin');

      await page.goto(`${harness.baseUrl}/monitor/operation-logs`);
      await page.locator('.ant-table-row').first().waitFor();
      // antd's CSS-in-JS styles applied: the primary button is blue, not an unstyled grey button.
      const background = await page.locator('.ant-btn-primary').first().evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(background).not.toBe('rgba(0, 0, 0, 0)');
      await harness.screenshot('security_headers_01_operation_logs', { fullPage: false });

      await page.goto(`${harness.baseUrl}/api/docs`);
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 60_000 });
      await page.locator('.opblock-tag').first().waitFor();
      await harness.screenshot('security_headers_02_api_docs', { fullPage: false });

      expect(violations).toEqual([]);
    });
  });
});
