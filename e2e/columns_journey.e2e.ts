/**
 * Readable tables (issue #8 item 5): at 1280×800 and 1920×1080 the 检查对象名录库, 执法检查人员 and 专项库 lists fit
 * their default columns without a horizontal scrollbar and show 信用风险 / 状态; every column has a header; a
 * column hidden in 列设置 stays hidden after a reload and comes back with 恢复默认; the public checklist shows
 * 检查依据 whole. Screenshots go to e2e/screenshots/columns_*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runJourney, startHarness, type Harness } from './harness';

let harness: Harness;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });

const LISTS = [
  { path: '/directory/entities', name: 'entities', mustShow: '信用风险' },
  { path: '/directory/inspectors', name: 'inspectors', mustShow: '状态' },
  { path: '/directory/entity-tags', name: 'tags', mustShow: '说明' },
] as const;

describe('表格列', () => {
  test('默认列在 1280 与 1920 宽度下无需横向滚动，列设置按用户保存', async () => {
    await runJourney(harness, 'columns_failure', journey);
  });
});

/** The table body's scroll and client widths, and the header texts. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.ant-table-content, .ant-table-body');
    const headers = [...document.querySelectorAll<HTMLElement>('.ant-table-thead th')]
      .filter((th) => !th.classList.contains('ant-table-selection-column') && !th.classList.contains('ant-table-cell-scrollbar'))
      .map((th) => th.innerText.trim());
    return { scrollWidth: body?.scrollWidth ?? -1, clientWidth: body?.clientWidth ?? -1, headers };
  });
}

async function openList(page: Page, path: string): Promise<void> {
  await page.goto(`${harness.baseUrl}${path}`);
  await page.locator('.ant-table-row').first().waitFor();
}

async function journey(): Promise<void> {
  const { page } = harness;
  await harness.signIn('scjg_admin');

  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    for (const list of LISTS) {
      await openList(page, list.path);
      const m = await measure(page);
      console.log(`${list.name} @ ${size.width}px: table ${m.scrollWidth}/${m.clientWidth} px, columns ${m.headers.join(' | ')}`);
      expect(m.clientWidth).toBeGreaterThan(0);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth);
      expect(m.headers).toContain(list.mustShow);
      expect(m.headers.filter((h) => h === '')).toEqual([]);
      await harness.screenshot(`columns_${list.name}_${size.width}`, { fullPage: false });
    }
  }

  // 列设置: hide 统一社会信用代码 and show 登记机关 on the entity list; both survive a reload, other lists keep theirs.
  await page.setViewportSize({ width: 1440, height: 900 });
  await openList(page, '/directory/entities');
  await page.getByRole('button', { name: '列设置' }).click();
  const chooser = page.getByTestId('column-chooser');
  await chooser.waitFor();
  expect(await chooser.getByRole('checkbox', { name: '名称' }).isDisabled()).toBe(true);
  await chooser.getByText('统一社会信用代码').click();
  await chooser.getByText('登记机关').click();
  await harness.screenshot('columns_chooser_open', { fullPage: false });
  await expect.poll(async () => (await measure(page)).headers).not.toContain('统一社会信用代码');
  expect((await measure(page)).headers).toContain('登记机关');

  await page.reload();
  await page.locator('.ant-table-row').first().waitFor();
  const reloaded = await measure(page);
  expect(reloaded.headers).not.toContain('统一社会信用代码');
  expect(reloaded.headers).toContain('登记机关');
  expect(reloaded.headers).toContain('信用风险');
  await harness.screenshot('columns_entities_after_reload', { fullPage: false });

  await openList(page, '/directory/inspectors');
  expect((await measure(page)).headers).not.toContain('登记机关');

  await openList(page, '/directory/entities');
  await page.getByRole('button', { name: '列设置' }).click();
  await page.getByTestId('column-chooser').getByRole('button', { name: '恢复默认' }).click();
  await expect.poll(async () => (await measure(page)).headers).toContain('统一社会信用代码');
  expect((await measure(page)).headers).not.toContain('登记机关');
  await page.keyboard.press('Escape');

  // The public checklist: 检查依据 wraps inside its cell instead of being cut.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${harness.baseUrl}/public`);
  await page.locator('.ant-table-row').first().waitFor();
  const basis = await page.evaluate(() => {
    const cells = [...document.querySelectorAll<HTMLElement>('.ant-table-tbody td:last-child')];
    return cells.map((td) => ({ cut: td.scrollWidth > td.clientWidth + 1, text: td.innerText.trim().length })).filter((c) => c.text > 0);
  });
  console.log(`public checklist: ${basis.length} 检查依据 cells, ${basis.filter((c) => c.cut).length} cut`);
  expect(basis.length).toBeGreaterThan(0);
  expect(basis.filter((c) => c.cut)).toEqual([]);
  await harness.screenshot('columns_public_checklist_1280', { fullPage: false });
  const publicTable = await measure(page);
  console.log(`public checklist @ 1280px: table ${publicTable.scrollWidth}/${publicTable.clientWidth} px`);
  expect(publicTable.scrollWidth).toBeLessThanOrEqual(publicTable.clientWidth);

  // Every other list on the shared list page, as the administrator at 1280 px: figures and screenshots to look at.
  await page.context().clearCookies();
  await page.goto(`${harness.baseUrl}/login`);
  await harness.signIn('admin');
  for (const path of OTHER_LISTS) {
    await page.goto(`${harness.baseUrl}${path}`);
    await page.locator('.ant-table-thead th').first().waitFor();
    await page.waitForLoadState('networkidle');
    const m = await measure(page);
    console.log(`${path} @ 1280px: table ${m.scrollWidth}/${m.clientWidth} px, columns ${m.headers.join(' | ')}`);
    expect(m.headers.filter((h) => h === '')).toEqual([]);
    await harness.screenshot(`columns_other${path.replaceAll('/', '_')}`, { fullPage: false });
  }
}

const OTHER_LISTS = [
  '/directory/checklists', '/directory/experts', '/directory/confirmations', '/workflow/plans', '/workflow/tasks',
  '/system/departments', '/system/users', '/system/roles', '/system/dictionaries', '/monitor/operation-logs', '/monitor/login-logs',
  '/monitor/audit-checkpoints',
];
