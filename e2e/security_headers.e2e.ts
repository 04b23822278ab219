/**
 * The built app and Swagger UI under the server's Content-Security-Policy (issue #7 item 10): the
 * login page renders, the signed-in shell and the operation log render with antd's run-time styles
 * (with an anonymous flood shown as one row 「匿名请求被拒绝 5 次」), and /api/docs shows the API —
 * with no policy violation reported by the browser on the way.
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
      const html = await page.request.get(`${harness.baseUrl}/login`);
      expect(html.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(html.headers()['x-frame-options']).toBe('DENY');
      // A small anonymous flood: one log row, tagged with its count.
      for (let i = 0; i < 5; i++) expect((await page.request.post(`${harness.baseUrl}/api/system/users`, { data: {} })).status()).toBe(401);
      await harness.signIn('admin');

      await page.goto(`${harness.baseUrl}/monitor/operation-logs`);
      await page.locator('.ant-table-row').first().waitFor();
      await page.locator('.ant-tag', { hasText: '匿名请求被拒绝 5 次' }).waitFor();
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
