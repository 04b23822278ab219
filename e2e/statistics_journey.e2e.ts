/**
 * 统计分析与考核 (issue #11 item 4): the 双随机办 opens the dashboard on the demo data — last year's task with its results
 * — sees the indicator cards and the charts (echarts fetched only when the page opens, never on the 工作台), exports the
 * department table to Excel and reads it back, downloads the year report, opens 考核评分, then looks at the dashboard
 * on a phone. Screenshots in e2e/screenshots/.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
const files = mkdtempSync(join(tmpdir(), 'suiji-statistics-'));

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('统计分析', () => {
  test('双随机办：指标卡片与图表 → 导出部门考核表 → 年度报告 → 考核评分 → 手机', async () => {
    await runJourney(harness, 'statistics_failure', async () => {
      const { page, baseUrl } = harness;
      const echartsRequests: string[] = [];
      page.on('request', (request) => { if (/echarts_setup/.test(request.url())) echartsRequests.push(request.url()); });
      await harness.signIn('jointoffice');
      await page.getByTestId('todo-card').waitFor({ timeout: 30_000 });
      expect(echartsRequests, 'echarts is not loaded by the 工作台').toEqual([]);

      // Last year: the demo's task with results in every state.
      const year = Number(await page.evaluate(() => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear())) - 1;
      await page.goto(`${baseUrl}/statistics/dashboard?year=${year}`);
      const completion = page.locator('[data-indicator="completion"]');
      await completion.waitFor({ timeout: 30_000 });
      await expect.poll(() => completion.locator('.ant-statistic-content').textContent()).toMatch(/^\d+(\.\d)?%$/);
      await expect.poll(() => page.locator('[data-indicator="publication_on_time"] .ant-statistic-content').textContent()).toMatch(/%$/);
      await expect.poll(() => page.locator('[data-chart][data-ready="true"]').count(), { timeout: 30_000 }).toBe(4);
      await expect.poll(() => page.locator('[data-chart] canvas').count()).toBeGreaterThanOrEqual(4);
      expect(echartsRequests.length, 'echarts is fetched by the statistics page').toBeGreaterThan(0);
      const departmentRows = page.getByRole('tabpanel', { name: '部门' }).locator('tbody tr[data-row-key]');
      await expect.poll(() => departmentRows.count()).toBeGreaterThan(0);
      await page.locator('[data-indicator="completion"]').hover();
      await harness.screenshot('statistics_01_dashboard');

      const [excel] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="departments"]').click()]);
      expect(excel.suggestedFilename()).toBe(`${year}年部门考核.xlsx`);
      const excelPath = join(files, excel.suggestedFilename());
      await excel.saveAs(excelPath);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(excelPath);
      const sheet = book.getWorksheet('部门考核');
      expect(sheet?.getRow(1).values).toEqual([undefined, '部门', '检查对象', '已完成', '任务完成率', '按期录入率', '按期公示率', '清单覆盖率', '联合抽查占比', '逾期未录入', '逾期未公示', '期满无结果', '问题发现率', '考核得分']);
      expect(sheet?.rowCount).toBe(1 + await departmentRows.count());
      const firstName = await departmentRows.first().locator('td').first().textContent();
      expect(sheet?.getRow(2).getCell(1).value).toBe(firstName);

      const [report] = await Promise.all([page.waitForEvent('download'), page.locator('[data-report="year"]').click()]);
      expect(report.suggestedFilename()).toMatch(new RegExp(`^${year}年度统计分析与考核报告-.+\\.docx$`));

      await page.locator('.ant-tabs-tab', { hasText: '信用风险分类' }).click();
      await page.getByRole('tabpanel', { name: '信用风险分类' }).locator('tbody tr[data-row-key]').first().waitFor();
      await harness.screenshot('statistics_02_credit_class_table', { fullPage: false });

      await page.goto(`${baseUrl}/statistics/assessment?year=${year}`);
      await page.getByText(`${year} 年度综合得分`).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('[data-weight-sum]').getAttribute('data-weight-sum')).toBe('100');
      await harness.screenshot('statistics_03_assessment');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/statistics/dashboard?year=${year}`);
      await expect.poll(() => page.locator('[data-chart][data-ready="true"]').count(), { timeout: 30_000 }).toBe(4);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await harness.screenshot('statistics_04_phone');
      await page.setViewportSize({ width: 1440, height: 900 });
    });
  });
});
