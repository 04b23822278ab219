/**
 * 待办 and 模拟测算 (issue #8 「the dashboard has no to-dos」, issue #9 items 3 and 10): the 双随机办 opens the 工作台 and
 * sees its 待办 — the joint plan and the department plans not filed (red, overdue), expired 执法证, 两库确认 — with the
 * rule on hover and a count on the header bell; a department administrator sees its own, the expired certificates summed
 * up in one item that opens the inspector list filtered to them; on a phone the card stays readable. Then the simulation page of a plan: the demo data has no stored plan yet on this branch, so the page's
 * GET is answered with what the server itself computed for a three-task plan (POST /api/plans/simulate on the demo
 * directory) — every figure on the screenshot is the server's. Screenshots go to e2e/screenshots/.
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

interface Page<T> { rows: T[] }

describe('待办与模拟测算', () => {
  test('工作台待办（双随机办、部门管理员、手机）→ 计划模拟测算', async () => {
    await runJourney(harness, 'insight_failure', async () => {
      const { page, baseUrl } = harness;
      await harness.signIn('jointoffice');
      const card = page.getByTestId('todo-card');
      // The demo data has published joint plans; the departments that filed no plan of their own are overdue.
      await card.getByText('年度抽查计划尚未提交', { exact: false }).first().waitFor({ timeout: 30_000 });
      await expect.poll(() => card.locator('.ant-tag-red').count()).toBeGreaterThan(1);
      await expect.poll(() => card.getByText('执法证已过期', { exact: false }).count()).toBeGreaterThan(0);
      const bell = page.getByTestId('todo-bell');
      expect(Number(await bell.locator('.ant-badge-count').getAttribute('title'))).toBeGreaterThan(1);
      await card.locator('.ant-tag-red').first().hover();
      await page.getByRole('tooltip').getByText('依据：', { exact: false }).waitFor();
      await harness.screenshot('insight_01_todos_joint_office', { fullPage: false });

      await harness.context.clearCookies();
      await harness.signIn('scjg_admin');
      const expired = card.getByRole('link', { name: /名执法检查人员的执法证已过期/ });
      await expired.waitFor({ timeout: 30_000 });
      expect(await expired.getAttribute('href')).toBe('/directory/inspectors?certificate=expired');
      await harness.screenshot('insight_02_todos_dept_admin', { fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await card.scrollIntoViewIfNeeded();
      await harness.screenshot('insight_03_todos_phone', { fullPage: false });
      await page.setViewportSize({ width: 1440, height: 900 });
      await expired.click();
      await page.waitForURL(/\/directory\/inspectors\?certificate=expired$/);
      await page.locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('.ant-table-row .ant-tag', { hasText: '已过期' }).count()).toBeGreaterThan(0);

      await harness.context.clearCookies();
      await harness.signIn('jointoffice');
      const result = await page.evaluate(async () => {
        const me = await (await fetch('/api/auth/me')).json() as { csrfToken: string };
        const list = async (type: string) => ((await (await fetch(`/api/system/departments?regionCode=220100&type=${type}&page=1&pageSize=5`)).json()) as Page<{ id: string }>).rows[0]?.id ?? '';
        const [market, health, ecology] = await Promise.all([list('market_regulation'), list('health'), list('ecology_environment')]);
        const untargeted = { mode: 'untargeted', entityTypes: [], industryCodes: [], entityTagId: null, scopeKeywords: [] };
        const s = (key: string, value: string) => ({ key, mode: 'ratio', value, rounding: 'half_up', minPercent: '', reserve: '' });
        const common = { items: [], methods: ['实地核查'], windowStart: `${new Date().getFullYear()}-12-10`, windowEnd: `${new Date().getFullYear()}-12-31` };
        const body = {
          regionCode: '220100', year: new Date().getFullYear(),
          tasks: [
            { ...common, key: 'T1', name: '市场主体信用分类抽查', departmentIds: [market], targeting: untargeted, stratifyBy: 'credit_class', frequency: 1,
              strata: [s('A', '3'), s('B', '5'), s('C', '10'), s('D', '20'), s('unrated', '5')] },
            { ...common, key: 'T2', name: '批发零售业联合抽查', departmentIds: [market, ecology], stratifyBy: 'none', frequency: 2,
              targeting: { ...untargeted, mode: 'targeted', industryCodes: ['51', '52'] }, strata: [s('all', '30')] },
            { ...common, key: 'T3', name: '食品经营专项抽查', departmentIds: [market, health], stratifyBy: 'credit_class', frequency: 1,
              targeting: { ...untargeted, mode: 'targeted', scopeKeywords: ['食品'] }, requiredExpertise: [{ departmentId: health, expertise: '无此专长' }],
              strata: [s('A', '5'), s('B', '10'), s('C', '20'), s('D', '50'), s('unrated', '10')] },
          ],
        };
        const response = await fetch('/api/plans/simulate', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
        return { status: response.status, text: await response.text() };
      });
      expect(result.status, result.text).toBe(200);
      const planId = '00000000-0000-4000-8000-000000000001';
      await page.route(`**/api/plans/${planId}/simulation`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: result.text }));
      await page.goto(`${baseUrl}/workflow/plans/${planId}/simulation`);
      const view = page.getByTestId('plan-simulation');
      await view.getByText('市场主体信用分类抽查', { exact: false }).waitFor({ timeout: 30_000 });
      await view.getByText('A 信用风险低').first().waitFor();
      await expect.poll(() => view.locator('.ant-alert-error').count()).toBeGreaterThan(0);
      await view.getByText('没有具备“无此专长”专长且符合条件的检查人员', { exact: false }).first().waitFor();
      await harness.screenshot('insight_04_simulation');
      await view.locator('.ant-table-row-expand-icon').first().click();
      await view.getByText('每轮预计抽中').first().waitFor();
      await harness.screenshot('insight_05_simulation_regions', { fullPage: false });
    });
  });
});
